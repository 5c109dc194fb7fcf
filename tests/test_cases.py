"""Data-driven cases (ftfy style): JSON files of input, expected output and a comment.

- tests/cases/text_fixes.json: one text fix (a function of xcparse.normalize) per case.
- tests/cases/pages_*.json: made-up pages (no seed text) and the records expected;
  a record lists only the fields it checks. ``"known_failure": "why"`` marks a case the
  extractor gets wrong today: it runs as an expected failure, so a fix shows up.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import xcparse
from xcparse import normalize

CASES = Path(__file__).resolve().parent / "cases"


def _load(pattern: str):
    out = []
    for path in sorted(CASES.glob(pattern)):
        for k, case in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            marks = [pytest.mark.xfail(reason=case["known_failure"], strict=True)] if case.get("known_failure") else []
            out.append(pytest.param(case, id=f"{path.stem}-{k}", marks=marks))
    return out


@pytest.mark.parametrize("case", _load("text_fixes.json"))
def test_text_fix(case):
    fix = getattr(normalize, case["fix"])
    got = fix(case["input"])
    if case["fix"] == "undouble" and got is not None:
        got = got[0]
    assert got == case["expected"], case["comment"]


@pytest.mark.parametrize("case", _load("pages_*.json"))
def test_page(case):
    page = xcparse.extract(case["input"]).to_dict()
    got = page["records"]
    assert len(got) == len(case["records"]), (case["comment"], [r["title"] for r in got])
    for want, rec in zip(case["records"], got):
        for field, value in want.items():
            assert rec[field] == value, f"{case['comment']} ({field})"
    if "furniture" in case:
        assert page["furniture"] == case["furniture"], case["comment"]
