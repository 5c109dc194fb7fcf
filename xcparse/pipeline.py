"""The extraction pipeline: normalize -> measure -> roles -> blocks -> records.

(Placeholder: the segmenter is being written; this returns an empty page.)
"""
from __future__ import annotations

from .model import Page


def run(text: str, source: str | None = None, page_date: str | None = None) -> Page:
    return Page(source=source, date=page_date)
