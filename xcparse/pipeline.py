"""The extraction pipeline: normalize -> columns -> measure -> roles -> blocks -> records -> accounting.

Each stage is a module; this one only wires them together and keeps the trace of
why every line got its role (for ``xcparse show``).
"""
from __future__ import annotations

from functools import lru_cache

from . import accounting, blocks, columns, records, roles, typesize
from .measure import measure_lines
from .model import Dropped, LineTrace, Page, Record
from .normalize import fold_chars, furniture_text, split_lines
from .simplified import simplified_shadow


def run(text: str, source: str | None = None, page_date: str | None = None,
        sizes: list | None = None) -> Page:
    """Extract one page. ``sizes`` (a page read from PDF) holds each line's
    :class:`~xcparse.pdflayout.LineEvidence` (None for blank lines): then the blocks
    and the headline parts prefer the type sizes (:mod:`xcparse.typesize`)."""
    page = Page(source=source, date=page_date)
    raw_lines = split_lines(fold_chars(text))
    layout = columns.find_layout(text, raw_lines) if sizes is None else None
    if layout is not None:  # pdftotext -layout: columns side by side, read in order
        raw_lines = layout.lines
    lines = measure_lines(raw_lines, simplified_shadow(raw_lines))
    if sizes is not None:
        typesize.attach(lines, sizes)
    roles.assign_roles(lines)
    if sizes is not None:
        typesize.mark_doubled(lines)
        typesize.mark_running_head(lines)
    items = blocks.make_items(lines)
    blocks.classify_chunks(items)
    if sizes is not None:
        typesize.prefer_sizes(items)
    runs = blocks.make_runs(items)
    seq = records.segment_runs(runs)
    direction = records.headline_direction(seq)
    segments, orphans, leftovers = records.attach_heads(seq, direction)
    records.find_orphans(segments, orphans)
    furniture: list[str] = []
    records.place_orphans(segments, orphans, furniture)
    segments = records.merge_unanchored(segments, direction)
    for it in leftovers:
        if it.kind == "banner":
            once, copies = blocks.banner_text(it)
            furniture.append(once)
            page.dropped.extend(Dropped(c, "second copy of a doubled banner", it.first) for c in copies)
        else:
            furniture.append(it.heading)
    for seg in segments:
        rec = records.build_record(seg, page.dropped, page_date)
        if sizes is not None:
            typesize.fix_headline(seg, rec)
        if rec.paragraphs or rec.title or rec.byline or rec.kind != "article":
            page.records.append(rec)
        else:
            page.furniture.extend(x for x in (rec.kicker, rec.title, rec.subtitle, rec.column) if x)
    page.furniture.extend(furniture)
    page.dropped.extend(Dropped(ln.extra["copy_text"], "second copy of a doubled line", ln.no) for ln in lines
                        if "copy_of" in ln.extra and lines[ln.extra["copy_of"] - 1].role != "banner")
    page.furniture[:0] = [ln.extra.get("furniture_text") or furniture_text(raw_lines[ln.no - 1])
                          for ln in lines if ln.role == "furniture" and "furniture_joined" not in ln.extra]
    accounting.account_for_text(raw_lines, page)
    page.trace = _trace(lines, raw_lines, page.records, direction)
    if layout is not None:
        _renumber(page, layout.numbers)
    return page


def _renumber(page: Page, numbers: list[int]) -> None:
    """Line numbers of a ``-layout`` page, read in its reordered lines, made to point
    into the input: ``numbers[k - 1]`` is the input line reordered line ``k`` came from.

    A record's ``lines`` becomes the first and last input line of all the lines it was
    built from (its columns sit side by side, so that range also holds other text).
    """
    def where(k: int) -> int:
        return numbers[k - 1] if 1 <= k <= len(numbers) else k

    for rec in page.records:
        first, last = rec.lines
        if first:
            span = [where(k) for k in range(first, last + 1)]
            rec.lines = (min(span), max(span))
    for d in page.dropped:
        d.line = where(d.line)
    for t in page.trace:
        t.number = where(t.number)


_ROLE_NAMES = {
    "blank": "blank", "body": "body", "lead": "byline", "credit": "byline",
    "photo_credit": "byline", "end_credit": "byline", "jump": "jump", "banner": "column", "ad": "ad", "head": "title",
    "furniture": "furniture",
}


def _trace(lines, raw_lines: list[str], recs: list[Record], direction: str) -> list[LineTrace]:
    """Each line as read, its role, the rule that gave it, and its record."""
    owner: dict[int, int] = {}
    for index, rec in enumerate(recs):
        for n in range(rec.lines[0], rec.lines[1] + 1):
            owner.setdefault(n, index)
    out = []
    for ln in lines:
        role = _ROLE_NAMES.get(ln.role, ln.role)
        r = owner.get(ln.no)
        if r is not None and recs[r].kind == "photo" and role == "body":
            role = "caption"
        if role == "title" and r is None:
            role = "furniture"
        out.append(LineTrace(ln.no, raw_lines[ln.no - 1], role, ln.rule + (f" [{direction}]" if role == "title" else ""), r,
                             ln.extra.get("size")))
    return out
