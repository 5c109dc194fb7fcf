"""Records, step 4: bylines — credits read into a byline and the names of reporters,
correspondents and photographers.
"""
from __future__ import annotations

from . import patterns as P
from .measure import Column, Line
from .model import Record
from .segments import Segment
from .simplified import _t2s_same


#: What may stand before a role word set apart from the names before it.
ROLE_SEPARATORS = " 、，,（(/：:"


def parse_credit(text: str, shadow: str | None = None) -> list[tuple[str, list[str], list[str]]]:
    """``记者 林晓 通讯员 周明 陈雨`` -> [(记者, [林晓], [reporters]), (通讯员, [周明, 陈雨],
    [correspondents])]: each role as printed, its names, the fields they go to.

    Role words are found in the Simplified ``shadow`` (same length as ``text``) so that
    ``記者`` is a reporter too; the names are cut from the page's own characters. A role
    word follows a space or a separator, except one no name contains (``记者``), which
    is found even where the names run into it (``记者林晓通讯员周明``) or a paper's name
    stands before it (``城南日报记者``: P.ROLE_ISSUER_BEFORE, no name). What a name's
    people did (P.CREDIT_MARKS: ``摄``, ``/文``, ``/图``, ``报道``, or ``摄/`` before the
    names) decides their field over the role's; names with no role are reporters.
    """
    if shadow is None or len(shadow) != len(text):
        shadow = text
    matches = [m for m in P.ROLE_WORD.finditer(shadow)
               if (m.start() == 0 or shadow[m.start() - 1] in ROLE_SEPARATORS
                   or m.group() in P.UNMISTAKABLE_ROLES)
               and not shadow.startswith(P.LONGER_MARKS.get(m.group(), ()), m.start())  # 摄影报道
               and not (m.group() in P.CREDIT_MARKS and shadow[:m.start()].rstrip().endswith("/"))]  # X/文
    cuts = []  # (where the role's issuer or mark starts, where its printed role starts, role end, role, mark)
    prev_end = 0
    for m in matches:
        before = P.CREDIT_WORD_SPLIT.split(shadow[prev_end:m.start()])[-1]  # the word run into the role
        prev_end = m.end()
        issuer = P.ROLE_ISSUER_BEFORE.search(before) if before[-1:] not in ("", "/", ":", "：") else None
        start = m.start() - (len(issuer.group()) if issuer else 0)
        mark = P.MARK_BEFORE_ROLE.search(shadow, 0, start)  # 摄/本报记者 X
        cuts.append((mark.start() if mark else start, start, m.end(), m.group(), mark.group("mark") if mark else None))
    parts: list[tuple[str, list[str], list[str]]] = []
    first = cuts[0][0] if cuts else len(text)
    head = text[:first].strip().lstrip(P.CREDIT_BULLETS).strip()
    if head:
        parts.extend(_names_marked("", head, shadow[:first].strip().lstrip(P.CREDIT_BULLETS).strip()))
    for k, (_, issued, end, role, mark) in enumerate(cuts):
        stop = cuts[k + 1][0] if k + 1 < len(cuts) else len(text)
        parts.extend(_names_marked(text[issued:end], text[end:stop], shadow[end:stop], role, mark))
    _give_back(parts)
    closing = shadow.rstrip(" ）)").split()[-1:] if shadow.split() else []
    if closing and closing[0] in P.CREDIT_MARKS_ADD:  # 记者 X 通讯员 Y 摄影报道: all of them
        added = _mark_field(closing[0], [])
        parts = [(r, n, list(dict.fromkeys(f + added))) for r, n, f in parts]
    return [p for p in parts if p[0] or p[1]]


