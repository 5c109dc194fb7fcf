"""Reading order of a side-by-side page by recursive XY-cut over its text grid.

``pdftotext -layout`` and pdfplumber's ``extract_text(layout=True)`` print a page's
columns side by side: each output line is a row of the page, a column's text sits at
the same display column row after row, and gutters are runs of blank display
columns. This module reads such a page as pdftotext's default mode prints it: each
text block's lines in order, column after column, blocks in reading order, a blank
line between two blocks.

The page is a grid: row = output line, x = display column. A *segment* is a row's
text between two gaps of at least GUTTER_MIN blank columns (words a space or two
apart are one segment). A region (rows x columns) is cut recursively:

1. a line across the columns at the region's top or bottom (a page header, an
   editors' line: see :func:`_loose_ends`) is cut off first;
2. vertically, at every run of display columns no segment of the region covers
   (a gutter shared by every row, with text on both sides), unless the region is a
   single row (one line: a folio's pieces stay together);
3. else horizontally, at runs of at least STRONG_GAP blank rows longer than the
   region's usual line gap (pdfplumber prints a column's lines on every other row,
   so a single blank row there is line spacing, not a block break);
4. else horizontally around *spanning rows*: the rows that cross a display column
   where most rows with text on both sides leave a gutter (a headline across two
   columns starts a new band);
5. else at any run of blank rows longer than the usual line gap;
6. else the region is one block.

How many display columns a Han character takes is not fixed: pdfplumber and
pdftotext ``-layout`` print one character per grid cell, a terminal shows two, and
some fonts are narrower. Both counts are tried, and the reading whose lines sit flush
at their blocks' left edges is kept (:func:`read`).

Every step touches each character of the region a bounded number of times per level,
and a page is cut a few levels deep, so the work grows linearly with the page.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from .measure import width_units

#: A gutter between two segments of a row is at least this many blank display columns.
GUTTER_MIN = 3
#: A spanning row is cut off only where at least this many rows leave the gutter open
#: (text on both sides of it) ...
MIN_CUT_ROWS = 2
#: ... and at most this share of the region's rows with text there cross it.
MAX_CROSS_SHARE = 0.25
#: A gap between two text rows counts as the region's usual line gap when at least
#: this share of its gaps are that long (and only regions with this many gaps decide).
USUAL_GAP_SHARE = 0.25
USUAL_GAP_MIN_GAPS = 4
#: A run of this many blank rows across a region (and more than its usual line gap)
#: parts it before any gutter is looked for: a band break, not line spacing.
STRONG_GAP = 2
#: A paragraph indent is at most this many display columns; a block set further right
#: of its column's edge (a centred headline) is read from its own left edge.
INDENT_MAX = 8
#: A band of at most this many text rows at a region's top or bottom, beside no
#: column edge, is a line across the columns (see :func:`_loose_ends`).
LOOSE_BAND_ROWS = 2
#: Blank lines printed between two blocks of a column at most (the input's count up
#: to this: a block that stands far below the one above is not set off by a page).
MAX_BLANK = 2
#: Recursion guard (a page is never cut this deep; each cut makes the region smaller).
MAX_DEPTH = 60

_GAPS = re.compile(r"\s{%d,}" % GUTTER_MIN)


def char_cells(ch: str, han: int) -> int:
    """Display columns of one character when a full-width character takes ``han``."""
    if unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\t\f\v":
        return 0
    return han if width_units(ch) == 1 else 1


@dataclass
class _Row:
    no: int                        # 1-based input line number
    text: str
    starts: list[int]              # display column of each character
    segs: list[tuple[int, int]]    # [start, end) display columns of each segment


def _row(no: int, text: str, han: int) -> _Row:
    starts: list[int] = []
    segs: list[tuple[int, int]] = []
    col = 0
    seg_a = seg_b = None
    for ch in text:
        starts.append(col)
        w = char_cells(ch, han)
        if not ch.isspace() and w:
            if seg_b is not None and col - seg_b < GUTTER_MIN:
                seg_b = col + w
            else:
                if seg_a is not None:
                    segs.append((seg_a, seg_b))
                seg_a, seg_b = col, col + w
        col += w
    if seg_a is not None:
        segs.append((seg_a, seg_b))
    return _Row(no, text, starts, segs)


@dataclass
class Block:
    """A leaf of the cut: rows of one text block and its display columns [lo, hi)."""

    rows: list[_Row]
    lo: int
    hi: int
    edge: int = 0                  # its column's left edge (white space right of it is indent)
    blank_before: int = 1          # blank lines printed before it (the input's, in a column)

    def firsts(self) -> list[int]:
        out = []
        for r in self.rows:
            s = [a for a, b in r.segs if self.lo <= a < self.hi]
            if s:
                out.append(s[0])
        return out

    def lines(self) -> list[tuple[str, int]]:
        """The block's lines, its left edge removed (an indent beyond it kept), blank
        rows inside it kept as blank lines, runs
        of GUTTER_MIN spaces or more inside a line closed up to one space."""
        firsts = self.firsts()
        if not firsts:
            return []
        edge = min(firsts)   # a line further right keeps its indent
        if self.edge <= edge <= self.edge + INDENT_MAX:
            edge = self.edge  # a block indented within its column keeps that indent
        out = []
        for r in self.rows:
            chars = [ch for ch, a in zip(r.text, r.starts) if self.lo <= a < self.hi
                     and not (a < edge and ch.isspace())]
            s = "".join(chars).rstrip()
            if not s.strip():
                out.append(("", r.no))
                continue
            body = s.lstrip()
            lead = s[:len(s) - len(body)]
            out.append((lead + _close_gaps(body), r.no))
        return out

    def flush(self) -> int:
        """Lines starting at the block's most common left edge, less one."""
        f = Counter(self.firsts())
        return max(f.values()) - 1 if f else 0


