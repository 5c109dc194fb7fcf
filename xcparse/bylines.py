"""Records, step 4: bylines — credits read into a byline and the names of reporters,
correspondents and photographers.
"""
from __future__ import annotations

from . import patterns as P
from .measure import Column, Line
from .model import Record
from .segments import Segment
from .simplified import _t2s_same


def parse_credit(text: str, shadow: str | None = None) -> list[tuple[str, list[str]]]:
    """``记者 林晓 通讯员 周明 陈雨`` -> [(记者, [林晓]), (通讯员, [周明, 陈雨])].

    Role words are found in the Simplified ``shadow`` (same length as ``text``) so that
    ``記者`` is a reporter too; the names are cut from the page's own characters. A role
    word follows a space or a separator, except one no name contains (``记者``), which
    is found even where a justified line lost its spaces (``记者林晓通讯员周明``).
    """
    if shadow is None or len(shadow) != len(text):
        shadow = text
    matches = [m for m in P.ROLE_WORD.finditer(shadow)
               if m.start() == 0 or shadow[m.start() - 1] in " 、，,（(/"
               or m.group() in P.UNMISTAKABLE_ROLES]
    if not matches:
        names = [n for n in P.NAME_SPLIT.split(text.strip().lstrip(P.CREDIT_BULLETS).strip()) if n]
        return [("", names)] if names else []
    parts: list[tuple[str, list[str]]] = []
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        names = [n for n in P.NAME_SPLIT.split(text[m.end():end].strip(" ：:/")) if n]
        parts.append((text[m.start():m.end()], names))
    return parts


def _names_into(fields: dict[str, list[str]], parts, shadow_parts) -> None:
    """Put each role's names into the record field the role maps to. A role printed
    after the names with none of its own (``本报记者 张三 文/图``) is theirs too."""
    before: list[str] = []
    for (role, names), (srole, _) in zip(parts, shadow_parts):
        for f in _role_field(srole):
            fields[f].extend(names or before)
        before = names


def _role_field(role: str) -> list[str]:
    return P.BYLINE_ROLES.get(role, "reporters").split("+")


def _format_credit(parts: list[tuple[str, list[str]]]) -> str:
    return " ".join(((role + " ") if role else "") + " ".join(names) for role, names in parts).strip()


def _byline(seg: Segment, rec: Record) -> None:
    fields: dict[str, list[str]] = {"reporters": [], "correspondents": [], "photographers": []}
    bylines: list[str] = []

    def take(text: str, shadow: str, only: str | None = None) -> list[tuple[str, list[str]]]:
        parts = parse_credit(text, shadow)
        roles = parse_credit(shadow, shadow)
        if only:
            for _, names in parts:
                fields[only].extend(names)
        else:
            _names_into(fields, parts, roles)
        return parts

    for ln in seg.body_lines:
        if ln.role == "lead" and "lead_prefix" in ln.extra:
            if not ln.extra["lead_inner"]:  # a lead with no credit
                bylines.append(ln.extra["lead_prefix"])
                break
            inner = _join_credit_lines(ln.extra["lead_inner"], ln.extra["lead_lines"], seg.body_lines)
            parts = take(inner, _t2s_same(inner))
            bylines.append(f"{ln.extra['lead_prefix']}（{_format_credit(parts)}）")
            break
    for it in seg.head_items:
        if it.kind == "credit":
            ln = it.lines[0]
            bylines.append(_format_credit(take(ln.src, ln.shadow)))
    for it in seg.items:
        for ln in it.lines:
            if ln.extra.get("photo_credit_org"):
                # an organisation, an archive or an agency: the credit as printed, no name
                credit = ln.extra["photo_credit"]
                bylines.append(P.SPACE_BY_PUNCT.sub("", P.CREDIT_GAP.sub(" ", credit).strip()))
                agency = P.STOCK_PHOTOGRAPHER.search(_t2s_same(credit))
                if agency:  # an agency's picture that names its photographer
                    fields["photographers"].extend(P.NAME_SPLIT.split(credit[agency.start("names"):agency.end("names")]))
            elif "photo_credit" in ln.extra:
                credit = ln.extra["photo_credit"]
                # the mark is found in the Simplified form (攝 is 摄) and cut from the page's own
                simplified = _t2s_same(credit)
                mark = P.PHOTO_MARK.search(simplified) if len(simplified) == len(credit) else None
                end = mark.start() if mark else len(credit)
                names = _format_credit(take(credit[:end], simplified[:end], only="photographers"))
                printed = credit[mark.start("mark"):mark.end("mark")] if mark else "摄"
                bylines.append(f"{names} {printed}")
    ec = seg._line_extra("end_credit")
    if ec is not None:  # a news item's credit at its end, in brackets
        inner = _join_credit_lines(ec["parts"], ec["lines"], seg.body_lines)
        bylines.append(f"{ec['open']}{_format_credit(take(inner, _t2s_same(inner)))}{ec['close']}")
    rec.byline = " ".join(bylines) or None
    rec.reporters = _dedupe(fields["reporters"])
    rec.correspondents = _dedupe(fields["correspondents"])
    rec.photographers = _dedupe(fields["photographers"])


def _dedupe(names: list[str]) -> list[str]:
    seen, out = set(), []
    for n in names:
        if n not in seen:
            seen.add(n)
            out.append(n)
    return out


def _join_credit_lines(parts: list[str], lines: list[Line], body: list[Line]) -> str:
    """Rejoin a credit broken across ``lines`` (one part on each). A break at the
    column edge splits a name (``丁`` / ``成飚``) and is joined without a space; a line
    that stops short of the edge broke at a space, which is put back. The column is
    that of ``body``, measured only when a break needs it."""
    col: Column | None = None
    out = parts[0].strip()
    for p, before in zip(parts[1:], lines):
        p = p.strip()
        tail, head = (out.split() or [""])[-1], (p.split() or [""])[0]
        # a one-character piece is half a name (names have two characters or more);
        # otherwise a line that stops clearly short of the column broke at a space
        if len(tail) == 1 or len(head.rstrip("）)")) == 1:
            glue = ""
        else:
            if col is None:
                col = Column.of(body)
            glue = " " if col and col.short_by(before) >= 2.0 else ""
        joined = out + p
        for m in P.ROLE_WORD.finditer(_t2s_same(joined)):
            if m.start() < len(out) < m.end():  # a role word broken by the line end
                glue = ""
        out = out + glue + p
    return out
