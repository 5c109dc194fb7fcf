"""Gold for one extracted text: the page's records in the order their bodies appear in
that text, checked against it.

Checks (a page that fails one is laid out again from the next seed):
* every body, as printed (lead, paragraphs, end credit, jump lines), is one run of the
  text once whitespace is removed; for the layout modes (pdftotext -layout,
  pdfplumber layout=True), which print side-by-side columns on shared lines, it is a
  run of the text's column segments (pieces of lines between gaps of 2+ spaces) in order;
* every printed headline line, kicker, subtitle, credit and column name is found;
* an ad's items are found (their order is the order they appear in the text).
"""
from __future__ import annotations

import re

from .content import squeeze
from .plan import head_parts, printed_body

LAYOUT_MODES = ("pdftotext-layout", "pdfplumber")
GAP = re.compile(r" {2,}|\u3000{1,}")
#: characters a PDF program may give for one printed mark
LOOKALIKE = str.maketrans({"―": "—", "─": "—", "⋯": "…", "﹐": "，", "﹒": ".", "\u00a0": " "})


class GoldError(Exception):
    pass


def norm(s: str) -> str:
    return squeeze(s.translate(LOOKALIKE))


def found(part: str, flat: str) -> bool:
    """A headline or furniture line is in the text once or drawn twice (fake bold),
    whole or character by character (``学学思思想想``)."""
    p = norm(part)
    return p in flat or "".join(c + c for c in p) in flat


def longest_prefix(flat: str, body: str) -> int:
    lo, hi = 0, len(body)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if body[:mid] in flat:
            lo = mid
        else:
            hi = mid - 1
    return lo


def segments(text: str) -> list[str]:
    out = []
    for line in text.split("\n"):
        for seg in GAP.split(line):
            s = norm(seg)
            if s:
                out.append(s)
    return out


def find_in_segments(segs: list[str], body: str, used: set[int]) -> int | None:
    """Cover ``body`` with whole segments not used yet, each the longest (then the
    earliest) one that continues it (columns are read down, then the next column, wherever it starts);
    the index of the first segment, or None when some segment mixes two pieces."""
    rest, first, taken = body, None, []
    while rest:
        best = None
        for i, s in enumerate(segs):
            if i not in used and i not in taken and rest.startswith(s) and (len(s) >= min(3, len(rest)) or taken):
                if best is None or len(s) > len(segs[best]):
                    best = i
        if best is not None:
            taken.append(best)
            rest = rest[len(segs[best]):]
        else:
            find_in_segments.stuck = rest[:16]
            return None
    used.update(taken)
    return taken[0]


def gold_for_text(page: dict, text: str, extractor: str, source: str) -> dict:
    flat = norm(text)
    layout = extractor in LAYOUT_MODES
    segs = segments(text) if layout else None
    used: set[int] = set()
    placed = []
    for band in page["bands"]:
        for m in band:
            for rec in m["records"]:
                body = norm(printed_body(m, rec))
                if rec["kind"] == "ad":
                    pos = []
                    for item in rec["paragraphs"]:
                        k = flat.find(norm(item))
                        if k < 0:
                            raise GoldError(f"{extractor}: ad item not found: {item}")
                        pos.append(k)
                    order = sorted(range(len(pos)), key=lambda i: pos[i])
                    rec = {**rec, "paragraphs": [rec["paragraphs"][i] for i in order]}
                    where = min(pos)
                elif layout:
                    where = find_in_segments(segs, body, used)
                    if where is None:
                        raise GoldError(f"{extractor}: body not in column order: {rec['title'] or body[:12]} "
                                        f"(stuck at {find_in_segments.stuck})")
                else:
                    where = flat.find(body)
                    if where < 0:
                        k = longest_prefix(flat, body)
                        raise GoldError(f"{extractor}: body not one run: {rec['title'] or body[:12]} "
                                        f"(breaks after {k}/{len(body)}: {body[max(k - 8, 0):k]}|{body[k:k + 8]})")
                for part in head_parts(m, rec):
                    if not found(part, flat):
                        raise GoldError(f"{extractor}: headline part not found: {part}")
                placed.append((where, rec))
    placed.sort(key=lambda x: x[0])
    return {"source": source, "furniture": list(page["furniture"]),
            "records": [r for _, r in placed]}


def check_furniture(page: dict, text: str, extractor: str) -> None:
    flat = norm(text)
    for f in page["furniture"]:
        if not found(f, flat):
            raise GoldError(f"{extractor}: furniture not found: {f}")
