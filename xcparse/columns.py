"""Stage 0.5: pages from ``pdftotext -layout``, put back into reading order.

The rules read pdftotext's default output: one column's lines after another's. With
``-layout`` pdftotext prints the columns side by side instead: each output line holds
a line of column 1, a run of spaces (the gutter), a line of column 2, and so on, and
a headline spanning columns sits on its own line(s). Read as it is, every wide line
would be taken for one line of one column.

Many PDF programs (pdfplumber's layout text, pdftotext -layout on PDFs with CID
fonts) place each character on a grid of cells, one cell a character whatever its
width: their columns line up in characters, not in display columns. The measure under
which more lines resume at one place is the page's; on a grid of cells the page is read
block by block (:func:`reading_order`), as pieces of several widths stand side by side.

This stage recognises such a page, conservatively (see :func:`find_layout`): many
lines hold a run of three spaces or more, and those runs line up at the same display
column. It then cuts the page into *sections* (a line with text across a gutter,
such as a spanning headline, starts a new one), cuts each section's lines at its
gutters and emits the text as the default mode would: column 1's lines top to
bottom, a blank line, column 2's, and so on. A page in the default mode is returned
untouched, so its output does not change by a byte.

Positions are display columns as ``-layout`` prints them: a full-width character
(Han, full-width punctuation and forms, the marks the project counts as full-width
in :func:`xcparse.measure.width_units`) takes two, anything else one. They are
measured on the lines *before* the character table, which maps full-width digits
and the ideographic space to one-column ASCII (:func:`xcparse.normalize.fold_chars`
maps character by character, so a cut made on the unfolded line is a cut of the
folded one).
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from .measure import width_units
from .normalize import fold_chars, split_lines

#: A gutter is at least this many blank display columns between text. pdftotext's
#: default mode never prints three spaces in a row in the pages seen; phrase gaps in
#: headlines and folios (``城北日报  2024年3月5日``) are one or two.
GUTTER_MIN = 3
#: Detection: at least this many lines must resume after an internal gap at one and
#: the same display column, and at least this share of the non-blank lines there or
#: ALIGN_SLACK columns away.
MIN_ALIGNED_LINES = 8
MIN_ALIGNED_SHARE = 0.15
#: A display column is a column's left edge when text resumes there after a gap on at
#: least this many lines, and at least this share of the lines at the best edge (a
#: page whose upper half has three columns and lower half two has both sets).
MIN_GUTTER_LINES = 4
MIN_GUTTER_SHARE = 0.25
#: A paragraph indent is at most this many display columns (two full-width spaces
#: are four; pdftotext may round a little wider). Every real column is wider.
INDENT_MAX = 8
#: Within a section a gutter is cut only when at least this many lines have text on
#: both sides of it (one headline whose phrase gap happens to sit there is not a gutter).
MIN_CUT_LINES = 2


@dataclass
class _Row:
    """One input line as positioned text: its characters and their display columns."""

    no: int                                  # 1-based input line number
    text: str                                # the line before the character table
    starts: list[int] = field(default_factory=list)  # display column of each character
    ends: list[int] = field(default_factory=list)    # ... and the column after it

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    def covers(self, col: int) -> bool:
        """Does a printed (non-space) character occupy display column ``col``?"""
        for ch, a, b in zip(self.text, self.starts, self.ends):
            if a > col:
                return False
            if b > col and not ch.isspace():
                return True
        return False

    def ink(self) -> tuple[int, int]:
        """First and last+1 display column holding a printed character."""
        idx = [i for i, ch in enumerate(self.text) if not ch.isspace()]
        return self.starts[idx[0]], self.ends[idx[-1]]


def display_width(ch: str) -> int:
    """Display columns of one character in ``-layout`` output.

    Full-width characters (as the project measures them, which counts the Chinese
    quotes and dashes that fonts print full-width) take 2; control and format
    characters, which the character table removes, take none.
    """
    if unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\t\f\v":
        return 0
    return 2 if width_units(ch) == 1 else 1


def char_width(ch: str) -> int:
    """Columns of one character where every character takes one (pdfplumber's layout
    text, and pdftotext's for many PDFs, place characters on a grid of one cell each)."""
    if unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\t\f\v":
        return 0
    return 1


def _position(no: int, text: str, width=display_width) -> _Row:
    """The row of a line, each character placed at its display column (or at its cell,
    with ``width=char_width``)."""
    row = _Row(no, text)
    col = 0
    for ch in text:
        row.starts.append(col)
        col += width(ch)
        row.ends.append(col)
    return row


def _internal_gaps(row: _Row) -> list[tuple[int, int]]:
    """Runs of at least GUTTER_MIN blank display columns with text on both sides."""
    gaps, run_start = [], None
    seen_text = False
    for ch, a, b in zip(row.text, row.starts, row.ends):
        if ch.isspace():
            if run_start is None and seen_text:
                run_start = a
        else:
            if run_start is not None and a - run_start >= GUTTER_MIN:
                gaps.append((run_start, a))
            run_start = None
            seen_text = True
    return gaps


def _resumptions(rows: list[_Row]) -> Counter[int]:
    """For each display column, on how many lines text resumes there after an
    internal gap: a column set flush left makes its left edge a sharp peak."""
    resume: Counter[int] = Counter()
    for row in rows:
        resume.update(end for _, end in _internal_gaps(row))
    return resume


def _candidate_gutters(resume: Counter[int]) -> list[int]:
    """The gutters, each as the last blank display column before a column's left edge.

    An edge is a display column where text resumes after a gap on many lines. Lines
    that open a paragraph resume a little further right (the indent); an edge within
    INDENT_MAX columns right of another is such an indent, not a column of its own.
    """
    if not resume:
        return []
    floor = max(MIN_GUTTER_LINES, MIN_GUTTER_SHARE * max(resume.values()))
    edges: list[int] = []
    for c in sorted(c for c, n in resume.items() if n >= floor):
        if edges and c - edges[-1] <= INDENT_MAX:
            continue
        edges.append(c)
    return [c - 1 for c in edges]


@dataclass
class _Section:
    """Consecutive rows that share one column structure."""

    rows: list[_Row] = field(default_factory=list)
    cut: Counter = field(default_factory=Counter)   # gutter -> lines with text on both sides
    crossed: set = field(default_factory=set)       # gutters some line has text across


def _sides(row: _Row, g: int) -> str:
    """``cross`` (text across display column g), ``cut`` (blank at g, text on both
    sides) or ``none`` (text on one side only: the line says nothing about g)."""
    if row.covers(g):
        return "cross"
    first, last = row.ink()
    return "cut" if first < g < last else "none"


def _sections(rows: list[_Row], gutters: list[int]) -> list[_Section]:
    """Cut the page where the column structure changes: a line that has text across a
    gutter the lines above were cut at (or is cut at one they ran across) starts a
    new section. Blank lines stay with the section above."""
    out = [_Section()]
    for row in rows:
        cur = out[-1]
        if not row.blank:
            sides = {g: _sides(row, g) for g in gutters}
            cuts = {g for g, s in sides.items() if s == "cut"}
            crosses = {g for g, s in sides.items() if s == "cross"}
            if cur.rows and (crosses & set(cur.cut) or cuts & cur.crossed):
                cur = _Section()
                out.append(cur)
            cur.cut.update(cuts)
            cur.crossed |= crosses
        cur.rows.append(row)
    return [s for s in out if s.rows]


def _first_ink(row: _Row, lo: int, hi: int | None) -> int | None:
    """Display column of the row's first printed character in [lo, hi), or None."""
    for ch, a in zip(row.text, row.starts):
        if a >= lo and (hi is None or a < hi) and not ch.isspace():
            return a
    return None


def _cut(row: _Row, lo: int, hi: int | None, edge: int) -> str:
    """The row's characters in display columns [lo, hi), without the white space left
    of ``edge`` (the column's left offset) or at the end. White space from ``edge``
    on is kept as printed: it is the paragraph indent (``　　`` or spaces)."""
    chars = [ch for ch, a in zip(row.text, row.starts) if a >= lo and (hi is None or a < hi)
             and not (a < edge and ch.isspace())]
    return "".join(chars).rstrip()


def _column_lines(rows: list[_Row], lo: int, hi: int | None) -> list[tuple[str, int]]:
    """One column of a section as (line, input line number), its left offset removed.

    The column's left edge is the display column most of its lines start at; a line
    starting further right keeps the white space in between, because that is a
    paragraph indent and the paragraph rules read it. Blank lines at the column's top
    and bottom are dropped (the column is set off by one blank line instead).
    """
    firsts = [_first_ink(row, lo, hi) for row in rows]
    starts = Counter(a for a in firsts if a is not None)
    if not starts:
        return []
    edge = min(starts, key=lambda c: (-starts[c], c))
    out = [(_cut(row, lo, hi, edge) if a is not None else "", row.no) for row, a in zip(rows, firsts)]
    while out and not out[0][0]:
        out.pop(0)
    while out and not out[-1][0]:
        out.pop()
    return out


def _reading_order(section: _Section) -> list[tuple[str, int]]:
    """A section's columns one after another, a blank line between two columns."""
    bounds = sorted(g for g, n in section.cut.items() if n >= MIN_CUT_LINES and g not in section.crossed)
    edges = [0] + bounds
    out: list[tuple[str, int]] = []
    for k, lo in enumerate(edges):
        hi = edges[k + 1] if k + 1 < len(edges) else None
        col = _column_lines(section.rows, lo, hi)
        if col and out:
            out.append(("", out[-1][1]))
        out.extend(col)
    return out


@dataclass
class Layout:
    """A ``-layout`` page put into reading order."""

    lines: list[str]     # the lines as the default mode would print them (folded)
    numbers: list[int]   # for each, the input line (1-based) it came from


def _is_layout(rows: list[_Row], resume: Counter[int]) -> bool:
    """Enough lines resume after an internal gap at one display column (see the
    constants): the gaps line up, as gutters do and phrase gaps do not."""
    text_lines = sum(1 for r in rows if not r.blank)
    exact = max(resume.values(), default=0)
    return exact >= MIN_ALIGNED_LINES and _peak(resume) >= MIN_ALIGNED_SHARE * text_lines


def _peak(resume: Counter[int]) -> int:
    """The most lines resuming at one place, give or take ALIGN_SLACK columns (a
    program placing characters on a grid rounds their positions)."""
    return max((sum(resume.get(c + d, 0) for d in range(-ALIGN_SLACK, ALIGN_SLACK + 1)) for c in resume),
               default=0)


#: How far (columns) the lines of one column may start apart on a grid of cells.
ALIGN_SLACK = 1


def find_layout(text: str, folded_lines: list[str]) -> Layout | None:
    """The reading-order form of a ``-layout`` page, or None for any other page.

    ``folded_lines`` are the page's lines after the character table (what the
    pipeline reads); positions are taken from ``text`` before it. A page without a
    single run of GUTTER_MIN spaces is ruled out at once (every default-mode page).
    """
    gap = " " * GUTTER_MIN
    if sum(1 for ln in folded_lines if gap in ln.strip()) < MIN_ALIGNED_LINES:
        return None
    raw = split_lines(text)
    if len(raw) != len(folded_lines):  # cannot happen: the table maps no character to a newline
        raw = folded_lines
    # the page's columns line up either in display columns or in character cells:
    # the measure under which more lines resume at one place is the page's
    best = None
    for width in (display_width, char_width):
        rows = [_position(no, ln, width) for no, ln in enumerate(raw, 1)]
        resume = _resumptions(rows)
        peak = max(resume.values(), default=0)
        if best is None or peak > best[0]:
            best = (peak, rows, resume, width)
    _, rows, resume, width = best
    if not _is_layout(rows, resume):
        return None
    if width is char_width:  # a grid of cells: pieces of many widths, read block by block
        pieces = reading_order(rows)
    else:
        pieces = []
        for section in _sections(rows, _candidate_gutters(resume)):
            part = _reading_order(section)
            if part and pieces:
                pieces.append(("", pieces[-1][1]))
            pieces.extend(part)
    if not pieces:
        return None
    return Layout([fold_chars(t) for t, _ in pieces], [n for _, n in pieces])


# ---------------------------------------------------------------------------
# Text blocks and their reading order
#
# A page set in columns, with pieces of several widths side by side, headlines over
# one piece's columns and a header across the page, is not cut into columns by one set
# of gutters. Its lines are cut into *segments* (runs of text between gaps of
# GUTTER_MIN or more), segments are chained into *blocks* (the lines of one column of
# one piece: each under the one before, a few rows down at most, starting at the same
# place or an indent away), and the blocks are read in the order a recursive XY cut
# gives: the page cut where no block crosses, first into side-by-side groups, then into
# stacked ones, and so on down.


@dataclass
class _Seg:
    row: int      # index of the row
    no: int       # input line number
    x0: int
    x1: int
    text: str


@dataclass
class _Block:
    segs: list[_Seg] = field(default_factory=list)
    #: the left edges its lines start at, and its extent (kept as lines are added: a
    #: long column is checked once a line, not once a line of it)
    edges: set = field(default_factory=set)
    x0: int = 0
    x1: int = 0

    @classmethod
    def of(cls, seg: _Seg) -> "_Block":
        return cls([seg], {seg.x0}, seg.x0, seg.x1)

    def add(self, seg: _Seg) -> None:
        self.segs.append(seg)
        self.edges.add(seg.x0)
        self.x0, self.x1 = min(self.x0, seg.x0), max(self.x1, seg.x1)

    @property
    def y0(self) -> int:
        return self.segs[0].row

    @property
    def y1(self) -> int:
        return self.segs[-1].row


#: Segments of a line are cut at gaps of this many cells or more (a justified line
#: may be spread by gaps of three).
SEGMENT_GAP = 4
#: A block's next line is at most this many rows under its last one (a blank row or
#: two: lines of another column set at other heights print between).
BLOCK_ROW_GAP = 3
#: ... and starts where the block's lines start, or an indent away when it ends where
#: they end (a paragraph's first line): in cells.
BLOCK_EDGE_TOL = 1
BLOCK_INDENT = 4
BLOCK_RIGHT_TOL = 2
#: Single-line blocks side by side on one row no further apart than this (cells) are
#: one line set with wide gaps (a banner, a page header).
SAME_LINE_GAP = 12


def _segments(k: int, row: _Row) -> list[_Seg]:
    """The row's runs of text between gaps of GUTTER_MIN or more."""
    out: list[_Seg] = []
    cur: list[int] = []
    last_end = None
    for i, (ch, a, b) in enumerate(zip(row.text, row.starts, row.ends)):
        if ch.isspace():
            continue
        if cur and last_end is not None and a - last_end >= SEGMENT_GAP:
            out.append(_make_seg(k, row, cur))
            cur = []
        cur.append(i)
        last_end = b
    if cur:
        out.append(_make_seg(k, row, cur))
    return out


def _make_seg(k: int, row: _Row, idx: list[int]) -> _Seg:
    i, j = idx[0], idx[-1]
    return _Seg(k, row.no, row.starts[i], row.ends[j], row.text[i:j + 1])


def _fits(block: _Block, seg: _Seg) -> bool:
    """Does the segment go on the block: under its last line, a few rows down at most,
    at the block's left edge, or an indent away with the right edges agreeing?"""
    last = block.segs[-1]
    if seg.row <= last.row or seg.row - last.row > BLOCK_ROW_GAP:
        return False
    if seg.x0 >= last.x1 or seg.x1 <= last.x0:
        return False
    if seg.x1 - block.x1 > BLOCK_RIGHT_TOL:
        return False  # a column's lines never pass its right edge: a headline over a body
    if len(block.segs) == 1 and "  " in last.text:
        return False  # a line set with phrase gaps (a header, a headline) stands alone
    if any(seg.x0 + d in block.edges for d in range(-BLOCK_EDGE_TOL, BLOCK_EDGE_TOL + 1)):
        return True
    return abs(seg.x0 - block.x0) <= BLOCK_INDENT and abs(seg.x1 - block.x1) <= BLOCK_RIGHT_TOL


def _blocks_of(rows: list[_Row]) -> list[_Block]:
    """Chain the page's segments into blocks, top to bottom."""
    blocks: list[_Block] = []
    open_blocks: list[_Block] = []
    for k, row in enumerate(rows):
        if row.blank:
            continue
        taken: set[int] = set()
        open_blocks = [b for b in open_blocks if k - b.segs[-1].row <= BLOCK_ROW_GAP]
        for seg in _segments(k, row):
            best = None
            for n, b in enumerate(open_blocks):
                if n in taken or not _fits(b, seg):
                    continue
                key = (seg.row - b.segs[-1].row, abs(seg.x0 - b.segs[-1].x0))
                if best is None or key < best[0]:
                    best = (key, n)
            if best is not None:
                n = best[1]
                open_blocks[n].add(seg)
                taken.add(n)
            else:
                b = _Block.of(seg)
                blocks.append(b)
                open_blocks.append(b)
                taken.add(len(open_blocks) - 1)
    return _join_same_line(blocks)


def _join_same_line(blocks: list[_Block]) -> list[_Block]:
    """One-line blocks side by side on one row, close together, are one line printed
    with wide gaps (``学思想   强党性``): joined, the gap kept as two spaces."""
    single: dict[int, list[_Block]] = {}
    for b in blocks:
        if len(b.segs) == 1:
            single.setdefault(b.y0, []).append(b)
    gone: set[int] = set()
    for row_blocks in single.values():
        row_blocks.sort(key=lambda b: b.x0)
        for a, b in zip(row_blocks, row_blocks[1:]):
            if id(a) in gone:
                continue
            if 0 <= b.x0 - a.x1 <= SAME_LINE_GAP:
                sa, sb = a.segs[0], b.segs[0]
                joined = _Block.of(_Seg(sa.row, sa.no, sa.x0, sb.x1, sa.text + "  " + sb.text))
                b.segs, b.edges, b.x0, b.x1 = joined.segs, joined.edges, joined.x0, joined.x1
                gone.add(id(a))
    return [b for b in blocks if id(b) not in gone]


def _xy_order(blocks: list[_Block]) -> list[_Block]:
    """Blocks in reading order: cut into side-by-side groups where no block crosses a
    vertical line (read left to right), else into stacked groups where no block
    crosses a horizontal one (read top to bottom), each group read the same way."""
    if len(blocks) <= 1:
        return blocks
    # a line across the top or the foot of the group (a page header, a banner, a
    # headline over the columns under it, an editors' line) is read first or last
    rows = _groups(blocks, lambda b: (b.y0, b.y1 + 1))
    if len(rows) > 1:
        lo, hi = 0, len(rows)
        while lo < hi and _one_line(rows[lo]):
            lo += 1
        while hi > lo and _one_line(rows[hi - 1]):
            hi -= 1
        if lo or hi < len(rows):
            return ([b for g in rows[:lo] for b in g] + _xy_order([b for g in rows[lo:hi] for b in g])
                    + [b for g in rows[hi:] for b in g])
    for groups in (_groups(blocks, lambda b: (b.x0, b.x1)), _groups(blocks, lambda b: (b.y0, b.y1 + 1))):
        if len(groups) > 1:
            return [b for g in groups for b in _xy_order(g)]
    return sorted(blocks, key=lambda b: (b.y0, b.x0))


def _one_line(group: list[_Block]) -> bool:
    """A group that is one block of one or two lines."""
    return len(group) == 1 and len(group[0].segs) <= 2


def _groups(blocks: list[_Block], span) -> list[list[_Block]]:
    """The blocks in groups along one axis: a new group where no block of the ones
    before reaches past where the next one starts."""
    ordered = sorted(blocks, key=lambda b: span(b))
    groups: list[list[_Block]] = [[ordered[0]]]
    reach = span(ordered[0])[1]
    for b in ordered[1:]:
        lo, hi = span(b)
        if lo >= reach:
            groups.append([b])
        else:
            groups[-1].append(b)
        reach = max(reach, hi)
    return groups


def reading_order(rows: list[_Row]) -> list[tuple[str, int]]:
    """The page's text blocks in reading order, one blank line between two blocks;
    each line with its input line number. A block's left edge is where most of its
    lines start; a line starting further right keeps the difference as an indent."""
    out: list[tuple[str, int]] = []
    for block in _xy_order(_blocks_of(rows)):
        edge = Counter(s.x0 for s in block.segs).most_common(1)[0][0]
        edge = min(edge, block.x0) if block.x0 < edge - BLOCK_INDENT else edge
        if out:
            out.append(("", out[-1][1]))
        for s in block.segs:
            out.append((" " * max(0, s.x0 - edge) + s.text, s.no))
    return out
