"""Stage 5: records — bodies, the headlines that belong to them, bylines, paragraphs.

The body runs are cut into *segments* where a record must start (a lead, a jump
from another page) or end (a photo credit, a jump to another page). Each head run
then goes to the segment on one side of it: the side is the page's *headline
direction*, decided from the page itself (which body each headline shares its words
with, and which end of the page carries headlines). Headlines that share nothing with
their neighbour go to the record whose words they share ("orphans"), and a stretch
of body that no byline, lead or jump anchors is a continuation of the record before it.
"""
from __future__ import annotations

import bisect
import math
import operator
import statistics
from dataclasses import dataclass, field, replace
from functools import lru_cache

from . import patterns as P
from .blocks import Item, Run, banner_text
from .dates import lead_date_to_iso
from .measure import Column, Line, compressed_width, width_units
from .model import Dropped, Record
from .normalize import clean_body


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
        if _is_caption(cap_lines, body_lines):
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
    if rng is None:
        return False
    bcol = Column.of(body)
    if not bcol:
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


# ---------------------------------------------------------------------------
# Headline direction


def headline_direction(seq) -> str:
    """'after' when headlines follow their bodies on this page, else 'before'.

    Each head run between two bodies votes for the body whose words its headlines
    share; the ends of the page vote too (a page that opens with body text and closes
    with a headline prints headlines after their bodies; one that opens with a
    headline prints them before). Banners (column names, slogans) do not vote. In a
    run that holds an ad only the headlines before the ad vote, at AD_RUN_WEIGHT: they
    may be the ad's own slogan, sharing words with a story only by chance.
    """
    def without_ad(run) -> bool:
        return not any(it.kind == "ad" for it in run.items)

    score = 0.0
    for k, (kind, obj) in enumerate(seq):
        if kind != "head":
            continue
        weight, heads = 1.0, obj.items
        if not without_ad(obj):
            first_ad = next(n for n, it in enumerate(obj.items) if it.kind == "ad")
            weight, heads = AD_RUN_WEIGHT, obj.items[:first_ad]
        text = "".join(it.text for it in heads if it.kind == "head")
        if not bigrams(text):
            continue
        prev = _neighbour_seg(seq, k, -1)
        nxt = _neighbour_seg(seq, k, +1)
        a = affinity(text, prev.bigrams) if prev is not None and prev.kind == "article" else 0.0
        b = affinity(text, nxt.bigrams) if nxt is not None and nxt.kind == "article" else 0.0
        score += weight * (a - b)
    if seq:
        first, last = seq[0], seq[-1]
        if first[0] == "seg":
            score += PAGE_END_VOTE
        elif without_ad(first[1]) and any(it.kind == "head" for it in first[1].items):
            score -= PAGE_END_VOTE
        if last[0] == "head" and without_ad(last[1]):
            score += PAGE_END_VOTE
        if last[0] == "seg":
            score -= PAGE_END_VOTE
    return "after" if score >= 0 else "before"


#: The weight of each end of the page in the headline direction vote (a headline
#: sharing half its words with a body weighs about as much).
PAGE_END_VOTE = 0.3
#: The weight of a vote from headlines printed next to an ad.
AD_RUN_WEIGHT = 0.5


def _neighbour_seg(seq, k: int, step: int) -> Segment | None:
    j = k + step
    if 0 <= j < len(seq) and seq[j][0] == "seg":
        return seq[j][1]
    return None


# ---------------------------------------------------------------------------
# Attaching head runs


