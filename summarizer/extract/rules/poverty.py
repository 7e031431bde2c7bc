"""Poverty-reduction results, which reports state with the number BEFORE the name.

"全市699个贫困村全部退出", "预计 9 个贫困县摘帽、64 个贫困村出列、40 万贫困人口脱贫",
"11532户43779名建卡贫困人口成功脱贫", "90% 以上的相对贫困村达到出列标准", plus the name-first
"新减少贫困人口2692人" that the generic rule misses because of its verb. Each figure gets the span of its
own 、-part of the clause, ending at the verb, so it can be quoted verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .indicators import Clause, Value, find_cn_values, find_values, with_qualifier

__all__ = ["ELSEWHERE", "ELSEWHERE_LONGEST", "POVERTY_KEYS", "PovertyFigure", "poverty_figures"]

POVERTY_KEYS = frozenset(
    {"poverty_reduction", "poverty_counties_exited", "poverty_villages_exited", "poverty_incidence"}
)
"""People lifted out, counties and villages exiting, the incidence rate: never mixed in one key."""
_KEY_OF = {
    "人口": "poverty_reduction",
    "群众": "poverty_reduction",
    "对象": "poverty_reduction",
    "户": "poverty_reduction",
    "村": "poverty_villages_exited",
    "嘎查村": "poverty_villages_exited",
    "乡镇": "poverty_villages_exited",
    "县": "poverty_counties_exited",
    "旗": "poverty_counties_exited",
}

_NOUN_TEXT = r"(?:(?:建档立卡|建卡|相对|农村|剩余)?(?:贫困|未脱贫)|国贫)(?P<kind>人口|群众|对象|户|嘎查村|村|县|旗|乡镇)"
_NOUN = re.compile(_NOUN_TEXT)
_VERB = re.compile(
    r"(?P<between>[^，。；、\d]{0,8}?)(?:脱贫|退出(?:贫困序列)?|出列|摘帽|销号|告别(?:绝对)?贫困)(?:出列|摘帽|销号)?"
)
"""The verb, with a second one it is paired with ("全部脱贫出列", "达到脱贫摘帽条件") inside the quote."""
_NOT_DONE = re.compile(r"有望|即将|正在|将|待|拟|计划|力争|争取|确保")
"""A verb still to come ("29 个贫困县即将摘帽") is not a result."""
_LISTED = re.compile(
    r"(?:、\s*[^，。；、\d]{0,4}[0-9][0-9.\s]*(?:(?:万|个|名|户|人)\s*)?"
    + _NOUN_TEXT.replace("?P<kind>", "?:")
    + r")+"
)
"""Further figure-and-name parts sharing one verb: "17个贫困县、170个贫困村、7.7万贫困人口符合摘帽"."""
_GAP = re.compile(r"(?P<more>[多余]\s*[名人户个]?)?[的\s]{0,3}(?:省级|市级|县级|深度)?")
"""What may sit between a figure and the name: "90% 以上的相对贫困村"; "8万多名贫困群众" (多 / 余 after 万:
more than the figure)."""
_LEAD = re.compile(
    r"(?:全年|全省|全市|全区|全县|全州|我省|我市|我区|我县|预计|初步预计|累计|实现|剩余的?|共有|共|新|有|"
    r"近|约|超过|现行标准下|高质量|推动|(?:建档立卡)?贫困户|(?<![0-9.])[0-9]+(?:\.[0-9]+)?\s*万?\s*[余多]?\s*户|"
    r"[\s“”，,、（(])*"
)
"""Words that may open a part before its figure; anything else (a place name, 帮助, 协作) disqualifies it."""
_PLANNED_LEAD = re.compile(
    r"(?:今年|全年|年内|必须|坚决|要|确保|力争|争取|努力|全面|如期|实现|完成|再|现行标准下的?|剩余的?|剩下的?|现有|"
    r"全省|全市|全区|全县|"
    r"全州|[\s“”，,、（(])*"
)
"""Words that may open a planned part: "今年要完成1000万以上农村贫困人口脱贫任务"."""
_NAME_FIRST = re.compile(
    r"(?:新|累计|共|全年)?(?:(?:减少|减)(?:农村|建档立卡)?贫困人口|(?:农村|建档立卡)?贫困人口(?:净)?减少)"
    r"\s*(?:[0-9０-９近约])"
)
_PEOPLE = re.compile(r"(?:全部|如期|稳定|实现|成功)*(?:脱贫|摆脱贫困)(?!攻坚|干部|一线|致富|成果|工作)")
"""A count of people right before the verb needs no name: "9802户31567人全部脱贫"."""
ELSEWHERE = re.compile(r"东西部|对口支援|对口帮扶|扶贫协作|援助|受援|帮扶[^，。；]{0,6}(?:地区|州|县)")
"""People lifted out of poverty in another region (东西部扶贫协作) are not the region's own result."""
ELSEWHERE_LONGEST = 10
"""The longest match of ELSEWHERE (帮扶 + 6 + 地区), for searching a growing sentence incrementally."""
_UNITS = {
    "人口": ("人", "名", "万人", "万名", "万"),
    "群众": ("人", "名", "万人", "万名", "万"),
    "对象": ("人", "名", "万人", "万名", "万"),
    "户": ("户", "万户"),
    "村": ("个", "%"),
    "嘎查村": ("个", "%"),
    "县": ("个", "%"),
    "旗": ("个", "%"),
    "乡镇": ("个", "%"),
}


