"""Achievements by rule: quantitative results in the review sections, one per indicator and value.

Conservative on purpose (precision first): an indicator name must open its clause (after an optional
全省/全年/预计 … lead-in), so a sub-region's figure ("兰州新区经济增长18.5%") is not read as the
region's. Levels (亿元, 元) get the level key (gdp), rates after 增长/下降 the growth key (gdp_growth;
a decline is stored negative, 倍 figures are growth in 倍).

Beyond one clause: a nameless clause inherits from the level clause just before it in the same sentence
("地区生产总值 754.29 亿元，比上年增长 6.0%"; "…33663 元、13232 元，分别增长 9.2%、10.2%"; "…，人均超过
1.1万美元"); names listed before 分别 take the listed figures in order; in "由 X 降至 Y" only Y is a result;
quarter figures and clauses whose subject is a part of the region (商圈, 园区) are skipped. Poverty counts
written number-first come from `poverty`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise
from typing import TypeGuard

from ...models import ACHIEVEMENT_INDICATORS, Achievement, Evidence, Report, SectionKind
from ...segment import sections
from .indicators import (
    LEVEL_UNITS,
    PAST_PERIOD_LEAD,
    Clause,
    IndicatorHit,
    SpanSearch,
    Value,
    clauses,
    find_cn_values,
    find_indicators,
    find_values,
    growth_key,
    level_key,
    with_qualifier,
)
from .poverty import ELSEWHERE, ELSEWHERE_LONGEST, POVERTY_KEYS, poverty_figures

__all__ = ["extract_achievements"]

_LEAD = re.compile(
    r"(?:[一二三四五六七八九十]是|其中|全年|全省|全市|全区|全县|全州|全自治区|我省|我市|我区|我县|本市|预计|"
    r"初步核算|初步预计|经初步核算|初步统计|完成|实现|地方|全口径|累计|年末|当年|这一年|五年来|一年来|"
    r"今年|去年|五年|平均每年|全国|区本级|市本级|县本级|<[^<>]{0,40}>|\[[0-9]{1,2}\]|[0-9]{4}\s*年|[零〇○一二三四五六七八九]{4}\s*年|全社会|城镇|[\s“”，,、（(])*"
)
_ESTIMATE = re.compile(r"预计|初步核算|初步统计|初步预计")
_FIVE_YEARS = re.compile(r"五年|十三五|十二五")
_FIVE_YEAR_LEAD = re.compile(
    r"(?:<[^<>]{0,80}>|\s){0,12}(?:过去五年|五年来|“?十[一二三四五]五”?(?:时期|期间|以来))"
)
_SINCE_BASE_YEAR = re.compile(
    r"(?:与|比|较|从|由|是)\s*(?P<base>(?:19|20)[0-9]{2}|[1１][9９][0-9０-９]{2}|[2２][0０][0-9０-９]{2})\s*年"
    r"(?:相比|末|底|的)?\s*(?:增长|提高|增加|，|[0-9０-９])"
)
_ONE_YEAR = re.compile(r"去年|过去一年|一年来|今年|\d{4}\s*年")
_FROM = re.compile(r"(?:从|由)[^，。；\d]{0,8}$")
_FROM_TO = re.compile(r"(?:从|由)[^，。；]{0,20}$")
_SHARE = re.compile(r"占|比重|比例|占比|贡献率")
_PERCENT = frozenset({"%", "％", "个百分点"})
_COMPARABLE = re.compile(r"可比口径|同口径|可比价|剔除|考虑[^，。；\d]{0,12}因素")
_AGGREGATE = re.compile(
    r"(?<![0-9])[0-9]+\s*个[^，。；]{0,12}项目[^，。；]{0,16}?投资\s*(?P<v>[0-9]+(?:\.[0-9]+)?)\s*(?P<u>亿元|万元)"
)
_UNIT_FOR = {
    "urban_new_jobs": ("人",),
    "grain_output": ("吨", "斤"),
    "poverty_reduction": ("人", "户", "万", "亿"),
    "poverty_counties_exited": ("个", "%"),
    "poverty_villages_exited": ("个", "%"),
    "poverty_incidence": ("%",),
    "cpi": ("%",),
    "surveyed_unemployment_rate": ("%",),
    "registered_unemployment_rate": ("%",),
    "rd_intensity": ("%",),
    "energy_intensity": ("%",),
    "per_capita_gdp": ("元",),
    "foreign_investment": ("美元", "%", "亿元"),
}


_NEXT_PART = re.compile(r"、\s*(?:城镇|全省|全市|全区|全县)?\s*$")
_TO = re.compile(
    r"[^，。；]{0,12}?(?:降|下降|减少|减|提高|提升|增加|增长|增|上升|扩大|缩小|达|跃升|升)(?:至|到)"
)
"""After a figure: "由2.1%降至0.06%" -- the figure is the starting point, not the result."""
_DENOMINATOR = re.compile(r"(?:占|相当于)(?:全省|全市|全区|全国)?\s*$")
"""A name right after 占 is the denominator of a share ("占地区生产总值比重达 2.8%"), not an indicator."""
_RATIO_AFTER = re.compile(r"(?:(?<!\s)\s+)?(?:之比|的比重|的比例)")
"""A name before 之比 is the denominator of a ratio ("研发经费支出与国内生产总值之比达到2.08%")."""
_BASIS_ONLY = re.compile(
    r"(?:按|以)?(?:可比价格?|可比口径|不变价格?)(?:计算)?|(?:剔除|考虑)[^，。；\d]{0,16}因素(?:后|影响)?"
)
"""A clause that only names the basis of the next figure ("…192.3亿元，按可比价计算，同比增长6.0%";
"地方一般公共预算收入423.6亿元，剔除新增减税降费因素，同口径增长7.2%")."""
_GROWTH_OPEN = re.compile(
    r"(?:比上年|比去年|同比|较上年|比(?:19|20)[0-9]{2}\s*年|年均|平均每年|每年平均|年平均|分别|实际|按可比价格计算|"
    r"同口径|可比口径)*"
    r"(?:(?<!\s)\s+)?(?:增长|下降|提高|回落)"
    r"|(?:是|为|相当于)(?:[^，。；\d]{0,6}[0-9]{4}\s*年)?[^，。；\d]{0,16}的\s*[0-9]"
    r"|(?:年均|平均)?增速(?:达到|达|为)?\s*[0-9]"
)
"""A clause with no name of its own that states the growth of the level just before it ("是2015年的1.6倍";
"年均增速12.7%")."""
_BARE_RATE = re.compile(r"(?:年均|平均)?增速")
"""年均增速 alone names GDP's growth, unless a level was just stated ("累计完成固定资产投资850亿元,年均增速12.7%")."""
_AVERAGE_OPEN = re.compile(r"(?:年均|平均每年|每年平均|年平均)(?:实际)?(?:增长|提高)")
_PER_CAPITA_OPEN = re.compile(r"人均(?:达到|超过|突破|达)?")
_TOTAL_OPEN = re.compile(r"总量|总额|总规模|达到|突破|超过")
"""A nameless level after a growth clause: "生产总值增长 6.1%…，总量达 9.96 万亿元", "国内生产总值比上年增长
9.1%，达到11.67万亿元"."""
_RD_SHARE_OPEN = re.compile(
    r"占\s*(?:全省|全市|全区)?\s*(?:地区|国内)?\s*(?:生产总值|GDP)\s*(?:的)?\s*(?:比重|比例)"
)
"""The share after a spending figure: "研发投入超过 2700 亿元，占 GDP 比重达 2.72%"."""
_SPENDING_GROWTH = re.compile(r"(?:增长|增加|下降)\s*$")
_RD_SPENDING = re.compile(r"(?:全社会)?(?:研发|R&D|研究与(?:试验|实验)(?:发展|开发))")
_RD_SHARE_NAME = re.compile(
    rf"(?:{_RD_SPENDING.pattern})(?:经费)?(?:投入|支出)?(?:(?<!\s)\s+)?(?:{_RD_SHARE_OPEN.pattern})"
)
_TIMES = re.compile(r"增长|(?:是|为|相当于)(?:(?!是|为|相当于)[^，。；])*的")
"""(Searched for a yes/no answer: the last 是 / 为 before a 的 finds it, so a scan stops at the next one.)"""
_DECLINE = re.compile(r"(?:下降|减少|回落|下滑|负增长)[^\d，。；、]{0,3}$")
_DECADES = re.compile(r"[0-9０-９一二三四五六七八九十]{2,3}\s*年来|新中国成立|建国以来|改革开放以来|1949")
"""A paragraph looking back over decades ("70 年来…地区生产总值增长 215 倍"): its multiples are no growth rates."""
_DECADES_LONGEST = 8
_RATE_CHANGE = re.compile(r"增速|增幅|速度|提高|加快|回落|放缓|比上年|高于|低于")
"""Before a figure in 个百分点: a change of a growth rate ("增速比上年提高27.2个百分点"), not a growth rate."""
_PART_YEAR = re.compile(r"[一二三四]季度|[上下]半年|前[两二三]季度")
"""A quarter's figure ("在一季度同比下降7.8%的情况下") is not the year's result."""
_SUB_AREA = re.compile(
    r"(?P<name>[^，,、。；]{1,10}?)(?:商圈|产业园|园区|开发区|高新区|经开区|新区|片区|景区|港区|自贸区|综保区|街道)"
)
"""A clause whose subject is a part of the region; the next clause of the sentence still speaks of it."""
_VERB_IN_NAME = re.compile(
    r"推进|推动|建设|建成|加快|实施|打造|创建|支持|获批|设立|成立|完成|引进|培育|举办|开展"
)
"""A verb before the area word makes the area an object ("推进高新区建设"), not the subject."""
_NOT_LIFTED = re.compile(r"就业|务工|搬迁|培训|饮水|住房|危房|增收|收入|医疗|参保|资助")
"""What poor people got besides leaving poverty ("贫困人口转移就业6.2万人")."""
_BOTH = re.compile(r"(?<!年)均(?:实际)?(?:增长|提高|下降)")
"""One rate for two names: "城镇和农村常住居民人均可支配收入均增长8%" (年均 is a yearly average, not 均)."""
_LIST_SUFFIX = frozenset({"左右", "以内", "以下"})
_LISTED = re.compile(r"(?:(?<!\s)\s+)?[、和及]\s*")
_NAME_LIST = re.compile(r"[^、和及]+")
_JOINT = {("*urban_disposable_income", "*rural_disposable_income"): "*disposable_income"}
_SEPARATES_SENTENCES = re.compile(r"[。；;！？!?\n]")
_GROWTH_OF = {k: f"{k}_growth" for k in ACHIEVEMENT_INDICATORS if f"{k}_growth" in ACHIEVEMENT_INDICATORS}
_GROWTH_OF["foreign_investment"] = "foreign_investment"  # no growth key: the rate keeps the name
_GROWTH_KEYS = frozenset(_GROWTH_OF.values())


