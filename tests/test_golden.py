"""Golden tests: every field of every record of both seed pages equals the gold."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import xcparse

ROOT = Path(__file__).resolve().parent.parent
GOLD = sorted((ROOT / "tests" / "gold").glob("*.json"))
FIELDS = ("kind", "column", "kicker", "title", "subtitle", "byline", "reporters",
          "correspondents", "photographers", "continued_from", "continued_to", "paragraphs")


def _page(gold_path: Path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = (ROOT / "seeds" / gold["source"]).read_text(encoding="utf-8")
    return gold, xcparse.extract(text, source=gold["source"]).to_dict()


@pytest.mark.parametrize("gold_path", GOLD, ids=lambda p: p.stem)
def test_record_count_and_order(gold_path):
    gold, page = _page(gold_path)
    assert [r["title"] for r in page["records"]] == [r["title"] for r in gold["records"]]


@pytest.mark.parametrize("gold_path", GOLD, ids=lambda p: p.stem)
def test_every_field_of_every_record(gold_path):
    gold, page = _page(gold_path)
    for g, p in zip(gold["records"], page["records"]):
        for field in FIELDS:
            assert p[field] == g[field], f"{g['title'] or g['paragraphs'][0][:12]}: {field}"


@pytest.mark.parametrize("gold_path", GOLD, ids=lambda p: p.stem)
def test_furniture(gold_path):
    gold, page = _page(gold_path)
    assert page["furniture"] == gold["furniture"]


@pytest.mark.parametrize("gold_path", GOLD, ids=lambda p: p.stem)
def test_record_lines_trace_back_to_the_page(gold_path):
    """Each record's line span lies in the page and contains its byline/first words."""
    gold, page = _page(gold_path)
    lines = (ROOT / "seeds" / gold["source"]).read_text(encoding="utf-8").split("\n")
    for rec in page["records"]:
        first, last = rec["lines"]
        assert 1 <= first <= last <= len(lines)
        span = "".join(lines[first - 1:last]).replace(" ", "")
        assert rec["paragraphs"][0][:4] in span