def attach_heads(seq, direction: str) -> tuple[list[Segment], list[Item], list[Item]]:
    """Give each head run to its segment; return segments, orphan chunks, leftovers."""
    segments = [obj for kind, obj in seq if kind == "seg"]
    for seg in segments:
        if _is_photo(seg):
            seg.kind = "photo"
    orphans: list[Item] = []
    leftovers: list[Item] = []
    for k, (kind, obj) in enumerate(seq):
        if kind != "head":
            continue
        owner = _neighbour_seg(seq, k, -1 if direction == "after" else +1)
        items = list(obj.items)
        if any(it.kind == "ad" for it in items):
            owner_takes = owner is not None and owner.kind == "article" and not owner.titles()
            ad_seg, rest_before, rest_after = _make_ad(items, direction, other_side_free=not owner_takes)
            idx = segments.index(owner) + 1 if (owner is not None and direction == "after") else (
                segments.index(owner) if owner is not None else _insert_index(seq, k, segments))
            segments.insert(idx, ad_seg)
            give = rest_before if direction == "after" else rest_after
            keep = rest_after if direction == "after" else rest_before
            if owner is not None and owner.kind == "article" and not owner.titles():
                _attach(owner, give, orphans, leftovers, direction)
            else:
                orphans.extend(it for it in give if it.kind == "head")
                leftovers.extend(it for it in give if it.kind != "head")
            orphans.extend(it for it in keep if it.kind == "head")
            leftovers.extend(it for it in keep if it.kind != "head")
            continue
        # a picture's title is printed above it, so over its caption: a photo takes the
        # headline before it on a page whose headlines open their stories
        takes = ("article", "photo") if direction == "before" else ("article",)
        if owner is None or owner.kind not in takes:
            orphans.extend(it for it in items if it.kind == "head")
            leftovers.extend(it for it in items if it.kind != "head")
            continue
        _attach(owner, items, orphans, leftovers, direction)
    return segments, orphans, leftovers


def _insert_index(seq, k: int, segments: list[Segment]) -> int:
    before = [obj for kind, obj in seq[:k] if kind == "seg"]
    return len(before)


def _attach(owner: Segment, items: list[Item], orphans: list[Item], leftovers: list[Item], direction: str) -> None:
    for it in items:
        if it.kind == "banner" and _is_slogan(it):
            leftovers.append(it)
        else:
            owner.head_items.append(it)


def _is_slogan(it: Item) -> bool:
    """A section slogan: three or more phrases of one length (促发展 惠民生 保平安)."""
    text, _ = banner_text(it)
    phrases = text.split()
    return len(phrases) >= 3 and len({len(p) for p in phrases}) == 1


def _is_photo(seg: Segment) -> bool:
    return any("photo_credit" in ln.extra for it in seg.items for ln in it.lines)


def _make_ad(items: list[Item], direction: str, other_side_free: bool = False
             ) -> tuple[Segment, list[Item], list[Item]]:
    """An ad is the stretch of a head run from its first to its last ad line, plus its
    slogan: the headline chunk that stands next to it in the page's headline direction,
    or on the other side when there is none there and no story would take that chunk
    (``other_side_free``: the neighbour that way is a photo, an ad or no record)."""
    ad_idx = [i for i, it in enumerate(items) if it.kind == "ad"]
    lo, hi = ad_idx[0], ad_idx[-1]
    head_before = lo > 0 and items[lo - 1].kind == "head"
    head_after = hi + 1 < len(items) and items[hi + 1].kind == "head"
    if direction == "after":
        take_after, take_before = head_after, not head_after and head_before and other_side_free
    else:
        take_before, take_after = head_before, not head_before and head_after and other_side_free
    lo -= take_before
    hi += take_after
    seg = Segment(items=[], kind="ad")
    seg.head_items = items[lo:hi + 1]
    return seg, items[:lo], items[hi + 1:]


# ---------------------------------------------------------------------------
# Orphans: headlines that stand away from their body


def find_orphans(segments: list[Segment], orphans: list[Item]) -> None:
    """Move headline chunks that share no words with their owner to a better record."""
    # the records without a title, in page order; a record joins them when its last
    # headline has moved away (only a record's own headlines move while it is read)
    untitled = [seg for seg in segments if seg.kind == "article" and not seg.titles()]
    for seg in segments:
        if seg.kind != "article":
            continue
        heads = seg.titles()
        if not heads:
            continue
        for it in heads:
            if P.SUBTITLE_DASH.match(it.lines[0].text) or P.KICKER_COLON.search(it.lines[-1].text):
                continue
            hb = bigrams(it.text)
            own = shared(hb, seg.bigrams)
            if own >= 0.2:  # it shares enough with its owner: it stays, whatever the others
                continue
            best_aff = max((shared(hb, other.bigrams) for other in untitled if other is not seg),
                           default=0.0)
            if best_aff >= 0.4 and best_aff >= 2 * own + 0.2:
                seg.head_items.remove(it)
                orphans.append(it)
        if not seg.titles():
            untitled.append(seg)


