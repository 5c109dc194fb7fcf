"""Make the small PDFs of tests/pdf_fixtures (run again after changing them):

    .venv/bin/python tests/pdf_fixtures/make_fixtures.py

Needs reportlab and pypdfium2 (test-data generation only) and a CJK font
(fonts-wqy-zenhei). Writes:

- page.pdf: two newspaper pages typeset from ``PAGES`` below, with the page's
  difficulties: a doubled (fake-bold) headline, kicker and subtitle in smaller type,
  body in columns with indented paragraphs, a rotated side line, tiny and invisible
  text; page.expected.json holds what each page must give;
- encrypted.pdf, scan.pdf (an image, no text), damaged.pdf, empty.pdf (no pages),
  mixed.pdf (page 1 text, page 2 a drawing with no text).
"""
from __future__ import annotations

import io
import json
from pathlib import Path

from reportlab.lib.colors import black
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent
FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
W, H = 595, 842
BODY, LEADING = 9.0, 13.0

PAGES = [
    [  # page 1: one article over two columns, one in the third column, a caption
        {"box": (40, 60, 340), "cols": 2,
         "kicker": "我市召开春季农业生产工作会议", "title": "春耕备播 正当其时",
         "subtitle": "——全市各地抢抓农时推进春播", "fake_bold": True,
         "lead": "本报讯（记者 林晓 通讯员 周明）",
         "paragraphs": [
             "3月12日，市农业农村局召开全市春季农业生产工作会议，部署当前春耕备播各项工作，要求各地抓住有利天气，组织农户及早整地备种。",
             "会议指出，今年春季气温回升较快，土壤墒情总体适宜，各地要加强农资市场监管，确保种子、化肥、农药等农资供应充足、质量可靠。",
             "会议要求，各级农技人员要深入田间地头，开展技术指导服务，帮助农户解决生产中遇到的实际问题，为全年粮食丰收打下坚实基础。",
         ]},
        {"box": (400, 60, 155), "cols": 1,
         "title": "社区食堂开张", "credit": "本报记者 王芳",
         "paragraphs": [
             "新建的社区食堂近日正式开张，每天为辖区老年人提供午餐和晚餐，价格实惠，菜品丰富，受到居民欢迎。",
             "食堂负责人介绍，下一步将增加送餐上门服务，方便行动不便的老人就餐。",
         ]},
    ],
    [  # page 2: one article
        {"box": (40, 60, 515), "cols": 3,
         "title": "老旧小区改造提速", "subtitle": "——今年计划完成改造项目四十个",
         "lead": "本报讯（记者 赵敏）",
         "paragraphs": [
             "记者从市住房和城乡建设局获悉，今年我市老旧小区改造工作进展顺利，已有多个项目开工建设，改造内容包括管网更新、外墙保温、加装电梯等。",
             "据了解，改造过程中充分征求居民意见，做到改什么、怎么改由居民说了算，切实把好事办好、实事办实。",
         ]},
    ],
]


def _font() -> None:
    pdfmetrics.registerFont(TTFont("Zen", FONT))


def _wrap(text: str, width: float, size: float, indent: float) -> list[str]:
    lines, cur, room = [], "", width - indent
    for ch in text:
        if pdfmetrics.stringWidth(cur + ch, "Zen", size) > room:
            lines.append(cur)
            cur, room = "", width
        cur += ch
    if cur:
        lines.append(cur)
    return lines


def _center(c, text: str, size: float, x: float, w: float, y: float, fake_bold: bool = False) -> None:
    c.setFont("Zen", size)
    tw = pdfmetrics.stringWidth(text, "Zen", size)
    c.drawString(x + (w - tw) / 2, y, text)
    if fake_bold:  # the same text again a fraction of a point to the right
        c.drawString(x + (w - tw) / 2 + 0.4, y, text)


