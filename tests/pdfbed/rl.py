"""Typesetter 1: reportlab. Breaks lines itself (kinsoku: a closing mark hangs in the
margin or pushes a character down), justifies by character spacing, subsets the
Debian TrueType CJK fonts (WenQuanYi Zen Hei, AR PL UMing/UKai) or uses the
unembedded CID font STSong-Light, bolds headlines by stroking the glyphs, doubles
banners and column names by drawing them twice, and draws each module's body before
or after its headline (the content-stream order that -raw and PyMuPDF follow).
"""
from __future__ import annotations

import math
import random
import re
from functools import lru_cache

from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from .content import NO_END, NO_START, is_subheading

FONT_FILES = {"wqy": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
              "uming": ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
              "ukai": ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0)}
LATIN = "Times-Roman"
NARROW = re.compile(r"[0-9A-Za-z.%+\-/:#@&]+")
#: marks STSong-Light prints but poppler and MuPDF give no text for
STSONG_LOST = set("·")
TOKEN = re.compile(r"[0-9A-Za-z.%+\-/:#@&]+|——|……|.", re.S)


@lru_cache(None)
def font_name(key: str) -> str:
    if key == "stsong":
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        return "STSong-Light"
    path, idx = FONT_FILES[key]
    name = f"F_{key}"
    pdfmetrics.registerFont(TTFont(name, path, subfontIndex=idx))
    return name


def has_glyphs(key: str, text: str) -> bool:
    if key == "stsong":
        return True
    face = pdfmetrics.getFont(font_name(key)).face
    return all(ord(ch) in face.charToGlyph for ch in set(text) if not ch.isspace())


