"""The geometry of a PDF page: characters -> lines -> text blocks -> reading order.

Pure functions over :class:`Char` tuples (no PDF library here), so the layout rules
can be tested with characters made up in a test. Coordinates are in points, ``y``
growing downwards (top of the page is 0).

How a page is read:

1. characters are set apart: rotated ones (read as lines of their own, after the
   page), tiny ones (below TINY_SIZE: hidden marks), invisible ones (render mode 3,
   kept only when a page has no visible text: an OCR layer over a scan);
2. rows: characters whose boxes' bottoms agree within ROW_TOLERANCE of their size;
   in a row, sorted left to right, a second copy of a character drawn a fraction of
   a point from the first (fake bold) is read once;
3. a row is cut into lines at gaps that are column gutters: wider than GUTTER_ALWAYS,
   or wider than GAP_CUT_MIN and running on as an empty channel through the row above
   or below (a headline's phrase gap stops at its own line); a smaller gap is a space;
4. lines of one type size, overlapping horizontally (or flush right in the same
   column: no line near it starts between) and close vertically, stack into text blocks;
5. the blocks are put in reading order by a recursive XY-cut: a region is cut at its
   widest gap that no block crosses, a vertical gutter (columns, left to right; at
   least X_CUT_MIN wide) or a horizontal gap (top to bottom; preferred unless the
   gutter is X_OVER_Y times as wide); blocks that cannot be cut apart are read top down.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import NamedTuple

#: Characters smaller than this (points) are not read: hidden marks, printers' codes.
TINY_SIZE = 3.0
#: Two characters are on one row when the bottoms of their boxes differ by at most
#: this share of the smaller size.
ROW_TOLERANCE = 0.35
#: Characters of sizes further apart than this ratio are not one row.
ROW_SIZES = 1.6
#: A second copy of the same character whose left edge is within this share of its
#: size of the first copy's is fake bold (one glyph drawn twice, slightly shifted).
FAKE_BOLD_SHIFT = 0.35
#: A gap between two characters of a row wider than this share of the type size is a
#: space in the text.
SPACE_GAP = 0.2
#: A gap at least this wide (share of the type size) may be a column gutter ...
GAP_CUT_MIN = 0.6
#: ... and one at least this wide always is.
GUTTER_ALWAYS = 3.0
#: Type sizes within this ratio are one size (a block holds one size: body lines share
#: theirs exactly, and the parts of a headline differ by more).
SAME_SIZE = 1.04
#: Lines stack into one block when the gap between them is at most this share of
#: their type size.
BLOCK_GAP = 0.9
#: Another column's edge is looked for in the lines this far (share of the size) above
#: and below a line.
EDGE_NEAR = 4.0
#: A line set flush right joins the block above it when it starts at most this far
#: (share of its size) right of the block's left edge.
FLUSH_RIGHT_MAX = 40
#: A vertical cut of the XY-cut needs a gutter at least this wide (share of the
#: region's body size); a horizontal cut needs any positive gap.
X_CUT_MIN = 0.5
#: A vertical cut wins over a horizontal one only when its gutter is this many times
#: as wide as the horizontal gap (a story's headline set beside its body leaves a
#: gutter about as wide as the gap between two bands of stories, or wider).
X_OVER_Y = 2.0
#: A region of more blocks than this is cut at many gaps at once (see ``_cut``).
MANY_BLOCKS = 300
#: A line is centred on the page when its middle is within this share of the text
#: area's width of the area's middle.
CENTRED = 0.03
#: A line is headline-sized when its type is at least this many times the page's
#: body size (the size most characters are set in).
HEADLINE_SIZE = 1.25


class Char(NamedTuple):
    """One character as drawn."""

    ch: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False
    doubled: bool = False   # a fake-bold copy of it was drawn (and is not read)

    @property
    def mid(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class TextLine:
    chars: list[Char]
    text: str = ""
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    bold: bool = False
    doubled: bool = False


@dataclass
class Block:
    lines: list[TextLine] = field(default_factory=list)
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0

    def add(self, ln: TextLine) -> None:
        if not self.lines:
            self.x0, self.x1, self.top, self.bottom, self.size = ln.x0, ln.x1, ln.top, ln.bottom, ln.size
        else:
            self.x0, self.x1 = min(self.x0, ln.x0), max(self.x1, ln.x1)
            self.top, self.bottom = min(self.top, ln.top), max(self.bottom, ln.bottom)
        self.lines.append(ln)


@dataclass
class LineEvidence:
    """What the PDF says about one text line, beside its text."""

    size: float          # type size in points (the line's most common)
    headline: bool       # set in headline-sized type (HEADLINE_SIZE times the body size)
    bold: bool = False
    doubled: bool = False  # printed twice a fraction of a point apart (fake bold), read once
    centred: bool = False  # centred on the page's text area (a page banner may be)
    top_line: bool = False  # the page's first line, alone in its block (a running head may be)


# ---------------------------------------------------------------------------
# Rows and lines


def _rows(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped into rows (same bottom, like sizes), each sorted left to right,
    fake-bold copies removed."""
    rows: list[list[Char]] = []
    active: list[tuple[float, float, list[Char]]] = []  # (bottom, size, row) of recent rows
    last: Char | None = None
    found: list[Char] = []
    for c in sorted(chars, key=lambda c: (c.bottom, c.x0)):
        if (last is not None and c.bottom == last.bottom and c.size == last.size
                and c.x0 - last.x1 <= GUTTER_ALWAYS * c.size):
            found.append(c)  # the commonest case: the next character of the same line
            last = c
            continue
        last = c
        # the bottom of a character's box is the line's (its top follows the glyph);
        # a row of another size close by (a headline beside a column) is another row
        found = None
        for bottom, size, row in reversed(active):
            small, big = (c.size, size) if c.size < size else (size, c.size)
            if c.bottom - bottom <= ROW_TOLERANCE * small and big <= ROW_SIZES * small:
                found = row
                break
        if found is None:
            found = [c]
            rows.append(found)
            active.append((c.bottom, c.size, found))
            if len(active) > 8:
                active.pop(0)
        else:
            found.append(c)
    out = []
    for row in rows:
        row.sort(key=lambda c: c.x0)
        kept: list[Char] = []
        for c in row:
            # a fake-bold copy may sit right after its first copy, or one further on
            shift = FAKE_BOLD_SHIFT * c.size
            if kept:
                k = kept[-1]
                if k.ch == c.ch and abs(k.x0 - c.x0) <= shift:
                    kept[-1] = k._replace(doubled=True)
                    continue
                if len(kept) > 1:
                    k = kept[-2]
                    if k.ch == c.ch and abs(k.x0 - c.x0) <= shift:
                        kept[-2] = k._replace(doubled=True)
                        continue
            kept.append(c)
        out.append(kept)
    return out


