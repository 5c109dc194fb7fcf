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

from dataclasses import dataclass, field

import operator
import statistics

import regex

from . import patterns as P
from .blocks import Item, Run, banner_text
from .measure import Column, Line, column_width
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
    orphan_title: str | None = None
    orphan_column: str | None = None
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

    def anchored(self) -> bool:
        return self.has_lead() or self.has_credit() or self.jump_from() is not None

    def titles(self) -> list[Item]:
        return [it for it in self.head_items if it.kind == "head"]


def _starts_record(it: Item) -> bool:
    ln = it.lines[0]
    return (ln.role == "lead" and "lead_prefix" in ln.extra) or "jump_from" in ln.extra


def _ends_record(it: Item) -> bool:
    ln = it.lines[-1]
    return it.kind == "photo_credit" or "jump_to" in ln.extra or "photo_credit" in ln.extra


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
    for kind, obj in out:
        if kind == "seg":
            _split_by_column(obj, out)
    return _flatten_width_splits(out)


def _split_by_column(seg: Segment, out) -> None:
    """Mark where a body changes column width at a paragraph start: a new frame, so a
    new story (two stories set one after the other with no headline between)."""
    seg.__dict__.setdefault("width_splits", [])
    lines = [ln for ln in seg.body_lines if ln.text]
    if len(lines) < 16:
        return
    interior = _interior_flags(lines)
    candidates: list[tuple[float, int]] = []
    window = [(ln, interior[j]) for j, ln in enumerate(lines)]
    for k in range(6, len(lines) - 6):
        prev = lines[k - 1]
        if not P.ENDS_SENTENCE.search(prev.text) or interior[k - 1]:
            continue
        before = [ln for ln, ok in window[max(0, k - 30):k] if ok]
        after = [ln for ln, ok in window[k:k + 30] if ok]
        if len(before) < 6 or len(after) < 6:
            continue
        tw = _t_stat([ln.width for ln in before], [ln.width for ln in after])
        tc = _t_stat([ln.cwidth for ln in before], [ln.cwidth for ln in after])
        strength = (abs(tw[0]) + abs(tc[0])) / 2
        if tw[1] * tc[1] > 0 and min(abs(tw[1]), abs(tc[1])) >= 0.75 and strength >= 3.5:
            candidates.append((strength, k))
    taken: list[int] = []
    for _, k in sorted(candidates, reverse=True):
        if all(abs(k - t) >= 25 for t in taken):
            taken.append(k)
    seg.width_splits.extend(lines[k].no for k in sorted(taken))


def _t_stat(a: list[float], b: list[float]) -> tuple[float, float]:
    """Welch's t statistic and the difference of means of two samples of widths."""
    ma, mb = sum(a) / len(a), sum(b) / len(b)
    va = sum((x - ma) ** 2 for x in a) / len(a)
    vb = sum((x - mb) ** 2 for x in b) / len(b)
    se = max((va / len(a) + vb / len(b)) ** 0.5, 0.05)
    return (ma - mb) / se, ma - mb


def _interior_flags(lines: list[Line]) -> list[bool]:
    """Lines inside a paragraph (neither clearly first nor last): the ones that fill
    the column, and so measure it."""
    col = Column.of(lines)
    flags = []
    for k, ln in enumerate(lines):
        ok = (not ln.spread and col.full(ln) and k > 0 and col.full(lines[k - 1])
              and not P.ENDS_SENTENCE.search(ln.text))
        flags.append(ok)
    return flags


def _flatten_width_splits(out):
    res = []
    for kind, obj in out:
        if kind != "seg" or not getattr(obj, "width_splits", None):
            res.append((kind, obj))
            continue
        splits = set(obj.width_splits)
        seg = Segment()
        for it in obj.items:
            # split inside an item when needed
            cur_lines: list[Line] = []
            for ln in it.lines:
                if ln.no in splits and (seg.items or cur_lines):
                    if cur_lines:
                        seg.items.append(Item(it.kind, cur_lines, it.rule, it.block))
                        cur_lines = []
                    res.append(("seg", seg))
                    seg = Segment()
                cur_lines.append(ln)
            if cur_lines:
                seg.items.append(Item(it.kind, cur_lines, it.rule, it.block))
        res.append(("seg", seg))
    return res


# ---------------------------------------------------------------------------
# Headline direction


