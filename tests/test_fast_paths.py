"""The speed-ups give what the plain forms they replace give.

Each fast path in the extractor stands in for a simpler, slower expression; these
tests hold them to it on the inputs where they could differ.
"""
from __future__ import annotations

import random

import regex

import xcparse.patterns as P
from xcparse.normalize import _CONTROL, CHAR_TABLE, fold_chars
from xcparse.segments import bigrams
from xcparse.roles import _may_open_lead


def test_fold_chars_is_translate_of_the_table():
    every = "".join(chr(cp) for cp in sorted(CHAR_TABLE))
    rnd = random.Random(7)
    pool = every + "本报讯（记者）abc 12\t\u3000\u200b\x07\n"
    texts = [every, every[::-1], ""] + ["".join(rnd.choice(pool) for _ in range(200)) for _ in range(50)]
    for text in texts:
        assert fold_chars(text) == _CONTROL.sub("", text.translate(CHAR_TABLE))


def test_bigrams_are_every_adjacent_han_pair():
    lookahead = regex.compile(r"(?=(\p{Han}\p{Han}))")
    rnd = random.Random(11)
    pool = "本报讯记者许昌a1 ，。（）\u3400𠀀"
    for _ in range(200):
        text = "".join(rnd.choice(pool) for _ in range(rnd.randrange(0, 30)))
        assert bigrams(text) == set(lookahead.findall(text))


# --- the literal tests roles.py makes before calling a pattern ------------------------

def _group_source(pattern: str, name: str) -> tuple[str, str]:
    """The source of group ``(?P<name>…)`` of a pattern, and what follows the group."""
    i = start = pattern.index(f"(?P<{name}>") + len(f"(?P<{name}>")
    depth = 0
    while True:
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":  # a class holds no group: skip to its end
            i = pattern.index("]", i + 1)
        elif ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                return pattern[start:i], pattern[i + 1:]
            depth -= 1
        i += 1


def _alternatives(source: str) -> list[str]:
    """The top-level alternatives of a group's source."""
    out, cur, depth, i = [], "", 0, 0
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            cur += source[i:i + 2]
            i += 2
            continue
        if ch == "[":
            end = source.index("]", i + 1)
            cur += source[i:end + 1]
            i = end + 1
            continue
        depth += ch == "("
        depth -= ch == ")"
        if ch == "|" and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
        i += 1
    return out + [cur]


QUANTIFIERS = "?*+{"


def test_every_lead_prefix_ends_in_its_literal_within_reach():
    for pattern in (P.LEAD, P.LEAD_OPEN, P.LEAD_BARE):
        assert pattern.pattern.startswith(f"^(?P<prefix>{P.LEAD_PREFIX})")
    for alt in _alternatives(P.LEAD_PREFIX):
        assert alt.endswith(P.LEAD_PREFIX_MARKS) or alt == P.LEAD_PREFIX_PLAIN, alt
    # the longest prefix each alternative can match fits in LEAD_PREFIX_MAX
    longest = ["本报乌鲁木齐 12 月 31 日 讯", "城南区东关街都市报乌鲁木齐 12 月 31 日 讯",
               "据新华社" + "乌鲁木齐 12 月 31 日 电 "[:16] + "电"]
    for text in longest:
        m = regex.match(rf"(?:{P.LEAD_PREFIX})$", text, flags=regex.V1)
        assert m, text
        assert len(text) <= P.LEAD_PREFIX_MAX, text
    assert not regex.match(rf"(?:{P.LEAD_PREFIX})$", "本报" + "北" * 5 + "讯", flags=regex.V1)


def test_a_jump_needs_its_literal():
    source, after = _group_source(P.JUMP.pattern, "page")
    assert source.endswith(P.JUMP_NEEDS) and after[:1] not in QUANTIFIERS
    assert after.startswith(r"\s*(?:")  # the group is not inside an optional part


def test_a_photo_credit_needs_its_closing_mark():
    assert P.PHOTO_CREDIT.pattern.endswith("(?:摄(?:影)?|供图))$")
    assert set(P.PHOTO_CREDIT_ENDS) == {"摄", "摄影", "供图"}
    source, after = _group_source(P.PHOTO_CREDIT.pattern, "credit")
    assert after == "$" and source.endswith("(?:摄(?:影)?|供图)")


def test_a_credit_line_opens_with_a_bullet_or_a_role_word():
    assert P.CREDIT_LINE.pattern.startswith(
        f"^(?:[{P.CREDIT_BULLETS}]\\s*)?(?:{P.MARK_BEFORE_ROLE_ALT}?(?:{P._ROLE_ALT})")
    assert {m[0] for m in ("文", "图", "摄影", "摄")} <= P.CREDIT_LINE_FIRST  # a mark before a role
    assert P.CREDIT_LINE_FIRST == {r[0] for r in P.BYLINE_ROLES} | set(P.CREDIT_BULLETS)
    assert all(not regex.escape(r[0]).startswith("\\") for r in P.BYLINE_ROLES)


def test_no_line_the_literal_tests_reject_matches_its_pattern():
    """On seed lines, layout pages and lines made of the rules' own words: a line that
    fails the literal test never matches the pattern behind it."""
    from pathlib import Path

    from tests.layouts.generator import make_layout

    root = Path(__file__).resolve().parent.parent
    lines = [ln.strip() for p in sorted((root / "seeds").glob("*.txt"))
             for ln in p.read_text("utf-8").splitlines()]
    lines += [ln.strip() for s in range(40) for ln in make_layout(s).text.splitlines()]
    rnd = random.Random(5)
    words = ["本报讯（", "记者", " 张三", "通讯员 李四", "）", "新华社北京6月20日电", "本报综合",
             "据新华社电", "城南日报讯", "本报北京讯", "人民网", "电", "讯", "（上接第一版）", "（下转第2版）", "版", "摄",
             " 摄影", "王五 摄", "/摄", " 供图", "■", "文/图", "图", "文", "，", "。", " ", "实习生", "6月20日", "（", "(",
             "第三", "市气象局", "供图", "资料图片", "新华社发", "）", "本报评论员", "评论员 "]
    lines += ["".join(rnd.choice(words) for _ in range(rnd.randrange(1, 8))) for _ in range(3000)]
    checks = [
        (P.JUMP.search, lambda s: P.JUMP_NEEDS in s),
        (P.LEAD.match, _may_open_lead),
        (P.LEAD_OPEN.match, _may_open_lead),
        (P.LEAD_BARE.match, _may_open_lead),
        (P.PHOTO_CREDIT.search, lambda s: s.endswith(P.PHOTO_CREDIT_ENDS)),
        (P.ORG_PHOTO_CREDIT.search, lambda s: s.endswith(P.ORG_PHOTO_CREDIT_ENDS)),
        (P.CREDIT_LINE.match, lambda s: s[:1] in P.CREDIT_LINE_FIRST),
        (P.COMMENTATOR_LINE.match, lambda s: s[:1] in P.CREDIT_LINE_FIRST),
    ]
    hits = 0
    for s in lines:
        for match, may_match in checks:
            if match(s):
                hits += 1
                assert may_match(s), s
    assert hits > 100
