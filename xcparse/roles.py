"""Stage 3: line roles that the wording of a line decides by itself.

Leads (``本报讯（记者…）``), credit lines, photo credits, jump lines, doubled banners
and ad lines are recognised here from xcparse.patterns. Whether a plain line is body
text or part of a headline depends on its neighbours and is left to blocks.py.

Patterns are matched against ``Line.shadow`` (the Simplified form); the text kept is
cut from ``Line.src`` at the same place, so the page's own characters reach the output.
Every role is stored with the name of the rule that gave it (``Line.rule``) so that
``xcparse show`` can say why a line was read as it was.

Most lines are plain body text that no pattern matches, so each rule first tests the
literal its pattern cannot match without (``P.JUMP_NEEDS`` and the like): an ``in``
test costs a fraction of a pattern call.
"""
from __future__ import annotations

from . import patterns as P
from .measure import Line
from .furniture import join_furniture_pieces, mark_doubled_lines, mark_furniture, mark_page_banners
from .normalize import clean_body, clean_heading, undouble


def _cut(line: Line, start: int, end: int | None = None) -> str:
    """``src[start:end]`` for a span found in the shadow."""
    base = line.src if line.same_shape() else line.shadow
    return base[start:end]


def _keep(line: Line, start: int, end: int | None = None) -> None:
    """Keep only ``[start:end]`` of the line as its text (a marker was cut out).

    The widths stay those of the printed line: a lead or a jump marker takes room
    in the column like any text, and the paragraph rules measure the column.
    """
    kept_src = _cut(line, start, end)
    line.shadow = line.shadow[start:end]
    line.raw = kept_src
    line.text = clean_body(kept_src)
    line.heading = clean_heading(kept_src)


def mark_jumps(line: Line) -> None:
    """Jump lines: ``（上接第一版）`` opens a continued story, ``（下转第二版）`` ends one."""
    if P.JUMP_NEEDS not in line.shadow:
        return
    m = P.JUMP.search(line.shadow)
    if not m:
        return
    key = "jump_from" if m.group("dir") in P.JUMP_FROM_WORDS else "jump_to"
    line.extra[key] = _cut(line, *m.span("page")).replace(" ", "")
    line.extra["jump_marker"] = _cut(line, *m.span())
    before, after = line.shadow[:m.start()].strip(), line.shadow[m.end():].strip()
    if not before and not after:
        line.role, line.rule = "jump", f"JUMP ({key})"
        _keep(line, 0, 0)
    elif key == "jump_from" and not before:
        line.rule = "JUMP (jump_from, at line start)"
        _keep(line, m.end())
    elif key == "jump_to" and not after:
        line.rule = "JUMP (jump_to, at line end)"
        _keep(line, 0, m.start())
    else:  # a jump marker inside running text is left as text
        del line.extra[key], line.extra["jump_marker"]


def mark_lead(line: Line) -> bool:
    """A news lead opens the line: ``本报讯（记者 X 通讯员 Y）正文…``, or ``本报讯 正文…``
    with no credit."""
    if not _may_open_lead(line.shadow):
        return False
    for pattern, closed, rule in ((P.LEAD, True, "LEAD"), (P.LEAD_OPEN, False, "LEAD (credit runs on)"),
                                  (P.LEAD_BARE, True, "LEAD (no credit)"),
                                  (P.LEAD_ALONE, False, "LEAD (credit on the next line)")):
        m = pattern.match(line.shadow)
        if m:
            break
    else:
        return False
    if pattern is P.LEAD_ALONE:
        line.extra["lead_awaits_bracket"] = True
    line.role = "lead"
    line.rule = rule
    line.extra["lead_prefix"] = clean_body(_cut(line, *m.span("prefix")))  # 本报 3 月 6 日讯 -> 本报3月6日讯
    if "colon" in pattern.groupindex and m.group("colon"):  # 本报讯：
        line.extra["lead_prefix"] += _cut(line, *m.span("colon"))
    line.extra["lead_inner"] = [_cut(line, *m.span("inner"))] if "inner" in pattern.groupindex else []
    line.extra["lead_closed"] = closed
    line.extra["lead_src"] = [_cut(line, 0, m.end())]
    line.extra["lead_lines"] = [line]  # the lines the credit is printed on
    _keep(line, m.end() if closed else len(line.shadow))
    return True


