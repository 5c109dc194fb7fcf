"""Accuracy of the extractor in one table: the seed pages, the text layouts (fast run of
tests/layouts) and the PDF bed (tests/pdfbed), the bed per extractor, per half and
overall, and the bed's PDFs read directly (``xcparse.extract_pdf``, when the pdf extra
is installed; scored against the gold of pdftotext's default text, whose records are
the page's pieces in reading order).

    python bench/accuracy.py            # everything (about a minute)
    python bench/accuracy.py --quick    # a few-second sample: seeds, 20 layouts, 2 bed pages
    python bench/accuracy.py --json     # the figures as JSON

Scored with tests/score.py (the project's copy of the shared scorer).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import xcparse  # noqa: E402
from score import score_page, summarize  # noqa: E402

BED = ROOT / "tests" / "pdfbed"
COLUMNS = ("perfect_records", "record_f1", "title_acc", "names_acc", "paragraph_f1", "furniture_f1", "coverage")


def _score(gold: dict, raw: str) -> Counter:
    pred = xcparse.extract(raw, source=gold.get("source")).to_dict()
    return score_page(gold, pred, raw, [])


def seeds() -> Counter:
    total = Counter()
    for g in sorted((ROOT / "tests" / "gold").glob("*.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        total += _score(gold, (ROOT / "seeds" / gold["source"]).read_text(encoding="utf-8"))
    return total


def layouts(n: int) -> Counter:
    from layouts.runner import evaluate

    return evaluate(range(n)).total


def bed(pages: int | None = None) -> dict[str, Counter]:
    """Counters per row: 'bed <extractor>', 'bed tune', 'bed test', 'bed overall'."""
    manifest = json.loads((BED / "manifest.json").read_text(encoding="utf-8"))
    names = sorted(manifest["pages"])
    if pages is not None:
        tune = [n for n in names if manifest["pages"][n]["half"] == "tune"][:pages // 2 or 1]
        test = [n for n in names if manifest["pages"][n]["half"] == "test"][:pages - len(tune)]
        names = tune + test
    rows: dict[str, Counter] = defaultdict(Counter)
    for name in names:
        half = manifest["pages"][name]["half"]
        for ex in manifest["extractors"]:
            gold = json.loads((BED / "pages" / f"{name}.{ex}.json").read_text(encoding="utf-8"))
            c = _score(gold, (BED / "pages" / f"{name}.{ex}.txt").read_text(encoding="utf-8"))
            rows[f"bed {ex}"] += c
            rows[f"bed {ex} {half}"] += c
            rows[f"bed {half}"] += c
            rows["bed overall"] += c
    return rows


def bed_pdf(pages: int | None = None) -> dict[str, Counter]:
    """Counters per row: 'bed read as PDF', and per half."""
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        return {}
    manifest = json.loads((BED / "manifest.json").read_text(encoding="utf-8"))
    names = sorted(manifest["pages"])[:pages]
    rows: dict[str, Counter] = defaultdict(Counter)
    for name in names:
        gold = json.loads((BED / "pages" / f"{name}.pdftotext.json").read_text(encoding="utf-8"))
        (page,) = xcparse.extract_pdf(BED / "pdf" / f"{name}.pdf")
        raw = (BED / "pages" / f"{name}.pdftotext.txt").read_text(encoding="utf-8")
        c = score_page(gold, page.to_dict(), raw, [])
        rows["bed read as PDF"] += c
        rows[f"bed read as PDF {manifest['pages'][name]['half']}"] += c
    return rows


def table(rows: dict[str, Counter]) -> str:
    lines = [f"{'set':<28}{'records':>8}" + "".join(f"{c[:13]:>14}" for c in COLUMNS)]
    for name, c in rows.items():
        s = summarize(c)
        lines.append(f"{name:<28}{s['records_gold']:>8}" + "".join(
            f"{s.get(col, float('nan')):>14.3f}" for col in COLUMNS))
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="a few-second sample")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    rows: dict[str, Counter] = {"seeds": seeds()}
    rows["layouts fast"] = layouts(20 if a.quick else 240)
    b = bed(2 if a.quick else None)
    order = [f"bed {ex}" for ex in ("pdftotext", "pdftotext-raw", "pdftotext-layout", "pdfminer", "pymupdf", "pdfplumber")]
    for key in order:
        for suffix in ("", " tune", " test"):
            if key + suffix in b:
                rows[key + suffix] = b[key + suffix]
    for key in ("bed tune", "bed test", "bed overall"):
        if key in b:
            rows[key] = b[key]
    rows.update(bed_pdf(2 if a.quick else None))
    if a.json:
        print(json.dumps({k: summarize(v) for k, v in rows.items()}, indent=1))
    else:
        print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
