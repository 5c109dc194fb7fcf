"""Render gold records as the text a typesetter + PDF-to-text program would give.

A page is laid out from gold records (tests/gold/*.json) in a :class:`Style` drawn by
:func:`sample_style`; :func:`render_page` returns the page text and the expected
extractor output in gold form ({"source", "records", "furniture"}), which is the gold
records themselves, in the page's reading order. Everything is driven by one
``random.Random`` so a layout is a pure function of its seed (:func:`make_layout`).

What the renderer does, and why (the seeds show each of these):

* Width units: a Han character or full-width punctuation mark is one unit, an ASCII
  digit/letter half a unit. Body text is broken greedily at the column width; the
  first line of a paragraph is two units shorter (its indent is dropped by the
  PDF-to-text program, or kept as leading spaces in the ``kept`` style).
* Line-breaking rules: no line starts with closing punctuation (，。、；：？！）》”’…)
  and none ends with opening punctuation (（《“‘); digit/Latin runs and ``——``/``……``
  are never split. A closing mark that does not fit either hangs in the margin
  (``hang``: the line is up to two units over) or takes the character before it down
  to the next line (``push``: the line is one unit short).
* Justification: a line that is not the last of its paragraph and falls short of the
  column by a unit or more is spread, and so are a few full lines at random: a space
  between every character (``tight`` keeps none after ，。、 and brackets, as in
  ``作 中 存 在 的 问 题 ，分 类``; ``loose`` puts one everywhere). Digit/Latin runs
  stay whole. Elsewhere digit runs may be spaced from Han characters (``6 月 20 日``,
  or only before them, ``为 20余名``).
* Blank lines: every k lines of a body (a column ends, k from 4 to 25; the first block
  shorter) regardless of sentences, never leaving a one-line widow block; and between
  the elements of the page (title, body, credit, records).
* Headline groups follow their body (``after``, as in the seeds) or precede it
  (``before``): column banner, kicker, title (broken at its own width, 6-16 units,
  into three lines at most, balanced, preferring the phrase spaces), subtitle,
  feature byline (本报记者 X).
  News items carry their byline lead on the first body line: ``本报讯（记者 X）6 月…``.
* Banners are printed in fake bold, which PDF-to-text doubles (``学思想学思想``), each
  copy optionally spread (``清 廉 许 昌清 廉 许 昌``). Page furniture is at the top;
  a folio (paper, date and weekday, page and section) above it and the editors' line at
  the foot, and credit lines opened with a bullet (``■本报记者 X``), are drawn from a
  second generator so that the other styles of a seed stay as they were; photos credited
  to an organisation (``城南区文旅局 供图``, ``本报资料图片``: no photographer) come from a
  third one, for the same reason.
* Photos: the caption broken at its own width (possibly in two printed paragraphs,
  still one paragraph in the gold), the credit ``X 摄`` after it on the last line or
  on a line of its own. Ads: one item per line, ``label：phone`` cells 1-3 to a line,
  the slogan as title. Jump lines: ``（上接第一版）`` on its own line or opening the
  first body line; articles may be cut and continued ``（下转第二版）`` (the expected
  record is then the part printed on this page, with ``continued_to`` set).

Layouts are kept readable: what a reader of the page could not tell apart, the page
does not print (a banner at the top of the page is its furniture, never a column; in
headline-before order the ad, whose items look like headlines, is printed last; two
bodies that meet without a headline or credit between them differ in column width;
a title that has a kicker or subtitle is broken into two lines or more, as large
type is; kicker and subtitle are one line each). In particular an article is set at a
column width where its paragraph ends can be seen (:func:`ambiguous`): with the indent
dropped, a paragraph whose last line is as long as a first or a full line, where
another set of paragraph ends would give the very same lines, cannot be read back by
anyone, so the generator takes the nearest width at which that does not happen.
"""
from __future__ import annotations

import copy
import json
import math
import random
import re
from dataclasses import replace, asdict, dataclass, fields
from functools import lru_cache
from pathlib import Path

GOLD_DIR = Path(__file__).resolve().parent.parent / "gold"
GOLD_FIELDS = ("kind", "column", "kicker", "title", "subtitle", "byline", "reporters",
               "correspondents", "photographers", "continued_from", "continued_to", "paragraphs")

EPS = 1e-9
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: may not start a line (glued to the token before)
NO_START = set("，。、；：？！）》」』】〕〉”’…·,.;:!?)%")
#: may not end a line (glued to the token after)
NO_END = set("（《「『【〔〈“‘(")
#: sentence-final: a line ending in one of these looks like a paragraph end
SENT_END = set("。！？；…")
#: in ``tight`` justification no space follows these
TIGHT_AFTER = set("，。、；：？！（）《》”’")
ROLE_WORDS = ("本报记者", "见习记者", "记者", "特约通讯员", "通讯员", "实习生", "摄影")
JUMP_FROM = "（上接{}）"
JUMP_TO = "（下转{}）"
PHONE_CELL = re.compile(r"^[^：\s]{1,10}：[0-9][0-9\-]{5,}$")


# ---------------------------------------------------------------------------
# Style


