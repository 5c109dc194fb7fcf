"""Joining stories across the pages of an issue (xcparse.stitch): page numbers in every
style, pairing by content, chains, missing pages; made-up issues of 4-8 pages built from
the seeds' gold records (tests/layouts/issues.py), as records and through the extractor."""
from __future__ import annotations

import itertools
import re

import pytest

import xcparse
from xcparse import Page, Record
from xcparse.stitch import file_page_number, folio_number, page_number, parse_page_number, unmatched

from layouts.generator import GOLD_FIELDS
from layouts.issues import FILE_NAMES, LABELS, make_issue

# ---------------------------------------------------------------------------
# Which page is which


@pytest.mark.parametrize("label, want", [
    ("第一版", "1"), ("第1版", "1"), ("01版", "1"), ("A1版", "A1"), ("第A1版", "A1"),
    ("A01版", "A1"), ("第十二版", "12"), ("第二十一版", "21"), ("第 3 版", "3"), ("３版", "3"),
    ("第Ｂ２版", "B2"),
])
def test_jump_labels(label, want):
    assert str(parse_page_number(label)) == want


@pytest.mark.parametrize("name, want", [
    ("03.txt", "3"), ("A03.txt", "A3"), ("第03版.txt", "3"), ("第三版.txt", "3"),
    ("xcrb20230621_03.txt", "3"), ("xcrb20230621_A03.txt", "A3"), ("2023-06-21/p03.txt", "3"),
    ("page12.txt", "12"), ("000_93577813e5f6534c.txt", None), ("notes.txt", None),
])
def test_file_names(name, want):
    found = file_page_number(name)
    assert (str(found) if found else None) == want


@pytest.mark.parametrize("furniture, want", [
    (["第3版 要闻"], "3"), (["要闻 第三版"], "3"), (["A03要闻 2023年6月21日 星期三"], "A3"),
    (["城南日报 2023年6月21日 星期三", "B12 专刊"], "B12"), (["学思想 强党性"], None),
])
def test_folios(furniture, want):
    found = folio_number(Page(furniture=furniture))
    assert (str(found) if found else None) == want


def _part(paragraphs, title=None, byline=None, to=None, frm=None, lines=(1, 5)):
    return Record(title=title, byline=byline, paragraphs=list(paragraphs), continued_to=to,
                  continued_from=frm, lines=lines)


@pytest.mark.parametrize("label, name", list(itertools.product(LABELS, FILE_NAMES)))
def test_every_label_style_finds_every_file_name_style(label, name):
    head = _part(["春耕备播正当其时，各地农民忙着"], title="春耕", byline="本报记者 甲",
                 to=LABELS[label](3))
    tail = _part(["播种小麦。"], frm=LABELS[label](1))
    pages = [Page(source=FILE_NAMES[name](1), records=[head]),
             Page(source=FILE_NAMES[name](2), records=[_part(["别的稿件。"], title="别的")]),
             Page(source=FILE_NAMES[name](3), records=[tail])]
    joined = xcparse.stitch(pages)
    assert [r.parts for r in joined] == [[f"{FILE_NAMES[name](1)[:-4]}-1", f"{FILE_NAMES[name](3)[:-4]}-1"],
                                         [f"{FILE_NAMES[name](2)[:-4]}-1"]]
    assert joined[0].paragraphs == ["春耕备播正当其时，各地农民忙着播种小麦。"]
    assert joined[0].continued_to is None and not unmatched(joined)


def test_the_folio_wins_over_the_file_name():
    head = _part(["甲。"], title="甲", to="第二版")
    tail = _part(["乙。"], frm="第一版")
    pages = [Page(source="a.txt", furniture=["第1版 要闻"], records=[head]),
             Page(source="07.txt", furniture=["要闻 第2版"], records=[tail])]
    (joined,) = xcparse.stitch(pages)
    assert joined.parts == ["a-1", "07-1"]
    assert [p["number"] for p in joined.pages] == ["1", "2"]


# ---------------------------------------------------------------------------
# Joining


