"""The conventions of Chinese city-daily pages, as named and commented data.

Every rule that recognises a kind of line by its wording lives here (trafilatura keeps
its XPath expressions as data in the same way). Patterns are matched against a
Simplified-Chinese shadow of each line (OpenCC t2s), so ``本報訊（記者…）`` matches the
same rules as ``本报讯（记者…）`` while the output keeps the page's own characters.

Nothing here names a person, place or title: only the fixed vocabulary of the trade
(本报讯, 记者, 通讯员, 摄, 上接…版) and shapes (phone numbers, doubled text).
"""
from __future__ import annotations

import regex

V1 = regex.V1

# ---------------------------------------------------------------------------
# Characters

#: Punctuation that ends a sentence; a line ending in one of these (optionally
#: followed by closing quotes/brackets) may end a paragraph.
SENTENCE_END = "。！？；…"
CLOSERS = "”’」』）)》〉】"
ENDS_SENTENCE = regex.compile(rf"[{SENTENCE_END}][{CLOSERS}]*$|[{SENTENCE_END}]{{2}}$")

#: Punctuation found inside running sentences; titles rarely have it.
SENTENCE_PUNCT = regex.compile(r"[，。、；！？]")

#: A run of two Han characters or more (the runs a text's Han bigrams are cut from).
HAN_RUN = regex.compile(r"\p{Han}{2,}")

# ---------------------------------------------------------------------------
# Spaces (compiled once: a pattern given as a string is looked up in regex's cache on
# every call, which costs more than the match on a short line)

#: A gap of two spaces or more: a phrase gap inside a spread-out line.
SPREAD_GAP = regex.compile(r"[ ]{2,}")
#: Spaces glued to full-width punctuation: ``确保 ，`` -> ``确保，``.
SPACE_BY_PUNCT = regex.compile(r"[ ]+(?=[，。、；：！？）》”’])|(?<=[（《“‘])[ ]+")

# ---------------------------------------------------------------------------
# Bylines and credits

#: Who a reporter or correspondent works for, printed before the role: the paper itself
#: or a wire service (``新华社记者 X 摄``).
ROLE_ISSUERS = ("本报", "新华社", "中新社", "人民日报", "央视", "央广")
#: What kind of reporter: ``见习记者``, ``首席记者``, ``融媒体记者``, ``特约通讯员``.
ROLE_RANKS = ("特约", "特派", "见习", "实习", "首席", "融媒体", "全媒体", "融媒", "全媒", "驻站")
#: The role itself and the field that receives its names; a photographer on the staff
#: (``摄影记者``) took the pictures.
ROLE_BASES = {"摄影记者": "photographers", "记者": "reporters", "通讯员": "correspondents",
              "评论员": "reporters"}
#: Roles printed in bylines, mapped to the record field that receives the names:
#: every issuer, rank and base above (``本报记者``, ``新华社记者``, ``本报特约评论员``: an
#: editorial's commentator, often with no name printed), and the words of a feature's
#: credit. Longer words first in the patterns, so 特约通讯员 wins over 通讯员.
BYLINE_ROLES: dict[str, str] = {
    issuer + rank + base: field
    for issuer in ("",) + ROLE_ISSUERS for rank in ("",) + ROLE_RANKS
    for base, field in ROLE_BASES.items()
}
BYLINE_ROLES.update({
    "实习生": "reporters",  # an intern on the paper's staff, who reports with its reporters
    "文/图": "reporters+photographers",
    "图/文": "reporters+photographers",
    "文图": "reporters+photographers",
    "摄影": "photographers",
    "图": "photographers",
    "文": "reporters",
})
#: Role words no personal name contains: found even run together with the names, as
#: a justified (spread) line prints them once its spaces are closed.
UNMISTAKABLE_ROLES = frozenset(r for r in BYLINE_ROLES
                               if "记者" in r or "通讯员" in r or "评论员" in r or r == "实习生")
#: The role words as one alternation: issuer, rank and base in turn (a list of every
#: combination would be tried one by one), then the other words longest first.
_OTHER_ROLES = sorted((r for r in BYLINE_ROLES if not r.endswith(tuple(ROLE_BASES))), key=len, reverse=True)
_STAFF_ROLE_ALT = (f"(?:{'|'.join(ROLE_ISSUERS)})?(?:{'|'.join(sorted(ROLE_RANKS, key=len, reverse=True))})?"
                   f"(?:{'|'.join(ROLE_BASES)})")
_ROLE_ALT = _STAFF_ROLE_ALT + "|" + "|".join(regex.escape(r) for r in _OTHER_ROLES)
ROLE_WORD = regex.compile(rf"(?:{_ROLE_ALT})")

#: A personal name as printed in a byline: 2–4 Han characters (a compound surname
#: or a minority name may be longer; dotted names like 阿卜杜·热合曼 are allowed).
NAME = r"\p{Han}{1,5}(?:[·•]\p{Han}{1,6})?"

