"""Serialising pages as json / jsonl / csv, and writing files atomically.

Pages are serialised one at a time (in the batch workers) and streamed, so memory
stays bounded however many pages a batch has. Several json pages to one stream form a
JSON array: each element comes from ``json.dumps``; only the separators are written
here, so the result is valid JSON for zero, one or many pages.
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
import os
from pathlib import Path
from typing import Any, BinaryIO, Iterator

FORMATS = ("json", "jsonl", "csv")
SUFFIXES = {"json": ".json", "jsonl": ".jsonl", "csv": ".csv"}

#: CSV columns, in order: one row per record.
CSV_COLUMNS = (
    "id", "source", "kind", "column", "kicker", "title", "subtitle", "byline",
    "reporters", "correspondents", "photographers", "continued_from", "continued_to",
    "date", "date_iso", "line_first", "line_last", "paragraphs",
)
LIST_SEPARATOR = ";"
PARAGRAPH_SEPARATOR = "\n"

TMP_SUFFIX = ".xcparse-tmp"


def record_id(stem: str, index: int) -> str:
    """Stable id of the ``index``-th (0-based) record of a page: ``<page stem>-<n>``, n from 1."""
    return f"{stem}-{index + 1}"


def jsonl_records(page: dict[str, Any], stem: str) -> Iterator[dict[str, Any]]:
    """The page's records as jsonl objects: ``id`` and ``source`` first, then the record."""
    for i, record in enumerate(page["records"]):
        yield {"id": record_id(stem, i), "source": page.get("source"), **record}


def csv_row(record: dict[str, Any]) -> list[str]:
    """One jsonl record as a CSV row: lists joined by ';', paragraphs by a newline."""
    row = []
    for column in CSV_COLUMNS:
        if column == "line_first":
            value = record["lines"][0]
        elif column == "line_last":
            value = record["lines"][1]
        else:
            value = record.get(column)
        if column == "paragraphs":
            value = PARAGRAPH_SEPARATOR.join(value or [])
        elif isinstance(value, list):
            value = LIST_SEPARATOR.join(value)
        row.append("" if value is None else str(value))
    return row


def csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)  # excel dialect: comma, '"' quoting, CRLF rows
    return buffer.getvalue()


CSV_HEADER = csv_text([list(CSV_COLUMNS)])


def serialise_page(page: dict[str, Any], fmt: str, stem: str, *, pretty: bool = False) -> str:
    """The page in ``fmt``, without any stream framing (no array brackets, no CSV header).

    json is one line per page unless ``pretty``: an indent makes the json module fall
    back from its C encoder to pure Python, several times slower.
    """
    if fmt == "json":
        return json.dumps(page, ensure_ascii=False, indent=2 if pretty else None)
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in jsonl_records(page, stem))
    if fmt == "csv":
        return csv_text([csv_row(r) for r in jsonl_records(page, stem)])
    raise ValueError(f"unknown format {fmt!r}")


class StreamWriter:
    """Writes serialised pages to one binary stream in one format.

    json: a single object when ``as_array`` is false, else one JSON array of pages;
    ``as_array`` None decides when the stream ends (standard input may hold a PDF of
    several pages): one page is written as an object, more as an array (the first
    page is held back until the second comes); jsonl: lines; csv: one header row
    (after the BOM when ``bom``) then rows. A page comes as text, or as its UTF-8
    bytes; ``name`` is the output as named in messages; ``flush_each`` flushes after
    each page (standard output: a write error then belongs to the page that met it,
    and a reader sees whole pages).
    """

    def __init__(self, stream: BinaryIO, fmt: str, *, as_array: bool | None = False, bom: bool = False,
                 name: str = "the output", flush_each: bool = False):
        self.stream, self.fmt, self.as_array, self.bom = stream, fmt, as_array, bom
        self.name, self.flush_each = name, flush_each
        self.count = 0
        self._started = False
        self._held: bytes | None = None

    def _start(self) -> None:
        self._started = True
        if self.fmt == "csv":
            self._write((("\ufeff" if self.bom else "") + CSV_HEADER).encode("utf-8"))
        elif self.fmt == "json" and self.as_array:
            self._write(b"[\n")

    def write(self, serialised: str | bytes) -> None:
        if isinstance(serialised, str):
            serialised = serialised.encode("utf-8")
        if self.fmt == "json" and self.as_array is None:
            if self._held is None and not self.count:
                self._held, self.count = serialised, 1
                return
            self.as_array = True  # a second page: the stream is an array
            held, self._held, self.count = self._held, None, 0
            self.write(held)
        if self.fmt == "json" and not self.as_array and self.count:
            raise ValueError("a single json object was requested but a second page came")
        if not self._started:
            self._start()
        if self.fmt == "json":
            if self.as_array:
                self._write(b",\n" + serialised if self.count else serialised)
            else:
                self._write(serialised + b"\n")
        else:
            self._write(serialised)
        if self.flush_each:
            self.stream.flush()
        self.count += 1

    def close(self) -> None:
        if self._held is not None:  # as_array None and one page: an object
            held, self._held, self.as_array, self.count = self._held, None, False, 0
            self.write(held)
        if not self._started:
            self._start()
        if self.fmt == "json" and self.as_array:
            self._write(b"\n]\n" if self.count else b"]\n")
        self.stream.flush()

    def _write(self, data: bytes) -> None:
        self.stream.write(data)


_made_folders: set[Path] = set()  # folders this process created or found: one mkdir each


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """Open ``path`` for writing under a temporary name; rename into place on success.

    On any exception (including KeyboardInterrupt and SystemExit) the temporary file is
    removed, so ``path`` is either absent, its old self, or complete.
    """
    path = Path(path)
    if path.parent not in _made_folders:
        path.parent.mkdir(parents=True, exist_ok=True)
        _made_folders.add(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}{TMP_SUFFIX}")
    handle = open(tmp, "wb")
    try:
        with handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_page_file(path: Path, serialised: str | bytes, fmt: str, *, bom: bool = False) -> None:
    """Write one page's own output file (``-o DIR``), atomically."""
    with atomic_file(path) as handle:
        writer = StreamWriter(handle, fmt, as_array=False, bom=bom)
        writer.write(serialised)
        writer.close()

