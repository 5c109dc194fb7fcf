"""Running ``extract`` over many page files: discovery, parallel jobs, skip, summary.

Plain functions (no typer); the only optional import is rich, for a progress bar on a
terminal. Workers receive paths and options (small, picklable) and do the whole job
for a page - read, decode, extract, convert, serialise, and with ``-o DIR`` write -
so the main process only streams results and memory stays bounded.
"""
from __future__ import annotations

import errno
import os
import signal
import sys
import time
from collections import deque
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath, PurePosixPath
from typing import Callable, Iterable, Iterator

from . import dates, decode, output, pdfpages

STDIN = "-"
STDIN_SOURCE = "<stdin>"

#: Write errors after which no later page can be written either: the batch stops.
NO_ROOM = frozenset(code for code in (
    errno.ENOSPC,                      # no space left on device
    getattr(errno, "EDQUOT", None),    # disk quota exceeded
    errno.EROFS,                       # read-only file system
    errno.EFBIG,                       # file too large (the file system's limit)
) if code is not None)

#: Set (to anything but "" or "0") to print the traceback of an unexpected error.
TRACEBACK_ENV = "XCPARSE_TRACEBACK"


def show_tracebacks() -> bool:
    return os.environ.get(TRACEBACK_ENV, "") not in ("", "0")


@dataclass(frozen=True, slots=True)
class PageInput:
    """One page to process: a file, or standard input (``path`` None).

    Plain strings and slots: a batch holds one of these per file, so it stays a few
    hundred bytes (a Path object costs several times more)."""

    path: str | None            # as the operating system takes it (may hold surrogates)
    source: str                 # as shown in the output and in messages (always text)
    relative: str               # where its output goes under ``-o DIR`` (POSIX form, text)
    error: str | None = None    # found unusable while discovering (missing path...)

    @property
    def stem(self) -> str:
        return PurePosixPath(self.relative).stem


@dataclass(frozen=True)
class Options:
    fmt: str = "json"
    encoding: str | None = None
    errors: str = "strict"
    page_date: str | None = None     # --date; else taken from the file or folder name
    convert: str | None = None
    bom: bool = False
    max_bytes: int = decode.DEFAULT_MAX_BYTES
    out_dir: Path | None = None      # -o DIR: each worker writes its page's own file
    pretty: bool = False             # json indented (slower) rather than one line per page
    stitch: bool = False             # join stories across the pages of each issue (--stitch)


@dataclass
class PageResult:
    source: str
    records: int = 0
    error: str | None = None
    serialised: bytes | None = None  # for a combined stream; None when written to its file
    no_room: bool = False            # its file failed for want of room: stop the batch
    stitched: int = 0                # --stitch: stories of this page joined from several parts
    unmatched: list[str] = field(default_factory=list)  # --stitch: jumps that found no partner
    #: a PDF of several pages: one result per PDF page (this result only carries them)
    parts: list["PageResult"] | None = None


@dataclass
class Summary:
    pages: int = 0
    records: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    failures: list[tuple[str, str]] = field(default_factory=list)
    todo: int = 0                    # pages to be converted (not skipped)
    stopped: str | None = None       # why writing stopped (a full disk...): one line
    not_written: int = 0             # pages left unwritten when writing stopped
    stitch: bool = False
    stitched: int = 0
    unmatched: list[str] = field(default_factory=list)

    def line(self) -> str:
        """The one-line summary printed on stderr at the end of a run."""
        parts = [f"{self.pages} page{'s' * (self.pages != 1)}",
                 f"{self.records} record{'s' * (self.records != 1)}",
                 f"{self.failed} failed"]
        if self.not_written:
            parts.append(f"{self.not_written} not written")
        if self.skipped:
            parts.append(f"{self.skipped} skipped (output exists)")
        if self.stitch:
            parts.append(f"{self.stitched} joined across pages, {len(self.unmatched)} unmatched")
        rate = f" ({self.pages / self.seconds:.0f} pages/s)" if self.pages > 1 and self.seconds > 0 else ""
        return f"xcparse: {', '.join(parts)}, {self.seconds:.2f} s{rate}"


# ---------------------------------------------------------------------------
# Discovery


