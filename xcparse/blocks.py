"""Stage 4: blocks — which text is body and which is headline, and in what runs.

A *chunk* is a stretch of plain text lines inside one printed block (lines between
blank lines), cut at lines whose role the wording already decided. A page printed
without blank lines has its block breaks found from its lines (:func:`found_breaks`). Each chunk is
read as body prose or as headline material from the evidence of the page: sentence
punctuation, how many lines it has, whether its lines fill the column the body
around it is set in, and whether a sentence runs into it or out of it.

The page is then a sequence of *runs*: body runs (prose, leads, jump lines, photo
credits) and head runs (headline chunks, credit lines, banners, ad lines) between them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import patterns as P
from .measure import Column, Line
from .normalize import undouble

BODY_ROLES = ("lead",)
STRONG_ROLES = ("lead", "credit", "photo_credit", "end_credit", "jump", "banner", "ad")

# Thresholds of the rules below, in full-width units or lines.

#: Lines of a headline printed in the same block as its body, with no blank line
#: between: at least this many lines, each at least HEADLINE_SHORT_MIN units short of
#: the column the body's lines fill, none with sentence punctuation.
HEADLINE_IN_BLOCK_MIN_LINES = 2
HEADLINE_SHORT_MIN = 3.0
#: The body part must show its column: at least this many lines.
BODY_IN_BLOCK_MIN_LINES = 4
#: A headline (kicker, title and subtitle together) is a few lines of large type; a
#: longer chunk with sentence punctuation is prose whatever follows it.
HEADLINE_MAX_LINES = 6
#: A subtitle (``——访…``) is a line or two with no sentence end; a dash that opens a
#: longer chunk with sentences is a line break inside running text.
SUBTITLE_MAX_LINES = 2
#: A line of a column may pass its edge by a hanging punctuation mark, not more (units).
OVERHANG_MAX = 1.5
#: A body item measures its own column when it has at least this many lines.
OWN_COLUMN_MIN_LINES = 4
#: A paragraph's first line, its indent dropped, falls short of the column by about
#: two units: more than FIRST_LINE_SHORT[0] and at most FIRST_LINE_SHORT[1].
FIRST_LINE_SHORT = (1.5, 3.5)
INDENT_SHORT_MAX = FIRST_LINE_SHORT[1]
#: A justified (spread) body line holds nearly a full line of characters: the spaces
#: make up at most this much (units; up to 4 on the seed pages). A letter-spaced
#: headline line holds far fewer.
SPREAD_SHORT_MAX = 4.5
#: A kicker that reads as clauses is at least this many times as wide as the title
#: lines under it in the same chunk.
CLAUSE_KICKER_WIDER = 1.5
#: A page with fewer blank lines than this share of its lines (and at least
#: BLANK_POOR_MIN_LINES lines) comes from an extractor that sets no blank line between
#: text blocks (PyMuPDF's plain text, pdfplumber): its block breaks are found from the
#: lines themselves (:func:`found_breaks`).
BLANK_POOR_SHARE = 0.02
BLANK_POOR_MIN_LINES = 30
#: The lines on each side of a possible headline that show the column around it.
AROUND_LINES = 12


@dataclass
class Item:
    """One element of the page's reading sequence."""

    kind: str                 # body | head | credit | photo_credit | end_credit | jump | banner | ad
    lines: list[Line]
    rule: str = ""
    block: int = 0            # index of the printed block (blank-line separated)

    @property
    def first(self) -> int:
        return self.lines[0].no

    @property
    def last(self) -> int:
        return self.lines[-1].no

    @property
    def heading(self) -> str:
        """The item's text as a headline: lines joined, phrase gaps kept."""
        return join_heading([ln.heading for ln in self.lines])

    @property
    def text(self) -> str:
        return "".join(ln.text for ln in self.lines)


def join_heading(parts: list[str]) -> str:
    """Join the printed lines of one headline; a line break is not a space."""
    out = ""
    for p in parts:
        p = p.strip()
        if not p:
            continue
        out += p
    return out


