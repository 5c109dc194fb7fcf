"""Mutation tests: each seed page, changed the ways real PDF-to-text output varies.

Every mutation is deterministic (its random choices are seeded by the mutation's and
the seed's names) and runs on every seed; every page it produces goes through
xcparse.invariants.check_page: valid JSON against the page schema, line numbers inside
the input, and no Han character, digit or Latin letter lost.
"""
from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from xcparse import extract
from xcparse.invariants import check_page
from xcparse.normalize import CHAR_TABLE

ROOT = Path(__file__).resolve().parent.parent
SEEDS = {p.stem: p.read_text("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))}
GOLD = {p.stem: json.loads(p.read_text("utf-8"))
        for p in sorted((ROOT / "tests" / "gold").glob("*.json")) if p.stem in SEEDS}

Mutation = Callable[[str, random.Random], str]
MUTATIONS: dict[str, Mutation] = {}


def mutation(name: str):
    def register(fn: Mutation) -> Mutation:
        MUTATIONS[name] = fn
        return fn
    return register


def lines_of(text: str) -> list[str]:
    return text.split("\n")


def blocks_of(lines: list[str]) -> list[list[str]]:
    """Runs of non-blank lines, and each blank line as a block of its own."""
    out: list[list[str]] = []
    for ln in lines:
        if ln.strip() and out and out[-1] and out[-1][-1].strip():
            out[-1].append(ln)
        else:
            out.append([ln])
    return out


def join_blocks(blocks: list[list[str]]) -> str:
    return "\n".join(ln for b in blocks for ln in b)


# --- re-breaking -------------------------------------------------------------------------

def _rewrap(text: str, width: int | None) -> str:
    out = []
    for block in blocks_of(lines_of(text)):
        if not block[0].strip():
            out.extend(block)
            continue
        joined = "".join(block)
        if width is None:
            out.append(joined)
        else:
            out.extend(joined[i:i + width] for i in range(0, len(joined), width))
    return "\n".join(out)


for _w in (5, 9, 13, 16, 22, 40):
    mutation(f"rewrap-{_w}")(lambda t, r, w=_w: _rewrap(t, w))
mutation("rewrap-unbroken")(lambda t, r: _rewrap(t, None))  # each block on one line


# --- blank lines ------------------------------------------------------------------------

@mutation("blank-removed")
def _(t, r):
    return "\n".join(ln for ln in lines_of(t) if ln.strip())


@mutation("blank-moved")
def _(t, r):
    lines = lines_of(t)
    for i in [i for i, ln in enumerate(lines) if not ln.strip()]:
        j = min(len(lines) - 1, max(0, i + r.choice([-2, -1, 1, 2])))
        lines.insert(j, lines.pop(i))
    return "\n".join(lines)


@mutation("blank-added")
def _(t, r):
    out = []
    for ln in lines_of(t):
        out.append(ln)
        if r.random() < 0.15:
            out.append("")
    return "\n".join(out)


@mutation("blank-tripled")
def _(t, r):
    return "\n".join(ln if ln.strip() else "\n\n" for ln in lines_of(t))


@mutation("blank-whitespace")
def _(t, r):
    return "\n".join(ln if ln.strip() else r.choice([" ", "\t", "\u3000", "  \t\u3000"])
                     for ln in lines_of(t))


# --- line endings and spaces --------------------------------------------------------------

mutation("crlf")(lambda t, r: t.replace("\n", "\r\n"))
mutation("cr")(lambda t, r: t.replace("\n", "\r"))
mutation("bom")(lambda t, r: "\ufeff" + t)
mutation("no-final-newline")(lambda t, r: t.rstrip("\n"))
mutation("trailing-spaces")(lambda t, r: "\n".join(
    ln + " " * r.randint(1, 4) for ln in lines_of(t)))
mutation("trailing-fullwidth-spaces")(lambda t, r: "\n".join(
    ln + "\u3000" * r.randint(1, 2) for ln in lines_of(t)))
mutation("tabs-for-spaces")(lambda t, r: t.replace(" ", "\t"))
mutation("leading-tabs")(lambda t, r: "\n".join("\t" + ln if ln else ln for ln in lines_of(t)))
mutation("fullwidth-spaces")(lambda t, r: t.replace(" ", "\u3000"))
mutation("no-spaces")(lambda t, r: re.sub(r"[ \u3000]", "", t))


@mutation("fullwidth-indent")
def _(t, r):
    return join_blocks([[("\u3000\u3000" + b[0]) if b[0].strip() else b[0], *b[1:]]
                        for b in blocks_of(lines_of(t))])


@mutation("spread-out-lines")
def _(t, r):
    return "\n".join(" ".join(ln) if r.random() < 0.2 else ln for ln in lines_of(t))


# --- characters ---------------------------------------------------------------------------

_TO_FULLWIDTH = {c: chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                 "abcdefghijklmnopqrstuvwxyz"}
_TO_KANGXI: dict[str, str] = {}
for _cp, _to in CHAR_TABLE.items():
    if 0x2F00 <= _cp <= 0x2FDF:
        _TO_KANGXI.setdefault(_to, chr(_cp))

mutation("fullwidth-digits-letters")(lambda t, r: "".join(_TO_FULLWIDTH.get(c, c) for c in t))
mutation("kangxi-lookalikes")(lambda t, r: "".join(
    _TO_KANGXI[c] if c in _TO_KANGXI and r.random() < 0.5 else c for c in t))
mutation("control-chars")(lambda t, r: "".join(
    c + r.choice(["\x00", "\u200b", "\x1b", "\ufeff", "\x7f"]) if r.random() < 0.03 else c
    for c in t))


# --- structure ----------------------------------------------------------------------------

@mutation("shuffled-within-blocks")
def _(t, r):
    blocks = blocks_of(lines_of(t))
    for b in blocks:
        r.shuffle(b)
    return join_blocks(blocks)


@mutation("blocks-shuffled")
def _(t, r):
    blocks = blocks_of(lines_of(t))
    r.shuffle(blocks)
    return join_blocks(blocks)


@mutation("lines-doubled")
def _(t, r):
    return "\n".join(ln + ln if r.random() < 0.05 else ln for ln in lines_of(t))


mutation("first-half")(lambda t, r: "\n".join(lines_of(t)[: len(lines_of(t)) // 2]))
mutation("second-half")(lambda t, r: "\n".join(lines_of(t)[len(lines_of(t)) // 2:]))
mutation("cut-mid-line")(lambda t, r: t[: len(t) // 2])
mutation("cut-mid-line-tail")(lambda t, r: t[len(t) // 2 + 1:])
mutation("concat-self")(lambda t, r: t + t)
mutation("concat-self-no-newline")(lambda t, r: t.rstrip("\n") + t)
mutation("concat-other")(lambda t, r: t + "\n" + "\n".join(v for v in SEEDS.values() if v != t))
mutation("concat-other-first")(lambda t, r: "".join(v for v in SEEDS.values() if v != t) + t)


@mutation("three-random-mutations")
def _(t, r):
    names = sorted(n for n in MUTATIONS if not n.startswith(("concat", "three")))
    for name in r.sample(names, 3):
        t = MUTATIONS[name](t, r)
    return t


# --- the tests ------------------------------------------------------------------------------

def mutated(name: str, stem: str) -> str:
    return MUTATIONS[name](SEEDS[stem], random.Random(f"{name}:{stem}"))


def extract_and_check(text: str):
    page = extract(text, source="mutated.txt", page_date="2023-06-21")
    check_page(text, page)
    return page


@pytest.mark.parametrize("stem", SEEDS)
def test_seed_itself(stem):
    extract_and_check(SEEDS[stem])


@pytest.mark.parametrize("stem", SEEDS)
@pytest.mark.parametrize("name", MUTATIONS)
def test_mutation(name, stem):
    text = mutated(name, stem)
    assert text != SEEDS[stem] or name == "no-final-newline"
    extract_and_check(text)


@pytest.mark.parametrize("stem", SEEDS)
@pytest.mark.parametrize("name", ["crlf", "cr", "bom", "control-chars"])
def test_same_page_regardless_of(name, stem):
    """Line endings, a BOM and invisible controls are not content: same records."""
    assert extract(mutated(name, stem)).to_dict() == extract(SEEDS[stem]).to_dict()


# --- a headline deleted, a byline deleted: one case per gold headline / byline -------

def _squeeze(s: str) -> str:
    return re.sub(r"\s", "", s)


def headline_lines(stem: str, title: str) -> list[int]:
    """0-based input lines printing ``title``: the run of consecutive lines, each part of
    the title, whose text together is the title (else the longest such run)."""
    lines, want = lines_of(SEEDS[stem]), _squeeze(title)
    hits = [i for i, ln in enumerate(lines) if len(_squeeze(ln)) >= 3 and _squeeze(ln) in want]
    runs: list[list[int]] = []
    for i in hits:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    exact = [run for run in runs if "".join(_squeeze(lines[i]) for i in run) == want]
    return exact[0] if exact else max(runs, key=lambda run: sum(len(lines[i]) for i in run))


def byline_span(stem: str, index: int) -> tuple[int, int]:
    """Character span of record ``index``'s byline in the seed (spaces may differ)."""
    recs = GOLD[stem]["records"]
    byline = recs[index]["byline"]
    pattern = r"\s*".join(map(re.escape, _squeeze(byline)))  # may span a line break
    nth = sum(1 for r in recs[:index] if r["byline"] and _squeeze(r["byline"]) == _squeeze(byline))
    found = list(re.finditer(pattern, SEEDS[stem]))
    return found[min(nth, len(found) - 1)].span()


HEADLINES = [(stem, i) for stem in GOLD for i, r in enumerate(GOLD[stem]["records"]) if r["title"]]
BYLINES = [(stem, i) for stem in GOLD for i, r in enumerate(GOLD[stem]["records"]) if r["byline"]]


@pytest.mark.parametrize("stem,index", HEADLINES, ids=[f"{s[:3]}-{i}" for s, i in HEADLINES])
def test_headline_deleted(stem, index):
    drop = set(headline_lines(stem, GOLD[stem]["records"][index]["title"]))
    assert drop
    text = "\n".join(ln for i, ln in enumerate(lines_of(SEEDS[stem])) if i not in drop)
    extract_and_check(text)


@pytest.mark.parametrize("stem,index", BYLINES, ids=[f"{s[:3]}-{i}" for s, i in BYLINES])
def test_byline_deleted(stem, index):
    start, end = byline_span(stem, index)
    text = SEEDS[stem]
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if not text[line_start:start].strip() and not text[end:line_end].strip():
        start, end = line_start, line_end + 1  # the byline is the whole line: delete it
    extract_and_check(text[:start] + text[end:])


def test_helpers_find_what_they_should():
    """The mutation helpers themselves: headline and byline finders, block splitting."""
    assert [i + 1 for i in headline_lines("000_93577813e5f6534c",
                                          GOLD["000_93577813e5f6534c"]["records"][1]["title"])
            ] == [136, 137]
    s, e = byline_span("004_f0e48d5ccb6aaaee", 7)  # 本报讯（记者 付家宝）, printed spread out
    assert SEEDS["004_f0e48d5ccb6aaaee"][s:e] == "本 报 讯（记 者 付 家 宝）"
    assert blocks_of(["a", "b", "", "c", " ", "d"]) == [["a", "b"], [""], ["c"], [" "], ["d"]]
    assert _rewrap("abcdef\ngh\n\nij", 3) == "abc\ndef\ngh\n\nij"
    assert len(MUTATIONS) >= 35
