"""JSON Schema (draft 2020-12) of the output: the page object and the jsonl record."""
from __future__ import annotations

from typing import Any

from .model import RECORD_KINDS

_NULLABLE_STR = {"type": ["string", "null"]}
_STR_LIST = {"type": "array", "items": {"type": "string"}}


def record_schema(with_source: bool = False) -> dict[str, Any]:
    """Schema of one record; ``with_source`` adds the jsonl fields ``source`` and ``id``."""
    props: dict[str, Any] = {
        "kind": {"enum": list(RECORD_KINDS)},
        "column": _NULLABLE_STR,
        "kicker": _NULLABLE_STR,
        "title": _NULLABLE_STR,
        "subtitle": _NULLABLE_STR,
        "byline": _NULLABLE_STR,
        "reporters": _STR_LIST,
        "correspondents": _STR_LIST,
        "photographers": _STR_LIST,
        "continued_from": _NULLABLE_STR,
        "continued_to": _NULLABLE_STR,
        "paragraphs": _STR_LIST,
        "lines": {"type": "array", "items": {"type": "integer", "minimum": 0},
                  "minItems": 2, "maxItems": 2},
        "date": _NULLABLE_STR,
        "date_iso": {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    }
    required = list(props)
    if with_source:
        props = {"id": {"type": "string"}, "source": _NULLABLE_STR, **props}
        required = ["id", "source", *required]
    else:  # with --stitch a page's records carry their id too
        props = {"id": {"type": "string"}, **props}
    # with --stitch only (docs/stitch.md): where each part of a story was printed
    props["pages"] = {"type": "array", "items": {
        "type": "object",
        "properties": {"page": _NULLABLE_STR, "number": _NULLABLE_STR,
                       "lines": props["lines"]},
        "required": ["page", "number", "lines"]}}
    props["parts"] = _STR_LIST
    return {"type": "object", "properties": props, "required": required}


def page_schema() -> dict[str, Any]:
    """Schema of the page object printed by ``xcparse extract --format json``."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "xcparse page",
        "type": "object",
        "properties": {
            "source": _NULLABLE_STR,
            "encoding": _NULLABLE_STR,
            "date": _NULLABLE_STR,
            "records": {"type": "array", "items": record_schema()},
            "furniture": _STR_LIST,
            "dropped": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "text": {"type": "string"},
                        "reason": {"type": "string"},
                        "line": {"type": "integer", "minimum": 0},
                    },
                    "required": ["text", "reason", "line"],
                },
            },
        },
        "required": ["source", "records", "furniture", "dropped"],
    }


def jsonl_record_schema() -> dict[str, Any]:
    """Schema of one line of ``xcparse extract --format jsonl``."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "xcparse record (jsonl)", **record_schema(with_source=True)}
