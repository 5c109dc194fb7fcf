"""The ``xcparse`` command line: formats, stdin/files/folders, -o, dates, --convert,
show, schema, usage errors - through typer's CliRunner and as real subprocesses.

The extractor is written concurrently, so most tests here replace ``xcparse.extract``
with a small fake that makes one record per block of lines (with a trace), to check
the structure of every format; tests with the real extractor only assert structure.
"""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

import xcparse
from xcparse import output, schema
from xcparse.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
SEED = SEEDS[-1]

# A fake extractor: one record per block of non-blank lines; title = first line,
# paragraphs = the other lines; a lead date and two reporters; a full trace.
FAKE_EXTRACTOR = textwrap.dedent('''
    from xcparse.model import LineTrace, Page, Record

    def fake_extract(text, source=None, *, page_date=None):
        page = Page(source=source, date=page_date)
        lines = text.replace("\\r\\n", "\\n").split("\\n")
        block = []
        def flush():
            if block:
                first, last = block[0][0], block[-1][0]
                body = [t for _, t in block[1:]] or [block[0][1]]
                page.records.append(Record(
                    title=block[0][1].strip(), paragraphs=body, reporters=["张三", "李四"],
                    lines=(first, last), date="6月20日"))
                block.clear()
        for number, line in enumerate(lines, start=1):
            if line.strip():
                block.append((number, line))
            else:
                flush()
        flush()
        owner = {}
        for index, record in enumerate(page.records):
            for n in range(record.lines[0], record.lines[1] + 1):
                owner[n] = index
        for number, line in enumerate(lines, start=1):
            index = owner.get(number)
            role = "blank" if index is None else (
                "title" if number == page.records[index].lines[0] else "body")
            page.trace.append(LineTrace(number, line, role, "fake." + role, index))
        page.furniture.append("学思想 强党性")
        return page
''')
_namespace: dict = {}
exec(FAKE_EXTRACTOR, _namespace)
fake_extract = _namespace["fake_extract"]

PAGE = "第一条标题\n第一段正文\n第二段正文\n\n第二条标题\n只有一段\n"


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setattr(xcparse, "extract", fake_extract)
    return fake_extract


@pytest.fixture
def runner():
    return CliRunner()


def invoke(runner, *args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)


def write(path: Path, text: str = PAGE, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def xcparse_cmd(*args) -> list[str]:
    return [sys.executable, "-m", "xcparse", *map(str, args)]


# ---------------------------------------------------------------------------
# Formats


def test_json_single_file_is_one_page_object(runner, fake, tmp_path):
    page = write(tmp_path / "p.txt")
    result = invoke(runner, "extract", page, "-j", "1")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, schema.page_schema())
    assert data["source"] == str(page)
    assert data["encoding"] == "utf-8"
    assert [r["title"] for r in data["records"]] == ["第一条标题", "第二条标题"]
    assert data["furniture"] == ["学思想 强党性"]


def test_json_several_inputs_are_one_array(runner, fake, tmp_path):
    a, b = write(tmp_path / "a.txt"), write(tmp_path / "b.txt")
    result = invoke(runner, "extract", a, b, "-j", "1")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert isinstance(data, list) and [p["source"] for p in data] == [str(a), str(b)]
    for page in data:
        jsonschema.validate(page, schema.page_schema())


def test_json_folder_is_an_array_even_with_one_page(runner, fake, tmp_path):
    write(tmp_path / "in" / "only.txt")
    data = json.loads(invoke(runner, "extract", tmp_path / "in", "-j", "1").stdout)
    assert isinstance(data, list) and len(data) == 1


def test_jsonl_one_record_per_line_with_id_and_source(runner, fake, tmp_path):
    page = write(tmp_path / "2023-06-21_p3.txt")
    result = invoke(runner, "extract", page, "--format", "jsonl", "-j", "1")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records] == ["2023-06-21_p3-1", "2023-06-21_p3-2"]
    for record in records:
        jsonschema.validate(record, schema.jsonl_record_schema())
        assert record["source"] == str(page)
        assert list(record)[:2] == ["id", "source"]


