"""Run the extractor on generated layouts and score them with tests/score.py.

``evaluate(seeds)`` gives an :class:`Evaluation`: the scorer's figures overall, and
perfect_records for every value of every style parameter (``table()``), so a failing
rule shows up as the parameter values it fails on. ``save_fixture`` keeps a failing
layout as tests/layouts/fixtures/<name>.txt + .json (run by tests/test_layouts.py).
"""
from __future__ import annotations

import importlib.util
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .generator import PARAMS, Layout, make_blankless_layout, make_layout, style_dict

TESTS = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

_SCORE = None


def score_module():
    """tests/score.py, loaded by path (it is a script, not a package module)."""
    global _SCORE
    if _SCORE is None:
        spec = importlib.util.spec_from_file_location("_layouts_score", TESTS / "score.py")
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        _SCORE = mod
    return _SCORE


def default_extract(text: str, source: str | None = None) -> dict:
    import xcparse

    return xcparse.extract(text, source=source).to_dict()


@dataclass
class PageResult:
    layout: Layout
    counts: Counter
    detail: list[str]
    error: str | None = None

    @property
    def perfect(self) -> int:
        return self.counts["perfect"]

    @property
    def gold(self) -> int:
        return self.counts["gold"]


@dataclass
class Evaluation:
    pages: list[PageResult] = field(default_factory=list)
    total: Counter = field(default_factory=Counter)
    by_value: dict = field(default_factory=lambda: defaultdict(Counter))

    def add(self, res: PageResult) -> None:
        self.pages.append(res)
        self.total += res.counts
        for name, value in res.layout.style_values().items():
            c = self.by_value[(name, value)]
            c["pages"] += 1
            c["gold"] += res.gold
            c["perfect"] += res.perfect

    def overall(self) -> dict:
        return score_module().summarize(self.total)

    @property
    def perfect_records(self) -> float:
        return self.total["perfect"] / max(self.total["gold"], 1)

    def values(self) -> list[tuple[str, str, int, int, int, float]]:
        """(parameter, value, pages, records, perfect, share) in PARAMS order."""
        out = []
        for name in PARAMS:
            vals = sorted(v for (n, v) in self.by_value if n == name)
            for v in vals:
                c = self.by_value[(name, v)]
                out.append((name, v, c["pages"], c["gold"], c["perfect"], c["perfect"] / max(c["gold"], 1)))
        return out

    def failing(self, threshold: float = 0.90) -> list[tuple[str, str, float]]:
        return [(n, v, s) for n, v, _, _, _, s in self.values() if s < threshold]

    def table(self, threshold: float = 0.90) -> str:
        o = self.overall()
        lines = [f"{len(self.pages)} layouts, {self.total['gold']} records: perfect_records "
                 f"{self.perfect_records:.3f}, record_f1 {o['record_f1']:.3f}, headline_acc "
                 f"{o['headline_acc']:.3f}, byline_acc {o['byline_acc']:.3f}, paragraph_f1 "
                 f"{o['paragraph_f1']:.3f}, body_cer {o['body_cer']:.4f}, furniture_f1 {o['furniture_f1']:.3f}",
                 f"{'parameter':<14}{'value':<10}{'pages':>6}{'records':>8}{'perfect':>8}{'share':>7}"]
        prev = None
        for name, v, pages, gold, perfect, share in self.values():
            mark = "  FAIL" if share < threshold else ""
            lines.append(f"{name if name != prev else '':<14}{v:<10}{pages:>6}{gold:>8}{perfect:>8}"
                         f"{share:>7.3f}{mark}")
            prev = name
        return "\n".join(lines)

    def worst(self, n: int = 10) -> list[PageResult]:
        bad = [p for p in self.pages if p.perfect < p.gold]
        bad.sort(key=lambda p: (p.perfect / max(p.gold, 1), p.layout.seed or 0))
        return bad[:n]

    def failures_text(self, n: int = 10) -> str:
        out = []
        for p in self.worst(n):
            out.append(f"seed {p.layout.seed}: {p.perfect}/{p.gold} perfect"
                       + (f" ({p.error})" if p.error else ""))
            out += p.detail[:12]
        return "\n".join(out)


def score_layout(layout: Layout, extract: Callable[[str, str | None], dict] = default_extract) -> PageResult:
    sm = score_module()
    detail: list[str] = []
    error = None
    try:
        pred = extract(layout.text, layout.expected["source"])
    except Exception as e:  # a crash is a failed page, not a failed run
        pred, error = {"records": [], "furniture": []}, f"{type(e).__name__}: {e}"
    counts = sm.score_page(layout.expected, pred, layout.text, detail)
    return PageResult(layout, counts, detail, error)


_CACHED: dict[tuple[int, int, bool], Evaluation] = {}


def fast_evaluation(start: int = 0, stop: int = 240, blankless: bool = False) -> Evaluation:
    """``evaluate(range(start, stop))``, computed once per test session (the layout
    test and the evaluation gate read the same figures); ``blankless``: the same
    layouts with every blank line removed (:func:`make_blankless_layout`)."""
    key = (start, stop, blankless)
    if key not in _CACHED:
        _CACHED[key] = evaluate(range(start, stop), make=make_blankless_layout if blankless else None)
    return _CACHED[key]


def evaluate(seeds: Iterable[int], extract: Callable[[str, str | None], dict] = default_extract,
             gold: list[dict] | None = None, make: Callable[[int], Layout] | None = None) -> Evaluation:
    """Score the extractor on the layouts of ``seeds`` (``make(seed)``, default make_layout)."""
    ev = Evaluation()
    for seed in seeds:
        layout = make(seed) if make is not None else make_layout(seed, gold)
        ev.add(score_layout(layout, extract))
    return ev


# ---------------------------------------------------------------------------
# Fixtures


def save_fixture(name: str, text: str, expected: dict, *, style=None, seed: int | None = None,
                 note: str | None = None, directory: Path = FIXTURES) -> tuple[Path, Path]:
    """Keep a (failing) layout: ``<name>.txt`` is the page, ``<name>.json`` the expected
    page in gold form plus a ``layout`` entry saying where it came from."""
    directory.mkdir(parents=True, exist_ok=True)
    doc = {"source": f"{name}.txt", "records": expected["records"], "furniture": expected["furniture"]}
    meta = {}
    if seed is not None:
        meta["seed"] = seed
    if style is not None:
        meta["style"] = style_dict(style) if not isinstance(style, dict) else style
    if note:
        meta["note"] = note
    if meta:
        doc["layout"] = meta
    txt, js = directory / f"{name}.txt", directory / f"{name}.json"
    txt.write_text(text, encoding="utf-8")
    js.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return txt, js


def save_layout_fixture(layout: Layout, note: str | None = None, directory: Path = FIXTURES) -> tuple[Path, Path]:
    return save_fixture(f"layout_{layout.seed}", layout.text, layout.expected, style=layout.style,
                        seed=layout.seed, note=note, directory=directory)


def load_fixtures(directory: Path = FIXTURES) -> list[tuple[str, str, dict]]:
    """[(name, page text, expected page)] for every fixture pair, sorted by name."""
    out = []
    for js in sorted(directory.glob("*.json")):
        txt = js.with_suffix(".txt")
        if txt.exists():
            out.append((js.stem, txt.read_text(encoding="utf-8"), json.loads(js.read_text(encoding="utf-8"))))
    return out
