"""The same extraction on Dask: archives larger than one machine (``pip install 'xcparse[dask]'``).

Files are named by fsspec URLs (``s3://bucket/2023/**/*.txt``, ``file://``, a local
path or folder, ``memory://``), found on the client, and cut into *parts*: runs of
whole issues (the consecutive pages of one folder and one date) of about
``files_per_partition`` pages. Each part is one Dask task. A task gets the part and the
options (small, picklable, no filesystem handle is shared) and runs the local batch's
per-page function, :func:`xcparse.batch.process_page`, on every page, so the records
are byte for byte those of ``xcparse extract --jobs N``. OpenCC converters cannot be
pickled: each worker process builds its own on first use (:func:`xcparse.convert.converter`)
and tasks carry only the conversion's name.

- :func:`extract_bag` gives the records (or the page objects) as a ``dask.bag.Bag``;
- :func:`page_results` gives one :class:`xcparse.batch.PageResult` per file, errors included;
- :func:`write_jsonl` (``xcparse extract URL --dask ADDRESS -o URL/``) writes one JSONL
  file per part, atomically, and gathers the summary and the per-file errors.

Dask, distributed and fsspec are imported only inside the functions that use them, so
this module imports without the extra (and :func:`require` names it).
"""
from __future__ import annotations

import contextlib
import json
import os
import time
import uuid
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Any, Iterable, Iterator, Sequence

from . import batch, dates, decode

EXTRA = "pip install 'xcparse[dask]'"
GLOB_CHARS = "*?["
DEFAULT_FILES_PER_PARTITION = 64
PART_PREFIX = "part-"
PART_SUFFIX = ".jsonl"
TMP_SUFFIX = ".xcparse-tmp"
#: Filesystems that live inside one process: their files are read on the client and
#: travel with the tasks (workers in other processes would see an empty filesystem).
IN_PROCESS_PROTOCOLS = frozenset({"memory"})


class MissingExtra(ImportError):
    """Dask, distributed or fsspec is not installed; ``str(e)`` is a one-line message."""


class OutputExists(ValueError):
    """The output location already holds parts of an earlier run."""


def require() -> None:
    """Raise :class:`MissingExtra` (one line, naming the extra) unless Dask can run."""
    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
        import fsspec  # noqa: F401
    except ImportError as exc:
        missing = exc.name or "dask"
        raise MissingExtra(f"--dask needs the dask extra ({missing} is not installed): {EXTRA}") from None


# ---------------------------------------------------------------------------
# Finding the pages and cutting them into parts


@dataclass(frozen=True, slots=True)
class RemotePage:
    """One page file behind a URL."""

    path: str                   # the filesystem's own form of the path (no protocol)
    source: str                 # as shown in the output: the URL as given, plus the path below it
    relative: str               # below the folder or glob root (POSIX form): the record ids' stem
    error: str | None = None    # found unusable while discovering
    data: bytes | None = None   # read on the client (IN_PROCESS_PROTOCOLS)

    @property
    def issue(self) -> tuple[str, str | None]:
        """The pages of one issue share a folder and a date (from the path)."""
        return str(PurePosixPath(self.relative).parent), dates.page_date_from_path(self.source)


@dataclass(frozen=True)
class Part:
    """The unit of work of one task: whole issues, pages in input order."""

    index: int
    fs: Any                     # the fsspec filesystem (picklable; None when every page has an error)
    pages: tuple[RemotePage, ...]


def _protocols(fs) -> set[str]:
    protocol = fs.protocol
    return {protocol} if isinstance(protocol, str) else set(protocol)


def _sort_key(page: RemotePage) -> tuple[str, ...]:
    return tuple(page.relative.split("/"))  # as batch.discover sorts a folder


