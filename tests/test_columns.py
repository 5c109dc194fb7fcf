"""pdftotext -layout pages: columns printed side by side are read in reading order.

The pages are built from the project's own material: generated layouts and the seed
pages, cut into two or three column streams and set side by side with a gutter, each
column line padded to its display width (full-width characters take two columns), as
``pdftotext -layout`` prints them. Read that way, a page must give the records the
same columns give one after another (what the default mode prints), with line
numbers pointing into the side-by-side input. Pages in the default mode must never
be taken for layout pages: their output does not change by a byte.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from layouts import make_layout
from xcparse import columns, extract
from xcparse.invariants import check_page
from xcparse.normalize import fold_chars, split_lines

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


@lru_cache(maxsize=None)
def layout_text(seed: int) -> str:
    """A generated layout's text, made once per seed for the whole module."""
    return make_layout(seed).text


def display_width(s: str) -> int:
    return sum(columns.display_width(ch) for ch in s)


def trim_blank(lines: list[str]) -> list[str]:
    """A column stream without blank lines at its top and bottom."""
    lines = [ln.rstrip() for ln in lines]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def page_lines(text: str) -> list[str]:
    """A page's lines, without the form feed some layouts end with."""
    return [ln.rstrip() for ln in split_lines(text) if ln.strip() != "\f"]