def _pieces(row: list[Char]) -> list[list[Char]]:
    """A row cut at every gap of GAP_CUT_MIN or more (or where the size changes)."""
    pieces = [[row[0]]]
    a = row[0]
    for b in row[1:]:
        big, small = (a.size, b.size) if a.size >= b.size else (b.size, a.size)
        if b.x0 - a.x1 >= GAP_CUT_MIN * big or big > SAME_SIZE * small:
            pieces.append([b])
        else:
            pieces[-1].append(b)
        a = b
    return pieces


def _line(chars: list[Char]) -> TextLine:
    parts = [chars[0].ch]
    sizes: dict[float, int] = {chars[0].size: 1}
    top, bottom, right = chars[0].top, chars[0].bottom, chars[0].x1
    bold = chars[0].bold
    doubled = chars[0].doubled
    prev = chars[0]
    for c in chars[1:]:
        if c.x0 - prev.x1 >= SPACE_GAP * c.size:
            parts.append(" ")
        parts.append(c.ch)
        sizes[c.size] = sizes.get(c.size, 0) + 1
        if c.top < top:
            top = c.top
        if c.bottom > bottom:
            bottom = c.bottom
        if c.x1 > right:
            right = c.x1
        bold += c.bold
        doubled += c.doubled
        prev = c
    n = len(chars)
    return TextLine(chars, "".join(parts), chars[0].x0, right, top, bottom,
                    round(max(sizes, key=sizes.get), 2), bold * 2 > n, doubled=doubled * 2 > n)


def _is_gutter(gap: tuple[float, float], k: int, rows: list[list[Char]], size: float) -> bool:
    """The gap (x from, x to) of row ``k`` runs on as an empty channel through a
    neighbouring row that has text on both sides of it. The channel is the stretch
    just before the text right of the gap: a column's lines end ragged, but the next
    column starts at one edge."""
    hi = gap[1]
    lo = max(gap[0], hi - 0.6 * size)
    near_lo, near_hi = gap[0] - 20 * size, hi + 6 * size
    mid = rows[k][0].mid
    for step in (-1, 1):
        j = k + step
        while 0 <= j < len(rows) and abs(rows[j][0].mid - mid) <= 2.5 * size:
            if any(c.x1 > near_lo and c.x0 < near_hi for c in rows[j]):  # the nearest row with text around the gap
                row = rows[j]  # (its short last line may end far to the left)
                left = any(c.x1 <= lo + 0.1 * size for c in row)
                right = any(c.x0 >= hi - 0.1 * size for c in row)
                inside = any(c.x1 > lo + 0.1 * size and c.x0 < hi - 0.1 * size for c in row)
                if left and right and not inside:
                    return True
                break
            j += step
    return False


def make_lines(chars: list[Char]) -> list[TextLine]:
    """Rows cut into lines at column gutters (see the module's step 3)."""
    rows = _rows(chars)
    lines: list[TextLine] = []
    for k, row in enumerate(rows):
        pieces = _pieces(row)
        cur = pieces[0]
        for p in pieces[1:]:
            a, b = cur[-1], p[0]
            size = max(a.size, b.size)
            gap = b.x0 - a.x1
            same = max(a.size, b.size) <= SAME_SIZE * min(a.size, b.size)
            if same and gap < GUTTER_ALWAYS * size and not _is_gutter((a.x1, b.x0), k, rows, size):
                cur = cur + p
            else:
                lines.append(_line(cur))
                cur = p
        lines.append(_line(cur))
    return lines


# ---------------------------------------------------------------------------
# Blocks


def _edge_between(ordered: list[TextLine], tops: list[float], ln: TextLine, lo: float, hi: float) -> bool:
    """Does a line near ``ln`` (within EDGE_NEAR of its size above or below) start
    between ``lo`` and ``hi``: the edge of another column?"""
    reach = EDGE_NEAR * ln.size
    start = bisect.bisect_left(tops, ln.top - reach)
    end = bisect.bisect_right(tops, ln.bottom + reach)
    return any(lo < other.x0 <= hi and other is not ln for other in ordered[start:end])


def _stacked_under(ordered: list[TextLine], tops: list[float], ln: TextLine) -> bool:
    """Another line of ``ln``'s size stands right under it (``ln`` opens a column,
    it is no line set flush right on its own)."""
    start = bisect.bisect_left(tops, ln.bottom - 0.5 * ln.size)
    end = bisect.bisect_right(tops, ln.bottom + BLOCK_GAP * ln.size)
    return any(other is not ln and min(ln.x1, other.x1) - max(ln.x0, other.x0) > 0
               and max(ln.size, other.size) <= SAME_SIZE * min(ln.size, other.size)
               for other in ordered[start:end])


def make_blocks(lines: list[TextLine]) -> list[Block]:
    """Lines stacked into blocks: one type size, close vertically, and overlapping
    horizontally, or (a credit or a jump line set flush right under a short line)
    right of the block in the same column: no column edge between them. Each line
    joins the nearest open block above it that fits."""
    blocks: list[Block] = []
    ordered = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    tops = [ln.top for ln in ordered]
    for ln in ordered:
        best = beside = None
        for b in reversed(blocks[-40:]):
            last = b.lines[-1]
            gap = ln.top - last.bottom
            if gap > BLOCK_GAP * ln.size or gap < -0.5 * ln.size:
                continue
            if max(ln.size, b.size) > SAME_SIZE * min(ln.size, b.size):
                continue
            overlap = min(ln.x1, b.x1) - max(ln.x0, b.x0)
            if overlap > 0.5 * min(ln.x1 - ln.x0, b.x1 - b.x0):
                best = b
                break
            if (beside is None and ln.x0 > b.x1 and ln.x0 - b.x0 <= FLUSH_RIGHT_MAX * ln.size
                    and not _edge_between(ordered, tops, ln, b.x0 + 3 * ln.size, ln.x0 - 0.5 * ln.size)
                    and not _stacked_under(ordered, tops, ln)):
                beside = b
        best = best or beside
        if best is None:
            best = Block()
            blocks.append(best)
        best.add(ln)
    return blocks


# ---------------------------------------------------------------------------
# Reading order


def _gaps(spans: list[tuple[float, float, int]]) -> list[tuple[float, float]]:
    """(gap width, cut position) of the empty stretches between the merged spans."""
    spans = sorted(spans)
    out = []
    reach = spans[0][1]
    for lo, hi, _ in spans[1:]:
        if lo > reach:
            out.append((lo - reach, (lo + reach) / 2))
        reach = max(reach, hi)
    return out