#: The files a folder gives: page text, and PDF pages read directly.
PAGE_SUFFIXES = (".txt", ".pdf")


def is_page_file(path: Path) -> bool:
    return os.path.splitext(path)[1].lower() in PAGE_SUFFIXES and os.path.isfile(path)


def discover(arguments: Iterable[str]) -> list[PageInput]:
    """Expand the command-line inputs: files as given, folders to every ``*.txt`` and ``*.pdf`` below
    (recursively, in sorted order), ``-`` to standard input. Problems become entries
    with an ``error`` so they are reported in order with the rest."""
    found: list[PageInput] = []
    seen: set[str] = set()
    for argument in arguments:
        if argument == STDIN:
            found.append(PageInput(None, STDIN_SOURCE, "stdin.txt"))
            continue
        try:
            found.extend(_discover_path(argument, seen))
        except OSError as exc:  # a name too long, a folder that cannot be listed...
            found.append(PageInput(argument, decode.path_text(argument),
                                   decode.path_text(Path(argument).name or argument),
                                   error=f"cannot be read: {exc.strerror or exc}"))
    return found


def _discover_path(argument: str, seen: set[str]) -> list[PageInput]:
    """The pages of one file or folder argument. Sources and output names are
    text (:func:`decode.path_text`) whatever bytes the file names hold."""
    path = Path(argument)
    text = decode.path_text
    if path.is_dir():
        pages = sorted(p.relative_to(path).parts for p in path.rglob("*") if is_page_file(p))
        if not pages:
            return [PageInput(argument, text(argument), text(path.name or argument),
                              error="folder has no .txt or .pdf files")]
        found = []
        for parts in pages:
            name = os.path.join(argument, *parts)
            key = os.path.abspath(name)
            if key not in seen:
                seen.add(key)
                found.append(PageInput(name, text(name), "/".join(map(decode.name_text, parts))))
        return found
    if path.exists() or path.is_symlink():
        key = os.path.abspath(argument)
        if key in seen:
            return []
        seen.add(key)
        return [PageInput(argument, text(argument), decode.name_text(path.name))]
    return [PageInput(argument, text(argument), text(path.name or argument),
                      error="no such file or folder")]


#: Bytes a name may take on common file systems (ext4, XFS, APFS, NTFS: 255), less
#: room for the temporary name (``.NAME.PID.xcparse-tmp``) a file is written under.
NAME_MAX = 255
TEMPORARY_NAME_ROOM = 32


def output_path(page: PageInput, out_dir: Path, fmt: str) -> Path:
    """The file a page is written to under ``-o DIR``: the input tree mirrored, named
    after the page (a name too long to write is shortened, see :func:`fit_name`)."""
    relative = PurePosixPath(page.relative).with_suffix(output.SUFFIXES[fmt])
    parts = [fit_name(part, NAME_MAX) for part in relative.parts[:-1]]
    return out_dir.joinpath(*parts, fit_name(relative.name, NAME_MAX - TEMPORARY_NAME_ROOM))


def fit_name(name: str, limit: int) -> str:
    """``name`` if its UTF-8 takes at most ``limit`` bytes; else its stem cut short on a
    character boundary and marked with ``~`` and a hash of the whole name (so two long
    names that start alike stay apart). A GBK name can outgrow the limit this way:
    two bytes a character in GBK, three in UTF-8.

    >>> fit_name("版" * 100 + ".json", 120)
    '版版版版版版版版版版版版版版版版版版版版版版版版版版版版版版版版版版版~b84f60b7.json'
    """
    size = len(name.encode("utf-8"))
    if size <= limit:
        return name
    import hashlib

    path = PurePosixPath(name)
    mark = "~" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    room = limit - len(mark.encode()) - len(path.suffix.encode("utf-8"))
    stem = path.stem.encode("utf-8")[:max(room, 1)].decode("utf-8", "ignore")
    return stem + mark + path.suffix


# ---------------------------------------------------------------------------
# One page