def test_csv_header_lists_and_paragraphs(runner, fake, tmp_path):
    a, b = write(tmp_path / "a.txt"), write(tmp_path / "b.txt")
    result = invoke(runner, "extract", a, b, "--format", "csv", "-j", "1")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert len(rows) == 4
    assert list(rows[0]) == list(output.CSV_COLUMNS)
    assert rows[0]["id"] == "a-1" and rows[2]["id"] == "b-1"
    assert rows[0]["reporters"] == "张三;李四"
    assert rows[0]["paragraphs"] == "第一段正文\n第二段正文"
    assert rows[0]["line_first"] == "1" and rows[0]["line_last"] == "3"
    assert rows[0]["subtitle"] == ""


def test_csv_bom_for_excel(runner, fake, tmp_path):
    out = tmp_path / "out.csv"
    result = invoke(runner, "extract", write(tmp_path / "a.txt"), "--bom", "-o", out, "-j", "1")
    assert result.exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,source,")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 2


def test_csv_is_read_by_pandas_without_options(runner, fake, tmp_path):
    pandas = pytest.importorskip("pandas")
    out = tmp_path / "out.csv"
    invoke(runner, "extract", write(tmp_path / "a.txt"), "-o", out, "-j", "1")
    frame = pandas.read_csv(out)
    assert list(frame.columns) == list(output.CSV_COLUMNS) and len(frame) == 2


def test_stream_writer_json_array_valid_for_zero_one_many():
    for count in (0, 1, 3):
        buffer = io.BytesIO()
        writer = output.StreamWriter(buffer, "json", as_array=True)
        for i in range(count):
            writer.write(json.dumps({"n": i}))
        writer.close()
        assert json.loads(buffer.getvalue()) == [{"n": i} for i in range(count)]


# ---------------------------------------------------------------------------
# Inputs and outputs


def test_stdin_dash_and_piped_stdin_without_arguments(runner, fake):
    for args in (["extract", "-"], ["extract"]):
        result = invoke(runner, *args, "-f", "jsonl", input=PAGE.encode("gb18030"))
        assert result.exit_code == 0, result.stderr
        records = [json.loads(line) for line in result.stdout.splitlines()]
        assert records[0]["id"] == "stdin-1" and records[0]["source"] == "<stdin>"
        assert records[0]["title"] == "第一条标题"


def test_output_file_format_from_suffix_and_written_atomically(runner, fake, tmp_path):
    out = tmp_path / "sub" / "all.jsonl"
    result = invoke(runner, "extract", write(tmp_path / "a.txt"), write(tmp_path / "b.txt"),
                    "-o", out, "-j", "1")
    assert result.exit_code == 0 and result.stdout == ""
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4
    assert [p.name for p in out.parent.iterdir()] == ["all.jsonl"]  # no temporary left


