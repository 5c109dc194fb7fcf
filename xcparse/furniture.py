"""Page furniture: the page header (date, weekday, page number and name), the
editors' credits, and the doubled lines of fake-bold banners.

Part of stage 3 (:mod:`xcparse.roles` calls it): lines are read by their wording and
their neighbours. A header or an editors' line may be printed on one line or, by a PDF
program that takes each piece of it as a text block of its own, one piece a line
(``社会`` / ``A9版`` / ``河畔日报`` / ``2021年1月27日``): the pieces are joined back into
one item of furniture.
"""
from __future__ import annotations

from . import patterns as P
from .measure import Line

# ---------------------------------------------------------------------------
# One line


def mark_furniture(line: Line) -> bool:
    """The page's folio (date and weekday, page number) and its editors' credits:
    furniture of the page, part of no story."""
    if line.width > P.FURNITURE_MAX_WIDTH or P.SENTENCE_PUNCT.search(line.text):
        return False
    sh = line.shadow
    if P.EDITOR_CREDIT.match(sh):
        line.role, line.rule = "furniture", "EDITOR_CREDIT"
        return True
    if not any(mark in sh for mark in P.FOLIO_MARKS):
        return False  # no page label, weekday or date: no header (most lines end here)
    for rule, match, text in (("FOLIO", P.FOLIO.search, sh),
                              ("FOLIO (header pieces)", is_page_header, header_form(line))):
        if match(text):
            line.role, line.rule = "furniture", rule
            return True
    return False


def header_form(line: Line) -> str:
    """The line as a page header's pieces, one gap between two: a spread line closed up
    (its wider gaps kept), spaces inside a date or page label (``2023 年 6 月``,
    ``第 3 版``) closed."""
    return P.FOLIO_INNER_GAP.sub("", line.raw.strip())


def _token_kind(tok: str) -> str | None:
    """What a piece of a page header is: ``label`` (``A3版``), ``dated`` (a weekday, or
    a date with its weekday run on), ``date`` (a date alone), ``sheet``
    (``A03``), ``issue``, ``word`` (a short word), or None (no header piece)."""
    if P.FOLIO_LABEL.fullmatch(tok) or _label_with_word(tok):
        return "label"
    m = P.FOLIO_DATE.fullmatch(tok)
    if m is not None:
        return "dated" if m.group("weekday") else "date"
    if P.FOLIO_WEEKDAY.fullmatch(tok):
        return "dated"
    if P.FOLIO_SHEET.fullmatch(tok):
        return "sheet"
    if P.FOLIO_ISSUE.fullmatch(tok):
        return "issue"
    if P.FOLIO_WORD.fullmatch(tok):
        return "word"
    return None


def _label_with_word(tok: str) -> bool:
    """A page label run together with the section's name: ``A3版要闻``, ``要闻第3版``."""
    m = P.FOLIO_LABEL.search(tok)
    if not m:
        return False
    rest = tok[:m.start()] + tok[m.end():]
    return bool(P.FOLIO_WORD.fullmatch(rest))


def is_page_header(heading: str) -> bool:
    """A page header made of its usual pieces, set apart by gaps: a page label
    (``A3版``, ``03版``, ``第三版``), a date and weekday, an issue number, and a few
    short words (section, paper). It must hold a page label or a weekday; a bare sheet
    label (``A03``) counts only next to a date. A line of one piece is no header, nor
    a name and a date (a notice is signed so).

    >>> is_page_header("要闻 A3版 城南日报 2023年6月21日")
    True
    >>> is_page_header("2023年6月21日 星期三 A03")
    True
    >>> is_page_header("G4 高速 改扩建")
    False
    >>> is_page_header("城北拍卖有限公司 2024年3月5日")
    False
    """
    tokens = heading.split()
    if not 2 <= len(tokens) <= 7:
        return False
    kinds = [_token_kind(t) for t in tokens]
    if None in kinds or kinds.count("word") > P.FOLIO_MAX_WORDS:
        return False
    dated = "dated" in kinds
    return "label" in kinds or dated or ("sheet" in kinds and (dated or "date" in kinds))


# ---------------------------------------------------------------------------
# A header or an editors' line printed one piece a line


def join_furniture_pieces(lines: list[Line]) -> None:
    """Join a page header or an editors' line printed one piece a line (blank lines
    between at most FURNITURE_PIECE_GAP) into one item: the first line holds the
    joined text (``furniture_text``), the others point to it (``furniture_joined``),
    and all of them are furniture.

    A header's pieces run from the first to its last label or date piece; a word after
    that (the section's name) is taken only when short and the header has no word yet,
    so a banner or a headline printed next is not swallowed. An editors' line alternates a
    job (``责任编辑``) and one name.
    """
    seq = [k for k, ln in enumerate(lines) if ln.text]
    p = 0
    while p < len(seq):
        if not _may_be_piece(lines[seq[p]]):
            p += 1  # (a line of prose: the common case, told at once)
            continue
        run = _piece_run(lines, seq, p)
        taken, rule = _header_pieces(lines, run), "FOLIO (pieces)"
        if not taken:
            taken, rule = _editor_pieces(lines, run), "EDITOR_CREDIT (pieces)"
        if not taken:
            p += 1
            continue
        first = lines[taken[0]]
        first.role, first.rule = "furniture", rule
        first.extra["furniture_text"] = " ".join(_piece_text(lines[k]) for k in taken)
        for k in taken[1:]:
            lines[k].role, lines[k].rule = "furniture", rule
            lines[k].extra["furniture_joined"] = first.no
        p += len(taken)