@dataclass
class Run:
    """A stretch of consecutive body items, or of consecutive non-body items."""

    kind: str                 # body | head
    items: list[Item] = field(default_factory=list)

    @property
    def lines(self) -> list[Line]:
        return [ln for it in self.items for ln in it.lines]


# ---------------------------------------------------------------------------
# Chunks and their reading


def _split_headline_lines(chunk: list[Line]) -> list[list[Line]]:
    """Cut a headline off the top or the bottom of a chunk when no blank line sets it
    apart from its body: short lines with no sentence punctuation, then (or after)
    prose lines that fill a column."""
    n = len(chunk)
    gapped = _gapped_headline_run(chunk)
    if gapped:
        return [list(chunk[:gapped]), list(chunk[gapped:])]
    if n < HEADLINE_IN_BLOCK_MIN_LINES + BODY_IN_BLOCK_MIN_LINES:
        return [list(chunk)]
    top = _headline_run(chunk, chunk[HEADLINE_IN_BLOCK_MIN_LINES:-1])
    if top >= HEADLINE_IN_BLOCK_MIN_LINES and n - top >= BODY_IN_BLOCK_MIN_LINES \
            and any(P.SENTENCE_PUNCT.search(ln.text) for ln in chunk[top:]):
        return [list(chunk[:top]), list(chunk[top:])]
    bottom = n - _headline_run(chunk[::-1], chunk[:-HEADLINE_IN_BLOCK_MIN_LINES])
    if n - bottom >= HEADLINE_IN_BLOCK_MIN_LINES and bottom >= BODY_IN_BLOCK_MIN_LINES \
            and P.ENDS_SENTENCE.search(chunk[bottom - 1].text):
        return [list(chunk[:bottom]), list(chunk[bottom:])]
    return [list(chunk)]


def _gapped_headline_run(chunk: list[Line]) -> int:
    """How many lines at the top of a chunk are a headline set with phrase gaps
    (``春风送岗位 就业暖人心``) over prose: no sentence punctuation, not spread, a gap
    between two runs of Chinese characters, and at least two lines of sentences after
    them. Running text has no such gap; 0 when there is no such headline."""
    k = 0
    while (k < len(chunk) and k < HEADLINE_MAX_LINES and not chunk[k].spread
           and not P.SENTENCE_PUNCT.search(chunk[k].text) and P.PHRASE_GAP.search(chunk[k].heading)):
        k += 1
    rest = chunk[k:]
    if k and len(rest) >= 2 and sum(1 for ln in rest if P.SENTENCE_PUNCT.search(ln.text)) >= 2:
        return k
    return 0


def _headline_run(lines: list[Line], body: list[Line]) -> int:
    """How many of ``lines``, from the first, read as headline lines: no sentence
    punctuation, and at least HEADLINE_SHORT_MIN short of the column ``body`` fills.

    A count below HEADLINE_IN_BLOCK_MIN_LINES is returned as 0 without measuring the
    column when one of the first lines has sentence punctuation: most chunks are
    prose, and measuring a column is the costly part.
    """
    if any(P.SENTENCE_PUNCT.search(ln.text) for ln in lines[:HEADLINE_IN_BLOCK_MIN_LINES]):
        return 0
    col = Column.of(body)
    k = 0
    while k < len(lines) and col and not P.SENTENCE_PUNCT.search(lines[k].text) \
            and col.width - col.measure(lines[k]) >= HEADLINE_SHORT_MIN:
        k += 1
    return k


def _blocks(lines: list[Line]) -> list[list[Line]]:
    """Runs of text lines between blank lines; a furniture line (folio, editors) is
    set apart like a blank line and read by no rule. On a page printed without blank
    lines, the breaks :func:`found_breaks` finds count as blank lines."""
    blocks: list[list[Line]] = []
    cur: list[Line] = []
    breaks = found_breaks(lines) if _blank_poor(lines) else set()
    for k, ln in enumerate(lines):
        if k in breaks and cur:
            blocks.append(cur)
            cur = []
        if ln.role in ("blank", "furniture"):
            if cur:
                blocks.append(cur)
                cur = []
        else:
            cur.append(ln)
    if cur:
        blocks.append(cur)
    return blocks


