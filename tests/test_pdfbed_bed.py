"""Consistency of the PDF bed (tests/pdfbed): the manifest matches the files, the halves
share no article and no seed, every gold scores perfect against itself and holds its
bodies as runs of its text, the PDFs are there and small, the issues hang together.
Reads the committed files only (no typesetter or PDF program is needed)."""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from score import score_page, summarize

BED = Path(__file__).resolve().parent / "pdfbed"
MANIFEST = json.loads((BED / "manifest.json").read_text(encoding="utf-8"))
PAGES = MANIFEST["pages"]
EXTRACTORS = MANIFEST["extractors"]
LAYOUT_MODES = ("pdftotext-layout", "pdfplumber")
WS = re.compile(r"\s+")
FIELDS = ("kind", "column", "kicker", "title", "subtitle", "byline", "reporters", "correspondents",
          "photographers", "continued_from", "continued_to", "paragraphs")


#: marks a PDF program may give for the one printed (PyMuPDF reads "…" of AR PL fonts as "⋯")
LOOKALIKE = str.maketrans({"―": "—", "─": "—", "⋯": "…", "﹐": "，", "﹒": "."})


def squeeze(s: str) -> str:
    return WS.sub("", s)


def gold(name: str, ex: str) -> dict:
    return json.loads((BED / "pages" / f"{name}.{ex}.json").read_text(encoding="utf-8"))


def text(name: str, ex: str) -> str:
    return (BED / "pages" / f"{name}.{ex}.txt").read_text(encoding="utf-8")


def test_manifest_matches_files():
    want = {f"{n}.{ex}.{suf}" for n in PAGES for ex in EXTRACTORS for suf in ("txt", "json")}
    have = {p.name for p in (BED / "pages").iterdir()}
    assert have == want
    assert {p.stem for p in (BED / "pdf").glob("*.pdf")} == set(PAGES)
    assert len(EXTRACTORS) == 6


def test_size_and_scale():
    sizes = [p.stat().st_size for p in (BED / "pdf").glob("*.pdf")]
    assert max(sizes) <= 400 * 1024
    assert sum(p.stat().st_size for p in BED.rglob("*") if p.is_file()) <= 25 * 1024 * 1024
    for p in (BED / "pdf").glob("*.pdf"):
        assert p.read_bytes()[:5] == b"%PDF-"
    kinds = Counter(v["typesetter"] for v in PAGES.values())
    assert set(kinds) == {"rl", "html"}
    assert len(PAGES) >= 60 and sum(v["records"] for v in PAGES.values()) >= 400
    for half in ("tune", "test"):
        assert {v["typesetter"] for v in PAGES.values() if v["half"] == half} == {"rl", "html"}


def test_halves_are_disjoint():
    arts = {h: set() for h in ("tune", "test")}
    seeds = {h: set() for h in ("tune", "test")}
    for v in PAGES.values():
        arts[v["half"]] |= set(v["articles"])
        seeds[v["half"]].add(v["seed"])
    assert arts["tune"] and arts["test"]
    assert not arts["tune"] & arts["test"]
    assert max(seeds["tune"]) < min(seeds["test"])


def test_articles_have_sources():
    used = set().union(*(v["articles"] for v in PAGES.values()))
    known = {}
    for f in (BED / "articles").glob("*.json"):
        a = json.loads(f.read_text(encoding="utf-8"))
        known[a["id"]] = a
    for aid in used:
        assert known[aid]["url"].startswith("http")


@pytest.mark.parametrize("name", sorted(PAGES))
def test_gold_scores_perfect_against_itself(name):
    for ex in EXTRACTORS:
        g = gold(name, ex)
        assert g["source"] == f"{name}.{ex}.txt"
        for r in g["records"]:
            assert tuple(r) == FIELDS
        s = summarize(score_page(g, g, text(name, ex), []))
        assert s["perfect_records"] == 1.0 and s["furniture_f1"] == 1.0 and s["record_f1"] == 1.0


@pytest.mark.parametrize("name", sorted(PAGES))
def test_bodies_are_runs_of_the_text(name):
    """In the reading-order modes each article's or photo's paragraphs are one run of
    the text (spaces aside), records in the order their bodies start."""
    for ex in EXTRACTORS:
        if ex in LAYOUT_MODES:
            continue
        flat = squeeze(text(name, ex).translate(LOOKALIKE))
        last = -1
        for r in gold(name, ex)["records"]:
            if r["kind"] == "ad":
                continue
            body = squeeze("".join(r["paragraphs"]))
            at = flat.find(body)
            assert at >= 0, f"{name}.{ex}: {r['title']}"
            assert at > last or flat.count(body) > 1
            last = at


def test_issues():
    issues = json.loads((BED / "issues.json").read_text(encoding="utf-8"))["issues"]
    assert issues
    for issue in issues:
        names = [p["page"] for p in issue["pages"]]
        assert 2 <= len(names) <= 4 and all(n in PAGES for n in names)
        assert [p["number"] for p in issue["pages"]] == list(range(1, len(names) + 1))
        for p in issue["pages"]:
            assert squeeze(p["folio"]) in squeeze(text(p["page"], "pdftotext-raw"))
        for sp in issue["split_articles"]:
            assert sp["head"]["page"] in names and sp["tail"]["page"] in names
            whole = sp["gold"]
            assert tuple(whole) == FIELDS and whole["continued_from"] is None and whole["continued_to"] is None
            head = [r for r in gold(sp["head"]["page"], "pdftotext")["records"] if r["title"] == sp["head"]["title"]
                    and r["continued_to"]]
            assert len(head) == 1
            tail = [r for r in gold(sp["tail"]["page"], "pdftotext")["records"]
                    if r["continued_from"] and r["paragraphs"] == whole["paragraphs"][len(head[0]["paragraphs"]):]]
            assert len(tail) == 1
            assert head[0]["paragraphs"] + tail[0]["paragraphs"] == whole["paragraphs"]
            raw_head = squeeze(text(sp["head"]["page"], "pdftotext"))
            assert f"（下转{head[0]['continued_to']}）" in raw_head
