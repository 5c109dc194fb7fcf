"""Reading PDF pages with pypdfium2 (PDFium): every character with its box, type size
and weight, then :mod:`xcparse.pdflayout` for lines, blocks and reading order.

pypdfium2 is an optional dependency (``pip install 'xcparse[pdf]'``); it is imported
only when a PDF is read. Every failure is a :class:`PdfError` with a one-line reason
that names the page when one page is at fault.
"""
from __future__ import annotations

import ctypes
import math
import re
from dataclasses import dataclass
from pathlib import Path

from .pdflayout import TINY_SIZE, Char, LineEvidence, make_lines, page_text

EXTRA_HINT = "reading PDF needs pypdfium2: pip install 'xcparse[pdf]'"

#: A character turned by more than this (radians) from upright is rotated text.
ANGLE_TOLERANCE = 0.09
#: PDF text render mode 3: the glyphs are not drawn (an OCR layer over a scan, hidden text).
INVISIBLE_MODE = 3
#: Font weights from this up are bold.
BOLD_WEIGHT = 600

_SPACES = {" ", "\u3000", "\u00a0", "\t", "\r", "\n", "\x02", "\ufffe", "\xad"}


class PdfError(Exception):
    """A PDF (or one of its pages) that cannot be read; ``str(e)`` is one line."""


@dataclass
class PdfPageText:
    """One PDF page read as text lines plus the evidence of each line."""

    number: int                         # 1-based page number
    lines: list[str]
    evidence: list[LineEvidence | None]
    chars: int = 0                      # characters read (after fake-bold copies)

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _pdfium():
    try:
        import pypdfium2
        import pypdfium2.raw
    except ImportError:
        raise PdfError(EXTRA_HINT) from None
    return pypdfium2


def open_document(source: str | Path | bytes):
    """The PDF as a pypdfium2 document, or a PdfError saying why it cannot be read."""
    pdfium = _pdfium()
    raw = pdfium.raw
    try:
        doc = pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == raw.FPDF_ERR_PASSWORD:
            raise PdfError("PDF is encrypted (password protected); decrypt it first") from None
        if code == raw.FPDF_ERR_SECURITY:
            raise PdfError("PDF uses an unsupported security handler") from None
        if _empty_page_tree(source):  # PDFium refuses a document whose page tree is empty
            raise PdfError("PDF has no pages") from None
        raise PdfError("damaged or not a PDF (PDFium cannot open it)") from None
    except (OSError, ValueError) as exc:
        raise PdfError(f"cannot read: {exc}") from None
    if len(doc) == 0:
        doc.close()
        raise PdfError("PDF has no pages")
    return doc


_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_ZERO_COUNT = re.compile(rb"/Count\s+0(?![0-9])")


def _empty_page_tree(source) -> bool:
    """The PDF's page tree counts no pages and it has no page object (PDFium's error
    code for such a file is not reliable: it may be left from an earlier failure)."""
    try:
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
    except OSError:
        return False
    return bool(_ZERO_COUNT.search(data)) and not _PAGE_OBJECT.search(data)


def read_page(doc, index: int) -> PdfPageText:
    """Page ``index`` (0-based) as text; PdfError names what is wrong with the page."""
    pdfium = _pdfium()
    raw = pdfium.raw
    number = index + 1
    try:
        page = doc[index]
    except pdfium.PdfiumError:
        raise PdfError(f"page {number}: damaged (PDFium cannot load it)") from None
    try:
        doubled = _doubled_objects(raw, page)
        height = page.get_height()
        textpage = page.get_textpage()
        try:
            visible, invisible, rotated, total = _chars(raw, textpage.raw, height)
        finally:
            textpage.close()
        if not visible:
            if invisible:  # an OCR layer over a scan: the only text there is
                visible = invisible
            elif not total and _has_images(raw, page):
                raise PdfError(f"page {number}: image only (a scan?), no text layer; OCR it first")
            else:
                raise PdfError(f"page {number}: has no text")
    except pdfium.PdfiumError:
        raise PdfError(f"page {number}: damaged (PDFium cannot read its text)") from None
    finally:
        page.close()
    lines, evidence = page_text(_mark_doubled(visible, doubled, height), _rotated_lines(rotated))
    return PdfPageText(number, lines, evidence, len(visible))


#: Two text objects are one text printed twice (fake bold) when their boxes are offset
#: by less than this (points) and agree in size within DOUBLE_SIZE.
DOUBLE_SHIFT, DOUBLE_SIZE = 1.0, 0.5


def _doubled_objects(raw, page) -> list[tuple[float, float, float, float]]:
    """Boxes (left, bottom, right, top, in PDF points) of text objects drawn twice a
    fraction of a point apart: fake bold. PDFium's text page keeps one copy of such
    characters, so the doubling is seen only among the page's objects."""
    n = raw.FPDFPage_CountObjects(page.raw)
    vals = [ctypes.c_float() for _ in range(4)]
    refs = [ctypes.byref(v) for v in vals]
    get_object, get_bounds = raw.FPDFPage_GetObject, raw.FPDFPageObj_GetBounds
    handle = page.raw
    boxes = []
    # every object, not only text (asking each its type costs a call; a path drawn
    # twice marks no character unless text lies inside it, and a box drawn around a
    # text twice is as rare as a rule drawn twice over text)
    for i in range(n):
        if get_bounds(get_object(handle, i), *refs):
            boxes.append((vals[0].value, vals[1].value, vals[2].value, vals[3].value))
    boxes.sort()
    out = []
    for a, b in zip(boxes, boxes[1:]):
        if (a != b and b[0] - a[0] < DOUBLE_SHIFT and abs(b[1] - a[1]) < DOUBLE_SHIFT
                and abs((b[2] - b[0]) - (a[2] - a[0])) < DOUBLE_SIZE
                and abs((b[3] - b[1]) - (a[3] - a[1])) < DOUBLE_SIZE):
            out.append(a)
    return out


