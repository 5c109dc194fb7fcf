"""Records, step 1: segments — body runs cut where a record must start or end.

A segment starts at a lead or a jump from another page and ends at a photo credit or
a jump to another page; a caption standing before an article's body and a change of
column inside one body are cut off as segments of their own. Also the content
affinity (shared Han bigrams) that headline direction and orphans are decided by.
"""
from __future__ import annotations

import bisect
import math
import operator
import statistics
from dataclasses import dataclass, field
from functools import lru_cache

from . import patterns as P
from .blocks import Item, Run
from .measure import Column, Line


def bigrams(text: str) -> set[str]:
    """Han character bigrams: the unit of content affinity between headline and body.

    Every pair of adjacent Han characters, taken run by run (``map(operator.add,
    run, run[1:])`` pairs each character with the next one in C, not in Python).

    >>> sorted(bigrams("本报讯a记者"))
    ['报讯', '本报', '记者']
    """
    out: set[str] = set()
    for run in P.HAN_RUN.findall(text):
        out.update(map(operator.add, run, run[1:]))
    return out


@lru_cache(maxsize=8192)
def _ends_sentence(text: str) -> bool:
    """Does ``text`` end a sentence (``P.ENDS_SENTENCE``)? The segmentation and paragraph
    rules ask it of each line several times; the answer is kept by text."""
    return P.ENDS_SENTENCE.search(text) is not None


def affinity(head: str, body_bigrams: set[str]) -> float:
    """Share of a headline's bigrams that occur in a body (0..1)."""
    return shared(bigrams(head), body_bigrams)


def shared(head_bigrams: set[str], body_bigrams: set[str]) -> float:
    """``affinity`` for a headline whose bigrams are already counted (0..1)."""
    hb = head_bigrams
    return len(hb & body_bigrams) / len(hb) if hb else 0.0


# ---------------------------------------------------------------------------
# Segments


@dataclass
class Segment:
    """A record in the making: body items and the headline parts attached to it."""

    items: list[Item] = field(default_factory=list)
    kind: str = "article"
    head_items: list[Item] = field(default_factory=list)
    orphan_title: Item | None = None
    orphan_column: Item | None = None
    _bigrams: set[str] | None = None

    @property
    def body_lines(self) -> list[Line]:
        return [ln for it in self.items if it.kind == "body" for ln in it.lines]

    @property
    def all_lines(self) -> list[Line]:
        return [ln for it in self.items + self.head_items for ln in it.lines]

    @property
    def bigrams(self) -> set[str]:
        if self._bigrams is None:
            self._bigrams = bigrams("".join(ln.text for ln in self.body_lines))
        return self._bigrams

    def has_lead(self) -> bool:
        return any(ln.role == "lead" and "lead_prefix" in ln.extra for ln in self.body_lines)

    def _line_extra(self, key: str) -> str | None:
        """The first value a line of the body carries under ``key`` (a jump target)."""
        for it in self.items:
            for ln in it.lines:
                if key in ln.extra:
                    return ln.extra[key]
        return None

    def jump_from(self) -> str | None:
        return self._line_extra("jump_from")

    def jump_to(self) -> str | None:
        return self._line_extra("jump_to")

    def has_credit(self) -> bool:
        return any(it.kind == "credit" for it in self.head_items)

    def has_end_credit(self) -> bool:
        """The body ends with its credit in brackets (``…成效。（记者 张三）``)."""
        return self._line_extra("end_credit") is not None

    def anchored(self) -> bool:
        # (with none of the others, a notice title is what makes a notice: is_notice)
        return (self.has_lead() or self.has_credit() or self.jump_from() is not None
                or self.has_end_credit() or self._has_notice_title())

    def is_notice(self) -> bool:
        """A public notice: titled 遗失声明, 拍卖公告 and the like (as its headline or
        its first body line), with no lead or credit."""
        return not (self.has_lead() or self.has_credit() or self.has_end_credit()) and self._has_notice_title()

    def _has_notice_title(self) -> bool:
        first = next((it for it in self.items if it.kind == "body"), None)
        return (any(_is_notice_title(it.lines[0]) for it in self.titles())
                or (first is not None and _is_notice_title(first.lines[0])))

    def titles(self) -> list[Item]:
        return [it for it in self.head_items if it.kind == "head"]


def _is_notice_title(ln: Line) -> bool:
    """``NOTICE_TITLE`` on the line's Simplified form (its notice word tested first)."""
    return ln.shadow.endswith(P.NOTICE_WORDS) and bool(P.NOTICE_TITLE.match(ln.shadow.replace(" ", "")))


def _starts_record(it: Item) -> bool:
    ln = it.lines[0]
    return (ln.role == "lead" and "lead_prefix" in ln.extra) or "jump_from" in ln.extra or (
        it.kind == "body" and _is_notice_title(ln))


def _ends_record(it: Item) -> bool:
    ln = it.lines[-1]
    return (it.kind == "photo_credit" or "jump_to" in ln.extra or "photo_credit" in ln.extra
            or "end_credit" in ln.extra)


def segment_runs(runs: list[Run]) -> list[tuple[str, object]]:
    """Cut body runs into segments; return the page as ('seg', Segment) / ('head', Run)."""
    out: list[tuple[str, object]] = []
    for run in runs:
        if run.kind == "head":
            out.append(("head", run))
            continue
        seg = Segment()
        for it in run.items:
            if seg.items and (_starts_record(it) or _ends_record(seg.items[-1])):
                out.append(("seg", seg))
                seg = Segment()
            seg.items.append(it)
        out.append(("seg", seg))
    out = [(kind, part) for kind, obj in out
           for part in (_split_caption(obj) if isinstance(obj, Segment) else [obj])]
    return [(kind, part) for kind, obj in out
            for part in (_split_at_lines(obj, _column_changes(obj)) if isinstance(obj, Segment) else [obj])]


#: A caption is printed as one paragraph, at most two (split by a blank line); each
#: is a block of its own, after a blank line.
CAPTION_MAX_BLOCKS = 2
#: The full lines of a caption (neither first nor last of its paragraph) agree in
#: width to within this much (units) ...
CAPTION_WIDTH_TOL = 1.5
#: ... and a caption is set at a width of its own: the body before it is set at a
#: column at least this much wider or narrower.
CAPTION_MIN_WIDTH_GAP = 2.0
#: With no full line to measure, a caption's width is told from its first line: the
#: body column must lie this far outside the range the first line allows.
CAPTION_FIRST_LINE_GAP = 1.0
#: A paragraph's first line is indented by this much (units): about that much short
#: of its column when the indent is dropped.
INDENT = 2.0


def _split_caption(seg: Segment) -> list[Segment]:
    """Cut a photo caption off the body it follows with no headline between.

    A segment that ends with a photo credit (``X 摄``) is a caption, but the body
    before the caption may run into it: a story printed above its picture. The
    caption is the last one or two printed blocks (after a blank line, starting a
    paragraph) whose lines keep one width of their own, different from the
    column of the body before them.
    """
    blocks: list[list[Item]] = []
    for it in seg.items:
        if blocks and blocks[-1][0].block == it.block:
            blocks[-1].append(it)
        else:
            blocks.append([it])
    # a credit on a line of its own may stand in a block of its own: it goes with the caption
    text_blocks = [b for b in blocks if any(ln.text for it in b for ln in it.lines)]
    if len(text_blocks) < 2:
        return [seg]
    opens = seg.has_lead() or seg.jump_from() is not None
    if not opens and len(text_blocks) <= CAPTION_MAX_BLOCKS and _caption_width(
            [[ln for it in b for ln in it.lines if ln.text] for b in text_blocks]) is not None:
        return [seg]  # the whole segment is one caption, printed in parts
    for m in range(min(CAPTION_MAX_BLOCKS, len(text_blocks) - 1), 0, -1):
        first_cap = text_blocks[-m]
        cap_lines = [[ln for it in b for ln in it.lines if ln.text] for b in text_blocks[-m:]]
        start = seg.items.index(first_cap[0])
        body_lines = [ln for it in seg.items[:start] for ln in it.lines if ln.text]
        if not body_lines or any(_starts_record(it) for it in seg.items[start:]):
            continue
        if _is_caption(cap_lines, body_lines) or (
                m == 1 and first_cap[0].rule == "BEFORE_PHOTO_CREDIT" and _ends_sentence(body_lines[-1].text)):
            # (a caption printed without a stop, in a block of its own above its credit)
            return [Segment(items=seg.items[:start]), Segment(items=seg.items[start:])]
    return [seg]


def _caption_width(blocks: list[list[Line]]) -> tuple[float, float] | None:
    """The width a caption's blocks were set at, as a range (lo, hi), or None when the
    blocks do not read as one caption: each part ends a sentence, and the full lines
    (neither first nor last of a part) agree in width. With no full line, the width is
    that of a first line, or up to an indent more; a spread line only bounds it below."""
    for b in blocks:
        if not _ends_sentence(b[-1].text):
            return None  # each printed part of a caption ends a sentence
    col = Column.of([ln for b in blocks for ln in b])
    interior = [col.measure(ln) for b in blocks for ln in b[1:-1] if not ln.spread]
    if interior:
        wc = statistics.median(interior)
        if any(abs(w - wc) > CAPTION_WIDTH_TOL for w in interior):
            return None
        return wc, wc
    firsts = [col.measure(b[0]) for b in blocks if len(b) > 1 and not b[0].spread]
    # a spread line (justified, its spaces dropped) is no wider than its column
    spread = [col.measure(ln) for b in blocks for ln in b[:-1] if ln.spread]
    if not firsts and not spread:
        return None
    lo = max(firsts + spread)
    return lo, (max(firsts) + INDENT if firsts else float("inf"))


