"""``xcparse extract DIR --stitch``, run as a real command on made-up issues: stories
printed across pages come out once, unmatched jumps are listed, issues are told apart
by folder and by the date in the file names, and without --stitch nothing changes."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from layouts.issues import make_issue
from xcparse.schema import jsonl_record_schema, page_schema

ROOT = Path(__file__).resolve().parents[1]


def xcparse(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "xcparse", *args], capture_output=True,
                          text=True, encoding="utf-8", cwd=cwd)


def write_issue(folder: Path, issue) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in zip(issue.names, issue.texts):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _issue_with(predicate, start=0):
    for seed in range(start, start + 200):
        issue = make_issue(seed, render=False)
        if predicate(issue):
            return make_issue(seed)
    raise AssertionError("no such issue")


def _joined(issue):
    return sorted(t["parts"] for t in issue.truth if len(t["parts"]) > 1)


def _perfectly_read(issue) -> bool:
    """The extractor reads every page of the issue as expected (joins can be checked)."""
    import xcparse as lib
    for name, text, expected in zip(issue.names, issue.texts, issue.expected):
        got = lib.extract(text, name).records
        if [(r.continued_from, r.continued_to, r.paragraphs) for r in got] != [
                (r["continued_from"], r["continued_to"], r["paragraphs"]) for r in expected["records"]]:
            return False
    return True


@pytest.fixture(scope="module")
def chain_issue():
    """An issue with a story over three pages and nothing missing, read perfectly."""
    for seed in range(200):
        issue = make_issue(seed, render=False)
        if (issue.styles["missing"] == "none" and any(len(t["parts"]) == 3 for t in issue.truth)):
            issue = make_issue(seed)
            if _perfectly_read(issue):
                return issue
    raise AssertionError("no such issue")


def test_stitch_jsonl(tmp_path, chain_issue):
    folder = write_issue(tmp_path / "20230621", chain_issue)
    run = xcparse("extract", str(folder), "--stitch", "--format", "jsonl", "--jobs", "1")
    assert run.returncode == 0, run.stderr
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert sorted(r["parts"] for r in records if len(r["parts"]) > 1) == _joined(chain_issue)
    for record in records:
        jsonschema.validate(record, jsonl_record_schema())
        assert record["id"] == record["parts"][0]
        assert len(record["pages"]) == len(record["parts"])
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)) == len(chain_issue.truth)
    wanted = {tuple(t["parts"]): t["record"] for t in chain_issue.truth}
    for record in records:
        assert record["paragraphs"] == wanted[tuple(record["parts"])]["paragraphs"]
    joined = len(_joined(chain_issue))
    assert f"{len(records)} records, 0 failed, {joined} joined across pages, 0 unmatched" in run.stderr


def test_without_stitch_nothing_changes(tmp_path, chain_issue):
    folder = write_issue(tmp_path / "issue", chain_issue)
    plain = xcparse("extract", str(folder), "--format", "jsonl", "--jobs", "1")
    records = [json.loads(line) for line in plain.stdout.splitlines()]
    assert all("parts" not in r and "pages" not in r for r in records)
    assert len(records) == sum(len(e["records"]) for e in chain_issue.expected)
    assert "joined" not in plain.stderr


def test_stitch_json_and_csv_keep_their_shape(tmp_path, chain_issue):
    folder = write_issue(tmp_path / "issue", chain_issue)
    out = tmp_path / "out"
    run = xcparse("extract", str(folder), "--stitch", "-o", f"{out}/", "--format", "json", "--jobs", "2")
    assert run.returncode == 0, run.stderr
    pages = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json")}
    assert sorted(pages) == sorted(n[:-4] + ".json" for n in chain_issue.names)
    for page in pages.values():
        jsonschema.validate(page, page_schema())
        assert set(page) == {"source", "encoding", "date", "records", "furniture", "dropped"}
    all_parts = [r["parts"] for p in pages.values() for r in p["records"]]
    assert sorted(p for p in all_parts if len(p) > 1) == _joined(chain_issue)
    # a joined story is on its first part's page, once
    for name, page in pages.items():
        assert all(r["id"].startswith(name[:-5] + "-") for r in page["records"])

    table = xcparse("extract", str(folder), "--stitch", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(table.stdout)))
    assert len(rows) == len(chain_issue.truth)
    assert {r["id"] for r in rows} == {t["parts"][0] for t in chain_issue.truth}


def test_unmatched_jumps_are_listed(tmp_path):
    issue = _issue_with(lambda i: i.styles["missing"] == "continuation")
    assert _perfectly_read(issue)
    folder = write_issue(tmp_path / "issue", issue)
    run = xcparse("extract", str(folder), "--stitch", "--format", "jsonl")
    assert run.returncode == 0, run.stderr
    records = [json.loads(line) for line in run.stdout.splitlines()]
    left = [r for r in records if r["continued_to"] or r["continued_from"]]
    assert left and all(r["continued_to"] for r in left)
    assert f"{len(left)} unmatched" in run.stderr
    for record in left:
        assert f"xcparse: unmatched: {record['id']}: 下转{record['continued_to']}" in run.stderr


def test_issues_told_apart_by_the_dates_in_file_names(tmp_path, chain_issue):
    """Two issues in one folder, named xcrbYYYYMMDD_NN.txt: each joined within itself."""
    folder = tmp_path / "flat"
    folder.mkdir()
    for day in ("20230621", "20230622"):
        for name, text in zip(chain_issue.names, chain_issue.texts):
            number = Path(name).stem[-2:]
            (folder / f"xcrb{day}_{number}.txt").write_text(text, encoding="utf-8")
    run = xcparse("extract", str(folder), "--stitch", "--format", "jsonl", "--jobs", "2")
    assert run.returncode == 0, run.stderr
    records = [json.loads(line) for line in run.stdout.splitlines()]
    joined = [r for r in records if len(r["parts"]) > 1]
    assert len(joined) == 2 * len(_joined(chain_issue))
    for record in joined:
        days = {part.split("_")[0] for part in record["parts"]}
        assert len(days) == 1
    assert "0 unmatched" in run.stderr


def test_a_bad_page_does_not_stop_its_issue(tmp_path, chain_issue):
    folder = write_issue(tmp_path / "issue", chain_issue)
    assert max(len(t.encode()) for t in chain_issue.texts) < 20_000
    (folder / "zz_big.txt").write_text("很长的一页。\n" * 4000, encoding="utf-8")
    run = xcparse("extract", str(folder), "--stitch", "--format", "jsonl", "--max-size", "0.02")
    assert run.returncode == 1
    assert "zz_big.txt" in run.stderr and "Traceback" not in run.stderr
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert sorted(r["parts"] for r in records if len(r["parts"]) > 1) == _joined(chain_issue)


def test_skip_existing_skips_whole_issues(tmp_path, chain_issue):
    folder = write_issue(tmp_path / "issue", chain_issue)
    out = tmp_path / "out"
    first = xcparse("extract", str(folder), "--stitch", "-o", f"{out}/", "--format", "jsonl")
    assert first.returncode == 0, first.stderr
    again = xcparse("extract", str(folder), "--stitch", "-o", f"{out}/", "--format", "jsonl",
                    "--skip-existing")
    assert f"{len(chain_issue.names)} skipped" in again.stderr
    victim = sorted(out.glob("*.jsonl"))[0]
    victim.unlink()
    third = xcparse("extract", str(folder), "--stitch", "-o", f"{out}/", "--format", "jsonl",
                    "--skip-existing")
    assert f"{len(chain_issue.names)} pages" in third.stderr and "skipped" not in third.stderr
    assert victim.exists()