def cut_streams(lines: list[str], k: int) -> list[list[str]]:
    """The page's lines cut into k column streams of about equal length."""
    step = -(-len(lines) // k)
    streams = [trim_blank(lines[i:i + step]) for i in range(0, len(lines), step)]
    return [s for s in streams if s]


def side_by_side(streams: list[list[str]], gutter: int = 4) -> str:
    """The streams printed as -layout prints columns: each line padded to its column's
    display width, a gutter of spaces between, trailing spaces trimmed."""
    widths = [max(display_width(ln) for ln in s) for s in streams]
    out = []
    for i in range(max(len(s) for s in streams)):
        row = ""
        for k, s in enumerate(streams):
            ln = s[i] if i < len(s) else ""
            row += ln + " " * (widths[k] - display_width(ln))
            if k + 1 < len(streams):
                row += " " * gutter
        out.append(row.rstrip())
    return "\n".join(out) + "\n"


def one_after_another(streams: list[list[str]]) -> str:
    """The same columns as the default mode prints them."""
    return "\n\n".join("\n".join(s) for s in streams) + "\n"


def records_without_lines(page) -> list[dict]:
    recs = [r.to_dict() for r in page.records]
    for r in recs:
        del r["lines"]
    return recs


def assert_reads_as(layout_text: str, sequential: str) -> None:
    """The layout page is reordered into the sequential text and gives its records;
    line numbers point into the layout input and every invariant holds."""
    found = columns.find_layout(layout_text, split_lines(fold_chars(layout_text)))
    assert found is not None, "layout page not detected"
    assert "\n".join(found.lines) + "\n" == fold_chars(sequential)
    page, expected = extract(layout_text), extract(sequential)
    assert records_without_lines(page) == records_without_lines(expected)
    assert page.furniture == expected.furniture
    assert [d.text for d in page.dropped] == [d.text for d in expected.dropped]
    check_page(layout_text, page)


# ---------------------------------------------------------------------------
# Side-by-side pages read as their columns one after another

#: Generated layouts long enough that each column holds MIN_ALIGNED_LINES lines or
#: more (a page of a few lines is not detected, by design).
LAYOUT_SEEDS = [s for s in range(0, 60)
                if len([ln for ln in page_lines(layout_text(s)) if ln.strip()]) >= 40]


@pytest.mark.parametrize("k", [2, 3])
@pytest.mark.parametrize("seed", LAYOUT_SEEDS)
def test_generated_layout_in_columns(seed, k):
    streams = cut_streams(page_lines(layout_text(seed)), k)
    assert_reads_as(side_by_side(streams), one_after_another(streams))


@pytest.mark.parametrize("k", [2, 3])
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_page_in_columns(path, k):
    streams = cut_streams(page_lines(path.read_text(encoding="utf-8")), k)
    assert_reads_as(side_by_side(streams), one_after_another(streams))


@pytest.mark.parametrize("gutter", [3, 8])
def test_gutter_widths(gutter):
    streams = cut_streams(page_lines(layout_text(5)), 2)
    assert_reads_as(side_by_side(streams, gutter), one_after_another(streams))


def test_two_pages_side_by_side():
    """Two whole generated pages as two columns of one page."""
    streams = [trim_blank(page_lines(layout_text(s))) for s in (3, 11)]
    assert_reads_as(side_by_side(streams), one_after_another(streams))


def test_spanning_headline_above_two_columns():
    """A headline across both columns is its own section, read before the columns."""
    seed = page_lines(SEEDS[1].read_text(encoding="utf-8"))
    body = trim_blank(seed[4:60])  # the first article's body, without its headline
    streams = cut_streams(body, 2)
    below = side_by_side(streams)
    width = max(display_width(ln) for ln in below.splitlines())
    head = "科技副职下基层 服务乡村促振兴"
    centred = " " * ((width - display_width(head)) // 2) + head
    layout_text = centred + "\n\n" + below
    assert columns.find_layout(layout_text, split_lines(layout_text)) is not None
    assert_reads_as(layout_text, head + "\n\n" + one_after_another(streams))
    page = extract(layout_text)
    assert page.records[0].title == head


def test_full_width_digits_and_indents_keep_their_columns():
    """Positions are read before the character table: ``２０２３`` and ``　　`` take
    two display columns each in the input, one after folding."""
    col = ["　　２０２３年，市里开展了活动，共有３００", "多人参加。活动内容丰富多彩，群众反响热烈，",
           "大家纷纷表示收获很大。"] * 4
    streams = [col, list(reversed(col))]
    assert_reads_as(side_by_side(streams), one_after_another(streams))


def test_line_numbers_point_into_the_layout_input():
    streams = cut_streams(page_lines(SEEDS[0].read_text(encoding="utf-8")), 2)
    text = side_by_side(streams)
    page = extract(text)
    n = len(split_lines(text))
    assert page.records
    for rec in page.records:
        assert 1 <= rec.lines[0] <= rec.lines[1] <= n
    assert all(1 <= t.number <= n for t in page.trace)


# ---------------------------------------------------------------------------
# Default-mode pages are never detected: output byte-identical with and without the stage


def _json(text: str) -> str:
    return json.dumps(extract(text).to_dict(), ensure_ascii=False)


def _without_stage(monkeypatch, text: str) -> str:
    with monkeypatch.context() as m:
        m.setattr(columns, "find_layout", lambda text, lines: None)
        return _json(text)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seeds_unchanged(path, monkeypatch):
    text = path.read_text(encoding="utf-8")
    assert columns.find_layout(text, split_lines(fold_chars(text))) is None
    assert _json(text) == _without_stage(monkeypatch, text)


def test_generated_layouts_unchanged(monkeypatch):
    texts = [layout_text(s) for s in range(240)]
    fired = [s for s, t in enumerate(texts) if columns.find_layout(t, split_lines(fold_chars(t)))]
    assert fired == []
    changed = [s for s, t in enumerate(texts) if _json(t) != _without_stage(monkeypatch, t)]
    assert changed == []


NEGATIVES = {
    "spread lines": "作 中 存 在 的 问 题 ，分 类 施 策 推 动 解",
    "headline phrase gaps": "高标定位  协同推进  确保清廉许昌建设",
    "folio": "许昌日报  2023年6月21日  星期三",
    "ad table line": "许昌市区：0374-2620256 禹州市：0374-8297716",
}


@pytest.mark.parametrize("name", list(NEGATIVES))
def test_not_detected(name):
    """A page full of such lines (20 of them, among body lines) is not a layout page."""
    body = "本报讯（记者 胡晨）主题教育开展以来，市委办公室坚持"
    text = "\n".join([NEGATIVES[name], body] * 20) + "\n"
    assert columns.find_layout(text, split_lines(fold_chars(text))) is None


def test_unaligned_wide_gaps_not_detected():
    """Gaps of three spaces or more that do not line up are not gutters."""
    lines = [f"第{'一' * (i % 9)}   段落{'二' * (i % 5)}   结束" for i in range(30)]
    text = "\n".join(lines) + "\n"
    assert columns.find_layout(text, split_lines(text)) is None


def test_few_lines_not_detected():
    """Fewer than MIN_ALIGNED_LINES aligned lines: left alone, however column-like."""
    streams = [["第一栏的一行文字"] * 5, ["第二栏的一行文字"] * 5]
    text = side_by_side(streams)
    assert columns.find_layout(text, split_lines(text)) is None