def test_paragraph_cut_at_its_end_is_not_rejoined():
    pages = [Page(source="01.txt", records=[_part(["第一段。", "第二段。"], title="题", to="第二版")]),
             Page(source="02.txt", records=[_part(["第三段。"], frm="第一版", lines=(7, 9))])]
    (joined,) = xcparse.stitch(pages)
    assert joined.paragraphs == ["第一段。", "第二段。", "第三段。"]
    assert joined.pages == [{"page": "01.txt", "number": "1", "lines": (1, 5)},
                            {"page": "02.txt", "number": "2", "lines": (7, 9)}]
    assert joined.to_dict()["pages"][1]["lines"] == [7, 9]


def test_a_part_ending_on_a_subheading_ended_its_paragraph():
    pages = [Page(source="01.txt", records=[_part(["第一段。", "坚持问题导向"], title="题", to="第二版")]),
             Page(source="02.txt", records=[_part(["第二段，说的是", "结尾。"], frm="第一版")])]
    (joined,) = xcparse.stitch(pages)
    assert joined.paragraphs == ["第一段。", "坚持问题导向", "第二段，说的是", "结尾。"]


def test_chain_over_three_pages_takes_the_heads_fields():
    head = Record(kind="article", kicker="引", title="题", byline="本报讯（记者 甲 通讯员 乙）",
                  reporters=["甲"], correspondents=["乙"], paragraphs=["开头，说到"], continued_to="A3版",
                  date="6月20日")
    middle = _part(["中间的话", "又一段，说的是"], frm="第A1版", to="A5版")
    tail = _part(["结尾。"], title="题", frm="A03版")
    pages = [Page(source=f"A0{n}.txt", records=[r]) for n, r in ((1, head), (3, middle), (5, tail))]
    (joined,) = xcparse.stitch(pages)
    assert joined.parts == ["A01-1", "A03-1", "A05-1"]
    assert joined.paragraphs == ["开头，说到中间的话", "又一段，说的是结尾。"]
    assert (joined.kicker, joined.title, joined.byline, joined.reporters, joined.correspondents,
            joined.date) == ("引", "题", "本报讯（记者 甲 通讯员 乙）", ["甲"], ["乙"], "6月20日")
    assert joined.continued_from is None and joined.continued_to is None
    assert joined.id == "A01-1"


def test_missing_pages_leave_the_parts_as_they_were():
    head = _part(["开头，说到"], title="题", to="第三版")
    orphan = _part(["无头的续文。"], frm="第二版")
    pages = [Page(source="01.txt", records=[head]), Page(source="04.txt", records=[orphan])]
    joined = xcparse.stitch(pages)
    assert [(r.parts, r.continued_to, r.continued_from) for r in joined] == [
        (["01-1"], "第三版", None), (["04-1"], None, "第二版")]
    assert unmatched(joined) == joined
    assert joined[0].paragraphs == ["开头，说到"]


def test_a_continuation_must_name_the_heads_page():
    head = _part(["开头，说到"], title="题", to="第三版")
    other = _part(["另一篇的续文。"], frm="第二版")
    pages = [Page(source="01.txt", records=[head]), Page(source="02.txt", records=[]),
             Page(source="03.txt", records=[other])]
    assert [r.parts for r in xcparse.stitch(pages)] == [["01-1"], ["03-1"]]


ROAD = ("城区道路改造工程进入攻坚阶段，施工单位在主干道两侧设置围挡，交警部门同步调整",
        "交通组织方案，引导车辆绕行。道路改造完成后，城区交通拥堵状况将明显缓解。")
WHEAT = ("全市夏粮收购工作全面展开，各收购网点敞开收购小麦，粮食部门加强质量检测，",
         "确保农民售粮顺畅。今年小麦品质较好，收购价格保持稳定，种粮农民收入增加。")


def _two_heads(tail_titles=(None, None), wheat_cut=WHEAT, road_cut=ROAD):
    road_head = _part([road_cut[0]], title="道路改造进入攻坚阶段", byline="本报记者 甲", to="第二版")
    wheat_head = _part([wheat_cut[0]], title="夏粮收购全面展开", byline="本报记者 乙", to="第二版")
    # the continuations in the other order than their heads
    wheat_tail = _part([wheat_cut[1]], title=tail_titles[1], frm="第一版")
    road_tail = _part([road_cut[1]], title=tail_titles[0], frm="第一版")
    return [Page(source="01.txt", records=[road_head, wheat_head]),
            Page(source="02.txt", records=[wheat_tail, road_tail])]