@dataclass(frozen=True)
class Style:
    """How one page is typeset and flattened. Every field is a parameter of the test bed."""

    order: str = "after"            # headline group after its body ("after") or before ("before")
    body_width: int = 16            # column width in units, 10-24 (per record +-2)
    title_width: int = 10           # title line width in units, 6-16 (per record +-1)
    caption_width: int = 14         # photo caption width, 8-30
    indent: str = "dropped"         # paragraph indent: "dropped" (line 2 units short) or "kept" (leading spaces)
    indent_text: str = "  "         # what a kept indent looks like
    punct: str = "hang"             # closing punctuation at a line start: "hang" it or "push" a char down
    justify: str = "none"           # spread lines: "none" (only lines 2+ units short), "tight", "loose" (1+ short, and some full ones)
    spread_rate: float = 0.0        # share of other non-final body lines spread too (when justify)
    digits: str = "none"            # spaces between digit runs and Han: "none", "both", "before"
    block_height: int = 0           # blank line every k body lines (4-25); 0: none
    gaps: str = "all"               # blank lines between elements: "all", or "most" (some optional ones left out)
    blank_run: int = 1              # a blank is 1..blank_run empty lines
    title_spread: bool = False      # titles/kickers may be spread (别 虎 伟 ：为 乡 村)
    banner: str = "doubled"         # fake-bold banners: "doubled", "spread" (each copy spread), "seedlike"
    furniture: bool = False         # page furniture (section banner) at the top
    jump_from: str = "line"         # （上接第一版）: own "line" or "prefix" of the first body line
    jump_to: str = "line"           # （下转第二版）: own "line" or "suffix" of the last body line
    continued_to_rate: float = 0.0  # share of articles cut and continued on another page
    caption_split: bool = False     # caption printed as two paragraphs with a blank between
    credit: str = "inline"          # photo credit at the end of the caption ("inline") or own "line"
    ad_cells: int = 1               # label：phone cells per ad line, 1-3
    formfeed: bool = False          # page ends with \f (pdftotext)
    # drawn from a second generator (make_layout), so the styles above stay as they were:
    folio: str = "none"             # the page's folio / editors' line: "none", "top", "bottom", "both"
    credit_bullet: bool = False     # credit lines opened with a bullet (■本报记者 X)
    # drawn from a third generator (make_layout), for the same reason:
    org_credit: bool = False        # photos credited to an organisation (X 供图, 本报资料图片)


def sample_style(rng: random.Random) -> Style:
    """Draw a style. Every value of every parameter is reasonably frequent."""
    justify = rng.choice(["none", "tight", "loose"])
    return Style(
        order=rng.choice(["after", "before"]),
        body_width=rng.randint(10, 24),
        title_width=rng.randint(6, 16),
        caption_width=rng.randint(8, 30),
        indent=rng.choice(["dropped", "dropped", "kept"]),
        indent_text=rng.choice(["  ", "　　", " "]),
        punct=rng.choice(["hang", "push"]),
        justify=justify,
        spread_rate=rng.choice([0.0, 0.1, 0.3]) if justify != "none" else 0.0,
        digits=rng.choice(["none", "both", "before"]),
        block_height=rng.choice([lambda: 0, lambda: rng.randint(4, 8), lambda: rng.randint(9, 15),
                                  lambda: rng.randint(16, 25)])(),
        gaps=rng.choice(["all", "most"]),
        blank_run=rng.choice([1, 1, 2]),
        title_spread=rng.random() < 0.3,
        banner=rng.choice(["doubled", "spread", "seedlike"]),
        furniture=rng.random() < 0.4,
        jump_from=rng.choice(["line", "prefix"]),
        jump_to=rng.choice(["line", "suffix"]),
        continued_to_rate=rng.choice([0.0, 0.0, 0.25]),
        caption_split=rng.random() < 0.3,
        credit=rng.choice(["inline", "line"]),
        ad_cells=rng.choice([1, 2, 3]),
        formfeed=rng.random() < 0.2,
    )


def _bucket(v: int, edges: list[tuple[int, int]]) -> str:
    for lo, hi in edges:
        if lo <= v <= hi:
            return f"{lo}-{hi}"
    return str(v)


#: Parameters of the per-value table: name -> function(Layout) -> value label.
PARAMS = {
    "order": lambda L: L.style.order,
    "body_width": lambda L: _bucket(L.style.body_width, [(10, 13), (14, 17), (18, 21), (22, 24)]),
    "title_width": lambda L: _bucket(L.style.title_width, [(6, 9), (10, 13), (14, 16)]),
    "caption_width": lambda L: _bucket(L.style.caption_width, [(8, 15), (16, 23), (24, 30)]),
    "indent": lambda L: L.style.indent,
    "punct": lambda L: L.style.punct,
    "justify": lambda L: L.style.justify,
    "spread_rate": lambda L: str(L.style.spread_rate),
    "digits": lambda L: L.style.digits,
    "block_height": lambda L: "none" if not L.style.block_height else _bucket(
        L.style.block_height, [(4, 8), (9, 15), (16, 25)]),
    "gaps": lambda L: L.style.gaps,
    "blank_run": lambda L: str(L.style.blank_run),
    "title_spread": lambda L: str(L.style.title_spread),
    "banner": lambda L: L.style.banner,
    "furniture": lambda L: str(bool(L.expected["furniture"])),
    "jump_from": lambda L: L.style.jump_from,
    "jump_to": lambda L: L.style.jump_to,
    "continued_to": lambda L: str(any(r["continued_to"] for r in L.expected["records"])),
    "caption_split": lambda L: str(L.style.caption_split),
    "credit": lambda L: L.style.credit,
    "ad_cells": lambda L: str(L.style.ad_cells),
    "formfeed": lambda L: str(L.style.formfeed),
    "folio": lambda L: L.style.folio,
    "credit_bullet": lambda L: str(L.style.credit_bullet),
    "org_credit": lambda L: str(L.style.org_credit),
    "n_records": lambda L: _bucket(len(L.expected["records"]), [(2, 4), (5, 8), (9, 12)]),
    "pool": lambda L: L.pool,
}


# ---------------------------------------------------------------------------
# Widths, tokens and line breaking


def units(s: str) -> float:
    """Printed width: Han/full-width 1, ASCII (space included) 0.5."""
    return sum(0.5 if ord(c) < 128 else 1.0 for c in s)


def ink_units(s: str) -> float:
    """Width of a rendered line, its spaces not counted."""
    return units(s.replace(" ", ""))


def tokenize(text: str) -> list[str]:
    """Han/punctuation one by one; ASCII runs, ``——`` and ``……`` whole; spaces alone."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == " ":
            out.append(" ")
            i += 1
        elif ord(c) < 128:
            j = i
            while j < n and ord(text[j]) < 128 and text[j] != " ":
                j += 1
            out.append(text[i:j])
            i = j
        elif text.startswith("——", i) or text.startswith("……", i):
            out.append(text[i:i + 2])
            i += 2
        else:
            out.append(c)
            i += 1
    return out


def clusters(toks: list[str], glue_spaces: bool) -> list[tuple[str, ...]]:
    """Group tokens into unbreakable clusters.

    Closing punctuation sticks to the token before it, opening punctuation to the one
    after. With ``glue_spaces`` (bylines) a space sticks to both neighbours, so a
    line never breaks between two names; otherwise a space is a cluster of its own,
    a break opportunity (titles).
    """
    out: list[list[str]] = []
    pending: list[str] = []
    join_next = False
    for t in toks:
        if t == " ":
            if glue_spaces and out and not pending:
                out[-1].append(t)
                join_next = True
            elif not glue_spaces:
                if pending:
                    out.append(pending)
                    pending = []
                out.append([" "])
            continue
        if join_next and out:
            out[-1].extend(pending + [t])
            pending = []
            join_next = False
            if t[-1] in NO_END:
                pending = [out[-1].pop()]
            continue
        if t[0] in NO_START and out and not pending and out[-1] != [" "]:
            out[-1].append(t)
        elif t[-1] in NO_END:
            pending.append(t)
        else:
            out.append(pending + [t])
            pending = []
    if pending:
        if out and out[-1] != [" "]:
            out[-1].extend(pending)
        else:
            out.append(pending)
    return [tuple(c) for c in out]


def _core(cl: tuple[str, ...]) -> float:
    """Width of a cluster without its trailing closing punctuation (what must fit)."""
    k = len(cl)
    while k > 1 and cl[k - 1][0] in NO_START:
        k -= 1
    return sum(units(t) for t in cl[:k])


def break_lines(cls: list[tuple[str, ...]], caps: list[float], mode: str) -> list[list[tuple[str, ...]]]:
    """Greedy line breaking; ``caps[i]`` is line i's capacity (the last one repeats).

    Returns lines as lists of clusters. ``mode`` is "hang" or "push" (see module doc); in
    ``push`` a line that would be left short ending in a sentence-final mark hangs
    instead, as a typesetter would squeeze it rather than fake a paragraph end.
    """
    lines: list[list[tuple[str, ...]]] = []
    cur: list[tuple[str, ...]] = []
    w = 0.0

    def cap() -> float:
        return caps[min(len(lines), len(caps) - 1)]

    def flush() -> None:
        nonlocal cur, w
        while cur and cur[-1] == (" ",):
            cur.pop()
        if cur:
            lines.append(cur)
        cur, w = [], 0.0

    for cl in cls:
        if cl == (" ",):
            if cur and w + 0.5 <= cap() + EPS:
                cur.append(cl)
                w += 0.5
            elif cur:
                flush()
            continue
        cw = sum(units(t) for t in cl)
        if cur and w + cw > cap() + EPS:
            core = _core(cl)
            fits_core = w + core <= cap() + EPS and cw - core <= 2
            last = cur[-1][-1]
            ends_sentence = last[-1] in SENT_END or (
                last[-1] in "”’）" and len(cur[-1]) > 1 and cur[-1][-2][-1] in SENT_END)
            if fits_core and (mode == "hang" or ends_sentence):
                cur.append(cl)
                flush()
                continue
            flush()
        cur.append(cl)
        w += cw
    flush()
    return lines


def digit_space(s: str, mode: str) -> str:
    """``6月20日`` -> ``6 月 20 日`` (both) or ``6月 20日`` (before)."""
    if mode == "none":
        return s
    s = re.sub(r"(?<=[\u3400-\u9fff])(?=[0-9])", " ", s)
    if mode == "both":
        s = re.sub(r"(?<=[0-9])(?=[\u3400-\u9fff])", " ", s)
    return s


def spread(toks: list[str], tight: bool) -> str:
    """A justified line as PDF-to-text gives it: a space between every two characters."""
    flat: list[str] = []
    for t in toks:
        if t == " ":
            continue
        if len(t) > 1 and ord(t[0]) >= 128 and t not in ("——", "……"):
            flat.extend(t)  # a jump marker is printed character by character
        else:
            flat.append(t)
    out = flat[0] if flat else ""
    for prev, t in zip(flat, flat[1:]):
        out += ("" if tight and prev[-1] in TIGHT_AFTER else " ") + t
    return out


def spread_text(s: str) -> str:
    return " ".join(t for t in tokenize(s) if t != " ")


# ---------------------------------------------------------------------------
# Gold


@lru_cache(maxsize=None)
def _load_gold_cached(gold_dir: str) -> tuple[tuple[str, str], ...]:
    out = []
    for p in sorted(Path(gold_dir).glob("*.json")):
        out.append((p.stem, p.read_text(encoding="utf-8")))
    return tuple(out)


def load_gold(gold_dir: Path = GOLD_DIR) -> list[dict]:
    """The gold pages (fresh copies): [{"source", "records", "furniture"}, ...]."""
    return [json.loads(t) for _, t in _load_gold_cached(str(gold_dir))]


def _gold_record(rec: dict) -> dict:
    return {f: copy.deepcopy(rec.get(f)) if rec.get(f) is not None else
            ([] if f in ("reporters", "correspondents", "photographers", "paragraphs") else None)
            for f in GOLD_FIELDS}


# ---------------------------------------------------------------------------
# Page rendering


@dataclass
class Layout:
    seed: int | None
    style: Style
    pool: str
    text: str
    expected: dict

    def style_values(self) -> dict[str, str]:
        return {name: fn(self) for name, fn in PARAMS.items()}


class _Page:
    """Collects elements and the blank lines between them."""

    def __init__(self, style: Style, rng: random.Random):
        self.style, self.rng = style, rng
        self.lines: list[str] = []
        self.pending_gap = 0  # 0 none, 1 optional, 2 always

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.extend([""] * self.rng.randint(1, self.style.blank_run))

    def add(self, lines: list[str], gap: int) -> None:
        """Add an element's lines ("" inside = a blank) after a gap of the given kind."""
        if not lines:
            return
        if gap == 2 or (gap == 1 and (self.style.gaps == "all" or self.rng.random() < 0.5)):
            self.blank()
        for ln in lines:
            if ln == "":
                self.blank()
            else:
                self.lines.append(ln)

    def text(self) -> str:
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        return "\n".join(self.lines) + ("\n\f" if self.style.formfeed else "\n")


def _critical_space(lead: str) -> bool:
    """Does the lead hold a space between two names (lost if the line were spread)?"""
    words = lead.split(" ")
    for a, b in zip(words, words[1:]):
        a_role = any(a.endswith(r) for r in ROLE_WORDS)
        b_role = any(b.lstrip("（(").startswith(r) for r in ROLE_WORDS)
        if not a_role and not b_role:
            return True
    return False


def _para_clusters(toks: list[str]) -> list[tuple[str, ...]]:
    """Clusters of a body paragraph; jump markers (single tokens) stay whole."""
    cls: list[tuple[str, ...]] = []
    buf: list[str] = []
    for t in toks:
        if t.startswith("（上接") or t.startswith("（下转"):
            if buf:
                cls.extend(clusters(buf, glue_spaces=True))
                buf = []
            cls.append((t,))
        else:
            buf.append(t)
    if buf:
        cls.extend(clusters(buf, glue_spaces=True))
    return cls


def _flat(line: list[tuple[str, ...]]) -> list[str]:
    return [t for cl in line for t in cl]


def _key(lines: list[list[tuple[str, ...]]]) -> list[str]:
    return ["".join(_flat(ln)) for ln in lines]


def _short(line: list[tuple[str, ...]], cap: float) -> float:
    return cap - sum(units(t) for t in _flat(line))


def _ends_sentence(s: str) -> bool:
    s = s.rstrip("”’」』）)》")
    return bool(s) and s[-1] in SENT_END


def _must_spread(short: float, style: Style) -> bool:
    """Is a non-final line this short spread by every PDF-to-text program of the style?"""
    return short >= (2 if style.justify == "none" else 1) - EPS