#: Who filed a news item, in its lead: this paper (本报), another paper quoted by name
#: (``…日报``, ``…晚报``: 1-6 characters before the kind of paper; a news site ``…网``
#: or a paper's app ``…客户端``), or a wire service
#: (``新华社``, ``人民网``; ``据`` when the paper reprints it).
LEAD_PAPER = r"\p{Han}{1,6}?(?:日报|晚报|早报|商报|时报|快报|都市报|网|客户端)"
LEAD_WIRES = "新华社|中新社|人民网|新华网|中新网|央视网|央广网|光明网"
#: Where and when, between who and 讯: a place of 2-4 characters that is not a role
#: word (``本报记者…`` is a credit, not a lead), then a date; either may be missing.
LEAD_WHERE_WHEN = r"(?:(?!记者|通讯员)\p{Han}{2,4}?)?(?:\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*)?"
#: A dispatch filed from away names where it was filed, when, or both (``本报郑州6月3日电``):
#: ``本报电…`` with neither is a word (``本报电视…``).
LEAD_AWAY = (r"(?:(?:(?!记者|通讯员)\p{Han}{2,4}?)\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*"
             r"|\d{1,2}\s*月\s*\d{1,2}\s*日\s*|(?!记者|通讯员)\p{Han}{2,4}?)")
#: A lead's prefix: ``本报讯``, ``本报6月20日讯``, ``本报北京讯``, ``本报郑州6月3日电`` (filed
#: from away), ``城南日报讯``, ``河畔网讯``,
#: ``新华社北京6月20日电``, ``据中新社电``, ``本报综合``. Every alternative ends in 讯 or
#: 电, or is 本报综合, within LEAD_PREFIX_MAX characters (roles.py looks for those first).
LEAD_PREFIX = (rf"本报{LEAD_WHERE_WHEN}讯|本报{LEAD_AWAY}电|{LEAD_PAPER}{LEAD_WHERE_WHEN}讯"
               rf"|据?(?:{LEAD_WIRES})[\p{{Han}}\d\s月日]{{0,16}}?电|本报综合")
LEAD_PREFIX_MAX = 28
#: The literals LEAD_PREFIX cannot match without: 讯 or 电 within LEAD_PREFIX_MAX
#: characters, or a line opening with 本报综合 (tests/test_fast_paths.py holds it to it).
LEAD_PREFIX_MARKS = ("讯", "电")
LEAD_PREFIX_PLAIN = "本报综合"

#: The news lead that opens an item: ``本报讯（记者 X 通讯员 Y）``. The parenthesised
#: credit may be missing. ``inner`` may run onto the next line (see roles.py).
LEAD = regex.compile(rf"^(?P<prefix>{LEAD_PREFIX})\s*[（(](?P<inner>[^（）()]{{0,60}})[）)]", flags=V1)
#: A lead set in lenticular brackets, its credit in them or none: ``【本报香港6月28日电】``.
LEAD_BOXED = regex.compile(rf"^(?P<prefix>[【〖]\s*(?:{LEAD_PREFIX})(?:\s*[（(](?P<inner>[^（）()【】]{{0,60}})[）)])?\s*[】〗])",
                           flags=V1)
#: A lead's prefix alone on its line: its credit in brackets opens the next line
#: (``本报4月5日讯`` / ``（见习记者 陈伟）…``), or it has none.
LEAD_ALONE = regex.compile(rf"^(?P<prefix>{LEAD_PREFIX})\s*$", flags=V1)
#: A lead with no credit: ``本报讯 3月4日，…`` (briefs often print none), maybe with a
#: colon (``本报讯：``), which the byline keeps.
LEAD_BARE = regex.compile(rf"^(?P<prefix>{LEAD_PREFIX})(?P<colon>[：:])?\s*(?=[^\s（(])", flags=V1)
#: The start of a lead whose credit runs on to the next line (no closing bracket yet).
LEAD_OPEN = regex.compile(rf"^(?P<prefix>{LEAD_PREFIX})\s*[（(](?P<inner>[^（）()]{{0,60}})$", flags=V1)

