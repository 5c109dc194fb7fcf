"""Per-parameter table of the extractor on generated layouts (debugging aid).

    python -m tests.layouts.report                 # the fast test's 240 layouts
    python -m tests.layouts.report -n 600 --start 1000   # the slow run's layouts
    python -m tests.layouts.report --worst 10      # also list the worst pages, with the scorer's detail
    python -m tests.layouts.report --show 22       # one layout: style, page text, field-by-field diff
    python -m tests.layouts.report --save-failures 5   # keep the 5 worst as fixtures

Run from the repository root (or ``python tests/layouts/report.py``).
"""
from __future__ import annotations

import argparse
import difflib
import json
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make the tests folder importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "layouts"
    import layouts  # noqa: F401

from .generator import GOLD_FIELDS, make_blankless_layout, make_layout, style_dict  # noqa: E402
from .runner import default_extract, evaluate, save_layout_fixture, score_layout  # noqa: E402

FAST = range(0, 240)
SLOW = range(1000, 1600)


def show(seed: int) -> None:
    layout = make_layout(seed)
    print(json.dumps(style_dict(layout.style), ensure_ascii=False))
    print(f"pool={layout.pool} values={layout.style_values()}")
    print("-" * 60)
    for i, ln in enumerate(layout.text.split("\n"), 1):
        print(f"{i:4d} {ln}")
    print("-" * 60)
    res = score_layout(layout)
    pred = default_extract(layout.text, layout.expected["source"])
    print(f"perfect {res.perfect}/{res.gold}; furniture gold {layout.expected['furniture']} "
          f"got {pred.get('furniture')}")
    for line in res.detail:
        print(line)
    # field-by-field diff of records matched by title/first words
    got = pred["records"]
    for g in layout.expected["records"]:
        key = (g["title"] or "", (g["paragraphs"] or [""])[0][:10])
        cands = [p for p in got if (p.get("title") or "") == key[0] and "".join(p.get("paragraphs") or [])[:10]
                 == "".join(g["paragraphs"])[:10]]
        if not cands:
            cands = [p for p in got if key[1] and key[1] in "".join(p.get("paragraphs") or [])]
        if not cands:
            print(f"== no match for {key}")
            continue
        p = cands[0]
        def same(f: str) -> bool:  # text fields compared without spaces, as the scorer does
            if f in ("column", "kicker", "title", "subtitle", "byline", "continued_from", "continued_to"):
                return "".join((p.get(f) or "").split()) == "".join((g.get(f) or "").split())
            if f in ("reporters", "correspondents", "photographers"):
                return sorted(p.get(f) or []) == sorted(g.get(f) or [])
            return p.get(f) == g.get(f)

        bad = [f for f in GOLD_FIELDS if not same(f)]
        if not bad:
            continue
        print(f"== {g['kind']} {g['title'] or key[1]}: {', '.join(bad)}")
        for f in bad:
            if f == "paragraphs":
                for d in difflib.unified_diff(g["paragraphs"], p.get("paragraphs") or [], "gold", "got",
                                              lineterm="", n=0):
                    print("   ", d[:160])
            else:
                print(f"    {f}: gold {g.get(f)!r} / got {p.get(f)!r}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=len(FAST), help="number of layouts (default 240)")
    ap.add_argument("--start", type=int, default=FAST.start, help="first seed (slow run: 1000)")
    ap.add_argument("--threshold", type=float, default=0.90)
    ap.add_argument("--worst", type=int, default=0, help="list the N worst pages")
    ap.add_argument("--show", type=int, help="show one layout and what the extractor made of it")
    ap.add_argument("--save-failures", type=int, default=0, metavar="N",
                    help="save the N worst layouts as fixtures (tests/layouts/fixtures)")
    ap.add_argument("--json", action="store_true", help="print the table as JSON")
    ap.add_argument("--blankless", action="store_true",
                    help="the layouts with every blank line removed (as PyMuPDF or pdfplumber print pages)")
    a = ap.parse_args(argv)
    if a.show is not None:
        show(a.show)
        return 0
    t0 = time.perf_counter()
    ev = evaluate(range(a.start, a.start + a.n), make=make_blankless_layout if a.blankless else None)
    dt = time.perf_counter() - t0
    if a.json:
        print(json.dumps({"overall": ev.overall(),
                          "values": [dict(zip(("parameter", "value", "pages", "records", "perfect", "share"), v))
                                     for v in ev.values()]}, ensure_ascii=False, indent=1))
    else:
        print(ev.table(a.threshold))
        print(f"({dt:.1f} s)")
    if a.worst:
        print()
        print(ev.failures_text(a.worst))
    for p in ev.worst(a.save_failures):
        txt, js = save_layout_fixture(p.layout, note=f"{p.perfect}/{p.gold} perfect when saved")
        print(f"saved {txt} {js}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # piped into head
        sys.exit(0)
