"""Dates: the page's date (from --date or a file/folder name) and lead dates as ISO.

A lead prints only month and day (``6月20日``); the year comes from the page's date:
a lead reports what already happened, so it is the latest such date on or before the
page's date (a page of 2 January reports ``12月31日`` of the year before). The
extractor (records.py) calls :func:`lead_date_to_iso` too, so both agree.
"""
from __future__ import annotations

import datetime as _dt
import re
from pathlib import PurePath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Page

# 20230621 or 2023-06-21 (also 2023_06_21, 2023.06.21), not inside a longer number.
_NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)([-_.]?)(\d\d)\2(\d\d)(?!\d)")
# A run of hex digits this long is a hash, not a name with a date in it.
_HEX_RUN = re.compile(r"[0-9A-Fa-f]{12,}")

_LEAD_DATE = re.compile(
    r"(?:(?P<y>\d{4})\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def parse_iso(value: str) -> _dt.date:
    """Parse ``YYYY-MM-DD`` (raises ValueError with a readable message)."""
    try:
        return _dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def date_in_name(name: str) -> str | None:
    """The first valid ``YYYYMMDD`` / ``YYYY-MM-DD`` in a file or folder name, as ISO.

    >>> date_in_name("xcrb20230621_01.txt")
    '2023-06-21'
    >>> date_in_name("000_93577813e5f6534c.txt") is None
    True
    """
    hashes = [m.span() for m in _HEX_RUN.finditer(name)]
    for m in _NAME_DATE.finditer(name):
        if any(lo <= m.start() and m.end() <= hi for lo, hi in hashes):
            continue
        try:
            return _dt.date(int(m[1]), int(m[3]), int(m[4])).isoformat()
        except ValueError:
            continue
    return None


def page_date_from_path(path: PurePath | str) -> str | None:
    """The page's date from its file name, else from the nearest folder name with one."""
    path = PurePath(path)
    for part in (path.name, *(p.name for p in path.parents)):
        if part and (found := date_in_name(part)):
            return found
    return None


def lead_date_to_iso(lead_date: str | None, page_date: str | None) -> str | None:
    """``6月20日`` + page date ``2023-06-21`` -> ``2023-06-20``; None when unknown or invalid."""
    if not lead_date:
        return None
    m = _LEAD_DATE.search(lead_date.translate(_FULLWIDTH_DIGITS))
    if not m:
        return None
    month, day = int(m["m"]), int(m["d"])
    try:
        if m["y"]:
            return _dt.date(int(m["y"]), month, day).isoformat()
        if not page_date:
            return None
        page = parse_iso(page_date)
    except ValueError:
        return None
    for year in (page.year, page.year - 1, page.year - 2, page.year - 3, page.year - 4):
        try:
            date = _dt.date(year, month, day)
        except ValueError:  # 2月29日 outside a leap year: try the year before
            continue
        if date <= page:
            return date.isoformat()
    return None


def fill_dates(page: "Page", page_date: str | None) -> None:
    """Set ``page.date`` and every record's ``date_iso`` the extractor left empty."""
    if page_date and not page.date:
        page.date = page_date
    date = page.date or page_date
    for record in page.records:
        if record.date and not record.date_iso:
            record.date_iso = lead_date_to_iso(record.date, date)
