"""Encodings and bad input: every bad-file class gets a one-line error naming the file,
a non-zero exit and no traceback; in a batch the other files are still converted."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import opencc
import pytest
from typer.testing import CliRunner

from xcparse import decode
from xcparse.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEED = sorted((ROOT / "seeds").glob("*.txt"))[-1]
SIMPLIFIED = SEED.read_text(encoding="utf-8")
TRADITIONAL = opencc.OpenCC("s2t").convert(SIMPLIFIED)


def big5_bytes(text: str) -> bytes:
    """Traditional text as Big5, leaving out the few characters Big5 lacks."""
    return "".join(ch for ch in text if _in_big5(ch)).encode("big5")


def _in_big5(ch: str) -> bool:
    try:
        ch.encode("big5")
        return True
    except UnicodeEncodeError:
        return False


def run(*args, input=None):
    result = CliRunner().invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("xcparse: error: ")]


# ---------------------------------------------------------------------------
# Detection


@pytest.mark.parametrize("data, expected", [
    (SIMPLIFIED.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8"), "utf-8"),
    (SIMPLIFIED.encode("utf-16"), "utf-16"),
    (b"\xfe\xff" + SIMPLIFIED.encode("utf-16-be"), "utf-16"),
    (SIMPLIFIED.encode("gb18030"), "gb18030"),
    (SIMPLIFIED.encode("gbk"), "gb18030"),
    (TRADITIONAL.encode("gb18030"), "gb18030"),
    (big5_bytes(TRADITIONAL), "big5"),
])
def test_encodings_are_detected(data, expected):
    page = decode.decode(data)
    assert page.encoding == expected
    assert not page.text.startswith("\ufeff")
    assert "本报讯" in page.text or "本報訊" in page.text


def test_short_big5_and_gb18030_are_told_apart():
    line = "本報訊（記者 胡晨）主題教育開展以來，市委辦公室堅持高標定位\n"
    assert decode.decode(line.encode("big5")).text == line
    simplified = "本报讯（记者 胡晨）主题教育开展以来，市委办公室坚持高标定位\n"
    assert decode.decode(simplified.encode("gb18030")).text == simplified


def test_encoding_option_overrides_detection(tmp_path):
    page = tmp_path / "p.txt"
    page.write_bytes(SIMPLIFIED.encode("gb18030"))
    result = run("extract", page, "--encoding", "gb18030")
    assert result.exit_code == 0 and json.loads(result.stdout)["encoding"] == "gb18030"
    result = run("extract", page, "--encoding", "utf-8")
    assert result.exit_code == 1
    assert error_lines(result.stderr) and "offset" in result.stderr


# ---------------------------------------------------------------------------
# Bad-file classes


_HEAD = SIMPLIFIED[:1000].encode("utf-8")  # the damage starts at a character boundary
DAMAGED = _HEAD + b"\xff\xfe\xfd" + SIMPLIFIED[1000:].encode("utf-8")

BAD_FILES = {
    "empty.txt": (b"", "is empty"),
    "blank.txt": (b"  \n\n \n", "no text"),
    "page.pdf.txt": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "damaged or not a PDF"),
    "image.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "PNG"),
    "random.txt": (bytes((i * 7919 + 13) % 256 for i in range(4000)), "binary"),
    "nul.txt": (SIMPLIFIED.encode("utf-8")[:300] + b"\x00" + SIMPLIFIED.encode("utf-8")[300:],
                "NUL"),
    "damaged.txt": (DAMAGED, f"invalid UTF-8 at byte offset {len(_HEAD)}"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_one_line_error_and_exit_1(tmp_path, name):
    data, expected = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    result = run("extract", path)
    assert result.exit_code == 1
    errors = error_lines(result.stderr)
    assert len(errors) == 1 and errors[0].startswith(f"xcparse: error: {path}: ")
    assert expected in errors[0]
    assert result.stdout == ""


def test_pdf_bytes_in_a_txt_file_are_read_as_pdf(tmp_path):
    path = tmp_path / "p.txt"
    path.write_bytes(BAD_FILES["page.pdf.txt"][0])
    message = error_lines(run("extract", path).stderr)[0]
    assert "damaged or not a PDF" in message


def test_damaged_utf8_reports_offset_instead_of_guessing():
    data, _ = BAD_FILES["damaged.txt"]
    with pytest.raises(decode.InputError, match=f"invalid UTF-8 at byte offset {len(_HEAD)} "):
        decode.decode(data)
    assert "\ufffd" in decode.decode(data, errors="replace").text


def test_damaged_utf8_errors_replace_option(tmp_path):
    path = tmp_path / "p.txt"
    path.write_bytes(BAD_FILES["damaged.txt"][0])
    result = run("extract", path, "--errors", "replace")
    assert result.exit_code == 0 and json.loads(result.stdout)["encoding"] == "utf-8"


def test_utf16_without_bom_gets_a_hint(tmp_path):
    path = tmp_path / "p.txt"
    path.write_bytes(SIMPLIFIED.encode("utf-16-le"))
    assert "--encoding utf-16-le" in error_lines(run("extract", path).stderr)[0]
    assert run("extract", path, "--encoding", "utf-16-le").exit_code == 0


def test_missing_path(tmp_path):
    result = run("extract", tmp_path / "nope.txt")
    assert result.exit_code == 1
    assert error_lines(result.stderr) == [f"xcparse: error: {tmp_path / 'nope.txt'}: no such file or folder"]


def test_folder_without_txt_files(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "page.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    result = run("extract", tmp_path / "d")
    assert result.exit_code == 1
    assert "folder has no .txt or .pdf files" in error_lines(result.stderr)[0]


def test_unreadable_file_simulated(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text(SIMPLIFIED, encoding="utf-8")

    def refuse(file, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(file))

    monkeypatch.setattr(decode, "open", refuse, raising=False)
    result = run("extract", path, "-j", "1")
    assert result.exit_code == 1
    assert error_lines(result.stderr) == [f"xcparse: error: {path}: permission denied: cannot read the file"]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file_real(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text(SIMPLIFIED, encoding="utf-8")
    path.chmod(0)
    result = run("extract", path)
    assert result.exit_code == 1 and "permission denied" in result.stderr


def test_too_large_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    path.write_text(SIMPLIFIED * 60, encoding="utf-8")  # ~1.2 MB
    result = run("extract", path, "--max-size", "1")
    assert result.exit_code == 1
    assert "limit is 1 MB" in error_lines(result.stderr)[0]
    assert run("extract", path, "--max-size", "2", "-q").exit_code == 0


def test_too_large_stdin_is_refused():
    result = run("extract", "-", "--max-size", "0.01", input=SIMPLIFIED.encode("utf-8"))
    assert result.exit_code == 1 and "larger than the limit" in result.stderr


def test_empty_stdin():
    result = run("extract", "-", input=b"")
    assert result.exit_code == 1
    assert error_lines(result.stderr) == ["xcparse: error: <stdin>: is empty"]


def test_folder_of_mixed_files_goes_on_past_the_broken_one(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a_gb18030.txt").write_bytes(SIMPLIFIED.encode("gb18030"))
    (src / "b_big5.txt").write_bytes(big5_bytes(TRADITIONAL))
    (src / "c_traditional.txt").write_text(TRADITIONAL, encoding="utf-8")
    (src / "d_broken.txt").write_bytes(b"%PDF-1.5\n" + bytes(range(256)))
    (src / "e_utf8.txt").write_text(SIMPLIFIED, encoding="utf-8")
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = run("extract", src, "-o", out, "-j", jobs)
        assert result.exit_code == 1
        errors = error_lines(result.stderr)
        assert len(errors) == 1 and str(src / "d_broken.txt") in errors[0]
        written = sorted(p.name for p in out.iterdir())
        assert written == ["a_gb18030.json", "b_big5.json", "c_traditional.json", "e_utf8.json"]
        encodings = [json.loads((out / n).read_text(encoding="utf-8"))["encoding"] for n in written]
        assert encodings == ["gb18030", "big5", "utf-8", "utf-8"]
        assert "4 pages" in result.stderr and "1 failed" in result.stderr


def test_subprocess_mixed_folder_jobs_2(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "gb.txt").write_bytes(SIMPLIFIED.encode("gb18030"))
    (src / "big5.txt").write_bytes(big5_bytes(TRADITIONAL))
    (src / "trad.txt").write_text(TRADITIONAL, encoding="utf-8")
    (src / "x.txt").write_bytes(b"")
    done = subprocess.run([sys.executable, "-m", "xcparse", "extract", src, "-f", "jsonl", "-j", "2"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert f"xcparse: error: {src / 'x.txt'}: is empty" in done.stderr
    assert "Traceback" not in done.stderr
    for line in done.stdout.splitlines():
        assert json.loads(line)["source"].endswith(("gb.txt", "big5.txt", "trad.txt"))
    assert done.stderr.strip().splitlines()[-1].startswith("xcparse: 3 pages,")


def test_pdf_after_blank_lines_is_still_a_pdf_and_text_mentioning_pdf_is_text():
    with pytest.raises(decode.InputError, match="is a PDF"):
        decode.decode(b"\r\n  %PDF-1.4\n1 0 obj\n")
    assert decode.decode("文件格式 %PDF-1.4 的说明\n".encode("utf-8")).encoding == "utf-8"