def ambiguous(paras: list[list[str]], width: float, style: Style) -> bool:
    """Could the same lines come from other paragraphs? (Then no reader can tell.)

    Tries every single change of the paragraph ends: ending a paragraph after a line
    that is not its last but ends a sentence, or joining two paragraphs. If re-breaking gives the very
    same lines (and no spread line, which is never a paragraph's last, ends one), the
    paragraph ends are invisible. A kept indent shows every paragraph start.
    """
    if style.indent == "kept":
        return False
    caps = [width - 2, width]
    pcls = [_para_clusters(t) for t in paras]
    plines = [break_lines(c, caps, style.punct) for c in pcls]
    for p, lines in enumerate(plines):
        for j in range(len(lines) - 1):
            if _must_spread(_short(lines[j], caps[min(j, 1)]), style):
                continue
            if not _ends_sentence("".join(_flat(lines[j]))):
                continue  # a reader does not end a paragraph mid-sentence
            nxt = lines[j + 1]
            if sum(units(t) for t in _flat(nxt)) - sum(units(t) for t in _flat(nxt[-1:])) + _core(nxt[-1]) \
                    > width - 2 + EPS:
                continue  # the next line would not fit as an indented first line
            rest = [cl for ln in lines[j + 1:] for cl in ln]
            if _key(break_lines(rest, caps, style.punct)) == _key(lines[j + 1:]):
                return True
        if p + 1 < len(plines):
            last_cap = caps[min(len(lines) - 1, 1)]
            if _short(lines[-1], last_cap) >= _core(pcls[p + 1][0]) - EPS:
                continue  # the next paragraph's first word would have fitted on this line
            merged = break_lines(pcls[p] + pcls[p + 1], caps, style.punct)
            if _key(merged) == _key(lines) + _key(plines[p + 1]):
                return True
    return False


def _render_paragraphs(paras: list[list[str]], width: float, style: Style, rng: random.Random,
                       no_spread_spaces: bool = False) -> list[str]:
    """Break token paragraphs at ``width`` and render each line as PDF-to-text would."""
    out: list[str] = []
    tight = style.justify in ("tight", "none")
    caps = [width - 2, width]
    for toks in paras:
        lines = break_lines(_para_clusters(toks), caps, style.punct)
        for i, cl_line in enumerate(lines):
            ln = _flat(cl_line)
            last = i == len(lines) - 1
            short = _short(cl_line, caps[min(i, 1)])
            want = _must_spread(short, style) or (style.justify != "none" and rng.random() < style.spread_rate)
            do_spread = want and not last and not (" " in ln and no_spread_spaces)
            s = spread(ln, tight) if do_spread else digit_space("".join(ln), style.digits)
            if i == 0 and style.indent == "kept":
                s = style.indent_text + s
            out.append(s)
    return out


def choose_width(paras: list[list[str]], base: int, style: Style, avoid: tuple[int, ...] = (),
                 lo: int = 10, hi: int = 24) -> int:
    """The column width nearest ``base`` at which the paragraph ends are visible,
    and at least 3 units from each width in ``avoid``."""
    cands = sorted(range(lo, hi + 1), key=lambda w: (abs(w - base), w))
    cands = [w for w in cands if all(abs(w - a) >= 3 for a in avoid)] or cands
    for w in cands[:9]:
        if not ambiguous(paras, w, style):
            return w
    return cands[0]


def _blocks(lines: list[str], height: int, rng: random.Random) -> list[str]:
    """Insert a blank line at every column end: after the first h0 lines, then every h."""
    if height <= 0 or len(lines) < 4:
        return lines
    out: list[str] = []
    nxt = rng.randint(2, height)
    for i, ln in enumerate(lines):
        out.append(ln)
        left = len(lines) - i - 1
        if i + 1 == nxt:
            if left >= 2:
                out.append("")
            nxt += height
    return out


def _title_lines(title: str, width: float, style: Style, rng: random.Random, spread_it: bool) -> list[str]:
    toks = tokenize(title)
    cls = clusters(toks, glue_spaces=False)
    for i in range(len(cls) - 1, 0, -1):  # a dash never opens a title line: it would read as a subtitle
        if cls[i][0] == "——" and cls[i - 1] != (" ",):
            cls[i - 1:i + 1] = [cls[i - 1] + cls[i]]
    phrases = title.split(" ")
    if len(phrases) > 1 and all(units(p) <= width for p in phrases) and rng.random() < 0.7:
        # break at the phrase spaces only: pack whole phrases
        lines, cur = [], ""
        for p in phrases:
            if cur and units(cur + " " + p) > width + EPS:
                lines.append(cur)
                cur = p
            else:
                cur = (cur + " " + p) if cur else p
        lines.append(cur)
        tok_lines = [tokenize(ln) for ln in lines]
    else:
        cl_lines = break_lines(cls, [width], "hang")
        n = len(cl_lines)
        if n > 1:  # balance: the narrowest width that still gives n lines
            c = math.ceil(units(title.replace(" ", "")) / n)
            while c < width:
                trial = break_lines(cls, [c], "hang")
                if len(trial) == n:
                    cl_lines = trial
                    break
                c += 0.5
        tok_lines = [_flat(ln) for ln in cl_lines]
    out = []
    for ln in tok_lines:
        out.append(spread(ln, False) if spread_it else digit_space("".join(ln), style.digits))
    return out


def _banner(text: str, mode: str, rng: random.Random, lines_ok: bool = True) -> list[str]:
    """A fake-bold banner: every phrase doubled (``学思想学思想``), copies maybe spread."""
    parts = text.split(" ")

    def dbl(p: str, spread_it: bool) -> str:
        c = spread_text(p) if spread_it else p
        return c + c

    if mode == "seedlike":  # as the seeds print them
        if lines_ok:  # a column: first part doubled and spread, the rest plain lines
            return [dbl(parts[0], True)] + parts[1:]
        return [" ".join(dbl(p, False) for p in parts)]  # furniture: 学思想学思想 强党性强党性
    sp = mode == "spread"
    if lines_ok and len(parts) > 1 and rng.random() < 0.4:
        return [dbl(p, sp) for p in parts]
    return [" ".join(dbl(p, sp) for p in parts)]


