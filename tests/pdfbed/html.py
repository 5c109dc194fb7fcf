"""Typesetter 2: HTML and CSS printed by headless Chromium (Skia's PDF backend).

The browser breaks the lines (line-break: strict, text-spacing-trim), balances CSS
columns, justifies by inter-character spacing and subsets the Noto CJK fonts (CFF);
banners and column names are two copies of the text, the second offset by a fraction
of a point. The page is printed once on a tall sheet, measured, and printed again on
a sheet as tall as its content.
"""
from __future__ import annotations

import html
import os
import random
import re
import shutil
import subprocess
import tempfile

from .content import is_subheading

CHROMIUM = os.environ.get("PDFBED_CHROMIUM", "/usr/bin/chromium")
#: TrueType faces only: Skia embeds them as CID TrueType subsets, while the Noto CJK
#: collections (OpenType/CFF), synthetic bold and stroked text come out as one Type 3
#: font per few glyphs (a page of them is over 400 KB); headlines differ by face and size
FONTS = {"wqy": "'WenQuanYi Zen Hei', sans-serif", "uming": "'AR PL UMing CN', serif",
         "ukai": "'AR PL UKai CN', serif", "noto-sans": "'Noto Sans CJK SC', sans-serif",
         "noto-serif": "'Noto Serif CJK SC', serif"}
NUM = re.compile(r"[0-9A-Za-z.%+\-/:]+")


def units(s: str) -> float:
    return sum(0.55 if ord(c) < 0x2000 else 1.0 for c in s)


def esc(s: str) -> str:
    return html.escape(s, quote=False)


