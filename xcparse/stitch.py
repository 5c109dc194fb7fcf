"""Joining the parts of a story printed across pages by their jump lines.

A story that starts on page 1 and ends on page 3 is printed as two parts, the first
ending ``（下转第三版）`` (its record's ``continued_to``) and the second opening
``（上接第一版）`` (``continued_from``). :func:`stitch` takes the pages of one issue and
gives every story once: each part whose jump names a page of the issue is joined to
the part on that page whose own jump names it back, chains over three pages or more
included. The joined record is the first part's (title, byline and names; a later
part's own end credit follows), its paragraphs those of all parts in order, a paragraph
cut in the middle of a sentence at a jump rejoined; ``pages`` says where each part was
printed and ``parts`` gives their ids.

Which page is which comes from the page's folio in its furniture (``第3版``, ``A03``),
else from its file name (``03.txt``, ``A03.txt``, ``第03版.txt``,
``xcrb20230621_03.txt``); every way a jump line prints a page number (``第一版``,
``第1版``, ``01版``, ``A1版``, ``第A1版``) is read as a section letter and a number.
When several parts could be the continuation of several heads (two stories jump to the
same page), they are paired by what they print: the title again over a continuation, a
word cut in two at the jump that the story uses elsewhere, a sentence that cannot have
ended there, the words the parts share. A part that finds no partner stays as it is,
its jump field still set; nothing is dropped.

Pure functions over :class:`~xcparse.model.Page` objects: no I/O.
"""
from __future__ import annotations

import itertools
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any, Sequence

from .model import Page, Record

# xcparse.patterns (the regex module, every pattern compiled) is imported when first used,
# so that ``import xcparse`` stays fast for the commands that never join pages.

__all__ = ["PageNumber", "StitchedRecord", "stitch", "page_number", "parse_page_number",
           "folio_number", "file_page_number", "unmatched"]


@dataclass(frozen=True, order=True)
class PageNumber:
    """A page as a jump line or folio names it: section letter (``A``, or ``""``) and number."""

    section: str
    number: int

    def __str__(self) -> str:
        return f"{self.section}{self.number}"


