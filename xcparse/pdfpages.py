"""PDF inputs in a batch: one page object per PDF page, each bad page its own error.

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


def process_pdf(page, options, source):
    """Read every page of the PDF ``source`` (a path or bytes) for the batch: a
    :class:`~xcparse.batch.PageResult` whose ``parts`` hold one result per PDF page."""
    import xcparse

    from . import dates, output
    from .batch import PageResult, output_path, page_dict

    result = PageResult(page.source)
    page_date = options.page_date or (dates.page_date_from_path(page.path) if page.path else None)
    try:
        pages = list(xcparse.iter_pdf(source, name=page.source, page_date=page_date))
    except xcparse.PdfError as exc:
        result.error = str(exc)
        return result
    several = len(pages) > 1
    parts: list = []
    texts: list[str] = []
    for number, got in pages:
        label = f"{page.source}#{number}" if several else page.source
        if isinstance(got, xcparse.PdfError):
            parts.append(PageResult(page.source, error=str(got)))
            continue
        dates.fill_dates(got, page_date)
        as_dict = page_dict(got, options)
        stem = f"{page.stem}-p{number}" if several else page.stem
        serialised = output.serialise_page(as_dict, options.fmt, stem, pretty=options.pretty)
        texts.append(serialised)
        parts.append(PageResult(label, records=len(as_dict["records"]),
                                serialised=None if options.out_dir is not None else serialised))
    if options.out_dir is not None and texts:
        try:
            with output.atomic_file(output_path(page, options.out_dir, options.fmt)) as handle:
                writer = output.StreamWriter(handle, options.fmt, as_array=several and options.fmt == "json",
                                             bom=options.bom)
                for text in texts:
                    writer.write(text)
                writer.close()
        except OSError as exc:
            result.error = f"cannot write output: {exc.strerror or exc} ({exc.filename or ''})"
            parts = [p for p in parts if p.error]
    result.parts = parts
    return result