class Page:
    def __init__(self, page: dict):
        self.p = page
        self.st = page["style"]
        self.rng = random.Random(f"html-{page['name']}-{page['seed']}")
        self.size = self.st["body_size"]

    def num(self, s: str) -> str:
        """Body text with digit/Latin runs set apart (small spaces, a Latin font)."""
        if not (self.st["digit_gap"] or self.st["latin_font"]):
            return esc(s)
        out, pos = [], 0
        for m in NUM.finditer(s):
            out.append(esc(s[pos:m.start()]))
            out.append(f'<span class="n">{esc(m.group())}</span>')
            pos = m.end()
        out.append(esc(s[pos:]))
        return "".join(out)

    def doubled(self, text: str, cls: str, style: str = "") -> str:
        t = esc(text)
        return (f'<div class="{cls} dbl" style="{style}"><span>{t}</span>'
                f'<span class="ghost" aria-hidden="true">{t}</span></div>')

    def fit(self, lines: list[str], width: float, base: float) -> float:
        longest = max((units(x) for x in lines), default=1)
        return min(base, width * 0.95 / max(longest, 1))

    def headline(self, m: dict, width: float) -> str:
        s = self.size
        out = []
        if m.get("column"):
            style = {"box": "border:0.8pt solid #000;padding:1pt 4pt;display:inline-block;",
                     "bar": "background:#d9d9d9;padding:1pt 4pt;display:inline-block;",
                     "bracket": "border-bottom:1.2pt solid #000;display:block;"}[m["col_box"]]
            inner = (self.doubled(m["column"], "colname", "display:inline-block") if m["column_double"]
                     else f'<span class="colname">{esc(m["column"])}</span>')
            out.append(f'<div style="{style}font-size:{s * 1.15:.1f}pt;margin-bottom:3pt">{inner}</div>')
        if m.get("kicker"):
            out.append(f'<div class="kicker" style="font-size:{self.fit([m["kicker"]], width, s * 1.3):.1f}pt">{esc(m["kicker"])}</div>')
        if m.get("title_lines"):
            base = {1: 17, 2: 22, 3: 26, 4: 30}.get(m["span"], 30) * self.rng.choice([0.9, 1.0, 1.1])
            ts = self.fit(m["title_lines"], width, base)
            if ts < s * 1.4:
                ts = s * 1.4
            lines = "<br>".join(esc(x) for x in m["title_lines"])
            out.append(f'<div class="title" style="font-size:{ts:.1f}pt">{lines}</div>')
        if m.get("subtitle"):
            out.append(f'<div class="sub" style="font-size:{self.fit([m["subtitle"]], width, s * 1.3):.1f}pt">{esc(m["subtitle"])}</div>')
        if m.get("credit"):
            out.append(f'<div class="credit">{esc(m["credit"])}</div>')
        return "".join(out)

    def photo(self, ph: dict, width: float) -> str:
        w = width * ph["width_share"]
        h = min(w * 0.62, 220)
        s = self.size
        title = (f'<div class="ptitle" style="font-size:{self.fit([ph["title"]], w, s * 1.25):.1f}pt">{esc(ph["title"])}</div>'
                 if ph.get("title") else "")
        cap = self.num(ph["caption"])
        if ph["credit_inline"]:
            cap += " " + esc(ph["credit"])
            credit = ""
        else:
            credit = f'<div class="pcredit">{esc(ph["credit"])}</div>'
        if ph.get("beside"):
            return (f'<div class="photo" style="display:flex;gap:{s * 1.5:.1f}pt">'
                    f'<div class="pic" style="width:{w:.1f}pt;height:{h:.1f}pt;flex:none"></div>'
                    f'<div style="flex:1">{title}<div class="caption">{cap}</div>{credit}</div></div>')
        return (f'<div class="photo" style="width:{w:.1f}pt">'
                + (title if ph["title_pos"] == "over" else "")
                + f'<div class="pic" style="height:{h:.1f}pt"></div>'
                + (title if ph["title_pos"] == "under" else "")
                + f'<div class="caption">{cap}</div>{credit}</div>')

    def body(self, m: dict, width: float) -> str:
        s = self.size
        k = m["text_cols"]
        gap = s * self.st["colgap"]
        total = sum(units(p) + 2 for p in m["paras"]) + units(m.get("lead") or "")
        while k > 1:
            colw = (width - (k - 1) * gap) / k
            lines = total / max(colw / s, 1)
            if lines >= 7 * k:
                break
            k -= 1
        m["text_cols"] = k
        parts = []
        if m.get("jump_from") and not m.get("jump_from_inline"):
            parts.append(f'<p class="jump">{esc(m["jump_from"])}</p>')
        for i, p in enumerate(m["paras"]):
            pre = ""
            if i == 0:
                if m.get("jump_from_inline"):
                    pre += esc(m["jump_from"])
                if m.get("lead"):
                    pre += f'<span class="lead">{esc(m["lead"])}</span>'
            tail = ""
            if i == len(m["paras"]) - 1 and m.get("end_credit") and m.get("end_credit_inline"):
                tail = esc(m["end_credit"])
            cls = "subh" if is_subheading(p) and not pre else "bp"
            parts.append(f'<p class="{cls}">{pre}{self.num(p)}{tail}</p>')
        if m.get("end_credit") and not m.get("end_credit_inline"):
            parts.append(f'<p class="right">{esc(m["end_credit"])}</p>')
        if m.get("jump_to"):
            parts.append(f'<p class="right">{esc(m["jump_to"])}</p>')
        return (f'<div class="body" style="column-count:{k};column-gap:{gap:.1f}pt">'
                + "".join(parts) + "</div>")

    def article(self, m: dict, width: float) -> str:
        ph = m.get("photo")
        photo = self.photo(ph, width) if ph else ""
        head_w = width * 0.3 if m["head_pos"] == "side" else width
        if m["head_pos"] == "side" and m.get("title_lines") and max(len(t) for t in m["title_lines"]) * self.size * 1.6 > head_w:
            m["head_pos"], head_w = "top", width
        head = self.headline(m, head_w - (self.size if m["head_pos"] == "side" else 0))
        out = []
        if ph and ph["pos"] == "top":
            out.append(photo)
        if m["head_pos"] == "side":
            out.append(f'<div style="display:flex;gap:{self.size:.1f}pt"><div style="width:{head_w - self.size:.1f}pt;flex:none">{head}</div>'
                       f'<div style="flex:1">{self.body(m, width - head_w)}</div></div>')
        else:
            out.append(head)
            if ph and ph["pos"] == "mid":
                out.append(photo)
            out.append(self.body(m, width))
        if ph and ph["pos"] == "bottom":
            out.append(photo)
        return "".join(out)

    def ad(self, m: dict, width: float) -> str:
        ad = m["ad"]
        s = self.size
        per = ad["per_row"]
        longest = max(units(c) for c in ad["cells"])
        while per > 1 and longest * s + s * 1.5 > (width - 2 * s) / per:
            per -= 1
        cells = "".join(f"<div>{esc(c)}</div>" for c in ad["cells"])
        return (f'<div class="ad" style="border:{m["border"]}pt solid #000;padding:{s:.1f}pt">'
                f'<div class="slogan" style="font-size:{self.fit([ad["slogan"]], width - 2 * s, s * 2.2):.1f}pt">{esc(ad["slogan"])}</div>'
                f'<div class="firm">{esc(ad["firm"])}</div>'
                + (f'<div>{esc(ad["line"])}</div>' if ad["line"] else "")
                + f'<div class="cells" style="grid-template-columns:repeat({per},1fr)">{cells}</div>'
                f'<div>{esc(ad["address"])}</div></div>')

    def document(self, height: float) -> str:
        p, st, s = self.p, self.st, self.size
        W = p["width"]
        g = st["gutter"]
        parts = []
        gap = "&#8194;&#8194;"
        if p["header"]:
            parts.append(f'<div class="header">{gap.join(esc(x) for x in p["header"].split(" "))}</div>')
        if p["editors"] and p["editors_pos"] == "top":
            parts.append(f'<div class="editors">{gap.join(esc(x) for x in p["editors"].split(" "))}</div>')
        if p["banner"]:
            sp = "letter-spacing:0.4em;" if p["banner_spread"] else ""
            words = p["banner"].split(" ")
            t = "&#12288;".join(esc(x) for x in words)
            parts.append(f'<div class="banner dbl" style="{sp}"><span>{t}</span><span class="ghost">{t}</span></div>')
        for band in p["bands"]:
            mods = []
            for m in band:
                width = m["span"] * p["grid_w"] + (m["span"] - 1) * g
                inner = self.ad(m, width) if m["kind"] == "ad" else self.article(m, width)
                mods.append(f'<div class="mod" style="grid-column:span {m["span"]}">{inner}</div>')
            rule = "border-bottom:0.6pt solid #000;" if st["rules"] else ""
            parts.append(f'<div class="band" style="grid-template-columns:repeat({p["grid"]},1fr);column-gap:{g}pt;{rule}">'
                         + "".join(mods) + "</div>")
        if p["editors"] and p["editors_pos"] == "bottom":
            parts.append(f'<div class="editors">{gap.join(esc(x) for x in p["editors"].split(" "))}</div>')
        trim = "trim-start" if st["punct"] == "squeeze" else "space-all"
        latin = "font-family:'Times New Roman','Liberation Serif',serif;" if st["latin_font"] else ""
        ngap = "margin:0 0.12em;" if st["digit_gap"] else ""
        css = f"""
@page {{ size: {W}pt {height:.0f}pt; margin: 0 }}
html, body {{ margin: 0; padding: 0 }}
* {{ print-color-adjust: exact; -webkit-print-color-adjust: exact }}
body {{ padding: 36pt; width: {W - 72}pt; font-family: {FONTS[st['body_font']]}; font-size: {s}pt;
  line-height: {st['leading']}; line-break: strict; text-spacing-trim: {trim}; color: #000 }}
.header {{ font-size: 10pt; border-bottom: 1pt solid #000; padding-bottom: 3pt; margin-bottom: 4pt }}
.editors {{ font-size: 8.5pt; margin: 4pt 0 }}
.banner {{ font-size: 26pt; text-align: center; margin: 6pt 0 10pt; font-family: {FONTS[st['head_font']]} }}
.dbl {{ position: relative }}
.dbl .ghost {{ position: absolute; left: 0.35pt; top: 0.2pt; white-space: nowrap }}
.banner.dbl .ghost {{ left: 0; right: 0; margin-left: 0.35pt }}
.band {{ display: grid; align-items: start; padding-bottom: {g / 2}pt; margin-bottom: {g / 2}pt }}
.title {{ line-height: 1.25; margin: 2pt 0 3pt; font-family: {FONTS[st['head_font']]}; white-space: nowrap }}
.kicker, .sub {{ font-family: {FONTS[st['head_font']]}; line-height: 1.4; white-space: nowrap }}
.credit {{ margin: 2pt 0 }}
.body {{ text-align: justify; text-justify: inter-character; letter-spacing: {st['charspace']}pt; margin-top: 4pt; column-fill: balance }}
.body p {{ margin: 0 }}
.bp {{ text-indent: 2em }}
.subh {{ font-family: {FONTS[st['head_font']]} }}
.right {{ text-align: right }}
.lead {{ font-family: {FONTS[st['head_font']]} }}
.n {{ {latin}{ngap} }}
.photo {{ margin: 4pt 0 }}
.pic {{ background: #b8b8b8 }}
.ptitle {{ white-space: nowrap; margin: 2pt 0 }}
.caption {{ font-size: {s * 0.92:.1f}pt; text-align: justify; margin-top: 2pt }}
.pcredit {{ font-size: {s * 0.92:.1f}pt; text-align: right }}
.ad .slogan {{ font-family: {FONTS[st['head_font']]}; white-space: nowrap }}
.ad .firm {{ font-family: {FONTS[st['head_font']]} }}
.ad .cells {{ display: grid }}
"""
        return f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{css}</style></head><body>{"".join(parts)}</body></html>'


