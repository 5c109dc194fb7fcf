"""Property tests: for any text, ``extract`` returns a valid Page, never raises, and
loses no Han character, digit or Latin letter (xcparse.invariants.check_page).

Sizes. Each property runs ``XCPARSE_HYPOTHESIS_EXAMPLES`` examples in the default
(CI) run (default below, sized so this file runs in well under a minute) and
``XCPARSE_HYPOTHESIS_SLOW_EXAMPLES`` in the ``slow`` variant of the same property::

    .venv/bin/python -m pytest tests/test_properties.py -q --hypothesis-show-statistics
    .venv/bin/python -m pytest tests/test_properties.py -m slow -q   # the larger run

Some generators make big inputs (very long lines, thousands of blocks); they run a
fraction (``weight``) of the examples. docs/reliability.md has the figures of a run.
"""
from __future__ import annotations

import os
import random
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from xcparse import extract
from xcparse.invariants import check_page

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXTS = [p.read_text("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
SEED_LINES = sorted({ln for t in SEED_TEXTS for ln in t.splitlines() if ln.strip()})
SEED_CHARS = "".join(sorted({c for t in SEED_TEXTS for c in t if not c.isspace()}))

EXAMPLES = int(os.environ.get("XCPARSE_HYPOTHESIS_EXAMPLES", "60"))
SLOW_EXAMPLES = int(os.environ.get("XCPARSE_HYPOTHESIS_SLOW_EXAMPLES", "1500"))

BASE = settings(
    deadline=None,  # a wall-clock deadline per example is flaky on shared CI runners
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.large_base_example, HealthCheck.filter_too_much],
    print_blob=True,
)


class Big:
    """A big generated text, shown in a failure report by how it was made, not in full."""

    def __init__(self, text: str, recipe: str) -> None:
        self.text, self.recipe = text, recipe

    def __repr__(self) -> str:
        return f"<{len(self.text):,} characters: {self.recipe}>"


def check_extract(text: str, **kwargs) -> None:
    page = extract(text, **kwargs)
    check_page(text, page)


# --- generators ------------------------------------------------------------------------

NEWLINES = st.sampled_from(["\n", "\r\n", "\r"])
PUNCT = "，。、；：！？（）“”‘’《》——……·-.%+()/:;,!?[]【】「」"
SPACES = [" ", "\t", "\u3000", "\u00a0", "\u2003", "\x0b", "\x0c"]
#: lines that trigger the extractor's rules: leads, bylines, jumps, credits, banners
KEY_LINES = [
    "本报讯（记者 张辉）", "本报讯（记者 胡晨 通讯员 罗红涛）", "本 报 讯（记 者 付 家 宝）11 月 21",
    "本报记者 王金伟", "本报记者 胡晨 通讯员 徐嘉 朱霞", "通讯员 丁成飚 王丽平",
    "（上接第一版）", "（下转第二版）", "（上接第一版）查看穗叶是否协调；", "（下转第", "（上接",
    "黄增瑞 摄", "本报记者 乔利峰 摄", "摄", "学思想学思想 强党性强党性 重实践重实践 建新功建新功",
    "清 廉 许 昌清 廉 许 昌 大 家 谈大 家 谈", "——访市委直属机关工委书记刘哲", "——",
    "许昌市区：0374-2620256 禹州市：0374-8297716", "6 月 20 日", "2023年6月21日 星期三",
    "本报讯（", "（记者", "）", "（", "责编 张三 美编 李四 校对 王五", "第一版", "A1", "Windows 11",
]


def _any_char(**kw):
    # every code point but surrogates: controls, format chars, private use, astral
    return st.characters(exclude_categories=("Cs",), **kw)


han = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF),     # ext. A
    st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),   # ext. B (astral)
    st.characters(min_codepoint=0x2F00, max_codepoint=0x2FD5),     # Kangxi radicals
    st.sampled_from(SEED_CHARS),
)
latin_word = st.text(string.ascii_letters, min_size=1, max_size=12)
digits = st.text(string.digits + "０１２３４５６７８９", min_size=1, max_size=8)
token = st.one_of(
    st.text(han, min_size=1, max_size=16), latin_word, digits,
    st.text(PUNCT, min_size=1, max_size=3), st.sampled_from(SPACES),
)


@st.composite
def joined_lines(draw, line, min_lines=0, max_lines=60):
    lines = draw(st.lists(line, min_size=min_lines, max_size=max_lines))
    nl = draw(NEWLINES)
    return nl.join(lines) + draw(st.sampled_from(["", nl]))


def any_unicode():
    """Arbitrary text: controls, astral characters, any newline characters."""
    return st.text(_any_char(), max_size=3000)


def unicode_lines():
    """Arbitrary line contents, with real line structure."""
    return joined_lines(st.text(_any_char(exclude_characters="\r\n"), max_size=80))


@st.composite
def long_lines(draw):
    """One to three very long lines (10k-200k characters) of repeated units."""
    parts, recipe = [], []
    for _ in range(draw(st.integers(1, 3))):
        unit = draw(st.one_of(st.text(han | st.sampled_from(PUNCT + " 0123456789"),
                                      min_size=1, max_size=12),
                              st.text(_any_char(exclude_characters="\r\n"),
                                      min_size=1, max_size=6)))
        count = draw(st.integers(10_000, 200_000)) // len(unit) + 1
        parts.append(unit * count)
        recipe.append(f"{unit!r} * {count}")
    return Big("\n".join(parts), " + '\\n' + ".join(recipe))


def blank_only():
    """Only blank lines: nothing, spaces, tabs, full-width and no-break spaces."""
    return joined_lines(st.text(st.sampled_from(SPACES), max_size=6), max_lines=200)


