"""Invariants every page produced by :func:`xcparse.extract` must keep.

The main one is *coverage*: no text is lost. Every Han character, decimal digit and
Latin letter of the input appears in the output, counted as a multiset, in one of

- a record's text fields: ``column``, ``kicker``, ``title``, ``subtitle``, ``byline``,
  ``paragraphs``;
- the page's ``furniture``;
- the page's ``dropped`` list (``dropped[].text``), which says why it was set aside
  (the second copy of a doubled banner, a jump line such as ``（上接第一版）``).

Derived fields (``reporters``, ``continued_from``, ``date``...) repeat characters that
are already in a byline or a dropped jump line, so they are not counted: counting them
could hide a loss.

The input is compared after :func:`xcparse.normalize.fold_chars`, because the extractor
applies that table to every line (``２０２３`` -> ``2023``, ``⼀`` -> ``一``, controls
removed); the output is folded too, which changes nothing in an output that is already
folded. Spaces and punctuation are not counted: the output may remove spaces and only
letters, digits and ideographs carry the text.

Usage, from any test that produces pages::

    from xcparse.invariants import check_coverage, check_page
    page = extract(text)
    check_page(text, page)      # JSON round trip, schema, line numbers, coverage

The library's last stage (:mod:`xcparse.accounting`) uses the same count to put any
line no rule placed into ``dropped``; ``jsonschema`` (a test dependency) is imported
only by :func:`check_schema`.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

import regex

from .model import Page
from .normalize import fold_chars, split_lines

__all__ = [
    "COUNTED",
    "counted_chars",
    "output_texts",
    "coverage_missing",
    "check_coverage",
    "check_schema",
    "check_line_numbers",
    "check_page",
]

#: The characters that must survive extraction: ideographs, decimal digits, Latin letters.
COUNTED = regex.compile(r"[\p{Han}\p{Nd}\p{Latin}]")

#: Record fields whose text is counted (``paragraphs`` is a list, the others strings).
RECORD_TEXT_FIELDS = ("column", "kicker", "title", "subtitle", "byline")


def counted_chars(text: str) -> Counter[str]:
    """The multiset of Han characters, digits and Latin letters of ``text`` (folded).

    >>> sorted(counted_chars("２０２３年，Ａ b！").elements())
    ['0', '2', '2', '3', 'A', 'b', '年']
    """
    return Counter(COUNTED.findall(fold_chars(text)))


def output_texts(page: Page) -> Iterator[str]:
    """Every piece of output text that counts toward coverage, in page order."""
    for rec in page.records:
        for name in RECORD_TEXT_FIELDS:
            value = getattr(rec, name)
            if value:
                yield value
        yield from (p for p in rec.paragraphs if p)
    yield from (f for f in page.furniture if f)
    yield from (d.text for d in page.dropped if d.text)


def coverage_missing(text: str, page: Page) -> Counter[str]:
    """Characters of the input that the page does not account for, as a multiset.

    Empty (falsy) when coverage holds. A character the output has *more* often than
    the input (a column name given to every record of its series) is not an error.
    """
    have: Counter[str] = Counter()
    for piece in output_texts(page):
        have.update(COUNTED.findall(fold_chars(piece)))
    need = counted_chars(text)
    return need - have


def _describe_missing(text: str, page: Page, missing: Counter[str],
                      max_chars: int = 40, max_lines: int = 8) -> str:
    total = sum(missing.values())
    shown = missing.most_common(max_chars)
    chars = " ".join(f"{c!r}x{n}" if n > 1 else repr(c) for c, n in shown)
    more = "" if len(missing) <= max_chars else f" ... and {len(missing) - max_chars} more"
    lines_out = [f"coverage: {total} character(s) of the input missing from the output "
                 f"({len(missing)} distinct): {chars}{more}"]

    # Context: input lines holding missing characters, most suspicious first: lines whose
    # text (letters, digits, ideographs only) is not found as a whole in the output, and
    # among them those all of whose characters are among the missing ones.
    blob = "\x00".join("".join(COUNTED.findall(fold_chars(t))) for t in output_texts(page))
    ranked = []
    for number, raw in enumerate(split_lines(text), 1):
        line = fold_chars(raw)
        core = COUNTED.findall(line)
        hits = sum(1 for c in core if c in missing)
        if not hits:
            continue
        found = "".join(core) in blob
        ratio = hits / len(core)
        bucket = 0 if ratio == 1 else 1 if ratio >= 0.5 else 2
        ranked.append((found, bucket, number, line))
    ranked.sort()
    picked = ranked[:max_lines]
    if picked:
        lines_out.append("input lines with missing characters "
                         "('!': not found whole in the output):")
        for found, _, number, line in picked:
            snippet = line.strip()
            if len(snippet) > 60:
                snippet = snippet[:57] + "..."
            lines_out.append(f"  {'  ' if found else '! '}line {number}: {snippet!r}")
        if len(ranked) > len(picked):
            lines_out.append(f"  ... and {len(ranked) - len(picked)} more line(s)")
    lines_out.append(f"output: {len(page.records)} record(s), {len(page.furniture)} "
                     f"furniture, {len(page.dropped)} dropped")
    return "\n".join(lines_out)


def check_coverage(text: str, page: Page) -> None:
    """Raise AssertionError, listing what is missing and where, unless coverage holds."""
    missing = coverage_missing(text, page)
    if missing:
        raise AssertionError(_describe_missing(text, page, missing))


_VALIDATOR: Any = None


def check_schema(page: Page | dict[str, Any]) -> dict[str, Any]:
    """Round-trip the page's JSON form and validate it against the page schema.

    Returns the decoded JSON object. Needs ``jsonschema`` (the ``test`` extra).
    """
    global _VALIDATOR
    if _VALIDATOR is None:
        import jsonschema

        from .schema import page_schema

        cls = jsonschema.validators.validator_for(page_schema())
        cls.check_schema(page_schema())
        _VALIDATOR = cls(page_schema())
    data = page.to_dict() if isinstance(page, Page) else page
    # What the CLI writes: UTF-8 JSON. Fails on lone surrogates or non-JSON values.
    try:
        encoded = json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (TypeError, ValueError) as exc:  # UnicodeEncodeError is a ValueError
        raise AssertionError(f"page is not writable as UTF-8 JSON: {exc}") from exc
    decoded = json.loads(encoded)
    errors = sorted(_VALIDATOR.iter_errors(decoded), key=lambda e: list(e.absolute_path))
    if errors:
        detail = "\n".join(f"  at {'/'.join(map(str, e.absolute_path)) or '(root)'}: "
                           f"{e.message[:200]}" for e in errors[:10])
        raise AssertionError(f"page JSON does not validate against page_schema():\n{detail}")
    return decoded


def _line_count(text: str) -> int:
    # The extractor splits with split_lines (CR, LF, CRLF); be lenient with any
    # other convention a stage might use (str.splitlines also breaks on \f, \x1c...).
    return max(len(split_lines(text)), len(text.splitlines()))


def check_line_numbers(text: str, page: Page) -> None:
    """Record ``lines`` and ``dropped[].line`` point inside the input (1-based)."""
    n = _line_count(text)
    problems: list[str] = []
    for i, rec in enumerate(page.records):
        first, last = rec.lines
        if not (0 <= first <= last <= n):
            problems.append(f"record {i} lines={tuple(rec.lines)!r} (input has {n} lines)")
    for i, d in enumerate(page.dropped):
        if not (0 <= d.line <= n):
            problems.append(f"dropped {i} line={d.line} (input has {n} lines)")
    if problems:
        raise AssertionError("line numbers out of range:\n  " + "\n  ".join(problems[:10]))


def check_page(text: str, page: Page, *, schema: bool = True) -> None:
    """All invariants at once: JSON + schema (optional), line numbers, coverage."""
    if not isinstance(page, Page):
        raise AssertionError(f"extract returned {type(page).__name__}, not Page")
    if schema:
        check_schema(page)
    check_line_numbers(text, page)
    check_coverage(text, page)

