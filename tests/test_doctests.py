"""The examples in the library's docstrings are run: a docstring that shows a fix
(``clean_body(" 11 月 20 日 ，")`` -> ``'11月20日，'``) must show what the code does."""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import xcparse

# __main__ runs the command line when imported
MODULES = sorted(m.name for m in pkgutil.iter_modules(xcparse.__path__, "xcparse.")
                 if m.name != "xcparse.__main__")


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def test_the_examples_are_found():
    attempted = sum(doctest.testmod(importlib.import_module(n)).attempted for n in MODULES)
    assert attempted >= 10