#: Who a reporter works for, printed run together before the role word: a paper, a
#: news site or a broadcaster (``兰州日报社全媒体记者``, ``晚报记者``), or its initials
#: (``YMG全媒体记者``). Words before a role word that end so are no personal name.
ROLE_ISSUER_ALT = r"(?:\p{Han}{0,8}?(?:报社|报|社|网|台|客户端)|[A-Za-z]{2,8})"
ROLE_ISSUER_BEFORE = regex.compile(rf"{ROLE_ISSUER_ALT}$", flags=V1)
#: What a credit says its people did, printed after a name (``张三 摄``, ``李四/摄``,
#: ``王五报道``, ``赵六/文``, ``钱七/图``) or before it (``摄/孙八``, ``文/周九``): the
#: field the names get.
CREDIT_MARKS: dict[str, str] = {
    "摄影报道": "photographers", "摄影": "photographers", "摄": "photographers", "供图": "photographers",
    "文/图": "reporters+photographers", "图/文": "reporters+photographers",
    "报道": "", "文": "reporters", "图": "photographers",
}
#: Marks that add to what the role says rather than replace it: ``记者 X 通讯员 Y
#: 摄影报道`` (closing the credit: every name reported and took pictures); names
#: with no role get the mark's field alone (``X 摄影报道``).
CREDIT_MARKS_ADD = frozenset({"摄影报道"})
#: A role word that is the start of a longer mark (``摄影`` in ``摄影报道``) is that mark.
LONGER_MARKS = {r: tuple(m for m in CREDIT_MARKS if m != r and m.startswith(r)) for r in BYLINE_ROLES
                if any(m != r and m.startswith(r) for m in CREDIT_MARKS)}
#: What parts the words of a credit: white space, list marks, a slash.
CREDIT_WORD_SPLIT = regex.compile(r"[\s、，,/]+")
#: A mark printed before a role word, for that role's names: ``文/本报记者 X 摄/本报记者 Y``.
MARK_BEFORE_ROLE = regex.compile(r"(?P<mark>文|图|摄影|摄)\s*/\s*$")
#: A mark closing a name: set apart by a space or a slash, or run together when it can
#: be no part of a name (``常琳报道``, ``袁野/文``).
_MARK_ALT = "|".join(regex.escape(m) for m in sorted(CREDIT_MARKS, key=len, reverse=True))
MARK_AFTER = regex.compile(rf"(?:\s*/\s*|\s+)(?P<mark>{_MARK_ALT})$|(?P<mark>摄影报道|报道)$")
#: A mark opening the names: ``摄/孙八``, ``文/周九``.
MARK_BEFORE = regex.compile(rf"^(?P<mark>{_MARK_ALT})\s*[/／：:]\s*")

#: Spaces around a credit's slash (``文/ 图``): a layout extractor's, not the printer's.
SPACE_BY_SLASH = regex.compile(r"\s*/\s*")
#: What separates the names of one role in a credit: ``周明 陈雨``, ``赵航、吴桐``.
NAME_SPLIT = regex.compile(r"[\s、，,]+")
#: A credit line standing alone: ``本报记者 林晓 通讯员 周明 陈雨``. Each role word is
#: followed by one or more names separated by spaces or 、. Feature pages may open it
#: with a bullet (``■本报记者 张三``, or a bullet and the names alone: ``□李四``), and
#: close it with what the writer did (``文/图``); ``文/张三`` is role and name.
CREDIT_BULLETS = "■□●○◆◇▲△★☆◎•"
#: Marks a credit line may print with its roles and names: before a role
#: (``文/本报记者 X 摄/本报记者 Y``), after a name (``X/文 Y/图``), closing it
#: (``文/图``, ``摄影报道``).
MARK_BEFORE_ROLE_ALT = r"(?:(?:文|图|摄影|摄)\s*/\s*)"
NAME_MARKED = rf"{NAME}(?:\s*/\s*(?:文|图|摄))?"
CREDIT_LINE = regex.compile(
    rf"^(?:[{CREDIT_BULLETS}]\s*)?(?:{MARK_BEFORE_ROLE_ALT}?(?:{_ROLE_ALT})[\s:：/]*{NAME_MARKED}"
    rf"(?:[\s、，,]+{NAME_MARKED})*\s*)+"
    rf"(?:(?:文/图|图/文|文图|摄影报道|报道)\s*)?$"
    rf"|^[{CREDIT_BULLETS}]\s*{NAME}(?:[\s、]+{NAME})*$",
    flags=V1,
)
#: A credit line whose role a paper's name opens (``郑州晚报记者 X 见习记者 Y``,
#: ``茂名日报社全媒体记者 X``): the staff roles only (the literal tested first).
CREDIT_LINE_ISSUED = regex.compile(
    rf"^{ROLE_ISSUER_ALT}(?:{_STAFF_ROLE_ALT})[\s:：/]*{NAME_MARKED}(?:[\s、，,]+{NAME_MARKED})*\s*"
    rf"(?:(?:{_ROLE_ALT})[\s:：/]*{NAME_MARKED}(?:[\s、，,]+{NAME_MARKED})*\s*)*"
    rf"(?:(?:文/图|图/文|文图|摄影报道|报道)\s*)?$", flags=V1)