def _close_gaps(s: str) -> str:
    """Runs of GUTTER_MIN white-space characters or more closed up to one space."""
    return _GAPS.sub(" ", s)


def _in(r: _Row, lo: int, hi: int) -> list[tuple[int, int]]:
    return [(a, b) for a, b in r.segs if lo <= a < hi]


def _vertical(rows: list[_Row], lo: int, hi: int) -> list[tuple[int, int]]:
    """The region's column ranges between gutters no row crosses (one range: none)."""
    spans = sorted(s for r in rows for s in _in(r, lo, hi))
    if not spans:
        return [(lo, hi)]
    out, start, reach = [], lo, spans[0][1]
    for a, b in spans[1:]:
        if a >= reach:          # nothing covers [reach, a): a gutter
            out.append((start, a))
            start = a
        reach = max(reach, b)
    out.append((start, hi))
    return out


def _edge(rows: list[_Row], lo: int, hi: int) -> int:
    """A column's left edge: the display column most of its rows start at."""
    firsts = Counter(s[0][0] for r in rows if (s := _in(r, lo, hi)))
    return min(firsts, key=lambda c: (-firsts[c], c)) if firsts else lo


def _usual_gap(rows: list[_Row], lo: int, hi: int, inherited: int) -> int:
    """The region's usual number of blank rows between two text rows."""
    text = [i for i, r in enumerate(rows) if _in(r, lo, hi)]
    gaps = [b - a - 1 for a, b in zip(text, text[1:])]
    if len(gaps) < USUAL_GAP_MIN_GAPS:
        return inherited
    c = Counter(gaps)
    return max(g for g, n in c.items() if n >= USUAL_GAP_SHARE * len(gaps) or g == 0 and n == max(c.values()))


def _horizontal(rows: list[_Row], lo: int, hi: int, usual: int) -> tuple[list[list[_Row]], list[int]]:
    """The region cut at runs of more than ``usual`` blank rows (shorter runs stay in
    their band), and the number of blank rows above each band."""
    bands: list[list[_Row]] = [[]]
    gaps = [0]
    blank: list[_Row] = []
    for r in rows:
        if not _in(r, lo, hi):
            blank.append(r)
            continue
        if bands[-1] and len(blank) > usual:
            bands.append([])
            gaps.append(len(blank))
        elif bands[-1]:
            bands[-1].extend(blank)
        bands[-1].append(r)
        blank = []
    return bands, gaps


def _loose_ends(rows: list[_Row], lo: int, hi: int, parts: list[tuple[int, int]],
                usual: int) -> tuple[list[list[_Row]], list[int]] | None:
    """The region's top or bottom band cut off, when it is a line across the columns
    rather than their first or last line: at most LOOSE_BAND_ROWS text rows set off
    by more than the usual blank rows, none of its pieces right of the first gutter
    starting at the edge of a column below (above) it (a page header's date and page
    number, an editors' line). None when neither end is such a band."""
    bands, gaps = _horizontal(rows, lo, hi, usual)
    if len(bands) < 2:
        return None
    top = rows.index(bands[1][0])
    bottom = rows.index(bands[-2][-1]) + 1
    for k, end, rest in ((0, bands[0], rows[top:]), (-1, bands[-1], rows[:bottom])):
        if sum(1 for r in end if _in(r, lo, hi)) > LOOSE_BAND_ROWS:
            continue
        starts = {a for r in end for a, _ in _in(r, parts[1][0], hi)}
        edges = {_edge(rest, a, b) for a, b in parts[1:] if any(_in(r, a, b) for r in rest)}
        if starts and not starts & edges:
            if k == 0:
                return [end, rest], [0, gaps[1]]
            return [rest, end], [0, gaps[-1]]
    return None