def punctuation_only():
    """Punctuation, symbols and spaces; nothing is counted, nothing may crash."""
    return joined_lines(st.text(st.one_of(st.sampled_from(PUNCT + " "),
                                          st.characters(categories=("P", "S", "Zs"))),
                                max_size=40))


def latin_only():
    return joined_lines(st.text(string.ascii_letters + string.digits + " .,;:-'\"()/&%",
                                max_size=80))


def han_latin_mix():
    return joined_lines(st.lists(token, max_size=20).map("".join), max_lines=80)


def one_char_lines():
    return joined_lines(_any_char(exclude_characters="\r\n"), min_lines=1, max_lines=300)


@st.composite
def tiny_blocks(draw):
    """Thousands of blocks of one or two tiny lines, separated by blank lines."""
    seed = draw(st.integers(0, 2**32 - 1))
    n = draw(st.integers(1000, 3000))
    rnd = random.Random(seed)
    pool = SEED_CHARS + string.ascii_letters + string.digits + "（）——　 "
    blocks = []
    for _ in range(n):
        lines = ["".join(rnd.choice(pool) for _ in range(rnd.randint(1, 3)))
                 for _ in range(rnd.randint(1, 2))]
        blocks.append("\n".join(lines))
    text = ("\n" + "\n" * rnd.randint(0, 2)).join(blocks)
    return Big(text, f"tiny_blocks(seed={seed}, n={n}) in tests/test_properties.py")


@st.composite
def newspaper_line(draw):
    kind = draw(st.integers(0, 9))
    if kind < 5:
        line = draw(st.sampled_from(SEED_LINES))
    elif kind < 8:
        line = draw(st.sampled_from(KEY_LINES))
    elif kind == 8:
        line = ""
    else:
        line = draw(st.lists(token, max_size=10).map("".join))
    edit = draw(st.integers(0, 5))
    if edit == 0 and line:                      # spread out: 本 报 讯
        line = " ".join(line)
    elif edit == 1 and len(line) > 1:           # cut
        line = line[: draw(st.integers(1, len(line) - 1))]
    elif edit == 2:                             # doubled, like a banner
        line = line + line
    return line


def newspaper_like():
    """Seed lines and rule-triggering lines in random order, some spread, cut, doubled."""
    return joined_lines(newspaper_line(), max_lines=120)


# --- the properties: each generator, in a CI-sized and a slow variant ----------------


def _properties(name: str, strategy, *, weight: float = 1.0, page_date: bool = False,
                shrink: bool = True):
    def body(text, date) -> None:
        if isinstance(text, Big):
            text = text.text
        kwargs = {"source": "gen.txt", "page_date": date} if page_date else {}
        check_extract(text, **kwargs)

    body.__name__ = body.__qualname__ = name  # distinct example-database keys
    dates = st.sampled_from([None, "2023-06-20", "2024-02-29"]) if page_date else st.none()
    # Shrinking a 200 KB input costs minutes; a Big input's recipe reproduces it.
    phases = tuple(Phase) if shrink else (Phase.explicit, Phase.reuse, Phase.generate)
    ci = settings(BASE, max_examples=max(1, round(EXAMPLES * weight)), phases=phases)(
        given(text=strategy, date=dates)(body))
    slow = pytest.mark.slow(settings(BASE, max_examples=max(1, round(SLOW_EXAMPLES * weight)),
                                     phases=phases)(given(text=strategy, date=dates)(body)))
    return ci, slow


test_any_unicode, test_any_unicode_slow = _properties("any_unicode", any_unicode())
test_unicode_lines, test_unicode_lines_slow = _properties("unicode_lines", unicode_lines())
test_long_lines, test_long_lines_slow = _properties("long_lines", long_lines(), weight=0.2,
                                                          shrink=False)
test_blank_only, test_blank_only_slow = _properties("blank_only", blank_only())
test_punctuation_only, test_punctuation_only_slow = _properties(
    "punctuation_only", punctuation_only())
test_latin_only, test_latin_only_slow = _properties("latin_only", latin_only())
test_han_latin_mix, test_han_latin_mix_slow = _properties("han_latin_mix", han_latin_mix())
test_one_char_lines, test_one_char_lines_slow = _properties("one_char_lines", one_char_lines())
test_tiny_blocks, test_tiny_blocks_slow = _properties("tiny_blocks", tiny_blocks(), weight=0.1,
                                                            shrink=False)
test_newspaper_like, test_newspaper_like_slow = _properties(
    "newspaper_like", newspaper_like(), page_date=True)


# --- a few fixed edge cases, outside hypothesis -----------------------------------------

@pytest.mark.parametrize("text", [
    "", "\n", "\r\n", "\r", " ", "\ufeff", "\x00", "\ufeff本报讯（记者 张辉）",
    "a\udc80b 本\udcff报",            # lone surrogates, as surrogateescape decoding leaves
    "\U0010FFFF\U000E0001\uFFFE",     # last code point, tag character, non-character
    "本报讯" * 5000,                  # one long line of a lead
    "（上接第一版）\n" * 2000,         # only jump lines
    "\n".join(SEED_TEXTS),            # the two seeds as one text
], ids=["empty", "lf", "crlf", "cr", "space", "bom", "nul", "bom-lead", "surrogates",
        "last-codepoint", "long-lead", "only-jumps", "both-seeds"])
def test_edge_cases(text):
    check_extract(text)


def test_deterministic():
    """The same text gives the same page twice (no state kept between calls)."""
    for text in SEED_TEXTS:
        assert extract(text).to_dict() == extract(text).to_dict()