@lru_cache(200000)
def cw(ch: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(ch, font, size)


class Setter:
    def __init__(self, page: dict):
        self.page = page
        st = page["style"]
        self.st = st
        self.rng = random.Random(f"rl-{page['name']}-{page['seed']}")
        self.body = font_name(st["body_font"])
        self.head = font_name(st["head_font"])
        self.size = st["body_size"]
        self.lead = self.size * st["leading"]
        self.ops: list[tuple] = []

    # -- measuring and breaking
    def token_w(self, tok: str, font: str, size: float) -> float:
        if NARROW.fullmatch(tok) and self.st["latin_font"]:
            w = pdfmetrics.stringWidth(tok, LATIN, size)
        else:
            w = sum(cw(c, font, size) for c in tok)
        if NARROW.fullmatch(tok) and self.st["digit_gap"]:
            w += size * 0.25
        return w

    def wrap(self, text: str, width: float, font: str, size: float, indent: float) -> list[tuple[str, float, bool]]:
        """[(line, indent, last)] greedy with kinsoku."""
        toks = TOKEN.findall(text)
        lines, cur, cw_, avail = [], [], 0.0, width - indent
        ind = indent
        i = 0
        while i < len(toks):
            t = toks[i]
            w = self.token_w(t, font, size)
            if cur and cw_ + w > avail + 0.01:
                if t[0] in NO_START:
                    if self.st["punct"] == "squeeze" or len(cur) < 3:
                        while i < len(toks) and toks[i][0] in NO_START:  # squeezed into the line
                            cur.append(toks[i])
                            i += 1
                        lines.append(("".join(cur), ind, False))
                        cur, cw_, avail, ind = [], 0.0, width, 0.0
                        continue
                    back = [cur.pop()]
                    while len(cur) > 2 and (back[0][0] in NO_START or cur[-1][-1] in NO_END):
                        back.insert(0, cur.pop())
                    lines.append(("".join(cur), ind, False))
                    cur, avail, ind = back, width, 0.0
                    cw_ = sum(self.token_w(b, font, size) for b in back)
                    continue
                if cur[-1][-1] in NO_END and len(cur) > 1:
                    back = cur.pop()
                    lines.append(("".join(cur), ind, False))
                    cur, avail, ind = [back], width, 0.0
                    cw_ = self.token_w(back, font, size)
                    continue
                lines.append(("".join(cur), ind, False))
                cur, cw_, avail, ind = [], 0.0, width, 0.0
            cur.append(t)
            cw_ += w
            i += 1
        if cur:
            lines.append(("".join(cur), ind, True))
        return lines

    # -- drawing ops (y measured from the top of the page to the baseline)
    def text_line(self, x: float, y: float, s: str, width: float | None, font: str, size: float,
                  justify: bool, cs: float = 0.0, bold: bool = False, double: bool = False) -> None:
        if font == "STSong-Light" and any(c in STSONG_LOST for c in s):
            font = font_name("wqy")
        toks = TOKEN.findall(s)
        natural = sum(self.token_w(t, font, size) for t in toks)
        nchar = max(len(s) - 1, 1)
        if width is not None and natural > width + 0.01:
            justify = True  # a closing mark kept on a full line: the line is squeezed
        if justify and width is not None:
            cs = (width - natural) / nchar
            cs = max(min(cs, size * 0.6), -size * 0.5)
        self.ops.append(("line", x, y, toks, font, size, cs, bold, double))

    def rect(self, x, y, w, h, fill=None, stroke=0.6):
        self.ops.append(("rect", x, y, w, h, fill, stroke))

    def rule(self, x1, y1, x2, y2, w=0.5):
        self.ops.append(("rule", x1, y1, x2, y2, w))

    # -- blocks: each returns its height, drawing at (x, y_top)
    def body_lines(self, m: dict, width: float) -> list[tuple]:
        size, font = self.size, self.body
        items = []
        if m.get("jump_from") and not m.get("jump_from_inline"):
            items.append(("plain", m["jump_from"], 0.0, True))
        paras = list(m["paras"])
        first = (m.get("lead") or "") + (m["jump_from"] if m.get("jump_from_inline") else "")
        if m.get("jump_from_inline"):
            first = m["jump_from"] + (m.get("lead") or "")
        for i, p in enumerate(paras):
            text = (first if i == 0 else "") + p
            if i == len(paras) - 1 and m.get("end_credit") and m.get("end_credit_inline"):
                text += m["end_credit"]
            if is_subheading(p) and not (i == 0 and first):
                for ln, ind, last in self.wrap(text, width, self.head, size, 0.0):
                    items.append(("sub", ln, ind, True))
                continue
            for ln, ind, last in self.wrap(text, width, font, size, 2 * size):
                items.append(("body", ln, ind, last))
        if m.get("end_credit") and not m.get("end_credit_inline"):
            items.append(("right", m["end_credit"], 0.0, True))
        if m.get("jump_to"):
            items.append(("right", m["jump_to"], 0.0, True))
        return items

    def draw_body(self, items, x, y, width, k) -> float:
        gap = self.size * self.st["colgap"]
        colw = (width - (k - 1) * gap) / k
        per = math.ceil(len(items) / k)
        for ci in range(k):
            chunk = items[ci * per:(ci + 1) * per]
            cx = x + ci * (colw + gap)
            for li, (kind, ln, ind, last) in enumerate(chunk):
                yy = y + (li + 1) * self.lead - (self.lead - self.size) / 2
                if kind == "right":
                    w = sum(self.token_w(t, self.body, self.size) for t in TOKEN.findall(ln))
                    self.text_line(cx + colw - w, yy, ln, None, self.body, self.size, False)
                elif kind == "sub":
                    self.text_line(cx, yy, ln, None, self.head, self.size, False, bold=True)
                else:
                    just = self.st["justify"] and not last
                    self.text_line(cx + ind, yy, ln, colw - ind, self.body, self.size, just,
                                   cs=self.st["charspace"])
        return per * self.lead

    def body_height(self, m, width, k):
        gap = self.size * self.st["colgap"]
        colw = (width - (k - 1) * gap) / k
        items = self.body_lines(m, colw)
        while k > 1 and len(items) < 7 * k:  # no column of a few lines
            k -= 1
            m["text_cols"] = k
            colw = (width - (k - 1) * gap) / k
            items = self.body_lines(m, colw)
        return items, colw, math.ceil(len(items) / k) * self.lead

    def fit_size(self, lines: list[str], width: float, base: float) -> float:
        longest = max((sum(cw(c, self.head, 10) for c in ln) / 10 for ln in lines), default=1)
        return min(base, width * 0.96 / max(longest, 1))

    def refit(self, lines: list[str], width: float, least: float) -> list[str]:
        """The title lines, broken again if one does not fit at the least headline size."""
        if self.fit_size(lines, width, 99) >= least:
            return lines
        flat = "".join(lines)
        per = max(int(width * 0.96 // least), 2)
        out, i = [], 0
        while i < len(flat):
            j = min(i + per, len(flat))
            while j < len(flat) and flat[j] in NO_START:
                j -= 1
            if j <= i:
                j = min(i + per, len(flat))
            out.append(flat[i:j])
            i = j
        return out

    def headline(self, m: dict, x: float, y: float, width: float, span: int) -> float:
        """Column box, kicker, title lines, subtitle, credit: returns the height used."""
        y0 = y
        s = self.size
        if m.get("column"):
            cs_ = s * 1.15
            w = sum(cw(c, self.head, cs_) for c in m["column"]) + s
            y += cs_ * 1.6
            if m["col_box"] == "box":
                self.rect(x, y - cs_ * 1.25, w, cs_ * 1.55, None, 0.8)
            elif m["col_box"] == "bar":
                self.rect(x, y - cs_ * 1.25, w, cs_ * 1.55, Color(0.85, 0.85, 0.85), 0)
            else:
                self.rule(x, y + cs_ * 0.35, x + width, y + cs_ * 0.35, 1.2)
            self.text_line(x + s / 2, y, m["column"], None, self.head, cs_, False, bold=True,
                           double=m["column_double"])
            y += s * 0.8
        if m.get("kicker"):
            ks = self.fit_size([m["kicker"]], width, s * 1.3)
            y += ks * 1.4
            self.text_line(x, y, m["kicker"], None, self.head, ks, False)
        if m.get("title_lines"):
            m["title_lines"] = self.refit(m["title_lines"], width, s * 1.4)
            base = {1: 17, 2: 22, 3: 26, 4: 30}.get(span, 30) * self.rng.choice([0.9, 1.0, 1.1])
            ts = self.fit_size(m["title_lines"], width, base)
            for ln in m["title_lines"]:
                y += ts * 1.3
                self.text_line(x, y, ln, None, self.head, ts, False, bold=True)
            y += ts * 0.2
        if m.get("subtitle"):
            ss = self.fit_size([m["subtitle"]], width, s * 1.3)
            y += ss * 1.5
            self.text_line(x, y, m["subtitle"], None, self.head, ss, False)
        if m.get("credit"):
            y += s * 1.8
            self.text_line(x, y, m["credit"], None, self.body, s, False)
        return y - y0 + (s * 0.8 if y > y0 else 0)

    def photo(self, ph: dict, x: float, y: float, width: float) -> float:
        y0 = y
        s = self.size
        w = width * ph["width_share"]
        h = min(w * 0.62, 220)
        ts = s * 1.25
        if ph.get("title") and ph["title_pos"] == "over" and not ph.get("beside"):
            y += ts * 1.4
            self.text_line(x, y, ph["title"], None, self.head, self.fit_size([ph["title"]], w, ts), False, bold=True)
            y += s * 0.4
        self.rect(x, y, w, h, Color(0.72, 0.72, 0.72), 0)
        if ph.get("beside"):
            return self.beside_caption(ph, x + w + s * 1.5, y, width - w - s * 1.5, h) + (y - y0) + s
        y += h
        if ph.get("title") and ph["title_pos"] == "under":
            y += ts * 1.4
            self.text_line(x, y, ph["title"], None, self.head, self.fit_size([ph["title"]], w, ts), False, bold=True)
        cs_ = s * 0.92
        cap = ph["caption"] + (" " + ph["credit"] if ph["credit_inline"] else "")
        lines = self.wrap(cap, w, self.body, cs_, 0.0)
        for ln, ind, last in lines:
            y += cs_ * 1.45
            self.text_line(x, y, ln, w, self.body, cs_, self.st["justify"] and not last)
        if not ph["credit_inline"]:
            y += cs_ * 1.45
            cw_ = sum(self.token_w(t, self.body, cs_) for t in TOKEN.findall(ph["credit"]))
            self.text_line(x + w - cw_, y, ph["credit"], None, self.body, cs_, False)
        return y - y0 + s

    def beside_caption(self, ph: dict, x: float, y: float, w: float, h: float) -> float:
        """Title (if any), caption and credit to the right of the picture, from its top."""
        s = self.size * 0.92
        y0 = y
        if ph.get("title"):
            ts = self.fit_size([ph["title"]], w, self.size * 1.25)
            y += ts * 1.3
            self.text_line(x, y, ph["title"], None, self.head, ts, False, bold=True)
        cap = ph["caption"] + (" " + ph["credit"] if ph["credit_inline"] else "")
        for ln, ind, last in self.wrap(cap, w, self.body, s, 0.0):
            y += s * 1.45
            self.text_line(x, y, ln, w, self.body, s, self.st["justify"] and not last)
        if not ph["credit_inline"]:
            y += s * 1.45
            self.text_line(x, y, ph["credit"], None, self.body, s, False)
        return max(h, y - y0)

    def article(self, m: dict, x: float, y: float, width: float, dry: bool) -> float:
        saved = self.ops
        self.ops = []
        y0 = y
        ph = m.get("photo")
        k = m["text_cols"]
        head_ops, body_ops = [], []
        if ph and ph["pos"] == "top":
            y += self.photo(ph, x, y, width)
        if m["head_pos"] == "side" and len(m.get("title_lines") or []) > 0 and max(
                len(t) for t in m["title_lines"]) * self.size * 1.6 > width * 0.3:
            m["head_pos"] = "top"
        if m["head_pos"] == "side":
            hw = width * 0.3
            hh = self.headline(m, x, y, hw - self.size, m["span"])
            head_ops, self.ops = self.ops, []
            items, colw, bh = self.body_height(m, width - hw, k)
            self.draw_body(items, x + hw, y, width - hw, m["text_cols"])
            y += max(hh, bh)
        else:
            y += self.headline(m, x, y, width, m["span"])
            head_ops, self.ops = self.ops, []
            if ph and ph["pos"] == "mid":
                y += self.photo(ph, x, y, width)
                head_ops += self.ops
                self.ops = []
            items, colw, bh = self.body_height(m, width, k)
            self.draw_body(items, x, y, width, m["text_cols"])
            y += bh
        body_ops, self.ops = self.ops, []
        if ph and ph["pos"] == "bottom":
            y += self.size * 0.6
            y += self.photo(ph, x, y, width)
        tail_ops = self.ops
        ordered = (head_ops + body_ops) if self.st["head_first"] else (body_ops + head_ops)
        self.ops = saved + ([] if dry else ordered + tail_ops)
        return y - y0

    def ad(self, m: dict, x: float, y: float, width: float, dry: bool) -> float:
        saved = self.ops
        self.ops = []
        ad = m["ad"]
        s = self.size
        pad = s
        y0 = y
        y += pad
        ts = self.fit_size([ad["slogan"]], width - 2 * pad, s * 2.2)
        y += ts * 1.2
        self.text_line(x + pad, y, ad["slogan"], None, self.head, ts, False, bold=True)
        y += s * 1.9
        self.text_line(x + pad, y, ad["firm"], None, self.head, s * 1.1, False, bold=True)
        if ad["line"]:
            y += s * 1.7
            self.text_line(x + pad, y, ad["line"], None, self.body, s, False)
        per = ad["per_row"]
        cellw = (width - 2 * pad) / per
        longest = max(sum(self.token_w(t, self.body, s) for t in TOKEN.findall(c)) for c in ad["cells"])
        while per > 1 and longest > cellw - s * 1.5:
            per -= 1
            cellw = (width - 2 * pad) / per
        cs_ = min(s, s * (cellw - s) / max(longest, 1))
        for i in range(0, len(ad["cells"]), per):
            y += s * 1.7
            for j, c in enumerate(ad["cells"][i:i + per]):
                self.text_line(x + pad + j * cellw, y, c, None, self.body, cs_, False)
        y += s * 1.7
        self.text_line(x + pad, y, ad["address"], None, self.body, min(s, self.fit_size([ad["address"]], width - 2 * pad, s)), False)
        y += pad
        self.rect(x, y0, width, y - y0, None, m["border"])
        out = self.ops
        self.ops = saved + ([] if dry else out)
        return y - y0

    def module(self, m, x, y, width, dry):
        return self.ad(m, x, y, width, dry) if m["kind"] == "ad" else self.article(m, x, y, width, dry)

    # -- the page
    def layout(self) -> float:
        p, st = self.page, self.st
        margin = 36.0
        x0, W = margin, p["width"] - 2 * margin
        y = margin
        s = self.size
        if p["header"]:
            y += 11
            self.text_line(x0, y, "\u3000".join(p["header"].split(" ")), None, self.body, 10, False)
            y += 5
            self.rule(x0, y, x0 + W, y, 1.0)
        if p["editors"] and p["editors_pos"] == "top":
            y += 13
            self.text_line(x0, y, "\u3000".join(p["editors"].split(" ")), None, self.body, 8.5, False)
        if p["banner"]:
            bs = 26.0
            y += bs * 1.5
            txt = p["banner"]
            w = sum(cw(c, self.head, bs) for c in txt)
            spread = bs * 0.4 if p["banner_spread"] else 0.0
            w += spread * (len(txt) - 1)
            self.text_line(x0 + (W - w) / 2, y, "  ".join(txt.split(" ")), None, self.head, bs, False,
                           cs=spread, bold=True, double=True)
            y += bs * 0.5
        y += 10
        g = st["gutter"]
        for bi, band in enumerate(p["bands"]):
            x = x0
            heights = []
            for m in band:
                width = m["span"] * p["grid_w"] + (m["span"] - 1) * g
                heights.append(self.module(m, x, y, width, dry=True))
                x += width + g
            x = x0
            for mi, m in enumerate(band):
                width = m["span"] * p["grid_w"] + (m["span"] - 1) * g
                self.module(m, x, y, width, dry=False)
                if st["rules"] and mi:
                    self.rule(x - g / 2, y, x - g / 2, y + max(heights), 0.4)
                x += width + g
            y += max(heights) + g
            if st["rules"] and bi < len(p["bands"]) - 1:
                self.rule(x0, y - g / 2, x0 + W, y - g / 2, 0.6)
        if p["editors"] and p["editors_pos"] == "bottom":
            y += 12
            self.text_line(x0, y, "\u3000".join(p["editors"].split(" ")), None, self.body, 8.5, False)
        return y + margin

    def render(self, path: str) -> None:
        H = self.layout()
        c = canvas.Canvas(path, pagesize=(self.page["width"], H), pageCompression=1, invariant=1)
        c.setTitle(self.page["name"])
        c.setCreator("pdfbed reportlab")
        for op in self.ops:
            if op[0] == "rect":
                _, x, y, w, h, fill, stroke = op
                if fill is not None:
                    c.setFillColor(fill)
                c.setLineWidth(stroke or 0.1)
                c.rect(x, H - y - h, w, h, stroke=1 if stroke else 0, fill=1 if fill is not None else 0)
                c.setFillColorRGB(0, 0, 0)
            elif op[0] == "rule":
                _, x1, y1, x2, y2, w = op
                c.setLineWidth(w)
                c.line(x1, H - y1, x2, H - y2)
            else:
                _, x, y, toks, font, size, cs, bold, double = op
                for dx, dy in ([(0, 0), (0.35, 0.2)] if double else [(0, 0)]):
                    self._draw_tokens(c, x + dx, H - y - dy, toks, font, size, cs, bold)
        c.showPage()
        c.save()

    def _draw_tokens(self, c, x, y, toks, font, size, cs, bold):
        t = c.beginText(x, y)
        if bold:
            t.setTextRenderMode(2)
            c.setLineWidth(size * 0.035)
        t.setCharSpace(cs)
        groups: list[list[str]] = []
        for tok in toks:
            narrow = bool(NARROW.fullmatch(tok))
            if groups and not narrow and not NARROW.fullmatch(groups[-1][-1]):
                groups[-1].append(tok)
            else:
                groups.append([tok])
        cx = x
        for grp in groups:
            tok = "".join(grp)
            narrow = bool(NARROW.fullmatch(grp[0]))
            f = LATIN if narrow and self.st["latin_font"] else font
            gap = size * 0.125 if narrow and self.st["digit_gap"] else 0.0
            cx += gap
            t.setTextOrigin(cx, y)
            t.setFont(f, size)
            t.textOut(tok)
            cx += pdfmetrics.stringWidth(tok, f, size) + cs * len(tok) + gap
        c.drawText(t)


def render(page: dict, path: str) -> None:
    Setter(page).render(path)
