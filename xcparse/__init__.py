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
__all__ = ["extract", "stitch", "extract_pdf", "iter_pdf", "PdfError", "Page", "Record", "Dropped", "LineTrace",
           "__version__"]


def __getattr__(name: str):
    # PdfError lives with the PDF reader, imported only when asked for (a text page
    # does not pay for ctypes)
    if name == "PdfError":
        from .pdfread import PdfError

        return PdfError
    raise AttributeError(f"module 'xcparse' has no attribute {name!r}")


def extract(text: str, source: str | None = None, *, page_date: str | None = None) -> Page:
    """Segment the text of one newspaper page into records.

    ``source`` is only copied into the result (a file name, say). ``page_date``
    (``YYYY-MM-DD``) lets lead dates such as ``6月20日`` be given as ISO dates too.
    """
    from .pipeline import run

    return run(text, source=source, page_date=page_date)


def iter_pdf(source, pages: list[int] | None = None, *, name: str | None = None,
             page_date: str | None = None):
    """Yield ``(page number, Page or PdfError)`` for each page of a PDF (a path or its
    bytes); ``pages`` picks 1-based page numbers. A bad page is a PdfError naming it
    and the other pages go on; a document that cannot be opened raises PdfError.

    A page's ``source`` is ``name#N`` (``name`` defaults to the path) for a PDF of
    several pages, ``name`` alone for a PDF of one page.
    """
    from .pdfread import PdfError, open_document, read_page
    from .pipeline import run

    if name is None and not isinstance(source, (bytes, bytearray)):
        name = str(source)
    doc = open_document(bytes(source) if isinstance(source, bytearray) else source)
    try:
        count = len(doc)
        for number in (pages if pages is not None else range(1, count + 1)):
            if not 1 <= number <= count:
                yield number, PdfError(f"page {number}: no such page (the PDF has {count})")
                continue
            try:
                text = read_page(doc, number - 1)
            except PdfError as exc:
                yield number, exc
                continue
            label = name if count == 1 or name is None else f"{name}#{number}"
            yield number, run(text.text, source=label, page_date=page_date, sizes=text.evidence)
    finally:
        doc.close()


def extract_pdf(source, pages: list[int] | None = None, *, page_date: str | None = None) -> list[Page]:
    """Read a PDF (a path or its bytes) straight from its characters' positions and
    type sizes: one :class:`Page` per PDF page (``pages``: 1-based numbers to read).

    Raises :class:`PdfError` (one-line reason naming the page) for an unreadable
    document or page: encrypted, damaged, no pages, image only (OCR it first), no
    text. Needs pypdfium2: ``pip install 'xcparse[pdf]'``.
    """
    from .pdfread import PdfError

    out = []
    for number, result in iter_pdf(source, pages, page_date=page_date):
        if isinstance(result, PdfError):
            raise result
        out.append(result)
    return out
