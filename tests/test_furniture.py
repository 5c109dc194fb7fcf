"""Page headers and editors' lines (xcparse/furniture.py): every style of page label,
the pieces of one line printed apart, and the literal a header cannot match without."""
from __future__ import annotations

import itertools

import pytest

import xcparse
from xcparse import patterns as P
from xcparse.furniture import is_page_header

LABELS = ["第3版", "第三版", "03版", "A3版", "A03版", "第12版"]
DATES = ["2024年3月8日", "3月8日"]
WEEKDAYS = ["星期五", "周五"]
WORDS = ["要闻", "青禾晚报"]


@pytest.mark.parametrize("order", list(itertools.permutations(range(4))))
def test_header_pieces_in_any_order(order):
    pieces = [LABELS[len(order) % len(LABELS)], DATES[0], WEEKDAYS[0], WORDS[0]]
    header = " ".join(pieces[k] for k in order)
    assert is_page_header(header)
    assert any(mark in header for mark in P.FOLIO_MARKS)


@pytest.mark.parametrize("label", LABELS)
def test_every_label_style(label):
    assert is_page_header(f"{label} 要闻")
    assert is_page_header(f"要闻 {label} 青禾晚报 2024年3月8日")


@pytest.mark.parametrize("line", ["城北拍卖有限公司 2024年3月5日", "G4 高速 改扩建", "春耕备播 正当其时",
                                  "2024年3月8日", "第3版"])
def test_no_header(line):
    assert not is_page_header(line)


def test_marks_are_needed():
    """FOLIO_MARKS: a line FOLIO or a header of pieces matches holds one of them."""
    for label, date, weekday, word in itertools.product(LABELS, DATES, WEEKDAYS, WORDS):
        for line in (f"{label} {word}", f"{date} {weekday}", f"{word} {date} {weekday} {label}"):
            if is_page_header(line) or P.FOLIO.search(line):
                assert any(mark in line for mark in P.FOLIO_MARKS), line


def test_pieces_joined_only_across_blank_lines():
    body = "本报讯（记者 卢远）近日，城西湖畔步道改造\n工程完工，新铺设的塑胶跑道全长三公\n里，沿线增设了十二处休息座椅。\n"
    apart = "第9版\n\n民生 2024年3月8日 星期五\n\n湖畔步道完成改造\n\n" + body
    under = "青禾晚报 2024年3月8日 星期五\n第9版 民生\n\n湖畔步道完成改造\n\n" + body
    assert xcparse.extract(apart).furniture == ["第9版 民生 2024年3月8日 星期五"]
    assert xcparse.extract(under).furniture == ["青禾晚报 2024年3月8日 星期五", "第9版 民生"]
