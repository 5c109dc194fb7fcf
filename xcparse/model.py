"""The output data model: a Page of Records, plus what was set aside.

Field names and meanings follow tests/gold/SCHEMA.md; everything here is plain data
so that the JSON form (`to_dict`) is a straight copy.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

RECORD_KINDS = ("article", "photo", "ad")

#: Line roles as shown by ``xcparse show`` (and recorded in ``Page.trace``).
LINE_ROLES = (
    "blank", "body", "title", "kicker", "subtitle", "byline", "caption",
    "ad", "jump", "column", "furniture",
)


@dataclass
class Record:
    """One article, photo caption or advertisement of the page."""

    kind: str = "article"
    column: str | None = None
    kicker: str | None = None
    title: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)
    continued_from: str | None = None
    continued_to: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    #: first and last input line (1-based) of everything the record was built from
    lines: tuple[int, int] = (0, 0)
    #: the lead's date as printed (``6月20日``), and as ISO when the page date is known
    date: str | None = None
    date_iso: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "column": self.column,
            "kicker": self.kicker,
            "title": self.title,
            "subtitle": self.subtitle,
            "byline": self.byline,
            "reporters": list(self.reporters),
            "correspondents": list(self.correspondents),
            "photographers": list(self.photographers),
            "continued_from": self.continued_from,
            "continued_to": self.continued_to,
            "paragraphs": list(self.paragraphs),
            "lines": [self.lines[0], self.lines[1]],
            "date": self.date,
            "date_iso": self.date_iso,
        }


@dataclass
class Dropped:
    """Text of the input that is deliberately not in any record or furniture, and why."""

    text: str
    reason: str
    line: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "reason": self.reason, "line": self.line}


@dataclass
class LineTrace:
    """Why one input line got its role: for ``xcparse show`` and debugging."""

    number: int          # 1-based input line number
    text: str            # the line as read (after decoding, before cleanup)
    role: str            # one of LINE_ROLES
    rule: str            # name of the rule in xcparse.patterns / the stage that decided
    record: int | None   # index into Page.records, or None
    size: float | None = None  # type size in points (a page read from PDF)


@dataclass
class Page:
    """The result of :func:`xcparse.extract`."""

    source: str | None = None
    records: list[Record] = field(default_factory=list)
    furniture: list[str] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    #: set by the command line when it decoded bytes; None for text given directly
    encoding: str | None = None
    #: the page's date (ISO) when known
    date: str | None = None
    #: one entry per input line; not part of the JSON form
    trace: list[LineTrace] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "encoding": self.encoding,
            "date": self.date,
            "records": [r.to_dict() for r in self.records],
            "furniture": list(self.furniture),
            "dropped": [d.to_dict() for d in self.dropped],
        }
