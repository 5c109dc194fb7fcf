"""Stage 1: decode-independent text fixes, each a small function with an example.

Nothing here applies NFKC to a whole page: NFKC would turn the full-width
punctuation the output must keep (``（），：``) into ASCII. Instead a small table maps
only the characters PDF extractors get wrong.
"""
from __future__ import annotations

import re
import unicodedata

import regex

from . import patterns as P

# ---------------------------------------------------------------------------
# Character table


def _build_char_table() -> dict[int, str]:
    """Characters that look like something else and are mapped one by one.

    - Kangxi radicals (U+2F00–U+2FDF) and CJK compatibility ideographs: PDF fonts
      often map common characters there (``⼀`` U+2F00 for ``一``); their NFKC form is
      the ordinary ideograph.
    - Full-width digits and Latin letters (``２０２３``, ``Ａ``): ASCII, half a unit wide.
    - Ideographic and no-break spaces, tabs: a plain space (layout is re-measured).
    - The form feed between pdftotext's pages: removed (it would read as an indent).
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
    for cp in (0x3000, 0x00A0, 0x2002, 0x2003, 0x2009, 0x202F, 0x0009, 0x000B):
        table[cp] = " "
    # pdftotext opens each page after the first with a form feed: it is no indent
    table[0x000C] = ""
    return table


CHAR_TABLE = _build_char_table()


def _char_class(codepoints) -> str:
    """A regular-expression class of the given code points, as ranges (``[a-cx]``)."""
    cps = sorted(codepoints)
    ranges: list[list[int]] = []
    for cp in cps:
        if ranges and cp == ranges[-1][1] + 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    esc = re.escape
    return "[" + "".join(esc(chr(lo)) if lo == hi else f"{esc(chr(lo))}-{esc(chr(hi))}"
                         for lo, hi in ranges) + "]"


#: Any character of CHAR_TABLE. Replacing only the characters found is the same as
#: ``str.translate(CHAR_TABLE)`` and much faster on a page that has few of them
#: (translate looks every character up in the table).
_FOLDABLE = re.compile(_char_class(CHAR_TABLE))


def _fold_one(m: re.Match) -> str:
    return CHAR_TABLE[ord(m.group())]

# C0/C1 controls other than tab/newline, and stray format characters: removed.
_CONTROL = regex.compile(r"[\p{Cc}\p{Cf}\p{Cs}\p{Co}--[\t\n\r\f\v]]", flags=regex.V1)


def fold_chars(text: str) -> str:
    """Map look-alike and full-width characters one by one; drop control characters.

    >>> fold_chars("⼀⼆三 ２０２３年　Ａ")
    '一二三 2023年 A'
    """
    return _CONTROL.sub("", _FOLDABLE.sub(_fold_one, text))


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


# ---------------------------------------------------------------------------
# Spaces: what a PDF extractor puts between characters

_WIDE_CLASS = r"\p{Han}\p{Ideographic}\u3000-\u303f\uff00-\uffef\u2014\u2026\u2018-\u201d\u00b7"
_SPACE_NEXT_TO_WIDE = regex.compile(
    rf"[ ]+(?=[{_WIDE_CLASS}])|(?<=[{_WIDE_CLASS}])[ ]+", flags=regex.V1)
_SPACES = regex.compile(r"[ ]{2,}")
_ASCII_ALNUM_SPACE_WIDE = regex.compile(
    rf"(?<=[0-9A-Za-z%.#+])[ ]+(?=[{_WIDE_CLASS}])|(?<=[{_WIDE_CLASS}])[ ]+(?=[0-9A-Za-z])", flags=regex.V1)
_WIDE_SPACE_WIDE = regex.compile(rf"(?<=[{_WIDE_CLASS}])[ ]+(?=[{_WIDE_CLASS}])", flags=regex.V1)


def is_spread(line: str) -> bool:
    """True for a justified line whose characters were spread apart with spaces.

    >>> is_spread("作 中 存 在 的 问 题 ，分 类 施 策 推 动 解")
    True
    >>> is_spread("夯实基础 补齐短板 推动老街改造提质")
    False
    """
    tokens = line.split()
    if len(tokens) < 4:
        return False
    single = sum(1 for t in tokens if len(t) <= 2)
    return single >= 0.7 * len(tokens)


def close_spread(line: str) -> str:
    """Close up a spread line; a wider gap (two spaces or more) stays as one space.

    >>> close_spread("本 报 讯（记 者 林 晓 明）11 月 21")
    '本报讯（记者林晓明）11月21'
    """
    return " ".join(p.replace(" ", "") for p in P.SPREAD_GAP.split(line.strip()) if p)


def clean_body(line: str) -> str:
    """Body text: no space next to a Chinese character or full-width mark.

    Spreads (``作 中 存 在``), spaced digits (``6 月 20 日``) and slogan gaps all go;
    a space between two Latin/digit tokens stays (``Windows 11``).

    >>> clean_body(" 11 月 20 日 ，市 民 在")
    '11月20日，市民在'
    >>> clean_body("升级到 Windows 11 版本")
    '升级到Windows 11版本'
    """
    line = line.strip()
    if " " not in line:  # nothing to close up (the common case: a plain body line)
        return line
    line = _SPACE_NEXT_TO_WIDE.sub("", line)
    return _SPACES.sub(" ", line)


def clean_heading(line: str) -> str:
    """Headline text: a gap between two phrases is kept as one space.

    Spread-out characters are closed up (a double gap inside a spread line is a
    phrase gap), and so is the space between a Chinese character and a digit.

    >>> clean_heading("“留在家乡 建设家乡”——城北区 2024届")
    '“留在家乡 建设家乡”——城北区2024届'
    >>> clean_heading("周 明 远 ：为 社 区 服 务 尽 心 尽 力")
    '周明远：为社区服务尽心尽力'
    """
    line = line.strip()
    if " " not in line:  # no gap to keep or close (a spread line has spaces too)
        return line
    if is_spread(line):
        phrases = P.SPREAD_GAP.split(line)
        return " ".join(p.replace(" ", "") for p in phrases if p)
    line = _ASCII_ALNUM_SPACE_WIDE.sub("", line)
    line = _WIDE_SPACE_WIDE.sub(" ", line)
    # full-width punctuation glued to a gap: "确保 ，" -> "确保，"
    line = P.SPACE_BY_PUNCT.sub("", line)
    return _SPACES.sub(" ", line)


def furniture_text(line: str) -> str:
    """A furniture line (header, editors' line) as one item: a letter-spaced line
    (most of its pieces single characters) closed up with its wider gaps kept, any
    other gap kept as one space. Short words of two characters (``责任编辑 周明 美编
    陈雨``) are words set apart, not a justified line.

    >>> furniture_text("本版编辑 苗青  美编 邹原")
    '本版编辑 苗青 美编 邹原'
    >>> furniture_text("要 闻  第 3 版  星 期 三")
    '要闻 第3版 星期三'
    >>> furniture_text("04 版 文体 2021 年 1 月 27 日")
    '04版 文体 2021年1月27日'
    """
    tokens = line.split()
    if len(tokens) >= 4 and sum(1 for t in tokens if len(t) == 1) >= 0.7 * len(tokens):
        line = close_spread(line)
    return " ".join(P.FOLIO_INNER_GAP.sub("", line).split())


def undouble(text: str) -> tuple[str, list[str]] | None:
    """Undo fake-bold doubling, where each phrase was printed twice.

    Returns the text printed once and the second copies (for the page's dropped
    list), or None when the text is not doubled. Phrases are separated by spaces
    unless the line was spread, in which case its spaces carry no phrase gaps.

    >>> undouble("促发展促发展 惠民生惠民生")
    ('促发展 惠民生', ['促发展', '惠民生'])
    >>> undouble("文 明 城 北文 明 城 北 大 家 谈大 家 谈")
    ('文明城北大家谈', ['文明城北', '大家谈'])
    >>> undouble("文明城北 社区先行") is None
    True
    """
    text = text.strip()
    if not text:
        return None
    phrases = [text.replace(" ", "")] if is_spread(text) else text.split()
    out, copies = [], []
    for phrase in phrases:
        pieces = _split_doubled(phrase)
        if pieces is None:
            return None
        out.append("".join(pieces))
        copies.extend(pieces)
    return " ".join(out), copies


def _split_doubled(s: str) -> list[str] | None:
    """Split ``XXYY`` into ``[X, Y]`` (each X at least 2 characters), else None."""
    n = len(s)
    if n < 4:
        return None
    # char-level doubling: 清清廉廉
    if n % 2 == 0 and all(s[i] == s[i + 1] for i in range(0, n, 2)) and len(set(s)) > 1:
        return [s[0::2]]
    # phrase-level doubling, by dynamic programming over end positions
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        done = best[i]
        if done is None:
            continue
        for k in range(2, (n - i) // 2 + 1):
            if s[i:i + k] == s[i + k:i + 2 * k]:
                cand = done + [s[i:i + k]]
                j = i + 2 * k
                known = best[j]
                if known is None or len(cand) < len(known):
                    best[j] = cand
    return best[n]