def _spanning(rows: list[_Row], lo: int, hi: int) -> list[list[_Row]]:
    """The region cut into bands around the rows crossing its best near-gutter."""
    opens: Counter[int] = Counter()   # x -> rows with text on both sides, x blank
    cover: Counter[int] = Counter()   # x -> rows covering x (segment start..end)
    for r in rows:
        segs = _in(r, lo, hi)
        for (a1, b1), (a2, b2) in zip(segs, segs[1:]):
            opens.update(range(b1, a2))
        for a, b in segs:
            cover.update(range(a, b))
    best, best_n = None, 0
    for x, n in opens.items():
        if n >= MIN_CUT_ROWS and cover[x] <= MAX_CROSS_SHARE * (n + cover[x]) and n > best_n:
            best, best_n = x, n
    if best is None:
        return [rows]
    bands: list[list[_Row]] = []
    prev = None
    for r in rows:
        segs = _in(r, lo, hi)
        crosses = any(a <= best < b for a, b in segs)
        kind = crosses if segs else prev
        if not bands or (kind != prev and segs):
            bands.append([])
        bands[-1].append(r)
        prev = kind
    return bands


def _cut(rows: list[_Row], lo: int, hi: int, usual: int, edge: int, depth: int,
         out: list[Block], beside: list[int]) -> None:
    """Cut the region into blocks, appended to ``out`` in reading order; ``beside``
    gets, for each gutter cut, the text rows set beside the region's largest column."""
    while rows and not _in(rows[0], lo, hi):
        rows = rows[1:]
    while rows and not _in(rows[-1], lo, hi):
        rows = rows[:-1]
    if not rows:
        return
    if depth < MAX_DEPTH:
        usual = _usual_gap(rows, lo, hi, usual)
        parts = _vertical(rows, lo, hi) if sum(1 for r in rows if _in(r, lo, hi)) > 1 else [(lo, hi)]
        cut = _loose_ends(rows, lo, hi, parts, usual) if len(parts) > 1 else None
        if cut is None and len(parts) > 1:
            sizes = sorted(sum(1 for r in rows if _in(r, a, b)) for a, b in parts)
            beside.append(sum(sizes[:-1]))
            for a, b in parts:
                _cut(rows, a, b, usual, _edge(rows, a, b), depth + 1, out, beside)
            return
        if cut is None:
            cut = _horizontal(rows, lo, hi, max(usual, STRONG_GAP - 1))
        if len(cut[0]) < 2:
            cut = _spanning(rows, lo, hi), []
        if len(cut[0]) < 2:
            cut = _horizontal(rows, lo, hi, usual)
        bands, gaps = cut
        if len(bands) > 1:
            for k, band in enumerate(bands):
                first = len(out)
                _cut(band, lo, hi, usual, edge, depth + 1, out, beside)
                if gaps and first < len(out):
                    out[first].blank_before = min(max(gaps[k], 1), MAX_BLANK)
            return
    out.append(Block(rows, lo, hi, edge))


def blocks(lines: list[str], han: int) -> tuple[list[Block], int]:
    """The page's blocks in reading order with full-width characters ``han`` cells
    wide, and the most text rows any gutter cut set beside a larger column (columns
    side by side make many; a page in one column none)."""
    rows = [_row(no, ln, han) for no, ln in enumerate(lines, 1)]
    width = max((r.segs[-1][1] for r in rows if r.segs), default=0) + 1
    out: list[Block] = []
    beside: list[int] = []
    _cut(rows, 0, width, 0, _edge(rows, 0, width), 0, out, beside)
    return out, max(beside, default=0)


def read(lines: list[str]) -> tuple[list[tuple[str, int]], int]:
    """The page read block after block: (line, input line number), blank lines
    between two blocks; and the most text rows a gutter cut set beside a larger
    column (see :func:`blocks`).

    Of the two ways of counting a full-width character (one cell, two cells) the one
    whose blocks' lines sit flush at their left edges more often wins; a tie keeps two
    cells."""
    best, best_score, best_beside = [], None, 0
    for han in (2, 1):
        bl, beside = blocks(lines, han)
        score = sum(b.flush() for b in bl)
        if best_score is None or score > best_score:
            best, best_score, best_beside = bl, score, beside
    out: list[tuple[str, int]] = []
    for b in best:
        part = b.lines()
        if part and out:
            out.extend([("", out[-1][1])] * b.blank_before)
        out.extend(part)
    return out, best_beside