#: A credit line that says its people took the pictures ends in one of these marks;
#: after a caption (at most CAPTION_MAX_CHARS characters of text) it is the photo's
#: credit (``全媒体记者 X 文/图``), its names photographers.
PICTURE_MARKS = ("文/图", "图/文", "摄影报道", "摄影", "/图", "/摄")
CAPTION_MAX_CHARS = 60
#: What a credit printed after the body's last sentence on its last line cannot lack: a
#: bullet or a staff role word (CREDIT_LINE after a sentence end).
TRAILING_CREDIT_HINT = regex.compile(rf"[{CREDIT_BULLETS}]|记者|通讯员|评论员|实习生")
#: The rest of a credit broken inside a name, on the next line: names only (``肇文 孟环``).
CREDIT_NAMES_GO_ON = regex.compile(rf"^{NAME_MARKED}(?:[\s、]+{NAME_MARKED})*$", flags=V1)
#: A credit line of names before what they did, with no role: ``X 图/文``.
CREDIT_LINE_NAMES_FIRST = regex.compile(rf"^{NAME}(?:[\s、]+{NAME})*\s+(?:图/文|文/图)$", flags=V1)
CREDIT_LINE_NAMES_FIRST_ENDS = ("图/文", "文/图")
#: The paper's commentator credited with no name: ``本报评论员`` (``本报特约评论员``)
#: alone on a line, maybe after a bullet, is an editorial's byline (CREDIT_LINE wants
#: a name after every role word).
COMMENTATOR_LINE = regex.compile(rf"^(?:[{CREDIT_BULLETS}]\s*)?本报(?:特约)?评论员$")

#: Where a credit closing a caption may start: the line's start, after the caption's last
#: sentence, or after a gap. And the gap between a credit's names and its mark (``X 摄``,
#: ``X/摄``): run together (``组织摄影``) they are words of a sentence.
CREDIT_START = rf"(?:^|(?<=[{SENTENCE_END}{CLOSERS}])\s*|\s+)"
CREDIT_MARK_GAP = r"(?:\s*/\s*|\s+)"
#: A photo credit: names followed by 摄 or 供图 (``赵航 摄``, ``本报记者 吴桐 摄``), alone on
#: a line or after the end of a caption (``…的祝福。 赵航 摄``). The name stands apart
#: from 摄 (a space or ``/``): run together (``组织摄影``, ``摄影展``) they are words of a
#: sentence.
PHOTO_CREDIT = regex.compile(
    rf"{CREDIT_START}(?P<credit>(?:{ROLE_ISSUER_ALT}?(?:{_ROLE_ALT})\s*)?{NAME}(?:[\s、]+(?:(?:{_ROLE_ALT})\s*)?{NAME})*"
    rf"{CREDIT_MARK_GAP}(?:摄(?:影)?|供图))$",
    flags=V1,
)

#: A credit printed in brackets at the end of a news item that has no lead:
#: ``…工作取得明显成效。（记者 张三 通讯员 李四）``, ``（本报记者 王五）``, after the last
#: sentence or on the last line(s) of its own. The bracket opens after a sentence end or
#: at a line start and closes the line; inside are only role words no name or aside
#: contains (END_CREDIT_ROLES), each followed by names (END_CREDIT_INNER): an aside such
#: as ``（以上均为化名）`` or ``（资料来源：…）`` stays in the body. The names may close with
#: what their people did (``（记者 张三 摄）``: a story told in pictures, its names the
#: photographers'). A credit broken over lines is rejoined in roles.py: END_CREDIT_OPEN
#: is its first line, END_CREDIT_CLOSE its last, the lines between hold no bracket.
END_CREDIT_ROLES = tuple(r for r in BYLINE_ROLES if r in UNMISTAKABLE_ROLES)
_END_ROLE_ALT = "|".join([_STAFF_ROLE_ALT] + [r for r in END_CREDIT_ROLES if not r.endswith(tuple(ROLE_BASES))])
END_CREDIT_INNER = regex.compile(
    rf"^\s*(?:(?:{_END_ROLE_ALT})\s*{NAME}(?:[\s、]+{NAME})*\s*)+(?<!摄|摄影|供图|报道)"
    rf"(?:\s*/?\s*(?:摄影报道|摄影|摄|报道))?$", flags=V1)
#: ... or only names, one to four of two to four characters set apart by spaces or 、
#: (``（朱尉 徐佳伟）``, ``（马澜、杨成）``): the reporters, printed with no role. A word
#: that closes a serial instalment is no name (END_NOT_NAMES).
END_CREDIT_NAMES = regex.compile(r"^\s*\p{Han}{2,4}(?:[\s、]+\p{Han}{2,4}){0,3}\s*$", flags=V1)
END_NOT_NAMES = frozenset({"完", "待续", "未完待续", "全文完", "续完", "上", "下", "续"})
END_CREDIT = regex.compile(
    rf"(?:^|(?<=[{SENTENCE_END}{CLOSERS}]))\s*(?P<open>[（(])(?P<inner>[^（）()]{{1,60}})(?P<close>[）)])$")
END_CREDIT_OPEN = regex.compile(
    rf"(?:^|(?<=[{SENTENCE_END}{CLOSERS}]))\s*(?P<open>[（(])(?P<inner>[^（）()]{{0,60}})$")
