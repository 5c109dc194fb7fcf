"""The PDF test bed's stories split across pages (tests/pdfbed/issues.json), joined by
xcparse.stitch from the pages' gold records: every split article joined, nothing joined
that should not be, and (at least 90%) each equal to its unsplit gold. Skipped when the
bed is absent. The measuring script (bench/stitch_bed.py) is also run on a small bed of
the same shape built here from made-up issues, so it is checked wherever the tests run."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from layouts.issues import write_bed

ROOT = Path(__file__).resolve().parents[1]
BED = ROOT / "tests" / "pdfbed"


def _script():
    spec = importlib.util.spec_from_file_location("stitch_bed", ROOT / "bench" / "stitch_bed.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not (BED / "issues.json").exists(), reason="no tests/pdfbed/issues.json")
def test_pdf_bed_split_articles_from_gold():
    detail: list[str] = []
    results = _script().measure(BED, detail)
    assert results, "the bed has no extractor with texts and gold for every page"
    for extractor, routes in results.items():
        c = routes["gold"]
        assert c["split"] > 0
        assert c["joined"] == c["split"], "\n".join(detail)
        assert c["false_joins"] == 0, "\n".join(detail)
        # every split story of the bed comes back equal to its unsplit gold
        assert c["exact"] == c["split"], "\n".join(detail)


def test_the_measuring_script_on_a_bed_of_made_up_issues(tmp_path):
    bed = write_bed(tmp_path / "bed", range(6))
    detail: list[str] = []
    results = _script().measure(bed, detail)
    gold = results["fake"]["gold"]
    assert gold["split"] >= 3
    assert (gold["joined"], gold["exact"], gold["false_joins"]) == (gold["split"], gold["split"], 0), detail
    extracted = results["fake"]["extracted"]
    assert extracted["split"] == gold["split"] and extracted["joined"] >= gold["split"] - 1
