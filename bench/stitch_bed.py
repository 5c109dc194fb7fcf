"""How well ``xcparse.stitch`` joins the PDF test bed's stories split across pages.

The bed (``tests/pdfbed/issues.json``) lists issues: their pages (``number``, ``page``,
``folio``) and their split articles (``head``: page and title; ``tail``: page; ``gold``:
the whole, unsplit record). Each page has, per PDF-to-text program (``<extractor>``),
its text ``pages/<page>.<extractor>.txt`` and gold records ``pages/<page>.<extractor>.json``.

Two routes, per extractor:

- ``gold``: the issue's pages built from their gold records (furniture included, so the
  folio tells the page), stitched; what the joining does on perfect records.
- ``extracted``: the page texts through ``xcparse.extract``, then stitched.

Figures: ``split`` articles; ``joined``: a record joins a part on the head's page (its
first) and one on the tail's page, its body at least half the gold's (Dice of
character bigrams); ``exact``:
that record equals the unsplit gold (paragraphs exactly, headline and byline fields
without spaces, names, kind, column; the jump fields null); ``false_joins``: joined
records that are no split article of the bed (the same part twice, or parts of
different stories); ``unmatched``: records left with a jump field set;
``credit_not_printed``: joined right, but the unsplit gold's byline holds a credit that
no page of the issue prints (an end credit the split parts leave out), so the pages
cannot give it; these are not counted as exact.

``--made-up N`` measures instead a bed of the same shape written from the first N
made-up issues of tests/layouts/issues.py (one extractor, ``fake``: the page texts the
layout generator prints).

Usage:
    .venv/bin/python bench/stitch_bed.py [--bed tests/pdfbed] [--json OUT] [--detail]
    .venv/bin/python bench/stitch_bed.py --made-up 100
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import xcparse  # noqa: E402
from xcparse import Page, Record  # noqa: E402
from xcparse.stitch import unmatched  # noqa: E402

FIELDS = ("kind", "column", "kicker", "title", "subtitle", "byline", "reporters",
          "correspondents", "photographers", "continued_from", "continued_to", "paragraphs")
SQUEEZED = ("column", "kicker", "title", "subtitle", "byline", "continued_from", "continued_to")
_WS = re.compile(r"\s+")


def squeeze(text) -> str:
    return _WS.sub("", text or "")


def differences(got: dict, want: dict) -> list[str]:
    """The fields of ``got`` that differ from the gold ``want`` (spaces in headline and
    byline fields do not count, as in the scorer)."""
    bad = []
    for f in FIELDS:
        if f in SQUEEZED:
            if squeeze(got.get(f)) != squeeze(want.get(f)):
                bad.append(f)
        elif got.get(f) != want.get(f):
            bad.append(f)
    return bad


def extractors(bed: Path, issues: list[dict]) -> list[str]:
    """The PDF-to-text programs every page of the bed has a text and a gold for."""
    names = None
    for issue in issues:
        for page in issue["pages"]:
            found = {p.name[len(page["page"]) + 1:-4] for p in (bed / "pages").glob(f"{page['page']}.*.txt")}
            found = {e for e in found if (bed / "pages" / f"{page['page']}.{e}.json").exists()}
            names = found if names is None else names & found
    return sorted(names or ())


def gold_page(bed: Path, name: str, extractor: str) -> Page:
    gold = json.loads((bed / "pages" / f"{name}.{extractor}.json").read_text(encoding="utf-8"))
    records = [Record(**{f: r.get(f) if f not in ("reporters", "correspondents", "photographers",
                                                     "paragraphs") else list(r.get(f) or [])
                         for f in FIELDS}) for r in gold["records"]]
    return Page(source=f"{name}.txt", records=records, furniture=list(gold.get("furniture") or []))


def text_page(bed: Path, name: str, extractor: str) -> Page:
    text = (bed / "pages" / f"{name}.{extractor}.txt").read_text(encoding="utf-8")
    return xcparse.extract(text, f"{name}.txt")


def _grams(record: dict) -> Counter:
    text = squeeze("".join(record.get("paragraphs") or []))
    return Counter(text[i:i + 2] for i in range(len(text) - 1))


def _dice(a: Counter, b: Counter) -> float:
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 0.0


CREDIT_FIELDS = {"byline", "reporters", "correspondents", "photographers"}


def _credit_not_printed(gold: dict, record: Record, pages: list[Page]) -> bool:
    """The unsplit gold's byline holds more than the pages print: the joined record's
    byline is part of it, and no record of the issue prints the whole (a story's end
    credit that its split parts do not print)."""
    whole = squeeze(gold.get("byline"))
    printed = {squeeze(r.byline) for p in pages for r in p.records if r.byline}
    return whole not in printed and squeeze(record.byline) in whole


def measure_issue(issue: dict, pages: list[Page], detail: list[str]) -> Counter:
    counts: Counter = Counter()
    names = [p["page"] for p in issue["pages"]]
    stitched = xcparse.stitch(pages, names)
    joined = [r for r in stitched if len(r.parts) > 1]
    counts["unmatched"] += len(unmatched(stitched))
    used: set[int] = set()
    for split in issue["split_articles"]:
        counts["split"] += 1
        head, tail, gold = split["head"]["page"], split["tail"]["page"], split["gold"]
        # the joined record from the head's page over the tail's whose body is most the gold's
        body = _grams(gold)
        found, best = None, 0.5
        for k, record in enumerate(joined):
            pages_of = [p.rsplit("-", 1)[0] for p in record.parts]
            if k in used or pages_of[0] != head or tail not in pages_of[1:]:
                continue
            similar = _dice(body, _grams(record.to_dict()))
            if similar >= best:
                found, best = k, similar
        if found is None:
            detail.append(f"  {issue['id']} NOT JOINED {head} -> {tail}: {gold.get('title')}")
            continue
        used.add(found)
        counts["joined"] += 1
        bad = differences(joined[found].to_dict(), gold)
        if bad and set(bad) <= CREDIT_FIELDS and _credit_not_printed(gold, joined[found], pages):
            counts["credit_not_printed"] += 1
            detail.append(f"  {issue['id']} CREDIT NOT PRINTED {head} -> {tail}: {gold.get('title')}: "
                          f"gold {gold.get('byline')!r}, printed {joined[found].byline!r}")
        elif bad:
            detail.append(f"  {issue['id']} WRONG {head} -> {tail}: {gold.get('title')}: {', '.join(bad)}")
            for f in bad:
                detail.append(f"      {f}: gold {gold.get(f)!r}")
                detail.append(f"      {' ' * len(f)}  got  {joined[found].to_dict().get(f)!r}")
        else:
            counts["exact"] += 1
    for k, record in enumerate(joined):
        if k not in used:
            counts["false_joins"] += 1
            detail.append(f"  {issue['id']} FALSE JOIN {record.parts}: {record.title}")
    return counts


def measure(bed: Path, detail: list[str] | None = None) -> dict:
    """{extractor: {"gold": Counter, "extracted": Counter}} over the whole bed."""
    detail = detail if detail is not None else []
    issues = json.loads((bed / "issues.json").read_text(encoding="utf-8"))["issues"]
    results: dict = {}
    for extractor in extractors(bed, issues):
        for route, load in (("gold", gold_page), ("extracted", text_page)):
            total: Counter = Counter()
            detail.append(f"{extractor} / {route}")
            for issue in issues:
                pages = [load(bed, p["page"], extractor) for p in issue["pages"]]
                total += measure_issue(issue, pages, detail)
            total["issues"] = len(issues)
            results.setdefault(extractor, {})[route] = total
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bed", default=str(ROOT / "tests" / "pdfbed"))
    parser.add_argument("--json", help="write the figures here too")
    parser.add_argument("--detail", action="store_true", help="every article not joined exactly")
    parser.add_argument("--made-up", type=int, metavar="N", help="measure N made-up issues instead")
    args = parser.parse_args()
    bed = Path(args.bed)
    detail: list[str] = []
    if args.made_up:
        import tempfile

        sys.path.insert(0, str(ROOT / "tests"))
        from layouts.issues import write_bed

        with tempfile.TemporaryDirectory(prefix="stitch-bed-") as tmp:
            results = measure(write_bed(Path(tmp) / "bed", range(args.made_up)), detail)
    elif not (bed / "issues.json").exists():
        print(f"stitch_bed: no {bed / 'issues.json'}", file=sys.stderr)
        return 2
    else:
        results = measure(bed, detail)
    if not results:
        print("stitch_bed: no extractor has a text and a gold for every page of the bed", file=sys.stderr)
        return 2
    print("| extractor | route | issues | split | joined | exact | credit not printed | false joins | unmatched |")
    print("|---|---|---|---|---|---|---|---|---|")
    for extractor, routes in results.items():
        for route, c in routes.items():
            print(f"| {extractor} | {route} | {c['issues']} | {c['split']} | {c['joined']} "
                  f"({c['joined'] / max(c['split'], 1):.3f}) | {c['exact']} "
                  f"({c['exact'] / max(c['split'], 1):.3f}) | {c['credit_not_printed']} | {c['false_joins']} "
                  f"| {c['unmatched']} |")
    if args.detail:
        print("\n".join(detail))
    if args.json:
        Path(args.json).write_text(json.dumps({e: {r: dict(c) for r, c in v.items()}
                                               for e, v in results.items()}, indent=2) + "\n",
                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
