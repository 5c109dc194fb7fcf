"""Records, step 6: paragraphs — body lines rejoined into paragraphs from their widths
and indents.
"""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from . import patterns as P
from .measure import Column, Line, compressed_width, width_units
from .segments import INDENT, Segment, _ends_sentence


# ---------------------------------------------------------------------------
# Paragraphs


def paragraphs(seg: Segment) -> list[str]:
    """Rejoin body lines into paragraphs.

    A line ends its paragraph when it is short of the column; but an indented first
    line (about two units short) followed by a full line goes on. A full line that
    happens to end in 。 does not end a paragraph by itself, unless the next line is
    an indented first line. A subheading is a paragraph of its own.
    """
    lines: list[tuple[Line, bool]] = []  # (line, is a subheading line)
    for it in seg.items:
        if it.kind in ("subhead", "body"):
            lines.extend((ln, it.kind == "subhead") for ln in it.lines if ln.text)
    lines = [(_as_printed(ln, seg), sub) for ln, sub in lines]
    body = [ln for ln, sub in lines if not sub]
    col = Column.of(body)
    fit_col = Column.exact(body, col)
    kept_indent = _keeps_indent(body, col)
    out: list[str] = []
    cur = ""
    start = True  # the current line starts a paragraph
    for k, (ln, sub) in enumerate(lines):
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        if sub and cur and not (k > 0 and lines[k - 1][1]):
            out.append(cur)
            cur = ""
        cur += ln.text
        if nxt is None:
            break
        if sub or nxt[1]:
            ends = not (sub and nxt[1] and nxt[0].no == ln.no + 1)
        elif kept_indent:
            ends = nxt[0].indented
        else:
            ends = _ends_paragraph(ln, nxt[0], lines[k + 2][0] if k + 2 < len(lines) else None, col, start,
                                   fit_col)
        if ends:
            out.append(cur)
            cur = ""
        start = ends
    if cur:
        out.append(cur)
    return out


def _as_printed(ln: Line, seg: Segment) -> Line:
    """The line measured as printed: the spaces of a news lead cut from it took room.

    A lead's credit is set with spaces between its parts (``本报讯（记者 林晓 通讯员
    周明）``); the body measure drops spaces, so without them the lead line would look
    short and end a paragraph after its first word (``“太|感谢了``).
    """
    if ln.role != "lead" or ln.spread:
        return ln
    if "lead_src" in ln.extra:
        part = ln.extra["lead_src"][0]
    else:  # the credit ran on from the line before: its second printed piece
        lead = next((x for x in seg.body_lines if x.no == ln.extra.get("lead_of")), None)
        srcs = lead.extra.get("lead_src", []) if lead is not None else []
        if len(srcs) < 2:
            return ln
        part = srcs[1]
    gaps = 0.5 * part.strip().count(" ")  # the character table made every space ASCII
    if not gaps:
        return ln
    return replace(ln, width=ln.width + gaps, cwidth=ln.cwidth + gaps)


#: A body shows its paragraph indents as leading spaces when at least this many of its
#: lines (not counting its first) open with white space ...
KEPT_INDENT_MIN = 2
#: ... and at least this share of them follow a line that could end a paragraph (short,
#: or ending a sentence), as paragraph starts do ...
KEPT_INDENT_AFTER_END = 0.75
#: ... and they are at most this share of its lines (a body shifted as a whole is not
#: indented).
KEPT_INDENT_MAX_SHARE = 0.5


def _keeps_indent(lines: list[Line], col: Column) -> bool:
    """Does this body print its paragraph indents as leading white space?

    Then an indented line starts a paragraph and any other line goes on one, whatever
    the widths say (a one-line paragraph may be full, a last line nearly so).
    """
    if len(lines) < 3:
        return False
    starts = [k for k in range(1, len(lines)) if lines[k].indented]
    if len(starts) < KEPT_INDENT_MIN or len(starts) > KEPT_INDENT_MAX_SHARE * (len(lines) - 1):
        return False
    after_end = sum(1 for k in starts if not col.full(lines[k - 1], FULL_TOLERANCE)
                    or _ends_sentence(lines[k - 1].text))
    return after_end >= KEPT_INDENT_AFTER_END * len(starts)


#: A full line falls short of the column by at most this much (units).
FULL_TOLERANCE = 1.0
#: An indented first line falls short by about two units: at most this much.
INDENT_MAX = 3.5
#: A last line without closing punctuation (a subheading, a cut sentence) ends its
#: paragraph only when it is at least this much short.
UNFINISHED_MIN_SHORT = 2.5


