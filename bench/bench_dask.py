"""Benchmark of `xcparse extract --dask local` against the local `--jobs` runs (a script, not a test).

The pages are bench_batch.py's (the seeds copied into --pages files, 100 per dated
folder). Each run is a real subprocess writing JSONL:

- `extract DIR -o all.jsonl --jobs 1` and `--jobs 2` (the local batch, one stream);
- `extract DIR --dask local --jobs 1` and `--jobs 2 -o OUT/` (a LocalCluster of 1 or 2
  worker processes on this machine, one JSONL file per part).

Wall pages/s count everything (for Dask: starting the cluster too); "run" pages/s are
from the summary line, which times the pages only. The outputs are checked to be the
same bytes. The load average is printed: on a shared machine the figures move with it.

Usage:  .venv/bin/python bench/bench_dask.py [--pages 2000] [--repeat 1]
Needs pip install 'xcparse[dask]'.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import make_pages, measured, print_table, xcparse_command  # noqa: E402


def run_rate(stderr: str) -> str:
    found = re.findall(r"\((\d+) pages/s\)", stderr)
    return found[-1] if found else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each, interleaved (median)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="xcparse-bench-dask-"))
    cmd = xcparse_command()
    try:
        make_pages(tmp / "in", args.pages)
        load_before = os.getloadavg()
        runs = {  # name: (command, where its output goes)
            f"`extract DIR -o all.jsonl --jobs {j}`":
                (["extract", str(tmp / "in"), "-o", str(tmp / "local.jsonl"), "-j", j], tmp / "local.jsonl")
            for j in ("1", "2")}
        runs.update({
            f"`extract DIR --dask local --jobs {j} -o OUT/`":
                (["extract", str(tmp / "in"), "--dask", "local", "--jobs", j, "-o", f"{tmp / 'out'}/"],
                 tmp / "out")
            for j in ("1", "2")})
        measures: dict[str, list] = {name: [] for name in runs}
        outputs = set()
        for _ in range(args.repeat):  # interleaved, so a change of load touches every run
            for name, (arguments, target) in runs.items():
                wall, rss, done = measured([*cmd, *arguments])
                if target.is_dir():
                    outputs.add(b"".join(p.read_bytes() for p in sorted(target.glob("part-*.jsonl"))))
                    shutil.rmtree(target)
                else:
                    outputs.add(target.read_bytes())
                    target.unlink()
                measures[name].append((wall, rss, float(run_rate(done.stderr) or 0)))
        rows = []
        for name, values in measures.items():
            wall = statistics.median(v[0] for v in values)
            rows.append((name, f"{wall:.1f} s", f"{args.pages / wall:.0f}",
                         f"{statistics.median(v[2] for v in values):.0f}",
                         f"{max(v[1] for v in values):.0f} MB"))
        load_after = os.getloadavg()
        same = len(outputs) == 1

        print(f"{args.pages} pages, median of {args.repeat} interleaved runs, {os.cpu_count()} cores, "
              f"Python {sys.version.split()[0]}; "
              f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after "
              "(a shared machine: other work ran beside these runs)\n")
        print_table(("run", "wall (median)", "pages/s (wall)", "pages/s (run, from the summary)",
                     "peak memory (largest process)"), rows)
        print(f"\nall four outputs the same bytes: {'yes' if same else 'NO'}")
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
