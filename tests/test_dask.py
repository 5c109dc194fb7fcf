"""The extraction on Dask (xcparse.dask, extract --dask), on a real distributed.LocalCluster
of 2 worker processes: the same bytes as the local batch, a bad file among good ones,
a worker killed during the run, an fsspec memory filesystem, the command line."""
from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")
pytest.importorskip("dask.bag")
fsspec = pytest.importorskip("fsspec")

from xcparse import batch, output  # noqa: E402
from xcparse import dask as xdask  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
XCPARSE = [sys.executable, "-m", "xcparse"]
BAD = b"\xff\xfe\xfd\x80\x81\x00\x00"   # a UTF-16 mark, then bytes that are not UTF-16


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=50) as cluster, \
            distributed.Client(cluster) as client:
        yield client


def make_archive(folder: Path, issues: int, pages: int, *, bad: bool = False) -> Path:
    """``issues`` dated folders of ``pages`` seed copies each (Traditional-free, dated)."""
    for i in range(issues):
        day = folder / f"2023{6 + i // 28:02}{1 + i % 28:02}"
        day.mkdir(parents=True)
        for p in range(pages):
            shutil.copyfile(SEEDS[(i + p) % len(SEEDS)], day / f"A{p + 1:02}.txt")
    if bad:
        (folder / "20230601" / "A00-bad.txt").write_bytes(BAD)
    return folder


def local_jsonl(folder: Path, **options) -> tuple[bytes, batch.Summary]:
    """What ``xcparse extract FOLDER --format jsonl`` writes, from the local batch."""
    sink_bytes = io.BytesIO()
    sink = output.StreamWriter(sink_bytes, "jsonl")
    summary = batch.run(batch.discover([str(folder)]), batch.Options(fmt="jsonl", **options),
                        jobs=1, sink=sink)
    sink.close()
    return sink_bytes.getvalue(), summary


def parts_bytes(out: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(out.glob("part-*.jsonl")))


# ---------------------------------------------------------------------------
# Planning (no cluster)


def test_plan_sorts_as_the_local_batch_and_keeps_issues_whole(tmp_path):
    archive = make_archive(tmp_path / "in", issues=3, pages=5)
    parts = xdask.plan(str(archive), files_per_partition=4)
    sources = [page.source for part in parts for page in part.pages]
    assert sources == [p.source for p in batch.discover([str(archive)])]
    assert [len(part.pages) for part in parts] == [5, 5, 5]   # a dated issue is never cut
    assert [part.index for part in parts] == [0, 1, 2]
    (tmp_path / "flat").mkdir()
    for n in range(7):
        shutil.copyfile(SEEDS[0], tmp_path / "flat" / f"p{n}.txt")
    assert [len(p.pages) for p in xdask.plan(str(tmp_path / "flat"), files_per_partition=3)] == [3, 3, 1]


def test_plan_reports_what_matches_nothing(tmp_path):
    (part,) = xdask.plan([str(tmp_path / "missing"), ])
    assert part.pages[0].error == "no such file or folder"
    (part,) = xdask.plan(f"file://{tmp_path}/**/*.txt")
    assert part.pages[0].error == "matches no files"


def test_part_names_sort_in_input_order():
    assert xdask.part_name(7, 10) == "part-00007.jsonl"
    assert xdask.part_name(7, 200_000) == "part-000007.jsonl"


# ---------------------------------------------------------------------------
# On the cluster


def test_cluster_writes_the_local_bytes_with_one_converter_per_worker(client, tmp_path):
    archive = make_archive(tmp_path / "in", issues=4, pages=3)
    expected, local = local_jsonl(archive, convert="s2t")
    parts = xdask.plan(str(archive), files_per_partition=3)
    options = xdask.options_for(convert="s2t")
    summary = xdask.write_jsonl(parts, options, str(tmp_path / "out"), client)
    assert (summary.pages, summary.records, summary.failed) == (local.pages, local.records, 0)
    assert len(list((tmp_path / "out").iterdir())) == 4
    assert parts_bytes(tmp_path / "out") == expected
    converters = client.run(lambda: sorted(__import__("xcparse.convert").convert._converters))
    assert set(map(tuple, converters.values())) == {("s2t",)}

    records = xdask.extract_bag(str(archive), convert="s2t", files_per_partition=3).compute()
    assert records == [json.loads(line) for line in expected.decode().splitlines()]
    pages = xdask.extract_bag(str(archive), pages=True, convert="s2t").compute()
    assert [p["source"] for p in pages] == [p.source for p in batch.discover([str(archive)])]


