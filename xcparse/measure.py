"""Stage 2: lines and their measures.

Width is counted in full-width units: a Chinese character or full-width mark is 1, a
digit or Latin letter is half. A column of text has one width; a paragraph's first
line is about 2 units short of it (the indent is dropped by the PDF extractor) and
its last line is short. Those two facts are all the paragraph rules use.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .normalize import clean_body, clean_heading, close_spread, is_spread

# Plain character classes: the standard library's re runs them about twice as fast
# per call as the regex module (which the \p{Han} patterns need).
_NARROW = re.compile(r"[\x00-\u00b6\u00b8-\u10ff\uff61-\uffdc\u2000-\u200a]")
_CJK_PUNCT = re.compile(r"[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff60\u2018-\u201d\u2014\u2026\u00b7]")


def width_units(s: str) -> float:
    """Width in full-width units.

    >>> width_units("6月20日，")
    4.5
    """
    return len(s) - 0.5 * len(_NARROW.findall(s))


def compressed_width(s: str, width: float | None = None) -> float:
    """Width when the typesetter set punctuation on half a unit, as many do
    (``》，`` and ``，“`` pairs, opening brackets at a line start).

    A line is measured both ways; full lines are full under one of them. ``width``,
    when given, is ``width_units(s)`` already measured.

    >>> compressed_width("6月20日，")
    4.0
    """
    if width is None:
        width = width_units(s)
    return width - 0.5 * len(_CJK_PUNCT.findall(s))


@dataclass(slots=True)
class Line:
    """One input line with its cleaned forms and measures (slots: every stage reads
    its fields many times, and a page makes a thousand of them)."""

    no: int                 # 1-based line number in the input
    raw: str                # after the character table, spaces as printed
    shadow: str = ""        # Simplified-Chinese form of ``raw.strip()``, for pattern matching
    text: str = ""          # body form: no spaces next to Chinese characters
    heading: str = ""       # headline form: phrase gaps kept as one space
    width: float = 0.0      # width of ``text`` in full-width units
    cwidth: float = 0.0     # the same with CJK punctuation on half a unit
    spread: bool = False    # justified with spaces between characters
    pwidth: float = 0.0     # printed width: ``width`` plus half a unit a space (a spread line's reach)
    indented: bool = False  # raw line starts with white space
    role: str = "text"      # set by roles.py / blocks.py
    rule: str = ""          # the rule that set the role
    extra: dict = field(default_factory=dict)

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def src(self) -> str:
        """The line as printed, without surrounding white space."""
        return self.raw.strip()

    def same_shape(self) -> bool:
        """The shadow has the line's length, so a span found in it is a span of ``src``."""
        return len(self.shadow) == len(self.src)


def measure_lines(raw_lines: list[str], shadows: list[str]) -> list[Line]:
    """Build Line objects; ``shadows`` are the t2s forms of ``raw_lines``."""
    out = []
    for i, (raw, sh) in enumerate(zip(raw_lines, shadows), start=1):
        src = raw.strip()
        spread = is_spread(src)
        # a spread line's single spaces are all justification, even between digits
        printed = close_spread(raw) if spread else raw
        text = clean_body(printed)
        width = width_units(text)
        out.append(Line(
            no=i, raw=printed,
            shadow=close_spread(sh.strip()) if spread else sh.strip(), text=text,
            heading=clean_heading(raw), width=width, cwidth=compressed_width(text, width),
            spread=spread, indented=raw[:1].isspace(),
            pwidth=width + 0.5 * src.count(" "),
        ))
    return out


def column_width(widths: list[float]) -> float:
    """The width of the column a run of body lines was set in.

    Most lines of a column are full, so the upper median of the widths is the
    column width; short paragraph ends and indented first lines fall below it.

    >>> column_width([16, 16, 15, 17, 8, 14, 16])
    16
    """
    if not widths:
        return 0.0
    return _upper_median(sorted(widths))