def _blank_poor(lines: list[Line]) -> bool:
    if len(lines) < BLANK_POOR_MIN_LINES:
        return False
    return sum(1 for ln in lines if ln.role == "blank") < BLANK_POOR_SHARE * len(lines)


def found_breaks(lines: list[Line]) -> set[int]:
    """Where a page printed without blank lines has its block breaks: before and after
    each headline. A headline is a run of lines with no sentence punctuation that
    follows a sentence's end (or a credit, a jump, the page's top) and either stands
    off the column of the text around it (short of it by HEADLINE_SHORT_MIN, or wider
    than a line of it can be) or comes right before a lead or a credit line. Returns
    the indices ``k`` with a break before ``lines[k]``."""
    breaks: set[int] = set()
    in_caption: set[int] = set()  # the lines of captions: a caption's first line is no headline
    for p, ln in enumerate(lines):
        if "photo_credit" in ln.extra:  # a photo credit closes its caption's block
            breaks.add(p + 1)
            start = _caption_start(lines, p)
            if start is not None:
                breaks.add(start)
                in_caption.update(range(start, p + 1))
    n, i = len(lines), 0
    last_text = max((k for k, ln in enumerate(lines) if ln.role not in ("blank", "furniture")), default=-1)
    while i < n:
        if not lines[i].text or i in in_caption or not _after_an_end(lines, i):
            i += 1
            continue
        around = [ln for ln in lines[max(0, i - AROUND_LINES):i] + lines[i + 1:i + 1 + AROUND_LINES]
                  if ln.role == "text" and ln.text and not ln.spread]
        col = Column.of(around)
        j = i
        while j < n and j - i < HEADLINE_MAX_LINES and j not in in_caption and (
                _may_be_headline(lines[j])
                or (j + 1 < n and _wide_clause(lines[j], col) and _may_be_headline(lines[j + 1]))):
            j += 1
        if j == i or _leaves_open(lines[i:j]) or (j < n and _finishes_a_word(lines[j])):
            i += 1  # a quote left open, or a word finished on the next line: a sentence goes on
            continue
        off = bool(col) and all(_fill_short(col, ln) >= HEADLINE_SHORT_MIN
                                or col.measure(ln) - col.width > OVERHANG_MAX
                                or (not ln.spread and P.PHRASE_GAP.search(ln.heading))
                                or P.SUBTITLE_PRESENCE.search(ln.shadow) or P.KICKER_SPEECH.search(ln.shadow)
                                for ln in lines[i:j])
        before_credit = j < n and lines[j].role in ("lead", "credit")
        # nothing but furniture after it: the page ends on a headline (printed after its body)
        ends_page = j > last_text
        if off or before_credit or ends_page:
            if not (i > 0 and lines[i - 1].role == "banner"):  # a banner's second line stays with it
                breaks.add(i)
            if j < n and lines[j].role != "credit":  # a credit line goes with its headline
                breaks.add(j)
            i = j
        else:
            i += 1
    return breaks


#: A photo caption runs at most this many lines.
CAPTION_MAX_LINES = 12
#: A caption is set at a width of its own: at least this far (units) from the column
#: of the body before it; its lines (but its first and last) agree within CAPTION_TOLERANCE.
CAPTION_WIDTH_APART = 2.0
CAPTION_TOLERANCE = 1.5


def _caption_start(lines: list[Line], p: int) -> int | None:
    """Where the caption closed by the photo credit on ``lines[p]`` starts, when no blank
    line sets it apart from the body before it: the earliest line after a sentence's end
    from which the lines keep one width of their own, apart from the body's column."""
    end = p if lines[p].role == "photo_credit" else p + 1  # the caption's text lines: [k, end)
    start = None
    for k in range(end - 1, max(0, end - CAPTION_MAX_LINES) - 1, -1):
        if lines[k].role != "text" and k != p:
            break
        cap = lines[k:end]
        # the last line may be short, or hold the credit too: the lines before it give the
        # width (a spread line measured closed up: it may fall short)
        width = max(ln.width for ln in cap[:-1]) if len(cap) > 1 else cap[0].width
        if (any(width - ln.width > (SPREAD_SHORT_MAX if ln.spread else CAPTION_TOLERANCE) for ln in cap[1:-1])
                or width - cap[0].width > (SPREAD_SHORT_MAX if cap[0].spread else INDENT_SHORT_MAX)):
            break
        if k == 0 or not P.ENDS_SENTENCE.search(lines[k - 1].text):
            continue
        body = [ln for ln in lines[max(0, k - AROUND_LINES):k] if ln.role == "text" and ln.text and not ln.spread]
        col = Column.of(body)
        if col and abs(width - col.width) >= CAPTION_WIDTH_APART:
            start = k
    return start