def mark_boxed_lead(line: Line) -> bool:
    """A lead in lenticular brackets: ``【本报香港6月28日电】正文…``. The byline is the
    lead as printed."""
    if not line.shadow.startswith(("【", "〖")) or not _may_open_lead(line.shadow[1:]):
        return False
    m = P.LEAD_BOXED.match(line.shadow)
    if not m:
        return False
    line.role, line.rule = "lead", "LEAD (boxed)"
    line.extra["lead_prefix"] = clean_body(_cut(line, *m.span("prefix")))
    line.extra["lead_inner"] = []
    line.extra["lead_closed"] = True
    line.extra["lead_src"] = [_cut(line, 0, m.end())]
    line.extra["lead_lines"] = [line]
    _keep(line, m.end())
    return True


def _may_open_lead(shadow: str) -> bool:
    """The literal test before the lead patterns: every lead prefix ends in 讯 or 电
    (or is 本报综合) within its first LEAD_PREFIX_MAX characters."""
    head = shadow[:P.LEAD_PREFIX_MAX]
    for mark in P.LEAD_PREFIX_MARKS:  # a loop, not any(): this runs for every line
        if mark in head:
            return True
    return head.startswith(P.LEAD_PREFIX_PLAIN)


#: A lead's credit (the names in brackets) is at most this long: a longer run without
#: a closing bracket is not a credit.
LEAD_CREDIT_MAX = 60


def continue_lead(lead: Line, line: Line) -> bool:
    """The credit of an open lead runs onto this line, up to its closing bracket.

    A narrow column can need several lines for one credit: a line with no bracket and
    no sentence punctuation is all credit, and the lead stays open (``lead_closed``
    false) for the next line.
    """
    end = None
    skip = 0
    if lead.extra.pop("lead_awaits_bracket", False):
        # the prefix stood alone: its credit opens this line in brackets, or it has none
        if not line.shadow.startswith(("（", "(")):
            lead.extra["lead_closed"] = True
            return False
        skip = 1
    for i, ch in enumerate(line.shadow):
        if i < skip:
            continue
        if ch in "）)":
            end = i
            break
        if ch in "，。；（(":
            return False
    piece = _cut(line, skip, len(line.shadow) if end is None else end)
    if sum(len(p) for p in lead.extra["lead_inner"]) + len(piece) > LEAD_CREDIT_MAX:
        return False
    lead.extra["lead_inner"].append(piece)
    lead.extra["lead_lines"].append(line)
    lead.extra["lead_src"].append(_cut(line, 0, len(line.shadow) if end is None else end + 1))
    lead.extra["lead_closed"] = end is not None
    line.extra["lead_of"] = lead.no
    line.role, line.rule = "lead", "LEAD (credit continued)"
    _keep(line, len(line.shadow) if end is None else end + 1)
    return True