def find_pages(urlpath: str, storage_options: dict | None = None) -> tuple[Any, list[RemotePage]]:
    """The filesystem and the pages of one URL: a file, a folder (every ``*.txt`` below,
    sorted as the local batch sorts them) or a glob (``**`` for any depth). Sources and
    stems follow the local batch, so a local path gives the same records either way."""
    from fsspec.core import url_to_fs

    fs, path = url_to_fs(urlpath, **(storage_options or {}))
    first_glob = min((i for i, c in enumerate(urlpath) if c in GLOB_CHARS), default=-1)
    if first_glob >= 0:
        cut = urlpath.rfind("/", 0, first_glob)
        written_root = urlpath[:cut] if cut > 0 else ("/" if cut == 0 else "")
        root = fs._strip_protocol(written_root or ".").rstrip("/")
        found = fs.glob(path, detail=True)
        files = [p for p, info in found.items() if info.get("type") == "file"]
        if not files:
            return fs, [RemotePage(path, urlpath, PurePosixPath(path).name, error="matches no files")]
    elif fs.isdir(path):
        written_root, root = urlpath, path.rstrip("/")
        files = [p for p, info in fs.find(path, detail=True).items()
                 if info.get("type") == "file" and p.lower().endswith(".txt")]
        if not files:
            return fs, [RemotePage(path, urlpath, PurePosixPath(path).name or urlpath,
                                   error="folder has no .txt files")]
    elif fs.isfile(path):
        return fs, [RemotePage(path, urlpath, PurePosixPath(path).name)]
    else:
        return fs, [RemotePage(path, urlpath, PurePosixPath(path).name or urlpath,
                               error="no such file or folder")]
    pages = []
    for file in files:
        relative = file[len(root) + 1:] if file.startswith(root + "/") else PurePosixPath(file).name
        source = f"{written_root.rstrip('/')}/{relative}" if written_root else relative
        if written_root == "/":
            source = f"/{relative}"
        pages.append(RemotePage(file, source, relative))
    return fs, sorted(pages, key=_sort_key)


def issues(pages: Sequence[RemotePage]) -> Iterator[list[RemotePage]]:
    """Runs of consecutive pages of one issue (:attr:`RemotePage.issue`)."""
    current: list[RemotePage] = []
    for page in pages:
        if current and page.issue != current[-1].issue:
            yield current
            current = []
        current.append(page)
    if current:
        yield current


def plan(urlpaths: str | Iterable[str], *, storage_options: dict | None = None,
         files_per_partition: int = DEFAULT_FILES_PER_PARTITION,
         max_bytes: int = decode.DEFAULT_MAX_BYTES) -> list[Part]:
    """Find the pages of every URL and cut them into parts of whole issues.

    An issue is never split across parts when its date is known (from a file or folder
    name), however many pages it has, so a part can hold an issue's jumps from page to
    page; pages with no date in their path are cut every ``files_per_partition``. A URL
    named twice is read once."""
    if isinstance(urlpaths, str):
        urlpaths = [urlpaths]
    parts: list[Part] = []
    seen: set[tuple[str, str]] = set()
    for urlpath in urlpaths:
        fs, found = find_pages(urlpath, storage_options)
        key_of = lambda page: (min(_protocols(fs)), page.path)  # noqa: E731
        pages = [p for p in found if p.error or key_of(p) not in seen]
        seen.update(key_of(p) for p in pages)
        if _protocols(fs) & IN_PROCESS_PROTOCOLS:
            pages = [_read_here(fs, p, max_bytes) for p in pages]
        current: list[RemotePage] = []
        for issue in issues(pages):
            if current and len(current) + len(issue) > files_per_partition:
                parts.append(Part(len(parts), fs, tuple(current)))
                current = []
            if issue[0].issue[1] is None:  # undated: may be cut
                while len(current) + len(issue) > files_per_partition:
                    room = files_per_partition - len(current)
                    parts.append(Part(len(parts), fs, tuple(current + issue[:room])))
                    current, issue = [], issue[room:]
            current.extend(issue)
        if current:
            parts.append(Part(len(parts), fs, tuple(current)))
    return parts


