"""Shared test set-up: the tests folder is importable (score.py, layouts)."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


# Open work: a suite written against a target the extractor does not meet yet is
# listed here with the reason; it runs in every CI run and reports XFAIL/XPASS, so
# progress shows. Once the extractor meets it, its entry is removed so it gates again.
# (Empty: every suite gates.)
KNOWN_OPEN = {
}


def pytest_collection_modifyitems(config, items):
    import pytest

    for item in items:
        reason = KNOWN_OPEN.get(item.path.name)
        if reason:
            item.add_marker(pytest.mark.xfail(reason=reason, strict=False))