def _print(doc: str, out: str, tmp: str) -> None:
    src = os.path.join(tmp, "page.html")
    with open(src, "w", encoding="utf-8") as f:
        f.write(doc)
    prof = os.path.join(tmp, "profile")
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={prof}",
           "--no-pdf-header-footer", f"--print-to-pdf={out}", "file://" + src]
    subprocess.run(cmd, capture_output=True, timeout=120, check=True)


def content_bottom(path: str) -> tuple[float, int]:
    import pymupdf

    with pymupdf.open(path) as doc:
        n = doc.page_count
        page = doc[0]
        ys = [b[3] for b in page.get_text("blocks")]
        ys += [d["rect"].y1 for d in page.get_drawings()]
        return (max(ys) if ys else 100.0), n


def estimate_height(page: dict) -> float:
    """A sheet surely taller than the page's content (it is cropped after printing)."""
    st = page["style"]
    s, lead = st["body_size"], st["body_size"] * st["leading"]
    total = 200.0
    for band in page["bands"]:
        tallest = 0.0
        for m in band:
            width = m["span"] * page["grid_w"]
            if m["kind"] == "ad":
                h = 200.0 + len(m["ad"]["cells"]) * lead * 1.5
            else:
                k = max(m["text_cols"], 1)
                per_line = max((width / k - s * st["colgap"]) / s, 4)
                lines = sum(units(p) / per_line + 1 for p in m["paras"]) / k
                h = lines * lead + 160.0 + (260.0 if m.get("photo") else 0.0)
            tallest = max(tallest, h)
        total += tallest + st["gutter"]
    return total * 1.5 + 200


def crop(path: str, bottom: float) -> None:
    """Set the page's MediaBox to its content, as an incremental update (the printed
    file stays as Chromium wrote it, with the new page dictionary appended)."""
    import pymupdf

    with pymupdf.open(path) as doc:
        page = doc[0]
        h = page.rect.height
        keep = min(bottom + 36, h)
        rect = pymupdf.Rect(0, h - keep, page.rect.width, h)  # PDF space: y grows upwards
        page.set_mediabox(rect)
        doc.saveIncr()


def render(page: dict, path: str) -> None:
    tmp = tempfile.mkdtemp(prefix="pdfbed-")
    try:
        height = estimate_height(page)
        for _ in range(3):
            _print(Page(page).document(height), path, tmp)
            bottom, n = content_bottom(path)
            if n == 1:
                break
            height *= 2
        crop(path, bottom)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