#: An orphan headline is looked for among this many records on each side of it: more
#: than a page holds, so on a page it is every record, and a huge input stays linear.
ORPHAN_REACH = 40


def place_orphans(segments: list[Segment], orphans: list[Item], furniture: list[str]) -> None:
    """Give each orphan headline to the record it shares most words with: as its
    title when it has none, else as its column (a series name over the piece)."""
    articles = [seg for seg in segments if seg.kind == "article" and seg.items]
    starts = [seg.items[0].first for seg in articles]
    scored = []  # (-affinity, first line, order found): best first, then as found
    pairs: list[tuple[int, Item, Segment]] = []
    for it in orphans:
        hb = bigrams(it.text)
        if not hb:  # no Han bigram: it shares nothing with any record
            continue
        at = bisect.bisect(starts, it.first)
        for seg in articles[max(0, at - ORPHAN_REACH):at + ORPHAN_REACH]:
            aff = shared(hb, seg.bigrams)
            if aff >= 0.3:  # below that no record takes a headline
                scored.append((-aff, it.first, len(pairs)))
                pairs.append((id(it), it, seg))
    scored.sort()
    placed: set[int] = set()
    for _, _, n in scored:
        key, it, seg = pairs[n]
        if key in placed:
            continue
        if not seg.titles() and seg.orphan_title is None:
            seg.orphan_title = it
        elif seg.orphan_column is None and not any(h.kind == "banner" for h in seg.head_items):
            seg.orphan_column = it
        else:
            continue
        placed.add(key)
    for it in orphans:
        if id(it) not in placed:
            furniture.append(it.heading)


# ---------------------------------------------------------------------------
# Continuations: body that no lead, credit or jump anchors


def merge_unanchored(segments: list[Segment], direction: str) -> list[Segment]:
    """Join an article segment with no anchor to the article before it; the bare
    headline between them was a subheading inside one story."""
    out: list[Segment] = []
    merged_here: set[int] = set()  # ids of the segments built below (safe to extend)
    for seg in segments:
        prev = out[-1] if out else None
        if (prev is not None and seg.kind == "article" and prev.kind == "article"
                and not seg.anchored() and seg.orphan_title is None):
            between = prev.head_items if direction == "after" else seg.head_items
            if all(it.kind == "head" for it in between) and len(between) <= 1:
                if id(prev) in merged_here:
                    # extend in place: copying the growing item list at every merge
                    # is quadratic on a long chain of continuations
                    merged = prev
                else:
                    merged = Segment(kind="article")
                    merged.items = list(prev.items)
                    merged_here.add(id(merged))
                merged.items += [Item("subhead", it.lines, "SUBHEADING", it.block) for it in between]
                merged.items += seg.items
                merged.head_items = (seg.head_items if direction == "after" else prev.head_items)
                merged.orphan_column = prev.orphan_column or seg.orphan_column
                merged.orphan_title = prev.orphan_title
                out[-1] = merged
                continue
        out.append(seg)
    return out


# ---------------------------------------------------------------------------
# Building the record


def build_record(seg: Segment, dropped: list[Dropped], page_date: str | None) -> Record:
    rec = Record(kind=seg.kind)
    lines = seg.all_lines
    if seg.orphan_title is not None:
        lines += seg.orphan_title.lines
    if seg.orphan_column is not None:
        lines += seg.orphan_column.lines
    nos = [ln.no for ln in lines]
    rec.lines = (min(nos), max(nos)) if nos else (0, 0)
    if seg.kind == "ad":
        _build_ad(seg, rec)
        return rec
    extra_heads = _headline(seg, rec, dropped)
    _byline(seg, rec)
    rec.continued_from = seg.jump_from()
    rec.continued_to = seg.jump_to()
    for ln in seg.all_lines:
        if "jump_marker" in ln.extra:
            dropped.append(Dropped(ln.extra["jump_marker"], "jump line", ln.no))
    signature: list[str] = []
    if seg.kind == "article" and seg.is_notice():
        rec.kind = "ad"
        seg, signature = _notice_parts(seg, rec)
    if seg.kind == "photo":
        rec.paragraphs = [t for t in ["".join(ln.text for ln in seg.body_lines)] if t]
    else:
        rec.paragraphs = paragraphs(seg)
    rec.paragraphs = extra_heads + rec.paragraphs + signature
    _date(rec, page_date)
    return rec