def headline_direction(seq) -> str:
    """'after' when headlines follow their bodies on this page, else 'before'.

    Each head run between two bodies votes for the body whose words its headlines
    share; the ends of the page vote too (a page that opens with body text and closes
    with a headline prints headlines after their bodies).
    """
    score = 0.0
    for k, (kind, obj) in enumerate(seq):
        if kind != "head":
            continue
        text = "".join(it.text for it in obj.items if it.kind in ("head", "banner"))
        if not bigrams(text):
            continue
        prev = _neighbour_seg(seq, k, -1)
        nxt = _neighbour_seg(seq, k, +1)
        a = affinity(text, prev.bigrams) if prev is not None and prev.kind == "article" else 0.0
        b = affinity(text, nxt.bigrams) if nxt is not None and nxt.kind == "article" else 0.0
        score += a - b
    if seq:
        if seq[0][0] == "seg":
            score += 0.3
        if seq[-1][0] == "head":
            score += 0.3
        if seq[-1][0] == "seg":
            score -= 0.3
    return "after" if score >= 0 else "before"


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
            ad_seg, rest_before, rest_after = _make_ad(items, direction)
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
        if owner is None or owner.kind != "article":
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
    """A section slogan: three or more phrases of one length (学思想 强党性 重实践)."""
    text, _ = banner_text(it)
    phrases = text.split()
    return len(phrases) >= 3 and len({len(p) for p in phrases}) == 1


def _is_photo(seg: Segment) -> bool:
    return any("photo_credit" in ln.extra for it in seg.items for ln in it.lines)


def _make_ad(items: list[Item], direction: str) -> tuple[Segment, list[Item], list[Item]]:
    """An ad is the stretch of a head run from its first to its last ad line, plus its
    slogan: the headline chunk that stands next to it in the page's headline direction."""
    ad_idx = [i for i, it in enumerate(items) if it.kind == "ad"]
    lo, hi = ad_idx[0], ad_idx[-1]
    if direction == "after" and hi + 1 < len(items) and items[hi + 1].kind == "head":
        hi += 1
    elif direction == "before" and lo > 0 and items[lo - 1].kind == "head":
        lo -= 1
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


def place_orphans(segments: list[Segment], orphans: list[Item], furniture: list[str]) -> None:
    """Give each orphan headline to the record it shares most words with: as its
    title when it has none, else as its column (a series name over the piece)."""
    articles = [seg for seg in segments if seg.kind == "article"]
    scored = []  # (-affinity, first line, order found): best first, then as found
    pairs = []
    for it in orphans:
        hb = bigrams(it.text)
        if not hb:  # no Han bigram: it shares nothing with any record
            continue
        for seg in articles:
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
    _headline(seg, rec, dropped)
    _byline(seg, rec)
    rec.continued_from = seg.jump_from()
    rec.continued_to = seg.jump_to()
    for it in seg.items:
        for ln in it.lines:
            if "jump_marker" in ln.extra:
                dropped.append(Dropped(ln.extra["jump_marker"], "jump line", ln.no))
    if seg.kind == "photo":
        rec.paragraphs = [t for t in ["".join(ln.text for ln in seg.body_lines)] if t]
    else:
        rec.paragraphs = paragraphs(seg)
    _date(rec, page_date)
    return rec


def _headline(seg: Segment, rec: Record, dropped: list[Dropped]) -> None:
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
    rec.column = " ".join(columns) or None
    if seg.orphan_title is not None:
        heads = [seg.orphan_title] + heads
    subtitle = [it for it in heads if P.SUBTITLE_DASH.match(it.lines[0].text)]
    rest = [it for it in heads if it not in subtitle]
    kicker = title = sub = None
    if len(rest) == 1:
        title = rest[0]
    elif len(rest) == 2:
        kicker, title, sub = _two_part_headline(rest[0], rest[1])
    elif len(rest) >= 3:
        kicker, title, sub = rest[0], rest[1], rest[2]
        for extra in rest[3:]:
            rec.paragraphs.append(extra.heading)
    if subtitle:
        sub = subtitle[0]
    rec.kicker = kicker.heading if kicker else None
    rec.title = title.heading if title else None
    rec.subtitle = sub.heading if sub else None


def _two_part_headline(a: Item, b: Item):
    """Two headline parts printed in this order: kicker+title or title+subtitle.

    The main title is set in the largest type: a part whose lines are broken at a
    width narrower than the other part's unbroken line is the bigger one.
    """
    wa = max(ln.width for ln in a.lines)
    wb = max(ln.width for ln in b.lines)
    if P.KICKER_COLON.search(a.lines[-1].text):
        return a, b, None
    if P.SUBTITLE_PRESENCE.search(b.text):
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


_NAME_SPLIT = regex.compile(r"[\s、，,]+")


def parse_credit(text: str, shadow: str | None = None) -> list[tuple[str, list[str]]]:
    """``记者 孙江锋 通讯员 丁成飚 王丽平`` -> [(记者, [孙江锋]), (通讯员, [丁成飚, 王丽平])].

    Role words are found in the Simplified ``shadow`` (same length as ``text``) so that
    ``記者`` is a reporter too; the names are cut from the page's own characters.
    """
    if shadow is None or len(shadow) != len(text):
        shadow = text
    matches = [m for m in P.ROLE_WORD.finditer(shadow)
               if m.start() == 0 or shadow[m.start() - 1] in " 、，,（(/"]
    if not matches:
        names = [n for n in _NAME_SPLIT.split(text.strip()) if n]
        return [("", names)] if names else []
    parts: list[tuple[str, list[str]]] = []
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        names = [n for n in _NAME_SPLIT.split(text[m.end():end].strip(" ：:")) if n]
        parts.append((text[m.start():m.end()], names))
    return parts


