"""Records, step 3: orphan headlines and continuations.

Headlines that share nothing with their neighbour go to the record whose words they
share ("orphans"), and a stretch of body that no byline, lead or jump anchors is a
continuation of the record before it.
"""
from __future__ import annotations

import bisect

from . import patterns as P
from .blocks import Item
from .segments import Segment, bigrams, shared


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
#: A record takes an orphan headline that shares at least this share of its words.
ORPHAN_MIN_SHARED = 0.3


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
            if aff >= ORPHAN_MIN_SHARED:  # below that no record takes a headline
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


#: A stretch of body continues the story before it only when the two share at least
#: this share of the words (Han bigrams) of the shorter one: one story's parts name the
#: same people, places and things; a story printed with no byline shares almost none
#: with the one before it.
CONTINUATION_MIN_SHARED = 0.1


#: A body shorter than this (bigrams) is too short to measure: it continues the story.
CONTINUATION_MEASURE_MIN = 12


def _overlap(a: Segment, b: Segment) -> float:
    """Bigrams two bodies share, as a share of the shorter body's (1 when one is too
    short to tell)."""
    least = min(len(a.bigrams), len(b.bigrams))
    return len(a.bigrams & b.bigrams) / least if least >= CONTINUATION_MEASURE_MIN else 1.0


def merge_unanchored(segments: list[Segment], direction: str) -> list[Segment]:
    """Join an article segment with no anchor to the article before it when they share
    their words; the bare headline between them was a subheading inside one story."""
    out: list[Segment] = []
    merged_here: set[int] = set()  # ids of the segments built below (safe to extend)
    for seg in segments:
        prev = out[-1] if out else None
        if (prev is not None and seg.kind == "article" and prev.kind == "article"
                and not seg.anchored() and seg.orphan_title is None
                and _overlap(seg, prev) >= CONTINUATION_MIN_SHARED):
            between = prev.head_items if direction == "after" else seg.head_items
            # one headline chunk at most (its parts are of one printed block)
            if all(it.kind == "head" for it in between) and len({it.block for it in between}) <= 1:
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
                if merged._bigrams is not None:  # the story's words grow with it (kept linear)
                    merged._bigrams |= seg.bigrams
                merged.head_items = (seg.head_items if direction == "after" else prev.head_items)
                merged.orphan_column = prev.orphan_column or seg.orphan_column
                merged.orphan_title = prev.orphan_title
                out[-1] = merged
                continue
        out.append(seg)
    return out
