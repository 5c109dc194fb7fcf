"""xcparse/patterns.py holds the conventions as named data: each name once.

Two definitions of one name do not fail at import (the second silently wins); a merge
once left two different PHRASE_GAP patterns there, and the spread-line rule read the
headline one. This test reads the module's source and refuses repeated names.
"""
from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import xcparse.patterns as P


def test_every_pattern_name_is_defined_once():
    tree = ast.parse(Path(P.__file__).read_text(encoding="utf-8"))
    names = Counter(
        target.id
        for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name)
    )
    assert [n for n, k in names.items() if k > 1] == []
