"""Build the PDF bed: typeset pages, extract their text six ways, write gold.

    python -m tests.pdfbed.build                 # the whole bed (about 64 pages)
    python -m tests.pdfbed.build --pages 12      # a small run
    python -m tests.pdfbed.build --jobs 2 --out /tmp/bed   # elsewhere, two processes

Writes tests/pdfbed/pdf/<page>.pdf, tests/pdfbed/pages/<page>.<extractor>.txt and
.json (gold), tests/pdfbed/manifest.json and tests/pdfbed/issues.json. A page whose
text fails a gold check in any extractor (gold.py) is laid out again from the next
seed. Pages are split into halves by source article and by seed: a tune page takes
its articles from the tune half of the articles and its seeds from 100000 up, a test
page from the test half and 200000 up.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .content import HERE, article_record, is_subheading, load_articles, page_label
from .extract import EXTRACTORS, extract
from .gold import GoldError, check_furniture, gold_for_text
from .plan import page_records, plan_page

MAX_PDF = 400 * 1024
MAX_BED = 25 * 1024 * 1024
ATTEMPTS = 20
SEED_BASE = {"tune": 100000, "test": 200000}


def typeset(page: dict, path: str) -> None:
    if page["typesetter"] == "rl":
        from . import rl

        rl.render(page, path)
    else:
        from . import html

        html.render(page, path)


def try_page(page: dict, tmp: str) -> tuple[bytes, dict]:
    """(pdf bytes, {extractor: (text, gold)}) or GoldError."""
    path = os.path.join(tmp, page["name"] + ".pdf")
    typeset(page, path)
    data = Path(path).read_bytes()
    if len(data) > MAX_PDF:
        raise GoldError(f"pdf is {len(data)} bytes")
    out = {}
    for ex in EXTRACTORS:
        text = extract(path, ex)
        gold = gold_for_text(page, text, ex, f"{page['name']}.{ex}.txt")
        check_furniture(page, text, ex)
        out[ex] = (text, gold)
    return data, out


def plan_issue(spec: dict, pool: list[dict], seed: int) -> tuple[list[dict], list[dict]]:
    """The issue's pages (number, folio style, paper, split parts) and its split articles."""
    rng = random.Random(f"issue-{spec['id']}-{seed}")
    n = len(spec["pages"])
    style = rng.choice(["cn", "num", "zero", "a"])
    paper = rng.choice(["河畔日报", "北原晚报", "城南都市报", "西江日报"])
    cands = [a for a in pool if len(a["paragraphs"]) >= 3]
    parts: dict[int, list] = {i: [] for i in range(n)}
    splits, titles = [], set()
    for a in rng.sample(cands, min(rng.choice([1, 2, 2, 3]), len(cands))):
        paras = a["paragraphs"]
        cuts = [m for m in range(1, len(paras)) if not is_subheading(paras[m - 1])
                and sum(map(len, paras[:m])) >= 60 and sum(map(len, paras[m:])) >= 60]
        if not cuts or a["title"] in titles:
            continue
        titles.add(a["title"])
        cut = rng.choice(cuts)
        hi = rng.randrange(n - 1)
        ti = rng.randrange(hi + 1, n)
        jstyle = "a" if style == "a" else rng.choice(["cn", "num", "zero"])
        parts[hi].append((a, "head", cut, page_label(ti + 1, jstyle)))
        parts[ti].append((a, "tail", cut, page_label(hi + 1, jstyle)))
        splits.append({"head": {"page": spec["pages"][hi], "title": a["title"]},
                       "tail": {"page": spec["pages"][ti]}, "gold": article_record(a)})
    exclude = {sp["gold"]["title"] for sp in splits}
    issues = [{"number": i + 1, "style": style, "paper": paper, "parts": parts[i], "exclude": exclude}
              for i in range(n)]
    return issues, splits


