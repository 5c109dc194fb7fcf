"""Evaluation gate on the PDF bed (tests/pdfbed): perfect_records, overall and for each
PDF program's text, never drops below the floors in tests/eval_baseline.json
("pdfbed"). Raise the floors as the extractor improves; never lower them to let a
change pass. The floors were set at the measured figures minus 0.01."""
from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from pathlib import Path

import xcparse

from score import score_page, summarize

ROOT = Path(__file__).resolve().parent.parent
BED = ROOT / "tests" / "pdfbed"
FLOORS = json.loads((ROOT / "tests" / "eval_baseline.json").read_text(encoding="utf-8"))["pdfbed"]


@lru_cache(None)
def bed_scores() -> dict[str, dict]:
    manifest = json.loads((BED / "manifest.json").read_text(encoding="utf-8"))
    rows: dict[str, Counter] = {ex: Counter() for ex in manifest["extractors"]}
    for name in sorted(manifest["pages"]):
        for ex in manifest["extractors"]:
            gold = json.loads((BED / "pages" / f"{name}.{ex}.json").read_text(encoding="utf-8"))
            raw = (BED / "pages" / f"{name}.{ex}.txt").read_text(encoding="utf-8")
            pred = xcparse.extract(raw, source=gold["source"]).to_dict()
            rows[ex] += score_page(gold, pred, raw, [])
    out = {ex: summarize(c) for ex, c in rows.items()}
    out["overall"] = summarize(sum(rows.values(), Counter()))
    return out


def test_pdfbed_perfect_records_do_not_drop():
    scores = bed_scores()
    failures = [f"{key}: {scores[key]['perfect_records']:.3f} < {floor:.3f}"
                for key, floor in FLOORS["perfect_records"].items()
                if scores[key]["perfect_records"] < floor - 1e-9]
    assert not failures, "PDF bed score dropped: " + "; ".join(failures)


def test_pdfbed_floors_cover_every_extractor():
    assert set(FLOORS["perfect_records"]) == set(bed_scores())
