"""The extractor alone: CPU milliseconds a page of ``xcparse.extract`` (a script, not a test).

Pages are read once; each round extracts every page ``--passes`` times in this
process and the figure is the median of the rounds, in CPU time (``process_time``), so
other work on the machine moves it little. By default the pages are the two seeds
(the figure the README quotes); ``--bed`` adds the PDF test bed's texts, one extractor's
or all of them.

    .venv/bin/python bench/bench_extract.py                 # seeds, 10 rounds of 5 passes
    .venv/bin/python bench/bench_extract.py --bed pdftotext # the bed's default-mode texts
    .venv/bin/python bench/bench_extract.py --stages        # where the time goes, module by module
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import xcparse  # noqa: E402


def pages(bed: str | None) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    if bed:
        pattern = "*.txt" if bed == "all" else f"*.{bed}.txt"
        texts += [p.read_text(encoding="utf-8")
                  for p in sorted((ROOT / "tests" / "pdfbed" / "pages").glob(pattern))]
    return texts


def per_page_ms(texts: list[str], rounds: int, passes: int) -> list[float]:
    out = []
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(passes):
            for text in texts:
                xcparse.extract(text)
        out.append((time.process_time() - start) * 1000 / (passes * len(texts)))
    return out


def stage_ms(texts: list[str], passes: int) -> dict[str, float]:
    """CPU ms a page spent in each xcparse module (its functions' own time, under
    cProfile, which slows every call: read the shares, not the sum)."""
    import cProfile
    import pstats

    prof = cProfile.Profile(time.process_time)
    prof.runcall(per_page_ms, texts, 1, passes)
    spent: dict[str, float] = defaultdict(float)
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in pstats.Stats(prof).stats.items():
        path = Path(filename)
        key = path.stem if path.parent.name == "xcparse" else "(python, regex, opencc)"
        spent[key] += tottime
    n = passes * len(texts)
    return {k: v * 1000 / n for k, v in sorted(spent.items(), key=lambda kv: -kv[1])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--passes", type=int, default=5)
    ap.add_argument("--bed", help="add the PDF bed's texts: an extractor name or 'all'")
    ap.add_argument("--stages", action="store_true", help="print where the time goes, module by module")
    args = ap.parse_args()
    texts = pages(args.bed)
    xcparse.extract(texts[0])  # warm: patterns compiled, OpenCC loaded
    ms = per_page_ms(texts, args.rounds, args.passes)
    print(f"{len(texts)} pages, {args.rounds} rounds of {args.passes} passes: "
          f"median {statistics.median(ms):.2f} ms a page (min {min(ms):.2f}, max {max(ms):.2f}) "
          f"= {1000 / statistics.median(ms):.0f} pages/s in one process")
    if args.stages:
        shares = stage_ms(texts, args.passes)
        total = sum(shares.values())
        for name, value in shares.items():
            print(f"  {name:28s} {100 * value / total:5.1f} %")


if __name__ == "__main__":
    main()