_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_FULL_WIDTH = str.maketrans("０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
                            "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ",
                            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _numeral(text: str) -> int | None:
    """``3``, ``03``, ``三``, ``十二``, ``二十一``, ``一〇二`` as an int."""
    if text.isdigit():
        return int(text)
    if "百" in text:
        hundreds, _, rest = text.partition("百")
        high = _DIGITS.get(hundreds, 1 if not hundreds else None)
        low = _numeral(rest.lstrip("零〇")) if rest.strip("零〇") else 0
        return None if high is None or low is None else high * 100 + low
    if "十" in text:
        tens, _, ones = text.partition("十")
        high = _DIGITS.get(tens, 1 if not tens else None)
        low = _DIGITS.get(ones, 0 if not ones else None)
        return None if high is None or low is None else high * 10 + low
    value = 0
    for ch in text:
        if ch not in _DIGITS:
            return None
        value = value * 10 + _DIGITS[ch]
    return value


def _page_number(match) -> PageNumber | None:
    if match is None:
        return None
    number = _numeral(match["number"].translate(_FULL_WIDTH))
    if not number:
        return None
    return PageNumber((match["section"] or "").translate(_FULL_WIDTH).upper(), number)


def parse_page_number(text: str | None) -> PageNumber | None:
    """The page a jump line names: ``第一版``, ``第1版``, ``01版``, ``A1版``, ``第A1版``.

    >>> str(parse_page_number("第A1版")), str(parse_page_number("第十二版"))
    ('A1', '12')
    """
    from . import patterns as P

    if not text:
        return None
    return _page_number(P.PAGE_NUMBER.match(text.replace(" ", "").strip()))


def folio_number(page: Page) -> PageNumber | None:
    """The page number the page's folio prints (``第3版``, ``A03``): from its furniture,
    else from a line at the page's head or foot that names a page and is no jump line
    (``01版`` on a line of its own, as a PDF-to-text program may break the header)."""
    from . import patterns as P

    for item in page.furniture:
        found = _page_number(P.FOLIO_NUMBER.search(item))
        if found:
            return found
    lines = [t.text for t in page.trace if t.text.strip()]
    edges = lines[:P.FOLIO_HEAD_LINES] + lines[max(P.FOLIO_HEAD_LINES, len(lines) - P.FOLIO_FOOT_LINES):]
    for text in edges:
        flat = "".join(text.split())  # a spread jump line: （ 上 接 第 一 版 ）
        if (P.JUMP_NEEDS in flat and not P.JUMP.search(flat) and not P.SENTENCE_PUNCT.search(flat)
                and not any(mark in flat for mark in P.FOLIO_NEVER)):
            found = _page_number(P.FOLIO_NUMBER.search(" ".join(text.split())))
            if found:
                return found
    return None


def file_page_number(name: str | None) -> PageNumber | None:
    """The page number in a file name: ``03.txt``, ``A03.txt``, ``第03版.txt``,
    ``xcrb20230621_03.txt``, ``p03.txt``; None when it has none.

    >>> str(file_page_number("xcrb20230621_A03.txt")), file_page_number("000_93577813e5f6534c.txt")
    ('A3', None)
    """
    from . import patterns as P
    from .dates import _NAME_DATE

    if not name:
        return None
    stem = PureWindowsPath(PurePosixPath(name).name).name
    if "." in stem:
        stem = stem.rsplit(".", 1)[0]
    stem = P.NAME_HASH.sub("_", _NAME_DATE.sub("_", stem)).strip()
    return _page_number(P.FILE_PAGE_NUMBER.search(stem))


def page_number(page: Page) -> PageNumber | None:
    """Which page of the issue this is: its folio, else its file name."""
    return folio_number(page) or file_page_number(page.source)


@dataclass
class StitchedRecord(Record):
    """A record of an issue: one story, its parts joined.

    ``id`` is the id of its first part (``<page stem>-<n>``); ``pages`` lists each
    part's page (``page``: its source, ``number``: the page number read, ``lines``: the
    part's first and last input line); ``parts`` the ids of the parts, in order.
    """

    id: str = ""
    source: str | None = None
    pages: list[dict[str, Any]] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    #: index (into the pages given to :func:`stitch`) of the first part's page
    page_index: int = field(default=0, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, **super().to_dict(),
                "pages": [dict(p, lines=list(p["lines"])) for p in self.pages],
                "parts": list(self.parts)}


@dataclass
class _Part:
    page: int
    record: Record
    id: str
    targets: list[int] = field(default_factory=list)   # pages its continued_to can name
    sources: list[int] = field(default_factory=list)   # pages its continued_from can name


def _stem(page: Page, index: int) -> str:
    if not page.source:
        return f"page{index + 1}"
    return PurePosixPath(PureWindowsPath(page.source).name).stem


def _resolve(label: str | None, own: int, numbers: list[PageNumber | None]) -> list[int]:
    """The pages of the issue a jump's label can name (best first, ties kept)."""
    wanted = parse_page_number(label)
    if wanted is None:
        return []
    found = [i for i, n in enumerate(numbers)
             if i != own and n is not None and n.number == wanted.number
             and (not wanted.section or not n.section or n.section == wanted.section)]
    if len(found) > 1:  # the same number in several sections: the letter named, else our own
        for section in (wanted.section, numbers[own].section if numbers[own] else ""):
            exact = [i for i in found if section and numbers[i].section == section]
            if exact:
                return exact
    return found


def stitch(pages: Sequence[Page], stems: Sequence[str] | None = None) -> list[StitchedRecord]:
    """The records of one issue, each story once: parts joined across pages by their jumps.

    ``pages`` are the issue's pages (any order); ``stems`` name them for the record ids
    (default: each page's source file name without its suffix). Records come in the
    order of the pages given, each page's in its own order; a joined story stands where
    its first part stood, and its later parts are not repeated.
    """
    stems = list(stems) if stems is not None else [_stem(p, i) for i, p in enumerate(pages)]
    numbers = [page_number(p) for p in pages]
    parts: list[_Part] = []
    for i, page in enumerate(pages):
        for k, record in enumerate(page.records):
            part = _Part(i, record, f"{stems[i]}-{k + 1}")
            if record.continued_to:
                part.targets = _resolve(record.continued_to, i, numbers)
            if record.continued_from:
                part.sources = _resolve(record.continued_from, i, numbers)
            parts.append(part)

    succ = _match(parts)
    pred = {t: h for h, t in succ.items()}
    chains: dict[int, list[int]] = {}
    done: set[int] = set()
    # chains from their first parts; then any part left (jumps that go round in a
    # circle, 1 -> 2 -> 1) opens a chain of its own, so that nothing is dropped
    for first in [i for i in range(len(parts)) if i not in pred] + list(range(len(parts))):
        if first in done:
            continue
        chain = [first]
        while chain[-1] in succ and succ[chain[-1]] not in done | set(chain):
            chain.append(succ[chain[-1]])
        done.update(chain)
        chains[first] = chain
    return [_join([parts[j] for j in chains[first]], pages, numbers) for first in sorted(chains)]


def unmatched(records: Sequence[Record]) -> list[Record]:
    """The records of a stitched issue whose jump found no partner: a story whose
    continuation is missing (``continued_to`` still set) or a continuation whose head is
    (``continued_from`` set)."""
    return [r for r in records if r.continued_to or r.continued_from]


# ---------------------------------------------------------------------------
# Pairing heads with continuations


def _match(parts: list[_Part]) -> dict[int, int]:
    """head index -> continuation index: every possible pair (the head's jump names the
    continuation's page and the continuation's names the head's), then in each group of
    parts that compete, the pairing that joins the most parts with the best content."""
    pairs: dict[int, list[int]] = {}
    for h, head in enumerate(parts):
        if not head.targets:
            continue
        for t, tail in enumerate(parts):
            if tail.sources and tail.page in head.targets and head.page in tail.sources:
                pairs.setdefault(h, []).append(t)
    if not pairs:
        return {}
    idf: dict[str, float] | None = None
    succ: dict[int, int] = {}
    for group in _components(pairs):
        heads = sorted(group)
        if len(heads) == 1 and len(pairs[heads[0]]) == 1:  # no choice to make
            succ[heads[0]] = pairs[heads[0]][0]
            continue
        if sum(len(pairs[h]) for h in heads) > _MAX_SCORED_PAIRS:
            succ.update(_in_order(heads, pairs))  # no page prints that many: bad input
            continue
        idf = idf if idf is not None else _idf(parts)
        scores = {(h, t): _score(parts[h].record, parts[t].record, idf)
                  for h in heads for t in pairs[h]}
        succ.update(_best_assignment(heads, pairs, scores))
    return succ


#: Above this many candidate pairs in one group, heads and continuations are paired in
#: reading order without reading their content (the cost would grow as its square).
_MAX_SCORED_PAIRS = 400


def _in_order(heads: list[int], pairs: dict[int, list[int]]) -> dict[int, int]:
    chosen: dict[int, int] = {}
    used: set[int] = set()
    for h in heads:
        free = [t for t in pairs[h] if t not in used]
        if free:
            chosen[h] = free[0]
            used.add(free[0])
    return chosen


def _components(pairs: dict[int, list[int]]) -> list[set[int]]:
    """Heads that compete for a continuation, directly or through others."""
    by_tail: dict[int, list[int]] = {}
    for h, tails in pairs.items():
        for t in tails:
            by_tail.setdefault(t, []).append(h)
    seen_heads: set[int] = set()
    seen_tails: set[int] = set()
    groups = []
    for start in pairs:
        if start in seen_heads:
            continue
        group, todo = set(), [start]
        seen_heads.add(start)
        while todo:
            h = todo.pop()
            group.add(h)
            for t in pairs[h]:
                if t not in seen_tails:
                    seen_tails.add(t)
                    fresh = [o for o in by_tail[t] if o not in seen_heads]
                    seen_heads.update(fresh)
                    todo.extend(fresh)
        groups.append(group)
    return groups


#: Above this many pairings to try, pairs are chosen greedily (best first).
_EXHAUSTIVE_PAIRINGS = 5000


def _best_assignment(heads: list[int], pairs: dict[int, list[int]],
                     scores: dict[tuple[int, int], float]) -> dict[int, int]:
    """The pairing with the most pairs, then the highest total score."""
    if math.prod(len(pairs[h]) + 1 for h in heads) > _EXHAUSTIVE_PAIRINGS:
        chosen: dict[int, int] = {}
        used: set[int] = set()
        for (h, t), _ in sorted(scores.items(), key=lambda kv: -kv[1]):
            if h not in chosen and t not in used:
                chosen[h] = t
                used.add(t)
        return chosen
    best: tuple[int, float] = (-1, -math.inf)
    best_map: dict[int, int] = {}
    options = [pairs[h] + [None] for h in heads]
    for combo in itertools.product(*options):
        taken = [t for t in combo if t is not None]
        if len(taken) != len(set(taken)):
            continue
        key = (len(taken), sum(scores[(h, t)] for h, t in zip(heads, combo) if t is not None))
        if key > best:
            best, best_map = key, {h: t for h, t in zip(heads, combo) if t is not None}
    return best_map


def _text(record: Record) -> str:
    return "".join(record.paragraphs)


def _bigrams(text: str) -> Counter:
    from . import patterns as P

    return Counter([run[i:i + 2] for run in P.HAN_RUN.findall(text) for i in range(len(run) - 1)])


def _idf(parts: list[_Part]) -> dict[str, float]:
    """How rare each bigram is among the issue's records (rare words tell stories apart)."""
    df: Counter = Counter()
    for part in parts:
        df.update(set(_bigrams(_text(part.record))))
    n = len(parts) + 1
    return {g: math.log(n / c) for g, c in df.items()}


def _cosine(a: Counter, b: Counter, idf: dict[str, float]) -> float:
    dot = sum(a[g] * b[g] * idf.get(g, 0.0) ** 2 for g in a.keys() & b.keys())
    if not dot:
        return 0.0
    na = math.sqrt(sum((c * idf.get(g, 0.0)) ** 2 for g, c in a.items()))
    nb = math.sqrt(sum((c * idf.get(g, 0.0)) ** 2 for g, c in b.items()))
    return dot / (na * nb) if na and nb else 0.0


def _plain(text: str | None) -> str:
    from . import patterns as P

    return "".join(P.HAN_RUN.findall(text or ""))


def _title_score(head: Record, tail: Record) -> float:
    """The title printed again over a continuation: 1 when it is the head's (or part of
    it), else 0 (a title that is not the head's is as often a line the extractor took
    for one, an editors' credit say, as another story's)."""
    again = _plain(tail.title)
    heading = _plain(" ".join(filter(None, (head.kicker, head.title, head.subtitle))))
    if not again or not heading:
        return 0.0
    if again in heading or _plain(head.title) in again:
        return 1.0
    a, b = set(_bigrams(again)), set(_bigrams(heading))
    return 1.0 if len(a & b) >= 0.5 * max(1, min(len(a), len(b))) else 0.0


def _junction_score(head: Record, tail: Record) -> float:
    """A sentence running on across the jump.

    +1 a word cut in two at the jump (a Han bigram or trigram over the cut) that the two
    parts print elsewhere; +1 a continuation opening with a mark no sentence opens with
    after a head cut mid-sentence; -1 for such an opening after a head that ended its
    sentence."""
    from . import patterns as P

    if not head.paragraphs or not tail.paragraphs:
        return 0.0
    last, first = head.paragraphs[-1], tail.paragraphs[0]
    score = 0.0
    ended = _ends_paragraph(last)
    if first[:1] and first[0] in P.NO_LINE_START:
        score += -1.0 if ended else 1.0
    if not ended:
        elsewhere = _text(head)[:-2] + "\n" + _text(tail)[2:]
        spans = (last[-1:] + first[:1], last[-2:] + first[:1], last[-1:] + first[:2])
        if any(len(_plain(s)) == len(s) >= 2 and s in elsewhere for s in spans):
            score += 1.0
    return score


def _ends_paragraph(text: str) -> bool:
    """Does a part that ends with this paragraph end it there (a sentence end, or a
    subheading), rather than cut it in the middle of a sentence?"""
    from . import patterns as P

    return bool(P.PARAGRAPH_END.search(text)) or (
        len(text) <= P.SUBHEADING_MAX_CHARS and not P.SENTENCE_PUNCT.search(text))


def _label_style(label: str | None) -> str:
    """How a jump line prints a page number: ``第一版`` cn, ``第1版`` di, ``01版`` padded,
    ``1版`` plain, ``A1版`` / ``第A1版`` section (and di)."""
    text = (label or "").replace(" ", "")
    digits = text.lstrip("第")
    style = "section" if digits[:1].isascii() and digits[:1].isalpha() else (
        "padded" if digits.startswith("0") else "arabic" if digits[:1].isdigit() else "cn")
    return style + ("-di" if text.startswith("第") else "")


def _score(head: Record, tail: Record, idf: dict[str, float]) -> float:
    """How well a continuation fits a head: title again, the sentence over the jump,
    shared words (tf-idf cosine of Han bigrams, 0..1), and, weakest, both jump lines
    printing page numbers the same way (第2版 … 第1版, not 第2版 … 01版)."""
    heading = " ".join(filter(None, (head.kicker, head.title, head.subtitle)))
    shared = _cosine(_bigrams(_text(head) + heading), _bigrams(_text(tail) + (tail.title or "")), idf)
    same_style = _label_style(head.continued_to) == _label_style(tail.continued_from)
    return (4.0 * _title_score(head, tail) + 2.0 * _junction_score(head, tail) + 3.0 * shared
            + 1.0 * same_style)


# ---------------------------------------------------------------------------
# Joining


def _join(chain: list[_Part], pages: Sequence[Page], numbers: list[PageNumber | None]) -> StitchedRecord:
    head = chain[0].record
    paragraphs = list(head.paragraphs)
    for part in chain[1:]:
        more = list(part.record.paragraphs)
        if paragraphs and more and not _ends_paragraph(paragraphs[-1]):
            paragraphs[-1] += more.pop(0)   # the sentence cut at the jump goes on
        paragraphs += more
    # the credit is the head's, and a later part's own (an end credit, （记者 X）, printed
    # where the story ends) follows it, as a page's lead and end credit do in one record
    bylines = [p.record.byline for p in chain if p.record.byline]
    dated = next((p.record for p in chain if p.record.date), head)
    return StitchedRecord(
        kind=head.kind, column=head.column, kicker=head.kicker, title=head.title,
        subtitle=head.subtitle, byline=" ".join(bylines) or None,
        reporters=_names(chain, "reporters"), correspondents=_names(chain, "correspondents"),
        photographers=_names(chain, "photographers"),
        continued_from=head.continued_from, continued_to=chain[-1].record.continued_to,
        paragraphs=paragraphs, lines=head.lines, date=dated.date, date_iso=dated.date_iso,
        id=chain[0].id, source=pages[chain[0].page].source,
        pages=[{"page": pages[p.page].source,
                "number": str(numbers[p.page]) if numbers[p.page] else None,
                "lines": tuple(p.record.lines)} for p in chain],
        parts=[p.id for p in chain], page_index=chain[0].page,
    )


def _names(chain: list[_Part], kind: str) -> list[str]:
    """The names credited in all parts, in order, each once."""
    return list(dict.fromkeys(name for p in chain for name in getattr(p.record, kind)))
