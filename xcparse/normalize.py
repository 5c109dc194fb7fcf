"""Stage 1: decode-independent text fixes, each a small function with an example.

Nothing here applies NFKC to a whole page: NFKC would turn the full-width
punctuation the output must keep (``（），：``) into ASCII. Instead a small table maps
only the characters PDF extractors get wrong.
"""
from __future__ import annotations

import unicodedata

import regex

# ---------------------------------------------------------------------------
# Character table


def _build_char_table() -> dict[int, str]:
    """Characters that look like something else and are mapped one by one.

    - Kangxi radicals (U+2F00–U+2FDF) and CJK compatibility ideographs: PDF fonts
      often map common characters there (``⼀`` U+2F00 for ``一``); their NFKC form is
      the ordinary ideograph.
    - Full-width digits and Latin letters (``２０２３``, ``Ａ``): ASCII, half a unit wide.
    - Ideographic and no-break spaces, tabs: a plain space (layout is re-measured).
    """
    table: dict[int, str] = {}
    ranges = [(0x2F00, 0x2FDF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F), (0x2E80, 0x2EFF)]
    for lo, hi in ranges:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            nf = unicodedata.normalize("NFKC", ch)
            if nf != ch and len(nf) == 1:
                table[cp] = nf
    for cp in range(0xFF10, 0xFF1A):  # ０-９
        table[cp] = chr(cp - 0xFEE0)
    for cp in list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B)):  # Ａ-Ｚ ａ-ｚ
        table[cp] = chr(cp - 0xFEE0)
    for cp in (0x3000, 0x00A0, 0x2002, 0x2003, 0x2009, 0x202F, 0x0009, 0x000B, 0x000C):
        table[cp] = " "
    return table


CHAR_TABLE = _build_char_table()

# C0/C1 controls other than tab/newline, and stray format characters: removed.
_CONTROL = regex.compile(r"[\p{Cc}\p{Cf}\p{Cs}\p{Co}--[\t\n\r\f\v]]", flags=regex.V1)


def fold_chars(text: str) -> str:
    """Map look-alike and full-width characters one by one; drop control characters.

    >>> fold_chars("⼀⼆三 ２０２３年　Ａ")
    '一二三 2023年 A'
    """
    return _CONTROL.sub("", text.translate(CHAR_TABLE))


def split_lines(text: str) -> list[str]:
    """Split on any newline convention (CRLF, CR, LF) keeping line numbers stable.

    >>> split_lines("a\\r\\nb\\rc\\n")
    ['a', 'b', 'c']
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines
