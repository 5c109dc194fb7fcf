"""Benchmark of reading pages straight from PDF (a script, not a test).

Reads every page of the given PDFs (default: the PDF test bed's pdf/ folder,
tests/pdfbed/pdf, else tests/pdf_fixtures/page.pdf) --repeat times in this one
process and splits the time per page between

- pdfium: opening the document and page, asking PDFium for every character (its
  box, size, weight, angle, render mode) and for the boxes of the text objects (to
  see text drawn twice);
- layout: characters -> lines -> blocks -> reading order (xcparse.pdflayout);
- rules: the convention rules on the page's lines (xcparse.pipeline.run).

Usage:  .venv/bin/python bench/bench_pdf.py [PDF or folder ...] [--repeat 3]
Prints pages per second (one process) and the share of each part.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from xcparse import pdflayout, pdfread, pipeline  # noqa: E402


def pdf_files(args: list[str]) -> list[Path]:
    if not args:
        bed = ROOT / "tests" / "pdfbed" / "pdf"
        args = [str(bed)] if bed.is_dir() else [str(ROOT / "tests" / "pdf_fixtures" / "page.pdf")]
    files: list[Path] = []
    for a in args:
        p = Path(a)
        files += sorted(p.rglob("*.pdf")) if p.is_dir() else [p]
    return files


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="*")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    files = pdf_files(args.inputs)
    pdfium = __import__("pypdfium2")
    raw = pdfium.raw
    t_pdf = t_layout = t_rules = 0.0
    pages = chars = 0
    for _ in range(args.repeat):
        for f in files:
            t0 = time.perf_counter()
            try:
                doc = pdfread.open_document(f)
            except pdfread.PdfError as exc:
                print(f"skip {f}: {exc}", file=sys.stderr)
                continue
            t_pdf += time.perf_counter() - t0
            for i in range(len(doc)):
                t0 = time.perf_counter()
                page = doc[i]
                doubled = pdfread._doubled_objects(raw, page)
                height = page.get_height()
                tp = page.get_textpage()
                visible, invisible, rotated, _ = pdfread._chars(raw, tp.raw, height)
                tp.close()
                page.close()
                t1 = time.perf_counter()
                lines, evidence = pdflayout.page_text(pdfread._mark_doubled(visible or invisible, doubled, height),
                                                      pdfread._rotated_lines(rotated))
                t2 = time.perf_counter()
                pipeline.run("\n".join(lines) + "\n", sizes=evidence)
                t3 = time.perf_counter()
                t_pdf += t1 - t0
                t_layout += t2 - t1
                t_rules += t3 - t2
                pages += 1
                chars += len(visible)
            doc.close()
    total = t_pdf + t_layout + t_rules
    if not pages:
        print("no pages read")
        return 1
    print(f"{len(files)} PDF files x {args.repeat}: {pages} pages, {chars // pages} characters a page")
    print(f"| part | ms/page | share |\n| --- | ---: | ---: |")
    for name, t in (("pdfium (characters)", t_pdf), ("layout (lines, blocks, order)", t_layout),
                    ("rules (pipeline)", t_rules)):
        print(f"| {name} | {1000 * t / pages:.1f} | {t / total:.0%} |")
    print(f"| total | {1000 * total / pages:.1f} | {pages / total:.1f} pages/s (one process) |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