def _is_plain_start(rec: dict) -> bool:
    """Does the record's body open without a lead, jump line or caption mark?"""
    return rec["kind"] == "article" and not rec["continued_from"] and not (
        rec["byline"] or "").startswith("本报讯")


def _has_group(rec: dict) -> bool:
    return bool(rec["title"] or rec["kicker"] or rec["subtitle"] or rec["column"] or (
        rec["kind"] == "article" and rec["byline"] and not rec["byline"].startswith("本报讯")))


def _arrange(recs: list[dict], style: Style, rng: random.Random, furniture: bool) -> tuple[list[dict], bool]:
    recs = list(recs)
    if style.order == "before":
        ads = [r for r in recs if r["kind"] == "ad"]
        recs = [r for r in recs if r["kind"] != "ad"] + ads
        if recs and recs[0]["column"]:
            # a banner at the top of the page is the page's furniture: no column opens it
            for i in range(1, len(recs)):
                if not recs[i]["column"] and recs[i]["kind"] != "ad":
                    recs[0], recs[i] = recs[i], recs[0]
                    break
            else:
                furniture = False
    else:
        # a body with no headline group followed by a body that opens plainly: swap if we can
        for i in range(len(recs) - 1):
            a, b = recs[i], recs[i + 1]
            if a["kind"] == "article" and not _has_group(a) and _is_plain_start(b):
                for j in range(i + 2, len(recs)):
                    if not _is_plain_start(recs[j]):
                        recs[i + 1], recs[j] = recs[j], recs[i + 1]
                        break
    return recs, furniture


def _truncate(paras: list[str], rng: random.Random) -> list[str]:
    """The part of an article printed before its ``（下转…）`` jump: cut mid-text."""
    total = sum(len(p) for p in paras)
    cut = int(total * rng.uniform(0.35, 0.85))
    for i, p in enumerate(paras):
        if cut <= len(p):
            k = max(cut, 1)
            while k < len(p) and (p[k - 1] in NO_END or p[k] in NO_START
                                  or (ord(p[k - 1]) < 128 and ord(p[k]) < 128)
                                  or p[k - 1:k + 1] in ("——", "……")):
                k += 1
            return paras[:i] + [p[:k]]
        cut -= len(p)
    return paras


def render_page(records: list[dict], style: Style, rng: random.Random, *,
                furniture: list[str] | None = None, source: str = "layout.txt") -> tuple[str, dict]:
    """Lay out gold records in ``style``: (page text, expected page in gold form).

    The order of ``records`` is kept except where the page would become unreadable
    (see module doc); the expected records follow the printed order. ``furniture``
    (gold furniture strings) is printed at the top when ``style.furniture``.
    """
    recs = [_gold_record(r) for r in records]
    want_furn = bool(style.furniture and furniture)
    recs, want_furn = _arrange(recs, style, rng, want_furn)

    # continued on another page: keep the printed part
    for r in recs:
        if (r["kind"] == "article" and r["byline"] and not r["continued_from"]
                and rng.random() < style.continued_to_rate):
            r["paragraphs"] = _truncate(r["paragraphs"], rng)
            r["continued_to"] = rng.choice(["第二版", "第三版", "第四版", "第八版"])

    # widths: bodies jitter around the page's column, at a width where their paragraph
    # ends are visible; captions and bodies that meet bare stand apart from their neighbours
    bodies = [_body(r, style) for r in recs]
    widths: list[int] = []
    for i, r in enumerate(recs):
        base = max(10, min(24, style.body_width + rng.choice([-2, -1, 0, 0, 0, 1, 2])))
        avoid: tuple[int, ...] = ()
        if (style.order == "after" and i > 0 and _is_plain_start(r) and recs[i - 1]["kind"] == "article"
                and not _has_group(recs[i - 1])):
            avoid = (widths[i - 1],)  # two bodies meet with nothing between: their columns differ
        if r["kind"] == "article":
            widths.append(choose_width(bodies[i][0], base, style, avoid))
        else:
            widths.append(base)
    for i, r in enumerate(recs):
        if r["kind"] == "photo":
            neigh = [widths[j] for j in (i - 1, i + 1) if 0 <= j < len(recs) and recs[j]["kind"] == "article"]
            w = max(8, min(30, style.caption_width + rng.choice([-1, 0, 1])))
            for _ in range(40):
                if all(abs(w - n) >= 3 for n in neigh):
                    break
                w = rng.randint(8, 30)
            widths[i] = w

    page = _Page(style, rng)
    if want_furn:
        fu = rng.choice(furniture)
        page.add(_banner(fu, style.banner, rng, lines_ok=False), 2)
        furn_out = [fu]
    else:
        furn_out = []
    for i, (r, w) in enumerate(zip(recs, widths)):
        if r["kind"] == "photo":
            _render_photo(page, r, w, style, rng)
        elif r["kind"] == "ad":
            _render_ad(page, r, style, rng)
        else:
            _render_article(page, r, w, style, rng, bodies[i])
    expected = {"source": source, "records": recs, "furniture": furn_out}
    return page.text(), expected


