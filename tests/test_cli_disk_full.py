"""A full disk (or quota, or read-only file system) while writing: the batch stops at
the first such error, says how many pages were not written, exits 1, and leaves no
half-written file.

No real full disk is needed: the CLI runs in-process with the output module's
``open`` replaced by one whose files refuse their bytes with the chosen errno (the
real ``atomic_file``, ``write_page_file``, ``process_page`` and ``batch.run`` code
paths run; with ``-j 2`` the forked workers inherit the replacement). Standard
output is tested for real, against ``/dev/full``.
"""
from __future__ import annotations

import errno
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xcparse import batch, output
from xcparse.cli import app

PAGES = 40
FULL_FROM = 10  # pages p010 and later find the disk full

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="-j 2 shares the patch by fork")


class _Refusing(io.RawIOBase):
    """A file that exists on disk but takes only ``room`` bytes, then fails with ``code``."""

    def __init__(self, path, code: int, room: int = 0):
        self._file = io.FileIO(path, "w")
        self.code, self.room = code, room

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if len(data) > self.room:
            raise OSError(self.code, os.strerror(self.code))
        self.room -= len(data)
        return self._file.write(data)

    def close(self) -> None:
        self._file.close()
        super().close()


def _pages(folder: Path, count: int = PAGES) -> Path:
    folder.mkdir()
    for i in range(count):
        (folder / f"p{i:03}.txt").write_text("标题\n\n本报讯 正文。\n", encoding="utf-8")
    return folder


def _page_number(name: str) -> int:
    return int(re.search(r"p(\d{3})\.", os.path.basename(name)).group(1))


def _fill_disk(monkeypatch, attempts: Path, code: int = errno.ENOSPC, refuse=None):
    """Files opened by the output module for pages ``refuse`` picks (default: from
    FULL_FROM on) take no bytes; every opening is logged in ``attempts``."""
    refuse = refuse or (lambda name: _page_number(name) >= FULL_FROM)

    def fake_open(path, mode="r", *args, **kwargs):
        with open(attempts, "a", encoding="utf-8") as log:  # shared by forked workers
            log.write(os.path.basename(path) + "\n")
        if refuse(os.fspath(path)):
            return io.BufferedWriter(_Refusing(path, code))
        return open(path, mode, *args, **kwargs)

    monkeypatch.setattr(output, "open", fake_open, raising=False)


def _run(*args):
    return CliRunner().invoke(app, ["extract", *map(str, args)], catch_exceptions=False)


def _no_temporary_files(folder: Path) -> bool:
    return not [p for p in folder.rglob("*") if output.TMP_SUFFIX in p.name]


@pytest.mark.parametrize("jobs, code", [
    (1, errno.ENOSPC), (2, errno.ENOSPC), (1, errno.EDQUOT), (1, errno.EROFS), (2, errno.EROFS),
])
def test_output_dir_stops_at_the_first_full_disk_error(tmp_path, monkeypatch, jobs, code):
    src, out, attempts = _pages(tmp_path / "in"), tmp_path / "out", tmp_path / "attempts"
    _fill_disk(monkeypatch, attempts, code)
    result = _run(src, "-o", f"{out}/", "-j", jobs, "--format", "jsonl")
    assert result.exit_code == 1, result.output
    message = [line for line in result.stderr.splitlines() if "stopped writing" in line]
    assert message == [
        f"xcparse: error: cannot write {out}/p{FULL_FROM:03}.jsonl: {os.strerror(code)}; "
        f"stopped writing: {PAGES - FULL_FROM} of {PAGES} pages not written; the page files "
        "written are complete: when there is room, run the same command with --skip-existing "
        "to resume"]
    assert "()" not in result.stderr and "Traceback" not in result.stderr
    assert f"{FULL_FROM} pages" in result.stderr.splitlines()[-1]
    assert f"{PAGES - FULL_FROM} not written" in result.stderr.splitlines()[-1]
    written = sorted(p.name for p in out.iterdir())
    assert written == [f"p{i:03}.jsonl" for i in range(FULL_FROM)]  # whole files only
    assert _no_temporary_files(out)
    tried = attempts.read_text(encoding="utf-8").splitlines()
    if jobs == 1:
        assert len(tried) == FULL_FROM + 1  # nothing is tried after the first failure
    else:  # pages already handed to a worker may try too, no more
        assert FULL_FROM + 1 <= len(tried) < PAGES

    monkeypatch.undo()  # room again: the batch resumes where it stopped
    resumed = _run(src, "-o", f"{out}/", "-j", jobs, "--format", "jsonl", "--skip-existing")
    assert resumed.exit_code == 0, resumed.output
    assert f"{FULL_FROM} skipped" in resumed.stderr
    assert len(list(out.iterdir())) == PAGES


