"""Benchmark of `xcparse extract --dask local` against the local `--jobs` runs (a script, not a test).

The pages are bench_batch.py's (the seeds copied into --pages files, 100 per dated
folder). Each run is a real subprocess writing JSONL:

- `extract DIR -o all.jsonl --jobs 1` and `--jobs 2` (the local batch, one stream);
- `extract DIR --dask local --jobs 1` and `--jobs 2 -o OUT/` (a LocalCluster of 1 or 2
  worker processes on this machine, one JSONL file per part).

Wall pages/s count everything (for Dask: starting the cluster too); "run" pages/s are
from the summary line, which times the pages only. The outputs are checked to be the
same bytes. The load average is printed: on a shared machine the figures move with it.

Usage:  .venv/bin/python bench/bench_dask.py [--pages 2000]
Needs pip install 'xcparse[dask]'.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import make_pages, measured, xcparse_command  # noqa: E402


def run_rate(stderr: str) -> str:
    found = re.findall(r"\((\d+) pages/s\)", stderr)
    return found[-1] if found else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="xcparse-bench-dask-"))
    cmd = xcparse_command()
    try:
        make_pages(tmp / "in", args.pages)
        load_before = os.getloadavg()
        rows, outputs = [], {}
        for jobs in ("1", "2"):
            target = tmp / f"local{jobs}.jsonl"
            wall, rss, done = measured([*cmd, "extract", str(tmp / "in"), "-o", str(target), "-j", jobs])
            outputs[f"local{jobs}"] = target.read_bytes()
            rows.append((f"`extract DIR -o all.jsonl --jobs {jobs}`", f"{wall:.1f} s",
                         f"{args.pages / wall:.0f}", run_rate(done.stderr), f"{rss:.0f} MB"))
        for jobs in ("1", "2"):
            out = tmp / f"dask{jobs}"
            wall, rss, done = measured([*cmd, "extract", str(tmp / "in"), "--dask", "local",
                                        "--jobs", jobs, "-o", f"{out}/"])
            outputs[f"dask{jobs}"] = b"".join(p.read_bytes() for p in sorted(out.glob("part-*.jsonl")))
            rows.append((f"`extract DIR --dask local --jobs {jobs} -o OUT/`", f"{wall:.1f} s",
                         f"{args.pages / wall:.0f}", run_rate(done.stderr), f"{rss:.0f} MB"))
        load_after = os.getloadavg()
        same = len(set(outputs.values())) == 1

        print(f"{args.pages} pages, {os.cpu_count()} cores, Python {sys.version.split()[0]}; "
              f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after "
              "(a shared machine: other work ran beside these runs)\n")
        print("| run | wall | pages/s (wall) | pages/s (run, from the summary) | peak memory (largest process) |")
        print("| --- | --- | --- | --- | --- |")
        for row in rows:
            print("| " + " | ".join(row) + " |")
        print(f"\nall four outputs the same bytes: {'yes' if same else 'NO'}")
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