def test_output_dir_mirrors_the_input_tree(runner, fake, tmp_path):
    src = tmp_path / "pages"
    write(src / "2023" / "0621" / "p1.txt")
    write(src / "2023" / "0622" / "p1.txt")
    write(src / "top.TXT")
    (src / "notes.md").write_text("not a page")
    single = write(tmp_path / "single.txt")
    out = tmp_path / "out"
    result = invoke(runner, "extract", src, single, "-o", f"{out}/", "-f", "jsonl", "-j", "1")
    assert result.exit_code == 0, result.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == ["2023/0621/p1.jsonl", "2023/0622/p1.jsonl", "single.jsonl", "top.jsonl"]
    first = json.loads((out / "2023/0621/p1.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["id"] == "p1-1"


def test_output_dir_without_suffix_is_a_folder(runner, fake, tmp_path):
    out = tmp_path / "newdir"
    assert invoke(runner, "extract", write(tmp_path / "a.txt"), "-o", out, "-j", "1").exit_code == 0
    assert json.loads((out / "a.json").read_text(encoding="utf-8"))["source"].endswith("a.txt")


def test_never_writes_over_an_input(runner, fake, tmp_path):
    page = write(tmp_path / "a.json.txt")
    target = write(tmp_path / "page.json")
    before = target.read_bytes()
    result = invoke(runner, "extract", page, target, "-o", target)
    assert result.exit_code == 2
    assert "will not be overwritten" in result.stderr
    assert target.read_bytes() == before


def test_skip_existing_resumes_into_output_dir(runner, fake, tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    for name in ("a", "b", "c"):
        write(src / f"{name}.txt")
    out.mkdir()
    (out / "b.json").write_text('"kept"')
    result = invoke(runner, "extract", src, "-o", out, "--skip-existing", "-j", "1")
    assert result.exit_code == 0
    assert (out / "b.json").read_text() == '"kept"'
    assert json.loads((out / "a.json").read_text(encoding="utf-8"))["records"]
    assert "1 skipped" in result.stderr and "2 pages" in result.stderr


def test_dates_from_option_and_from_file_name(runner, fake, tmp_path):
    named = write(tmp_path / "20230621" / "p1.txt")
    data = json.loads(invoke(runner, "extract", named, "-j", "1").stdout)
    assert data["date"] == "2023-06-21"
    assert data["records"][0]["date"] == "6月20日"
    assert data["records"][0]["date_iso"] == "2023-06-20"
    data = json.loads(invoke(runner, "extract", named, "--date", "2024-01-02").stdout)
    assert data["date"] == "2024-01-02" and data["records"][0]["date_iso"] == "2023-06-20"
    plain = write(tmp_path / "plain.txt")
    assert json.loads(invoke(runner, "extract", plain).stdout)["records"][0]["date_iso"] is None


def test_convert_output_with_opencc(runner, fake, tmp_path):
    page = write(tmp_path / "trad.txt", "本報訊記者報道\n這是發展的經驗\n")
    data = json.loads(invoke(runner, "extract", page, "--convert", "t2s", "-j", "1").stdout)
    assert data["records"][0]["title"] == "本报讯记者报道"
    assert data["records"][0]["paragraphs"] == ["这是发展的经验"]
    assert data["source"] == str(page)  # paths are not converted
    data = json.loads(invoke(runner, "extract", write(tmp_path / "simp.txt", "发展经验\n"),
                             "--convert", "s2t").stdout)
    assert data["records"][0]["title"] == "發展經驗"


@pytest.mark.parametrize("args, message", [
    (["--bom", "-f", "json"], "--bom"),
    (["--skip-existing"], "--skip-existing"),
    (["--date", "2023-13-01"], "--date"),
    (["--encoding", "nonsense-8"], "--encoding"),
])
def test_usage_errors_exit_2_with_one_line(runner, fake, tmp_path, args, message):
    result = invoke(runner, "extract", write(tmp_path / "a.txt"), *args)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_unknown_format_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(app, ["extract", str(write(tmp_path / "a.txt")), "--format", "xml"])
    assert result.exit_code == 2


# ---------------------------------------------------------------------------
# show, schema, version, help


def test_show_marks_roles_rules_and_records(runner, fake, tmp_path):
    result = invoke(runner, "show", write(tmp_path / "p.txt"), "--no-color")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "record 1 · article · 第一条标题" in out and "record 2" in out
    assert "fake.title" in out and "第一段正文" in out
    assert "\x1b[" not in out


def test_show_falls_back_to_raw_lines_without_trace(runner, tmp_path, monkeypatch):
    monkeypatch.setattr(xcparse, "extract", lambda text, source=None, *, page_date=None:
                        xcparse.Page(source=source))
    result = invoke(runner, "show", write(tmp_path / "p.txt"))
    assert result.exit_code == 0
    assert " ? " in result.stdout and "第二段正文" in result.stdout


def test_show_bad_file_is_one_line_error(runner, tmp_path):
    bad = tmp_path / "x.txt"
    bad.write_bytes(b"%PDF-1.7\n...")
    result = invoke(runner, "show", bad)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"xcparse: error: {bad}: " + result.stderr.split(": ", 3)[3].strip()]
    assert "PDF" in result.stderr


def test_schema_json_and_jsonl(runner):
    result = invoke(runner, "schema")
    assert result.exit_code == 0 and json.loads(result.stdout) == schema.page_schema()
    result = invoke(runner, "schema", "--format", "jsonl")
    assert json.loads(result.stdout) == schema.jsonl_record_schema()
    assert invoke(runner, "schema", "--format", "csv").exit_code == 2


def test_version(runner):
    result = invoke(runner, "--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"xcparse {xcparse.__version__}"


@pytest.mark.parametrize("command", [[], ["extract"], ["show"], ["schema"]])
def test_help_has_an_example(runner, command):
    result = invoke(runner, *command, "--help")
    assert result.exit_code == 0
    assert "xcparse" in result.stdout and "Example" in result.stdout


# ---------------------------------------------------------------------------
# Real subprocesses (the real extractor: structure only)


def test_subprocess_pipeline_stdin_to_jsonl():
    shell = (f"cat {SEED} | {sys.executable} -m xcparse extract - --format jsonl | "
             f"{sys.executable} -c 'import sys, json; "
             f"print(sum(1 for line in sys.stdin if json.loads(line) is not None))'")
    done = subprocess.run(shell, shell=True, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) >= 0
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_subprocess_each_format_reads_back(fmt, tmp_path):
    done = subprocess.run(xcparse_cmd("extract", *SEEDS, "--format", fmt, "-j", "2"),
                          capture_output=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("utf-8")
    if fmt == "json":
        pages = json.loads(text)
        assert len(pages) == len(SEEDS)
        for page in pages:
            jsonschema.validate(page, schema.page_schema())
    elif fmt == "jsonl":
        for line in text.splitlines():
            jsonschema.validate(json.loads(line), schema.jsonl_record_schema())
    else:
        reader = csv.reader(io.StringIO(text, newline=""))
        assert next(reader) == list(output.CSV_COLUMNS)
        assert all(len(row) == len(output.CSV_COLUMNS) for row in reader)
    summary = done.stderr.decode().strip().splitlines()[-1]
    assert summary.startswith(f"xcparse: {len(SEEDS)} pages,") and "0 failed" in summary


def test_subprocess_show_and_schema_run():
    done = subprocess.run(xcparse_cmd("show", SEED), capture_output=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    first_line = SEED.read_text(encoding="utf-8").splitlines()[0].strip()
    assert first_line in done.stdout.decode("utf-8")
    done = subprocess.run(xcparse_cmd("schema"), capture_output=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0 and json.loads(done.stdout)["title"] == "xcparse page"


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "xcparse"
    if not script.exists():
        pytest.skip("console script not installed next to this interpreter")
    done = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("xcparse ")


def test_subprocess_fake_extractor_jobs_2_matches_jobs_1(tmp_path):
    """Parallel output is the same stream, in input order, as one process gives."""
    launcher = tmp_path / "run_fake.py"
    launcher.write_text(FAKE_EXTRACTOR + textwrap.dedent('''
        import sys, xcparse
        xcparse.extract = fake_extract
        from xcparse.cli import main
        main()
    '''), encoding="utf-8")
    src = tmp_path / "in"
    for i in range(40):
        write(src / f"d{i % 3}" / f"p{i:02}.txt", PAGE.replace("第一条", f"第{i}条"))
    outputs = []
    for jobs in ("1", "2"):
        done = subprocess.run([sys.executable, launcher, "extract", src, "-f", "jsonl", "-j", jobs],
                              capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert len(outputs[0].splitlines()) == 80


def test_library_import_does_not_import_typer_or_rich():
    code = ("import sys, xcparse; bad = [m for m in sys.modules if m.split('.')[0] in "
            "('typer', 'rich', 'click', 'pydantic', 'opencc', 'charset_normalizer')]; print(bad)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "[]", done.stdout + done.stderr


def test_single_page_extract_does_not_import_rich():
    code = textwrap.dedent(f'''
        import sys
        from xcparse.cli import main
        sys.argv = ["xcparse", "extract", {str(SEED)!r}, "-q"]
        try:
            main()
        except SystemExit as exit:
            code = exit.code
        bad = [m for m in ("rich", "pydantic", "multiprocessing", "charset_normalizer") if m in sys.modules]
        print(code, bad, file=sys.stderr)
    ''')
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stderr.strip().splitlines()[-1] == "0 []", done.stderr


def test_pretty_json_is_indented_and_compact_is_one_line_per_page(runner, fake, tmp_path):
    a, b = write(tmp_path / "a.txt"), write(tmp_path / "b.txt")
    compact = invoke(runner, "extract", a, b, "-j", "1").stdout
    assert compact.splitlines()[0] == "[" and len(compact.splitlines()) == 4
    pretty = invoke(runner, "extract", a, b, "-j", "1", "--pretty").stdout
    assert json.loads(pretty) == json.loads(compact) and '\n  "source": ' in pretty


def test_two_inputs_with_the_same_output_file(runner, fake, tmp_path):
    one, two = write(tmp_path / "x" / "p.txt"), write(tmp_path / "y" / "p.txt")
    out = tmp_path / "out"
    result = invoke(runner, "extract", one, two, "-o", out, "-j", "1")
    assert result.exit_code == 1
    assert f"xcparse: error: {two}: its output {out / 'p.json'} is also the output of {one}" in result.stderr
    assert json.loads((out / "p.json").read_text(encoding="utf-8"))["source"] == str(one)


def test_no_input_from_a_terminal_is_a_usage_error(runner, monkeypatch):
    monkeypatch.setattr("xcparse.cli._stdin_is_terminal", lambda: True)
    result = invoke(runner, "extract")
    assert result.exit_code == 2 and "no input" in result.stderr


def test_show_reads_standard_input(runner, fake):
    result = invoke(runner, "show", "-", input=PAGE.encode("utf-8"))
    assert result.exit_code == 0 and "<stdin>" in result.stdout and "第二条标题" in result.stdout


def test_subprocess_closed_pipe_ends_quietly(tmp_path):
    for i in range(30):
        (tmp_path / f"p{i}.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    shell = f"{sys.executable} -m xcparse extract {tmp_path} -f csv -j 1 | head -c 100 > /dev/null"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", shell], capture_output=True, text=True,
                          timeout=120)
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


def test_output_dir_never_writes_over_an_input(runner, fake, tmp_path):
    out = tmp_path / "out"
    page = write(out / "p.json", PAGE)  # a page whose own output name is itself
    before = page.read_bytes()
    result = invoke(runner, "extract", page, "-o", out, "-j", "1")
    assert result.exit_code == 1
    assert "would overwrite an input file" in result.stderr
    assert page.read_bytes() == before


def test_every_command_and_option_is_documented():
    """sqlite-utils' habit: each command has its section in docs/cli.md and every one of
    its options is named there, so the docs cannot fall behind the command line."""
    import typer.main

    from xcparse.cli import app

    docs = (Path(__file__).resolve().parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    missing = []
    for name, command in group.commands.items():
        if f"## {name}" not in docs:
            missing.append(f"section ## {name}")
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--") and opt not in ("--help",) and opt not in docs:
                    missing.append(f"{name} {opt}")
        assert command.help, f"{name} has no help text"
    assert not missing, missing