def _read_here(fs, page: RemotePage, max_bytes: int) -> RemotePage:
    if page.error:
        return page
    try:
        return replace(page, data=_reader(fs, page.path, max_bytes)())
    except decode.InputError as exc:
        return replace(page, error=str(exc))


def _reader(fs, path: str, max_bytes: int):
    """A function reading the page's bytes through fsspec; failures as one-line InputErrors."""
    def read() -> bytes:
        try:
            with fs.open(path, "rb") as handle:
                return decode.read_stream(handle, max_bytes)
        except decode.InputError:
            raise
        except FileNotFoundError:
            raise decode.InputError("no such file or folder") from None
        except PermissionError:
            raise decode.InputError("permission denied: cannot read the file") from None
        except IsADirectoryError:
            raise decode.InputError("is a folder") from None
        except Exception as exc:  # a remote store's own errors
            first_line = (str(exc).splitlines() or [""])[0]
            raise decode.InputError(f"cannot be read: {type(exc).__name__}: {first_line}") from None
    return read


# ---------------------------------------------------------------------------
# What a task does


def part_results(part: Part, options: batch.Options) -> list[batch.PageResult]:
    """Every page of the part through the local batch's per-page function, in order.

    A pure function of its arguments (it reads the files and nothing else); failures
    are in ``PageResult.error``, never exceptions."""
    results: list[batch.PageResult] = []
    for issue in issues(part.pages):
        results.extend(_issue_results(issue, part.fs, options))
    return results


def _issue_results(pages: list[RemotePage], fs, options: batch.Options) -> list[batch.PageResult]:
    """The pages of one issue, in page order; with ``stitch`` its stories are joined
    across its pages (:func:`xcparse.batch.process_issue`), as the local batch does."""
    entries = [batch.PageInput(page.source, page.source, page.relative, error=page.error)
               for page in pages]
    datas = [page.data if page.data is not None else _reader(fs, page.path, options.max_bytes)
             for page in pages]
    if options.stitch:
        return batch.process_issue(entries, options, datas=datas)
    return [batch.process_page(entry, options, data) for entry, data in zip(entries, datas)]


def _items(parts: list[Part], options: batch.Options, pages: bool, on_failure: str) -> list[dict]:
    """The records (or page objects) of the bag partition's parts, parsed back from the
    very text the command line writes."""
    items: list[dict] = []
    for part in parts:
        for result in part_results(part, options):
            if result.error:
                if on_failure == "raise":
                    raise decode.InputError(f"{result.source}: {result.error}")
                continue
            if pages:
                items.append(json.loads(result.serialised))
            else:
                items.extend(json.loads(line) for line in result.serialised.split(b"\n") if line)
    return items


def _results(parts: list[Part], options: batch.Options) -> list[batch.PageResult]:
    return [result for part in parts for result in part_results(part, options)]


def options_for(*, pages: bool = False, encoding: str | None = None, errors: str = "strict",
                page_date: str | None = None, convert: str | None = None,
                max_bytes: int = decode.DEFAULT_MAX_BYTES, stitch: bool = False) -> batch.Options:
    """The batch options of a Dask run: the command line's, serialised as jsonl (records)
    or compact json (pages), never written by the page function itself."""
    if convert is not None:
        from .convert import CONVERSIONS

        if convert not in CONVERSIONS:
            raise ValueError(f"unknown conversion {convert!r}; choose one of {', '.join(CONVERSIONS)}")
    if page_date is not None:
        dates.parse_iso(page_date)
    return batch.Options(fmt="json" if pages else "jsonl", encoding=encoding, errors=errors,
                         page_date=page_date, convert=convert, max_bytes=max_bytes, stitch=stitch)


def _bag(parts: list[Part]):
    import dask.bag as db

    return db.from_sequence(parts, partition_size=1) if parts else db.from_sequence([], npartitions=1)


