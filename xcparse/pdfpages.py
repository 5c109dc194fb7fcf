"""PDF inputs: telling a PDF from a text page by its bytes, and counting its pages.

The batch (:func:`xcparse.batch._process_pdf`) reads them page by page:

A PDF of one page is one page object like a text page (``source`` the file, record
ids ``<stem>-<n>``); a PDF of several pages gives one page object per PDF page, with
``source`` ``file.pdf#3`` and record ids ``<stem>-p3-<n>``. Under ``-o DIR`` the PDF's
pages go to one output file (json: an array of its pages), written atomically once
all its pages are read; a page that cannot be read is reported (``file.pdf: page 2:
has no text``) and the others are written.
"""
from __future__ import annotations

from pathlib import Path

#: The PDF header may follow a few bytes of junk; readers look for it in the first KB.
HEADER_WINDOW = 1024


def is_pdf(data: bytes) -> bool:
    """Bytes of a PDF (whatever the file's name says)."""
    return b"%PDF-" in data[:HEADER_WINDOW]


def is_pdf_file(path: str | Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return is_pdf(handle.read(HEADER_WINDOW))
    except OSError:
        return False  # reported when the file is read as text


def page_count(path: str | Path) -> int:
    """Pages of a PDF file; 0 when it is no PDF or cannot be opened."""
    if not is_pdf_file(path):
        return 0
    try:
        from .pdfread import PdfError, open_document

        doc = open_document(str(path))
    except PdfError:
        return 0
    try:
        return len(doc)
    finally:
        doc.close()