def _group(r: dict, width: int, style: Style, rng: random.Random) -> list[tuple[list[str], int]]:
    """The headline group's elements in printed order (top to bottom), with gap kinds."""
    els: list[tuple[list[str], int]] = []
    spread_title = style.title_spread and rng.random() < 0.5
    if r["kicker"]:
        k = r["kicker"]
        els.append(([spread_text(k) if spread_title and len(k) < 20 else digit_space(k, style.digits)], 2))
    if r["title"]:
        tw = max(6, min(16, style.title_width + rng.choice([-1, 0, 0, 1])))
        if abs(tw - width) < 2:  # a title is set at its own width, not the column's
            tw = min((x for x in range(6, 17) if abs(x - width) >= 2), key=lambda x: (abs(x - tw), x))
        tw = max(tw, math.ceil(units(r["title"].replace(" ", "")) / 3))  # a headline runs to 3 lines at most
        if r["kicker"] or r["subtitle"]:  # large type: two lines or more
            tw = max(6, min(tw, math.floor(units(r["title"]) - 1)))
        els.append((_title_lines(r["title"], tw, style, rng, spread_title), 2))
    if r["subtitle"]:
        s = r["subtitle"]
        els.append(([digit_space(s, style.digits)], 1 if s.startswith("——") else 2))
    if r["kind"] == "article" and r["byline"] and not r["byline"].startswith("本报讯"):
        els.append(([r["byline"]], 1))
    return els


def _body(r: dict, style: Style) -> tuple[list[list[str]], list[str], list[str], bool]:
    """An article's body as token paragraphs (lead and jump prefix/suffix included),
    the jump lines printed on their own before/after it, and whether spreading a
    line would lose the spaces between two names of the lead."""
    if r["kind"] != "article":
        return [], [], [], False
    paras = [tokenize(p) for p in r["paragraphs"]]
    lead = r["byline"] if (r["byline"] or "").startswith("本报讯") else None
    if lead:
        paras[0] = tokenize(lead) + paras[0]
    head: list[str] = []
    if r["continued_from"]:
        mark = JUMP_FROM.format(r["continued_from"])
        if style.jump_from == "prefix":
            paras[0] = [mark] + paras[0]
        else:
            head = [mark]
    tail: list[str] = []
    if r["continued_to"]:
        mark = JUMP_TO.format(r["continued_to"])
        if style.jump_to == "suffix":
            paras[-1] = paras[-1] + [mark]
        else:
            tail = [mark]
    return paras, head, tail, bool(lead and _critical_space(lead))


def _render_article(page: _Page, r: dict, width: int, style: Style, rng: random.Random, body_parts) -> None:
    paras, head, tail, no_spread_spaces = body_parts
    body = head + _render_paragraphs(paras, width, style, rng, no_spread_spaces) + tail
    bh = style.block_height
    if bh:
        bh = max(4, bh + rng.choice([-2, -1, 0, 1, 2]))
    body = _blocks(body, bh, rng)

    group = _group(r, width, style, rng)
    column = []
    if r["column"]:
        column = _banner(r["column"], style.banner, rng)
    if style.order == "after":
        page.add(body, 2)
        for lines, gap in group:
            page.add(lines, gap)
        page.add(column, 2)
    else:
        page.add(column, 2)
        first = True
        for lines, gap in group:
            page.add(lines, 2 if first else gap)
            first = False
        page.add(body, 1 if (group or column) else 2)


def _render_photo(page: _Page, r: dict, width: int, style: Style, rng: random.Random) -> None:
    cap = r["paragraphs"][0]
    parts = [cap]
    if style.caption_split:
        cuts = [m.end() for m in re.finditer("。", cap) if 0 < m.end() < len(cap)]
        good = [c for c in cuts if units(cap[:c]) > 2 * width and units(cap[c:]) > 2 * width]
        if good:
            c = rng.choice(good)
            parts = [cap[:c], cap[c:]]
    lines: list[str] = []
    for k, p in enumerate(parts):
        if k:
            lines.append("")
        lines += _render_paragraphs([tokenize(p)], width, style, rng)
    credit = r["byline"]
    if style.credit == "inline":
        lines[-1] = lines[-1] + " " + credit
        page.add(lines, 2)
    else:
        page.add(lines, 2)
        page.add([credit], 1)


def _render_ad(page: _Page, r: dict, style: Style, rng: random.Random) -> None:
    items = r["paragraphs"]
    lines: list[str] = []
    i = 0
    while i < len(items):
        if PHONE_CELL.match(items[i]):
            j = i
            while j < len(items) and j - i < style.ad_cells and PHONE_CELL.match(items[j]):
                j += 1
            lines.append(" ".join(items[i:j]))
            i = j
        else:
            lines.append(digit_space(items[i], style.digits))
            i += 1
        if i < len(items) and rng.random() < 0.3:
            lines.append("")
    title = [digit_space(r["title"], style.digits)] if r["title"] else []
    if style.order == "after":
        page.add(lines, 2)
        page.add(title, 2)
    else:
        page.add(title, 2)
        page.add(lines, 2)


