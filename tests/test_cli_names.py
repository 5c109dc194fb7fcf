"""File names that are not valid UTF-8 (a GBK name unpacked from a Windows archive)
convert like any other: ``source`` is the name decoded (GB18030, else with ``\\xNN``
escapes), output files get names that can be written, and whatever goes wrong the
command prints one line per problem, never a traceback.

Run as real subprocesses (the console script's error handling is part of what is
tested), on a small page so each run stays well under a second.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from xcparse.decode import name_text, path_text

PAGE = "标题\n\n本报讯（记者 张三）6月20日，正文一句。\n"
GBK_NAME = "城北日报20230621.txt"
GBK_FOLDER = "第一版"
BAD_NAME = b"p\xff\xfe01.txt"  # bytes no encoding of ours decodes

pytestmark = pytest.mark.skipif(os.name != "posix" or sys.getfilesystemencoding() != "utf-8",
                                reason="file names are bytes read as UTF-8 on POSIX only")


def _make(folder: Path, raw_name: bytes, text: str = PAGE) -> str:
    """Create a file whose name is ``raw_name`` (bytes); return its path as Python sees it."""
    path = os.path.join(os.fsencode(folder), raw_name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    try:
        with open(path, "wb") as handle:
            handle.write(text.encode("utf-8"))
    except OSError as exc:  # a file system that insists on UTF-8 names
        pytest.skip(f"cannot create a non-UTF-8 file name here: {exc}")
    return os.fsdecode(path)


def _xcparse(*args, env=None, launcher=None):
    command = [sys.executable, *([str(launcher)] if launcher else ["-m", "xcparse"])]
    return subprocess.run([*command, *map(str, args)], capture_output=True, timeout=120,
                          env={**os.environ, **(env or {})})


def _stderr(done) -> str:
    return done.stderr.decode("utf-8")


def test_name_text_decodes_gb18030_else_escapes():
    assert name_text(os.fsdecode(GBK_NAME.encode("gbk"))) == GBK_NAME
    assert name_text(os.fsdecode(BAD_NAME)) == "p\\xff\\xfe01.txt"
    assert name_text("普通.txt") == "普通.txt"
    # each part of a path on its own: a UTF-8 folder keeps its name
    mixed = os.fsdecode("新闻/".encode() + GBK_NAME.encode("gbk"))
    assert path_text(mixed) == "新闻/" + GBK_NAME


def test_gbk_name_as_one_input(tmp_path):
    path = _make(tmp_path, GBK_NAME.encode("gbk"))
    done = _xcparse("extract", path, "--format", "json")
    assert done.returncode == 0, _stderr(done)
    page = json.loads(done.stdout)
    assert page["source"] == f"{tmp_path}/{GBK_NAME}"
    assert page["date"] == "2023-06-21"  # the date in the name still counts
    lines = _xcparse("extract", path, "--format", "jsonl").stdout.decode("utf-8").splitlines()
    assert lines and json.loads(lines[0])["id"] == "城北日报20230621-1"


def test_gbk_and_undecodable_names_in_a_folder(tmp_path):
    src = tmp_path / "in"
    _make(src, GBK_FOLDER.encode("gbk") + b"/" + GBK_NAME.encode("gbk"))
    _make(src, BAD_NAME)
    _make(src, "正常.txt".encode())
    done = _xcparse("extract", src, "--format", "csv")
    assert done.returncode == 0, _stderr(done)
    text = done.stdout.decode("utf-8")  # valid UTF-8 throughout
    assert f"{src}/{GBK_FOLDER}/{GBK_NAME}" in text
    assert f"{src}/p\\xff\\xfe01.txt" in text and f"{src}/正常.txt" in text
    assert "xcparse: 3 pages" in _stderr(done)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_names_with_output_dir(tmp_path, jobs):
    src, out = tmp_path / "in", tmp_path / "out"
    _make(src, GBK_FOLDER.encode("gbk") + b"/" + GBK_NAME.encode("gbk"))
    _make(src, BAD_NAME)
    done = _xcparse("extract", src, "-o", f"{out}/", "-j", jobs)
    assert done.returncode == 0, _stderr(done)
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*.json"))
    assert written == sorted([f"{GBK_FOLDER}/城北日报20230621.json", "p\\xff\\xfe01.json"])
    page = json.loads((out / GBK_FOLDER / "城北日报20230621.json").read_text(encoding="utf-8"))
    assert page["source"] == f"{src}/{GBK_FOLDER}/{GBK_NAME}"
    again = _xcparse("extract", src, "-o", f"{out}/", "--skip-existing")
    assert again.returncode == 0 and "2 skipped" in _stderr(again)


def test_gbk_name_as_one_input_with_output_dir(tmp_path):
    path = _make(tmp_path / "in", GBK_NAME.encode("gbk"))
    done = _xcparse("extract", path, "-o", tmp_path / "out", "--format", "jsonl")
    assert done.returncode == 0, _stderr(done)
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["城北日报20230621.jsonl"]


def test_show_and_errors_name_the_file_decoded(tmp_path):
    path = _make(tmp_path, GBK_NAME.encode("gbk"))
    done = _xcparse("show", path, "--no-color")
    assert done.returncode == 0 and GBK_NAME in done.stdout.decode("utf-8")
    empty = _make(tmp_path, "空白.txt".encode("gbk"), text="")
    failed = _xcparse("extract", empty)
    assert failed.returncode == 1
    assert _stderr(failed).splitlines()[0] == f"xcparse: error: {tmp_path}/空白.txt: is empty"


FAILING_LAUNCHER = textwrap.dedent('''
    import sys
    import xcparse
    from xcparse import batch
    real = xcparse.extract
    def failing(text, source=None, *, page_date=None):
        if "坏" in (source or ""):
            raise RuntimeError("no rule for this page\\nsecond line")
        return real(text, source, page_date=page_date)
    xcparse.extract = failing
    if "--fail-discovery" in sys.argv:
        sys.argv.remove("--fail-discovery")
        def broken(arguments):
            raise KeyError("discovery")
        batch.discover = broken
    from xcparse.cli import main
    main()
''')


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_unexpected_error_is_one_line_and_the_batch_goes_on(tmp_path, jobs):
    src = tmp_path / "in"
    for name in ("a.txt", "坏.txt", "c.txt", "d.txt"):
        _make(src, name.encode("gbk") if name == "坏.txt" else name.encode())
    launcher = tmp_path / "failing.py"
    launcher.write_text(FAILING_LAUNCHER, encoding="utf-8")
    done = _xcparse("extract", src, "-o", tmp_path / "out", "-j", jobs, launcher=launcher)
    assert done.returncode == 1
    assert _stderr(done).splitlines() == [
        f"xcparse: error: {src}/坏.txt: internal error while extracting: RuntimeError: "
        "no rule for this page",
        _stderr(done).splitlines()[1]]
    assert _stderr(done).splitlines()[1].startswith("xcparse: 3 pages, ")
    assert len(list((tmp_path / "out").glob("*.json"))) == 3
    shown = _xcparse("extract", src, "-j", jobs, env={"XCPARSE_TRACEBACK": "1"},
                     launcher=launcher)
    assert shown.returncode == 1 and "Traceback" in _stderr(shown)
    assert "RuntimeError: no rule for this page" in _stderr(shown)


def test_unexpected_error_outside_a_page_is_one_line(tmp_path):
    path = _make(tmp_path, b"a.txt")
    launcher = tmp_path / "failing.py"
    launcher.write_text(FAILING_LAUNCHER, encoding="utf-8")
    done = _xcparse("extract", path, "--fail-discovery", launcher=launcher)
    assert done.returncode == 1
    assert _stderr(done).splitlines() == [
        "xcparse: internal error: KeyError: 'discovery' (set XCPARSE_TRACEBACK=1 to see where)"]
    shown = _xcparse("extract", path, "--fail-discovery", env={"XCPARSE_TRACEBACK": "1"},
                     launcher=launcher)
    assert shown.returncode != 0 and "Traceback" in _stderr(shown)


def test_name_too_long_is_one_line_and_the_others_go_on(tmp_path):
    path = _make(tmp_path, b"a.txt")
    too_long = tmp_path / ("长" * 200 + ".txt")
    done = _xcparse("extract", too_long, path, "--format", "jsonl")
    assert done.returncode == 1
    lines = _stderr(done).splitlines()
    assert lines[0] == f"xcparse: error: {too_long}: cannot be read: File name too long"
    assert lines[1].startswith("xcparse: 1 page, ") and done.stdout


def test_long_gbk_name_gets_an_output_name_that_fits(tmp_path):
    """120 characters: 244 bytes in GBK (a valid name), 364 in UTF-8 (too long)."""
    long_name = "版" * 120 + ".txt"
    path = _make(tmp_path / "in", long_name.encode("gbk"))
    done = _xcparse("extract", path, "-o", tmp_path / "out")
    assert done.returncode == 0, _stderr(done)
    written = [p.name for p in (tmp_path / "out").iterdir()]
    assert len(written) == 1 and written[0].startswith("版" * 20) and written[0].endswith(".json")
    assert len(written[0].encode("utf-8")) <= 255
    page = json.loads((tmp_path / "out" / written[0]).read_text(encoding="utf-8"))
    assert page["source"].endswith(long_name)  # the record keeps the whole name
