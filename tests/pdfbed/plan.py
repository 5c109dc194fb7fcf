"""The plan of a page: what goes where, drawn from one seed. Both typesetters set the
same kind of plan; the gold records come from it, not from the PDF.

A page is a grid of 3-8 columns. Under the page header (furniture) and an optional
doubled banner, bands of modules are stacked; a module spans 1-4 grid columns and holds
an article (column box, kicker, title over 1-3 lines or beside the body, subtitle,
credit line, photo, body in text columns of its own) or an ad. Jump lines tie the parts
of an article split over two pages of an issue.
"""
from __future__ import annotations

import copy
import random

from .content import (BANNERS, PAPERS, ad_record, article_record, editors_text, header_text,
                      is_subheading, make_ad, page_label, photo_record)


def split_title(title: str, rng: random.Random, narrow: bool) -> list[str]:
    """Printed lines of a title: at its phrase spaces, or balanced, 1-3 lines."""
    phrases = title.split(" ")
    if 1 < len(phrases) <= 3 and (narrow or rng.random() < 0.6):
        return phrases
    flat = title.replace(" ", "")
    n = len(flat)
    lines = 1
    if narrow:
        lines = 3 if n > 12 else 2 if n > 4 else 1
    elif n > 16:
        lines = rng.choice([1, 2, 2]) if n <= 24 else rng.choice([2, 3])
    if lines == 1:
        return [title]
    out, start = [], 0
    for i in range(1, lines):
        cut = round(n * i / lines)
        while cut < n and flat[cut] in "，。、；：？！）》”’…—":
            cut += 1
        out.append(flat[start:cut])
        start = cut
    out.append(flat[start:])
    return [x for x in out if x]


def cap_paragraphs(paras: list[str], cap: int) -> list[str]:
    out, n = [], 0
    for p in paras:
        if out and n + len(p) > cap:
            break
        out.append(p)
        n += len(p)
    while len(out) > 1 and is_subheading(out[-1]):
        out.pop()
    return out


