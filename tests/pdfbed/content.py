"""What a page of the PDF bed prints: real articles (articles/*.json), made-up ads and
page furniture, and the gold record of each piece (gold/SCHEMA.md form).

Text is cleaned the way the gold writes it before it is typeset, so the printed body
is the gold body: spaces next to a Han character or a full-width mark go, a space
between two Latin/digit tokens stays. Names of ads, editors and papers are made up.
"""
from __future__ import annotations

import hashlib
import json
import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"

WIDE = r"\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2018-\u201d\u2014\u2026\u00b7\u25a0-\u25ff"
SP_WIDE = re.compile(rf"\s+(?=[{WIDE}])|(?<=[{WIDE}])\s+")
WS = re.compile(r"\s+")
#: a phrase space in a headline is kept, but not one between a Han character and a digit
HAN_DIGIT = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[0-9A-Za-z])|(?<=[0-9A-Za-z])\s+(?=[\u4e00-\u9fff])")
#: closing marks (may not open a line) and opening marks (may not end one)
NO_START = set("，。、；：？！）》」』】〕〉”’…·,.;:!?)%")
NO_END = set("（《「『【〔〈“‘(")
SENT_END = set("。！？”…；")
#: a paragraph that is a photo credit, a bare credit line or holds a jump line: the
#: source page's layout leaked into the body; such an article is left out (its gold
#: could not be right)
CREDIT_PARAGRAPH = re.compile(r"摄$|^(本报)?记者\s*\S{2,4}$|^(本报)?记者\s*\S{2,4}\s+\S{2,4}$"
                              r"|（[上下][转接]第?\S{1,3}版）")


def clean_body(s: str) -> str:
    return WS.sub(" ", SP_WIDE.sub("", s)).strip()


def clean_head(s: str | None) -> str | None:
    if s is None:
        return None
    s = HAN_DIGIT.sub("", WS.sub(" ", s).strip())
    return s or None


def squeeze(s: str | None) -> str:
    return WS.sub("", s or "")


def half_of(art_id: str) -> str:
    """tune or test, fixed by the article id (a stable hash), about half each."""
    return "test" if hashlib.sha1(art_id.encode()).digest()[0] % 2 else "tune"


def load_articles(directory: Path = ARTICLES) -> list[dict]:
    out = []
    for f in sorted(directory.glob("*.json")):
        try:
            a = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        paras = [clean_body(p) for p in a.get("paragraphs") or [] if clean_body(p)]
        if not a.get("title") or not paras or not a.get("url"):
            continue
        if any(CREDIT_PARAGRAPH.search(p) for p in paras):
            continue
        a = dict(a)
        a["file"] = f.name
        a["paragraphs"] = paras
        for k in ("column", "kicker", "title", "subtitle"):
            a[k] = clean_head(a.get(k))
        for k in ("lead", "credit", "end_credit"):
            a[k] = WS.sub(" ", a[k]).strip() if a.get(k) else None
        ph = a.get("photo")
        if ph and ph.get("caption") and ph.get("credit"):
            a["photo"] = {"title": clean_head(ph.get("title")), "caption": clean_body(ph["caption"]),
                          "credit": WS.sub(" ", ph["credit"]).strip()}
        else:
            a["photo"] = None
        a["half"] = half_of(a["id"])
        out.append(a)
    return out


def blank_record(kind: str) -> dict:
    return {"kind": kind, "column": None, "kicker": None, "title": None, "subtitle": None,
            "byline": None, "reporters": [], "correspondents": [], "photographers": [],
            "continued_from": None, "continued_to": None, "paragraphs": []}


def is_subheading(p: str) -> bool:
    return len(p) <= 24 and p[-1] not in SENT_END and p[-1] not in "，、："


def article_record(a: dict) -> dict:
    """The gold record of the whole article as printed: its bylines in printed order
    (credit under the title, the lead, the end credit) joined by one space; only names
    printed in a byline are credited."""
    r = blank_record("article")
    for k in ("column", "kicker", "title", "subtitle"):
        r[k] = a[k]
    bylines = [b for b in (a["credit"], a["lead"], a["end_credit"]) if b]
    r["byline"] = " ".join(bylines) or None
    text = " ".join(bylines)
    r["reporters"] = [n for n in a.get("reporters") or [] if n in text]
    r["correspondents"] = [n for n in a.get("correspondents") or [] if n in text]
    if "摄" in text or "图" in text:
        r["photographers"] = [n for n in a.get("photographers") or [] if n in text]
    r["paragraphs"] = list(a["paragraphs"])
    return r