def extract_bytes(data: bytes, source: str, path: str | PurePath | None, options: Options):
    """Decode and extract one page; returns the :class:`xcparse.Page`."""
    import xcparse

    decoded = decode.decode(data, options.encoding, options.errors)
    page_date = options.page_date or (dates.page_date_from_path(path) if path else None)
    page = xcparse.extract(decoded.text, source, page_date=page_date)
    page.encoding = decoded.encoding
    if page.source is None:
        page.source = source
    dates.fill_dates(page, page_date)
    return page


def page_dict(page, options: Options) -> dict:
    """The page's JSON form, converted with OpenCC when asked."""
    result = page.to_dict()
    if options.convert:
        from .convert import convert_tree

        result = convert_tree(result, options.convert)
    return result


def process_page(page: PageInput, options: Options,
                 data: bytes | Callable[[], bytes] | None = None) -> PageResult:
    """Do everything for one page; failures become ``PageResult.error``, never exceptions.

    ``data`` is the page's bytes, or a function reading them (standard input)."""
    result = PageResult(page.source)
    try:
        # a .pdf is read by PDFium from its path; any other file is read once, and its
        # bytes tell a PDF (a .txt holding a PDF) from a text page
        if page.error is None and data is None and page.path is not None \
                and os.path.splitext(page.path)[1].lower() == ".pdf" and pdfpages.is_pdf_file(page.path):
            return _process_pdf(page, options, page.path)
        data = _page_bytes(page, options, data)
        if pdfpages.is_pdf(data):
            return _process_pdf(page, options, data)
        _emit(page, extract_bytes(data, page.source, page.path, options), options, result)
    except Exception as exc:  # an extractor bug must not stop the batch
        result.error = _error_text(exc)
    return result


def _process_pdf(page: PageInput, options: Options, source) -> PageResult:
    """Read every page of the PDF ``source`` (a path or bytes) for the batch: a
    :class:`~xcparse.batch.PageResult` whose ``parts`` hold one result per PDF page."""
    import xcparse

    result = PageResult(page.source)
    page_date = options.page_date or (dates.page_date_from_path(page.path) if page.path else None)
    try:
        pages = list(xcparse.iter_pdf(source, name=page.source, page_date=page_date))
    except xcparse.PdfError as exc:
        result.error = str(exc)
        return result
    several = len(pages) > 1
    parts: list = []
    texts: list[bytes] = []
    for number, got in pages:
        label = f"{page.source}#{number}" if several else page.source
        if isinstance(got, xcparse.PdfError):
            parts.append(PageResult(page.source, error=str(got)))
            continue
        dates.fill_dates(got, page_date)
        as_dict = page_dict(got, options)
        stem = f"{page.stem}-p{number}" if several else page.stem
        serialised = output.serialise_page(as_dict, options.fmt, stem, pretty=options.pretty).encode("utf-8")
        texts.append(serialised)
        parts.append(PageResult(label, records=len(as_dict["records"]),
                                serialised=None if options.out_dir is not None else serialised))
    if options.out_dir is not None and texts:
        target = output_path(page, options.out_dir, options.fmt)
        try:
            with output.atomic_file(target) as handle:
                writer = output.StreamWriter(handle, options.fmt, as_array=several and options.fmt == "json",
                                             bom=options.bom)
                for text in texts:
                    writer.write(text)
                writer.close()
        except OSError as exc:
            result.error = f"cannot write {decode.path_text(str(target))}: {exc.strerror or exc}"
            result.no_room = exc.errno in NO_ROOM
            parts = [p for p in parts if p.error]
    result.parts = parts
    return result


def load_page(page: PageInput, options: Options,
              data: bytes | Callable[[], bytes] | None = None):
    """Read, decode and extract one page (raises on bad input)."""
    return extract_bytes(_page_bytes(page, options, data), page.source, page.path, options)


def _page_bytes(page: PageInput, options: Options,
                data: bytes | Callable[[], bytes] | None = None) -> bytes:
    """The page's bytes: given, read by a function (standard input), or from its file."""
    if page.error:
        raise decode.InputError(page.error)
    if callable(data):
        data = data()
    if data is None and page.path is None:
        return decode.read_stream(sys.stdin.buffer, options.max_bytes)
    if data is None:
        return decode.read_bytes(page.path, options.max_bytes)
    return data


