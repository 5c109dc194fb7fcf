"""Stage 0.5: pages from ``pdftotext -layout``, put back into reading order.

The rules read pdftotext's default output: one column's lines after another's. With
``-layout`` pdftotext prints the columns side by side instead: each output line holds
a line of column 1, a run of spaces (the gutter), a line of column 2, and so on, and
a headline spanning columns sits on its own line(s). Read as it is, every wide line
would be taken for one line of one column.

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

from . import xycut
from .measure import width_units
from .normalize import fold_chars, split_lines

#: A gutter is at least this many blank display columns between text. pdftotext's
#: default mode never prints three spaces in a row in the pages seen; phrase gaps in
#: headlines and folios (``城北日报  2024年3月5日``) are one or two.
GUTTER_MIN = 3
#: Detection: at least this many lines, and at least this share of the non-blank
#: lines, must hold an internal gap at one and the same display column.
MIN_ALIGNED_LINES = 8
MIN_ALIGNED_SHARE = 0.3
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


def _position(no: int, text: str, han: int = 2) -> _Row:
    """The row of a line, each character placed at its display column (a full-width
    character ``han`` columns wide)."""
    row = _Row(no, text)
    col = 0
    for ch in text:
        row.starts.append(col)
        col += xycut.char_cells(ch, han)
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
    aligned = max(resume.values(), default=0)
    return aligned >= MIN_ALIGNED_LINES and aligned >= MIN_ALIGNED_SHARE * text_lines


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
    pieces, split_rows = xycut.read(raw)
    if split_rows < MIN_ALIGNED_LINES:
        return None
    if not pieces:
        return None
    return Layout([fold_chars(t) for t, _ in pieces], [n for _, n in pieces])