def test_a_bad_file_among_good_ones(client, tmp_path):
    archive = make_archive(tmp_path / "in", issues=2, pages=2, bad=True)
    expected, local = local_jsonl(archive)
    assert local.failed == 1
    summary = xdask.write_jsonl(xdask.plan(str(archive)), xdask.options_for(), str(tmp_path / "out"),
                                client)
    assert summary.failures == local.failures          # the same file, the same reason
    assert (summary.pages, summary.records) == (local.pages, local.records)
    assert parts_bytes(tmp_path / "out") == expected

    results = xdask.page_results(str(archive)).compute()
    assert [r.source for r in results if r.error] == [local.failures[0][0]]
    with pytest.raises(Exception, match="A00-bad.txt"):
        xdask.extract_bag(str(archive), on_failure="raise").compute()


def test_memory_filesystem(client, tmp_path):
    archive = make_archive(tmp_path / "in", issues=2, pages=2)
    memory = fsspec.filesystem("memory")
    for page in archive.rglob("*.txt"):
        memory.pipe_file(f"/xcparse-test/{page.relative_to(archive).as_posix()}", page.read_bytes())
    try:
        records = xdask.extract_bag("memory://xcparse-test/**/*.txt").compute()
    finally:
        memory.rm("/xcparse-test", recursive=True)
    expected = [json.loads(line) for line in local_jsonl(archive)[0].decode().splitlines()]
    assert [r.pop("source") for r in records] == \
        [f"memory://xcparse-test/{e.pop('source')[len(str(archive)) + 1:]}" for e in expected]
    assert records == expected   # dates from the memory paths too (date_iso filled)
    assert any(r["date_iso"] for r in records)


class KillOnFirstPart(batch.Reporter):
    """Kills a worker process that has parts in hand (SIGKILL) as soon as the first part is in."""

    def __init__(self, client):
        super().__init__(io.StringIO())
        self.client, self.total, self.done = client, 0, 0
        self.done_at_kill = self.tasks_of_victim = None

    def start(self, total):
        self.total = total

    def advance(self, n=1):
        if self.done_at_kill is None:
            processing = self.client.processing()
            victim = max(sorted(processing), key=lambda worker: len(processing[worker]))
            pid = self.client.run(os.getpid, workers=[victim])[victim]
            os.kill(pid, signal.SIGKILL)
            self.done_at_kill, self.tasks_of_victim = self.done + n, len(processing[victim])
        self.done += n


def test_a_worker_killed_during_the_run(client, tmp_path):
    archive = make_archive(tmp_path / "in", issues=16, pages=2)
    expected, local = local_jsonl(archive)
    reporter = KillOnFirstPart(client)
    summary = xdask.write_jsonl(xdask.plan(str(archive), files_per_partition=2), xdask.options_for(),
                                str(tmp_path / "out"), client, reporter=reporter)
    assert reporter.done_at_kill < reporter.total        # killed with parts still to run
    assert reporter.tasks_of_victim >= 1                 # ... and one of them in its hands
    assert (summary.pages, summary.records, summary.failed) == (local.pages, local.records, 0)
    assert parts_bytes(tmp_path / "out") == expected     # nothing lost, nothing twice
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == \
        [xdask.part_name(i, 16) for i in range(16)]      # no temporary file left
    client.wait_for_workers(2, timeout=60)


# ---------------------------------------------------------------------------
# The command line


def run_cli(*args, cwd=None, code: str | None = None):
    command = [sys.executable, "-c", code, *args] if code else [*XCPARSE, *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=120)