def reading_order(blocks: list[Block]) -> list[Block]:
    """Blocks in reading order by recursive XY-cut (see the module's step 5); the
    recursion runs on an explicit stack, so a page of thousands of blocks is no
    deeper than one of ten."""
    out: list[Block] = []
    stack: list[list[Block]] = [blocks]
    while stack:
        region = stack.pop()
        parts = _cut(region)
        if parts is None:
            out.extend(sorted(region, key=lambda b: (b.top, b.x0)))
        else:
            stack.extend(reversed(parts))  # the first part is read first
    return out


def _split(blocks: list[Block], cuts: list[float], edge) -> list[list[Block]]:
    """``blocks`` in the slices between ``cuts`` (sorted), by the edge ``edge`` gives."""
    parts: list[list[Block]] = [[] for _ in range(len(cuts) + 1)]
    for b in blocks:
        parts[bisect.bisect_left(cuts, edge(b))].append(b)
    return [p for p in parts if p]


def _cut(blocks: list[Block]) -> list[list[Block]] | None:
    """The region's parts in reading order, or None when it cannot be cut: at its
    widest gap (gaps of that width all at once). A region of more than MANY_BLOCKS
    blocks is cut at every gap wider than the best cut the other way, so a page of
    thousands of lines one under another costs one step, not thousands."""
    if len(blocks) <= 1:
        return None
    sizes = sorted(b.size for b in blocks)
    body = sizes[len(sizes) // 2]
    xg = [g for g in _gaps([(b.x0, b.x1, i) for i, b in enumerate(blocks)]) if g[0] >= X_CUT_MIN * body]
    yg = _gaps([(b.top, b.bottom, i) for i, b in enumerate(blocks)])
    x_best = max(xg, default=None)
    y_best = max(yg, default=None)
    if x_best is not None and (y_best is None or x_best[0] > X_OVER_Y * y_best[0]):
        cuts = [at for width, at in xg if width == x_best[0] or (len(blocks) > MANY_BLOCKS and (
            y_best is None or width > y_best[0]))]
        return _split(blocks, sorted(cuts), lambda b: b.x1)
    if y_best is not None:
        cuts = [at for width, at in yg if width == y_best[0] or (len(blocks) > MANY_BLOCKS and (
            x_best is None or width >= x_best[0]))]
        return _split(blocks, sorted(cuts), lambda b: b.bottom)
    return None


# ---------------------------------------------------------------------------
# The page as text


def body_size(chars: list[Char]) -> float:
    """The type size most characters are set in."""
    count: dict[float, int] = {}
    for c in chars:
        count[c.size] = count.get(c.size, 0) + 1
    return round(max(count, key=count.get), 2) if count else 0.0


def page_text(chars: list[Char], rotated: list[list[Char]] = ()) -> tuple[list[str], list[LineEvidence | None]]:
    """The page's text lines in reading order, one block after another with a blank
    line between blocks (as ``pdftotext`` prints a page), and each line's evidence
    (None for the blank lines). ``rotated`` lines follow, each a block of its own."""
    blocks = reading_order(make_blocks(make_lines(chars)))
    body = body_size(chars)
    left = min((c.x0 for c in chars), default=0.0)
    right = max((c.x1 for c in chars), default=0.0)
    middle, slack = (left + right) / 2, CENTRED * (right - left)
    texts: list[str] = []
    evidence: list[LineEvidence | None] = []
    first = min(blocks, key=lambda b: b.top) if blocks else None
    for b in blocks:
        if texts:
            texts.append("")
            evidence.append(None)
        for ln in b.lines:
            # no indent is printed: the rules find paragraphs from widths, as they do in
            # pdftotext's text (an indent would also make them read a subheading set
            # flush left as going on the paragraph before it)
            texts.append(ln.text)
            evidence.append(LineEvidence(ln.size, bool(body) and ln.size >= HEADLINE_SIZE * body, ln.bold,
                                         ln.doubled, abs((ln.x0 + ln.x1) / 2 - middle) <= slack,
                                         b is first and len(b.lines) == 1))
    for chars_of_line in rotated:
        if texts:
            texts.append("")
            evidence.append(None)
        ln = _line(chars_of_line)
        texts.append(ln.text)
        evidence.append(LineEvidence(ln.size, False, ln.bold))
    return texts, evidence
