"""Unit tests of xcparse.invariants on hand-made pages (no extractor involved).

These make sure the coverage check itself is right, so that a failing coverage test
elsewhere means the extractor lost text, not that the check is wrong.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from xcparse.invariants import (
    check_coverage,
    check_line_numbers,
    check_page,
    check_schema,
    counted_chars,
    coverage_missing,
)
from xcparse.model import Dropped, Page, Record

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def page(*records: Record, furniture=(), dropped=()) -> Page:
    return Page(records=list(records), furniture=list(furniture), dropped=list(dropped))


# --- what is counted ------------------------------------------------------------------

def test_empty_text_empty_page():
    assert coverage_missing("", Page()) == Counter()
    check_page("", Page())


@pytest.mark.parametrize("text", [
    "\n\n\n", "   \t\u3000\n", "（）——……“”，。、；：！？《》·", "①②③ ㈠ ½", "#%+-.()",
    "\x00\x01\x7f\u200b\ufeff", "😀🎉", "\u0301\u0308",
])
def test_nothing_counted(text):
    """Spaces, punctuation, symbols, non-decimal numbers, controls, emoji, marks."""
    assert counted_chars(text) == Counter()
    check_coverage(text, Page())


@pytest.mark.parametrize("ch", [
    "中", "〇", "々", "𠀀", "𪚥", "⼀",      # Han, incl. astral and a Kangxi radical
    "7", "٣", "৭",                          # decimal digits of several scripts
    "a", "Z", "é", "ß", "ﬁ", "Ａ", "Ⅻ",     # Latin script, incl. full-width, roman numeral
])
def test_counted(ch):
    assert sum(counted_chars(ch).values()) == 1
    with pytest.raises(AssertionError):
        check_coverage(ch, Page())


def test_multiset_not_set():
    text = "的的的"
    assert coverage_missing(text, page(Record(title="的的"))) == Counter({"的": 1})
    assert coverage_missing(text, page(Record(title="的的的"))) == Counter()


def test_more_in_output_is_not_missing():
    """A column name repeated on every record of its series is fine."""
    text = "清廉许昌\n本报讯 甲\n本报讯 乙\n"
    out = page(Record(column="清廉许昌", paragraphs=["本报讯甲"]),
               Record(column="清廉许昌", paragraphs=["本报讯乙"]))
    check_coverage(text, out)


# --- where output text may be --------------------------------------------------------

TEXT = "中文 Abc 123"


@pytest.mark.parametrize("field", ["column", "kicker", "title", "subtitle", "byline"])
def test_each_record_text_field_counts(field):
    check_coverage(TEXT, page(Record(**{field: "中文Abc 123"})))


def test_paragraphs_furniture_dropped_count():
    check_coverage(TEXT, page(Record(paragraphs=["中文", "Abc 123"])))
    check_coverage(TEXT, page(furniture=["中文Abc123"]))
    check_coverage(TEXT, page(dropped=[Dropped("中文Abc123", "test", 1)]))
    check_coverage(TEXT, page(Record(title="中"), furniture=["文A"],
                              dropped=[Dropped("bc123", "test", 1)]))


def test_derived_fields_do_not_count():
    """Names and jump targets repeat text; counting them could hide a loss."""
    text = "本报记者 王金伟\n（上接第一版）\n6月20日"
    rec = Record(reporters=["本报记者王金伟"], continued_from="（上接第一版）",
                 date="6月20日", date_iso="2023-06-20")
    missing = coverage_missing(text, page(rec))
    assert missing == counted_chars(text)


def test_spaces_removed_and_punctuation_changed_are_fine():
    text = "作 中 存 在 的 问 题 ，分 类 施 策\n6 月 20 日 ， 240 余家 Windows 11"
    out = page(Record(paragraphs=["作中存在的问题,分类施策", "6月20日240余家Windows 11"]))
    check_coverage(text, out)


def test_compared_after_fold_chars():
    """Input look-alikes are folded; output is folded too, so either form matches."""
    check_coverage("⼀⼆三 ２０２３年 Ａｂ", page(Record(title="一二三2023年Ab")))
    check_coverage("一二三 2023年 Ab", page(Record(title="⼀⼆三２０２３年Ａｂ")))
    # a control character inside a word does not split it or count
    check_coverage("本\x00报\u200b讯\x1b", page(Record(byline="本报讯")))


def test_lookalike_is_not_any_character():
    with pytest.raises(AssertionError):
        check_coverage("2023", page(Record(title="2024")))


# --- the message -----------------------------------------------------------------------

def test_message_lists_characters_and_lines():
    text = "第一行正文\n\n丢失的标题\n第三行正文"
    out = page(Record(paragraphs=["第一行正文第三行正文"]))
    with pytest.raises(AssertionError) as info:
        check_coverage(text, out)
    msg = str(info.value)
    assert "'丢'" in msg and "'题'" in msg
    assert "line 3" in msg and "丢失的标题" in msg
    assert "5 character(s)" in msg
    assert "line 1" not in msg  # nothing of line 1 is missing


def test_message_is_bounded():
    text = "".join(chr(0x4E00 + i) for i in range(3000)) + "\n" * 5000 + "字\n" * 5000
    with pytest.raises(AssertionError) as info:
        check_coverage(text, Page())
    msg = str(info.value)
    assert len(msg) < 4000
    assert "more" in msg


# --- a real page: gold records + what the extractor must set aside ------------------

def _gold_page(stem: str) -> Page:
    gold = json.loads((ROOT / "tests" / "gold" / f"{stem}.json").read_text("utf-8"))
    fields = set(Record.__dataclass_fields__) - {"lines"}
    recs = [Record(**{k: v for k, v in r.items() if k in fields}) for r in gold["records"]]
    return Page(source=gold.get("source"), records=recs, furniture=gold["furniture"])


# the second copy of each doubled banner and the jump lines: what dropped[] must hold
SET_ASIDE = {
    "000_93577813e5f6534c": [Dropped("清廉许昌大家谈", "doubled-banner", 96),
                             Dropped("（上接第一版）", "jump", 239)],
    "004_f0e48d5ccb6aaaee": [Dropped("学思想强党性重实践建新功", "doubled-banner", 3),
                             Dropped("（上接第一版）", "jump", 258)],
}


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_gold_with_dropped_covers_seed(seed):
    text = seed.read_text("utf-8")
    gold = _gold_page(seed.stem)
    # Gold alone lacks exactly the set-aside text ...
    missing = coverage_missing(text, gold)
    expected = sum((counted_chars(d.text) for d in SET_ASIDE[seed.stem]), Counter())
    assert missing == expected
    # ... and with it, the page keeps every character.
    gold.dropped = SET_ASIDE[seed.stem]
    check_page(text, gold)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_gold_missing_one_paragraph_is_caught(seed):
    text = seed.read_text("utf-8")
    gold = _gold_page(seed.stem)
    gold.dropped = SET_ASIDE[seed.stem]
    lost = gold.records[1].paragraphs.pop(0)
    with pytest.raises(AssertionError) as info:
        check_coverage(text, gold)
    assert sum(coverage_missing(text, gold).values()) == sum(counted_chars(lost).values())
    # the first line quoted as not found in the output is a line of the lost paragraph
    flagged = [ln for ln in str(info.value).splitlines() if ln.lstrip().startswith("! line")]
    assert flagged, str(info.value)
    quoted = flagged[0].split(": ", 1)[1].strip("'").replace(" ", "")
    assert quoted[-4:] in lost.replace(" ", "")


# --- schema and line numbers -------------------------------------------------------

def test_schema_accepts_a_full_page():
    rec = Record(kind="photo", title="t", paragraphs=["p"], lines=(1, 2),
                 date="6月20日", date_iso="2023-06-20", photographers=["黄增瑞"])
    data = check_schema(Page(source="x.txt", records=[rec], furniture=["f"],
                             dropped=[Dropped("d", "jump", 2)], date="2023-06-20"))
    assert data["records"][0]["kind"] == "photo"


@pytest.mark.parametrize("bad", [
    lambda p: setattr(p.records[0], "kind", "poem"),
    lambda p: setattr(p.records[0], "lines", (-1, 2)),
    lambda p: setattr(p.records[0], "date_iso", "20 June"),
    lambda p: setattr(p.records[0], "title", 5),
    lambda p: setattr(p.dropped[0], "line", -3),
])
def test_schema_rejects(bad):
    p = Page(records=[Record(lines=(1, 1))], dropped=[Dropped("d", "jump", 1)])
    check_schema(p)
    bad(p)
    with pytest.raises(AssertionError, match="schema"):
        check_schema(p)


def test_schema_rejects_unencodable_text():
    p = Page(records=[Record(title="lone \udc80 surrogate")])
    with pytest.raises(AssertionError, match="UTF-8"):
        check_schema(p)


def test_line_numbers():
    text = "a\r\nb\rc\n"
    check_line_numbers(text, Page(records=[Record(lines=(1, 3))],
                                  dropped=[Dropped("c", "x", 3)]))
    check_line_numbers(text, Page(records=[Record(lines=(0, 0))]))  # unknown
    for bad in (Page(records=[Record(lines=(2, 4))]),
                Page(records=[Record(lines=(3, 2))]),
                Page(dropped=[Dropped("c", "x", 4)])):
        with pytest.raises(AssertionError, match="line numbers"):
            check_line_numbers(text, bad)


def test_check_page_rejects_non_page():
    with pytest.raises(AssertionError, match="not Page"):
        check_page("", {"records": []})  # type: ignore[arg-type]