def mark_credit(line: Line, runs_on: bool = False) -> bool:
    """A credit line alone (``本报记者 林晓 通讯员 周明``), or a photo credit ``X 摄``.

    ``runs_on``: the next line continues the same printed block. A credit closes its
    caption, so words glued to the text before them (``“…”摄影`` / ``展览，…``)
    and followed by more text are prose, not a credit.
    """
    sh = line.shadow
    if not sh or len(sh) > 60:
        return False
    if sh.endswith(P.ORG_PHOTO_CREDIT_ENDS) and _mark_org_photo_credit(line, runs_on):
        return True
    m = P.PHOTO_CREDIT.search(sh) if sh.endswith(P.PHOTO_CREDIT_ENDS) else None
    if m and runs_on and m.start() > 0 and not sh[m.start() - 1].isspace() and not m.group(0)[:1].isspace():
        m = None
    if m:
        _set_photo_credit(line, m, "PHOTO_CREDIT", "PHOTO_CREDIT (after the caption)")
        return True
    m = (P.PHOTO_CREDIT_MARK_FIRST.search(sh)  # the literals tested first: most lines have no slash
         if ("/" in sh or "：" in sh or ":" in sh) and ("摄" in sh or "图" in sh) else None)
    if m and (m.start("credit") == 0 or (not runs_on and P.ENDS_SENTENCE.search(sh[:m.start("credit")].rstrip()))) \
            and not P.ROLE_WORD.search(m.group("credit"), 2):
        _set_photo_credit(line, m, "PHOTO_CREDIT (mark first)", "PHOTO_CREDIT (mark first, after the caption)")
        return True
    if P.SENTENCE_PUNCT.search(sh):
        return False
    if sh[0] in P.CREDIT_LINE_FIRST and P.CREDIT_LINE.match(sh) and _set_apart(line):
        line.role, line.rule = "credit", "CREDIT_LINE"
        return True
    if " " in sh and ("记者" in sh or "通讯员" in sh) and P.CREDIT_LINE_ISSUED.match(sh):
        line.role, line.rule = "credit", "CREDIT_LINE (a paper's reporter)"
        return True
    if sh.endswith(P.CREDIT_LINE_NAMES_FIRST_ENDS) and P.CREDIT_LINE_NAMES_FIRST.match(sh):
        line.role, line.rule = "credit", "CREDIT_LINE (names, then what they did)"
        return True
    if sh[0] in P.CREDIT_LINE_FIRST and P.COMMENTATOR_LINE.match(sh):
        line.role, line.rule = "credit", "CREDIT_LINE (commentator)"
        return True
    return False


def _mark_org_photo_credit(line: Line, runs_on: bool) -> bool:
    """A photo credited to an organisation (``城南区文旅局 供图``, ``（市气象局供图）``,
    ``本报资料图片``, ``新华社发``): a caption's credit with no photographer's name.

    As for a person's credit, words glued to the text before them and followed by more
    text in the block are prose (``…的资料图片`` / ``显示，…``).
    """
    sh = line.shadow
    m = P.ORG_PHOTO_CREDIT.search(sh)
    if not m:
        return False
    glued = m.start() > 0 and not sh[m.start() - 1].isspace() and not m.group(0)[:1].isspace()
    if glued and runs_on and not m.group("credit").startswith(("（", "(")):
        return False
    line.extra["photo_credit_org"] = True
    _set_photo_credit(line, m, "PHOTO_CREDIT (organisation)", "PHOTO_CREDIT (organisation, after the caption)")
    return True


def _set_photo_credit(line: Line, m, alone_rule: str, after_rule: str) -> None:
    """Record the credit the match ``m`` found: a line that is all credit gets the
    photo_credit role (``alone_rule``), a caption's last line keeps its text before the
    credit (``after_rule``)."""
    line.extra["photo_credit"] = _cut(line, *m.span("credit"))
    if not line.shadow[:m.start()].strip():
        line.role, line.rule = "photo_credit", alone_rule
        _keep(line, 0, 0)
    else:
        line.rule = after_rule
        _keep(line, 0, m.start())


def _set_apart(line: Line) -> bool:
    """A credit line's names are set apart from its role words: by gaps (a short
    credit of two-character names may look spread, its shadow then closed up), a
    slash (``文/张三``), a bullet, or the 本报 that opens it. Run together
    (``记者张三说``) the words are a sentence."""
    sh = line.shadow
    return line.spread or " " in sh or "/" in sh or sh[0] in P.CREDIT_BULLETS or sh.startswith("本报")