#: Opening marks and the marks that close them.
PAIRED_MARKS = {"“": "”", "‘": "’", "《": "》", "（": "）", "「": "」", "『": "』"}


def _leaves_open(run: list[Line]) -> bool:
    """The run opens a quotation or a bracket it does not close: its sentence goes on
    past it (``政策对接出“硬`` / ``招”。…``), which no headline's does."""
    text = "".join(ln.text for ln in run)
    return any(text.count(o) > text.count(c) for o, c in PAIRED_MARKS.items())


def _finishes_a_word(ln: Line) -> bool:
    """The line opens with a character or two and then punctuation (``富。为把…``): it
    finishes a word the line before broke, as a line after a headline never does."""
    return ln.role == "text" and bool(P.SENTENCE_PUNCT.search(ln.text[:2]))


def _may_be_headline(ln: Line) -> bool:
    """No sentence punctuation, and not indented (an indent opens a paragraph)."""
    return ln.role == "text" and bool(ln.text) and not ln.indented and not P.SENTENCE_PUNCT.search(ln.text)


def _wide_clause(ln: Line, col: Column) -> bool:
    """A kicker that reads as clauses (``…开展创建工作，督办…``): commas but no sentence
    end, and wider than any line of the column around it can be."""
    return (ln.role == "text" and bool(col) and not any(ch in ln.text for ch in P.SENTENCE_END)
            and col.measure(ln) - col.width > OVERHANG_MAX)


def _after_an_end(lines: list[Line], i: int) -> bool:
    """Nothing runs into ``lines[i]``: it opens the page, or the line before it ends a
    sentence, or is a credit, a photo credit, a jump onward, a banner or an ad line."""
    if i == 0:
        return True
    prev = lines[i - 1]
    if prev.role in ("blank", "furniture", "credit", "photo_credit", "banner", "ad"):
        return True
    if "jump_to" in prev.extra or "photo_credit" in prev.extra:
        return True
    return bool(P.ENDS_SENTENCE.search(prev.text))


def make_items(lines: list[Line]) -> list[Item]:
    """Cut blocks into items: strong-role lines alone, plain text lines in chunks."""
    items: list[Item] = []
    for b, block in enumerate(_blocks(lines)):
        chunk: list[Line] = []

        def flush():
            if chunk:
                for part in _split_headline_lines(chunk):
                    items.append(Item("text", part, block=b))
                chunk.clear()

        for ln in block:
            if ln.role in STRONG_ROLES:
                flush()
                kind = "body" if ln.role in BODY_ROLES else ln.role
                items.append(Item(kind, [ln], rule=ln.rule, block=b))
            else:
                # a subtitle, or a body continued from another page, starts a chunk
                if chunk and (P.SUBTITLE_DASH.match(ln.text) or "jump_from" in ln.extra):
                    flush()
                chunk.append(ln)
        flush()
    return items


def _has_sentence_punct(item: Item) -> bool:
    return any(P.SENTENCE_PUNCT.search(ln.text) for ln in item.lines)


def local_column(items: list[Item], i: int, want: int = 24) -> Column:
    """The column of the body around item ``i``: the nearest prose lines on both sides
    (the last line of each chunk left out: it may be a short paragraph end)."""
    found: list[Line] = []
    lo, hi = i - 1, i + 1
    # bounded: the column is local, and an unbounded scan is quadratic on huge pages
    while len(found) < want and (lo >= 0 or hi < len(items)) and i - lo <= 60:
        for j in (lo, hi):
            if 0 <= j < len(items) and items[j].kind == "body" and len(items[j].lines) > 1:
                found.extend(items[j].lines[:-1])
        lo, hi = lo - 1, hi + 1
    return Column.of(found)