def _upper_median(ws: list[float]) -> float:
    """:func:`column_width` of widths sorted already (at least one)."""
    if len(ws) <= 2:
        return ws[-1]
    upper = ws[len(ws) // 3:]
    # the upper median (for an odd count the median): ``upper`` is sorted already,
    # and statistics.median_high would sort it again
    return upper[len(upper) // 2]


@dataclass(frozen=True)
class Column:
    """The width of the column a body was set in, under the measure that fits it.

    Typesetters differ: some give every punctuation mark a full unit, others set
    most of them on half a unit. Of the two measures, the one under which the lines
    of this body agree best (the full ones cluster tightest) is used.
    """

    width: float
    #: how much of a unit each CJK punctuation mark gives up (0: none, 0.5: half)
    squeeze: float = 0.0

    @classmethod
    def of(cls, lines: list[Line]) -> "Column":
        ws = [ln for ln in lines if ln.text and not ln.spread]
        if not ws:
            return cls(0.0)
        # The middle measure unless one of the pure ones fits clearly better.
        fits = {}
        widths = [ln.width for ln in ws]
        punct = [ln.width - ln.cwidth for ln in ws]  # what squeezing can take off
        for squeeze in (0.25, 0.0, 0.5):
            # unsqueezed, every width less 0.0 is the width itself: no list to build
            measured = sorted([w - squeeze * 2 * p for w, p in zip(widths, punct)] if squeeze else widths)
            col = _upper_median(measured)
            fits[squeeze] = (_dispersion(measured, col), col)
        best = (fits[0.25][0], fits[0.25][1], 0.25)
        for squeeze in (0.0, 0.5):
            d, col = fits[squeeze]
            if d < 0.8 * best[0]:
                best = (d, col, squeeze)
        return cls(best[1], best[2])

    @classmethod
    def exact(cls, lines: list[Line], base: "Column | None" = None) -> "Column":
        """As :meth:`of`, but a measure under which clearly more lines sit exactly on the
        column width wins: a page set without squeezing gives most of its full lines one
        width to the half unit, which no squeezed measure matches.

        Line-by-line reasoning (would the next word have fitted?) needs that precision.
        ``base``, when given, is ``Column.of(lines)`` already measured.
        """
        if base is None:
            base = cls.of(lines)
        ws = [ln for ln in lines if ln.text and not ln.spread]
        if not base or len(ws) < EXACT_MIN_LINES:
            return base

        def measured(squeeze: float) -> list[float]:
            # Column.measure written out: this runs for every line of every body
            k = squeeze * 2
            return [ln.width - k * (ln.width - ln.cwidth) for ln in ws]

        def on_width(measures: list[float], width: float) -> int:
            return sum([abs(m - width) <= EXACT_TOLERANCE for m in measures])

        best, hits = base, on_width(measured(base.squeeze), base.width)
        for squeeze in (0.0, 0.25, 0.5):
            if squeeze == base.squeeze:
                continue
            measures = measured(squeeze)
            c = cls(column_width(measures), squeeze)
            h = on_width(measures, c.width)
            if h >= EXACT_MIN_SHARE * len(ws) and h > EXACT_MARGIN * hits:
                best, hits = c, h
        return best

    def __bool__(self) -> bool:
        return self.width > 0

    def measure(self, ln: Line) -> float:
        return ln.width - self.squeeze * 2 * (ln.width - ln.cwidth)  # measure_widths, inlined (hot)

    def measure_widths(self, width: float, cwidth: float) -> float:
        """The width under this column's squeeze of a text whose ``width_units`` and
        ``compressed_width`` are given."""
        return width - self.squeeze * 2 * (width - cwidth)

    def short_by(self, ln: Line) -> float:
        """How far the line falls short of the column (0 for a spread, justified line)."""
        if ln.spread:
            return 0.0
        return self.width - self.measure(ln)

    def full(self, ln: Line, tol: float = 1.0) -> bool:
        return self.short_by(ln) <= tol


#: :meth:`Column.exact`: a line sits on the column width within this much (units) ...
EXACT_TOLERANCE = 0.125
#: ... and a measure wins when at least this share of the lines sit on its width ...
EXACT_MIN_SHARE = 0.4
#: ... and this many times as many as under the usual measure (of at least this many lines).
EXACT_MARGIN = 1.2
EXACT_MIN_LINES = 6


def _dispersion(widths: list[float], col: float) -> float:
    """Mean distance from the column width of the lines that are near it (the full ones).

    ``widths`` are sorted, so the near ones are one slice. Widths are whole multiples
    of a quarter unit, so their distances add up exactly in any order.
    """
    near = widths[bisect.bisect_left(widths, col - 2):bisect.bisect_right(widths, col + 2)]
    if len(near) < 3:
        return 9.0
    return sum([abs(w - col) for w in near]) / len(near)
