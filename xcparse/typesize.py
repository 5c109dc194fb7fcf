"""Type-size evidence of a page read from PDF, preferred where the text alone guesses.

A page read from PDF (:mod:`xcparse.pdfread`) comes with each line's type size, a
mark for headline-sized lines and one for lines printed twice (fake bold). The convention rules (leads, credits, jumps, ads) read
its text as they read any page; this module only lets three decisions use the evidence:

- roles: a short line printed twice is a banner (a column name), as a doubled line
  of text is (rule DOUBLED_PRINT); in headline-sized type and centred on the page it
  is the page's section banner, furniture (DOUBLED_PAGE_BANNER);

- roles: the page's first line, alone and small, set in three or more parts apart,
  is the running head (furniture, PAGE_HEAD);
- blocks: a chunk set wholly in headline-sized type is headline material, whatever
  its punctuation (``Item.kind`` "head", rule TYPE_SIZE); so is a line or two between
  a headline and its body in a size of its own near the body's (TYPE_APART);
- records: of a headline's two or three parts, the title is the one set in the
  largest type; parts above it are the kicker, parts below it the subtitle.

Without evidence (a text page) nothing here runs.
"""
from __future__ import annotations

from . import patterns as P
from .pdflayout import LineEvidence

#: A banner is a short line (characters), as roles.mark_banner reads one.
BANNER_MAX = 40
#: A subtitle set apart by its size: at most this many lines, its size off the body's
#: by more than SIZE_APART (a share), and at least SUBTITLE_MIN times it (captions are
#: set smaller), or SUBTITLE_MIN_BEFORE_LEAD times it right above a news lead (a
#: subtitle squeezed to fit its column; a caption is followed by its credit).
SUBTITLE_LINES = 2
SIZE_APART = 0.015
SUBTITLE_MIN = 0.95
SUBTITLE_MIN_BEFORE_LEAD = 0.6
#: A running head: in type at most this many times the body's, in at least this many
#: parts set apart by gaps.
RUNNING_HEAD_MAX = 1.1
RUNNING_HEAD_PARTS = 3
#: Roles the wording gave a line; sizes never override them.
_TEXT_ROLES = ("text", "body", "head")


def attach(lines, evidence: list[LineEvidence | None]) -> None:
    """Copy each line's evidence into ``Line.extra`` (``size``, ``big``, ``drawn_twice``: fake bold read once from the PDF, apart from the ``doubled`` mark the text rules give a line printed twice)."""
    for ln, ev in zip(lines, evidence):
        if ev is not None:
            ln.extra["size"] = ev.size
            ln.extra["big"] = ev.headline
            if ev.doubled:
                ln.extra["drawn_twice"] = True
            if ev.centred:
                ln.extra["centred"] = True
            if ev.top_line:
                ln.extra["top_line"] = True


def mark_doubled(lines) -> None:
    """A line printed twice (fake bold, read once from the PDF) is a banner, as the
    rules read a doubled line of text (roles.mark_banner): a column name; set in
    headline-sized type and centred on the page, it is the page's section banner
    (furniture). Only a short line of plain text without sentence punctuation; a
    headline printed twice elsewhere is left to the rules."""
    for ln in lines:
        if not (ln.extra.get("drawn_twice") and ln.role == "text" and len(ln.text) <= BANNER_MAX
                and not P.SENTENCE_PUNCT.search(ln.text)):
            continue
        if not ln.extra.get("big"):
            ln.role, ln.rule = "banner", "DOUBLED_PRINT"
            ln.extra["banner"], ln.extra["banner_copies"] = ln.heading, []
        elif ln.extra.get("centred"):
            ln.role, ln.rule = "furniture", "DOUBLED_PAGE_BANNER"


def mark_running_head(lines) -> None:
    """The page's first line, alone in its block, in type no bigger than the body's
    and set in three or more parts apart (section, page, paper, date) is the running
    head: furniture (rule PAGE_HEAD)."""
    body = body_size(lines)
    for ln in lines:
        if (ln.extra.get("top_line") and ln.role == "text" and body
                and ln.extra.get("size", body) <= RUNNING_HEAD_MAX * body
                and len(ln.src.split()) >= RUNNING_HEAD_PARTS and not P.SENTENCE_PUNCT.search(ln.text)):
            ln.role, ln.rule = "furniture", "PAGE_HEAD"


def body_size(lines) -> float:
    """The size most of the page's text is set in (weighted by characters)."""
    count: dict[float, int] = {}
    for ln in lines:
        size = ln.extra.get("size")
        if size:
            count[size] = count.get(size, 0) + len(ln.text)
    return max(count, key=count.get) if count else 0.0


def _sized(it, body: float) -> bool:
    return all(ln.extra.get("size") for ln in it.lines) and body > 0


def prefer_sizes(items) -> None:
    """Chunks of plain text read by their type: all in headline-sized type is a
    headline (TYPE_SIZE); a line or two standing between a headline and the body
    of its story, set in a size of its own a little off the body's (a subtitle
    fitted to its column), is a headline part too (TYPE_APART)."""
    body = body_size([ln for it in items for ln in it.lines])
    for i, it in enumerate(items):
        if it.kind != "body" or not it.lines or not all(ln.role in _TEXT_ROLES for ln in it.lines):
            continue
        if all(ln.extra.get("big") for ln in it.lines):
            rule = "TYPE_SIZE"
        elif (len(it.lines) <= SUBTITLE_LINES and _sized(it, body) and 0 < i < len(items) - 1
              and items[i - 1].kind == "head" and items[i + 1].kind == "body"
              and all(abs(ln.extra["size"] - body) > SIZE_APART * body
                      and ln.extra["size"] >= (SUBTITLE_MIN_BEFORE_LEAD if items[i + 1].lines[0].role == "lead"
                                               else SUBTITLE_MIN) * body for ln in it.lines)
              and all(ln.extra.get("size") == body for ln in items[i + 1].lines)):
            rule = "TYPE_APART"
        else:
            continue
        it.kind, it.rule = "head", rule
        for ln in it.lines:
            ln.role, ln.rule = "head", rule


def item_size(it) -> float:
    sizes = [ln.extra.get("size", 0.0) for ln in it.lines]
    return max(sizes) if sizes else 0.0


def fix_headline(seg, rec) -> None:
    """Kicker, title and subtitle by type size: the largest part is the title.

    Only when the record's headline fields hold exactly the segment's two or three
    headline parts (so a column tag or a label taken out by the rules is left alone).
    """
    heads = [it for it in seg.head_items if it.kind == "head"]
    if seg.orphan_title is not None:
        heads = [seg.orphan_title] + heads
    if not 2 <= len(heads) <= 3:
        return
    sizes = [item_size(it) for it in heads]
    if not all(sizes):
        return
    texts = [it.heading for it in heads]
    current = [x for x in (rec.kicker, rec.title, rec.subtitle) if x]
    if sorted(current) != sorted(texts):
        return
    top = max(sizes)
    if sizes.count(top) != 1 or top < 1.1 * sorted(sizes)[-2]:
        return
    k = sizes.index(top)
    rec.kicker = " ".join(texts[:k]) or None
    rec.title = texts[k]
    rec.subtitle = " ".join(texts[k + 1:]) or None
