"""Running ``extract`` over many page files: discovery, parallel jobs, skip, summary.

Plain functions (no typer); the only optional import is rich, for a progress bar on a
terminal. Workers receive paths and options (small, picklable) and do the whole job
for a page - read, decode, extract, convert, serialise, and with ``-o DIR`` write -
so the main process only streams results and memory stays bounded.
"""
from __future__ import annotations

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


@dataclass(frozen=True, slots=True)
class PageInput:
    """One page to process: a file, or standard input (``path`` None).

    Plain strings and slots: a batch holds one of these per file, so it stays a few
    hundred bytes (a Path object costs several times more)."""

    path: str | None
    source: str                 # as shown in the output and in messages
    relative: str               # where its output goes under ``-o DIR`` (POSIX form)
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


@dataclass
class PageResult:
    source: str
    records: int = 0
    error: str | None = None
    serialised: str | None = None    # for a combined stream; None when written to its file
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

    def line(self) -> str:
        """The one-line summary printed on stderr at the end of a run."""
        parts = [f"{self.pages} page{'s' * (self.pages != 1)}",
                 f"{self.records} record{'s' * (self.records != 1)}",
                 f"{self.failed} failed"]
        if self.skipped:
            parts.append(f"{self.skipped} skipped (output exists)")
        rate = f" ({self.pages / self.seconds:.0f} pages/s)" if self.pages > 1 and self.seconds > 0 else ""
        return f"xcparse: {', '.join(parts)}, {self.seconds:.2f} s{rate}"


# ---------------------------------------------------------------------------
# Discovery


#: The files a folder gives: page text, and PDF pages read directly.
PAGE_SUFFIXES = (".txt", ".pdf")


def is_page_file(path: Path) -> bool:
    return path.suffix.lower() in PAGE_SUFFIXES and path.is_file()


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
        path = Path(argument)
        if path.is_dir():
            pages = sorted(p.relative_to(path).parts for p in path.rglob("*") if is_page_file(p))
            if not pages:
                found.append(PageInput(argument, argument, path.name or argument,
                                       error="folder has no .txt or .pdf files"))
            for parts in pages:
                name = os.path.join(argument, *parts)
                key = os.path.abspath(name)
                if key not in seen:
                    seen.add(key)
                    found.append(PageInput(name, name, "/".join(parts)))
        elif path.exists() or path.is_symlink():
            key = os.path.abspath(argument)
            if key not in seen:
                seen.add(key)
                found.append(PageInput(argument, argument, path.name))
        else:
            found.append(PageInput(argument, argument, path.name or argument,
                                   error="no such file or folder"))
    return found


def output_path(page: PageInput, out_dir: Path, fmt: str) -> Path:
    """The file a page is written to under ``-o DIR``: the input tree mirrored, named after the page."""
    return out_dir / PurePosixPath(page.relative).with_suffix(output.SUFFIXES[fmt])


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
        if page.error:
            raise decode.InputError(page.error)
        if callable(data):
            data = data()
        if data is None and page.path is None:
            data = decode.read_stream(sys.stdin.buffer, options.max_bytes)
        elif data is None and pdfpages.is_pdf_file(page.path):
            return pdfpages.process_pdf(page, options, page.path)
        elif data is None:
            data = decode.read_bytes(page.path, options.max_bytes)
        if pdfpages.is_pdf(data):
            return pdfpages.process_pdf(page, options, data)
        extracted = extract_bytes(data, page.source, page.path, options)
        as_dict = page_dict(extracted, options)
        serialised = output.serialise_page(as_dict, options.fmt, page.stem, pretty=options.pretty)
        result.records = len(as_dict["records"])
        if options.out_dir is not None:
            output.write_page_file(output_path(page, options.out_dir, options.fmt),
                                   serialised, options.fmt, bom=options.bom)
        else:
            result.serialised = serialised
    except decode.InputError as exc:
        result.error = str(exc)
    except OSError as exc:  # writing the output
        result.error = f"cannot write output: {exc.strerror or exc} ({exc.filename or ''})"
    except Exception as exc:  # an extractor bug must not stop the batch
        first_line = (str(exc).splitlines() or [""])[0]
        result.error = f"internal error while extracting: {type(exc).__name__}: {first_line}"
    return result


def _process_chunk(chunk: list[PageInput], options: Options) -> list[PageResult]:
    return [process_page(page, options) for page in chunk]


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
    pages in progress are finished, nothing is half-written)."""
    reporter = reporter or Reporter()
    summary = Summary()
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
                if skip_existing and target.exists():
                    summary.skipped += 1
                    continue
        todo.append(page)

    def handle(result: PageResult) -> None:
        if result.parts is not None:  # a PDF: its pages, then what its file failed with
            for part in result.parts:
                handle(part)
            if not result.error:
                return
        if result.error:
            summary.failed += 1
            summary.failures.append((result.source, result.error))
            reporter.error(result.source, result.error)
        else:
            summary.pages += 1
            summary.records += result.records
            if sink is not None and result.serialised is not None:
                sink.write(result.serialised)

    jobs = max(1, min(jobs, len(todo)))
    segments = list(_segments(todo))
    executor = None
    if jobs > 1 and any(seg[0].path is not None and len(seg) > 1 for seg in segments):
        # Start the workers before the progress bar starts its thread: forking a
        # process that has threads can deadlock the child on a lock the thread held.
        executor = _start_workers(jobs)
    reporter.start(len(todo))
    try:
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
    finally:
        if executor is not None:
            # after Ctrl-C: chunks not started are dropped, running pages finish their files
            executor.shutdown(wait=True, cancel_futures=True)
        reporter.stop()
        summary.seconds = time.perf_counter() - started
    return summary


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


def _parallel_map(executor, pages: list[PageInput], options: Options,
                  jobs: int) -> Iterator[list[PageResult]]:
    """Results of ``pages`` in order, in chunks, with at most 4 chunks per worker in
    flight (so results never pile up in memory when the output is slow)."""
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