END_CREDIT_CLOSE = regex.compile(r"^(?P<inner>[^（）()]{0,60})(?P<close>[）)])$")
#: A bracketed aside closing a line (``…好好过日子。（以上均为化名）``): the sentence
#: before it ended, so a credit may follow on the next line.
ASIDE_AT_END = regex.compile(r"[（(][^（）()]{0,60}[）)]$")
#: A credit broken over more lines than this is no end-of-body credit.
END_CREDIT_MAX_LINES = 3

#: A credit line opens with a role word, or with a bullet before it: their first characters.
CREDIT_LINE_FIRST = frozenset(r[0] for r in BYLINE_ROLES) | frozenset(CREDIT_BULLETS)
#: A photo credit ends in one of these marks: PHOTO_CREDIT cannot match a line without.
PHOTO_CREDIT_ENDS = ("摄", "摄影", "供图")

#: A photo credit with its mark first: ``摄/车庆久``, ``摄影：X Y``, alone on a line or
#: after the caption's last sentence.
PHOTO_CREDIT_MARK_FIRST = regex.compile(
    rf"{CREDIT_START}(?P<credit>(?:摄影|摄|图)\s*[/／：:]\s*{NAME}(?:[\s、]+{NAME})*)$", flags=V1)
#: The ``摄`` (``摄影``, ``供图``) that closes a photo credit, with the gap before it.
PHOTO_MARK = regex.compile(r"\s*/?\s*(?P<mark>摄(?:影)?|供图)$")

#: The last words of an organisation's name (``…文旅局``, ``…中心``, ``…委员会``). A
#: personal name seldom ends in one of them; an organisation credited for a picture
#: nearly always does.
ORG_SUFFIXES = (
    "委员会", "管委会", "指挥部", "联合会", "基金会", "研究会", "派出所", "办公室", "工作室",
    "局", "委", "办", "厅", "部", "院", "馆", "中心", "公司", "集团", "协会", "学会", "站", "所",
    "队", "社", "台", "处", "署", "团", "校", "大学", "医院", "政府", "街道", "单位", "银行",
    "景区", "园区", "社区", "小组",
)
#: Who supplied a picture without being a person or naming one (``受访者供图``).
PHOTO_SOURCES = ("受访者", "主办方", "承办方", "组委会")
_ORG_SUFFIX_ALT = "|".join(regex.escape(s) for s in sorted(ORG_SUFFIXES, key=len, reverse=True))
_SOURCE_ALT = "|".join(regex.escape(s) for s in PHOTO_SOURCES)
#: An organisation's name as a picture credit gives it: a name ending in one of
#: ORG_SUFFIXES after two characters or more (``市气象局``), a name longer than any
#: personal NAME (six Han characters or more), or one of PHOTO_SOURCES.
ORG_NAME = rf"(?:[\p{{Han}}0-9A-Za-z]{{2,16}}?(?:{_ORG_SUFFIX_ALT})|\p{{Han}}{{6,20}}|{_SOURCE_ALT})"
#: ... of which only a name its own last word marks as an organisation's, or one of
#: PHOTO_SOURCES, may be run together with 供图 (``市文化馆供图``): a long run of
#: characters glued to it may be a sentence.
ORG_NAME_MARKED = rf"(?:[\p{{Han}}0-9A-Za-z]{{2,16}}?(?:{_ORG_SUFFIX_ALT})|{_SOURCE_ALT})"
#: Credits that name no photographer: a picture from the paper's archive (``本报资料图片``,
#: ``资料照片``) or sent by a news agency (``新华社发``).
#: An agency's picture may name its photographer in brackets: ``新华社发（陈六 摄）``.
STOCK_PHOTO = (r"(?:本报)?资料(?:图片|照片|图)|(?:新华社|中新社|中国新闻社)发"
               rf"(?:\s*[（(]\s*{NAME}(?:[\s、]+{NAME})*(?:\s*/\s*|\s+)摄(?:影)?\s*[）)])?")
#: The photographer an agency's credit names in its brackets (``新华社发（陈六 摄）``).
STOCK_PHOTOGRAPHER = regex.compile(r"发\s*[（(]\s*(?P<names>.+?)\s*/?\s*摄(?:影)?\s*[）)]$")
#: A photo credited to an organisation, not a person: ``城南区文旅局 供图``,
#: ``（市气象局供图）``, ``本报资料图片``, ``新华社发``. Alone on a line or after the
#: caption's last sentence, like PHOTO_CREDIT; an organisation's name stands apart from
#: 供图 (a space or ``/``) unless brackets set the whole credit apart or its last word
#: marks it as an organisation's (ORG_NAME_MARKED: ``市文化馆供图``). Tried before
#: PHOTO_CREDIT: ``市气象局 供图`` has a personal name's length.
ORG_PHOTO_CREDIT = regex.compile(
    rf"{CREDIT_START}(?P<credit>"
    rf"{ORG_NAME}{CREDIT_MARK_GAP}供图|{ORG_NAME_MARKED}供图|{STOCK_PHOTO}"
    rf"|[（(]\s*(?:{ORG_NAME}\s*/?\s*供图|{STOCK_PHOTO})\s*[）)])$",
    flags=V1,
)
#: The gap a credit prints between its words (CREDIT_MARK_GAP: spaces, or a slash:
#: ``X/供图``), kept in a byline as one space.
CREDIT_GAP = regex.compile(CREDIT_MARK_GAP)
#: An organisation's photo credit ends in one of these: ORG_PHOTO_CREDIT cannot match
#: a line without.
ORG_PHOTO_CREDIT_ENDS = ("供图", "图片", "照片", "资料图", "社发", "）", ")")

