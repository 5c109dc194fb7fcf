"""Evaluation gate: the seed score, measured with the project's scorer, never drops;
nor does the score on the generated layouts of tests/layouts (the fast run).

The figures to hold are in tests/eval_baseline.json; the scorer is tests/score.py
(a copy of the shared scorer, standard library only). The layout floors sit below the
issue's targets (tests/test_layouts.py) while those are not met, so that a change
that loses ground fails CI even before the targets hold.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import xcparse

from score import score_page, summarize

ROOT = Path(__file__).resolve().parent.parent
BASELINE = json.loads((ROOT / "tests" / "eval_baseline.json").read_text(encoding="utf-8"))


def seed_score() -> dict:
    total: Counter = Counter()
    for gold_path in sorted((ROOT / "tests" / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        raw = (ROOT / "seeds" / gold["source"]).read_text(encoding="utf-8")
        pred = xcparse.extract(raw, source=gold["source"]).to_dict()
        total += score_page(gold, pred, raw, [])
    return summarize(total)


def test_seed_score_does_not_drop():
    s = seed_score()
    failures = []
    for key, floor in BASELINE.items():
        if key in ("comment", "body_cer_max", "coverage_minus_gold") or isinstance(floor, dict):
            continue  # the layout and PDF bed floors are checked by their own tests
        if s[key] < floor:
            failures.append(f"{key}: {s[key]:.3f} < {floor:.3f}")
    if s["body_cer"] > BASELINE["body_cer_max"]:
        failures.append(f"body_cer: {s['body_cer']:.4f} > {BASELINE['body_cer_max']}")
    if s["coverage"] - s["coverage_gold"] < BASELINE["coverage_minus_gold"] - 1e-9:
        failures.append(f"coverage {s['coverage']:.4f} below the gold's {s['coverage_gold']:.4f}")
    assert not failures, "seed score dropped: " + "; ".join(failures)


def _layout_failures(floors: dict, blankless: bool = False) -> tuple[list[str], str]:
    from layouts.runner import fast_evaluation

    ev = fast_evaluation(blankless=blankless)
    overall = ev.overall()
    failures = [f"{key}: {overall[key]:.3f} < {floor:.3f}"
                for key, floor in floors.items() if key != "comment" and overall[key] < floor]
    return failures, ev.table()


def test_layout_score_does_not_drop():
    failures, table = _layout_failures(BASELINE["layouts_fast"])
    assert not failures, "layout score dropped: " + "; ".join(failures) + "\n" + table


def test_blankless_layout_score_does_not_drop():
    """The same layouts printed without blank lines (PyMuPDF, pdfplumber)."""
    failures, table = _layout_failures(BASELINE["layouts_blankless"], blankless=True)
    assert not failures, "blankless layout score dropped: " + "; ".join(failures) + "\n" + table