def test_two_heads_jumping_to_one_page_paired_by_shared_words():
    joined = xcparse.stitch(_two_heads())
    assert [r.parts for r in joined] == [["01-1", "02-2"], ["01-2", "02-1"]]
    assert joined[0].paragraphs == ["".join(ROAD)]


def test_paired_by_the_title_printed_again():
    # no shared words to go by: the continuations print their titles
    road = ("道路改造工程进入攻坚阶段，", "施工单位设置围挡。")
    wheat = ("夏粮收购工作全面展开，", "粮食部门加强检测。")
    pages = _two_heads(("道路改造进入攻坚阶段", "夏粮收购全面展开"), wheat, road)
    assert [r.parts for r in xcparse.stitch(pages)] == [["01-1", "02-2"], ["01-2", "02-1"]]


def test_paired_by_a_word_cut_at_the_jump():
    # 施工 and 检测 cut in two at the jump, printed whole elsewhere in their stories
    road = ("施工单位进场，道路改造由专业队伍施", "工，施工期间车辆绕行")
    wheat = ("质量检测是收购的关键，粮食部门加强检", "测，确保粮食安全")
    pages = _two_heads((None, None), wheat, road)
    assert [r.parts for r in xcparse.stitch(pages)] == [["01-1", "02-2"], ["01-2", "02-1"]]


def test_nothing_is_dropped():
    issue = make_issue(7, render=False)
    pages = _pages_from_expected(issue)
    joined = xcparse.stitch(pages)
    before = sorted("".join(r.paragraphs) for p in pages for r in p.records)
    after = "".join("".join(r.paragraphs) for r in joined)
    assert sum(map(len, before)) == len(after)
    assert sorted(i for r in joined for i in r.parts) == sorted(
        f"{p.source[:-4]}-{k + 1}" for p in pages for k in range(len(p.records)))


# ---------------------------------------------------------------------------
# Made-up issues


def _pages_from_expected(issue):
    return [Page(source=name, furniture=list(page["furniture"]),
                 records=[Record(**{f: r[f] for f in GOLD_FIELDS}) for r in page["records"]])
            for name, page in zip(issue.names, issue.expected)]


SQUEEZED = ("column", "kicker", "title", "subtitle", "byline", "continued_from", "continued_to")


def _same(got: dict, want: dict) -> bool:
    """Equal records; headline fields compared without their spaces, as the scorer does."""
    return all((re.sub(r"\s+", "", got[f] or "") == re.sub(r"\s+", "", want[f] or ""))
               if f in SQUEEZED else got[f] == want[f] for f in GOLD_FIELDS)


def _differences(issue, pages) -> list[str]:
    got = {tuple(r.parts): r.to_dict() for r in xcparse.stitch(pages)}
    want = {tuple(t["parts"]): t["record"] for t in issue.truth}
    diffs = [f"joined {k} should not be" for k in got.keys() - want.keys()]
    diffs += [f"not joined: {k}" for k in want.keys() - got.keys()]
    diffs += [f"wrong record {k}" for k in got.keys() & want.keys() if not _same(got[k], want[k])]
    return diffs


def test_made_up_issues_cover_every_case():
    issues = [make_issue(seed, render=False) for seed in range(120)]
    assert {len(i.names) for i in issues} >= {4, 5, 6, 7, 8}
    assert {sum(len(t["parts"]) > 1 for t in i.truth) for i in issues} >= {0, 1, 2, 3}
    assert any(len(t["parts"]) == 3 for i in issues for t in i.truth)
    for key in ("label", "name", "folio", "missing"):
        assert len({i.styles[key] for i in issues}) >= 3, key
    assert sum(i.styles["ambiguous"] for i in issues) >= 20


def test_made_up_issues_from_their_records():
    """Pages built from the expected records: every issue stitched exactly right."""
    failures = {}
    for seed in range(200):
        issue = make_issue(seed, render=False)
        diffs = _differences(issue, _pages_from_expected(issue))
        if diffs:
            failures[seed] = (issue.styles, diffs)
    assert not failures, failures


