"""Records, step 2: headlines — the page's headline direction, each head run attached
to the segment on that side of it, and a segment's headline parts read as column,
kicker, title and subtitle.

The direction is decided from the page itself: which body each headline shares its
words with, and which end of the page carries headlines.
"""
from __future__ import annotations

from . import patterns as P
from .blocks import Item, banner_text
from .model import Dropped, Record
from .segments import Segment, affinity, bigrams
from .simplified import _t2s_same


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
            # a credit line is a story's byline, never furniture: the story on the other
            # side takes it when it has none
            other = _neighbour_seg(seq, k, +1 if direction == "after" else -1)
            if (other is not None and other.kind == "article" and not other.has_credit()
                    and not other.has_lead() and any(it.kind == "credit" for it in items)):
                other.head_items.extend(it for it in items if it.kind == "credit")
                items = [it for it in items if it.kind != "credit"]
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
        if it.kind == "banner" and (_is_slogan(it) or it.lines[0].extra.get("page_banner")):
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
            tag = P.COLUMN_TAG.match(text)  # a doubled tag 【城事观察】: the name inside
            columns.append(tag.group("name").strip() if tag and not tag.group("rest") else text)
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