#: A caption printed without a stop, broken over lines above its credit: its first line
#: is at least this wide (units); a headline over a picture stands apart from its credit.
CAPTION_UNPUNCTUATED_MIN = 12.0


def classify_chunks(items: list[Item]) -> None:
    """Read every text chunk as body prose or headline material (sets ``kind``/``rule``)."""
    # Pass 1: what a chunk shows by itself.
    for i, it in enumerate(items):
        if it.kind != "text":
            continue
        nxt = items[i + 1] if i + 1 < len(items) else None
        prv = items[i - 1] if i > 0 else None
        first, last = it.lines[0], it.lines[-1]
        next_in_block = nxt if nxt is not None and nxt.block == it.block else None
        prev_in_block = prv if prv is not None and prv.block == it.block else None
        runs_on = (prev_in_block is not None and prev_in_block.kind == "body"
                   and not P.ENDS_SENTENCE.search(prev_in_block.lines[-1].text))  # a sentence goes on
        if (P.SUBTITLE_DASH.match(first.text) and len(it.lines) <= SUBTITLE_MAX_LINES
                and not any(ch in it.text for ch in P.SENTENCE_END) and not runs_on):
            it.kind, it.rule = "head", "SUBTITLE_DASH"
        elif next_in_block is not None and next_in_block.kind == "credit" and not (
                len(it.lines) > HEADLINE_MAX_LINES and _has_sentence_punct(it)):
            it.kind, it.rule = "head", "BEFORE_CREDIT_LINE"
        elif (next_in_block is not None and next_in_block.kind == "photo_credit" and len(it.lines) >= 2
              and first.width >= CAPTION_UNPUNCTUATED_MIN and not _has_phrase_gap(it)):
            # a caption with no stop broken over lines, its credit under it in its block
            it.kind, it.rule = "body", "BEFORE_PHOTO_CREDIT"
        elif (prev_in_block is not None and prev_in_block.kind == "banner" and len(it.lines) <= 2
              and not _has_sentence_punct(it)):
            it.kind, it.rule = "banner", "BANNER_CONTINUED"
        elif (len(it.lines) == 1 and P.KICKER_COLON.search(first.text)
              and not P.SENTENCE_PUNCT.search(first.text) and first.width <= 24):
            it.kind, it.rule = "head", "KICKER_COLON"
        elif _has_sentence_punct(it):
            it.kind, it.rule = "body", "SENTENCE_PUNCT"
        elif P.ENDS_SENTENCE.search(last.text):
            it.kind, it.rule = "body", "ENDS_SENTENCE"
    # Pass 2: widths and the flow of sentences across blank lines.
    for i, it in enumerate(items):
        if it.kind == "body" and it.rule == "SENTENCE_PUNCT" and len(it.lines) == 1:
            c = local_column(items, i)
            ln = it.lines[0]
            next_kind = _next_kind(items, i)
            if c and c.short_by(ln) < -2.5 and not P.ENDS_SENTENCE.search(ln.text) and next_kind in ("head", "credit", "text"):
                it.kind, it.rule = "head", "WIDE_LINE_BEFORE_HEADLINE"
        elif it.kind == "body" and it.rule == "SENTENCE_PUNCT" and _headline_before_lead(items, i):
            it.kind, it.rule = "head", "CLAUSES_BEFORE_LEAD"
    changed = True
    while changed:
        changed = False
        for i, it in enumerate(items):
            if it.kind != "text" or _has_phrase_gap(it):
                continue
            c = local_column(items, i)
            prv = items[i - 1] if i > 0 else None
            if (prv is not None and prv.kind == "body" and prv.lines[-1].text
                    and not P.ENDS_SENTENCE.search(prv.lines[-1].text)
                    and "jump_to" not in prv.lines[-1].extra  # continued on another page
                    and (not c or (_own_column(prv) or c).short_by(prv.lines[-1]) <= 2.5)):
                it.kind, it.rule = "body", "SENTENCE_RUNS_IN"
                changed = True
                continue
            nxt = items[i + 1] if i + 1 < len(items) else None
            # a sentence runs on in the column of the body it runs into
            nc = (_own_column(nxt) or c) if nxt is not None else c
            if (nxt is not None and nxt.kind == "body" and nc
                    and all(-OVERHANG_MAX <= _fill_short(nc, ln) <= 2.5 and _fills(ln, nc) for ln in it.lines)
                    and _fill_short(nc, it.lines[-1]) <= 1.0
                    and nxt.lines[0].role != "lead" and not nxt.lines[0].extra.get("jump_from")
                    and not _opens_paragraph(nxt, nc)):
                it.kind, it.rule = "body", "SENTENCE_RUNS_OUT"
                changed = True
    # A long chunk without sentence punctuation is body only when its lines fill the
    # column around it; a headline broken over several lines is set at its own width.
    for i, it in enumerate(items):
        if it.kind == "text" and len(it.lines) >= 4:
            c = local_column(items, i)
            if c and all(c.full(ln) and _fills(ln, c) for ln in it.lines[:-1]):
                it.kind, it.rule = "body", "LONG_BLOCK"
    for it in items:
        if it.kind == "text":
            it.kind, it.rule = "head", "NO_SENTENCE"
    items[:] = [part for it in items for part in _headline_parts(it)]
    for it in items:
        for ln in it.lines:
            if ln.role == "text":
                ln.role, ln.rule = ("body" if it.kind == "body" else "head"), it.rule