def build_unit(unit: dict) -> dict:
    """One page or one issue; each page from its first seed that passes every check."""
    pool = [a for a in load_articles() if a["half"] == unit["half"]]
    tmp = tempfile.mkdtemp(prefix="pdfbed-")
    errors, pages, results, seeds = [], [], [], []
    try:
        if unit["kind"] == "issue":
            issues, splits = plan_issue(unit, pool, unit["seed"])
        else:
            issues, splits = [None], []
        for name, issue in zip(unit["pages"], issues):
            for attempt in range(ATTEMPTS):
                seed = unit["seed"] + attempt + 20 * len(pages)
                page = plan_page(name, seed, unit["typesetter"], pool, issue)
                try:
                    results.append(try_page(page, tmp))
                except GoldError as e:
                    errors.append(f"{name} seed {seed}: {e}")
                    continue
                pages.append(page)
                seeds.append(seed)
                break
            else:
                return {"unit": unit, "seed": None, "errors": errors}
        return {"unit": unit, "seeds": seeds, "seed": seeds[0], "pages": pages, "results": results,
                "splits": splits, "errors": errors}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def units_for(n_pages: int) -> list[dict]:
    """Pages and issues: half tune, half test; each half half reportlab, half Chromium;
    about a third of the pages in issues of 2-4 pages."""
    units, idx = [], 0
    rng = random.Random("pdfbed-units")
    per_half = n_pages // 2
    for half in ("tune", "test"):
        made = 0
        k = 0
        while made < per_half:
            ts = ("rl", "html")[k % 2]
            left = per_half - made
            if k % 3 == 2 and left >= 2:
                size = min(rng.choice([2, 3, 4]), left)
                kind = "issue"
            else:
                size, kind = 1, "page"
            names = [f"{idx + j + 1:03d}_{ts}" for j in range(size)]
            units.append({"kind": kind, "id": f"i{len([u for u in units if u['kind'] == 'issue']) + 1:02d}",
                          "half": half, "typesetter": ts, "pages": names,
                          "seed": SEED_BASE[half] + 100 * len(units)})
            idx += size
            made += size
            k += 1
    return units


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Build the PDF bed")
    ap.add_argument("--pages", type=int, default=64)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", default=str(HERE))
    a = ap.parse_args(argv)
    t0 = time.time()
    out = Path(a.out)
    for sub in ("pdf", "pages"):
        if (out / sub).exists():
            shutil.rmtree(out / sub)
        (out / sub).mkdir(parents=True)
    units = units_for(a.pages)
    with ProcessPoolExecutor(max_workers=a.jobs) as ex:
        done = list(ex.map(build_unit, units))
    manifest = {"pages": {}, "extractors": list(EXTRACTORS)}
    issues = []
    records = texts = rejected = 0
    for d in done:
        unit = d["unit"]
        rejected += len(d["errors"])
        if d["seed"] is None:
            print(f"FAILED {unit['pages']}: {d['errors'][-3:]}", file=sys.stderr)
            continue
        for page, seed, (pdf, res) in zip(d["pages"], d["seeds"], d["results"]):
            name = page["name"]
            (out / "pdf" / f"{name}.pdf").write_bytes(pdf)
            for ex_name, (text, gold) in res.items():
                (out / "pages" / f"{name}.{ex_name}.txt").write_text(text, encoding="utf-8")
                (out / "pages" / f"{name}.{ex_name}.json").write_text(
                    json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
                texts += 1
            recs = page_records(page)
            records += len(recs)
            manifest["pages"][name] = {
                "typesetter": page["typesetter"], "seed": seed, "half": unit["half"],
                "articles": sorted({m["art"] for b in page["bands"] for m in b if m["kind"] == "article"}),
                "records": len(recs), "grid": page["grid"], "issue": unit["id"] if unit["kind"] == "issue" else None,
                "style": page["style"],
            }
        if unit["kind"] == "issue":
            issues.append({
                "id": unit["id"], "typesetter": unit["typesetter"],
                "pages": [{"number": i + 1, "page": p["name"], "folio": p["folio"]} for i, p in enumerate(d["pages"])],
                "split_articles": d["splits"],
            })
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / "issues.json").write_text(json.dumps({"issues": issues}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    sizes = [p.stat().st_size for p in (out / "pdf").glob("*.pdf")]
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"{len(manifest['pages'])} pages, {records} records per text, {texts} texts; "
          f"largest PDF {max(sizes, default=0)} bytes; bed {total} bytes; {rejected} layouts rejected; "
          f"{time.time() - t0:.0f} s")
    assert max(sizes, default=0) <= MAX_PDF, "a PDF is over 400 KB"
    assert total <= MAX_BED, "the bed is over 25 MB"
    return 0


if __name__ == "__main__":
    sys.exit(main())
