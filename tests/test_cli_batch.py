"""Batch behaviour: discovery, dates, atomic writes, progress only on a terminal,
Ctrl-C during a batch (nothing half-written, resume with --skip-existing)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from xcparse import batch, dates, output
from xcparse.convert import convert_tree
from xcparse.model import Page, Record

ROOT = Path(__file__).resolve().parents[1]
SEED = sorted((ROOT / "seeds").glob("*.txt"))[-1]


# ---------------------------------------------------------------------------
# Discovery


def test_discover_files_folders_stdin_in_order(tmp_path):
    (tmp_path / "b" / "z").mkdir(parents=True)
    for rel in ("b/z/1.txt", "b/a.txt", "b/B.TXT", "b/skip.json", "b/10.txt", "b/9.txt"):
        (tmp_path / rel).write_text("x")
    single = tmp_path / "single.txt"
    single.write_text("x")
    found = batch.discover([str(single), str(tmp_path / "b"), "-", str(tmp_path / "missing")])
    rel = [p.relative for p in found]
    assert rel == ["single.txt", "10.txt", "9.txt", "B.TXT", "a.txt", "z/1.txt", "stdin.txt", "missing"]
    assert found[6].path is None and found[6].source == batch.STDIN_SOURCE
    assert found[-1].error == "no such file or folder"
    assert all(p.error is None for p in found[:-1])


def test_discover_deduplicates_a_file_named_twice(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text("x")
    assert len(batch.discover([str(page), str(tmp_path), str(page)])) == 1


def test_output_path_mirrors_relative_path(tmp_path):
    page = batch.PageInput(str(tmp_path / "in/2023/p1.txt"), "in/2023/p1.txt", "2023/p1.txt")
    assert batch.output_path(page, tmp_path / "out", "csv") == tmp_path / "out/2023/p1.csv"


def test_default_jobs_is_positive():
    assert batch.default_jobs() >= 1


# ---------------------------------------------------------------------------
# Dates


@pytest.mark.parametrize("name, expected", [
    ("20230621.txt", "2023-06-21"),
    ("xcrb_2023-06-21_p01.txt", "2023-06-21"),
    ("page-20231301.txt", None),          # month 13
    ("000_93577813e5f6534c.txt", None),   # a hash, not a date
    ("a1f20230621bc9e0d4e5f.txt", None),  # inside a long hex run
    ("120230621.txt", None),              # part of a longer number
])
def test_date_in_name(name, expected):
    assert dates.date_in_name(name) == expected


def test_page_date_from_nearest_folder():
    assert dates.page_date_from_path("pages/2023-06-21/A01/p1.txt") == "2023-06-21"
    assert dates.page_date_from_path("2022/20230102/p1.txt") == "2023-01-02"
    assert dates.page_date_from_path("pages/p1.txt") is None


@pytest.mark.parametrize("lead, page, expected", [
    ("6月20日", "2023-06-21", "2023-06-20"),
    ("本报讯 6月20日，", "2023-06-21", "2023-06-20"),
    ("12月31日", "2024-01-02", "2023-12-31"),
    ("1月1日", "2023-12-30", "2023-01-01"),
    ("11月21日", "2023-06-21", "2022-11-21"),      # never after the page's date
    ("6月21日", "2023-06-21", "2023-06-21"),
    ("2月29日", "2023-03-01", "2020-02-29"),
    ("６月２０日", "2023-06-21", "2023-06-20"),
    ("2022年6月20日", "2023-06-21", "2022-06-20"),
    ("2月29日", "2024-03-01", "2024-02-29"),
    ("6月20日", None, None),
    ("6月32日", "2023-06-21", None),
    ("昨天", "2023-06-21", None),
])
def test_lead_date_to_iso(lead, page, expected):
    assert dates.lead_date_to_iso(lead, page) == expected


def test_fill_dates_keeps_what_the_extractor_set():
    page = Page(records=[Record(date="6月20日"), Record(date="6月19日", date_iso="1999-01-01"), Record()])
    dates.fill_dates(page, "2023-06-21")
    assert page.date == "2023-06-21"
    assert [r.date_iso for r in page.records] == ["2023-06-20", "1999-01-01", None]


# ---------------------------------------------------------------------------
# Output files


def test_atomic_file_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "out.json"
    with pytest.raises(KeyboardInterrupt):
        with output.atomic_file(target) as handle:
            handle.write(b"half")
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with output.atomic_file(target) as handle:
            handle.write(b"new")
            raise RuntimeError
    assert target.read_text() == "old" and len(list(tmp_path.iterdir())) == 1
    with output.atomic_file(target) as handle:
        handle.write(b"new")
    assert target.read_text() == "new"


def test_convert_tree_leaves_ids_paths_and_kinds():
    record = {"id": "發展-1", "source": "發展/p.txt", "kind": "article", "title": "發展", "reporters": ["張三"]}
    assert convert_tree(record, "t2s") == {**record, "title": "发展", "reporters": ["张三"]}


def test_summary_line():
    assert batch.Summary(pages=2, records=5, failed=1, seconds=0.5).line() == \
        "xcparse: 2 pages, 5 records, 1 failed, 0.50 s (4 pages/s)"
    assert "3 skipped" in batch.Summary(skipped=3).line()


def test_run_with_library_functions_only(tmp_path):
    """batch.run is usable without typer: results stream to a writer in input order."""
    import io

    for name in ("b.txt", "a.txt"):
        (tmp_path / name).write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"")
    buffer, errors = io.BytesIO(), io.StringIO()
    sink = output.StreamWriter(buffer, "json", as_array=True)
    summary = batch.run(batch.discover([str(tmp_path)]), batch.Options(), sink=sink,
                        reporter=batch.Reporter(errors))
    sink.close()
    pages = json.loads(buffer.getvalue())
    assert [Path(p["source"]).name for p in pages] == ["a.txt", "b.txt"]
    assert (summary.pages, summary.failed) == (2, 1)
    assert errors.getvalue() == f"xcparse: error: {tmp_path / 'c.txt'}: is empty\n"


# ---------------------------------------------------------------------------
# Subprocess: progress bar, interrupt


def test_progress_bar_goes_to_a_terminal_stderr_never_to_stdout(tmp_path):
    pty = pytest.importorskip("pty")
    for i in range(5):
        (tmp_path / f"p{i}.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    master, slave = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "xcparse", "extract", str(tmp_path), "-j", "1"],
                              stdout=subprocess.PIPE, stderr=slave, timeout=120)
        os.close(slave)
        slave = None
        terminal = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            terminal += chunk
    finally:
        if slave is not None:
            os.close(slave)
        os.close(master)
    assert done.returncode == 0
    assert len(json.loads(done.stdout)) == 5  # stdout is clean JSON
    assert b"xcparse: 5 pages" in terminal


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    for i in range(3):
        (tmp_path / f"p{i}.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "xcparse", "extract", str(tmp_path), "-j", "1"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0
    assert done.stderr.splitlines() == [done.stderr.strip()]  # just the summary line
    assert done.stderr.startswith("xcparse: 3 pages")


SLOW_LAUNCHER = textwrap.dedent('''
    import os, sys, time, xcparse
    real = xcparse.extract
    def slow(text, source=None, *, page_date=None):
        started = os.environ.get("XCPARSE_TEST_STARTED")
        if started:  # tell the test the batch is under way (its signal handler is set)
            open(started, "w").close()
        time.sleep(0.02)
        return real(text, source, page_date=page_date)
    xcparse.extract = slow
    from xcparse.cli import main
    main()
''')


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_interrupt_leaves_no_partial_file_and_says_how_to_resume(tmp_path, jobs):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for i in range(200):
        (src / f"p{i:03}.txt").write_text("标题\n\n本报讯 正文。\n", encoding="utf-8")
    launcher = tmp_path / "slow.py"
    launcher.write_text(SLOW_LAUNCHER, encoding="utf-8")
    args = ["extract", str(src), "-o", str(out), "-j", jobs]
    process = subprocess.Popen([sys.executable, str(launcher), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*.json"))) < 5:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "interrupted" in stderr and "--skip-existing" in stderr
    files = list(out.rglob("*"))
    assert not [f for f in files if output.TMP_SUFFIX in f.name]
    assert 0 < len(files) < 200
    for f in files:
        json.loads(f.read_text(encoding="utf-8"))  # every file written is complete
    done = subprocess.run([sys.executable, "-m", "xcparse", *args, "--skip-existing"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(list(out.glob("*.json"))) == 200
    assert f"{len(files)} skipped" in done.stderr


def test_interrupt_with_combined_output_file_writes_nothing(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(200):
        (src / f"p{i:03}.txt").write_text("标题\n正文\n", encoding="utf-8")
    launcher = tmp_path / "slow.py"
    launcher.write_text(SLOW_LAUNCHER, encoding="utf-8")
    target = tmp_path / "all.jsonl"
    started = tmp_path / "started"
    process = subprocess.Popen([sys.executable, str(launcher), "extract", str(src), "-o", str(target),
                                "-j", "1"], stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "XCPARSE_TEST_STARTED": str(started)})
    deadline = time.monotonic() + 60  # a loaded machine may take long to start Python
    while time.monotonic() < deadline and not started.exists():
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "nothing was written" in stderr
    assert list(tmp_path.glob("*.jsonl")) == [] and not list(tmp_path.glob(f"*{output.TMP_SUFFIX}"))


def test_single_page_on_a_terminal_does_not_import_rich(tmp_path):
    """The progress bar is for batches: one page in an interactive shell stays fast."""
    pty = pytest.importorskip("pty")
    flag = tmp_path / "rich_imported"
    code = textwrap.dedent(f'''
        import sys
        from xcparse.cli import main
        sys.argv = ["xcparse", "extract", {str(SEED)!r}, "-q"]
        try:
            main()
        except SystemExit:
            pass
        open({str(flag)!r}, "w").write(str("rich" in sys.modules))
    ''')
    master, slave = pty.openpty()
    try:
        subprocess.run([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=slave,
                       timeout=120)
    finally:
        os.close(slave)
        os.close(master)
    assert flag.read_text() == "False"
