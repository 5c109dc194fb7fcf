"""Worst-case inputs: no line makes a rule's regex (or any stage) blow up.

Each input is about 200 KB of what the rules look for, repeated: long runs of spaces,
digits, ``（``, ``—``, half-finished leads and jump lines, spread-out and doubled text.
A linear extractor handles each in a fraction of a second; a catastrophically
backtracking regex, or a quadratic loop over a line, takes minutes. The bound is
generous on purpose (``XCPARSE_WORST_CASE_SECONDS``, default 2 s): this is a guard,
not a timing test, and it judges the child's CPU time, not wall time, so a machine
busy with other work does not fail it. Each case runs in a forked child so that a runaway case fails after
``HARD_TIMEOUT`` seconds instead of hanging the suite. bench/bench_scaling.py measures
how time grows with size.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import time
import traceback

import pytest

from xcparse import extract
from xcparse.invariants import check_page

SIZE = 200_000  # characters per input
LIMIT = float(os.environ.get("XCPARSE_WORST_CASE_SECONDS", "2.0"))
HARD_TIMEOUT = max(20.0, 10 * LIMIT)


def rep(unit: str, size: int = SIZE, head: str = "", tail: str = "") -> str:
    return head + unit * (size // len(unit)) + tail


#: name -> text. One long line unless the unit holds a newline.
ADVERSARIAL: dict[str, str] = {
    # runs of one character, alone and followed by what a rule hopes to find after it
    "spaces": rep(" "),
    "spaces-then-han": rep(" ", tail="本"),
    "fullwidth-spaces": rep("\u3000", tail="x"),
    "tabs-and-spaces": rep(" \t\u3000\u00a0"),
    "digits": rep("1"),
    "digits-then-month": rep("2", tail="月"),
    "digits-spaced": rep("1 "),
    "digit-date-like": rep("20 ", tail="月 20 日"),
    "phone-like": rep("0374-"),
    "open-paren": rep("（"),
    "open-paren-then-lead": rep("（", tail="本报讯"),
    "parens-unbalanced": rep("（（）"),
    "ascii-parens": rep("(", tail=")"),
    "dashes": rep("—"),
    "dashes-then-fang": rep("——", tail="访"),
    "dashes-spaced": rep("— "),
    "ellipsis": rep("…"),
    "quotes": rep("“"),
    "full-stops": rep("。"),
    "mixed-punct": rep("（1—，"),
    # half-finished rule triggers
    "lead-open": rep("记者 ", head="本报讯（"),
    "lead-repeated": rep("本报讯（记者"),
    "lead-spread": rep("本 报 讯 （ 记 者 "),
    "jump-open": rep("一", head="（上接第"),
    "jump-no-close": rep("（上接第一版", tail="）"),
    "photo-credits": rep(" 摄"),
    "end-credit": rep("记者 张三 ", head="。（", tail="）"),
    "org-photo-credits": rep("市气象局 ", tail="供图"),
    "org-photo-credit-brackets": rep("（市局", tail="供图）"),
    "byline-names": rep("通讯员 张三 "),
    "reporter-names": rep("本报记者 "),
    # spread-out and doubled text
    "spread-han": rep("本 "),
    "doubled-banner": rep("学思想学思想 "),
    "repeated-han": rep("学思想"),
    "one-han": rep("的"),
    "han-latin-alternating": rep("中a"),
    "latin-word": rep("Windows 11 "),
}

#: name -> line unit: many short lines rather than one long one. Per-line work
#: dominates here, so these are sized in lines, and judged by how time grows.
MANY_LINES: dict[str, str] = {
    "lines-of-paren": "（\n",
    "lines-of-digit": "1\n",
    "lines-of-han": "字\n",
    "blank-lines": "\n",
    "tiny-blocks": "字\n\n",
    "jump-lines": "（下转第二版）\n",
    "jump-lines-up": "（上接第一版）\n",
    "lead-lines": "本报讯（记者 张三）\n",
    "credit-lines": "张三 摄\n",
    "end-credit-lines": "。（记者 张三\n通讯员 李四）\n",
    "banner-lines": "学思想学思想\n\n",
    "title-like-lines": "高标定位 协同推进\n",
    # no blank line anywhere: every other line a possible headline after a sentence end,
    # every other line a caption's credit (blocks.found_breaks)
    "blankless-title-after-sentence": "这是一个句子。\n城北新区标题\n",
    "blankless-captions": "城北新区的一段图片说明文字。\n说明结束。 张三 摄\n",
}
LINES = 20_000


def _child(text: str, conn) -> None:
    try:
        start = time.process_time()  # CPU time: a loaded machine does not make it longer
        page = extract(text)
        conn.send(("extracted", time.process_time() - start))
        # Schema validation is left to the other suites: jsonschema needs seconds for
        # the tens of thousands of records some of these inputs may give.
        check_page(text, page, schema=False)
        conn.send(("checked", None))
    except BaseException:  # noqa: BLE001 - report anything to the parent
        conn.send(("error", traceback.format_exc(limit=8)[-3000:]))
    finally:
        conn.close()


def run_bounded(text: str) -> float:
    """Seconds ``extract(text)`` took; fails the test on error, lost text or runaway."""
    if sys.platform != "linux":  # no cheap fork: run inline, still bounded by LIMIT
        start = time.process_time()
        page = extract(text)
        elapsed = time.process_time() - start
        check_page(text, page, schema=False)
        return elapsed
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(text, child), daemon=True)
    proc.start()
    child.close()
    elapsed = None
    try:
        for timeout in (HARD_TIMEOUT, 120.0):
            if not parent.poll(timeout):
                what = ("extract" if elapsed is None else "checking the page")
                pytest.fail(f"{what} did not finish in {timeout:.0f} s on {len(text):,} "
                            "characters (catastrophic backtracking or a quadratic loop?)",
                            pytrace=False)
            status, value = parent.recv()
            if status == "error":
                pytest.fail(value, pytrace=False)
            if status == "checked":
                break
            elapsed = value
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        parent.close()
    assert elapsed is not None
    return elapsed


@pytest.mark.parametrize("name", ADVERSARIAL)
def test_adversarial_line_is_fast(name):
    text = ADVERSARIAL[name]
    elapsed = run_bounded(text)
    assert elapsed < LIMIT, (f"{name}: extract took {elapsed:.2f} s on {len(text):,} "
                             f"characters (limit {LIMIT} s)")


@pytest.mark.parametrize("name", MANY_LINES)
def test_many_lines_grow_linearly(name):
    """20,000 lines take about 8 times as long as 2,500 (linear), not 64 times
    (quadratic). Below a quarter of a second there is nothing to judge."""
    unit = MANY_LINES[name]
    small = run_bounded(unit * (LINES // 8))
    full = run_bounded(unit * LINES)
    assert full < 4 * LIMIT, f"{name}: {LINES:,} lines took {full:.2f} s"
    if full >= 0.25:
        ratio = full / max(small, 0.01)
        assert ratio < 20, (
            f"{name}: {LINES // 8:,} lines took {small:.3f} s, {LINES:,} lines {full:.2f} s: "
            f"x{ratio:.0f} for x8 input (linear is x8, quadratic x64)")


def test_cases_are_big_enough():
    assert all(len(t) >= SIZE * 0.9 for t in ADVERSARIAL.values())
    assert all("\n" not in t for t in ADVERSARIAL.values())