def mark_end_credits(lines: list[Line]) -> None:
    """A news item without a lead may end with its credit in brackets:
    ``…取得明显成效。（记者 张三 通讯员 李四）``, or ``（本报记者 王五）`` on a last line
    of its own, the bracket maybe broken over lines (P.END_CREDIT).

    The credit must be the last thing of the body: it closes its line, and the next
    line holds no sentence (a blank, a headline, a strong role). A bracket that opens
    a line must follow a sentence end (maybe closed by an aside in brackets). The
    closing line keeps the credit's pieces
    (``end_credit``); lines all credit get the role ``end_credit``, the others keep
    their text before the bracket.
    """
    for i, line in enumerate(lines):
        if line.role not in ("text", "lead") or not line.shadow.endswith(("）", ")")):
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is not None and nxt.role == "text" and P.SENTENCE_PUNCT.search(nxt.shadow):
            continue  # the body goes on: an aside, not its credit
        span = _end_credit_span(lines, i)
        if span is None:
            continue
        first, start, opener = span
        pieces = lines[first:i + 1]
        inner = [_cut(pieces[0], start + 1)] + [_cut(ln, 0) for ln in pieces[1:]]
        inner[-1] = inner[-1][:-1]
        inner_shadow = "".join(ln.shadow for ln in pieces)[start + 1:-1]
        if not P.END_CREDIT_INNER.match(inner_shadow) and not _names_only(inner_shadow):
            continue
        if start == 0 and not _after_sentence(lines, first):
            continue
        line.extra["end_credit"] = {"open": opener, "close": _cut(line, len(line.shadow) - 1),
                                    "parts": inner, "lines": pieces}
        for k, ln in enumerate(pieces):
            ln.extra["end_credit_part"] = True
            if k == 0 and pieces[0].shadow[:start].strip():
                ln.rule = "END_CREDIT (after the body)"
                _keep(ln, 0, start)
            else:
                ln.role, ln.rule = "end_credit", "END_CREDIT"
                _keep(ln, 0, 0)


def mark_trailing_credits(lines: list[Line]) -> None:
    """A credit line right after a body's last sentence (``…我祝福重庆！”`` /
    ``本报记者 X``, ``■X``) is that body's credit, printed at its end without brackets:
    a credit under a title follows the title, not a sentence."""
    prev: Line | None = None
    for i, line in enumerate(lines):
        if not line.text:
            continue
        if (line.role == "credit" and line.rule == "CREDIT_LINE" and prev is not None
                and prev.role == "text" and prev.text and P.ENDS_SENTENCE.search(prev.text)
                and line.shadow.endswith(P.PICTURE_MARKS) and _short_caption(lines, i)):
            line.extra["photo_credit"] = line.src
            line.role, line.rule = "photo_credit", "PHOTO_CREDIT (a credit line with its pictures, after a caption)"
            _keep(line, 0, 0)
        elif (line.role == "credit" and line.rule == "CREDIT_LINE" and prev is not None
                and prev.role in ("text", "lead") and prev.text and P.ENDS_SENTENCE.search(prev.text)):
            line.extra["end_credit"] = {"open": "", "close": "", "parts": [line.src], "lines": [line]}
            line.extra["end_credit_part"] = True
            line.role, line.rule = "end_credit", "END_CREDIT (a credit line after the body)"
        elif line.role == "text" and i + 1 < len(lines) and lines[i + 1].role == "photo_credit":
            _photo_credit_begun(line, lines[i + 1])
        elif line.role in ("text", "lead") and _body_ends_here(lines, i):
            _trailing_credit_on_line(line, lines[i + 1] if i + 1 < len(lines) else None)
        prev = line


def _short_caption(lines: list[Line], i: int) -> bool:
    """The text right above line ``i`` (back to a blank line or a line of another role)
    is as short as a caption: at most P.CAPTION_MAX_CHARS characters."""
    size = 0
    for k in range(i - 1, -1, -1):
        ln = lines[k]
        if not ln.text or ln.role != "text":
            break
        size += len(ln.text)
        if size > P.CAPTION_MAX_CHARS:
            return False
    return size > 0


def _body_ends_here(lines: list[Line], i: int) -> bool:
    """No sentence goes on after line ``i``: the next line is blank, missing, a line of
    another role, or holds no sentence punctuation (a headline)."""
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    return nxt is None or not nxt.text or nxt.role != "text" or not P.SENTENCE_PUNCT.search(nxt.shadow)