def test_output_dir_other_write_errors_fail_their_page_only(tmp_path, monkeypatch):
    src, out = _pages(tmp_path / "in", 6), tmp_path / "out"
    _fill_disk(monkeypatch, tmp_path / "attempts", errno.EACCES,
               refuse=lambda name: _page_number(name) == 2)
    result = _run(src, "-o", f"{out}/", "-j", 1)
    assert result.exit_code == 1
    assert f"xcparse: error: {src}/p002.txt: cannot write {out}/p002.json: Permission denied" \
        in result.stderr.splitlines()
    assert "()" not in result.stderr and "stopped writing" not in result.stderr
    assert len(list(out.glob("*.json"))) == 5 and _no_temporary_files(out)


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("room, buffer", [(2000, 256), (0, 10**6)],
                         ids=["while-writing", "at-close"])
def test_output_file_is_left_as_it_was(tmp_path, monkeypatch, jobs, room, buffer):
    src, target = _pages(tmp_path / "in"), tmp_path / "all.jsonl"
    target.write_text("old\n", encoding="utf-8")

    def fake_open(path, mode="r", *args, **kwargs):
        # the combined file takes ``room`` bytes; its buffer holds ``buffer`` bytes (all
        # of the output at-close: the error comes when it is flushed at the end)
        return io.BufferedWriter(_Refusing(path, errno.ENOSPC, room), buffer_size=buffer)

    monkeypatch.setattr(output, "open", fake_open, raising=False)
    result = _run(src, "-o", target, "-j", jobs)
    assert result.exit_code == 1, result.output
    assert (f"xcparse: error: cannot write {target}: No space left on device; stopped writing: "
            f"{PAGES} of {PAGES} pages not written; nothing was written to {target}"
            ) in result.stderr.splitlines()
    assert "Traceback" not in result.stderr and "()" not in result.stderr
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all.jsonl", "in"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_standard_output_on_a_full_device(tmp_path, jobs):
    src = _pages(tmp_path / "in")
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "xcparse", "extract", str(src), "-j", jobs,
                               "--format", "jsonl"], stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=120)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[0] == ("xcparse: error: cannot write standard output: No space left on device; "
                        f"stopped writing: {PAGES} of {PAGES} pages not written")
    assert len(lines) == 2 and f"{PAGES} not written" in lines[1]  # and the summary, no more
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def test_summary_counts_pages_not_written():
    summary = batch.Summary(pages=3, records=7, todo=5, stopped="cannot write x", not_written=2)
    assert summary.line().startswith("xcparse: 3 pages, 7 records, 0 failed, 2 not written, ")


def test_run_stops_at_a_full_sink(tmp_path):
    """The library call: a stream that fails makes ``run`` stop and count, not raise."""
    src = _pages(tmp_path / "in", 5)
    sink = output.StreamWriter(io.BufferedWriter(_Refusing(tmp_path / "x", errno.ENOSPC, 0),
                                                 buffer_size=1), "jsonl", name="x", flush_each=True)
    summary = batch.run(batch.discover([str(src)]), batch.Options(fmt="jsonl"), sink=sink)
    assert summary.stopped == "cannot write x: No space left on device"
    assert (summary.pages, summary.not_written, summary.todo) == (0, 5, 5)
    assert json.dumps(summary.failures) == "[]"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["schema"], ["show", "-"]])
def test_other_commands_on_a_full_device(command):
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "xcparse", *command], input="标题\n\n正文。\n",
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr == "xcparse: error: No space left on device\n"