def test_cli_on_a_cluster_equals_the_local_run(client, tmp_path):
    make_archive(tmp_path / "in", issues=3, pages=2, bad=True)
    local = run_cli("extract", "in", "--format", "jsonl", "--jobs", "2", cwd=tmp_path)
    done = run_cli("extract", "in", "--dask", client.scheduler.address, "-o", "out/", cwd=tmp_path)
    assert (local.returncode, done.returncode) == (1, 1)
    assert parts_bytes(tmp_path / "out").decode() == local.stdout
    def errors(run):
        return [line for line in run.stderr.splitlines() if line.startswith("xcparse: error:")]
    assert errors(done) == errors(local) and errors(done)[0].startswith(
        "xcparse: error: in/20230601/A00-bad.txt: ")
    assert "6 pages" in done.stderr.splitlines()[-1] and "1 failed" in done.stderr
    assert "Traceback" not in done.stderr

    again = run_cli("extract", "in", "--dask", client.scheduler.address, "-o", "out/", cwd=tmp_path)
    assert again.returncode == 2 and "already holds" in again.stderr


def test_cli_local_cluster_and_file_urls(tmp_path):
    archive = make_archive(tmp_path / "in", issues=2, pages=2)
    done = run_cli("extract", f"file://{archive}/**/*.txt", "--dask", "local", "--jobs", "2",
                   "-o", f"file://{tmp_path}/out/", "--date", "2023-06-21")
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in parts_bytes(tmp_path / "out").decode().splitlines()]
    assert records and all(r["source"].startswith(f"file://{archive}/2023") for r in records)
    expected = [json.loads(line) for line in local_jsonl(archive, page_date="2023-06-21")[0].splitlines()]
    assert [{**r, "source": None} for r in records] == [{**r, "source": None} for r in expected]


@pytest.mark.parametrize("args, message", [
    (["in", "--dask", "local"], "give -o DIR/ or -o URL/"),
    (["-", "--dask", "local", "-o", "out/"], "cannot read standard input"),
    (["in", "--dask", "local", "-o", "out/", "--format", "csv"], "jsonl only"),
    (["in", "--dask", "tcp://127.0.0.1:1", "-o", "out/", "--jobs", "2"], "--jobs sets the workers"),
])
def test_cli_usage_errors(tmp_path, args, message):
    done = run_cli("extract", *args, cwd=tmp_path)
    assert done.returncode == 2 and message in done.stderr and len(done.stderr.splitlines()) == 1


def test_cli_without_the_extra_names_it(tmp_path):
    code = ("import sys; sys.modules['distributed'] = None\n"
            "from xcparse.cli import main; sys.argv[0] = 'xcparse'; main()")
    done = run_cli("extract", "in", "--dask", "local", "-o", "out/", code=code, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "xcparse: error: --dask needs the dask extra (distributed is not installed): "
        "pip install 'xcparse[dask]'"]
    assert not (tmp_path / "out").exists()


def test_stitch_on_a_cluster_equals_the_local_stitch(client, tmp_path):
    """--stitch on Dask: an issue's pages in one part, its stories joined as locally."""
    sys.path.insert(0, str(ROOT / "tests"))
    from layouts.issues import make_issue

    for seed in range(3):
        issue = make_issue(seed)
        day = tmp_path / "in" / f"202306{seed + 10:02}"
        day.mkdir(parents=True)
        for name, text in zip(issue.names, issue.texts):
            (day / name).write_text(text, encoding="utf-8")
    archive = tmp_path / "in"
    expected, local = local_jsonl(archive, stitch=True)
    assert local.stitched > 0
    summary = xdask.write_jsonl(xdask.plan(str(archive)), xdask.options_for(stitch=True),
                                str(tmp_path / "out"), client)
    assert (summary.pages, summary.records, summary.stitched, summary.unmatched) == \
        (local.pages, local.records, local.stitched, local.unmatched)
    assert parts_bytes(tmp_path / "out") == expected
    records = xdask.extract_bag(str(archive), stitch=True).compute()
    assert records == [json.loads(line) for line in expected.decode().splitlines()]