def _tail_after_sentence(sh: str) -> int | None:
    """Where the words after the last sentence end of a line start (None: no such end,
    or nothing after it)."""
    cut = max(sh.rfind(ch) for ch in P.SENTENCE_END + P.CLOSERS)
    if cut < 0:
        return None
    while cut + 1 < len(sh) and sh[cut + 1] in P.CLOSERS:
        cut += 1
    if not P.ENDS_SENTENCE.search(sh[:cut + 1]) or not sh[cut + 1:].strip():
        return None
    return len(sh) - len(sh[cut + 1:].lstrip())


def _broken_name(credit: str) -> bool:
    """The credit stops inside a name: its last piece is one character (a name has
    two or more) after a role word (``本报记者丁`` / ``肇文``, ``本报记者 王`` / ``海欣 摄``)."""
    last = P.CREDIT_WORD_SPLIT.split(credit.strip())[-1]
    m = P.ROLE_WORD.search(last)
    return len(last) == 1 or bool(m and len(last) - m.end() == 1)


def _photo_credit_begun(prev: Line, line: Line) -> None:
    """A photo credit begun on the caption's last line after its last sentence and
    broken inside a name: ``…记者专访。 本报记者 王`` / ``海欣 摄``."""
    if line.extra.get("photo_credit_org") or "photo_credit" not in line.extra:
        return
    start = _tail_after_sentence(prev.shadow)
    if start is None:
        return
    tail = prev.shadow[start:]
    if P.SENTENCE_PUNCT.search(tail) or not P.ROLE_WORD.match(tail) or not _broken_name(tail):
        return
    line.extra["photo_credit"] = _cut(prev, start) + line.extra["photo_credit"]
    prev.rule = "PHOTO_CREDIT (begun on the caption's last line)"
    _keep(prev, 0, start)


def _trailing_credit_on_line(line: Line, nxt: Line | None = None) -> None:
    """``…实事成果。本报记者 X Y`` / ``…就业。■X``: a credit line's words after the
    body's last sentence, on its last line, set apart (a bullet, a gap, or 本报); a
    name broken by the line end goes on on the next line (``…本报记者丁`` / ``肇文 孟环``)."""
    sh = line.shadow
    if not sh or sh[-1] in P.SENTENCE_END or sh[-1] in "，、" or not P.TRAILING_CREDIT_HINT.search(sh):
        return  # (the literal test first: most lines hold no role word and no bullet)
    cut = max(sh.rfind(ch) for ch in P.SENTENCE_END + P.CLOSERS)
    if cut < 0:
        return
    while cut + 1 < len(sh) and sh[cut + 1] in P.CLOSERS:
        cut += 1
    tail = sh[cut + 1:].strip()
    if (not tail or P.SENTENCE_PUNCT.search(tail) or not P.ENDS_SENTENCE.search(sh[:cut + 1])
            or tail[0] not in P.CREDIT_LINE_FIRST or not P.CREDIT_LINE.match(tail)
            or not (" " in tail or tail[0] in P.CREDIT_BULLETS or tail.startswith("本报"))):
        return
    start = len(sh) - len(sh[cut + 1:].lstrip())
    credit = {"open": "", "close": "", "parts": [_cut(line, start)], "lines": [line]}
    line.extra["end_credit"] = credit
    line.extra["end_credit_part"] = True
    line.rule = "END_CREDIT (a credit line after the body, on its last line)"
    _keep(line, 0, start)
    if (nxt is not None and nxt.role == "text" and _broken_name(tail)
            and P.CREDIT_NAMES_GO_ON.match(nxt.shadow)):
        credit["parts"].append(nxt.src)
        credit["lines"].append(nxt)
        del line.extra["end_credit"]
        nxt.extra["end_credit"] = credit
        nxt.extra["end_credit_part"] = True
        nxt.role, nxt.rule = "end_credit", "END_CREDIT (continued)"
        _keep(nxt, 0, 0)


def _names_only(inner: str) -> bool:
    """Brackets holding only names (P.END_CREDIT_NAMES), none a word that closes an
    instalment (``（待续）``)."""
    return bool(P.END_CREDIT_NAMES.match(inner)) and not any(
        w in P.END_NOT_NAMES for w in P.NAME_SPLIT.split(inner.strip()))