# ---------------------------------------------------------------------------
# Jump lines

#: ``（上接第一版）``, ``（下转第二版）``, ``（紧接第3版）``, ``（上接A2版）``: a story
#: continued from / on another page; ``（详见第三版）``: a front-page teaser whose full
#: story is on another page. ``dir`` says which way.
JUMP = regex.compile(
    r"[（(]\s*(?P<dir>上接|下转|紧接|接|转|详见|参见|见)\s*(?P<page>第?\s*[0-9A-Za-z一二三四五六七八九十百零〇]{1,4}\s*版)\s*(?:[\p{Han}]{0,4})?[）)]"
    # unbracketed, the marker is the whole line, after an arrow at most: ``上接第一版``, ``▶下转3版``
    r"|^[▶◀►◄→←>»《]*\s*(?P<dir>上接|下转|紧接|接|转|详见|参见|见)\s*(?P<page>第?\s*[0-9A-Za-z一二三四五六七八九十百零〇]{1,4}\s*版)\s*$",
    flags=V1,
)
#: A jump line names a page (``…版``): JUMP cannot match a line without this character.
JUMP_NEEDS = "版"
JUMP_FROM_WORDS = ("上接", "紧接", "接")
JUMP_TO_WORDS = ("下转", "转", "详见", "参见", "见")  # 详见: a front-page teaser's full story

# ---------------------------------------------------------------------------
# Headline parts

#: A subtitle (副题) line opens with a dash: ``——访市委…``.
SUBTITLE_DASH = regex.compile(r"^(?:—{1,2}|-{2}|－{2}|─{2})")
#: A subtitle that reports a leader's presence: ``…出席会议并讲话``, ``…出席…并作专题党课``.
SUBTITLE_PRESENCE = regex.compile(r"出席.{0,12}(?:并讲话|并致辞|并作.{0,8}|讲话)$")
#: A column tag in lenticular brackets opening a headline: ``【城事观察】`` on a line of its
#: own or before the title (``【关注】春耕…``). The name inside is the record's column.
COLUMN_TAG_OPENERS = ("【", "〖", "［", "[")
COLUMN_TAG = regex.compile(r"^\s*[【〖［\[](?P<name>[^【】〖〗［］\[\]]{1,16})[】〗］\]]\s*(?P<rest>.*)$")
#: Generic labels a paper prints over a kind of item rather than a title of its own:
#: ``图片新闻`` over a news photo, ``简讯`` over briefs. A headline part that is one of
#: these is the record's column.
COLUMN_LABELS = frozenset({"图片新闻", "新闻图片", "图片报道", "图说", "图说新闻", "简讯", "短讯", "快讯",
                           "新闻速递", "一线传真", "图片故事", "镜头"})
COLUMN_LABEL_MAX = max(map(len, COLUMN_LABELS))  # a longer headline part is no label
#: A kicker (引题) often ends with a colon (``区文旅局：``) or points to the title with
#: arrows (``裕园社区>>``, ``城事▶``).
KICKER_COLON = regex.compile(r"(?:[：:]|>>|＞＞|»|▶|►)$")
#: ... or reports who said what the title says: ``省委书记在城北调研时强调``,
#: ``…会议要求`` (the title under it is what was said). Not 希望: a title may end in it
#: (``让乡村充满希望``).
KICKER_SPEECH = regex.compile(r"(?:强调|要求|指出|表示|寄语)$")

# ---------------------------------------------------------------------------
# Advertisements and notices