def _headline(seg: Segment, rec: Record, dropped: list[Dropped]) -> list[str]:
    """Set column, kicker, title and subtitle from the segment's headline parts.

    Returns the parts beyond kicker, title and subtitle (a fourth headline part), which
    the record keeps as leading paragraphs rather than lose. A second subtitle part is
    joined to the first.
    """
    heads = [it for it in seg.head_items if it.kind == "head"]
    columns = []
    for it in seg.head_items:
        if it.kind == "banner":
            text, copies = banner_text(it)
            columns.append(text)
            for c in copies:
                dropped.append(Dropped(c, "second copy of a doubled banner", it.first))
    if seg.orphan_column is not None:
        columns.insert(0, seg.orphan_column.heading)
    if seg.orphan_title is not None:
        heads = [seg.orphan_title] + heads
    # a part that is only a tag (【城事观察】) or a generic label (图片新闻) is a column
    as_column = {}
    for it in heads:
        m = _column_tag(it)
        if m and not m.group("rest"):
            as_column[id(it)] = m.group("name").strip()
        elif len(it.heading) <= P.COLUMN_LABEL_MAX and _t2s_same(it.heading) in P.COLUMN_LABELS:
            as_column[id(it)] = it.heading
    columns += [as_column[id(it)] for it in heads if id(it) in as_column]
    heads = [it for it in heads if id(it) not in as_column]
    subtitle = [it for it in heads if P.SUBTITLE_DASH.match(it.lines[0].text)]
    rest = [it for it in heads if it not in subtitle]
    kicker = title = sub = None
    extra: list[Item] = []
    if len(rest) == 1:
        title = rest[0]
    elif len(rest) == 2:
        kicker, title, sub = _two_part_headline(rest[0], rest[1])
    elif len(rest) >= 3:
        kicker, title, sub, extra = rest[0], rest[1], rest[2], rest[3:]
    subs = ([sub] if sub else []) + subtitle
    rec.kicker = kicker.heading if kicker else None
    rec.title = title.heading if title else None
    for name in ("kicker", "title"):  # a tag opening the first headline part: 【关注】春耕…
        m = P.COLUMN_TAG.match(getattr(rec, name) or "")
        if m:
            columns.append(m.group("name").strip())
            setattr(rec, name, m.group("rest"))
            break
    rec.column = " ".join(columns) or None
    rec.subtitle = " ".join(it.heading for it in subs) or None
    return [it.heading for it in extra]


def _column_tag(it: Item):
    """The COLUMN_TAG match of a headline part (a tag alone leaves ``rest`` empty)."""
    return P.COLUMN_TAG.match(it.heading) if it.heading.startswith(P.COLUMN_TAG_OPENERS) else None


def _two_part_headline(a: Item, b: Item):
    """Two headline parts printed in this order: kicker+title or title+subtitle.

    The main title is set in the largest type: a part whose lines are broken at a
    width narrower than the other part's unbroken line is the bigger one.
    """
    wa = max(ln.width for ln in a.lines)
    wb = max(ln.width for ln in b.lines)
    if P.KICKER_COLON.search(a.lines[-1].text) or P.KICKER_SPEECH.search(a.lines[-1].shadow):
        return a, b, None
    if P.SUBTITLE_PRESENCE.search(b.text) or P.SUBTITLE_PRESENCE.search(_t2s_same(b.text)):
        return None, a, b
    if len(a.lines) >= 2 and wa < wb:
        return None, a, b
    if len(b.lines) >= 2 and wb < wa:
        return a, b, None
    pa, pb = bool(P.SENTENCE_PUNCT.search(a.text)), bool(P.SENTENCE_PUNCT.search(b.text))
    if pa and not pb:
        return a, b, None
    if pb and not pa:
        return None, a, b
    if len(a.text) > len(b.text):
        return a, b, None
    return None, a, b