@dataclass(frozen=True)
class PovertyFigure:
    value: Value
    unit: str
    start: int
    end: int
    key: str = "poverty_reduction"
    """What the figure counts: people (poverty_reduction), counties or villages exiting."""


def poverty_figures(
    text: str,
    clause: Clause,
    sentence_start: int,
    *,
    elsewhere: bool | None = None,
    planned: bool = False,
) -> list[PovertyFigure]:
    """Poverty figures of one clause, each with the span of its own part: results of a review clause, or
    with `planned` the targets of a targets or tasks clause ("实现剩余17.5万贫困人口脱贫", "8个贫困县摘帽").

    `elsewhere`: whether text[sentence_start:clause.end] matches ELSEWHERE, when the caller knows already.
    """
    if elsewhere is None:
        elsewhere = ELSEWHERE.search(text, sentence_start, clause.end) is not None
    if elsewhere:
        return []
    values = sorted(
        find_values(text, clause.start, clause.end) + find_cn_values(text, clause.start, clause.end),
        key=lambda v: v.start,
    )
    found: list[PovertyFigure] = []
    lead_words = _PLANNED_LEAD if planned else _LEAD
    for noun in _NOUN.finditer(text, clause.start, clause.end):
        verb = _verb(text, noun.end(), clause.end, planned)
        allowed = _UNITS[noun.group("kind")]
        before = [v for v in values if v.end <= noun.start() and _GAP.fullmatch(text, v.end, noun.start())]
        if not verb or not before or before[-1].unit is None or before[-1].unit not in allowed:
            continue
        value = before[-1]
        written = value.unit
        assert written is not None  # checked above (mypy does not narrow an attribute of a list item)
        gap = _GAP.fullmatch(text, value.end, noun.start())
        if gap is not None and gap.group("more") and value.qualifier == "point":
            value = with_qualifier(value, "at_least")  # "8万多名": more than 8万
        part = _part_start(text, clause, value.start)
        lead = lead_words.match(text, part, value.start)
        if lead is None or lead.end() < value.start:
            continue
        unit = "万人" if written == "万" else written
        found.append(PovertyFigure(value, unit, part, verb.end(), _KEY_OF[noun.group("kind")]))
    for v in values:
        people = _PEOPLE.match(text, v.end, clause.end) if v.unit in ("人", "名", "万人", "万名") else None
        if v.unit is not None and people is not None:
            part = _part_start(text, clause, v.start)
            lead = lead_words.match(text, part, v.start)
            if lead is not None and lead.end() == v.start:
                found.append(PovertyFigure(v, v.unit, part, people.end()))
    named = _NAME_FIRST.search(text, clause.start, clause.end)
    lead_in = lead_words.match(text, clause.start, named.start()) if named else None
    if named and lead_in is not None and lead_in.end() >= named.start():
        after = [v for v in values if v.start >= named.end() - 1]
        first_unit = after[0].unit if after else None
        if first_unit is not None and first_unit in _UNITS["人口"]:
            v = after[0]
            found.append(PovertyFigure(v, "万人" if first_unit == "万" else first_unit, clause.start, v.end))
    return found


def _verb(text: str, pos: int, end: int, planned: bool = False) -> re.Match | None:
    """The completion verb after a name at `pos`, directly or after further listed parts (for a result,
    not one still to come)."""
    listed = _LISTED.match(text, pos, end)
    verb = _VERB.match(text, listed.end() if listed else pos, end)
    if verb is None or (not planned and _NOT_DONE.search(verb.group("between"))):
        return None
    return verb


_PART_BREAK = re.compile(r"、|(?:和|及)(?=\s*[0-9])")


def _part_start(text: str, clause: Clause, pos: int) -> int:
    """Start of the part of the clause holding `pos`, parts split by 、 or by 和 before a figure (spaces
    trimmed): "24万贫困人口脱贫、660个贫困村出列和8个贫困县摘帽"."""
    start = max([clause.start] + [m.end() for m in _PART_BREAK.finditer(text, clause.start, pos + 1)])
    while start < pos and text[start].isspace():
        start += 1
    return start