#: Telephone numbers: ``0374-2620256``, ``(0374)2620256``, mobiles ``13812345678``,
#: service numbers ``12345`` next to 电话/热线.
PHONE = regex.compile(r"(?:[（(]?0\d{2,3}[）)\-－—]?\s?)?\d{7,8}(?!\d)|(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)400[\-－]?\d{3}[\-－]?\d{4}(?!\d)")
#: Words of service notices and ads (a label followed by a colon, or standing alone).
AD_WORDS = regex.compile(r"(?:服务|咨询|联系|报名|投诉|举报|订购|订报|销售|招商|预订|监督)?(?:电话|热线|地址|邮箱|网址|邮编|传真|微信号|联系人)(?:[：:]|$)")
#: The title of a public notice, a line of its own: ``遗失声明``, ``拍卖公告``, ``招聘启事``,
#: ``公示``. A story with such a title and no lead or credit is a notice (kind ``ad``).
NOTICE_WORDS = ("声明", "公告", "启事", "通告", "公示")
NOTICE_TITLE = regex.compile(rf"^\p{{Han}}{{0,8}}(?:{'|'.join(NOTICE_WORDS)})$", flags=V1)
#: A table cell of an ad: ``城北区：0371-5551234``.
AD_CELL = regex.compile(r"[^\s：:]{1,12}[：:]\s*[^\s]+")

# ---------------------------------------------------------------------------
# Page furniture: the folio and the editors' credits

#: The jobs an editors' line credits (longer words first where one holds another).
EDITOR_ROLES = ("责任编辑", "本版编辑", "见习编辑", "责编", "编辑", "美术编辑", "美编", "校对", "组版",
                "版式设计", "版式", "审读", "值班编委", "照排", "视觉", "终审", "二审", "一审")
_EDITOR_ALT = "|".join(regex.escape(r) for r in sorted(EDITOR_ROLES, key=len, reverse=True))
#: The editors' credits at a page's head or foot: ``责任编辑：王五  校对：赵六``, also
#: without colons (``责任编辑 王五 美编 赵六``) or with a slash (``编辑/王五``). A name
#: never opens with a role word, so the names of one job end where the next job starts.
EDITOR_CREDIT = regex.compile(
    rf"^(?:(?:{_EDITOR_ALT})\s*[：:/]?\s*(?!{_EDITOR_ALT})[\p{{Han}}·]{{1,8}}"
    rf"(?:[\s、，,]+(?!{_EDITOR_ALT})[\p{{Han}}·]{{1,8}})*\s*)+$",
    flags=V1,
)
#: One editor's name, printed as a piece of its own after the job (``责任编辑`` / ``周明``).
EDITOR_NAME = regex.compile(rf"(?!{_EDITOR_ALT})[\p{{Han}}·]{{2,4}}", flags=V1)
#: The folio at a page's head or foot: the date with its weekday and the page number
#: (``2023年6月21日 星期三``, ``第2版 要闻``, ``要闻 第2版``); a weekday alone is a word.
FOLIO = regex.compile(
    r"\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:星期|周)[一二三四五六日天]"
    r"|^第\s*[0-9一二三四五六七八九十]{1,3}\s*版|第\s*[0-9一二三四五六七八九十]{1,3}\s*版$",
    flags=V1,
)
#: The pieces a page header is made of, one a gap-separated token of its headline
#: form: a page label in the styles papers print (``第3版``, ``第三版``, ``03版``,
#: ``A3版``, ``A03版``), a bare sheet label (``A03``: a folio only next to a date), a
#: date (``2023年6月21日``, maybe with its weekday run on), a weekday, an issue number
#: (``总第12345期``), and short words (the section ``要闻``, the paper's name).
FOLIO_LABEL = regex.compile(r"第[0-9一二三四五六七八九十]{1,3}版|第?[A-Za-z]?\d{1,3}版")
FOLIO_SHEET = regex.compile(r"[A-H]\d{2}")
FOLIO_DATE = regex.compile(r"(?P<year>\d{4}年)?\d{1,2}月\d{1,2}日(?P<weekday>(?:星期|周)[一二三四五六日天])?")
FOLIO_WEEKDAY = regex.compile(r"(?:星期|周|礼拜)[一二三四五六日天]")
FOLIO_ISSUE = regex.compile(r"总?第\d{1,6}期")
FOLIO_WORD = regex.compile(r"\p{Han}{1,8}", flags=V1)
#: Spaces inside a date or a page label (``2023 年 6 月 21 日``, ``第 3 版``), closed
#: before a header is cut into its pieces.
FOLIO_INNER_GAP = regex.compile(r"(?<=[\d年月日第A-Za-z])\s+(?=[\d年月日版])|(?<=[星期周])\s+(?=[一二三四五六日天])")
#: A page header holds a page label (``版``, or a sheet label next to a date: ``日``) or
#: a weekday: FOLIO and a header read from its pieces cannot match a line without one.
FOLIO_MARKS = ("版", "日", "星期", "周", "礼拜")
#: A page header holds at most this many plain words besides its label and date.
FOLIO_MAX_WORDS = 3
#: A folio or editors' line is short and has no sentence punctuation.
FURNITURE_MAX_WIDTH = 40

# ---------------------------------------------------------------------------
# Line breaking (the typesetter's rules the paragraph stage reasons with)