def _error_text(exc: Exception, doing: str = "extracting") -> str:
    """The reason part of a page's one-line error message."""
    if isinstance(exc, decode.InputError):
        return str(exc)
    if isinstance(exc, OSError):  # reading standard input (a file's read raises InputError)
        return f"cannot be read: {exc.strerror or exc}"
    return internal_error(exc, doing)


def internal_error(exc: BaseException, doing: str = "extracting") -> str:
    """An unexpected exception as the reason part of a one-line message (its
    traceback goes to stderr too when XCPARSE_TRACEBACK is set)."""
    if show_tracebacks():
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    first_line = (str(exc).splitlines() or [""])[0]
    return f"internal error while {doing}: {type(exc).__name__}: {first_line}"


def _emit(page: PageInput, extracted, options: Options, result: PageResult) -> None:
    """Serialise a page, and write it to its own file under ``-o DIR``; a failed write
    is the page's error (``no_room`` when the disk is full: the batch stops)."""
    as_dict = page_dict(extracted, options)
    serialised = output.serialise_page(as_dict, options.fmt, page.stem, pretty=options.pretty)
    # encoded here, so that text no UTF-8 can hold fails this page, not the stream
    encoded = serialised.encode("utf-8")
    result.records = len(as_dict["records"])
    if options.out_dir is None:
        result.serialised = encoded
        return
    target = output_path(page, options.out_dir, options.fmt)
    try:
        output.write_page_file(target, encoded, options.fmt, bom=options.bom)
    except OSError as exc:
        result.error = f"cannot write {decode.path_text(str(target))}: {exc.strerror or exc}"
        result.no_room = exc.errno in NO_ROOM


def issue_key(page: PageInput) -> tuple[str, str | None]:
    """The issue a page belongs to: its folder, and the date its file name carries."""
    if page.path is None:
        return (STDIN_SOURCE, None)
    return (os.path.dirname(os.path.abspath(page.path)), dates.date_in_name(os.path.basename(page.path)))


def group_issues(pages: list[PageInput]) -> list[list[PageInput]]:
    """The pages in issues (``--stitch``), in the order each issue first appears."""
    issues: dict[tuple[str, str | None], list[PageInput]] = {}
    for page in pages:
        issues.setdefault(issue_key(page), []).append(page)
    return list(issues.values())


def process_issue(issue: list[PageInput], options: Options,
                  data: Callable[[], bytes] | None = None,
                  datas: list | None = None) -> list[PageResult]:
    """Extract every page of an issue, join its stories across pages, then serialise
    (and write) each page with its joined records; a joined story goes with its first
    part's page and is not repeated on the others. A page that fails is left out of the
    joining (its partners stay unmatched); the others go on. ``datas`` gives each page
    its bytes (or a function reading them), as on Dask."""
    from .stitch import stitch, unmatched

    results = [PageResult(page.source) for page in issue]
    good = []
    for i, page in enumerate(issue):
        try:
            good.append((i, load_page(page, options, datas[i] if datas is not None else data)))
        except Exception as exc:
            results[i].error = _error_text(exc)
    try:
        records = stitch([page for _, page in good], [issue[i].stem for i, _ in good])
    except Exception as exc:
        for i, _ in good:
            results[i].error = _error_text(exc, "joining the issue")
        return results
    by_page: dict[int, list] = {i: [] for i, _ in good}
    for record in records:
        by_page[good[record.page_index][0]].append(record)
    for i, page in good:
        page.records = by_page[i]
        result = results[i]
        result.stitched = sum(len(r.parts) > 1 for r in page.records)
        result.unmatched = [f"{r.id}: {'下转' + r.continued_to if r.continued_to else '上接' + r.continued_from}"
                            for r in unmatched(page.records)]
        try:
            _emit(issue[i], page, options, result)
        except Exception as exc:
            result.error = _error_text(exc)
    return results


def _process_chunk(chunk: list[PageInput], options: Options) -> list[PageResult]:
    """The chunk's pages in order (a chunk is one issue with ``--stitch``); after a
    page found no room for its file, the rest of the chunk is not tried (the batch is
    stopping)."""
    if options.stitch:
        return process_issue(chunk, options)
    results = []
    for page in chunk:
        results.append(process_page(page, options))
        if results[-1].no_room:
            break
    return results


