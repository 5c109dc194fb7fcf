"""The Simplified shadow of a page's text: the conventions' patterns are written in
Simplified characters, so Traditional text is matched through its OpenCC ``t2s`` form
(the output keeps the page's own characters).
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _t2s():
    """One OpenCC converter per process (it cannot be pickled; build it lazily)."""
    import opencc

    return opencc.OpenCC("t2s")


def simplified_shadow(lines: list[str]) -> list[str]:
    """The Simplified form of every line, for matching the conventions' patterns.

    Converted as one text (one call, fast); if the conversion changed the number of
    lines, each line is converted alone.
    """
    text = "\n".join(lines)
    if text.isascii():
        return lines
    conv = _t2s().convert(text)
    if conv == text:
        return lines
    out = conv.split("\n")
    if len(out) != len(lines):
        out = [_t2s().convert(ln) for ln in lines]
    return out


def _t2s_same(text: str) -> str:
    """The Simplified form of a short text (for role words), or the text itself."""
    return simplified_shadow([text])[0]