def _names_into(fields: dict[str, list[str]], parts, shadow_parts) -> None:
    """Put each role's names into the record field the role maps to."""
    for (role, names), (srole, _) in zip(parts, shadow_parts):
        for f in _role_field(srole):
            fields[f].extend(names)


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
            inner = _join_credit_lines(ln.extra["lead_inner"], ln, Column.of(seg.body_lines))
            parts = take(inner, _t2s_same(inner))
            bylines.append(f"{ln.extra['lead_prefix']}（{_format_credit(parts)}）")
            break
    for it in seg.head_items:
        if it.kind == "credit":
            ln = it.lines[0]
            bylines.append(_format_credit(take(ln.src, ln.shadow)))
    for it in seg.items:
        for ln in it.lines:
            if "photo_credit" in ln.extra:
                core = P.PHOTO_MARK.sub("", ln.extra["photo_credit"])
                bylines.append(_format_credit(take(core, _t2s_same(core), only="photographers")) + " 摄")
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


def _join_credit_lines(parts: list[str], first: Line, col: Column) -> str:
    """Rejoin a credit broken across lines. A break at the column edge splits a name
    (``丁`` / ``成飚``) and is joined without a space; a line that stops short of the
    edge broke at a space, which is put back."""
    out = parts[0].strip()
    for p in parts[1:]:
        p = p.strip()
        tail, head = (out.split() or [""])[-1], (p.split() or [""])[0]
        # a one-character piece is half a name (names have two characters or more);
        # otherwise a line that stops clearly short of the column broke at a space
        if len(tail) == 1 or len(head.rstrip("）)")) == 1:
            glue = ""
        else:
            glue = " " if col and col.short_by(first) >= 2.0 else ""
        joined = out + p
        for m in P.ROLE_WORD.finditer(_t2s_same(joined)):
            if m.start() < len(out) < m.end():  # a role word broken by the line end
                glue = ""
        out = out + glue + p
    return out


def _build_ad(seg: Segment, rec: Record) -> None:
    """An ad is not prose: each printed item (a line, or a cell of a table such as
    ``许昌市区：0374-2620256``) is a paragraph; its slogan is its title. Lines of one or
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


def _date(rec: Record, page_date: str | None) -> None:
    if not rec.paragraphs or rec.kind != "article":
        return
    m = P.LEAD_DATE.search(rec.paragraphs[0][:30])
    if not m:
        return
    rec.date = m.group(0)
    if page_date:
        try:
            y, mo, d = (int(x) for x in page_date.split("-"))
        except ValueError:
            return
        month, day = int(m.group("month")), int(m.group("day"))
        year = int(m.group("year")) if m.group("year") else (y if (month, day) <= (mo, d) else y - 1)
        if 1 <= month <= 12 and 1 <= day <= 31:
            rec.date_iso = f"{year:04d}-{month:02d}-{day:02d}"


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
    col = Column.of([ln for ln, sub in lines if not sub])
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
        else:
            ends = _ends_paragraph(ln, nxt[0], lines[k + 2][0] if k + 2 < len(lines) else None, col, start)
        if ends:
            out.append(cur)
            cur = ""
        start = ends
    if cur:
        out.append(cur)
    return out


#: A full line falls short of the column by at most this much (units).
FULL_TOLERANCE = 1.0
#: An indented first line falls short by about two units: at most this much.
INDENT_MAX = 3.5
#: A last line without closing punctuation (a subheading, a cut sentence) ends its
#: paragraph only when it is at least this much short.
UNFINISHED_MIN_SHORT = 2.5


def _ends_paragraph(ln: Line, nxt: Line, after: Line | None, col: Column, start: bool) -> bool:
    if not col:
        return bool(P.ENDS_SENTENCE.search(ln.text))
    short = col.short_by(ln)
    if short <= FULL_TOLERANCE:
        # a full line ends a paragraph only when an indented first line follows
        # (the next line is an indented start when it is short by about an indent
        # and is not itself a paragraph's last line: it goes on, full or mid-sentence)
        return bool(P.ENDS_SENTENCE.search(ln.text) and _indented(nxt, col) and after is not None
                    and (col.full(after, FULL_TOLERANCE) or not P.ENDS_SENTENCE.search(nxt.text)))
    # a short line ends the paragraph, unless it is an indented first line going on
    if start and short <= INDENT_MAX and col.full(nxt, FULL_TOLERANCE):
        return False
    # a line that stops mid-sentence must be clearly short to end a paragraph
    if not P.ENDS_SENTENCE.search(ln.text) and short <= UNFINISHED_MIN_SHORT:
        return False
    return True


def _indented(ln: Line, col: Column) -> bool:
    return FULL_TOLERANCE < col.short_by(ln) <= INDENT_MAX