#: Pieces of one header are at most this many blank lines apart ...
FURNITURE_PIECE_GAP = 2
#: ... and a header or an editors' line has at most this many pieces.
FURNITURE_MAX_PIECES = 8


def _piece_run(lines: list[Line], seq: list[int], p: int) -> list[int]:
    """The lines from ``seq[p]`` on that may be pieces of furniture: short, no sentence
    punctuation, no role a rule gave but furniture, few blank lines apart. A line that
    is furniture by itself joins others only across a blank line: a PDF program prints
    the pieces of one line set far apart as blocks of their own, while two lines of
    furniture printed one under the other (``城南日报 2023年6月21日 星期三`` /
    ``第3版 要闻``) are two items."""
    run: list[int] = []
    for q in range(p, min(len(seq), p + FURNITURE_MAX_PIECES)):
        k = seq[q]
        ln = lines[k]
        if run and k - run[-1] - 1 > FURNITURE_PIECE_GAP:
            break
        if not _may_be_piece(ln):
            break
        if run and k == run[-1] + 1 and "furniture" in (ln.role, lines[run[-1]].role):
            break
        run.append(k)
    return run


def _may_be_piece(ln: Line) -> bool:
    """Short, no sentence punctuation, no role a rule gave but furniture, not joined yet."""
    return (ln.width <= FURNITURE_PIECE_MAX_WIDTH and ln.role in ("text", "furniture")
            and "furniture_joined" not in ln.extra and not P.SENTENCE_PUNCT.search(ln.text))


#: A section's name (``要闻``, ``城事``) is at most this wide (units): a word after a
#: header's last label or date joins it only when so short.
FURNITURE_SECTION_MAX = 4
#: A piece of a header or an editors' line is at most this wide (units).
FURNITURE_PIECE_MAX_WIDTH = 16


def _piece_text(ln: Line) -> str:
    return " ".join(header_form(ln).split())


def _header_pieces(lines: list[Line], run: list[int]) -> list[int]:
    kinds = []
    for k in run:
        ks = [_token_kind(t) for t in header_form(lines[k]).split()]
        if not ks or None in ks:
            break
        kinds.append(ks)
    if len(kinds) < 2:
        return []
    strong = [q for q, ks in enumerate(kinds) if any(x != "word" for x in ks)]
    if not strong:
        return []
    end = strong[-1] + 1
    if (end < len(kinds) and kinds[end] == ["word"] and lines[run[end]].width <= FURNITURE_SECTION_MAX
            and not any("word" in ks for ks in kinds[:end])):
        end += 1
    taken = run[:end]
    if len(taken) < 2 or not is_page_header(" ".join(_piece_text(lines[k]) for k in taken)):
        return []
    return taken


def _editor_pieces(lines: list[Line], run: list[int]) -> list[int]:
    taken: list[int] = []
    want_name = False
    for k in run:
        text = lines[k].shadow.strip()
        bare = text.rstrip("：:/ ") in P.EDITOR_ROLES
        if want_name:
            if not P.EDITOR_NAME.fullmatch(text):
                break
            want_name = False
        elif bare:
            want_name = True
        elif not P.EDITOR_CREDIT.match(text):
            break
        taken.append(k)
    if want_name and taken:
        taken.pop()
    if len(taken) < 2:
        return []
    return taken


# ---------------------------------------------------------------------------
# Fake bold and page banners


def mark_doubled_lines(lines: list[Line]) -> None:
    """Fake bold drawn twice comes out of some PDF programs as two copies of a line,
    one under the other (maybe a blank line between). The second copy is set aside
    (its text emptied: it reads as a blank line; ``copy_of`` names the first), and the
    first is marked ``doubled``: fake bold is how banners and column names are printed.
    Only a short line without sentence punctuation counts: prose is never doubled."""
    prev: Line | None = None
    gap = 0
    for line in lines:
        if not line.text:
            gap += 1
            continue
        if (prev is not None and gap <= 1 and line.width == prev.width and "copy_of" not in prev.extra
                and line.width <= DOUBLED_LINE_MAX_WIDTH
                and "".join(line.src.split()) == "".join(prev.src.split())
                and not P.SENTENCE_PUNCT.search(line.text)):
            prev.extra["doubled"] = True
            line.extra["copy_of"] = prev.no
            line.extra["copy_text"] = line.src
            line.role, line.rule = "blank", "DOUBLED_LINE (second copy)"
            line.text = line.heading = line.shadow = ""
            prev, gap = None, 0
            continue
        prev, gap = line, 0


#: A doubled line is a banner's or a column name's: at most this wide (units).
DOUBLED_LINE_MAX_WIDTH = 40


def mark_page_banners(lines: list[Line]) -> None:
    """The banner printed before any text of the page but its header and editors' line
    heads the page, not one piece: it is furniture (``page_banner``). A column name
    stands over its own headline: a second banner there is the first piece's, and one
    after the page's first piece has begun is its piece's (a page that prints headlines
    after their bodies may end on one, next to the editors' line)."""
    for ln in lines:
        if ln.role == "banner":
            ln.extra["page_banner"] = True
            return  # a second one is the first piece's column name
        elif ln.text and ln.role != "furniture":
            return