def parse_credit(text: str, shadow: str | None = None) -> list[tuple[str, list[str]]]:
    """``记者 林晓 通讯员 周明 陈雨`` -> [(记者, [林晓]), (通讯员, [周明, 陈雨])].

    Role words are found in the Simplified ``shadow`` (same length as ``text``) so that
    ``記者`` is a reporter too; the names are cut from the page's own characters. A role
    word follows a space or a separator, except one no name contains (``记者``), which
    is found even where a justified line lost its spaces (``记者林晓通讯员周明``).
    """
    if shadow is None or len(shadow) != len(text):
        shadow = text
    matches = [m for m in P.ROLE_WORD.finditer(shadow)
               if m.start() == 0 or shadow[m.start() - 1] in " 、，,（(/"
               or m.group() in P.UNMISTAKABLE_ROLES]
    if not matches:
        names = [n for n in P.NAME_SPLIT.split(text.strip().lstrip(P.CREDIT_BULLETS).strip()) if n]
        return [("", names)] if names else []
    parts: list[tuple[str, list[str]]] = []
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        names = [n for n in P.NAME_SPLIT.split(text[m.end():end].strip(" ：:/")) if n]
        parts.append((text[m.start():m.end()], names))
    return parts


def _names_into(fields: dict[str, list[str]], parts, shadow_parts) -> None:
    """Put each role's names into the record field the role maps to. A role printed
    after the names with none of its own (``本报记者 张三 文/图``) is theirs too."""
    before: list[str] = []
    for (role, names), (srole, _) in zip(parts, shadow_parts):
        for f in _role_field(srole):
            fields[f].extend(names or before)
        before = names


def _role_field(role: str) -> list[str]:
    return P.BYLINE_ROLES.get(role, "reporters").split("+")


def _format_credit(parts: list[tuple[str, list[str]]]) -> str:
    return " ".join(((role + " ") if role else "") + " ".join(names) for role, names in parts).strip()


def _byline(seg: Segment, rec: Record) -> None:
    fields: dict[str, list[str]] = {"reporters": [], "correspondents": [], "photographers": []}
    bylines: list[str] = []

    def take(text: str, shadow: str, only: str | None = None) -> list[tuple[str, list[str]]]:
        parts = parse_credit(text, shadow)
        roles = parse_credit(shadow, shadow)
        if only:
            for _, names in parts:
                fields[only].extend(names)
        else:
            _names_into(fields, parts, roles)
        return parts

    for ln in seg.body_lines:
        if ln.role == "lead" and "lead_prefix" in ln.extra:
            if not ln.extra["lead_inner"]:  # a lead with no credit
                bylines.append(ln.extra["lead_prefix"])
                break
            inner = _join_credit_lines(ln.extra["lead_inner"], ln.extra["lead_lines"], seg.body_lines)
            parts = take(inner, _t2s_same(inner))
            bylines.append(f"{ln.extra['lead_prefix']}（{_format_credit(parts)}）")
            break
    for it in seg.head_items:
        if it.kind == "credit":
            ln = it.lines[0]
            bylines.append(_format_credit(take(ln.src, ln.shadow)))
    for it in seg.items:
        for ln in it.lines:
            if ln.extra.get("photo_credit_org"):
                # an organisation, an archive or an agency: the credit as printed, no name
                bylines.append(P.SPACE_BY_PUNCT.sub("", P.CREDIT_GAP.sub(" ", ln.extra["photo_credit"]).strip()))
            elif "photo_credit" in ln.extra:
                credit = ln.extra["photo_credit"]
                # the mark is found in the Simplified form (攝 is 摄) and cut from the page's own
                simplified = _t2s_same(credit)
                mark = P.PHOTO_MARK.search(simplified) if len(simplified) == len(credit) else None
                end = mark.start() if mark else len(credit)
                names = _format_credit(take(credit[:end], simplified[:end], only="photographers"))
                printed = credit[mark.start("mark"):mark.end("mark")] if mark else "摄"
                bylines.append(f"{names} {printed}")
    ec = seg._line_extra("end_credit")
    if ec is not None:  # a news item's credit at its end, in brackets
        inner = _join_credit_lines(ec["parts"], ec["lines"], seg.body_lines)
        bylines.append(f"{ec['open']}{_format_credit(take(inner, _t2s_same(inner)))}{ec['close']}")
    rec.byline = " ".join(bylines) or None
    rec.reporters = _dedupe(fields["reporters"])
    rec.correspondents = _dedupe(fields["correspondents"])
    rec.photographers = _dedupe(fields["photographers"])