def extract_bag(urlpath: str | Iterable[str], *, pages: bool = False, encoding: str | None = None,
                errors: str = "strict", page_date: str | None = None, convert: str | None = None,
                max_bytes: int = decode.DEFAULT_MAX_BYTES, storage_options: dict | None = None,
                files_per_partition: int = DEFAULT_FILES_PER_PARTITION, on_failure: str = "skip",
                stitch: bool = False):
    """The records of every page behind ``urlpath`` as a ``dask.bag.Bag`` of dicts (the
    jsonl objects, ``id`` and ``source`` first), or the page objects with ``pages=True``.

    Options as on the command line: ``encoding`` (default: detected), ``errors``
    (strict/replace), ``page_date`` (default: a date in the file or folder name),
    ``convert`` (an OpenCC conversion such as ``t2s``), ``stitch`` (a story printed
    across an issue's pages joined into one record, as ``--stitch``). A file that fails is left out
    (``on_failure="skip"``; :func:`page_results` says why) or fails the computation
    (``"raise"``). One bag partition per part: whole issues, in input order.

    >>> bag = extract_bag("seeds/*.txt")                      # doctest: +SKIP
    >>> bag.filter(lambda r: r["kind"] == "article").pluck("title").take(2)  # doctest: +SKIP
    """
    if on_failure not in ("skip", "raise"):
        raise ValueError("on_failure is 'skip' or 'raise'")
    require()
    options = options_for(pages=pages, encoding=encoding, errors=errors, page_date=page_date,
                          convert=convert, max_bytes=max_bytes, stitch=stitch)
    parts = plan(urlpath, storage_options=storage_options, files_per_partition=files_per_partition,
                 max_bytes=max_bytes)
    return _bag(parts).map_partitions(_items, options, pages, on_failure)


def page_results(urlpath: str | Iterable[str], *, storage_options: dict | None = None,
                 files_per_partition: int = DEFAULT_FILES_PER_PARTITION, **options):
    """One :class:`xcparse.batch.PageResult` per file (``source``, ``records``, ``error``,
    ``serialised`` jsonl), bad files included: a bag to find what failed and why.
    ``options`` as for :func:`extract_bag`."""
    require()
    batch_options = options_for(**options)
    parts = plan(urlpath, storage_options=storage_options, files_per_partition=files_per_partition,
                 max_bytes=batch_options.max_bytes)
    return _bag(parts).map_partitions(_results, batch_options)


# ---------------------------------------------------------------------------
# Writing JSONL parts (the command line)


def part_name(index: int, count: int) -> str:
    """``part-00007.jsonl``: numbered in input order, so the parts concatenate to the local output."""
    return f"{PART_PREFIX}{index:0{max(5, len(str(count - 1)))}}{PART_SUFFIX}"


def write_part(part: Part, options: batch.Options, out_fs, out_root: str,
               count: int) -> list[batch.PageResult]:
    """Process the part and write its records as one JSONL file, all or nothing: on a
    local disk under a temporary name renamed into place, on an object store as one
    upload (an object appears whole or not at all). The name depends on the part only,
    so a part run again (its worker died) writes the same file again, never a second one.
    Returns the results without their text."""
    results = part_results(part, options)
    data = b"".join(r.serialised or b"" for r in results if not r.error)
    target = f"{out_root.rstrip('/')}/{part_name(part.index, count)}"
    try:
        put_atomically(out_fs, target, data)
    except Exception as exc:
        reason = f"cannot write output {target}: {getattr(exc, 'strerror', None) or exc}"
        return [batch.PageResult(r.source, error=r.error or reason) for r in results]
    return [replace(r, serialised=None) for r in results]