def article_module(a: dict, span: int, rng: random.Random, grid_w: float, part: str = "whole",
                   cut: int | None = None, jump: str | None = None) -> tuple[dict, list[dict]]:
    """(module, records). part: whole | head (first ``cut`` paragraphs, then
    （下转jump）) | tail (（上接jump）, the rest)."""
    a = copy.deepcopy(a)
    if part == "whole":
        a["paragraphs"] = cap_paragraphs(a["paragraphs"], span * 420)
    m = {"kind": "article", "span": span, "art": a["id"], "part": part}
    width = span * grid_w
    head_side = part != "tail" and span >= 2 and rng.random() < 0.2
    m["head_pos"] = "side" if head_side else "top"
    recs = []
    if part == "tail":
        paras = a["paragraphs"][cut:]
        # the end credit is printed where the story ends: at the foot of its continuation
        tail_credit = {**a, "credit": None, "lead": None}
        rec = {**article_record(tail_credit), "column": None, "kicker": None, "subtitle": None,
               "paragraphs": paras, "continued_from": jump}
        reprint = rng.random() < 0.5
        rec["title"] = a["title"] if reprint else None
        m.update(column=None, kicker=None, subtitle=None, credit=None, lead=None, end_credit=a["end_credit"],
                 title_lines=split_title(a["title"], rng, False) if reprint else [],
                 paras=paras, jump_from=f"（上接{jump}）", jump_to=None, photo=None)
        m["jump_from_inline"] = rng.random() < 0.4
    else:
        paras = a["paragraphs"][:cut] if part == "head" else a["paragraphs"]
        rec = article_record(a)
        rec["paragraphs"] = paras
        m.update(column=a["column"], kicker=a["kicker"], subtitle=a["subtitle"], credit=a["credit"],
                 lead=a["lead"], end_credit=a["end_credit"] if part == "whole" else None,
                 title_lines=split_title(a["title"], rng, head_side), paras=paras, jump_from=None,
                 jump_to=f"（下转{jump}）" if part == "head" else None, photo=None)
        if part == "head" and a["end_credit"]:
            rec["byline"] = " ".join(b for b in (a["credit"], a["lead"]) if b) or None
            text = rec["byline"] or ""
            for k in ("reporters", "correspondents", "photographers"):
                rec[k] = [n for n in rec[k] if n in text]
        if part == "head":
            rec["continued_to"] = jump
        m["end_credit_inline"] = rng.random() < 0.5
        caption_in_body = a["photo"] and a["photo"]["caption"].replace(" ", "") in "".join(paras)
        if a["photo"] and rng.random() < 0.85 and not caption_in_body:
            m["photo"] = {**a["photo"], "pos": rng.choice(["top", "mid", "bottom"]),
                          "title_pos": rng.choice(["over", "under"]),
                          "credit_inline": rng.random() < 0.5,
                          "width_share": rng.choice([1.0, 1.0, 0.66]) if span > 1 else 1.0}
            # a narrower picture may have its caption beside it
            m["photo"]["beside"] = m["photo"]["width_share"] < 1 and rng.random() < 0.6
            recs.append(photo_record(a))
    m["column_double"] = rng.random() < 0.6
    m["col_box"] = rng.choice(["box", "bar", "bracket"])
    min_col = 110.0
    m["text_cols"] = max(1, min(span + rng.choice([0, 0, 1, -1]), int(width * (0.7 if head_side else 1) // min_col)))
    recs.insert(0, rec)
    m["records"] = recs
    return m, recs


def partition(n: int, rng: random.Random, most: int) -> list[int]:
    parts = []
    while n > 0:
        p = rng.randint(1, min(4, n))
        parts.append(p)
        n -= p
    while len(parts) > most and len(parts) > 1:
        a = parts.pop()
        parts[-1] += a
    return [min(p, 4) for p in parts] if sum(min(p, 4) for p in parts) == sum(parts) else parts


def page_style(rng: random.Random, typesetter: str) -> dict:
    return {
        "body_size": rng.choice([8.5, 9.0, 9.5, 10.0]),
        "leading": rng.choice([1.3, 1.38, 1.45]),
        "justify": rng.random() < 0.75,
        "charspace": rng.choice([0.0, 0.0, 0.3, 0.6]),
        "punct": rng.choice(["squeeze", "push"]),
        "digit_gap": rng.random() < 0.4,
        "latin_font": rng.random() < 0.5,
        "head_first": rng.random() < 0.5,
        "body_font": rng.choice(["wqy", "uming", "ukai", "stsong"] if typesetter == "rl" else ["wqy", "uming", "ukai"]),
        "head_font": rng.choice(["wqy", "stsong", "uming"] if typesetter == "rl" else ["wqy", "uming", "ukai"]),
        "gutter": rng.choice([26.0, 30.0, 34.0]),
        "colgap": rng.choice([2.4, 2.8, 3.2]),
        "rules": rng.random() < 0.6,
    }


def plan_page(name: str, seed: int, typesetter: str, pool: list[dict], issue: dict | None = None) -> dict:
    """A page from a seed. ``issue``: {"number", "style", "paper", "parts": [(article,
    part, cut, jump)]} for a page of an issue (its folio and its split articles)."""
    rng = random.Random(f"{name}-{seed}")
    grid = rng.randint(3, 8)
    width = float(max(842, grid * 112 + 72))
    style = page_style(rng, typesetter)
    grid_w = (width - 72 - (grid - 1) * style["gutter"]) / grid
    page = {"name": name, "seed": seed, "typesetter": typesetter, "grid": grid, "width": width,
            "style": style, "grid_w": grid_w}
    paper = issue["paper"] if issue else rng.choice(PAPERS)
    number = issue["number"] if issue else rng.randint(1, 16)
    fstyle = issue["style"] if issue else rng.choice(["cn", "num", "zero", "a"])
    furniture = []
    page["header"] = header_text(rng, number, fstyle, paper) if (issue or rng.random() < 0.85) else None
    page["folio"] = page_label(number, fstyle) if page["header"] else None
    if page["header"]:
        furniture.append(page["header"])
    page["banner"] = rng.choice(BANNERS) if rng.random() < 0.4 else None
    if page["banner"]:
        furniture.append(page["banner"])
    page["editors"] = editors_text(rng) if rng.random() < 0.7 else None
    page["editors_pos"] = "bottom"  # under the header, pdftotext reads the two lines as columns
    page["banner_spread"] = rng.random() < 0.3
    # the pieces: split parts first, then whole articles, maybe an ad
    fixed = list(issue["parts"]) if issue else []
    used = {p[0]["id"] for p in fixed}
    excluded = issue.get("exclude", set()) if issue else set()
    free = [a for a in pool if a["id"] not in used and a["title"] not in excluded]
    n_art = max(0, rng.randint(4, 7) - len(fixed))
    pieces = [("art", a, part, cut, jump) for a, part, cut, jump in fixed]
    seen = {p[0]["title"] for p in fixed} | {p[0]["paragraphs"][0] for p in fixed}
    chosen = []
    for a in rng.sample(free, len(free)):
        if len(chosen) >= n_art:
            break
        if a["title"] in seen or a["paragraphs"][0] in seen:
            continue  # one page never prints two pieces a reader could not tell apart
        seen |= {a["title"], a["paragraphs"][0]}
        chosen.append(a)
    pieces += [("art", a, "whole", None, None) for a in chosen]
    if rng.random() < 0.45:
        pieces.append(("ad", make_ad(rng), None, None, None))
    rng.shuffle(pieces)
    bands = []
    todo = list(pieces)
    while todo:
        spans = partition(grid, rng, len(todo))
        band = []
        for s in spans:
            kind, obj, part, cut, jump = todo.pop(0)
            if kind == "ad":
                band.append({"kind": "ad", "span": s, "ad": obj, "records": [ad_record(obj)],
                             "border": rng.choice([0.6, 1.2, 2.0])})
            else:
                mod, _ = article_module(obj, s, rng, grid_w, part, cut, jump)
                band.append(mod)
        bands.append(band)
    page["bands"] = bands
    page["furniture"] = furniture + ([page["editors"]] if page["editors"] else [])
    return page


def page_records(page: dict) -> list[dict]:
    return [r for band in page["bands"] for m in band for r in m["records"]]


def printed_body(m: dict, rec: dict) -> str:
    """The text a record's body prints, in order (what must be one run of the page text)."""
    if rec["kind"] == "photo":
        return rec["paragraphs"][0] + rec["byline"]
    if rec["kind"] == "ad":
        return "".join(rec["paragraphs"])
    parts = [m.get("jump_from") or "", m.get("lead") or ""] + m["paras"]
    parts += [m.get("end_credit") or "", m.get("jump_to") or ""]
    return "".join(parts)


def head_parts(m: dict, rec: dict) -> list[str]:
    """Headline pieces that must be found in a text."""
    if rec["kind"] == "photo":
        return [rec["title"]] if rec["title"] else []
    if rec["kind"] == "ad":
        return [rec["title"]]
    out = list(m.get("title_lines") or [])
    for k in ("column", "kicker", "subtitle", "credit"):
        if m.get(k):
            out.append(m[k])
    return out