@dataclass(frozen=True)
class _Context:
    estimate: bool
    period: str | None
    sentence_start: int
    elsewhere: bool  # the sentence so far speaks of another region's poor (东西部扶贫协作)


class _Reader:
    """Sentence and paragraph facts of clauses read in text order, each character scanned about once.

    (Found afresh per clause, a sentence of thousands of clauses was rescanned from its start each time.)
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = self.sentence = self.paragraph = 0
        self.estimate = SpanSearch(text, _ESTIMATE, 4)
        self.five_years = SpanSearch(text, _FIVE_YEARS, 3)
        self.elsewhere = SpanSearch(text, ELSEWHERE, ELSEWHERE_LONGEST)
        self.decades = SpanSearch(text, _DECADES, _DECADES_LONGEST)

    def starts(self, pos: int) -> tuple[int, int]:
        """Start of the sentence and of the paragraph holding `pos` (0 when none ends before it)."""
        if pos < self.pos:
            self.pos = self.sentence = self.paragraph = 0
        last = max(self.text.rfind(ch, self.pos, pos) for ch in "。！？\n")
        if last != -1:
            self.sentence = last + 1
        nl = self.text.rfind("\n", self.pos, pos)
        if nl != -1:
            self.paragraph = nl + 1
        self.pos = pos
        return self.sentence, self.paragraph


def extract_achievements(report: Report) -> list[Achievement]:
    """Results stated in the review sections (last year, or the five-year plan period)."""
    text = report.text
    year = report.meta.year
    items: list[Achievement] = []
    reader = _Reader(text)
    for part in _review_parts(report):
        prev: tuple[Clause, list[Achievement]] | None = None
        sentence: list[tuple[Clause, list[Achievement]]] = []  # the clauses of the sentence so far
        waiting: list[Clause] = []  # clauses since the last figures: one may name the next figures
        for clause in clauses(text, part.start, part.end):
            ctx = _context(reader, clause, year)
            same_sentence = prev is not None and not _SEPARATES_SENTENCES.search(
                text, prev[0].end, clause.start
            )
            if not same_sentence:
                sentence, waiting = [], []
            part_year = _PART_YEAR.search(text, clause.start, clause.end) is not None
            found: list[Achievement] = []
            if not part_year and not (prev is not None and same_sentence and _about_sub_area(text, prev[0])):
                if (
                    same_sentence
                    and prev is not None
                    and _BARE_RATE.match(text, _lead_end(text, clause.start))
                ):
                    found = _inherited(text, prev[0], prev[1], clause, ctx)
                found = found or _clause_items(text, clause, ctx, prev[1] if prev else [])
                if not found and same_sentence and prev is not None and _names_only(text, prev[0]):
                    # "城镇居民家庭人均可支配收入，由1997年的5160元增加到2002年的7703元": the name stands alone
                    clause = Clause(prev[0].start, clause.end)  # the next clause may build on the name
                    found = _clause_items(text, clause, ctx, [])
                if not found and same_sentence and prev is not None:
                    found = _inherited(text, prev[0], prev[1], clause, ctx)
                if not found and sentence:
                    found = _respective_rates(text, sentence, clause, ctx)
                if not found and waiting:
                    found = _subject_items(text, waiting, clause, ctx)
                found += _poverty(text, clause, ctx, found)
            if found or (
                not part_year and _HAS_DIGIT.search(text, clause.start, clause.end) and _values(text, clause)
            ):
                waiting = []  # figures of its own end what the sentence's earlier names wait for
            else:
                waiting.append(clause)
            if found and any(a.unit == "倍" for a in found):
                _, paragraph = reader.starts(clause.start)
                if reader.decades.found(paragraph, clause.end):
                    found = [a for a in found if a.unit != "倍"]  # a multiple over decades
            items.extend(found)
            sentence.append((clause, found))
            if found or prev is None or not _BASIS_ONLY.fullmatch(text, clause.start, clause.end):
                prev = (clause, found)
            items.extend(_aggregate(text, clause, year))
    return items


def _review_parts(report: Report) -> list[Clause]:
    """The review sections, and the paragraphs of other sections that open on the last five years
    ("五年来，我国经济实力显著增强。" in a section on the next plan)."""
    text = report.text
    parts = []
    for part in sections(report):
        if part.kind == SectionKind.review:
            parts.append(Clause(part.start, part.end))
            continue
        if part.kind in (SectionKind.preamble, SectionKind.closing):
            continue
        for line in re.finditer(r"[^\n]+", text[part.start : part.end]):
            if PAST_PERIOD_LEAD.match(line.group()):
                parts.append(Clause(part.start + line.start(), part.start + line.end()))
    return parts


_HAS_DIGIT = re.compile(r"[0-9０-９]")
_SUBJECT_OPEN = re.compile(
    r"(?:同比|比上年|较上年)?(?:(?<!\s)\s+)?(?:增长|负增长|下降|达到|达|突破|超过|跃上|迈上|增至|从|由)"
)
"""A nameless clause stating a result ("全年增长6.3%、达到2.36万亿元"; "从2015年的89.66亿元增至188.77亿元"),
the lead (全年, 实现) read before it."""


def _opening_hit(text: str, clause: Clause) -> IndicatorHit | None:
    """The one-key indicator name that opens the clause (after its lead), if any."""
    lead_end = _lead_end(text, clause.start)
    hits = find_indicators(text, clause.start, min(clause.end, lead_end + 16))
    if not hits or hits[0].start > lead_end or len(hits[0].keys) != 1 or hits[0].keys[0] == "other":
        return None
    return hits[0]


def _subject_items(text: str, waiting: list[Clause], clause: Clause, ctx: _Context) -> list[Achievement]:
    """Figures of a nameless clause that continues the sentence's subject: the name opening the last of the
    `waiting` clauses (none with a yearly figure) that opens with one ("地区生产总值增速保持在合理区间，全年增长6.3%、
    达到2.36万亿元"; "全区地区生产总值在一季度同比下降7.8%的情况下,二季度增长7.2%,…,全年增长3.5%").
    The quote runs from the name to the figures."""
    body = _lead_end(text, clause.start)
    if not _SUBJECT_OPEN.match(text, body, clause.end) or _opening_hit(text, clause) is not None:
        return []
    found = next(((c, h) for c in reversed(waiting) if (h := _opening_hit(text, c))), None)
    if found is None:
        return []
    subject, hit = found
    evidence = _evidence(text, subject.start, clause.end)
    items = []
    seen: set[tuple[str, bool]] = set()
    for v in _values(text, clause):
        key = _key_for(hit.keys[0], v, text[body : v.start])
        if _first_of_its_kind(key, v, seen):
            items.append(_item(key, v, text, clause.start, ctx, evidence))
    return items


def _names_only(text: str, clause: Clause) -> bool:
    """Whether the clause is nothing but indicator names (after a lead such as 全国), listed with 、/和."""
    hits = find_indicators(text, clause.start, clause.end)
    return (
        bool(hits)
        and hits[0].start <= _lead_end(text, clause.start)
        and all(_LISTED.fullmatch(text, a.end, b.start) for a, b in pairwise(hits))
        and not text[hits[-1].end : clause.end].strip()
    )


def _about_sub_area(text: str, clause: Clause) -> bool:
    """Whether the clause's subject is a part of the region ("解放碑商圈始终引领着…")."""
    m = _SUB_AREA.match(text, _lead_end(text, clause.start), clause.end)
    return m is not None and not _VERB_IN_NAME.search(m.group("name"))


def _context(reader: _Reader, clause: Clause, year: int | None) -> _Context:
    """Facts of the sentence up to the end of the clause (and the paragraph's opening 预计)."""
    start, paragraph = reader.starts(clause.start)
    estimate = reader.estimate.found(start, clause.end) or bool(_ESTIMATE.match(reader.text, paragraph))
    five_years = reader.five_years.found(start, clause.end)
    since = _SINCE_BASE_YEAR.search(reader.text, start, clause.end)
    if not five_years and since and year is not None and _year(since.group("base")) <= year - 5:
        five_years = True  # "2005年与2000年相比，…增长57.3%", "比2002年增长65.5%": a change over the period
    elif not five_years and _FIVE_YEAR_LEAD.match(reader.text, paragraph):
        # "五年来，经济实力跃上新台阶。…城镇新增就业6600万人以上": the paragraph's opening sets the period for
        # its later sentences too, unless a sentence names its own year
        five_years = not _ONE_YEAR.search(reader.text, start, clause.end)
    return _Context(estimate, _period(five_years, year), start, reader.elsewhere.found(start, clause.end))


@lru_cache(maxsize=64)
def _values(text: str, clause: Clause) -> tuple[Value, ...]:
    """The clause's figures, without starting points of a change ("从上年的 0.93% 降至 0.16%").

    (Cached: a clause's figures are asked for by several rules; the report's text hashes once.)"""
    found = find_values(text, clause.start, clause.end) + find_cn_values(text, clause.start, clause.end)
    kept = []
    for v in sorted(found, key=lambda v: v.start):
        # both patterns end at the value and are at most 10 / 22 characters long ($ may stand before a
        # final line break): a window before the value sees every match, the clause up to it is not needed
        if _FROM.search(text, max(clause.start, v.start - 12), v.start):
            continue
        if _FROM_TO.search(text, max(clause.start, v.start - 24), v.start) and _TO.match(
            text, v.end, clause.end
        ):
            continue
        kept.append(v)
    # "分别下降4%和3%左右": a closing 左右 / 以内 covers the whole list (以上 only its own number)
    for i in range(len(kept) - 2, -1, -1):
        v, nxt = kept[i], kept[i + 1]
        if (
            v.suffix is None
            and v.qualifier == "point"
            and nxt.suffix in _LIST_SUFFIX
            and nxt.unit == v.unit
            and _LISTED.fullmatch(text, v.end, nxt.start)
        ):
            kept[i] = with_qualifier(v, nxt.qualifier)
    return tuple(kept)


def _clause_items(text: str, clause: Clause, ctx: _Context, previous: list[Achievement]) -> list[Achievement]:
    values = _values(text, clause)
    if not values:
        return []
    hits = [
        h
        for h in find_indicators(text, clause.start, clause.end)
        if not _denominator(text, clause, h.start) and not _RATIO_AFTER.match(text, h.end, clause.end)
    ]
    lead = _LEAD.match(text, clause.start)
    lead_end = lead.end() if lead else clause.start
    evidence = _evidence(text, clause.start, clause.end)
    previous_key = previous[-1].indicator if previous else None
    if (
        hits
        and hits[0].start > lead_end
        and (paired := _respectively(text, clause, lead_end, hits, values, ctx))
    ):
        return paired  # "农业、规上工业增加值分别增长 4.6%和 7%": a name outside the taxonomy leads the list
    if not hits and (share := _RD_SHARE_NAME.match(text, lead_end, clause.end)):
        # "全社会研发投入占GDP比重有望达1.6%": the name is cut short by the denominator
        rates = [v for v in values if v.start >= share.end() and v.unit in _PERCENT]
        return [_item("rd_intensity", v, text, clause.start, ctx, evidence) for v in rates[:1]]
    if hits and hits[0].start > lead_end and _after_other_part(text, clause, lead_end, hits[0], values):
        lead_end = hits[0].start  # "工业投资增长 9%、规模以上工业增加值增长 5%左右": the second part is ours
    if not hits or hits[0].start > lead_end:
        # "（剔除…，可比口径增长13%以上）": a comparable-basis variant of the previous clause's figure
        if (
            previous_key
            and previous_key.endswith("_growth")
            and _COMPARABLE.search(text, clause.start, clause.end)
        ):
            v = values[0]
            if v.unit in _PERCENT:
                return [_item(previous_key, v, text, clause.start, ctx, evidence)]
        return []
    first = hits[0]
    if len(first.keys) == 1 and (paired := _respectively(text, clause, lead_end, hits, values, ctx)):
        return paired
    next_hit = hits[1].start if len(hits) > 1 else clause.end
    own = [v for v in values if first.end <= v.start < next_hit]
    items: list[Achievement] = []
    if len(first.keys) > 1:  # 城镇和农村…分别增长8.2%和9.3%; 城乡…33663 元、13232 元
        levels = [v for v in own if v.unit in LEVEL_UNITS]
        rates = [v for v in own if v.unit in _PERCENT or v.unit == "倍"]
        if len(rates) == 1 and _BOTH.search(text, first.end, rates[0].start):
            rates *= len(first.keys)  # 城镇和农村常住居民人均可支配收入均增长8%: the rate of each
        for key, v in zip(first.keys, levels, strict=False):
            items.append(_item(level_key(key), v, text, clause.start, ctx, evidence))
        for key, v in zip(first.keys, rates, strict=False):
            items.append(_item(growth_key(key), v, text, clause.start, ctx, evidence))
        return items
    seen: set[tuple[str, bool]] = set()
    items.extend(_hit_items(first, own, text, clause, ctx, evidence, seen))
    # "城镇调查失业率 5%以内、城镇登记失业率 2.25%": a later name right after a 、 starts its own part
    for i, hit in enumerate(hits[1:], start=1):
        if len(hit.keys) > 1 or not _NEXT_PART.search(text, max(clause.start, hit.start - 3), hit.start):
            continue
        end = hits[i + 1].start if i + 1 < len(hits) else clause.end
        part = [v for v in values if hit.end <= v.start < end]
        items.extend(_hit_items(hit, part, text, clause, ctx, evidence, seen))
    return items


def _after_other_part(
    text: str, clause: Clause, lead_end: int, hit: IndicatorHit, values: Sequence[Value]
) -> bool:
    """Whether the name opens a 、-part after a complete part of a figure outside the taxonomy ("预计全年工业投资增长
    9%、规模以上工业增加值增长 5%左右"), in a clause whose subject is no part of the region."""
    return (
        _NEXT_PART.search(text, max(clause.start, hit.start - 3), hit.start) is not None
        and any(lead_end < v.start < hit.start for v in values)
        and not _about_sub_area(text, clause)
    )


def _denominator(text: str, clause: Clause, pos: int) -> bool:
    """Whether the name at `pos` follows 占 / 相当于 (and spaces): searched in the few characters before it,
    not from the clause's start for every name."""
    k = pos
    while k > clause.start and text[k - 1].isspace():
        k -= 1
    return _DENOMINATOR.search(text, max(clause.start, k - 5), pos) is not None


def _respectively(text, clause, lead_end, hits, values, ctx) -> list[Achievement]:
    """ "规上工业增加值、农业增加值、社会消费品零售总额年均分别增长6.2%、4.8%、6.7%": the n-th name takes
    the n-th figure; names outside the taxonomy (农业增加值) only hold their place in the list."""
    at = text.find("分别", lead_end, clause.end)
    if at == -1 or any(v.start < at for v in values):
        return []
    # a name may begin inside the lead (城镇 is a lead word, and the name 城镇居民人均可支配收入)
    names = [m for m in _NAME_LIST.finditer(text, min(lead_end, hits[0].start), at)]
    figures = [v for v in values if v.start > at]
    if len(names) < 2 or len(names) != len(figures):
        return []
    starts = {h.start: h for h in hits}
    evidence = _evidence(text, clause.start, clause.end)
    items = []
    for name, v in zip(names, figures, strict=True):
        hit = starts.get(name.start())
        if hit is None:
            continue
        # one figure for 城乡居民…收入 in such a list is the income of all residents
        raw = hit.keys[0] if len(hit.keys) == 1 else _JOINT.get(hit.keys)
        key = _key_for(raw, v, text[hit.end : v.start]) if raw else None
        if key:
            items.append(_item(key, v, text, clause.start, ctx, evidence))
    return items


def _hit_items(hit, values, text, clause, ctx, evidence, seen: set[tuple[str, bool]]) -> list[Achievement]:
    """Items of one indicator name and the values after it (a level and a growth rate at most)."""
    raw = hit.keys[0]
    items = []
    for v in values:
        between = text[hit.end : v.start]
        if _SHARE.search(between) and raw != "rd_intensity":
            break
        if raw in POVERTY_KEYS and _NOT_LIFTED.search(between):
            break
        if raw == "rd_intensity" and _SPENDING_GROWTH.search(between):
            continue  # "研发经费支出达到 460 亿元、增长 12.1%": the spending grew, not its share of GDP
        key = _key_for(raw, v, between)
        if _first_of_its_kind(key, v, seen):
            items.append(_item(key, v, text, clause.start, ctx, evidence))
    return items


def _first_of_its_kind(key: str | None, v: Value, seen: set[tuple[str, bool]]) -> TypeGuard[str]:
    """Whether the clause has no item of `key` yet as a level (or as a rate), recording it: a key once per
    clause, but 实际利用外资 1500 亿元、增长 3.5% is two items of one key."""
    if key is None:
        return False
    kind = (key, v.unit in _PERCENT or v.unit == "倍")
    if kind in seen:
        return False
    seen.add(kind)
    return True


def _inherited(
    text: str, prev: Clause, prev_items: list[Achievement], clause: Clause, ctx: _Context
) -> list[Achievement]:
    """Growth (or per-capita) figures of a nameless clause, named by the level clause just before it.

    "地区生产总值 754.29 亿元，比上年增长 6.0%" gives gdp_growth 6.0; "城乡居民人均可支配收入 33663 元、
    13232 元，分别增长 9.2%、10.2%" pairs the rates with the levels in order. The quote spans both clauses.
    """
    body = _lead_end(text, clause.start)
    values = _values(text, clause)
    # the quote opens where the figure it builds on was named (which may lie before `prev`)
    named_at = [a.evidence.start for a in prev_items if a.evidence.start is not None]
    evidence = _evidence(text, min([prev.start, *named_at]), clause.end)
    grown = {a.indicator for a in prev_items if a.unit in _PERCENT}
    levels = [a for a in prev_items if a.indicator in _GROWTH_OF and a.unit in LEVEL_UNITS]
    opening = clause.end - len(text[clause.start : clause.end].lstrip(" \t\u3000，,"))
    if _AVERAGE_OPEN.match(text, opening) and len(grown) == 1 and not levels:
        # "国内生产总值增长57.3%，年均增长9.5%": the yearly average of the growth just stated
        rates = [v for v in values if v.unit in _PERCENT][:1]
        return [_item(next(iter(grown)), v, text, clause.start, ctx, evidence) for v in rates]
    # after multiples ("是“十二五”末的1.5倍、1.6倍,年均增长8.6%、10%") the rates are of the same names
    multiples = [a.indicator for a in prev_items if a.unit == "倍" and a.indicator in _GROWTH_KEYS]
    if _GROWTH_OPEN.match(text, body) and (levels or multiples):
        keys = [_GROWTH_OF[a.indicator] for a in levels] or multiples
        rates = [v for v in values if v.unit in _PERCENT or (v.unit == "倍" and levels)]
        if len(keys) > 1 and len(rates) != len(keys):
            return []
        return [
            _item(key, v, text, clause.start, ctx, evidence)
            for key, v in zip(keys, rates, strict=False)
            if key not in grown
        ]
    money = [v for v in values if v.unit in LEVEL_UNITS]
    if _PER_CAPITA_OPEN.match(text, body) and [a for a in levels if a.indicator == "gdp"]:
        return [_item("per_capita_gdp", v, text, clause.start, ctx, evidence) for v in money[:1]]
    level_of = {g: k for k, g in _GROWTH_OF.items() if g != k}
    prev_rates = [a.indicator for a in prev_items if a.indicator in level_of]
    if _TOTAL_OPEN.match(text, body) and prev_rates:
        return [_item(level_of[prev_rates[0]], v, text, clause.start, ctx, evidence) for v in money[:1]]
    if _RD_SHARE_OPEN.match(text, body) and _RD_SPENDING.match(text, _lead_end(text, prev.start)):
        shares = [v for v in values if v.unit in _PERCENT]
        return [_item("rd_intensity", v, text, clause.start, ctx, evidence) for v in shares[:1]]
    return []


_RESPECTIVE_RATES = re.compile(r"(?:扣除价格因素[，,]?\s*)?分别(?:比上年)?(?:实际)?(?:增长|提高)")


def _respective_rates(
    text: str, sentence: list[tuple[Clause, list[Achievement]]], clause: Clause, ctx: _Context
) -> list[Achievement]:
    """ "城镇居民人均可支配收入9422元，农村居民人均纯收入2936元，扣除价格因素，分别实际增长7.7%和6.8%": the
    rates of a nameless 分别 clause go, in order, to the levels the sentence's earlier clauses stated."""
    if not _RESPECTIVE_RATES.match(text, _lead_end(text, clause.start)):
        return []
    rates = [v for v in _values(text, clause) if v.unit in _PERCENT]
    named = [
        (c, a)
        for c, found in sentence
        for a in found
        if a.indicator in _GROWTH_OF and a.unit in LEVEL_UNITS and len(found) == 1
    ]
    if len(rates) < 2 or len(named) < len(rates):
        return []
    named = named[-len(rates) :]
    evidence = _evidence(text, named[0][0].start, clause.end)
    return [
        _item(_GROWTH_OF[a.indicator], v, text, clause.start, ctx, evidence)
        for (_, a), v in zip(named, rates, strict=True)
    ]


def _lead_end(text: str, pos: int) -> int:
    lead = _LEAD.match(text, pos)
    return lead.end() if lead else pos


def _poverty(text: str, clause: Clause, ctx: _Context, found: list[Achievement]) -> list[Achievement]:
    """Poverty figures the name-first rule cannot see (number before the name), without repeats."""
    have: set[tuple[str, float | None]] = {
        (a.indicator, a.value) for a in found if a.indicator in POVERTY_KEYS
    }
    items = []
    for fig in poverty_figures(text, clause, ctx.sentence_start, elsewhere=ctx.elsewhere):
        if (fig.key, fig.value.number) in have:
            continue
        have.add((fig.key, fig.value.number))
        v = replace(fig.value, unit=fig.unit)
        items.append(_item(fig.key, v, text, fig.start, ctx, _evidence(text, fig.start, fig.end)))
    return items


def _key_for(raw: str, v: Value, between: str = "") -> str | None:
    """The achievement key for a name and a value, or None when the unit does not fit the name."""
    unit = v.unit or ""
    if raw.startswith("*"):
        if unit == "个百分点" and _RATE_CHANGE.search(between):
            return None  # 增速比上年提高27.2个百分点: the change of a rate
        if unit in _PERCENT:
            return growth_key(raw)
        if unit in LEVEL_UNITS:
            return level_key(raw)
        if unit == "倍" and _TIMES.search(between):  # 增长 215 倍; 是2015年的1.5倍
            return growth_key(raw)
        return None
    if raw == "other":
        return None
    allowed = _UNIT_FOR.get(raw)
    if raw == "urban_new_jobs" and unit.endswith("个") and between.lstrip().startswith("岗位"):
        return raw  # "新增就业岗位58.9万个": jobs counted as positions
    if allowed and not any(a in unit for a in allowed):
        return None
    return raw


def _evidence(text: str, start: int, end: int) -> Evidence:
    return Evidence(quote=text[start:end], start=start, end=end)


def _item(key: str, v: Value, text: str, start: int, ctx: _Context, ev: Evidence) -> Achievement:
    number = v.number
    if key.endswith("_growth") and _DECLINE.search(text, max(start, v.start - 8), v.start):
        number = -number  # a growth rate that fell: 外贸进出口总额…下降 0.2% is -0.2
    return Achievement(
        indicator=key,
        description=re.sub(r"\s+", "", ev.quote)[:80] + ("(预计)" if ctx.estimate else ""),
        value=number,
        unit=v.unit,
        qualifier=v.qualifier if v.qualifier != "range" else "point",
        is_estimate=ctx.estimate,
        period=ctx.period,
        evidence=ev,
    )


def _aggregate(text: str, clause: Clause, year: int | None) -> list[Achievement]:
    """ "297个市级重点项目完成年度投资720.9亿元": a total over many projects, kept as an `other` result."""
    body = text[clause.start : clause.end]
    m = _AGGREGATE.search(body)  # in the clause alone: its lookbehind must not see the text before it
    if not m:
        return []
    return [
        Achievement(
            indicator="other",
            category="key_projects_total",
            description=re.sub(r"\s+", "", body)[:80],
            value=float(m.group("v")),
            unit=m.group("u"),
            period=_period(bool(_FIVE_YEARS.search(body)), year),
            evidence=Evidence(quote=body, start=clause.start, end=clause.end),
        )
    ]


def _year(digits: str) -> int:
    return int(unicodedata.normalize("NFKC", digits))


def _period(five_years: bool, year: int | None) -> str | None:
    if year is None:
        return None
    if five_years:
        return f"{year - 5}-{year - 1}"
    return str(year - 1)
