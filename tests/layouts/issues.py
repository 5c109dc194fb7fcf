"""Made-up issues of a paper: 4-8 pages, 0-3 stories each printed across pages.

:func:`make_issue` takes gold articles of the seeds, cuts some of them in two or three
parts (in the middle of a sentence or at a paragraph's end), prints the first part on
one page ending ``（下转…）`` and the others on later pages opening ``（上接…）``, and
fills the pages with other gold records. Every way of naming a page is drawn: jump
labels (第一版, 第1版, 01版, A1版, 第A1版), file names (03.txt, A03.txt, 第03版.txt,
xcrb20230621_03.txt) and folios (none, 第3版, A03). Some issues put two stories on the
same page jumping to the same page (the pairing must be chosen by content), some lose
a page (a continuation or a head is missing). A pure function of its seed.

Each page comes as its text (rendered by :mod:`layouts.generator`) and its expected
records in gold form; :attr:`Issue.truth` says what stitching the issue must give: for
every record, the ids of its parts and its whole record in gold form.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass, field, replace
from pathlib import Path

from .generator import GOLD_FIELDS, load_gold, render_page, sample_style

CN = "〇一二三四五六七八九"
#: How a jump line names page n.
LABELS = {
    "cn": lambda n: f"第{CN[n]}版",
    "arabic": lambda n: f"第{n}版",
    "padded": lambda n: f"{n:02d}版",
    "section": lambda n: f"A{n}版",
    "section_di": lambda n: f"第A{n}版",
}
#: How page n's file is named.
FILE_NAMES = {
    "plain": lambda n: f"{n:02d}.txt",
    "section": lambda n: f"A{n:02d}.txt",
    "di": lambda n: f"第{n:02d}版.txt",
    "dated": lambda n: f"xcrb20230621_{n:02d}.txt",
}
#: The folio printed at the top of page n (None: none, the file name tells).
FOLIOS = {
    "none": lambda n: None,
    "di": lambda n: f"第{n}版  要闻",
    "section": lambda n: f"A{n:02d}  综合  2023年6月21日  星期三",
}
SENTENCE_END = set("。！？…”’）")


@dataclass
class Issue:
    seed: int
    names: list[str]                       # file names, page order
    texts: list[str]                       # page texts
    expected: list[dict]                   # expected page (gold form) per page
    truth: list[dict] = field(default_factory=list)   # {"parts": [ids], "record": gold form}
    styles: dict = field(default_factory=dict)


def _articles(gold: list[dict]) -> list[dict]:
    return [r for g in gold for r in g["records"]
            if r["kind"] == "article" and r["byline"] and not r["continued_from"]
            and sum(len(p) for p in r["paragraphs"]) >= 120]


def _cuts(paras: list[str], k: int, rng: random.Random) -> list[tuple[tuple[int, int], str]]:
    """k cut points, in order: (paragraph, char) and how ("sentence": mid-sentence, the
    char before a Han character; "paragraph": after a paragraph ending a sentence)."""
    spots: list[tuple[tuple[int, int], str]] = []
    for i, p in enumerate(paras):
        for c in range(8, len(p) - 8):
            # (a short piece without punctuation would read as a subheading)
            if ("\u4e00" <= p[c - 1] <= "\u9fff" and "\u4e00" <= p[c] <= "\u9fff"
                    and (c > 24 or any(m in p[:c] for m in "，。、；！？"))):
                spots.append(((i, c), "sentence"))
        if i + 1 < len(paras) and p[-1:] in SENTENCE_END:
            spots.append(((i + 1, 0), "paragraph"))
    total = len(spots)
    chosen = sorted(rng.sample(range(total // 8, total - total // 8), k))
    if any(b - a < total // 6 for a, b in zip(chosen, chosen[1:])):
        chosen = [total * (j + 1) // (k + 1) for j in range(k)]
    kinds = [rng.choice(["sentence", "sentence", "paragraph"]) for _ in range(k)]
    out = []
    for idx, kind in zip(chosen, kinds):
        near = [s for s in spots[max(0, idx - 40):idx + 40] if s[1] == kind] or [spots[idx]]
        out.append(near[len(near) // 2])
    return sorted(set(out))


def _slice(paras: list[str], start: tuple[int, int], end: tuple[int, int]) -> list[str]:
    (pa, ca), (pb, cb) = start, end
    out = []
    for i in range(pa, min(pb, len(paras) - 1) + 1):
        text = paras[i]
        lo = ca if i == pa else 0
        hi = cb if i == pb else len(text)
        if hi > lo:
            out.append(text[lo:hi])
    return out


def make_issue(seed: int, gold: list[dict] | None = None, *, render: bool = True) -> Issue:
    """The issue of a seed. ``render=False`` leaves the page texts empty (the expected
    records in the order they were placed): the same issue, built many times faster."""
    rng = random.Random(f"issue-{seed}")
    gold = gold if gold is not None else load_gold()
    articles = _articles(gold)
    fillers = [r for g in gold for r in g["records"] if not r["continued_from"]]
    n_pages = rng.randint(4, 8)
    n_jumps = rng.choice([0, 1, 2, 2, 3, 3])
    label = LABELS[rng.choice(list(LABELS))]
    name = FILE_NAMES[rng.choice(list(FILE_NAMES))]
    folio_style = rng.choice(list(FOLIOS))
    folio = FOLIOS[folio_style]
    ambiguous = n_jumps >= 2 and rng.random() < 0.5
    missing = rng.choice(["none", "none", "continuation", "head"]) if n_jumps else "none"

    stories = rng.sample(articles, min(n_jumps, len(articles)))
    placed: dict[int, list[dict]] = {n: [] for n in range(1, n_pages + 1)}
    chains = []   # per story: [(page, part record, span)]
    for j, story in enumerate(stories):
        k = 2 if n_pages < 4 or rng.random() < 0.7 else 3
        if ambiguous and j == 1:
            pages = [p for p, _, _ in chains[0][:2]]
            k = 2
        else:
            pages = sorted(rng.sample(range(1, n_pages + 1), k))
        cuts = _cuts(story["paragraphs"], k - 1, rng)
        k = len(cuts) + 1
        pages = pages[:k]
        bounds = [(0, 0)] + [c for c, _ in cuts] + [(len(story["paragraphs"]), 0)]
        chain = []
        repeat_title = rng.random() < 0.3
        for i in range(k):
            span = (bounds[i], bounds[i + 1])
            part = {f: story[f] for f in GOLD_FIELDS}
            if i:
                part.update(column=None, kicker=None, subtitle=None, byline=None, reporters=[],
                            correspondents=[], photographers=[],
                            title=story["title"] if repeat_title else None)
                part["continued_from"] = label(pages[i - 1])
            part["continued_to"] = label(pages[i + 1]) if i + 1 < k else None
            part["paragraphs"] = _slice(story["paragraphs"], *span)
            chain.append((pages[i], part, span))
        chains.append(chain)
        for page, part, _ in chain:
            placed[page].append(part)

    used = {id(s) for s in stories}
    pool = [r for r in fillers if id(r) not in used and r not in stories]
    rng.shuffle(pool)
    for n in placed:
        for _ in range(rng.randint(0 if placed[n] else 1, 2)):
            if pool:
                placed[n].append(pool.pop())

    gone: set[int] = set()
    if missing != "none" and chains:
        chain = chains[-1]
        gone.add(chain[-1][0] if missing == "continuation" else chain[0][0])

    issue = Issue(seed, [], [], [], styles={"label": label(3), "name": name(3), "folio": folio_style,
                                            "ambiguous": ambiguous, "missing": missing})
    where: dict[int, tuple[str, int]] = {}   # id(part) -> (page stem, index)
    for n, records in placed.items():
        if n in gone or not records:
            continue
        order = rng.sample(records, len(records))
        if render:  # its own generator: the issue is the same either way
            page_rng = random.Random(f"issue-{seed}-page-{n}")
            style = replace(sample_style(page_rng), continued_to_rate=0.0, furniture=False)
            text, expected = render_page(order, style, page_rng, source=name(n))
        else:
            text, expected = "", {"source": name(n), "records": order, "furniture": []}
        if folio(n):
            text = folio(n) + "\n\n" + text
            expected["furniture"] = [" ".join(folio(n).split())] + expected["furniture"]
        stem = name(n)[:-4]
        for i, rec in enumerate(expected["records"]):
            for original in records:
                if all(rec[f] == original[f] for f in GOLD_FIELDS):
                    where.setdefault(id(original), (stem, i))
        issue.names.append(name(n))
        issue.texts.append(text)
        issue.expected.append(expected)

    def rid(record: dict) -> str:
        stem, i = where[id(record)]
        return f"{stem}-{i + 1}"

    in_chain = set()
    for story, chain in zip(stories, chains):
        present = [(page, part, span) for page, part, span in chain if page not in gone]
        runs: list[list] = []
        for item in present:
            previous = runs[-1][-1] if runs else None
            if previous and chain.index(previous) + 1 == chain.index(item):
                runs[-1].append(item)
            else:
                runs.append([item])
        for run in runs:
            first, last = run[0][1], run[-1][1]
            whole = dict(first)
            whole["paragraphs"] = _slice(story["paragraphs"], run[0][2][0], run[-1][2][1])
            whole["continued_to"] = last["continued_to"]
            issue.truth.append({"parts": [rid(p) for _, p, _ in run], "record": whole})
            in_chain.update(id(p) for _, p, _ in run)
    for n, records in placed.items():
        for rec in records:
            if n not in gone and id(rec) not in in_chain:
                issue.truth.append({"parts": [rid(rec)], "record": rec})
    return issue


def write_bed(folder: Path, seeds) -> Path:
    """A bed of issues.json's shape from made-up issues: pages and their gold, the texts
    under one extractor name; a story joined over two pages or three is a split article
    (head: its first page, tail: its last; its last part's page may be missing)."""
    (folder / "pages").mkdir(parents=True)
    issues = []
    for seed in seeds:
        issue = make_issue(seed)
        entry = {"id": f"i{seed:02d}", "typesetter": "layouts", "pages": [], "split_articles": []}
        for name, text, page in zip(issue.names, issue.texts, issue.expected):
            stem = f"i{seed:02d}_{name[:-4]}"
            (folder / "pages" / f"{stem}.fake.txt").write_text(text, encoding="utf-8")
            (folder / "pages" / f"{stem}.fake.json").write_text(json.dumps(page, ensure_ascii=False),
                                                                encoding="utf-8")
            entry["pages"].append({"number": None, "page": stem, "folio": None})
        for truth in issue.truth:
            if len(truth["parts"]) > 1:
                head, tail = (f"i{seed:02d}_{p.rsplit('-', 1)[0]}" for p in truth["parts"][::len(truth["parts"]) - 1])
                entry["split_articles"].append({"head": {"page": head, "title": truth["record"]["title"]},
                                                "tail": {"page": tail}, "gold": truth["record"]})
        issues.append(entry)
    (folder / "issues.json").write_text(json.dumps({"issues": issues}, ensure_ascii=False), encoding="utf-8")
    return folder