def _headline_before_lead(items: list[Item], i: int) -> bool:
    """A short chunk of clauses (commas, a colon, no sentence end) right before a news
    lead: a sentence never runs on into the lead of the next story, so it is a headline
    whose phrases are set apart by commas (``受台风影响临时闭园，动物园：动物们很好``)."""
    it = items[i]
    if len(it.lines) > CLAUSE_HEADLINE_MAX_LINES or any(ch in it.text for ch in P.SENTENCE_END):
        return False
    nxt = items[i + 1] if i + 1 < len(items) else None
    return (nxt is not None and nxt.kind == "body" and nxt.lines[0].role == "lead"
            and "lead_prefix" in nxt.lines[0].extra)


#: A headline set as clauses runs at most this many lines.
CLAUSE_HEADLINE_MAX_LINES = 4


def _headline_parts(item: Item) -> list[Item]:
    """A headline chunk holding more than one part of a headline, as a page printed
    without blank lines sets them: a kicker ends in a colon (``区文旅局：``) or reads
    as clauses on a line far wider than the title under it (``…开展创建工作，督办…``),
    a subtitle reports a leader's presence (``…出席会议并讲话``) or is set in smaller
    type than the title over it (far wider lines). Each part is an item."""
    if item.kind != "head" or len(item.lines) < 2 or item.rule == "CLAUSES_BEFORE_LEAD":
        return [item]  # (a headline set as clauses is one title, its colon one of them)
    lines = item.lines
    cuts = [k for k in range(1, len(lines))
            if P.KICKER_COLON.search(lines[k - 1].text) or P.KICKER_SPEECH.search(lines[k - 1].shadow)
            or P.SUBTITLE_PRESENCE.search(lines[k].shadow)
            or (P.SENTENCE_PUNCT.search(lines[k - 1].text) and not P.SENTENCE_PUNCT.search(lines[k].text)
                and lines[k - 1].width >= CLAUSE_KICKER_WIDER * max(ln.width for ln in lines[k:]))
            or _type_size_changes(lines, k)]
    if not cuts:
        return [item]
    bounds = [0, *cuts, len(item.lines)]
    return [Item(item.kind, item.lines[a:b], rule=item.rule, block=item.block)
            for a, b in zip(bounds, bounds[1:])]


#: The lines of one headline part are set in one type size, so at about one width (a
#: title broken in two is broken near its middle). A line at least this many times as
#: wide as the one before it is set in smaller type: another part (a subtitle under
#: its title).
PART_WIDTH_RATIO = 1.6