def _names_marked(role: str, text: str, shadow: str, srole: str | None = None,
                  mark_before: str | None = None) -> list[tuple[str, list[str], list[str]]]:
    """The names after one role word, each with the fields it goes to: the role's,
    unless a mark says what its people did (``mark_before``: printed before the role).
    A mark alone (``摄``, ``文/图``) is for the names before it."""
    fields = _role_field(srole) if srole else ["reporters"]
    if mark_before:
        fields = _mark_field(mark_before, fields)
    text, shadow = text.strip(" ：:/"), shadow.strip(" ：:/")
    out: list[tuple[str, list[str], list[str]]] = []
    m = P.MARK_BEFORE.match(shadow)
    if m:  # 摄/孙八, 文/周九
        fields = _mark_field(m.group("mark"), fields)
        text, shadow = text[m.end():], shadow[m.end():]
    names: list[str] = []
    pos = 0
    for token in P.NAME_SPLIT.split(shadow):
        at = shadow.find(token, pos)
        pos = at + len(token)
        if not token:
            continue
        printed = text[at:pos]
        if token in P.CREDIT_MARKS:  # a mark alone: for the names before it
            out.append((role, names, _mark_field(token, fields, bool(srole))))
            role, names = "", []
            continue
        mk = P.MARK_AFTER.search(token)
        if mk and mk.start() > 0:
            names.append(printed[:mk.start()])
            out.append((role, names, _mark_field(mk.group("mark"), fields, bool(srole))))
            role, names = "", []
            continue
        names.append(printed)
    if names or role:
        out.append((role, names, fields))
    return out


def _mark_field(mark: str, fields: list[str], has_role: bool = False) -> list[str]:
    """The fields of names a mark closes: the mark's (``摄``: photographers), or the
    role's for a mark that says only that they reported (``报道``); a mark that adds
    to a role (P.CREDIT_MARKS_ADD) keeps the role's field too."""
    field = P.CREDIT_MARKS.get(mark, "")
    if not field:
        return fields
    if has_role and mark in P.CREDIT_MARKS_ADD:
        return list(dict.fromkeys(fields + field.split("+")))
    return field.split("+")


def _give_back(parts: list[tuple[str, list[str], list[str]]]) -> None:
    """A role or mark printed after the names with none of its own (``本报记者 张三
    文/图``, ``张三 摄``) is theirs too; one opening the credit is the next names'."""
    for k in range(1, len(parts)):
        role, names, fields = parts[k]
        if not names and parts[k - 1][1]:
            prev = parts[k - 1]
            parts[k - 1] = (prev[0], prev[1], list(dict.fromkeys(prev[2] + fields)))
    if len(parts) > 1 and not parts[0][1] and parts[1][1]:
        # opening the credit with no names of its own (``文/图 城南日报记者 X``): for the names after it
        parts[1] = (parts[1][0], parts[1][1], list(dict.fromkeys(parts[0][2])))


def _names_into(fields: dict[str, list[str]], parts) -> None:
    """Put each part's names into the record fields it goes to."""
    for _, names, to in parts:
        for f in to:
            fields[f].extend(names)


def _role_field(role: str) -> list[str]:
    return P.BYLINE_ROLES.get(role, "reporters").split("+")


def printed_credit(text: str, shadow: str | None = None, spread: bool = False) -> str:
    """A credit as printed: runs of white space as one space, none next to a bracket
    or a full-width mark. A credit spread out by a justified line (``记 者 付 家 宝``:
    most of its pieces one character) is closed up, one space between a role and its
    names and between two names; so is one from a line found spread (``spread``: its
    spaces are gone)."""
    tokens = text.split()
    if spread or (len(tokens) >= SPREAD_MIN_PIECES
                  and sum(len(t) == 1 for t in tokens) >= SPREAD_SHARE * len(tokens)):
        closed = " ".join(tokens) if spread else "".join(tokens)
        parts = parse_credit(closed, _t2s_same(closed))
        return " ".join(((role + " ") if role else "") + " ".join(names) for role, names, _ in parts).strip()
    return P.SPACE_BY_SLASH.sub("/", P.SPACE_BY_PUNCT.sub("", " ".join(tokens)))


#: A credit is spread out when it has at least this many pieces between spaces and at
#: least this share of them are one character.
SPREAD_MIN_PIECES = 3
SPREAD_SHARE = 0.6


