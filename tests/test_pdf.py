"""PDF pages read directly: the layout rules on made-up characters, the fixture PDFs of
tests/pdf_fixtures (made by make_fixtures.py) through the library and the command."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import xcparse
from xcparse import pdflayout as L
from xcparse.cli import app

FIX = Path(__file__).resolve().parent / "pdf_fixtures"
EXPECTED = json.loads((FIX / "page.expected.json").read_text(encoding="utf-8"))

needs_pdfium = pytest.mark.skipif(
    __import__("importlib").util.find_spec("pypdfium2") is None, reason="pypdfium2 not installed")


def run(*args, input=None):
    return CliRunner().invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)


def error_lines(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.startswith("xcparse: error:")]


# ---------------------------------------------------------------------------
# Layout rules on made-up characters


def chars(text: str, x: float, top: float, size: float = 10.0, step: float | None = None) -> list[L.Char]:
    step = size if step is None else step
    out = []
    for k, ch in enumerate(text):
        if ch != " ":
            out.append(L.Char(ch, x + k * step, x + k * step + size, top, top + size, size))
    return out


def test_fake_bold_copy_is_read_once():
    line = chars("春耕备播", 0, 0, 20) + chars("春耕备播", 0.4, 0.3, 20)
    assert [ln.text for ln in L.make_lines(line)] == ["春耕备播"]
    # a character repeated in the text is not a copy
    assert [ln.text for ln in L.make_lines(chars("谢谢大家", 0, 0))] == ["谢谢大家"]


def test_gutter_cuts_a_row_and_a_phrase_gap_does_not():
    page = []
    for row in range(4):  # two columns of body, gutter 12pt
        page += chars("一二三四五六七八", 0, 100 + row * 14) + chars("甲乙丙丁戊己庚辛", 92, 100 + row * 14)
    page += chars("春风送岗位 就业暖人心", 0, 40, 20)  # headline with a one-em phrase gap
    texts = [ln.text for ln in L.make_lines(page)]
    assert "春风送岗位 就业暖人心" in texts
    assert texts.count("一二三四五六七八") == 4 and texts.count("甲乙丙丁戊己庚辛") == 4


def test_reading_order_is_columns_not_drawing_order():
    page = chars("标题在上", 20, 0, 20)
    for row in range(3):
        page += chars("右栏文字右栏文字", 92, 40 + row * 14)  # drawn first
    for row in range(3):
        page += chars("左栏文字左栏文字", 0, 40 + row * 14)
    lines, evidence = L.page_text(page)
    text = [t for t in lines if t]
    assert text == ["标题在上"] + ["左栏文字左栏文字"] * 3 + ["右栏文字右栏文字"] * 3
    assert evidence[0].headline and evidence[0].size == 20
    assert lines[1] == "" and evidence[1] is None  # blocks apart by a blank line


# ---------------------------------------------------------------------------
# The fixture pages through the library


@needs_pdfium
@pytest.mark.parametrize("as_bytes", [False, True])
def test_pages_give_the_typeset_records(as_bytes):
    path = FIX / "page.pdf"
    pages = xcparse.extract_pdf(path.read_bytes() if as_bytes else path)
    assert len(pages) == 2
    for page, want in zip(pages, EXPECTED):
        got = [{"kicker": r.kicker, "title": r.title, "subtitle": r.subtitle, "paragraphs": r.paragraphs}
               for r in page.records]
        assert got == want["records"]
    if not as_bytes:
        assert [p.source for p in pages] == [f"{path}#1", f"{path}#2"]
    first = pages[0]
    assert first.records[0].reporters == ["林晓"] and first.records[0].correspondents == ["周明"]
    every = json.dumps([p.to_dict() for p in pages], ensure_ascii=False)
    assert "本版责任编辑 李华" in first.furniture  # the rotated side line, read upright
    assert "印刷标记" not in every and "隐藏文字" not in every  # tiny and invisible text


@needs_pdfium
def test_pages_argument_and_sizes_in_trace():
    (page,) = xcparse.extract_pdf(FIX / "page.pdf", pages=[2])
    assert page.records[0].title == "老旧小区改造提速"
    sizes = {t.text: t.size for t in page.trace}
    assert sizes["老旧小区改造提速"] == 22 and sizes["第2版"] == 9


@needs_pdfium
@pytest.mark.parametrize("name, reason", [
    ("encrypted.pdf", "PDF is encrypted"),
    ("damaged.pdf", "damaged or not a PDF"),
    ("empty.pdf", "PDF has no pages"),
    ("scan.pdf", "page 1: image only (a scan?), no text layer; OCR it first"),
    ("mixed.pdf", "page 2: has no text"),
])
def test_bad_pdfs_raise_one_line_errors(name, reason):
    with pytest.raises(xcparse.PdfError) as info:
        xcparse.extract_pdf(FIX / name)
    assert reason in str(info.value) and "\n" not in str(info.value)


@needs_pdfium
def test_a_bad_page_leaves_the_others():
    results = list(xcparse.iter_pdf(FIX / "mixed.pdf"))
    assert isinstance(results[0][1], xcparse.Page) and results[0][1].records[0].title == "春耕备播 正当其时"
    assert isinstance(results[1][1], xcparse.PdfError)


# ---------------------------------------------------------------------------
# The command


@needs_pdfium
def test_cli_jsonl_ids_and_sources():
    result = run("extract", FIX / "page.pdf", "-f", "jsonl")
    assert result.exit_code == 0
    rows = [json.loads(ln) for ln in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["page-p1-1", "page-p1-2", "page-p2-1"]
    assert rows[2]["source"].endswith("page.pdf#2")
    assert "2 pages, 3 records, 0 failed" in result.stderr


@needs_pdfium
def test_cli_json_is_an_array_of_pages_and_txt_holding_pdf_is_read(tmp_path):
    result = run("extract", FIX / "page.pdf")
    assert [p["source"][-2:] for p in json.loads(result.stdout)] == ["#1", "#2"]
    disguised = tmp_path / "p.txt"
    disguised.write_bytes((FIX / "page.pdf").read_bytes())
    assert len(json.loads(run("extract", disguised).stdout)) == 2
    piped = run("extract", "-", input=(FIX / "page.pdf").read_bytes())
    assert len(json.loads(piped.stdout)) == 2


@needs_pdfium
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_folder_of_pdfs_errors_name_file_and_page(tmp_path, jobs):
    src = tmp_path / "in"
    src.mkdir()
    for f in FIX.glob("*.pdf"):
        (src / f.name).write_bytes(f.read_bytes())
    (src / "seed.txt").write_text("本报讯（记者 林晓）全市春耕备播工作全面展开。\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("extract", src, "-o", out, "-j", jobs)
    assert result.exit_code == 1
    errors = error_lines(result.stderr)
    assert len(errors) == 5
    assert f"xcparse: error: {src / 'mixed.pdf'}: page 2: has no text" in errors
    assert any(e.startswith(f"xcparse: error: {src / 'scan.pdf'}: page 1: image only") for e in errors)
    assert sorted(p.name for p in out.iterdir()) == ["mixed.json", "page.json", "seed.json"]
    assert len(json.loads((out / "page.json").read_text(encoding="utf-8"))) == 2
    mixed = json.loads((out / "mixed.json").read_text(encoding="utf-8"))  # page 1 of 2
    assert [p["source"][-2:] for p in mixed] == ["#1"]
    assert "4 pages" in result.stderr and "5 failed" in result.stderr
    again = run("extract", src, "-o", out, "-j", jobs, "--skip-existing")
    assert "3 skipped" in again.stderr


@needs_pdfium
def test_cli_show_prints_rule_and_type_size():
    result = run("show", FIX / "page.pdf", "--no-color")
    assert result.exit_code == 0
    line = next(ln for ln in result.stdout.splitlines() if ln.endswith("│ 老旧小区改造提速"))
    assert "title" in line and "22pt" in line


def test_without_pypdfium2_a_pdf_gets_a_one_line_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "pypdfium2", None)
    result = run("extract", FIX / "page.pdf")
    assert result.exit_code == 1
    assert error_lines(result.stderr) == [
        f"xcparse: error: {FIX / 'page.pdf'}: reading PDF needs pypdfium2: pip install 'xcparse[pdf]'"]


def test_many_lines_one_under_another_keep_their_order():
    page = []
    for row in range(1500):  # a long listing: every line its own block
        page += chars(f"第{row % 10}行", 0, row * 30)
    lines, _ = L.page_text(page)
    text = [t for t in lines if t]
    assert len(text) == 1500 and text[:3] == ["第0行", "第1行", "第2行"] and text[-1] == "第9行"