def _type_size_changes(lines: list[Line], k: int) -> bool:
    """Does line ``k`` of a headline chunk start a part set in smaller type than line
    ``k - 1`` (PART_WIDTH_RATIO times as wide)?"""
    return lines[k].width >= PART_WIDTH_RATIO * lines[k - 1].width


def _own_column(item: Item) -> Column:
    """The column an item of body text is set in, when it is long enough to tell
    (its last line left out: it may end a paragraph)."""
    if item.kind != "body" or len(item.lines) < OWN_COLUMN_MIN_LINES:
        return Column(0.0)
    return Column.of(item.lines[:-1])


def _opens_paragraph(item: Item, col: Column) -> bool:
    """Does the item start a paragraph (so no sentence runs into it)? Its first line is
    printed indented, or falls short of the column by an indent with a full line after it."""
    first = item.lines[0]
    if first.indented:
        return True
    if len(item.lines) < 2 or first.spread or not col:
        return False
    lo, hi = FIRST_LINE_SHORT
    return lo < col.short_by(first) <= hi and col.full(item.lines[1])


def _fill_short(col: Column, ln: Line) -> float:
    """How far a line falls short of the column; a spread line by its printed reach
    (a justified body line spans the column, a spread headline line may not)."""
    if ln.spread:
        return col.width - ln.pwidth
    return col.short_by(ln)


def _fills(ln: Line, col: Column) -> bool:
    """The line's characters, closed up, nearly fill the column (always so for a line
    that is not spread: its width was checked already)."""
    return not ln.spread or col.width - col.measure(ln) <= SPREAD_SHORT_MAX


def _has_phrase_gap(item: Item) -> bool:
    """A headline sets its phrases apart (``春耕备播 正当其时``); running text
    without punctuation has no gap between two runs of Chinese characters, unless
    the line is justified (spread) and every character stands apart."""
    return any(not ln.spread and P.PHRASE_GAP.search(ln.heading) for ln in item.lines)


def _next_kind(items: list[Item], i: int) -> str | None:
    return items[i + 1].kind if i + 1 < len(items) else None


# ---------------------------------------------------------------------------
# Runs


def make_runs(items: list[Item]) -> list[Run]:
    """Group items into alternating body and head runs.

    Jump lines, photo credits and end-of-body credits belong to the body they open
    or close.
    """
    runs: list[Run] = []
    for it in items:
        if it.kind in ("body", "photo_credit", "end_credit") or (it.kind == "jump" and "jump_to" in it.lines[0].extra):
            kind = "body"
        elif it.kind == "jump":  # jump_from opens the body that follows
            kind = "body"
        else:
            kind = "head"
        if it.kind == "jump" and "jump_from" in it.lines[0].extra:
            runs.append(Run("body", [it]))
            continue
        if runs and runs[-1].kind == kind and not (kind == "body" and _closed(runs[-1])):
            runs[-1].items.append(it)
        else:
            runs.append(Run(kind, [it]))
    return runs


def _closed(run: Run) -> bool:
    """A body run ends at a photo credit, the end of a credit in brackets or a jump-to line."""
    last = run.items[-1]
    return (last.kind == "photo_credit" or (last.kind == "jump" and "jump_to" in last.lines[0].extra)
            or (last.kind == "end_credit" and "end_credit" in last.lines[-1].extra))


def banner_text(item: Item) -> tuple[str, list[str]]:
    """A banner item's text printed once, and the doubled copies set aside.

    Doubling shows where phrases end even when the banner is printed without gaps;
    three or more doubled phrases of one length are parallel phrases (a slogan) and
    are given their gaps back: ``促发展促发展惠民生惠民生保平安保平安`` -> ``促发展 惠民生 保平安``.
    """
    ln = item.lines[0]
    if "banner" in ln.extra:
        once, copies = ln.extra["banner"], list(ln.extra["banner_copies"])
    else:
        res = undouble(ln.raw)
        if not res:
            return item.heading, []
        once, copies = res[0], list(res[1])
    if (" " not in once and len(copies) >= 3 and len({len(c) for c in copies}) == 1
            and "".join(copies) == once):
        once = " ".join(copies)
    return once, copies
