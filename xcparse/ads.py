"""Records, step 5: ads and notices — an ad's printed items as paragraphs, a notice's
title and signature.
"""
from __future__ import annotations

from dataclasses import replace

from . import patterns as P
from .model import Record
from .normalize import clean_body
from .segments import Segment, _ends_sentence, _is_notice_title


def _build_ad(seg: Segment, rec: Record) -> None:
    """An ad is not prose: each printed item (a line, or a cell of a table such as
    ``城北区：0371-5551234``) is a paragraph; its slogan is its title. Lines of one or
    two characters in one block are vertical text and are joined (``服务`` / ``电话``)."""
    items = seg.head_items
    title_item = None
    if items and items[-1].kind == "head" and len(items) > 1:
        title_item = items[-1]
    elif items and items[0].kind == "head" and len(items) > 1:
        title_item = items[0]
    paras: list[str] = []
    rec.title = title_item.heading if title_item else None
    if title_item is not None and len(title_item.lines) > 1:
        # the slogan is the headline's first line; the lines under it (the firm, an
        # offer) are printed items
        rec.title = title_item.lines[0].heading
        paras.extend(ln.heading for ln in title_item.lines[1:] if ln.text)
    tiny_block = None
    for it in items:
        if it is title_item:
            continue
        for ln in it.lines:
            cells = ln.src.split()
            if len(cells) >= 2 and all(P.AD_CELL.fullmatch(c) for c in cells):
                paras.extend(clean_body(c) for c in cells)
                tiny_block = None
            elif len(ln.text) <= 2:
                if tiny_block == it.block and paras:
                    paras[-1] += ln.text
                else:
                    paras.append(ln.text)
                tiny_block = it.block
            else:
                paras.append(ln.heading)  # an item keeps its phrase gap: 上门测量 免费设计
                tiny_block = None
    rec.paragraphs = paras


def _notice_parts(seg: Segment, rec: Record) -> tuple[Segment, list[str]]:
    """A notice's title printed as its first body line (set on ``rec``) and the lines
    of its signature (who issued it, the date: short lines after its last sentence),
    each a paragraph; returns the segment without them, for the paragraph rules (a
    short title line would skew the column's width)."""
    body = [it for it in seg.items if it.kind == "body"]
    if not body:
        return seg, []
    lines = {id(it): list(it.lines) for it in body}
    first, last = body[0], body[-1]
    if rec.title is None and _is_notice_title(first.lines[0]):
        rec.title = first.lines[0].heading
        lines[id(first)] = lines[id(first)][1:]
    tail = lines[id(last)]
    ends = [k for k, ln in enumerate(tail) if _ends_sentence(ln.text)]
    cut = ends[-1] + 1 if ends else len(tail)
    signature = tail[cut:]
    if any(P.SENTENCE_PUNCT.search(ln.text) or len(ln.text) > NOTICE_SIGNATURE_MAX for ln in signature):
        signature = []
    else:
        lines[id(last)] = tail[:cut]
    items = [replace(it, lines=lines[id(it)]) if id(it) in lines else it for it in seg.items]
    return replace(seg, items=[it for it in items if it.lines]), [ln.text for ln in signature]


#: A notice's signature line (who issued it, the date) is at most this many characters.
NOTICE_SIGNATURE_MAX = 24
