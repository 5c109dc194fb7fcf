"""Accuracy of reading pages straight from PDF, on a PDF test bed with gold (a script).

The bed (default tests/pdfbed) holds ``pdf/<page>.pdf``, ``pages/<page>.<extractor>.json``
(the gold records of each extractor's text of the page) and ``manifest.json`` (which
half, tune or test, each page belongs to). For every page of a half this scores

- the PDF read by ``xcparse.extract_pdf`` against the gold of the pdftotext text (the
  records are the page's articles whatever program printed them);
- each extractor's text (``pages/<page>.<extractor>.txt``, when the bed has it) read
  by ``xcparse.extract`` against that extractor's gold,

with tests/score.py, and prints one row per reader: the PDF, then each extractor.

Usage:  .venv/bin/python bench/accuracy_pdf.py [BED] [--half tune|test|all] [--detail]
        [--json] [--no-text]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import xcparse  # noqa: E402

REFERENCE = "pdftotext"
SHOWN = ("perfect_records", "record_f1", "kind_acc", "title_acc", "headline_acc", "column_acc",
         "byline_acc", "names_acc", "jumps_acc", "body_exact", "paragraph_f1", "furniture_f1")


def _scorer():
    spec = importlib.util.spec_from_file_location("xcscore", ROOT / "tests" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def manifest_pages(bed: Path) -> list[tuple[str, str]]:
    """(page name, half) of every page the manifest lists (several layouts accepted:
    a list of pages, or {"pages": ...}; a page a name or a dict with name/page/id and half)."""
    data = json.loads((bed / "manifest.json").read_text(encoding="utf-8"))
    if isinstance(data, dict):
        data = data.get("pages", data)
    if isinstance(data, dict):  # {name: {...}} or {name: half}
        data = [dict(v, name=k) if isinstance(v, dict) else {"name": k, "half": v} for k, v in data.items()]
    out = []
    for entry in data:
        if isinstance(entry, str):
            out.append((entry, "tune"))
        else:
            name = entry.get("name") or entry.get("page") or entry.get("id")
            out.append((str(name), str(entry.get("half", "tune"))))
    return out


def pdf_prediction(path: Path) -> dict:
    pages = xcparse.extract_pdf(path)
    out = {"records": [], "furniture": []}
    for page in pages:
        d = page.to_dict()
        out["records"] += d["records"]
        out["furniture"] += d["furniture"]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("bed", nargs="?", default=str(ROOT / "tests" / "pdfbed"))
    ap.add_argument("--half", default="tune", help="tune, test or all")
    ap.add_argument("--detail", action="store_true", help="what differs, per page")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-text", action="store_true", help="score only the PDF reading")
    args = ap.parse_args()
    bed = Path(args.bed)
    score = _scorer()
    totals: dict[str, Counter] = {}
    pages = [(n, h) for n, h in manifest_pages(bed) if args.half in ("all", h)]
    for name, _ in pages:
        gold_path = bed / "pages" / f"{name}.{REFERENCE}.json"
        pdf_path = bed / "pdf" / f"{name}.pdf"
        if not gold_path.exists() or not pdf_path.exists():
            print(f"{name}: no gold or no PDF, left out", file=sys.stderr)
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        detail: list[str] = []
        try:
            pred = pdf_prediction(pdf_path)
        except xcparse.PdfError as exc:
            detail.append(f"  PDF error: {exc}")
            pred = {"records": [], "furniture": []}
        totals.setdefault("pdf", Counter()).update(score.score_page(gold, pred, None, detail))
        if args.detail and detail:
            print(f"{name} (pdf)")
            print("\n".join(detail))
        if args.no_text:
            continue
        for gp in sorted((bed / "pages").glob(f"{name}.*.json")):
            extractor = gp.name[len(name) + 1:-len(".json")]
            txt = gp.with_suffix(".txt")
            if not txt.exists():
                continue
            g = json.loads(gp.read_text(encoding="utf-8"))
            page = xcparse.extract(txt.read_text(encoding="utf-8"))
            d: list[str] = []
            totals.setdefault(extractor, Counter()).update(score.score_page(g, page.to_dict(), None, d))
    if not totals:
        print("no pages scored")
        return 1
    results = {reader: score.summarize(c) for reader, c in totals.items()}
    if args.json:
        print(json.dumps({"half": args.half, "pages": len(pages), "scores": results}, indent=1))
        return 0
    print(f"{bed}: {len(pages)} pages, half {args.half}")
    print("| reader | records | " + " | ".join(SHOWN) + " |")
    print("| --- | ---: | " + " | ".join("---:" for _ in SHOWN) + " |")
    for reader, s in results.items():
        print(f"| {reader} | {s['records_gold']} | " + " | ".join(f"{s[k]:.3f}" for k in SHOWN) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