def _t2s_same(text: str) -> str:
    """The Simplified form of a short text (for role words), or the text itself."""
    from .pipeline import simplified_shadow

    return simplified_shadow([text])[0]


def _dedupe(names: list[str]) -> list[str]:
    seen, out = set(), []
    for n in names:
        if n not in seen:
            seen.add(n)
            out.append(n)
    return out


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
        # a one-character piece is half a name (names have two characters or more);
        # otherwise a line that stops clearly short of the column broke at a space
        if len(tail) == 1 or len(head.rstrip("）)")) == 1:
            glue = ""
        else:
            if col is None:
                col = Column.of(body)
            glue = " " if col and col.short_by(before) >= 2.0 else ""
        joined = out + p
        for m in P.ROLE_WORD.finditer(_t2s_same(joined)):
            if m.start() < len(out) < m.end():  # a role word broken by the line end
                glue = ""
        out = out + glue + p
    return out


def _build_ad(seg: Segment, rec: Record) -> None:
    """An ad is not prose: each printed item (a line, or a cell of a table such as
    ``城北区：0371-5551234``) is a paragraph; its slogan is its title. Lines of one or
    two characters in one block are vertical text and are joined (``服务`` / ``电话``)."""
    items = seg.head_items
    title_item = None
    if items and items[-1].kind == "head" and len(items) > 1:
        title_item = items[-1]
    elif items and items[0].kind == "head" and len(items) > 1:
        title_item = items[0]
    rec.title = title_item.heading if title_item else None
    paras: list[str] = []
    tiny_block = None
    for it in items:
        if it is title_item:
            continue
        for ln in it.lines:
            cells = ln.src.split()
            if len(cells) >= 2 and all(P.AD_CELL.fullmatch(c) for c in cells):
                paras.extend(clean_body(c) for c in cells)
                tiny_block = None
            elif len(ln.text) <= 2:
                if tiny_block == it.block and paras:
                    paras[-1] += ln.text
                else:
                    paras.append(ln.text)
                tiny_block = it.block
            else:
                paras.append(clean_body(ln.src))
                tiny_block = None
    rec.paragraphs = paras


def _notice_parts(seg: Segment, rec: Record) -> tuple[Segment, list[str]]:
    """A notice's title printed as its first body line (set on ``rec``) and the lines
    of its signature (who issued it, the date: short lines after its last sentence),
    each a paragraph; returns the segment without them, for the paragraph rules (a
    short title line would skew the column's width)."""
    body = [it for it in seg.items if it.kind == "body"]
    if not body:
        return seg, []
    lines = {id(it): list(it.lines) for it in body}
    first, last = body[0], body[-1]
    if rec.title is None and _is_notice_title(first.lines[0]):
        rec.title = first.lines[0].heading
        lines[id(first)] = lines[id(first)][1:]
    tail = lines[id(last)]
    ends = [k for k, ln in enumerate(tail) if _ends_sentence(ln.text)]
    cut = ends[-1] + 1 if ends else len(tail)
    signature = tail[cut:]
    if any(P.SENTENCE_PUNCT.search(ln.text) or len(ln.text) > NOTICE_SIGNATURE_MAX for ln in signature):
        signature = []
    else:
        lines[id(last)] = tail[:cut]
    items = [replace(it, lines=lines[id(it)]) if id(it) in lines else it for it in seg.items]
    return replace(seg, items=[it for it in items if it.lines]), [ln.text for ln in signature]


#: A notice's signature line (who issued it, the date) is at most this many characters.
NOTICE_SIGNATURE_MAX = 24


def _date(rec: Record, page_date: str | None) -> None:
    """The lead's date as printed, and as ISO when the page's date gives the year."""
    if not rec.paragraphs or rec.kind != "article":
        return
    m = P.LEAD_DATE.search(rec.paragraphs[0][:30])
    if not m:
        return
    rec.date = m.group(0)
    rec.date_iso = lead_date_to_iso(rec.date, page_date)


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
