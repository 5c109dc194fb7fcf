"""How extract() time and memory grow with input size (a script, not a test).

Two inputs, each doubled from one unit (1x, 2x, 4x, ...) until --max-mb:

- ``seeds``: the seed pages concatenated (one unit is ~42 KB, 1,000 lines);
- ``adversarial``: the worst-case lines of tests/test_regex_worst_case.py (runs of
  spaces, digits, ``（``, ``—``; half-open leads and jump lines; spread-out and doubled
  text), 2,000 characters each, mixed with short lines, jump lines and tiny blocks.

Each size runs in a fresh child process (so memory figures are its own) with a time
limit; the doubling stops at the first size over --timeout. For each size it prints
seconds, MB/s, the time ratio to the previous size (2.0 = linear, 4.0 = quadratic),
the peak RSS of the child and, with --tracemalloc, the peak of Python allocations
(slower: tracing costs about 2x). At the end, the fitted exponent k of time ~ size^k
over the sizes that take more than 0.05 s.

Usage:
    .venv/bin/python bench/bench_scaling.py [--max-mb 50] [--kinds seeds,adversarial]
                                            [--timeout 600] [--tracemalloc] [--json OUT]
"""
from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ADVERSARIAL_LINES = [
    " " * 2000, "1" * 2000, "（" * 2000, "—" * 2000, "\u3000" * 2000 + "x",
    "2" * 2000 + "月", "（1—，" * 400, "本报讯（" + "记者 " * 665, "本报讯（记者" * 333,
    "（上接第" + "一" * 1996, "（上接第一版" * 333 + "）", " 摄" * 1000, "本 " * 1000,
    "学思想学思想 " * 285, "学思想" * 666, "“" * 2000, "…" * 2000, "0374-" * 400,
]
SHORT_LINES = ["（下转第二版）", "（上接第一版）", "本报讯（记者 张三）", "张三 摄", "1", "（",
               "", "字", "", "高标定位 协同推进", ""]


def unit_text(kind: str) -> str:
    if kind == "seeds":
        return "\n".join(p.read_text("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    if kind == "adversarial":
        lines: list[str] = []
        for i, line in enumerate(ADVERSARIAL_LINES):
            lines.append(line)
            lines.extend(SHORT_LINES[i % len(SHORT_LINES):] + SHORT_LINES[:i % len(SHORT_LINES)])
        return "\n".join(lines) + "\n"
    raise SystemExit(f"unknown kind {kind!r}")


def child(kind: str, mult: int, trace: bool) -> None:
    """Measure one size; print one JSON object."""
    text = unit_text(kind) * mult
    from xcparse import extract

    extract(unit_text(kind)[:2000])  # warm up: imports, compiled patterns
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if trace:
        import tracemalloc

        tracemalloc.start()
    start = time.perf_counter()
    page = extract(text)
    seconds = time.perf_counter() - start
    traced = None
    if trace:
        import tracemalloc

        traced = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    print(json.dumps({
        "kind": kind, "mult": mult, "chars": len(text), "bytes": len(text.encode("utf-8")),
        "lines": text.count("\n"), "seconds": seconds, "records": len(page.records),
        "rss_before_kb": rss_before,
        "rss_peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "traced_peak_bytes": traced,
    }))


def measure(kind: str, mult: int, trace: bool, timeout: float) -> dict | None:
    cmd = [sys.executable, __file__, "--child", kind, str(mult)] + (["--tracemalloc"] if trace else [])
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as exc:
        raise SystemExit(f"child failed ({kind} x{mult}):\n{exc.stderr[-2000:]}") from exc
    return json.loads(out.stdout.strip().splitlines()[-1])


def fit_exponent(rows: list[dict]) -> float | None:
    pts = [(math.log(r["bytes"]), math.log(r["seconds"])) for r in rows if r["seconds"] > 0.05]
    if len(pts) < 3:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sxx


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-mb", type=float, default=50.0)
    ap.add_argument("--kinds", default="seeds,adversarial")
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds per size")
    ap.add_argument("--tracemalloc", action="store_true")
    ap.add_argument("--json", help="also write all rows to this file")
    ap.add_argument("--child", nargs=2, metavar=("KIND", "MULT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), args.tracemalloc)
        return

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPU(s); "
          f"time limit {args.timeout:.0f} s per size")
    all_rows: list[dict] = []
    for kind in args.kinds.split(","):
        unit = len(unit_text(kind).encode("utf-8"))
        print(f"\n{kind}: unit {unit / 1e3:.1f} KB")
        mem = "traced MB" if args.tracemalloc else "peak RSS MB"
        print(f"{'size':>6} {'MB':>8} {'lines':>9} {'seconds':>9} {'MB/s':>7} "
              f"{'x prev':>7} {mem:>11} {'records':>8}")
        rows: list[dict] = []
        mult = 1
        while unit * mult <= args.max_mb * 1e6:
            row = measure(kind, mult, args.tracemalloc, args.timeout)
            if row is None:
                print(f"{mult:>5}x {unit * mult / 1e6:>8.2f}  over the {args.timeout:.0f} s "
                      f"limit: stopped")
                break
            ratio = f"{row['seconds'] / rows[-1]['seconds']:.2f}" if rows else ""
            memory = (row["traced_peak_bytes"] / 1e6 if args.tracemalloc
                      else row["rss_peak_kb"] / 1e3)
            print(f"{mult:>5}x {row['bytes'] / 1e6:>8.2f} {row['lines']:>9,} "
                  f"{row['seconds']:>9.3f} {row['bytes'] / 1e6 / row['seconds']:>7.2f} "
                  f"{ratio:>7} {memory:>11.1f} {row['records']:>8,}", flush=True)
            rows.append(row)
            mult *= 2
        k = fit_exponent(rows)
        if k is not None:
            print(f"fitted: time ~ size^{k:.2f}  (1.0 = linear)")
        all_rows.extend(rows)
    if args.json:
        Path(args.json).write_text(json.dumps(all_rows, indent=1), "utf-8")


if __name__ == "__main__":
    main()
