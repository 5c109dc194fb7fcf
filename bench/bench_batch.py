"""Benchmark of `xcparse extract` on a large batch (a script, not a test).

Copies the seed pages into a temporary folder until it holds --pages files (10,000 by
default, 100 per dated sub-folder), then measures, each as a real subprocess:

- pages per second with --jobs 1 and --jobs 2 (-o DIR, one json file per page), and
  with --jobs 2 into one combined jsonl file;
- the peak memory (max RSS) of the largest process of each run;
- the wall time of a single-page `xcparse extract` (median of --repeat runs);
- the floor: read every file and write the same amount of JSON, in one process, with
  no extraction - what a run could cost at best.

Usage:  .venv/bin/python bench/bench_batch.py [--pages 10000] [--repeat 15] [--stub-extractor]
Prints a Markdown table for the README. --stub-extractor replaces the extractor with
one that returns the page's lines as one record: it measures the command line's own
cost (reading, decoding, serialising, writing, workers), not the segmentation.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


STUB_LAUNCHER = """
import sys, xcparse
from xcparse.model import Page, Record
def stub(text, source=None, *, page_date=None):
    lines = text.splitlines()
    return Page(source=source, date=page_date,
                records=[Record(title=lines[0] if lines else None, paragraphs=lines, lines=(1, len(lines)))])
xcparse.extract = stub
from xcparse.cli import main
sys.argv[0] = "xcparse"
main()
"""


def xcparse_command(stub: bool = False) -> list[str]:
    if stub:
        return [sys.executable, "-c", STUB_LAUNCHER]
    script = Path(sys.executable).parent / "xcparse"
    return [str(script)] if script.exists() else [sys.executable, "-m", "xcparse"]


def make_pages(folder: Path, count: int) -> list[Path]:
    """count copies of the seeds, 100 per folder named after a date (as archives are)."""
    pages = []
    for i in range(count):
        sub = folder / f"2023{1 + (i // 100) // 28 % 12:02}{1 + (i // 100) % 28:02}-{i // 100:03}"
        sub.mkdir(parents=True, exist_ok=True)
        target = sub / f"p{i:05}_{SEEDS[i % len(SEEDS)].name}"
        shutil.copyfile(SEEDS[i % len(SEEDS)], target)
        pages.append(target)
    return pages


def measured(command: list[str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """(wall seconds, peak RSS in MB of the largest process, result), from a fresh
    wrapper process so that RUSAGE_CHILDREN covers this command only."""
    wrapper = ("import resource, subprocess, sys, time, json\n"
               "t = time.perf_counter()\n"
               "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
               "wall = time.perf_counter() - t\n"
               "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
               "print(json.dumps([wall, rss, done.returncode, done.stderr.decode()[-500:]]))\n")
    out = subprocess.run([sys.executable, "-c", wrapper, *command], capture_output=True, text=True,
                         check=True)
    wall, rss, code, stderr = json.loads(out.stdout)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {code}: {stderr}")
    return wall, rss, subprocess.CompletedProcess(command, code, "", stderr)


def floor(pages: list[Path], out: Path) -> tuple[float, int]:
    """Read and decode every page, write its text as one JSON file: no extraction."""
    out.mkdir()
    written = 0
    started = time.perf_counter()
    for i, page in enumerate(pages):
        text = page.read_bytes().decode("utf-8")
        data = json.dumps({"source": str(page), "paragraphs": text.split("\n")},
                          ensure_ascii=False).encode("utf-8")
        (out / f"{i}.json").write_bytes(data)
        written += len(data)
    return time.perf_counter() - started, written


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=15, help="single-page runs (median)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--stub-extractor", action="store_true",
                        help="measure the command line only, with a trivial extractor")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="xcparse-bench-"))
    try:
        pages = make_pages(tmp / "in", args.pages)
        cmd = xcparse_command(args.stub_extractor)
        rows = []

        single = []
        for _ in range(args.repeat):
            wall, rss, _ = measured([*cmd, "extract", str(SEEDS[0]), "-q"])
            single.append((wall, rss))
        single_wall = statistics.median(w for w, _ in single)
        rows.append(("single page `xcparse extract` (median wall)", f"{single_wall * 1000:.0f} ms",
                     "", f"{max(r for _, r in single):.0f} MB"))

        floor_wall, floor_bytes = floor(pages, tmp / "floor")
        rows.append(("floor: read + write the same JSON, 1 process",
                     f"{floor_wall:.2f} s", f"{len(pages) / floor_wall:.0f}", "",))

        rates = {}
        for jobs in ("1", "2"):
            out = tmp / f"out{jobs}"
            wall, rss, done = measured([*cmd, "extract", str(tmp / "in"), "-o", f"{out}/", "-j", jobs])
            rates[jobs] = len(pages) / wall
            rows.append((f"`extract DIR -o DIR/ --jobs {jobs}` ({folder_bytes(out) / 2**20:.0f} MB json)",
                         f"{wall:.2f} s", f"{rates[jobs]:.0f}", f"{rss:.0f} MB"))
        wall, rss, _ = measured([*cmd, "extract", str(tmp / "in"), "-o", str(tmp / "all.jsonl"), "-j", "2"])
        rows.append(("`extract DIR -o all.jsonl --jobs 2` (one stream)", f"{wall:.2f} s",
                     f"{len(pages) / wall:.0f}", f"{rss:.0f} MB"))

        what = "stub extractor (command-line cost only)" if args.stub_extractor else "real extractor"
        print(f"{what}: {len(pages)} pages ({len(SEEDS)} seeds copied), {os.cpu_count()} cores, "
              f"Python {sys.version.split()[0]}; floor wrote {floor_bytes / 2**20:.0f} MB\n")
        print_table(("run", "wall", "pages/s", "peak memory (largest process)"), rows)
        print(f"\nspeed-up with 2 jobs: {rates['2'] / rates['1']:.2f}x")
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def print_table(header, rows) -> None:
    """A Markdown table, as the README and docs carry the figures."""
    print("| " + " | ".join(header) + " |")
    print("|" + " --- |" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
