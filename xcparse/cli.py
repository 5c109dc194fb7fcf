"""The ``xcparse`` command: a thin typer layer over decode, batch, output and schema.

Only typer is imported at start-up; rich is imported when a progress bar, ``show`` or
help needs it, and OpenCC / charset-normalizer / multiprocessing only when used, so
a single page stays fast. Exit codes: 0 all converted, 1 some input failed,
2 usage error, 130 interrupted.
"""
from __future__ import annotations

import enum
import os
import sys
from pathlib import Path
from typing import List, Optional

import typer

from . import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

app = typer.Typer(
    name="xcparse",
    help="Turn the text of Chinese city-daily newspaper pages into article records.\n\n"
         "Example: [bold]pdftotext page.pdf - | xcparse extract - --format jsonl[/bold]",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(str, enum.Enum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class Conversion(str, enum.Enum):
    t2s = "t2s"
    s2t = "s2t"
    s2tw = "s2tw"
    s2hk = "s2hk"
    tw2s = "tw2s"
    hk2s = "hk2s"


class Errors(str, enum.Enum):
    strict = "strict"
    replace = "replace"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"xcparse {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    # the group's help is Typer(help=...) above; this callback only holds --version
    pass


def _usage_error(message: str) -> typer.Exit:
    """One line on stderr and exit code 2 (returned so callers can ``raise`` it)."""
    typer.echo(f"xcparse: usage error: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def _input_error(source: str, reason: str) -> typer.Exit:
    typer.echo(f"xcparse: error: {source}: {reason}", err=True)
    return typer.Exit(EXIT_FAILED)


def _stdin_is_terminal() -> bool:
    return sys.stdin is None or sys.stdin.isatty()


def _is_output_dir(out: str) -> bool:
    """``-o`` names a folder when it is one, ends with a slash, or has no file suffix."""
    if os.path.isdir(out) or out.endswith(("/", os.sep)):
        return True
    return not os.path.lexists(out) and Path(out).suffix == ""


def _same_file(a, b) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _check_date(date: str | None) -> None:
    if date is not None:
        from .dates import parse_iso

        try:
            parse_iso(date)
        except ValueError as exc:
            raise _usage_error(f"--date: {exc}") from None


def _check_encoding(encoding: str | None) -> None:
    if encoding is not None:
        import codecs

        try:
            codecs.lookup(encoding)
        except LookupError:
            raise _usage_error(f"--encoding: unknown encoding {encoding!r}") from None


@app.command(
    epilog="Examples:\n\n"
           "  cat page.txt | xcparse extract - --format jsonl | jq .title\n\n"
           "  xcparse extract pages/ -o out/ --format csv --bom --skip-existing\n\n"
           "  xcparse extract 20230621/p01.txt --convert s2t -o p01.json\n\n"
           "  xcparse extract 20230621/p01.pdf --format jsonl",
)
def extract(
    inputs: Optional[List[str]] = typer.Argument(
        None, metavar="[INPUT]...",
        help="Page text files, PDF files (one page object per PDF page; needs xcparse[pdf]), "
             "folders (every *.txt and *.pdf below, sorted) or - for standard input "
             "(the default when input is piped)."),
    output: Optional[str] = typer.Option(
        None, "--output", "-o", metavar="FILE|DIR",
        help="One combined FILE, or a DIR (existing, ending in /, or without suffix) with one "
             "file per page mirroring the input tree. Default: standard output."),
    fmt: Optional[Format] = typer.Option(
        None, "--format", "-f", case_sensitive=False,
        help="json: a page object per input (an array for several); jsonl: one record per line; "
             "csv: one record per row. Default: from the -o suffix, else json."),
    date: Optional[str] = typer.Option(
        None, "--date", metavar="YYYY-MM-DD",
        help="The page's date, for ISO lead dates. Default: a YYYYMMDD or YYYY-MM-DD in the "
             "file or folder name."),
    encoding: Optional[str] = typer.Option(
        None, "--encoding", "-e",
        help="Input encoding (e.g. gb18030, big5, utf-16). Default: detected."),
    errors: Errors = typer.Option(
        Errors.strict, "--errors",
        help="strict: refuse undecodable bytes; replace: decode them as U+FFFD."),
    convert: Optional[Conversion] = typer.Option(
        None, "--convert", help="Convert the output with OpenCC (t2s: Traditional to Simplified...)."),
    bom: bool = typer.Option(False, "--bom", help="Start csv with a UTF-8 BOM (for Excel on Windows)."),
    jobs: Optional[int] = typer.Option(
        None, "--jobs", "-j", min=1, help="Pages processed in parallel. Default: the number of "
                                          "cores; 1 runs in this process."),
    skip_existing: bool = typer.Option(
        False, "--skip-existing", help="With -o DIR: skip pages whose output file exists "
                                       "(resume an interrupted batch)."),
    max_size: float = typer.Option(
        16.0, "--max-size", metavar="MB", min=0.001, help="Refuse input files larger than this."),
    pretty: Optional[bool] = typer.Option(
        None, "--pretty/--compact", help="json indented, or one line per page. Default: "
                                         "indented on a terminal, else compact (faster)."),
    stitch: bool = typer.Option(
        False, "--stitch", help="Join each story printed across pages (下转第三版 … 上接第一版) into "
                                "one record, within each issue: a folder, or the files whose names "
                                "carry one date. See docs/stitch.md."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary line."),
    dask: Optional[str] = typer.Option(
        None, "--dask", metavar="local|ADDRESS",
        help="Run on a Dask cluster: local starts one on this machine (--jobs workers), or a "
             "scheduler address (tcp://host:8786). Inputs may be fsspec URLs "
             "('s3://bucket/2023/**/*.txt'); -o DIR or URL/ receives JSONL parts. "
             "Needs pip install 'xcparse[dask]' (docs/dask.md)."),
) -> None:
    """Extract the article records of newspaper pages as json, jsonl or csv."""
    from . import batch
    from .decode import path_text
    from .output import SUFFIXES, StreamWriter, atomic_file

    if dask is not None:
        _check_date(date)
        _check_encoding(encoding)
        _extract_on_dask(dask, inputs or [], output, fmt, date=date, encoding=encoding,
                         errors=errors.value, convert=convert.value if convert else None,
                         jobs=jobs, max_size=max_size, quiet=quiet, stitch=stitch,
                         refused={"--bom": bom, "--skip-existing": skip_existing,
                                  "--pretty/--compact": pretty is not None})

    if not inputs:
        if _stdin_is_terminal():
            raise _usage_error("no input: name files or folders, or pipe a page into "
                               "standard input (xcparse extract --help)")
        inputs = [batch.STDIN]
    if inputs.count(batch.STDIN) > 1:
        raise _usage_error("standard input (-) can be read only once")
    _check_date(date)
    _check_encoding(encoding)

    out_dir: Path | None = None
    out_file: Path | None = None
    if output is not None:
        if _is_output_dir(output):
            out_dir = Path(output)
        else:
            out_file = Path(output)
    if fmt is None:
        by_suffix = {v: k for k, v in SUFFIXES.items()}
        fmt_name = by_suffix.get(out_file.suffix.lower(), "json") if out_file else "json"
    else:
        fmt_name = fmt.value
    if bom and fmt_name != "csv":
        raise _usage_error("--bom is only for --format csv (a BOM makes JSON invalid)")
    if skip_existing and out_dir is None:
        raise _usage_error("--skip-existing needs -o DIR (one output file per page)")
    if out_dir is not None and os.path.lexists(out_dir) and not os.path.isdir(out_dir):
        raise _usage_error(f"-o {path_text(output)}: exists and is not a folder")

    pages = batch.discover(inputs)
    if out_file is not None:
        for page in pages:
            if page.path is not None and page.error is None and os.path.exists(out_file) \
                    and _same_file(page.path, out_file):
                raise _usage_error(f"-o {path_text(output)} is an input file; it will not be "
                                   "overwritten")

    options = batch.Options(
        fmt=fmt_name, encoding=encoding, errors=errors.value, page_date=date,
        convert=convert.value if convert else None, bom=bom,
        max_bytes=int(max_size * 2**20), out_dir=out_dir, stitch=stitch,
        pretty=pretty if pretty is not None else (output is None and sys.stdout.isatty()))
    as_array = len(inputs) > 1 or any(os.path.isdir(i) for i in inputs if i != batch.STDIN)
    if not as_array:  # a PDF of several pages gives a page object each
        if inputs[0] == batch.STDIN:
            as_array = None  # an array if more than one page comes
        else:
            from .pdfpages import page_count

            as_array = page_count(inputs[0]) > 1
    reporter = batch.choose_reporter(sys.stderr)
    run = dict(jobs=jobs or batch.default_jobs(), skip_existing=skip_existing, reporter=reporter)

    shown = path_text(output) if output is not None else "standard output"
    summary: batch.Summary | None = None
    interrupted = False
    try:
        if out_file is not None:
            try:
                with atomic_file(out_file) as handle:
                    sink = StreamWriter(handle, fmt_name, as_array=as_array, bom=bom, name=shown)
                    summary = batch.run(pages, options, sink=sink, **run)
                    if summary.interrupted or summary.stopped:
                        raise _Discard  # the temporary file is removed
                    sink.close()
            except _Discard:
                pass
            except OSError as exc:  # creating, flushing or renaming the file
                if summary is None:  # the file could not even be created
                    todo = sum(p.error is None for p in pages)
                    summary = batch.Summary(todo=todo, not_written=todo)
                summary.stopped = f"cannot write {shown}: {exc.strerror or exc}"
            if summary.stopped:  # whatever went to the temporary file is gone
                summary.not_written += summary.pages
                summary.pages = summary.records = 0
        elif out_dir is not None:
            summary = batch.run(pages, options, **run)
        else:
            sys.stdout.flush()
            sink = StreamWriter(sys.stdout.buffer, fmt_name, as_array=as_array, bom=bom,
                                name=shown, flush_each=True)
            summary = batch.run(pages, options, sink=sink, **run)
            if not summary.interrupted and not summary.stopped:
                try:
                    sink.close()
                except BrokenPipeError:
                    raise
                except OSError as exc:
                    summary.stopped = f"cannot write {shown}: {exc.strerror or exc}"
            if summary.stopped:
                _silence_stdout()  # its unwritten buffer would fail again at exit
        interrupted = summary.interrupted
    except KeyboardInterrupt:
        interrupted = True
    if interrupted:
        if out_dir is not None:
            hint = ("the page files written are complete; run the same command with "
                    "--skip-existing to resume")
        elif out_file is not None:
            hint = (f"nothing was written to {shown}; for a resumable batch write one file "
                    "per page with -o DIR and --skip-existing")
        else:
            hint = "for a resumable batch write one file per page with -o DIR and --skip-existing"
        typer.echo(f"xcparse: interrupted; {hint}", err=True)
        raise typer.Exit(EXIT_INTERRUPTED)
    assert summary is not None
    if summary.stopped:
        if out_dir is not None:
            hint = ("; the page files written are complete: when there is room, run the same "
                    "command with --skip-existing to resume")
        elif out_file is not None:
            hint = f"; nothing was written to {shown}"
        else:
            hint = ""
        count = summary.not_written
        typer.echo(f"xcparse: error: {summary.stopped}; stopped writing: {count} of "
                   f"{summary.todo} page{'s' * (summary.todo != 1)} not written{hint}", err=True)
    if not quiet:
        typer.echo(summary.line(), err=True)
        for item in summary.unmatched:
            typer.echo(f"xcparse: unmatched: {item}", err=True)
    raise typer.Exit(EXIT_FAILED if summary.failed or summary.stopped else EXIT_OK)


class _Discard(Exception):
    """Leave the ``-o FILE`` block without renaming its temporary file into place."""


def _silence_stdout() -> None:
    """Point standard output at the null device, so nothing more fails writing it."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _extract_on_dask(address: str, inputs: List[str], output: Optional[str], fmt, *, date,
                     encoding, errors: str, convert, jobs, max_size: float, quiet: bool,
                     stitch: bool, refused: dict) -> None:
    """``extract --dask``: JSONL parts under -o, the summary and errors as the local batch."""
    from . import batch
    from . import dask as on_dask

    if not inputs:
        raise _usage_error("--dask needs input files, folders or URLs (standard input stays local)")
    if "-" in inputs:
        raise _usage_error("--dask cannot read standard input; name files, folders or URLs")
    if output is None:
        raise _usage_error("--dask writes JSONL parts: give -o DIR/ or -o URL/")
    if fmt is not None and fmt.value != "jsonl":
        raise _usage_error("--dask writes jsonl only (one record per line, one file per part)")
    for flag, given in refused.items():
        if given:
            raise _usage_error(f"{flag} is not available with --dask")
    if jobs is not None and address != "local":
        raise _usage_error("--jobs sets the workers of --dask local; a cluster's workers are its own")
    try:
        on_dask.require()
    except on_dask.MissingExtra as exc:
        typer.echo(f"xcparse: error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    options = on_dask.options_for(encoding=encoding, errors=errors, page_date=date,
                                  convert=convert, max_bytes=int(max_size * 2**20), stitch=stitch)
    summary = None
    try:
        parts = on_dask.plan(inputs, max_bytes=options.max_bytes)
        with on_dask.connect(address, jobs) as client:
            summary = on_dask.write_jsonl(parts, options, output, client,
                                          reporter=batch.choose_reporter(sys.stderr))
    except on_dask.OutputExists as exc:
        raise _usage_error(f"-o {exc}") from None
    except KeyboardInterrupt:
        summary = None
    except Exception as exc:  # a URL fsspec cannot open, no driver for it, a scheduler down...
        first_line = (str(exc).splitlines() or [""])[0]
        typer.echo(f"xcparse: error: {type(exc).__name__}: {first_line}", err=True)
        raise typer.Exit(EXIT_FAILED) from None
    if summary is None or summary.interrupted:
        typer.echo(f"xcparse: interrupted; the parts written under {output} are complete", err=True)
        raise typer.Exit(EXIT_INTERRUPTED)
    if not quiet:
        typer.echo(summary.line(), err=True)
        for item in summary.unmatched:
            typer.echo(f"xcparse: unmatched: {item}", err=True)
    raise typer.Exit(EXIT_FAILED if summary.failed else EXIT_OK)


@app.command(epilog="Example:\n\n  xcparse show seeds/004_f0e48d5ccb6aaaee.txt | less -R")
def show(
    file: str = typer.Argument(..., metavar="FILE", help="A page text file, a PDF (every page, with each "
                                                         "line's type size), or - for standard input."),
    date: Optional[str] = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="The page's date."),
    encoding: Optional[str] = typer.Option(None, "--encoding", "-e", help="Input encoding. Default: detected."),
    errors: Errors = typer.Option(Errors.strict, "--errors", help="strict or replace undecodable bytes."),
    color: Optional[bool] = typer.Option(None, "--color/--no-color",
                                         help="Force colours on or off. Default: on for a terminal."),
) -> None:
    """Show a page's lines coloured by role, with record boundaries and the rule behind each role."""
    from . import batch, decode
    from .pdfpages import is_pdf, is_pdf_file

    _check_date(date)
    _check_encoding(encoding)
    options = batch.Options(encoding=encoding, errors=errors.value, page_date=date)
    source = batch.STDIN_SOURCE if file == batch.STDIN else decode.path_text(file)
    pdf = None  # a PDF's path or bytes
    try:
        if file == batch.STDIN:
            data = decode.read_stream(sys.stdin.buffer, options.max_bytes)
            path = None
        else:
            path = Path(file)
            pdf = path if is_pdf_file(path) else None
            data = b"" if pdf else decode.read_bytes(path, options.max_bytes)
        if pdf is None and is_pdf(data):
            pdf = data
        if pdf is None:
            decoded_page = batch.extract_bytes(data, source, path, options)
    except decode.InputError as exc:
        raise _input_error(source, str(exc)) from None
    except Exception as exc:  # an extractor bug: one line, not a traceback
        raise _input_error(source, batch.internal_error(exc)) from None
    if pdf is not None:
        raise typer.Exit(_show_pdf(pdf, source, date, color))
    _render_page(decoded_page, _page_lines(data, options), color=color)


def _show_pdf(pdf, source: str, date: str | None, color: bool | None) -> int:
    """``show`` for a PDF: each page in turn (its lines with their type sizes); a bad
    page is one error line. Returns the exit code."""
    import xcparse

    from .dates import page_date_from_path

    page_date = date or (page_date_from_path(source) if source != "<stdin>" else None)
    failed = False
    try:
        for _, page in xcparse.iter_pdf(pdf, name=source, page_date=page_date):
            if isinstance(page, xcparse.PdfError):
                typer.echo(f"xcparse: error: {source}: {page}", err=True)
                failed = True
            else:
                _render_page(page, [t.text for t in page.trace], color=color)
    except xcparse.PdfError as exc:
        typer.echo(f"xcparse: error: {source}: {exc}", err=True)
        return EXIT_FAILED
    return EXIT_FAILED if failed else EXIT_OK


def _page_lines(data: bytes, options) -> list[str]:
    """The page's raw lines, for ``show`` when the extractor left no trace."""
    from .decode import decode
    from .normalize import split_lines

    return split_lines(decode(data, options.encoding, options.errors).text.lstrip("\ufeff"))


ROLE_STYLES = {
    "title": "bold magenta", "kicker": "magenta", "subtitle": "italic magenta",
    "column": "bold blue", "byline": "cyan", "body": "", "caption": "green",
    "ad": "yellow", "jump": "bold cyan", "furniture": "dim", "blank": "dim", "?": "",
}


def _line_rows(page, raw_lines: list[str]):
    """(number, text, role, rule, record index) per line: the extractor's trace, or,
    when it left none, the raw lines with role "?" and records from their line ranges."""
    if page.trace:
        return [(t.number, t.text, t.role, t.rule + (f" {t.size:g}pt" if t.size else ""), t.record)
                for t in page.trace]
    owner: dict[int, int] = {}
    for index, record in enumerate(page.records):
        first, last = record.lines
        for number in range(first, last + 1) if first else ():
            owner.setdefault(number, index)
    return [(n, text, "?", "", owner.get(n)) for n, text in enumerate(raw_lines, start=1)]


def _render_page(page, raw_lines: list[str], color: bool | None = None) -> None:
    """Print the page: one line per input line with its role and rule, records marked."""
    from rich.console import Console
    from rich.text import Text

    console = Console(force_terminal=color, no_color=color is False, highlight=False,
                      soft_wrap=True)
    rows = _line_rows(page, raw_lines)
    console.print(Text(f"{page.source}: {len(page.records)} records, encoding {page.encoding}, "
                       f"date {page.date or 'unknown'}"
                       + ("" if page.trace else " (no trace from the extractor: roles shown as ?)"),
                       style="bold"))
    width = max(3, len(str(rows[-1][0]))) if rows else 3
    rule_width = max([len(r[3]) for r in rows] + [4])
    current = None
    for number, text, role, rule, record in rows:
        if record is not None and record != current:
            rec = page.records[record] if 0 <= record < len(page.records) else None
            label = f"record {record + 1}"
            if rec is not None:
                label += f" · {rec.kind}" + (f" · {rec.title}" if rec.title else "") \
                    + f" · lines {rec.lines[0]}-{rec.lines[1]}"
            console.print(Text(f"{'─' * (width + 1)} {label} ─────", style="bold reverse"))
        elif record is None and current is not None:
            console.print(Text(f"{'─' * (width + 1)} (outside records) ─────", style="dim"))
        current = record
        style = ROLE_STYLES.get(role, "")
        line = Text()
        line.append(f"{number:>{width}} ", style="dim")
        line.append(f"{role:<9} ", style=style or "default")
        line.append(f"{rule:<{rule_width}} ", style="dim")
        line.append("│ ", style="dim")
        line.append(text, style=style)
        console.print(line)


@app.command(epilog="Example:\n\n  xcparse schema --format jsonl > record.schema.json")
def schema(
    fmt: Format = typer.Option(Format.json, "--format", "-f", case_sensitive=False,
                               help="json: the page object; jsonl: one record line."),
) -> None:
    """Print the JSON Schema of the output."""
    import json

    from .schema import jsonl_record_schema, page_schema

    if fmt is Format.csv:
        from .output import CSV_COLUMNS

        raise _usage_error("csv has no JSON Schema; its columns are: " + ",".join(CSV_COLUMNS))
    document = page_schema() if fmt is Format.json else jsonl_record_schema()
    typer.echo(json.dumps(document, ensure_ascii=False, indent=2))


def main() -> None:
    """Console-script entry point: run the app; a closed pipe (``| head``) ends quietly,
    and an unexpected error is one line (its traceback only with XCPARSE_TRACEBACK=1)."""
    try:
        app()
    except BrokenPipeError:
        # stdout's reader went away: silence the flush at exit, no traceback
        _silence_stdout()
        sys.exit(EXIT_FAILED)
    except KeyboardInterrupt:
        print("xcparse: interrupted", file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)
    except OSError as exc:  # e.g. standard output on a full disk (show, schema)
        if os.environ.get("XCPARSE_TRACEBACK", "") not in ("", "0"):
            raise
        from .decode import path_text

        where = f"{path_text(os.fsdecode(exc.filename))}: " if exc.filename else ""
        print(f"xcparse: error: {where}{exc.strerror or exc}", file=sys.stderr)
        _silence_stdout()  # what is left in its buffer would fail again at exit
        sys.exit(EXIT_FAILED)
    except Exception as exc:
        if os.environ.get("XCPARSE_TRACEBACK", "") not in ("", "0"):
            raise
        first_line = (str(exc).splitlines() or [""])[0]
        print(f"xcparse: internal error: {type(exc).__name__}: {first_line} "
              "(set XCPARSE_TRACEBACK=1 to see where)", file=sys.stderr)
        sys.exit(EXIT_FAILED)
