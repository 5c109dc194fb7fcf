"""xcparse: Chinese city-daily newspaper page text -> structured article records.

The library is pure: ``extract(text)`` takes the text of one page and returns a
:class:`Page`; it does no I/O and never imports the command-line packages (typer, rich).
"""
from __future__ import annotations

from .model import Dropped, LineTrace, Page, Record
# the function, not the module of the same name (imported first, so the name stays bound
# to the function): xcparse.stitch(pages) -> list of records, stories joined across pages
from .stitch import stitch  # noqa: E402

__version__ = "0.1.0"
__all__ = ["extract", "stitch", "Page", "Record", "Dropped", "LineTrace", "__version__"]


def extract(text: str, source: str | None = None, *, page_date: str | None = None) -> Page:
    """Segment the text of one newspaper page into records.

    ``source`` is only copied into the result (a file name, say). ``page_date``
    (``YYYY-MM-DD``) lets lead dates such as ``6月20日`` be given as ISO dates too.
    """
    from .pipeline import run

    return run(text, source=source, page_date=page_date)