def test_made_up_issues_through_the_extractor():
    """The page texts extracted, then stitched: an issue whose pages the extractor reads
    perfectly is stitched exactly right, and (almost) every issue's joins are right."""
    checked, joins_right, failures = 0, 0, {}
    seeds = range(24)
    for seed in seeds:
        issue = make_issue(seed)
        pages = [xcparse.extract(text, name) for name, text in zip(issue.names, issue.texts)]
        perfect = all(len(p.records) == len(e["records"])
                      and all(_same(r.to_dict(), w) for r, w in zip(p.records, e["records"]))
                      for p, e in zip(pages, issue.expected))
        diffs = _differences(issue, pages)
        joins_right += not any(d.startswith(("joined", "not joined")) for d in diffs)
        if perfect:
            checked += 1
            if diffs:
                failures[seed] = diffs
    assert not failures, failures
    assert checked >= 0.6 * len(seeds)
    assert joins_right >= 0.9 * len(seeds)


def test_a_folio_broken_into_lines_at_the_page_head():
    """PDF-to-text programs may print the header in pieces (``01版`` alone on a line);
    a jump line at the head, even spread, is no folio."""
    head = "城南都市报\n2023年12月18日\n星期六\n03版\n\n本报讯（记者 张三）全市召开会议，研究部署工作。\n\n会议召开\n"
    assert str(page_number(xcparse.extract(head, "x.txt"))) == "3"
    spread = "（ 上 接 第 一 版 ） 高 质 量 的 调 研 成\n果。在此基础上，建立转化运用清单。\n"
    assert page_number(xcparse.extract(spread, "x.txt")) is None
    assert str(page_number(xcparse.extract(spread, "A05.txt"))) == "A5"


def test_jumps_in_a_circle_drop_nothing():
    one = _part(["甲说，"], title="甲", frm="第二版", to="第二版")
    two = _part(["乙说，"], frm="第一版", to="第一版")
    joined = xcparse.stitch([Page(source="01.txt", records=[one]), Page(source="02.txt", records=[two])])
    assert sorted(i for r in joined for i in r.parts) == ["01-1", "02-1"]


def test_an_end_credit_printed_on_the_continuation_follows_the_heads_credit():
    head = Record(title="题", byline="本报讯（记者 甲）", reporters=["甲"], paragraphs=["开头，说到"],
                  continued_to="第二版")
    tail = Record(byline="（记者 甲 通讯员 乙）", reporters=["甲"], correspondents=["乙"],
                  paragraphs=["结尾。"], continued_from="第一版")
    (joined,) = xcparse.stitch([Page(source="01.txt", records=[head]), Page(source="02.txt", records=[tail])])
    assert (joined.byline, joined.reporters, joined.correspondents) == (
        "本报讯（记者 甲） （记者 甲 通讯员 乙）", ["甲"], ["乙"])


def test_convert_leaves_the_ids_and_file_names_of_a_stitched_record():
    from xcparse.convert import convert_tree

    head = _part(["开头，说到"], title="开头", to="第二版")
    tail = _part(["结尾。"], frm="第一版")
    pages = [Page(source="简体/01.txt", records=[head]), Page(source="简体/02.txt", records=[tail])]
    (joined,) = xcparse.stitch(pages, ["头版", "后面"])
    converted = convert_tree(joined.to_dict(), "s2t")
    assert converted["parts"] == ["头版-1", "后面-1"] and converted["id"] == "头版-1"
    assert [p["page"] for p in converted["pages"]] == ["简体/01.txt", "简体/02.txt"]
    assert converted["title"] == "開頭"


def test_many_competing_jumps_drop_nothing():
    """A bad input: 300 heads on one page jump to one page of 300 continuations."""
    heads = [_part([f"第{i}篇，说到"], title=f"题{i}", to="第二版") for i in range(300)]
    tails = [_part([f"结尾{i}。"], frm="第一版") for i in range(300)]
    few = [_part([f"第{i}篇，说到"], title=f"题{i}", to="第二版") for i in range(6)]
    few_tails = [_part([f"结尾{i}。"], frm="第一版") for i in range(6)]
    for h, t in ((heads, tails), (few, few_tails)):
        joined = xcparse.stitch([Page(source="01.txt", records=h), Page(source="02.txt", records=t)])
        assert len(joined) == len(h) and all(len(r.parts) == 2 for r in joined)