# ---------------------------------------------------------------------------
# Whole layouts


def make_layout(seed: int, gold: list[dict] | None = None) -> Layout:
    """The layout of a seed: style, records (2-12, from one gold page or all), text."""
    rng = random.Random(seed)
    gold = gold if gold is not None else load_gold()
    style = sample_style(rng)
    pool = rng.choice(["single", "mixed"]) if len(gold) > 1 else "single"
    if pool == "single":
        page = rng.choice(gold)
        cands = list(page["records"])
        furn = list(page.get("furniture") or []) or [f for g in gold for f in g.get("furniture") or []]
    else:
        cands = [r for g in gold for r in g["records"]]
        furn = [f for g in gold for f in g.get("furniture") or []]
    n = rng.randint(2, min(12, len(cands)))
    recs = rng.sample(cands, n)
    while style.order == "before" and all(r["column"] or r["kind"] == "ad" for r in recs):
        recs = rng.sample(cands, n)  # some record must open the page below the furniture
    extra = random.Random(f"extra-{seed}")
    style = replace(style, folio=extra.choice(["none", "none", "top", "bottom", "both"]),
                    credit_bullet=extra.random() < 0.3)
    conv = random.Random(f"conventions-{seed}")
    style = replace(style, org_credit=conv.random() < 0.3)
    if style.org_credit:
        recs = [_org_credit(r, conv) if r["kind"] == "photo" else r for r in recs]
    text, expected = render_page(recs, style, rng, furniture=furn, source=f"layout-{seed}.txt")
    text, expected = add_page_furniture(text, expected, style, extra)
    return Layout(seed=seed, style=style, pool=pool, text=text, expected=expected)


#: Photo credits that name an organisation, an archive or an agency: the byline as
#: printed, no photographer. Names are made up.
ORG_CREDITS = ["城南区文旅局 供图", "（河畔市气象局供图）", "本报资料图片", "新华社发",
               "北原县融媒体中心 供图", "（受访者供图）"]


def make_blankless_layout(seed: int, gold: list[dict] | None = None) -> Layout:
    """The layout of a seed as an extractor that prints no blank line between text
    blocks would give it (PyMuPDF's plain text, pdfplumber): every blank line removed.
    The expected records do not change; the page's breaks must be found from its lines."""
    layout = make_layout(seed, gold)
    text = "\n".join(ln for ln in layout.text.split("\n") if ln.strip()) + "\n"
    return replace(layout, text=text)


def _org_credit(rec: dict, rng: random.Random) -> dict:
    """The photo record credited to an organisation instead of its photographer."""
    return {**rec, "byline": rng.choice(ORG_CREDITS), "photographers": []}


#: Folio and editors' lines: the paper's name, a date with its weekday, the page
#: number and section; the editors' credits at the foot. Names are made up.
PAPERS = ["城南日报", "河畔晚报", "北原日报"]
_SECTIONS = ["要闻", "综合", "社会", "经济"]
_EDITORS = ["周明", "陈雨", "林晓", "宋涛"]
_WEEKDAYS = "一二三四五六日"


def add_page_furniture(text: str, expected: dict, style: Style, rng: random.Random) -> tuple[str, dict]:
    """Print the folio at the top and/or the editors' line at the foot (style.folio), and
    open credit lines with a bullet (style.credit_bullet: the byline keeps it, as
    printed); the folio and editors' lines are furniture (gaps as one space)."""
    lines = text.split("\n")
    tail = []
    while lines and lines[-1] in ("", "\f"):
        tail.insert(0, lines.pop())
    if style.credit_bullet:
        bylines = {r["byline"] for r in expected["records"] if r.get("byline") and r["kind"] == "article"}
        bulleted = {ln for ln in lines if ln in bylines and not ln.startswith("本报讯")}
        lines = [("■" + ln) if ln in bulleted else ln for ln in lines]
        # the byline is the credit as printed, its bullet too
        expected = {**expected, "records": [{**r, "byline": "■" + r["byline"]} if r.get("byline") in bulleted else r
                                            for r in expected["records"]]}
    furn = list(expected["furniture"])
    if style.folio in ("top", "both"):
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        head = [f"{rng.choice(PAPERS)}  2023年{month}月{day}日  星期{rng.choice(_WEEKDAYS)}",
                f"第{rng.randint(1, 12)}版  {rng.choice(_SECTIONS)}"]
        lines = head + [""] + lines
        furn = [" ".join(h.split()) for h in head] + furn
    if style.folio in ("bottom", "both"):
        a, b = rng.sample(_EDITORS, 2)
        foot = f"责任编辑：{a}  校对：{b}"
        lines = lines + ["", foot]
        furn = furn + [" ".join(foot.split())]
    return "\n".join(lines + tail), {**expected, "furniture": furn}


def style_dict(style: Style) -> dict:
    return asdict(style)


def style_from_dict(d: dict) -> Style:
    names = {f.name for f in fields(Style)}
    return Style(**{k: v for k, v in d.items() if k in names})