def _is_caption(blocks: list[list[Line]], body: list[Line]) -> bool:
    """Are these blocks one caption set at its own width, apart from ``body``'s column?"""
    if not _ends_sentence(body[-1].text):
        return False  # the caption starts a paragraph: the body before it has ended one
    rng = _caption_width(blocks)
    bcol = Column.of(body)
    if not bcol:
        return False
    if rng is None and len(blocks) == 1 and len(blocks[0]) == 1 and _ends_sentence(blocks[0][0].text):
        # a caption of one line, in a block of its own: shorter than the body's column
        return bcol.short_by(blocks[0][0]) >= CAPTION_MIN_WIDTH_GAP
    if rng is None:
        return False
    gap = CAPTION_MIN_WIDTH_GAP if rng[0] == rng[1] else CAPTION_FIRST_LINE_GAP
    return bcol.width < rng[0] - gap or bcol.width > rng[1] + gap


def _column_changes(seg: Segment) -> list[int]:
    """The line numbers where a body changes column width at a paragraph start: a new
    frame, so a new story (two stories set one after the other with no headline between)."""
    lines = [ln for ln in seg.body_lines if ln.text]
    if len(lines) < 16:
        return []
    interior = _interior_flags(lines)
    # the interior lines (the ones that measure the column), by position in ``lines``
    at = [k for k, ok in enumerate(interior) if ok]
    widths = [lines[k].width for k in at]
    cwidths = [lines[k].cwidth for k in at]
    candidates: list[tuple[float, int]] = []
    for k in range(6, len(lines) - 6):
        prev = lines[k - 1]
        if not _ends_sentence(prev.text) or interior[k - 1]:
            continue
        # the interior lines among the COLUMN_WINDOW lines on each side
        lo, mid, hi = (bisect.bisect_left(at, k - COLUMN_WINDOW), bisect.bisect_left(at, k),
                       bisect.bisect_left(at, k + COLUMN_WINDOW))
        if mid - lo < 6 or hi - mid < 6:
            continue
        tw = _t_stat(widths[lo:mid], widths[mid:hi])
        if abs(tw[1]) < COLUMN_MIN_SHIFT:
            continue  # the widths barely change: no need to measure the other way
        tc = _t_stat(cwidths[lo:mid], cwidths[mid:hi])
        strength = (abs(tw[0]) + abs(tc[0])) / 2
        if tw[1] * tc[1] > 0 and min(abs(tw[1]), abs(tc[1])) >= COLUMN_MIN_SHIFT and strength >= 3.5:
            candidates.append((strength, k))
    taken: list[int] = []
    for _, k in sorted(candidates, reverse=True):
        if all(abs(k - t) >= 25 for t in taken):
            taken.append(k)
    return [lines[k].no for k in sorted(taken)]


#: A change of column is told from the lines this far on each side of it ...
COLUMN_WINDOW = 30
#: ... whose mean widths (measured both ways) differ by at least this much (units).
COLUMN_MIN_SHIFT = 0.75


def _t_stat(a: list[float], b: list[float]) -> tuple[float, float]:
    """Welch's t statistic and the difference of means of two samples of widths."""
    ma, mb = sum(a) / len(a), sum(b) / len(b)
    va = sum((x - ma) ** 2 for x in a) / len(a)
    vb = sum((x - mb) ** 2 for x in b) / len(b)
    se = max((va / len(a) + vb / len(b)) ** 0.5, 0.05)
    return (ma - mb) / se, ma - mb


#: Lines on each side that a line is compared with to tell whether it fills its
#: column (the column is local: a segment may hold two stories set at two widths).
INTERIOR_NEIGHBOURS = 3


def _interior_flags(lines: list[Line]) -> list[bool]:
    """Lines inside a paragraph (neither clearly first nor last): the ones that fill
    the column, and so measure it. A line fills its column when it is about as wide
    as the widest of its neighbours (spread lines not counted)."""
    h = INTERIOR_NEIGHBOURS
    # a spread line measures no column: at minus infinity it is never the widest
    reach = [-math.inf if ln.spread else ln.width for ln in lines]
    full = [not ln.spread and ln.width >= max(reach[max(0, k - h):k + h + 1]) - 1.0
            for k, ln in enumerate(lines)]
    return [full[k] and k > 0 and full[k - 1] and not _ends_sentence(ln.text)
            for k, ln in enumerate(lines)]


def _split_at_lines(seg: Segment, starts: list[int]) -> list[Segment]:
    """The segment cut before each line number of ``starts`` (inside an item too)."""
    if not starts:
        return [seg]
    splits = set(starts)
    parts: list[Segment] = []
    cur = Segment()
    for it in seg.items:
        cur_lines: list[Line] = []
        for ln in it.lines:
            if ln.no in splits and (cur.items or cur_lines):
                if cur_lines:
                    cur.items.append(Item(it.kind, cur_lines, it.rule, it.block))
                    cur_lines = []
                parts.append(cur)
                cur = Segment()
            cur_lines.append(ln)
        if cur_lines:
            cur.items.append(Item(it.kind, cur_lines, it.rule, it.block))
    parts.append(cur)
    return parts