def _mark_doubled(chars: list[Char], boxes, height: float) -> list[Char]:
    """Characters inside a doubled object's box marked ``doubled``."""
    if not boxes:
        return chars
    flipped = [(left, height - top, right, height - bottom) for left, bottom, right, top in boxes]
    out = []
    for c in chars:
        x, y = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2
        inside = any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in flipped)
        out.append(c._replace(doubled=True) if inside else c)
    return out


def _has_images(raw, page) -> bool:
    n = raw.FPDFPage_CountObjects(page.raw)
    return any(raw.FPDFPageObj_GetType(raw.FPDFPage_GetObject(page.raw, i)) == raw.FPDF_PAGEOBJ_IMAGE
               for i in range(n))


def _page_text(raw, tp, n: int) -> str:
    """The unicode of every character of the text page, in one call (one UTF-16 unit
    a character); per character when the lengths disagree."""
    buf = ctypes.create_string_buffer((n + 1) * 2)
    got = raw.FPDFText_GetText(tp, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    text = buf.raw[:max(got - 1, 0) * 2].decode("utf-16-le", "replace")
    if len(text) != n:
        text = "".join(chr(raw.FPDFText_GetUnicode(tp, i)) for i in range(n))
    return text


def _chars(raw, tp, height: float):
    """(visible upright characters, invisible ones, rotated ones as (char, angle),
    number of characters drawn) of a text page.

    Each call into PDFium costs microseconds, so a character costs one call (its box)
    and the text comes in one: type size, weight, angle and render mode are asked once
    a *run* (characters set one after another on one line in one size), whenever a
    character does not follow on from the one before."""
    n = raw.FPDFText_CountChars(tp)
    text = _page_text(raw, tp, n)
    box = (ctypes.c_float * 4)()  # an FS_RECTF: left, top, right, bottom
    view = memoryview(box).cast("B").cast("f")
    visible: list[Char] = []
    invisible: list[Char] = []
    rotated: list[tuple[Char, float]] = []
    modes: dict[int, int] = {}
    total = 0
    loose_box, font_size, weight_of = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetFontSize, raw.FPDFText_GetFontWeight
    angle_of, text_object = raw.FPDFText_GetCharAngle, raw.FPDFText_GetTextObject
    render_mode = raw.FPDFTextObj_GetTextRenderMode
    byref = ctypes.cast(box, ctypes.POINTER(raw.FS_RECTF))
    prev_h = prev_b = prev_r = -1e9
    size, bold, mode, angle, turned = 1.0, False, 0, 0.0, False
    for i, ch in enumerate(text):
        if ch in _SPACES or not ch.isprintable():  # PDFium's own spaces and line ends too
            continue
        total += 1
        if not loose_box(tp, i, byref):
            continue
        left, top, right, bottom = view.tolist()
        h = top - bottom  # the top of a loose box may follow the glyph; the bottom does not
        if (abs(bottom - prev_b) > 0.04 * size or abs(h - prev_h) > 0.2 * size
                or not -0.3 * size <= left - prev_r <= 0.8 * size):  # a new run: ask what it is
            size = font_size(tp, i)
            obj = text_object(tp, i)
            key = ctypes.cast(obj, ctypes.c_void_p).value or 0
            mode = modes.get(key)
            if mode is None:
                mode = modes[key] = render_mode(obj) if key else 0
            bold = weight_of(tp, i) >= BOLD_WEIGHT
            angle = angle_of(tp, i)
            turned = min(abs(angle), abs(angle - 2 * math.pi)) > ANGLE_TOLERANCE
        prev_h, prev_b, prev_r = h, bottom, right
        if size < TINY_SIZE:
            continue
        c = Char(ch, left, right, height - top, height - bottom, size, bold)
        if mode == INVISIBLE_MODE:
            if not turned:
                invisible.append(c)
        elif turned:
            rotated.append((c, angle))
        else:
            visible.append(c)
    return visible, invisible, rotated, total


def _rotated_lines(rotated: list[tuple[Char, float]]) -> list[list[Char]]:
    """Rotated characters turned upright (by a quarter turn either way or a half
    turn), then cut into lines like upright text."""
    if not rotated:
        return []
    upright: list[Char] = []
    for c, angle in rotated:
        turns = round(angle / (math.pi / 2)) % 4
        if turns == 3:    # turned a quarter anticlockwise: reads bottom to top
            x0, x1, top, bottom = -c.bottom, -c.top, c.x0, c.x1
        elif turns == 1:  # turned a quarter clockwise: reads top to bottom
            x0, x1, top, bottom = c.top, c.bottom, -c.x1, -c.x0
        else:             # upside down (or a slant: read as if upright)
            x0, x1, top, bottom = -c.x1, -c.x0, -c.bottom, -c.top
        upright.append(c._replace(x0=x0, x1=x1, top=top, bottom=bottom))
    return [ln.chars for ln in make_lines(upright)]


def read_pdf(source: str | Path | bytes, pages: list[int] | None = None):
    """Yield ``(page number, PdfPageText or PdfError)`` for each page (1-based numbers;
    ``pages`` picks some). A document that cannot be opened raises PdfError."""
    doc = open_document(source)
    try:
        numbers = pages if pages is not None else range(1, len(doc) + 1)
        for number in numbers:
            if not 1 <= number <= len(doc):
                yield number, PdfError(f"page {number}: no such page (the PDF has {len(doc)})")
                continue
            try:
                yield number, read_page(doc, number - 1)
            except PdfError as exc:
                yield number, exc
    finally:
        doc.close()