def _ends_paragraph(ln: Line, nxt: Line, after: Line | None, col: Column, start: bool,
                    fit_col: Column | None = None) -> bool:
    """Does ``ln`` end its paragraph? ``col`` measures widths; ``fit_col`` (the measure
    that puts the most lines exactly on the column width) judges whether a word would
    have fitted on a line."""
    ends = _ends_sentence(ln.text)
    if not col:
        return ends
    fit_col = fit_col or col
    if (ends or (not nxt.spread and fit_col.short_by(ln) >= UNFINISHED_END_MIN_SHORT)) and (
            _first_line(nxt, after, fit_col)):
        # this line ends a sentence, or falls short (a subheading), and the next line is
        # a first line; a spread line as a first line only after a sentence end (asked
        # in this order: most lines are full and go on, and need no look at the next)
        return True
    short = col.short_by(ln)
    if (ends and not ln.spread and not col.full(nxt, FULL_TOLERANCE)
            and fit_col.measure(ln) + _first_word(nxt, fit_col)
            <= fit_col.width - (INDENT if start else 0.0) + FIT_TOLERANCE):
        # the next word would have fitted on this line, and the next line does not look
        # like one that goes on from it: this line was ended, not broken
        return True
    if short <= FULL_TOLERANCE:
        # a full line ends a paragraph only when an indented first line follows
        # (the next line is an indented start when it is short by about an indent
        # and is not itself a paragraph's last line: it goes on, full or mid-sentence)
        return bool(ends and _indented(nxt, col) and after is not None
                    and (col.full(after, FULL_TOLERANCE) or not _ends_sentence(nxt.text)))
    # a short line ends the paragraph, unless it is an indented first line going on
    if start and short <= INDENT_MAX and col.full(nxt, FULL_TOLERANCE):
        return False
    # ... or a first line stopping mid-sentence that the next word would not have fitted
    # on (an indent narrows the line): it was broken, not ended
    if (start and not ends and short <= INDENT_MAX + INDENT
            and fit_col.measure(ln) + _first_word(nxt, fit_col)
            > fit_col.width - INDENT + FIT_TOLERANCE):
        return False
    # a line that stops mid-sentence must be clearly short to end a paragraph
    if not ends and short <= UNFINISHED_MIN_SHORT:
        return False
    return True


#: A line that stops mid-sentence (a subheading) before a first line ends its
#: paragraph when it falls short by at least this much (a full line runs on).
UNFINISHED_END_MIN_SHORT = 0.75
#: The line after a first line is full: short by at most this much, a spread line
#: measured closed up (spreading fills a line that fell short).
AFTER_FULL_TOLERANCE = 0.5
#: A word "would have fitted" on a line when line and word together exceed the column
#: by at most this much (the column width is an estimate).
FIT_TOLERANCE = 0.25


def _text_measure(text: str, col: Column) -> float:
    """``col.measure`` of a piece of a line (its first word, its hanging marks). A whole
    line is measured by ``col.measure(line)``: its widths are those of the line as
    printed (a lead's prefix and gaps took room), which its text alone no longer shows."""
    return col.measure_widths(*_text_widths(text))


@lru_cache(maxsize=4096)
def _text_widths(text: str) -> tuple[float, float]:
    """``width_units`` and ``compressed_width`` of a text. The paragraph rules measure
    each line several times (as the line, the line before, the line after a first line)."""
    w = width_units(text)
    return w, compressed_width(text, w)


def _first_line(ln: Line, after: Line | None, col: Column) -> bool:
    """Is this line, going by its width alone, a paragraph's (indent-dropped) first line?

    It falls short of the column by about an indent (a closing mark hung in the margin
    not counted; a spread line by its closed-up width); it is not a line broken early
    because the next word was too wide, since that word would have fitted in the full
    column (but not in the column narrowed by the indent: else it would have gone on
    this line too); and it is not a paragraph's last line, since the line after it is full (or
    spread, which only a line that goes on is, while this one stops mid-sentence).
    """
    if after is None:
        return False
    if col.width - col.measure(after) > AFTER_FULL_TOLERANCE and not (
            after.spread and not _ends_sentence(ln.text)):
        return False  # the line after is short: this may be a last line
    short = col.width - col.measure(ln)  # a spread line closed up, unlike col.short_by
    if short <= FULL_TOLERANCE:  # as wide as a full line: unless its closing marks hang
        core = ln.text.rstrip(P.NO_LINE_START)
        if core == ln.text:
            return False
        short += _text_measure(ln.text[len(core):], col)
    if not FULL_TOLERANCE < short <= INDENT_MAX:
        return False
    # the next word fits in the full column but not in the indented one
    reach = col.measure(ln) + _first_word(after, col)
    return col.width - INDENT + FIT_TOLERANCE < reach <= col.width + FIT_TOLERANCE


def _first_word(ln: Line, col: Column) -> float:
    """Width of the first word of a line, with the marks that may not open a line."""
    m = P.FIRST_WORD_CLOSED.match(ln.text)
    return _text_measure(m.group(), col) if m else 0.0


def _indented(ln: Line, col: Column) -> bool:
    return FULL_TOLERANCE < col.short_by(ln) <= INDENT_MAX
