"""Simplified/Traditional conversion of the output with OpenCC (``--convert``).

OpenCC objects load dictionaries when built (milliseconds) and cannot be pickled, so
each process builds its own, once, on first use; batch workers never receive one.
"""
from __future__ import annotations

from typing import Any

#: The conversions ``--convert`` accepts (OpenCC configuration names).
CONVERSIONS = ("t2s", "s2t", "s2tw", "s2hk", "tw2s", "hk2s")

#: Keys of the page / record dicts that are not text of the page.
_NOT_TEXT = frozenset({"id", "source", "encoding", "date_iso", "lines", "line", "kind", "reason",
                       "parts", "page", "number"})  # the last three: --stitch (ids, file names)

_converters: dict[str, Any] = {}


def converter(conversion: str):
    """The process's OpenCC converter for ``conversion``, built on first use."""
    if conversion not in CONVERSIONS:
        raise ValueError(f"unknown conversion {conversion!r}; choose one of {', '.join(CONVERSIONS)}")
    conv = _converters.get(conversion)
    if conv is None:
        import opencc

        conv = _converters[conversion] = opencc.OpenCC(f"{conversion}.json")
    return conv


def convert_text(text: str, conversion: str) -> str:
    return converter(conversion).convert(text)


def convert_tree(value: Any, conversion: str, _key: str | None = None) -> Any:
    """Convert every text string in a page or record dict (not ids, paths, kinds...)."""
    if _key in _NOT_TEXT:
        return value
    if isinstance(value, str):
        return converter(conversion).convert(value)
    if isinstance(value, dict):
        return {k: convert_tree(v, conversion, k) for k, v in value.items()}
    if isinstance(value, list):
        return [convert_tree(v, conversion, _key) for v in value]
    return value