def typeset_article(c, art: dict) -> None:
    x, top, w = art["box"]
    y = H - top
    if art.get("kicker"):
        y -= 12
        _center(c, art["kicker"], 11, x, w, y)
        y -= 6
    y -= 22
    _center(c, art["title"], 22, x, w, y, art.get("fake_bold", False))
    if art.get("subtitle"):
        y -= 18
        _center(c, art["subtitle"], 11, x, w, y)
    if art.get("credit"):
        y -= 18
        _center(c, art["credit"], BODY, x, w, y)
    y -= 22
    cols, gutter = art["cols"], 12.0
    colw = (w - gutter * (cols - 1)) / cols
    lines: list[tuple[str, bool]] = []
    for k, para in enumerate(art["paragraphs"]):
        text = (art.get("lead") or "") + para if k == 0 else para
        indent = 0.0 if (k == 0 and art.get("lead")) else 2 * BODY
        for j, ln in enumerate(_wrap(text, colw, BODY, indent)):
            lines.append((ln, j == 0 and indent > 0))
    per_col = -(-len(lines) // cols)
    c.setFont("Zen", BODY)
    for i, (ln, indented) in enumerate(lines):
        col, row = divmod(i, per_col)
        c.drawString(x + col * (colw + gutter) + (2 * BODY if indented else 0), y - row * LEADING, ln)


def page_pdf() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(W, H), invariant=1)
    for n, page in enumerate(PAGES, start=1):
        for art in page:
            typeset_article(c, art)
        c.setFont("Zen", BODY)
        c.drawString(40, 30, f"第{n}版")
        c.setFont("Zen", 2)  # tiny printer's mark: not read
        c.drawString(300, 20, "印刷标记")
        if n == 1:
            c.saveState()  # a rotated side line: read as its own line
            c.translate(580, 300)
            c.rotate(90)
            c.setFont("Zen", 7)
            c.drawString(0, 0, "本版责任编辑 李华")
            c.restoreState()
            t = c.beginText()  # invisible text (render mode 3): not read beside visible text
            t.setTextRenderMode(3)
            t.setFont("Zen", BODY)
            t.setTextOrigin(400, 500)
            t.textLine("隐藏文字")
            c.drawText(t)
        c.showPage()
    c.save()
    return buf.getvalue()


def expected() -> list[dict]:
    out = []
    for page in PAGES:
        recs = []
        for art in page:
            recs.append({"kicker": art.get("kicker"), "title": art["title"], "subtitle": art.get("subtitle"),
                         "paragraphs": art["paragraphs"]})
        out.append({"records": recs})
    return out


def small_pdf(draw, **kw) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(200, 200), invariant=1, **kw)
    for d in draw:
        d(c)
        c.showPage()
    c.save()
    return buf.getvalue()


def _text(c) -> None:
    c.setFont("Zen", 12)
    c.drawString(20, 150, "春耕备播 正当其时")
    c.setFont("Zen", BODY)
    c.drawString(20, 120, "本报讯（记者 林晓）全市春耕备播工作全面展开。")


def _drawing(c) -> None:
    c.setStrokeColor(black)
    c.rect(20, 20, 100, 100)


def _image(c) -> None:
    from PIL import Image  # comes with reportlab
    from reportlab.lib.utils import ImageReader

    # a small grey image, as a scanner would give (no text layer)
    c.drawImage(ImageReader(Image.new("L", (4, 4), 128)), 10, 10, 180, 180)


def main() -> None:
    _font()
    (HERE / "page.pdf").write_bytes(page_pdf())
    (HERE / "page.expected.json").write_text(json.dumps(expected(), ensure_ascii=False, indent=1) + "\n",
                                             encoding="utf-8")
    (HERE / "encrypted.pdf").write_bytes(small_pdf([_text], encrypt="secret"))
    (HERE / "scan.pdf").write_bytes(small_pdf([_image]))
    good = small_pdf([_text])
    (HERE / "damaged.pdf").write_bytes(good[:9] + b"\x00garbage" * 8)
    import pypdfium2

    empty = pypdfium2.PdfDocument.new()
    buf = io.BytesIO()
    empty.save(buf)
    (HERE / "empty.pdf").write_bytes(buf.getvalue())
    (HERE / "mixed.pdf").write_bytes(small_pdf([_text, _drawing]))


if __name__ == "__main__":
    main()