def _end_credit_span(lines: list[Line], i: int) -> tuple[int, int, str] | None:
    """Where the bracket that closes line ``i`` opens: (line index, position in its
    shadow, the bracket), over at most P.END_CREDIT_MAX_LINES lines of one block."""
    m = P.END_CREDIT.search(lines[i].shadow)
    if m:
        return i, m.start("open"), m.group("open")
    if not P.END_CREDIT_CLOSE.match(lines[i].shadow):
        return None
    for j in range(i - 1, max(-1, i - P.END_CREDIT_MAX_LINES), -1):
        ln = lines[j]
        if ln.role != "text" or not ln.shadow:
            return None
        m = P.END_CREDIT_OPEN.search(ln.shadow)
        if m:
            return j, m.start("open"), m.group("open")
        if any(ch in ln.shadow for ch in "（）()"):
            return None
    return None


def _after_sentence(lines: list[Line], j: int) -> bool:
    """The text line before line ``j`` (blank lines skipped) ends a sentence."""
    for k in range(j - 1, -1, -1):  # no slice: a copy of the page per call adds up
        ln = lines[k]
        if ln.text:
            text = P.ASIDE_AT_END.sub("", ln.text)
            return ln.role in ("text", "lead") and bool(P.ENDS_SENTENCE.search(text))
    return False


def mark_banner(line: Line) -> bool:
    """Fake-bold banners print every phrase twice: ``促发展促发展 惠民生惠民生``, or
    the whole line twice (:func:`mark_doubled_lines`)."""
    if len(line.text) > 40 or P.SENTENCE_PUNCT.search(line.text):
        return False
    if line.extra.get("doubled"):
        line.role, line.rule = "banner", "DOUBLED_LINE"
        line.extra["banner"], line.extra["banner_copies"] = line.heading, [line.heading]
        return True
    res = undouble(line.src)
    if res is None:
        return False
    line.role, line.rule = "banner", "DOUBLED_BANNER"
    line.extra["banner"], line.extra["banner_copies"] = res
    return True


def _mark_first(line: Line, role: str, rules) -> bool:
    """Give the line ``role`` under the first ``(rule name, match, text)`` that matches."""
    for rule, match, text in rules:
        if match(text):
            line.role, line.rule = role, rule
            return True
    return False


def mark_ad(line: Line) -> bool:
    """Ad and notice lines: telephone numbers, 服务地址：, 咨询电话 and the like."""
    return _mark_first(line, "ad", (("PHONE", P.PHONE.search, line.text),
                                    ("AD_WORDS", _ad_words_in, (line.text, line.shadow))))


def _ad_words_in(texts: tuple[str, str]) -> bool:
    """AD_WORDS in the line's text or its Simplified shadow (``服務電話`` is ``服务电话``)."""
    return any(P.AD_WORDS.search(t) for t in texts)


def assign_roles(lines: list[Line]) -> None:
    """Run the pattern rules over every line, the most specific first."""
    open_lead: Line | None = None
    mark_doubled_lines(lines)
    for i, line in enumerate(lines):
        if "copy_of" in line.extra:
            continue
        if not line.text:
            line.role, line.rule = "blank", "blank"
            continue
        if open_lead is not None:
            done = continue_lead(open_lead, line)
            if not (done and not open_lead.extra["lead_closed"]):
                open_lead = None
            if done:
                continue
        mark_jumps(line)
        if line.role == "jump" or not line.text:
            continue
        if mark_lead(line) or mark_boxed_lead(line):
            if not line.extra["lead_closed"]:
                open_lead = line
            continue
        runs_on = i + 1 < len(lines) and bool(lines[i + 1].text)
        if mark_furniture(line) or mark_credit(line, runs_on) or mark_banner(line) or mark_ad(line):
            continue
        line.role, line.rule = "text", "text"
    mark_end_credits(lines)
    mark_trailing_credits(lines)
    join_furniture_pieces(lines)
    mark_page_banners(lines)