def photo_record(a: dict) -> dict:
    ph = a["photo"]
    r = blank_record("photo")
    r["title"] = ph["title"]
    r["byline"] = ph["credit"]
    names = [n for n in a.get("photographers") or [] if n in ph["credit"]]
    r["photographers"] = sorted(names, key=ph["credit"].index)
    r["paragraphs"] = [ph["caption"]]
    return r


# ---------------------------------------------------------------------------
# Made-up ads and furniture

AD_SLOGANS = ["品质家居 温暖到家", "诚信经营 服务万家", "放心装修 一站到位", "健康体检 关爱全家",
              "绿色出行 畅享便捷", "学车就选安达驾校", "新春特惠 全场让利", "专业养老 贴心服务"]
AD_FIRMS = ["安达驾驶员培训学校", "和顺家居广场", "康宁健康体检中心", "永安装饰工程公司",
            "福寿康养服务中心", "通达汽车服务公司", "明远眼科门诊部", "丰禾农资连锁店"]
AD_PLACES = ["城区", "东城", "西城", "南区", "北区", "开发区", "新区", "河东", "河西"]
AD_STREETS = ["建设路", "人民路", "文化路", "长青街", "和平大道", "工业路"]
AD_LINES = ["报名即送体检一次", "上门测量 免费设计", "节假日不休息", "凭本报享九折优惠",
            "专车接送 随到随学", "预约电话请提前一天"]
BANNERS = ["奋进新征程 建功新时代", "学思想 强党性 重实践 建新功", "聚焦民生 服务百姓",
           "城市新闻 身边事", "乡村振兴进行时", "经济观察", "法治在线", "文体天地"]
PAPERS = ["河畔日报", "北原晚报", "城南都市报", "西江日报"]
SECTIONS = ["要闻", "综合", "社会", "经济", "城事", "文体", "民生", "法治"]
EDITORS = ["周明", "陈雨", "林晓", "宋涛", "韩冰", "贺文", "程远", "白露", "江枫", "秦川"]
WEEKDAYS = "一二三四五六日"
CN_NUM = "零一二三四五六七八九十"


def make_ad(rng: random.Random) -> dict:
    """An ad: slogan (its title), items (lines or hotline cells), firm, address."""
    firm = rng.choice(AD_FIRMS)
    places = rng.sample(AD_PLACES, rng.choice([2, 3, 4, 6]))
    cells = [f"{p}：0{rng.randint(310, 399)}-{rng.randint(2000000, 8999999)}" for p in places]
    items = {"slogan": rng.choice(AD_SLOGANS), "firm": firm,
             "line": rng.choice(AD_LINES) if rng.random() < 0.6 else None,
             "cells": cells, "per_row": rng.choice([1, 2, 3]),
             "address": f"地址：{rng.choice(AD_STREETS)}{rng.randint(1, 299)}号"}
    return items


def ad_items(ad: dict) -> list[str]:
    out = [ad["firm"]]
    if ad["line"]:
        out.append(ad["line"])
    out += ad["cells"] + [ad["address"]]
    return out


def ad_record(ad: dict) -> dict:
    r = blank_record("ad")
    r["title"] = ad["slogan"]
    r["paragraphs"] = ad_items(ad)
    return r


def page_label(n: int, style: str) -> str:
    """A page number as printed: 第一版, 第1版, 01版, A1版."""
    if style == "cn":
        return f"第{CN_NUM[n]}版" if n <= 10 else f"第{n}版"
    if style == "num":
        return f"第{n}版"
    if style == "zero":
        return f"{n:02d}版"
    return f"A{n}版"


def header_text(rng: random.Random, number: int, style: str, paper: str) -> str:
    y, m, d = rng.choice([2021, 2022, 2023, 2024]), rng.randint(1, 12), rng.randint(1, 28)
    date = f"{y}年{m}月{d}日"
    wd = f"星期{rng.choice(WEEKDAYS)}"
    label, sec = page_label(number, style), rng.choice(SECTIONS)
    form = rng.randrange(4)
    if form == 0:
        return f"{date} {wd} {label} {sec}"
    if form == 1:
        return f"{label} {sec} {date} {wd}"
    if form == 2:
        return f"{paper} {date} {wd} {label}"
    return f"{sec} {label} {paper} {date}"


def editors_text(rng: random.Random) -> str:
    a, b = rng.sample(EDITORS, 2)
    return rng.choice([f"责任编辑 {a} 美编 {b}", f"责任编辑：{a} 校对：{b}", f"本版编辑 {a} 美编 {b}"])
