"""Layout test bed: the seed gold records laid out the many ways real pages and
PDF-to-text programs do (see generator.py), scored against the extractor (runner.py).

    from layouts import make_layout, evaluate
    layout = make_layout(17)          # one deterministic page: .style, .text, .expected
    ev = evaluate(range(200))         # extractor scores, overall and per style value
    print(ev.table())

``python -m tests.layouts.report`` prints the per-parameter table for N layouts.
"""
from __future__ import annotations

from .generator import PARAMS, Layout, Style, load_gold, make_layout, render_page, sample_style
from .runner import FIXTURES, Evaluation, evaluate, load_fixtures, save_fixture

__all__ = [
    "PARAMS", "Layout", "Style", "load_gold", "make_layout", "render_page", "sample_style",
    "FIXTURES", "Evaluation", "evaluate", "load_fixtures", "save_fixture",
]
