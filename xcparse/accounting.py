"""Last stage: account for every character of the page.

The rules place lines into records, furniture or the ``dropped`` list; a rule that
misfires on an unusual page could set a line aside and forget it. This stage makes
losing text impossible by construction: it counts the page's Han characters, digits
and Latin letters against the output's, and every input line that holds a character
the output lacks goes, whole, into ``dropped`` with the reason :data:`UNPLACED`.

On the pages the rules understand it finds nothing and costs one count of the text.
"""
from __future__ import annotations

from collections import Counter

from .invariants import COUNTED, output_texts
from .model import Dropped, Page

#: The reason given for a line no rule placed.
UNPLACED = "not placed by any rule"


def account_for_text(lines: list[str], page: Page) -> None:
    """Add to ``page.dropped`` every line whose characters the output lacks.

    ``lines`` are the page's lines after the character table (as the stages saw them).
    Lines not found whole in the output are taken first, so that a lost line is
    dropped as itself rather than as a neighbour that shares its characters.
    """
    missing = _missing_counted(lines, page)
    if not missing:
        return
    outside = "\x00".join("".join(COUNTED.findall(t)) for t in output_texts(page))
    candidates = []
    for no, line in enumerate(lines, 1):
        core = COUNTED.findall(line)
        if any(c in missing for c in core):
            candidates.append((("".join(core) in outside), no, line))
    candidates.sort(key=lambda c: c[0])
    for _, no, line in candidates:
        core = Counter(COUNTED.findall(line))
        if not (core & missing):
            continue
        page.dropped.append(Dropped(line.strip(), UNPLACED, no))
        missing -= core
        if not missing:
            break


def _missing_counted(lines: list[str], page: Page) -> Counter:
    """The counted characters (:data:`COUNTED`) of ``lines`` the output lacks, as a multiset.

    Every character is counted first and only the few the output lacks are tested
    against ``COUNTED``: counting a whole page through the ``\\p{...}`` class costs
    several times more, and filtering before or after the subtraction gives the same
    multiset (the subtraction is per character).
    """
    lacking = Counter("\n".join(lines)) - Counter("\n".join(output_texts(page)))
    return Counter({c: n for c, n in lacking.items() if COUNTED.fullmatch(c)})