#: Marks that may not open a line: a line-breaker hangs them in the margin instead.
NO_LINE_START = "，。、；：？！…" + CLOSERS
#: Opening marks: a line-breaker moves them down with the character after them.
OPENERS = "“‘（《「『〈【("
#: The first word of a line as a line-breaker moves it whole: opening marks with the
#: character after them, a digit/Latin run, a ``——`` or ``……``.
FIRST_WORD = regex.compile(rf"^[{OPENERS}]*(?:[0-9A-Za-z.%]+|——|……|.)")
#: ... with the marks that may not open a line after it (a breaker that does not hang
#: them takes them down with the word).
FIRST_WORD_CLOSED = regex.compile(rf"{FIRST_WORD.pattern}[{NO_LINE_START}]*")

# ---------------------------------------------------------------------------
# Dates

#: A lead date as printed: ``6月20日``, ``11月21日``, ``2023年6月20日``.
LEAD_DATE = regex.compile(r"(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月(?P<day>\d{1,2})日")

#: A gap between two runs of Chinese characters (two or more on each side), as a
#: headline sets its phrases apart: ``春耕备播 正当其时``.
PHRASE_GAP = regex.compile(r"\p{Han}{2}[”’」』》）]? [“‘「『《（]?\p{Han}{2}", flags=V1)

# ---------------------------------------------------------------------------
# Page numbers (joining an issue's jumps: xcparse.stitch)

#: Chinese numerals a page number is printed in: ``第一版``, ``第十二版``.
PAGE_NUMERALS = "〇零一二三四五六七八九十百"
#: A page number as a jump line prints it (``第一版``, ``第1版``, ``01版``, ``A1版``,
#: ``第A1版``, ``A01版``): an optional section letter and the number.
PAGE_NUMBER = regex.compile(
    rf"^第?\s*(?P<section>[A-Za-zＡ-Ｚａ-ｚ]?)\s*(?P<number>[0-9０-９]{{1,3}}|[{PAGE_NUMERALS}]{{1,4}})\s*版?$")
#: The folio's page number in a page's furniture: ``第3版``, ``第A03版``, ``03版``, or a
#: section letter with digits standing as a word (``A03``, ``A03要闻``; not ``2023年``).
FOLIO_NUMBER = regex.compile(
    rf"第\s*(?P<section>[A-Za-z]?)\s*(?P<number>[0-9]{{1,3}}|[{PAGE_NUMERALS}]{{1,4}})\s*版"
    r"|(?<![0-9A-Za-z])(?P<section>[A-Za-z]?)(?P<number>[0-9]{1,3})\s*版"
    r"|(?<![0-9A-Za-z])(?P<section>[A-Za-z])(?P<number>[0-9]{1,3})(?![0-9A-Za-z年月日号])",
    flags=V1,
)
#: Where else a folio is looked for when the page's furniture has none (a PDF-to-text
#: program may break the header into pieces: ``01版`` on a line of its own): among the
#: first and last lines of the page text that name a page (``版``) and are no jump line.
FOLIO_HEAD_LINES = 6
FOLIO_FOOT_LINES = 3
#: A folio line has no brackets (a jump line, cut or spread, has them) and no jump word.
FOLIO_NEVER = ("（", "(", "）", ")") + JUMP_FROM_WORDS + JUMP_TO_WORDS
#: The page number in a file name, once any date (``20230621``) is taken out:
#: ``03.txt``, ``A03.txt``, ``第03版.txt``, ``xcrb20230621_03.txt``, ``page3.txt``. The
#: number ends the name, after its start or a separator (then an upper-case letter before
#: it is the section: ``A03``), or after a word (``p03``, ``page3``). A hash (a run of 12
#: hex digits or more) is taken out of the name first, as the date is.
FILE_PAGE_NUMBER = regex.compile(
    rf"第\s*(?P<section>[A-Za-z]?)\s*(?P<number>[0-9]{{1,3}}|[{PAGE_NUMERALS}]{{1,4}})\s*版"
    r"|(?:^|[_\-\s.])(?P<section>[A-Z]?)(?P<number>[0-9]{1,3})$"
    r"|(?<=[A-Za-z]|\p{Han})(?P<number>[0-9]{1,3})$",
    flags=V1,
)
#: A run of hex digits this long in a file name is a hash, not a page number.
NAME_HASH = regex.compile(r"[0-9A-Fa-f]{12,}")
#: A paragraph that ends here ends a sentence or a clause a paragraph may end with
#: (``。``, ``！``, ``？``, ``…``, ``；`` of a list item, ``：`` before a quotation, then
#: closing quotes or brackets); a part of a story cut anywhere else at its jump line was
#: cut in the middle of a sentence, and its last paragraph goes on in the next part.
PARAGRAPH_END = regex.compile(rf"[。！？…!?；：][{CLOSERS}]*$|[{CLOSERS}]$")
#: ... and so does a subheading: a paragraph this short (characters) with no sentence
#: punctuation in it (SENTENCE_PUNCT) is one, not a sentence cut short.
SUBHEADING_MAX_CHARS = 24