def _byline(seg: Segment, rec: Record) -> None:
    fields: dict[str, list[str]] = {"reporters": [], "correspondents": [], "photographers": []}
    bylines: list[str] = []

    def take(text: str, shadow: str, only: str | None = None) -> None:
        parts = parse_credit(text, shadow)
        if only:
            parts = [(role, names, [only]) for role, names, _ in parts]
        _names_into(fields, parts)

    for it in seg.head_items:
        if it.kind == "credit":
            ln = it.lines[0]
            take(ln.src, ln.shadow)
            bylines.append(printed_credit(ln.src, ln.shadow, ln.spread))
    for ln in seg.body_lines:
        if ln.role == "lead" and "lead_prefix" in ln.extra:
            if not ln.extra["lead_inner"]:  # a lead with no credit
                bylines.append(ln.extra["lead_prefix"])
                break
            inner = _join_credit_lines(ln.extra["lead_inner"], ln.extra["lead_lines"], seg.body_lines)
            take(inner, _t2s_same(inner))
            srcs = ln.extra["lead_src"]
            opener = next((ch for ch in "".join(srcs) if ch in "（("), "（")
            closer = srcs[-1].rstrip()[-1:] if ln.extra["lead_closed"] and srcs[-1].rstrip()[-1:] in "）)" else "）"
            spread = any(x.spread for x in ln.extra["lead_lines"])
            bylines.append(f"{ln.extra['lead_prefix']}{opener}{printed_credit(inner, spread=spread)}{closer}")
            break
    for it in seg.items:
        for ln in it.lines:
            if ln.extra.get("photo_credit_org"):
                # an organisation, an archive or an agency: no name, unless an agency's
                # picture names its photographer
                credit = ln.extra["photo_credit"]
                bylines.append(printed_credit(credit))
                agency = P.STOCK_PHOTOGRAPHER.search(_t2s_same(credit))
                if agency:
                    fields["photographers"].extend(P.NAME_SPLIT.split(credit[agency.start("names"):agency.end("names")]))
            elif "photo_credit" in ln.extra:
                credit = ln.extra["photo_credit"]
                # the mark is found in the Simplified form (攝 is 摄) and cut from the page's own
                simplified = _t2s_same(credit)
                mark = P.PHOTO_MARK.search(simplified) if len(simplified) == len(credit) else None
                end = mark.start() if mark else len(credit)
                take(credit[:end], simplified[:end], only="photographers")
                bylines.append(printed_credit(credit, spread=ln.spread))
    ec = seg._line_extra("end_credit")
    if ec is not None:  # a news item's credit at its end, in brackets
        inner = _join_credit_lines(ec["parts"], ec["lines"], seg.body_lines)
        take(inner, _t2s_same(inner))
        spread = any(x.spread for x in ec["lines"])
        bylines.append(f"{ec['open']}{printed_credit(inner, spread=spread)}{ec['close']}")
    rec.byline = " ".join(bylines) or None
    rec.reporters = _dedupe(fields["reporters"])
    rec.correspondents = _dedupe(fields["correspondents"])
    rec.photographers = _dedupe(fields["photographers"])


def _dedupe(names: list[str]) -> list[str]:
    seen, out = set(), []
    for n in names:
        if n not in seen:
            seen.add(n)
            out.append(n)
    return out


#: A personal name in a credit has at most this many characters (a longer run broken
#: over two lines is two names).
NAME_MAX = 4


def _join_credit_lines(parts: list[str], lines: list[Line], body: list[Line]) -> str:
    """Rejoin a credit broken across ``lines`` (one part on each). A break at the
    column edge splits a name (``丁`` / ``成飚``) and is joined without a space; a line
    that stops short of the edge broke at a space, which is put back. The column is
    that of ``body``, measured only when a break needs it."""
    col: Column | None = None
    out = parts[0].strip()
    for p, before in zip(parts[1:], lines):
        p = p.strip()
        tail, head = (out.split() or [""])[-1], (p.split() or [""])[0]
        role = P.ROLE_WORD.match(_t2s_same(tail))
        if role and role.end() < len(tail):  # a name run into its role: 本报记者丁 / 肇文
            tail = tail[role.end():]
        # a one-character piece is half a name (names have two characters or more);
        # otherwise a line that stops clearly short of the column broke at a space
        if len(tail) == 1 or len(head.rstrip("）)")) == 1:
            glue = ""
        elif len(tail) + len(head.rstrip("）)")) > NAME_MAX and " " in out + p:
            glue = " "  # two names: together too long for one, in a credit that sets names apart
        else:
            if col is None:
                col = Column.of(body)
            glue = " " if col and col.short_by(before) >= 2.0 else ""
        joined = out + p
        for m in P.ROLE_WORD.finditer(_t2s_same(joined)):
            if m.start() < len(out) < m.end():  # a role word broken by the line end
                glue = ""
            elif len(out) in (m.start(), m.end()) and " " in joined:
                glue = " "  # a break between role and names, which the credit sets apart
        out = out + glue + p
    return out
