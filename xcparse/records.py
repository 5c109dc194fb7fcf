"""Stage 5: records — bodies, the headlines that belong to them, bylines, paragraphs.

The stage runs in steps, each in its own module:

1. :mod:`xcparse.segments` — ``segment_runs``: the body runs are cut into *segments*
   where a record must start (a lead, a jump from another page) or end (a photo
   credit, a jump to another page).
2. :mod:`xcparse.headlines` — ``headline_direction`` and ``attach_heads``: each head
   run goes to the segment on one side of it; the side is the page's *headline
   direction*, decided from the page itself (which body each headline shares its
   words with, and which end of the page carries headlines).
3. :mod:`xcparse.orphans` — ``find_orphans``, ``place_orphans``: headlines that share
   nothing with their neighbour go to the record whose words they share ("orphans");
   ``merge_unanchored``: a stretch of body that no byline, lead or jump anchors is a
   continuation of the record before it.
4. :func:`build_record` (here) makes each segment a record from its headline
   (:mod:`xcparse.headlines`), byline (:mod:`xcparse.bylines`), ad or notice parts
   (:mod:`xcparse.ads`) and paragraphs (:mod:`xcparse.paragraphs`).
"""
from __future__ import annotations

from . import patterns as P
from .ads import _build_ad, _notice_parts
from .bylines import _byline
from .dates import lead_date_to_iso
from .headlines import _headline, attach_heads, headline_direction
from .model import Dropped, Record
from .orphans import find_orphans, merge_unanchored, place_orphans
from .paragraphs import paragraphs
from .segments import Segment, segment_runs

__all__ = ["attach_heads", "build_record", "find_orphans", "headline_direction",
           "merge_unanchored", "paragraphs", "place_orphans", "segment_runs"]


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


def _date(rec: Record, page_date: str | None) -> None:
    """The lead's date as printed, and as ISO when the page's date gives the year."""
    if not rec.paragraphs or rec.kind != "article":
        return
    m = P.LEAD_DATE.search(rec.paragraphs[0][:30])
    if not m:
        return
    rec.date = m.group(0)
    rec.date_iso = lead_date_to_iso(rec.date, page_date)
