"""Stage 0.5: pages whose columns are printed side by side, put back into reading order.

The rules read pdftotext's default output: one text block's lines after another's,
column after column. ``pdftotext -layout`` and pdfplumber's
``extract_text(layout=True)`` print the columns side by side instead: each output
line holds a line of column 1, a run of spaces (the gutter), a line of column 2, and
so on; a headline spanning columns sits on its own line(s). Read as it is, every
wide line would be taken for one line of one column.

This stage reads such a page by recursive XY-cut over its text grid
(:mod:`xcparse.xycut`) and emits the text as the default mode would: each block's
lines top to bottom, column after column, blocks in reading order, blank lines
between blocks. A page is taken for a side-by-side page only when the cut finds a
gutter with many lines beside it (see :func:`find_layout`); any other
page is returned untouched, so its output does not change by a byte.

Positions are display columns. They are measured on the lines *before* the
character table, which maps full-width digits and the ideographic space to
one-column ASCII (:func:`xcparse.normalize.fold_chars` maps character by character,
so a cut made on the unfolded line is a cut of the folded one).
"""
from __future__ import annotations

from dataclasses import dataclass

from . import xycut
from .normalize import fold_chars, split_lines

#: A gutter is at least this many blank display columns between text. pdftotext's
#: default mode never prints three spaces in a row in the pages seen; phrase gaps in
#: headlines and folios (``城北日报  2024年3月5日``) are one or two.
GUTTER_MIN = xycut.GUTTER_MIN
#: Detection: at least this many lines hold a gap of GUTTER_MIN spaces, and a gutter
#: of the cut has at least this many text rows beside its region's largest column.
MIN_ALIGNED_LINES = 8


def display_width(ch: str) -> int:
    """Display columns of one character in a terminal-like grid: full-width
    characters (as the project measures them) take 2; control and format characters,
    which the character table removes, take none."""
    return xycut.char_cells(ch, 2)


@dataclass
class Layout:
    """A side-by-side page put into reading order."""

    lines: list[str]     # the lines as the default mode would print them (folded)
    numbers: list[int]   # for each, the input line (1-based) it came from


def find_layout(text: str, folded_lines: list[str]) -> Layout | None:
    """The reading-order form of a side-by-side page, or None for any other page.

    ``folded_lines`` are the page's lines after the character table (what the
    pipeline reads); positions are taken from ``text`` before it. A page with fewer
    than MIN_ALIGNED_LINES lines holding a run of GUTTER_MIN spaces (a gutter, or the
    margin left of a column printed on a row of its own) is ruled out at once (every
    default-mode page).
    """
    gap = " " * GUTTER_MIN
    if sum(1 for ln in folded_lines if gap in ln.rstrip()) < MIN_ALIGNED_LINES:
        return None
    raw = split_lines(text)
    if len(raw) != len(folded_lines):  # cannot happen: the table maps no character to a newline
        raw = folded_lines
    pieces, beside = xycut.read(raw)
    if beside < MIN_ALIGNED_LINES:
        return None
    if not pieces:
        return None
    return Layout([fold_chars(t) for t, _ in pieces], [n for _, n in pieces])