def put_atomically(fs, path: str, data: bytes) -> None:
    if "file" in _protocols(fs):
        folder, name = path.rsplit("/", 1)
        tmp = f"{folder}/.{name}.{os.getpid()}-{uuid.uuid4().hex[:8]}{TMP_SUFFIX}"
        try:
            fs.pipe_file(tmp, data)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    else:
        fs.pipe_file(path, data)


def existing_parts(out_fs, out_root: str) -> list[str]:
    if not out_fs.exists(out_root):
        return []
    return [p for p in out_fs.ls(out_root, detail=False)
            if PurePosixPath(p).name.startswith(PART_PREFIX) and p.endswith(PART_SUFFIX)]


def write_jsonl(parts: list[Part], options: batch.Options, out_url: str, client, *,
                reporter: batch.Reporter | None = None,
                storage_options: dict | None = None) -> batch.Summary:
    """Run ``parts`` on ``client``'s cluster, one JSONL file per part under ``out_url``.

    The summary and the per-file errors are gathered as the local batch gathers them
    (errors reported as they come, progress advanced per part). A part whose task
    fails for good (its workers died again and again) counts its pages as failed.
    Raises :class:`OutputExists` when ``out_url`` holds parts already (of another run:
    they would mix with these)."""
    from distributed import as_completed
    from fsspec.core import url_to_fs

    reporter = reporter or batch.Reporter()
    out_fs, out_root = url_to_fs(out_url, **(storage_options or {}))
    if found := existing_parts(out_fs, out_root):
        raise OutputExists(f"{out_url} already holds {len(found)} {PART_PREFIX}*{PART_SUFFIX} "
                           "files of an earlier run; remove them or choose another folder")
    out_fs.makedirs(out_root, exist_ok=True)
    options = replace(options, fmt="jsonl", out_dir=None, pretty=False)
    summary = batch.Summary(stitch=options.stitch)
    started = time.perf_counter()
    futures = client.map(write_part, parts, options=options, out_fs=out_fs, out_root=out_root,
                         count=len(parts), pure=False)
    part_of = {future.key: part for future, part in zip(futures, parts)}
    reporter.start(sum(len(p.pages) for p in parts))
    try:
        for future in as_completed(futures):
            try:
                results = future.result()
            except Exception as exc:  # e.g. KilledWorker: the part's workers kept dying
                first_line = (str(exc).splitlines() or [""])[0]
                reason = f"not processed: {type(exc).__name__}: {first_line}"
                results = [batch.PageResult(p.source, error=reason) for p in part_of[future.key].pages]
            for result in results:
                if result.error:
                    summary.failed += 1
                    summary.failures.append((result.source, result.error))
                    reporter.error(result.source, result.error)
                else:
                    summary.pages += 1
                    summary.records += result.records
                    summary.stitched += result.stitched
                    summary.unmatched.extend(result.unmatched)
            reporter.advance(len(results))
    except KeyboardInterrupt:
        summary.interrupted = True
        client.cancel(futures)
    finally:
        reporter.stop()
        _remove_leftovers(out_fs, out_root)
        summary.seconds = time.perf_counter() - started
    return summary


def _remove_leftovers(out_fs, out_root: str) -> None:
    """Temporary files of parts whose worker died between writing and renaming."""
    if "file" not in _protocols(out_fs):
        return
    with contextlib.suppress(OSError):
        for path in out_fs.ls(out_root, detail=False):
            if path.endswith(TMP_SUFFIX):
                with contextlib.suppress(OSError):
                    os.unlink(path)


@contextlib.contextmanager
def connect(address: str, workers: int | None = None):
    """A distributed Client: ``local`` starts a LocalCluster of ``workers`` processes
    (one thread each) on this machine; anything else is a scheduler address."""
    import logging

    from distributed import Client, LocalCluster

    if address == "local":
        with LocalCluster(n_workers=workers or batch.default_jobs(), threads_per_worker=1,
                          processes=True, dashboard_address=None,
                          silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            yield client
    else:
        with Client(address, timeout="20s") as client:
            yield client