def _worker_init() -> None:
    """Workers leave Ctrl-C to the main process, which lets running pages finish."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# ---------------------------------------------------------------------------
# Reporting


class Reporter:
    """Errors and progress on stderr, plain (no rich): for pipes, logs and tests."""

    def __init__(self, stream=None):
        self.stream = stream if stream is not None else sys.stderr

    def start(self, total: int) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def error(self, source: str, reason: str) -> None:
        print(f"xcparse: error: {source}: {reason}", file=self.stream, flush=True)

    def message(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    def stop(self) -> None:
        pass


class ProgressReporter(Reporter):
    """A rich progress bar on stderr, for batches of more than one page (so a single
    page never pays for importing rich)."""

    progress = None

    def start(self, total: int) -> None:
        if total < 2:
            return
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeRemainingColumn)

        self.console = Console(file=self.stream, stderr=True)
        self.progress = Progress(TextColumn("xcparse"), BarColumn(), MofNCompleteColumn(),
                                 TimeRemainingColumn(), console=self.console, transient=True)
        self.task = self.progress.add_task("pages", total=total)
        self.progress.start()

    def advance(self, n: int = 1) -> None:
        if self.progress is not None:
            self.progress.advance(self.task, n)

    def error(self, source: str, reason: str) -> None:
        if self.progress is None:
            return super().error(source, reason)
        self.console.print(f"xcparse: error: {source}: {reason}", markup=False, highlight=False,
                           soft_wrap=True)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()


def choose_reporter(stream=None) -> Reporter:
    stream = stream if stream is not None else sys.stderr
    isatty = getattr(stream, "isatty", None)
    return ProgressReporter(stream) if isatty and isatty() else Reporter(stream)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# ---------------------------------------------------------------------------
# The batch


def run(pages: list[PageInput], options: Options, *, jobs: int = 1,
        sink: output.StreamWriter | None = None, skip_existing: bool = False,
        reporter: Reporter | None = None, stdin_data: Callable[[], bytes] | None = None) -> Summary:
    """Process ``pages``; results go to ``sink`` in input order, or to their own files
    when ``options.out_dir`` is set. Returns the summary (``interrupted`` after Ctrl-C:
    pages in progress are finished, nothing is half-written).

    Writing stops at the first page whose file found no room (:data:`NO_ROOM`), or
    at the first error writing to ``sink``: ``stopped`` says why, ``not_written``
    how many pages were left (a broken pipe is raised as it is)."""
    reporter = reporter or Reporter()
    summary = Summary(stitch=options.stitch)
    started = time.perf_counter()

    todo: list[PageInput] = []
    planned: dict[str, str] = {}
    inputs = {os.path.abspath(p.path) for p in pages if p.path is not None and p.error is None}
    for page in pages:
        if options.out_dir is not None and page.error is None:
            target = output_path(page, options.out_dir, options.fmt)
            key = os.path.abspath(target)
            if key in inputs:
                page = replace(page, error=f"its output {target} would overwrite an input file")
            elif key in planned:
                page = replace(page, error=f"its output {target} is also the output of {planned[key]}")
            else:
                planned[key] = page.source
                if skip_existing and os.path.exists(target) and not options.stitch:
                    summary.skipped += 1
                    continue
        todo.append(page)
    issues: list[list[PageInput]] = []
    if options.stitch:  # an issue is skipped whole, or joined again whole
        for issue in group_issues(todo):
            if skip_existing and options.out_dir is not None and all(
                    p.error is None and output_path(p, options.out_dir, options.fmt).exists()
                    for p in issue):
                summary.skipped += len(issue)
            else:
                issues.append(issue)
        todo = [page for issue in issues for page in issue]
    summary.todo = len(todo)

    def handle(result: PageResult) -> None:
        if result.parts is not None:  # a PDF: its pages, then what its file failed with
            for part in result.parts:
                handle(part)
            if not result.error:
                return
        if result.no_room:
            raise _StopWriting(result.error)
        if result.error:
            summary.failed += 1
            summary.failures.append((result.source, result.error))
            reporter.error(result.source, result.error)
            return
        if sink is not None and result.serialised is not None:
            try:
                sink.write(result.serialised)
            except BrokenPipeError:
                raise
            except OSError as exc:
                raise _StopWriting(f"cannot write {sink.name}: {exc.strerror or exc}") from None
        summary.pages += 1
        summary.records += result.records
        summary.stitched += result.stitched
        summary.unmatched.extend(result.unmatched)

    jobs = max(1, min(jobs, len(todo)))
    segments = list(_segments(todo))
    executor = None
    if jobs > 1 and any(seg[0].path is not None and len(seg) > 1 for seg in segments):
        # Start the workers before the progress bar starts its thread: forking a
        # process that has threads can deadlock the child on a lock the thread held.
        executor = _start_workers(jobs)
    if options.stitch:  # one issue at a time, issues in parallel (standard input: here)
        segments = []
        if jobs > 1 and len(issues) > 1 and all(p.path is not None for p in todo):
            executor = _start_workers(jobs)
    reporter.start(len(todo))
    try:
        if options.stitch:
            if executor is None:
                by_issue = (process_issue(issue, options, stdin_data) for issue in issues)
            else:
                by_issue = _parallel_map(executor, todo, options, jobs, chunks=iter(issues))
            for results in by_issue:
                for result in results:
                    handle(result)
                reporter.advance(len(results))
        for segment in segments:
            if segment[0].path is None:  # standard input: read here, processed here
                handle(process_page(segment[0], options, stdin_data))
                reporter.advance()
            elif executor is None or len(segment) == 1:
                for page in segment:
                    handle(process_page(page, options))
                    reporter.advance()
            else:
                for results in _parallel_map(executor, segment, options, jobs):
                    for result in results:
                        handle(result)
                    reporter.advance(len(results))
    except KeyboardInterrupt:
        summary.interrupted = True
    except _StopWriting as stop:
        summary.stopped = str(stop)
        summary.not_written = summary.todo - summary.pages - summary.failed
    finally:
        if executor is not None:
            # after Ctrl-C: chunks not started are dropped, running pages finish their files
            executor.shutdown(wait=True, cancel_futures=True)
        reporter.stop()
        summary.seconds = time.perf_counter() - started
    return summary


class _StopWriting(Exception):
    """Raised in :func:`run` when no later page can be written."""


def _segments(pages: list[PageInput]) -> Iterator[list[PageInput]]:
    """Runs of files, split around standard input (which only the main process can read)."""
    run_of_files: list[PageInput] = []
    for page in pages:
        if page.path is None:
            if run_of_files:
                yield run_of_files
                run_of_files = []
            yield [page]
        else:
            run_of_files.append(page)
    if run_of_files:
        yield run_of_files


def _chunks(items: list[PageInput], size: int) -> Iterator[list[PageInput]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _start_workers(jobs: int):
    """A pool of ``jobs`` worker processes, already started."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork starts a worker in milliseconds; elsewhere the platform's default is used
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork") if "fork" in methods else None
    executor = ProcessPoolExecutor(jobs, mp_context=context, initializer=_worker_init)
    executor.submit(int).result()  # launches every worker now (fork: all at once)
    return executor


def _parallel_map(executor, pages: list[PageInput], options: Options, jobs: int,
                  chunks: Iterator[list[PageInput]] | None = None) -> Iterator[list[PageResult]]:
    """Results of ``pages`` in order, in chunks (given, or cut here), with at most 4
    chunks per worker in flight (so results never pile up in memory when the output is
    slow)."""
    if chunks is None:
        size = max(1, min(32, len(pages) // (jobs * 8)))
        chunks = _chunks(pages, size)
    in_flight: deque = deque()
    try:
        for chunk in chunks:
            in_flight.append(executor.submit(_process_chunk, chunk, options))
            if len(in_flight) >= jobs * 4:
                break
        while in_flight:
            results = in_flight.popleft().result()
            for chunk in chunks:
                in_flight.append(executor.submit(_process_chunk, chunk, options))
                break
            yield results
    finally:
        for future in in_flight:
            future.cancel()
