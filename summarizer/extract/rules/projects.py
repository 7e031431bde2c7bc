"""Key projects by rule: named facilities and works in enumerations, with status from the verbs of their clause.

A clause is split into list elements (、 和 及); after leading verbs (加快建设, 开工 …) an element is a
project when it is a NAME followed only by status words (开工建设, 建成通车, 等, 前期工作 …) and the name
has one of three shapes:
- it ends in a facility word (铁路, 高速, 机场, 水库, 医院, 产业园 …, see project_vocab.py), plus
  sections and works after it (…至…段, 二期, 改扩建, 北延);
- it ends in a phase (好彩头二期, 环球主题公园一期工程);
- it ends in 项目/工程 and its clause carries a status verb (巴中农商行总部搬迁项目建设).
The words before the ending must say which one (汉巴南, 合肥新桥国际): generic or counted lists
("16条轨道交通线路", "一批重点项目", "农村公路") are not projects. Bare elements before a shared facility word
are completed by it ("青龙嘴、官房沟、汇田河水库" -> 青龙嘴水库 …); bare names before a closing "等…项目"
are projects as they stand ("隆富远大、威鹏药业…等8个项目竣工投产"). One item per project per report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...models import Evidence, Investment, KeyProject, ProjectStatus, Report
from . import project_vocab as v
from .indicators import SPACE_IN_WORD, Clause, clauses, to_float

__all__ = ["extract_projects", "normalize_name"]

# not inside 普及, 涉及, nor a 和 ending a place name (清江—大和、…): a conjunction has something after it;
# not inside 和平, 共和 or 呼和浩特, nor where a list element or the clause starts (、和田);
# not between road numbers sharing the name after the last (G244 、 G347 、 G542 巴城过境公路: one work)
_CODES = r"\s*[GS]\s*[0-9]{2,4}(?:\s*、\s*[GS]\s*[0-9]{2,4})*\s*[\u4e00-\u9fff]"
_SPLIT = re.compile(
    rf"(?<![0-9])(?<![0-9]\s)、|、(?!{_CODES})|(?<=[^、，,：:；\s])(?<![太永保祥谐共])(?<!(?<![一二三四五六七八九十0-9])中)"
    r"和(?![平、，,。；;]|浩特|$)|以及|(?<![普涉波])及(?!时)"
)
_BARE = re.compile(r"^[\u4e00-\u9fff]{2,6}$")
_ORDINAL = re.compile(r"第[一二三四五六七八九十]+")
_BRACKET = re.compile(r"[(（]")
_ROUTE_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}(?:[—至][\u4e00-\u9fff]{2,4}){1,3}$")
"""A bare route between places (阜阳—淮北, 青杠至太极) completed by a shared 铁路 / 二级公路."""
_LISTED_NAME = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9][\u4e00-\u9fffA-Za-z0-9.\s·（）()“”]{1,18}$")
_PRODUCTION = re.compile(r"投产|达产|技改|产业项目|工业项目|制造业项目|生产线")
_INDUSTRY = re.compile(r"业|材料|化工|石化|钢|铝|药|玻纤|电子|汽车|装备|食品|生产|制造|能效|光电|晶圆|芯")
_BRACKET_PLACE = re.compile(r"[（(]([\u4e00-\u9fff]{1,8}?[省市县区镇州])[)）]")
_AT_PLACE = re.compile(r"(?:在|支持)([\u4e00-\u9fff]{2,3}?)(?:市|县|区)?(?:建设|布局|新建|打造)")
_ETC = re.compile(r"(?<![中高同平对上初均])等")
# matched at the start of a slice; the lookbehinds only stop a scan restarting inside a run of digits
_COUNT_AFTER = re.compile(r"(?:(?<!\s)\s+)?(?<![0-9])[0-9]+\s*[个座所条家处]")
_MEASURE = re.compile(r"(?<![0-9.\s])[0-9.\s]+(?:公里|平方米|万平方米|亩|个|处|座|所|条)")
_SIZED = re.compile(
    r"(?P<place>[\u4e00-\u9fff]{1,4}?(?:镇|乡|办事处|街道))?(?<![0-9.\s])[0-9.\s]+[万千百]?(?:公里|米|平方米|亩|台|只|株|套|户|个|处|座|所|条)"
)
"""A name opening with its size (2.5万亩蔬菜基地, 12公里热力主管网, 奋斗镇1万亩节水灌溉): works counted by
area, length or units, not a named project; a capacity (700万吨, 5万千瓦, 200万头) may open a name. After a
town, a facility word still names the town's one (奋斗镇4000平方米保鲜库 -> 奋斗镇保鲜库)."""
_CLASS = re.compile(r"[十百千万]+吨级")
_GENERIC_RUN = re.compile(rf"^(?:地|{v.GENERIC.pattern})+")
_GENERIC_END = re.compile(rf"(?:{v.GENERIC.pattern})+$")
_PROGRAMME = re.compile(r"[十百千万]项|[十百千万]亿|十大|千万|百千|万人|^“[^”]*”$")
_PLACE_PREFIX = re.compile(r"([\u4e00-\u9fff]{2,3}?)([县区镇])(?![村级委])")
_NOT_PLACE = re.compile(r"[全本我各城新园社景片地工业开发中心高校港商小市省]")
_ROUTE = re.compile(r"—|至|到")
_PLACE_WITH_GENERIC = re.compile(r"[大小新][\u4e00-\u9fff]")
"""Two-character place names whose first character alone is a generic word (大埔, 小榄, 新会)."""
_BUILT = re.compile(r"建设|新建|落地|签约|迁建|改造|修缮|扩建|实施")
"""Works words: names listed without a facility word and without a stage must still be built (not
"载人航天、探月工程、深海探测等项目达到世界先进水平")."""
_SECTION_ENDS = re.compile(r"至([\u4e00-\u9fff]{2,4})段$")
"""The far end of a section (…南充至巴中段); the near end is the two to four characters before 至."""
_GRADE = re.compile(r"[一二三四五]\s*星级")
"""A hotel's grade, not part of the names sharing its facility word."""
_SECTION = re.compile(r"段|期|[东西南北]延")
_RANKED = re.compile(r"首[条个家座所批架]|最[大长高早先宽深]")
"""A rank (首条, 最长) describes a facility by what it is first or most of; its name, if any, follows."""
_BUILT_AT = re.compile(r"建成|建设|打造")
_GROUP_COUNT = re.compile(r"^[0-9一二三四五六七八九十两]+\s*[个条座所家处]\s*")
"""The size of the group a closing 等 counts (等12 条高速公路): it belongs to the group, not to each name."""
_PLACE_SECTION = re.compile(r"[\u4e00-\u9fff]{2,6}至[\u4e00-\u9fff]{2,6}段")
"""A section between two places (镇广高速通江至王坪段): it says which work, whatever the words before it."""
_WORKS_BEFORE_PHASE = re.compile(r"(?<=[\u4e00-\u9fff]{2})(?:环境)?(?:综合)?(?:治理|整治)\s*$")
_EXTENSION = re.compile(r"[东西南北]延线?")
_BUILT_INSIDE = re.compile(r"(?<=[\u4e00-\u9fff]{2})建成(?!区)(?:运行|投用|投运|投产)?")
_ROUTE_LINE = re.compile(r"高速|铁路|高铁|城际|客专")
_ABBREVIATED_END = re.compile(r"[\u4e00-\u9fff][大小新]")
_LEVEL_BELOW = {
    "province": "县区",
    "prefecture": "县区",
    "county-district": "镇",
}


@dataclass
class _Found:
    name: str
    sector: str
    clause: Clause
    status: ProjectStatus | None = None
    """The stage stated right after this name ("A开工、B投入运营"), None when the clause's verb applies."""


@dataclass
class _Name:
    name: str
    sector: str
    prefix: str  # the words before the facility word / phase / 项目
    ending: str  # facility word + tail, as written
    shape: str  # "facility", "phase" or "work"
    listed: str  # "yes" when a closing "等…项目" follows the name, "not" when it lists programmes, else ""
    status: ProjectStatus | None = None  # the stage its own trailing words state, if any
    invested: bool = False  # an amount heads it ("投资3.3亿元的机场快速路"): one project, however named


def extract_projects(report: Report) -> list[KeyProject]:
    """Named projects in the report, one per project (the most informative mention kept)."""
    text = report.text
    best: dict[str, KeyProject] = {}
    seen = _Keys(_home(report))
    places = _places(report)
    local = report.meta.admin_level == "county-district"
    # what is the same for every project of a clause is found once per clause, not once per project
    prev: Clause | None = None
    for clause in clauses(text):
        body = text[clause.start : clause.end]
        before, prev = prev, clause
        found = _clause_projects(body, clause, local)
        if not found:
            continue
        status = _status(body)
        investment = _investment(body) if len(found) == 1 else None
        stated = _amount_before(text, before, clause) if len(found) == 1 and investment is None else None
        if stated is not None:  # "投资2.5亿元,实施俄罗斯风情精品街项目": the amount heads the sentence
            investment, clause = (
                _investment(text[stated.start : stated.end]),
                Clause(stated.start, clause.end),
            )
        description = re.sub(r"\s+", "", body)[:80]
        at_place = _AT_PLACE.search(body)
        for item in found:
            if item.sector == "other" and _produces(body):  # "…二期等8个项目竣工投产"
                item.sector = _sector_of(item.name, body)
            key = seen.same(_own_key(normalize_name(item.name), seen.home))
            project = KeyProject(
                name=item.name,
                status=item.status or status,
                investment=investment,
                sector=item.sector,
                location=_location(item.name, body, places, at_place),
                description=description,
                evidence=Evidence(quote=text[clause.start : clause.end], start=clause.start, end=clause.end),
            )
            if key not in best:
                best[key] = project
                seen.add(key)
            elif _richer(project, best[key]):
                best[key] = project
    return list(best.values())


class _Keys:
    """Keys of the projects seen so far, in order; `same` finds the one a new key refers to.

    Two keys of at least 4 characters refer to one project when one contains the other ("合肥新桥国际机场"
    ~ "合肥新桥国际机场改扩建"); the earliest such key wins. Found through indexes, not by comparing with
    every seen key, so a report of thousands of projects is not quadratic.
    """

    _GRAM = 4

    def __init__(self, home: str = "") -> None:
        self.home = (
            home  # the report's own place: its section of a line is the line (渝湘高铁南川段 ~ 渝湘高铁)
        )
        self.keys: list[str] = []
        self.index: dict[str, int] = {}
        self.grams: dict[str, list[int]] = {}  # 4-character piece -> keys holding it, in order
        self.longest = 0

    def add(self, key: str) -> None:
        if key in self.index:
            return
        self.index[key] = len(self.keys)
        self.keys.append(key)
        if len(key) >= self._GRAM:
            self.longest = max(self.longest, len(key))
            for gram in {key[i : i + self._GRAM] for i in range(len(key) - self._GRAM + 1)}:
                self.grams.setdefault(gram, []).append(self.index[key])

    def same(self, key: str) -> str:
        """The earliest seen key that contains `key` or is contained in it, else `key` itself."""
        if key in self.index or len(key) < self._GRAM:
            return key
        reverse = self._reversed(key)
        if reverse is not None:
            return reverse
        first: int | None = None
        # seen keys inside this key: its pieces as long as a seen key can be
        for size in range(self._GRAM, min(len(key), self.longest) + 1):
            for i in range(len(key) - size + 1):
                at = self.index.get(key[i : i + size])
                if (
                    at is not None
                    and (first is None or at < first)
                    and not _distinct(key, self.keys[at], self.home)
                ):
                    first = at
        # seen keys holding this key hold each of its 4-character pieces: try those with the rarest piece
        pieces = (self.grams.get(key[i : i + self._GRAM], []) for i in range(len(key) - self._GRAM + 1))
        for at in min(pieces, key=len):
            if first is not None and at >= first:
                break
            if key in self.keys[at] and not _distinct(self.keys[at], key, self.home):
                first = at
                break
        return key if first is None else self.keys[first]

    def _reversed(self, key: str) -> str | None:
        """A seen key naming the same section the other way round (…南充至巴中段 ~ …巴中至南充段)."""
        m = _SECTION_ENDS.search(key)
        if m is None:
            return None
        head, end = key[: m.start()], m.group(1)
        for size in range(2, min(4, len(head) - 1) + 1):
            seen = f"{head[:-size]}{end}至{head[-size:]}段"
            if seen in self.index:
                return seen
        return None


def _own_key(key: str, home: str) -> str:
    """The key of the region's own institution named with the region (海拉尔客运总站 -> 客运总站), so
    that it is the one named by its kind alone or with a plain word (公路客运总站)."""
    if home and key.startswith(home) and v.ONE_PER_REGION.fullmatch(key, len(home)):
        return key[len(home) :]
    return key


def _distinct(longer: str, shorter: str, home: str = "") -> bool:
    """Whether a name holding another names a different project: a section or phase of it (镇广高速 ->
    镇广高速通江至王坪段, unless the section is the report's own place) or a second name after it
    (中俄蒙国际物流园区 -> 中俄蒙国际物流园区中网科技云计算)."""
    extra = longer.replace(shorter, "", 1)
    if _SECTION.search(extra):
        return not (home and extra.startswith(home + "段"))
    if _ROUTE.search(extra):  # a road from or to a place (阳光花园至官坝公园至马石角道路) is not the place
        return True
    if not longer.startswith(shorter):
        return False
    extra = v.TAIL.sub("", extra)
    # generic words add no second name (疾控中心 ~ 疾控中心基础设施项目)
    return len(re.sub(r"[^\u4e00-\u9fff]", "", extra)) >= 4 and len(_residue(extra)) >= 2


def _home(report: Report) -> str:
    """The report's region without its level word (重庆市南川区 -> 南川)."""
    region = report.meta.region or ""
    return re.sub(r"(?:自治区|自治州|省|市|区|县|旗)$", "", re.split(r"[省市](?=.)", region)[-1])


def normalize_name(name: str) -> str:
    """A name for de-duplication: no spaces, quotes, brackets or trailing 工程/项目/建设."""
    name = re.sub(r"[\s“”\"'（）()·]", "", name)
    return re.sub(r"(?:工程|项目|建设)+$", "", name)


def _richer(new: KeyProject, old: KeyProject) -> bool:
    score = lambda p: (p.status != ProjectStatus.unknown) + 2 * (p.investment is not None)  # noqa: E731
    return score(new) > score(old)


def _clause_projects(body: str, clause: Clause, local: bool = False) -> list[_Found]:
    """The projects a clause names; `local`: the report is a county's or district's own."""
    if not (
        v.SUFFIX.search(body)
        or v.PHASE.search(body)
        or v.WORK.search(body)
        or _carriers(body)
        or "开业" in body
    ) or v.NOT_BUILT.search(body):
        return []
    has_status = _status(body) != ProjectStatus.unknown
    if not has_status and not v.UNKNOWN_OK.search(body):
        return []
    staged = has_status or bool(_BUILT.search(body))

    def names_one(named: _Name) -> bool:
        return _names_one(named) or (local and _local_institution(named, staged))

    found: list[_Found] = []
    categories = False  # an element that is a category: the list names no projects
    spoiled = False  # an element that names nothing: the list is one of categories, share no facility word
    tasks = False  # an element opening with an action (预防艾滋病): the list is one of tasks
    counted = False  # the list opens with a count of a kind (20个传统风貌区): it lists kinds
    # elements that a later element may complete ("青龙嘴、官房沟、汇田河水库") or close ("…等8个项目")
    pending: list[str] = []
    elements = [e for e in _SPLIT.split(_each_ring(_DIRECTIONS.sub(_each_direction, body))) if e.strip()]
    for index, element in enumerate(elements):
        element = _past_description(_past_subject(v.LEAD.sub("", SPACE_IN_WORD.sub("", element)).strip()))
        if (
            index == 0
            and v.COUNTED.match(element)
            and v.SUFFIX.search(element)
            and not _BRACKET.search(element)
        ):
            # "20个传统风貌区、山城老街区和特色老社区相继建成": the others are kinds too (but not the
            # names in "2 所(大溪口小学、杨家坝小学)…学校")
            counted = True
        if _street_before_count(element, elements[index + 1 : index + 2], pending, has_status) or (
            _street_before_kind(element, elements[index + 1 :])
        ):
            # 哈萨尔大街 | 和东升路两处市民公园, 草坝街 | 祠堂街 | 麻柳湾片区等传统商业街区: waits for the shared ending
            pending.append(element)
            continue
        shared = _counted_share(element, pending, has_status)
        if shared:  # "华汇、地壹街两个地下商城投入使用": each name takes the counted ending
            found.extend(_Found(n, sector, clause, status) for n, sector, status in shared)
            pending = []
            continue
        named = _named(element, has_status, in_list=index > 0, shares=any(map(_completes, pending)))
        if named is None:
            listed = v.LISTED.search(element)
            if listed:  # "页岩气支撑剂、吉鑫二期…等7个项目": the names before 等 stand as they are
                head = v.LEAD.sub("", element[: listed.start()]).strip()
                if (
                    not v.LISTED_NOT.search(listed.group("kind"))
                    and not v.SUFFIX.search(head)
                    and not categories
                    and not (
                        (tasks or (spoiled and v.VERB_IN_NAME.search(head))) and not _counts(listed.group(0))
                    )
                    and (has_status or _BUILT.search(body))
                ):
                    kind = _listed_kind(listed.group("kind"))
                    for n in [*pending, head]:
                        if n is not head and (region_work := _shared_region_work(n, head)):
                            # "琼西北、白沙西部地区供水等项目": 琼西北地区供水, not 琼西北
                            found.append(_Found(n + region_work, _sector_of(head, body), clause))
                        elif _is_listed_name(n):
                            found.append(_Found(n, _sector_of(n, body), clause))
                        elif kind and _completes(n):  # "蒙西、国安…等物流项目": 蒙西物流项目
                            found.append(_Found(n + kind + "项目", _sector_of(kind, body), clause))
                pending = []
            elif pending and (opened := _opened_store(element)):
                # "居然之家、红星美凯龙开业运营": stores and malls that open under their brand names
                found.extend(_Found(n, "urban", clause) for n in [*pending, opened] if _is_store_name(n))
                pending = []
            elif _is_category(element):  # "高端装备、新材料…等重大项目": a list of categories
                pending, spoiled, categories = [], True, True
            elif _is_listed_name(element) or _is_bare(element):
                pending.append(element)
            else:
                pending, spoiled = [], True
                tasks = tasks or v.VERB_IN_NAME.match(element) is not None
            continue
        if named.listed == "not":  # "三北防护林五期…等国家重点生态工程项目": a list of programmes
            pass
        elif (
            named.shape == "facility"
            and not names_one(named)
            and (v.COUNTED.search(named.prefix) or not v.GENERIC.sub("", named.prefix).strip())
            and not pending
            and not found
        ):
            # "特高压输电、智能电网、油气管网…等重大项目": a list opened by a category is one of categories
            categories = True
        elif named.listed:
            for n in pending:  # "湘西、郴州机场等在建项目": short bare names share the facility word
                if named.shape == "facility" and _completes(n) and _is_specific(named.prefix):
                    found.append(_Found(n + named.ending, named.sector, clause))
                elif _is_listed_name(n):
                    found.append(_Found(n, _sector_of(n, body), clause))
            if names_one(named):
                found.append(_Found(named.name, named.sector, clause))
        elif _ETC.search(named.prefix):
            # "红鱼洞、黄石盘等水库工程": 等 closes a list sharing the facility word
            head, between = _ETC.split(named.prefix, 1)
            between = _GRADE.sub("", between.strip().lstrip("地"))  # 等五星级酒店: 万豪国际酒店
            between = _GROUP_COUNT.sub("", between)  # 等5座污水处理厂: 肖家河污水处理厂, not 肖家河5座…
            if not _GENERIC_RUN.fullmatch(between.replace(" ", "") or "等"):  # 等传统商业街区 keeps 传统商业
                between = _GENERIC_RUN.sub("", between)  # "珠海、阳江、潮州等地沿海LNG接收站" -> LNG接收站
            head, between = head.strip(), _kind_before_stage(between)
            if not v.VERB_IN_NAME.search(between) and len(between) <= 8 and not spoiled:
                ending = between + named.ending
                if _is_bare(head):
                    # a name standing alone before 等 takes the kind however long (黄河小浪底等水利枢纽工程)
                    names = [n for n in pending if _completes(n)]
                    if _completes(head) or not pending:
                        names.append(head)
                    found.extend(_Found(n + ending, named.sector, clause) for n in names)
                elif pending and _is_listed_name(head) and v.SUFFIX.search(head) is None:
                    # "万豪国际、洲际…、包商银行培训中心等五星级酒店项目": the short names take the kind,
                    # the long last one stands as it is
                    found.extend(_Found(n + ending, named.sector, clause) for n in pending if _completes(n))
                    found.append(_Found(head, _sector_of(head, body), clause))
                elif pending and v.SUFFIX.search(head) and all(map(v.STREET.fullmatch, pending)):
                    # "草坝街、祠堂街、麻柳湾片区等传统商业街区升级提档": streets and a quarter, each upgraded
                    found.extend(_Found(n + ending, named.sector, clause) for n in [*pending, head])
        else:
            if (
                named.shape == "facility"
                and (
                    len(re.sub(r"[0-9.\s]", "", named.prefix)) <= 6 or _ROUTE_NAME.match(named.prefix.strip())
                )
                and (_is_specific(named.prefix) or _route_abbreviation(named))
                and not spoiled
                and (
                    not _closed_by_list(body)
                    or any(_ORDINAL.fullmatch(n) for n in pending)
                    or _closes_group(body, elements[index])
                )
            ):
                # "山城巷、白象街传统风貌区": the shared ending takes the generic words before the facility word;
                # not before a closing 等…项目, where each name stands as it is (维多利、时代广场…等拟建项目)
                generic_end = None if _route_abbreviation(named) else _GENERIC_END.search(named.prefix)
                ending = (generic_end.group(0).strip() if generic_end else "") + named.ending
                found.extend(
                    _Found(n + (_after_ordinal(n, named) or ending), named.sector, clause)
                    for n in pending
                    if _completes(n)
                )
                pending = [n for n in pending if not _completes(n)]
            if named.shape == "facility" and not categories and _closed_by_list(body):
                # "华星光电 T4、京东方 10.5 代线…等 370 个重大产业项目": names before a facility keep standing
                found.extend(_Found(n, _sector_of(n, body), clause) for n in pending if _is_listed_name(n))
            if names_one(named) and not counted:
                found.append(_Found(named.name, named.sector, clause, named.status))
            if named.shape != "facility":
                continue  # "隆富远大、涌泉环保一期、南邦铝业二期等8个项目": a phase does not close the list
        pending = []
    return found


def _past_subject(element: str) -> str:
    """The object of a subject's 建成 (西部陆海新通道建成 | 南宁国际铁路港一期, 贺州两市建成 | 三甲医院):
    the facility built is named after the verb, the subject is who builds it. Only when a facility word
    follows the verb (not 体育中心建成投运, nor 建成区), and not before a rank, where the subject is the place
    naming it (解放碑沧白路社区建成全市首个…养老服务中心, see _past_description)."""
    m = _BUILT_INSIDE.search(element)
    if m is None or not v.SUFFIX.search(element, m.end()) or _RANKED.search(element, m.end()):
        return element
    return element[m.end() :]


def _past_description(element: str) -> str:
    """The element after a description by rank (宁夏首条高铁 | 银川至中卫高铁, 全国最长山岭隧道—— | 铁峰山隧道).
    When no name follows, the rank names no project (全球规模最大风电项目, 西部首家市内免税店), unless a
    place builds it (解放碑沧白路社区建成全市首个…养老服务中心: the place names it)."""
    m = _RANKED.search(element)
    if m is None:
        return element
    kind = v.SUFFIX.search(element, m.end())
    end = v.TAIL.match(element, kind.end()) if kind else None
    rest = element[end.end() if end else kind.end() :].lstrip("—").strip() if kind else ""
    if rest or _BUILT_AT.search(element, 0, m.start()):
        return rest or element
    return ""


_DIRECTIONS = re.compile(
    r"(?P<name>[\u4e00-\u9fff]{2,8}?)(?P<work>工程)?(?P<first>[东中西])、(?P<second>[东中西])线(?P<after>工程)?"
)
"""Two lines of one work sharing its name (南水北调工程东、中线, 南水北调东、中线工程)."""


def _each_direction(m: re.Match[str]) -> str:
    """南水北调东、中线工程 -> 南水北调东线工程、南水北调中线工程: each line named in full."""
    work = "工程" if m.group("work") or m.group("after") else ""
    return f"{m.group('name')}{m.group('first')}线{work}、{m.group('name')}{m.group('second')}线{work}"


_RINGS = re.compile(r"(?P<first>[东西南北])、(?=[东西南北](?P<ring>[内外一二三]?环(?:线|路)))")
"""Two ring roads sharing their word (东、西外环路)."""


def _each_ring(body: str) -> str:
    """东、西外环路 -> 东外环路、西外环路: each ring road named in full."""
    return _RINGS.sub(lambda m: f"{m.group('first')}{m.group('ring')}、", body) if "环" in body else body


_NUMERALS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_COUNTED_SHARE = re.compile(
    r"^(?P<last>[\u4e00-\u9fff]{2,6}?)(?P<count>[2-9]|[两二三四五六七八九十])\s*[个处座所条家](?P<rest>.+)$"
)


def _counted_share(
    element: str, pending: list[str], has_status: bool
) -> list[tuple[str, str, ProjectStatus | None]]:
    """Bare names before a count of as many facilities of one kind (光明、富强、友好 | 三个蔬菜生产园区,
    哈萨尔、东升路 | 两个市民广场): each name with the kind is a project. The count must equal the number
    of names, so a count of a larger group (新建5条主干道路) shares nothing."""
    if not pending:
        return []
    m = _COUNTED_SHARE.match(element)
    if m is None or not all(_is_bare(n) for n in pending) or not _is_bare(m.group("last")):
        return []
    count = m.group("count")
    if int(_NUMERALS.get(count, count)) != len(pending) + 1:
        return []
    named = _read_name(m.group("rest"), has_status, True, facility=True)
    if named is None or named.shape != "facility" or v.VERB_IN_NAME.search(named.prefix):
        return []
    if named.sector == "road":  # 胜利三路、学府路和贝尔大街 | 3条主干道路: the names are the roads
        return []
    return [(n + named.name, named.sector, named.status) for n in [*pending, m.group("last")]]


def _street_before_count(element: str, following: list[str], pending: list[str], has_status: bool) -> bool:
    """A street name (哈萨尔大街) whose next element counts it among named facilities (东升路两处市民公园):
    the street names one of them, not a road of its own."""
    return bool(
        v.STREET.fullmatch(element)
        and following
        and _counted_share(v.LEAD.sub("", following[0]).strip(), [*pending, element], has_status)
    )


_FIRM = re.compile(r"(?:银行|证券|保险|资本|信托|基金|金融租赁|担保)$")


_AREA = re.compile(r"[\u4e00-\u9fff]{2,4}片区$")
"""A bare area name (麻柳湾片区): like a street, it may take a shared ending (…等传统商业街区)."""
_REGION_BODY = re.compile(r"[省市区县][\u4e00-\u9fff]{2,5}")
"""A region's own body by name (市中级法院): it may take a shared building (…和市公安局业务用房)."""
_KIND_AFTER = re.compile(r"[\u4e00-\u9fff]{2,6}等")


def _kind_before_stage(between: str) -> str:
    """The words between 等 and a works word, without a stage after the kind the names are of:
    "牛角坑、湾潭河等 | 水库加快 | 渠系工程建设" -> 水库 (牛角坑水库渠系工程)."""
    kind = v.SUFFIX.match(between)
    if kind is None or not v.LEAD.fullmatch(between[kind.end() :]):
        return between
    return kind.group(0)


def _street_before_kind(element: str, following: list[str]) -> bool:
    """A street name (草坝街) in a list of streets and areas closed by 等 and a kind of place that is
    not a road (…麻柳湾片区等传统商业街区): the street names one of those places, not a road of its own."""
    if not v.STREET.fullmatch(element):
        return False
    for later in following:
        later = v.LEAD.sub("", later).strip()
        if v.STREET.fullmatch(later):
            continue
        m = _KIND_AFTER.match(later)
        if m is None or not _is_bare(later[: m.end() - 1]):
            return False
        kind = _read_name(later[m.end() :], True, True, facility=True)
        return kind is not None and kind.shape == "facility" and kind.sector != "road"
    return False


_OPENED = re.compile(r"(?:开业|试营业)(?:运营|营运)?$")
_FINANCIAL = re.compile(r"银行|支行|分行|金租|金融|证券|保险|担保|信托|基金|公司")


def _opened_store(element: str) -> str | None:
    """The brand name of the last element of a list of stores that open (红星美凯龙 | 开业运营), else None."""
    m = _OPENED.search(element)
    if m is None:
        return None
    head = element[: m.start()].strip()
    return head if _is_store_name(head) else None


def _is_store_name(name: str) -> bool:
    """A brand name standing alone (居然之家), not a bank or firm opening a branch (恒丰银行黔江支行)."""
    return _is_listed_name(name) and _FINANCIAL.search(name) is None


def _listed_kind(kind: str) -> str:
    """The kind a closing 等…项目 names when it says what the projects are (等物流项目 -> 物流), else ""
    (等8个项目, 等重大产业项目, 等在建项目: a count, generic words or a stage)."""
    kind = kind.strip()
    if re.search(r"建|在|拟|储备|前期", kind) or v.VERB_IN_NAME.search(kind):
        return ""
    return kind if len(re.sub(r"[\s0-9.]", "", v.GENERIC.sub("", kind))) >= 2 else ""


def _counts(closer: str) -> bool:
    """Whether a closing 等… counts what it closes (等7个项目): a list of named projects, not of tasks
    (…素质教育基地、学前教育提升等工程建设)."""
    return v.COUNTED.search(closer) is not None


def _carriers(body: str) -> bool:
    """A list of buildings closed by 等…载体 (来福士、总部城等150万平方米高端载体): named with no facility
    word, unlike lists closed by 等…工程, which are mostly programmes (工业强基、绿色制造等重大工程)."""
    return "载体" in body and any(m.group(0).endswith("载体") for m in v.LISTED.finditer(body))


def _closes_group(body: str, element: str) -> bool:
    """Whether 和 / 及 follows the element: it closes a group of the list ("迈湾、天角潭水利枢纽和琼西北…等项目"),
    whose names share its facility word even when the whole list ends with 等…项目."""
    return re.search(re.escape(element.rstrip()) + r"\s*(?:和|及|以及)", body) is not None


_REGION_PART = re.compile(r"[\u4e00-\u9fff]{1,3}(?:东北|西北|东南|西南|[东西南北中]部?)")


def _shared_region_work(name: str, last: str) -> str | None:
    """The work a part of a region shares with the last name of its list: "琼西北" before "白沙西部地区供水"
    takes 地区供水."""
    at = last.find("地区", 1)
    if at == -1 or not _REGION_PART.fullmatch(name.strip()) or len(last) - at < 4:
        return None
    return last[at:]


@lru_cache(maxsize=4)
def _closed_by_list(body: str) -> bool:
    """Whether the clause ends its list with 等…项目 naming projects (not 等…示范项目); cached per clause."""
    closers = list(v.LISTED.finditer(body))
    return bool(closers) and not v.LISTED_NOT.search(closers[-1].group("kind"))


def _named(element: str, has_status: bool, in_list: bool = False, shares: bool = False) -> _Name | None:
    """The element read as a name with a facility word, a phase or 项目/工程 at its end, else None.

    `in_list`: earlier elements of the clause stand before it, so a count after it closes the list;
    `shares`: some of them are bare names waiting for this element's ending (草坝街、… | 等传统商业街区)."""
    counted = None if shares else v.COUNTED_CLOSER.search(element)
    if counted and _group_of_its_kind(element[: counted.start()].rstrip(), counted.group(0)):
        # "北京口腔医院等 8 所医院建设新院区": the facility named before the group; names listed before
        # it are of the group too (包商银行培训中心、呼伦贝尔大饭店等酒店)
        named = _read_name(element[: counted.start()].rstrip(), has_status, in_list, facility=True)
        if named is not None and named.shape == "facility":
            named.listed = "yes"
            return named
    counted = _COUNT_TAIL.search(element) if in_list and not shares else None
    if counted:
        # "S521 、 S303(上峡至万家)两条横向通道": the count closes the list, the name before it stands
        named = _read_name(element[: counted.start()].rstrip(), has_status, in_list, facility=True)
        if named is not None and named.shape == "facility" and _names_one(named):
            return named
    named = _read_name(element, has_status, in_list, facility=True)
    if named is None and v.SUFFIX.search(element):
        # a facility word inside a longer name of works: 纪念园红旅基础设施项目, 殡仪馆新建项目
        named = _read_name(element, has_status, in_list, facility=False)
    return named


_COUNT_TAIL = re.compile(
    r"(?<![0-9一二三四五六七八九十两])[0-9两二三四五六七八九十]+\s*[个条座所家处][\u4e00-\u9fff]{1,8}$"
)
"""A count of the listed works closing the last element (…两条横向通道)."""


def _group_of_its_kind(head: str, closer: str) -> bool:
    """Whether 等… after a full name closes a group the name stands for (北京口腔医院 | 等 8 所医院),
    not a list of projects (等8个项目, 等…新增长点), a programme (等十大产业集聚区) or a list whose bare
    names share a facility word (十八梯、山城巷、白象街 | 等传统风貌区)."""
    return not (
        v.LISTED.match(closer)
        or v.KIND_CLOSER.match(closer)
        or _PROGRAMME.search(closer)
        or _is_bare(v.LEAD.sub("", head).strip())
    )


def _read_name(element: str, has_status: bool, in_list: bool, facility: bool) -> _Name | None:
    """`_named` anchored on the last facility word, or (facility False) on a phase or 项目 only."""
    shape, anchor, end, sector = "facility", None, 0, "other"
    for m in v.SUFFIX.finditer(element) if facility else ():
        anchor, sector = m, m.lastgroup or "other"
    if anchor is not None:
        tail = v.TAIL.match(element, anchor.end())
        end = tail.end() if tail else anchor.end()
    else:
        for m in v.PHASE.finditer(element):
            anchor, shape = m, "phase"
        if anchor is None and has_status:
            for m in v.WORK.finditer(element):
                anchor, shape = m, "work"
        if anchor is None:
            return None
        end = anchor.end()
        tail = v.TAIL.match(element, end)
        end = tail.end() if tail else end
    rest = element[end:]
    # the name keeps 工程/项目 only when they are part of it; status words after it must be all that is left
    closer = v.LISTED.match(rest.strip())  # "三澳核电一期 | 等重大能源项目"
    if closer is None and shape == "facility":  # "…照护中心 | 等公益性养老机构"
        closer = v.KIND_CLOSER.match(rest.strip())
    fits = (
        v.TRAIL.match(rest)
        or v.STATUS_START.match(rest)
        or (closer and v.TRAIL.match(rest.strip()[closer.end() :]))
    ) and not _COUNT_AFTER.match(rest)
    if not fits and not _closes_list(rest.strip(), in_list):
        return None
    name = v.INVESTED.sub("", element[:end]).strip()
    if name.count("“") != name.count("”") or _MEASURE.match(name):
        return None
    sized = _SIZED.match(name)
    if sized and not (sized.group("place") and shape == "facility"):
        return None
    if sized:
        name = sized.group("place") + name[sized.end() :]
    prefix = v.INVESTED.sub("", element[: anchor.start()])
    if shape == "work":
        # the name is "X项目": X itself must name something, not a programme ("雪亮工程", "十大工程")
        if (
            _PROGRAMME.search(prefix)
            or v.NOT_A_PROJECT.match(prefix)
            or not _is_listed_name(prefix)
            or re.search(r"(?:重点|重大|大|类|性|开工|续建|在建|拟建|签约)\s*$", prefix)
            or len(prefix.strip()) < 3
        ):
            return None
        sector = _sector_of(name, element)
    elif shape == "phase":
        sector = _sector_of(name, element)
        # 中俄界河治理 | 三期工程, 苏州河环境综合整治 | 四期: the works of a phase name a river's works, not a task
        prefix = _WORKS_BEFORE_PHASE.sub("", prefix)
    elif _EXTENSION.fullmatch(anchor.group(0)) and (line := v.SUFFIX.fullmatch(prefix.strip())):
        sector = line.lastgroup or sector  # 7号线 | 东延: the extension of a metro line is metro
    return _Name(
        name=name,
        sector=sector,
        prefix=prefix,
        ending=element[anchor.start() : end].strip(),
        shape=shape,
        listed=_listed(rest),
        status=_own_status(rest),
        invested=v.INVESTED.match(element) is not None,
    )


def _closes_list(rest: str, in_list: bool) -> bool:
    """Whether `rest` closes a list of named works (等10条城区道路建成通车; after a list, 3条主干道路的改造)."""
    m = v.LIST_CLOSER.match(rest)
    if m is None or (not rest.startswith("等") and not in_list) or v.LISTED_NOT.search(m.group("kind")):
        return False
    return v.TRAIL.match(rest[m.end() :]) is not None


def _own_status(rest: str) -> ProjectStatus | None:
    """The stage the words after a name state ("开工", "投入运营"), None when they state none."""
    if not rest.strip() or v.PLANNED.search(rest):
        return None
    status = _status(rest)
    return None if status == ProjectStatus.unknown else status


def _listed(rest: str) -> str:
    m = v.LISTED.match(rest.strip())
    if m is None:
        # 等…机构 / 等…增长点 name what the listed facilities are: the names before them stand too
        kind = v.KIND_CLOSER.match(rest.strip())
        return "yes" if kind and not v.LISTED_NOT.search(kind.group("kind")) else ""
    return "not" if v.LISTED_NOT.search(m.group("kind")) else "yes"


def _sector_of(name: str, context: str = "") -> str:
    """The sector of the name's last facility word, else industrial for firms and lines that 投产."""
    last = None
    for m in v.SUFFIX.finditer(name):
        last = m
    if last is not None:
        return last.lastgroup or "other"
    return "industrial" if _INDUSTRY.search(name) or _produces(context) else "other"


@lru_cache(maxsize=4)
def _produces(context: str) -> bool:
    """Whether the clause speaks of production; cached, as it is asked for each name of a clause."""
    return _PRODUCTION.search(context) is not None


def _local_institution(named: _Name, staged: bool) -> bool:
    """In a county's or district's report, its one institution of a kind (疾控中心迁建, 党校迁建项目,
    保税仓库、旅游集散中心投入使用): named by the report's place, when a stage or works word says it
    is being built, moved or put to use."""
    m = v.ONE_PER_REGION.match(named.name)
    return bool(m and staged and v.TAIL.fullmatch(named.name, m.end()))


def _names_one(named: _Name) -> bool:
    """The name says which one: by the words before its ending, or by the ending itself (7号线)."""
    if _is_specific(named.prefix) or _route_abbreviation(named):
        return True
    if named.shape != "facility" or v.VERB_IN_NAME.search(named.prefix):
        return False
    if _PLACE_SECTION.search(named.ending) and not v.COUNTED.search(named.prefix):
        return True  # 镇广高速通江至王坪段: 镇广 reads as generic 镇 + 广, the section names the road
    if named.invested and v.SUFFIX.fullmatch(named.prefix.strip()):
        return True  # "投资3.3亿元的机场快速路": the amount says which one, a facility word the place
    if re.fullmatch(r"\s*[省市区县]级?\s*", named.prefix):  # 市体育中心, 省博物馆: the region's own one
        return named.sector == "social" and len(named.ending) >= 3
    return bool(v.SELF_NAMED.search(named.ending)) and not named.prefix.strip()


def _route_abbreviation(named: _Name) -> bool:
    """A line abbreviated by its two ends whose second end reads as a generic word (官新高速, 巫大高速:
    官庄-新化, 巫山-大昌); only before a line's word, as 中小学校 or 城区道路 are no such names."""
    prefix = named.prefix.strip()
    return bool(
        named.shape == "facility"
        and _ROUTE_LINE.match(named.ending)
        and _ABBREVIATED_END.fullmatch(prefix)
        and not v.GENERIC.match(prefix)
    )


def _is_specific(prefix: str) -> bool:
    """True when the words before the facility word name one thing (not 农村, 一批重点, 16条)."""
    if v.COUNTED.search(prefix) or v.VERB_IN_NAME.search(prefix):
        return False
    facility = v.SUFFIX.fullmatch(prefix.strip())
    if facility:
        # a bare facility word names no other one (医院 + 住院楼), unless it is the region's own
        # institution by name (人民医院儿科楼, 中医院住院楼: one per region, like 市体育中心) or a line
        # naming itself (北环线, 7号线, 轨道交通大兴机场线) before its extension (东延线, 北延工程)
        return (facility.lastgroup == "social" and len(prefix.strip()) >= 3) or bool(
            v.SELF_NAMED.fullmatch(prefix.strip())
        )
    if _PLACE_WITH_GENERIC.fullmatch(prefix.strip()) and len(_residue(prefix)) == 1:
        return True  # 大埔电厂, 新津机场: a place of two characters opening with 大 / 小 / 新
    rest = v.GENERIC.sub("", prefix)
    rest = re.sub(r"[\s“”\"'（）()·\-—]", "", rest)
    if _opens_with_place(prefix.strip()):
        rest = prefix.strip()[0] + rest  # 大唐5万千瓦, 新城: 大 / 新 is part of the name, not a generic word
    # a bare abbreviation is a category (沿海 LNG 接收站); a Chinese word or a longer code names one
    return len(rest) >= 2 and (bool(re.search(r"[\u4e00-\u9fff]", rest)) or len(rest) >= 4)


def _opens_with_place(prefix: str) -> bool:
    """A prefix opening with 大 / 小 / 新 that no generic word starts (大唐, 新城; not 大型, 新能源, 小城镇)."""
    first = v.GENERIC.match(prefix)
    return bool(
        first
        and first.end() == 1
        and _PLACE_WITH_GENERIC.match(prefix)
        and not v.GENERIC.match(prefix, 1)
        and not v.VERB_IN_NAME.match(prefix)
    )


def _is_category(element: str) -> bool:
    """An element made of category and generic words only (高端装备, 新材料): it names no project."""
    if not v.CATEGORY.search(element):
        return False
    return len(_residue(element)) < 2


def _residue(element: str) -> str:
    """The element without category and generic words: category words go first, so a category that
    holds a generic word (轨道交通, 通用航空) is not left half-removed (轨道, 通用)."""
    rest = v.GENERIC.sub("", v.CATEGORY.sub("", element))
    return re.sub(r"[\s“”\"'（）()·\-—0-9.]", "", rest)


def _is_bare(element: str) -> bool:
    """A short bare name completed by a following facility word (青龙嘴 + 水库, 阜阳—淮北 + 铁路)."""
    return bool(
        (_BARE.match(element) or _ROUTE_NAME.match(element))
        and not _GENERIC_RUN.fullmatch(element)
        and not v.CATEGORY.fullmatch(element)
        and not v.VERB_IN_NAME.search(element)
        and (not v.SUFFIX.search(element) or v.STREET.fullmatch(element) or _AREA.fullmatch(element))
    )


def _after_ordinal(element: str, named: _Name) -> str:
    """What an ordinal shares with the next ordinal's name: 第三 + 第四|棚改配套幼儿园 -> 棚改配套幼儿园."""
    if not _ORDINAL.fullmatch(element):
        return ""
    m = _ORDINAL.match(named.prefix.strip())
    return named.prefix.strip()[m.end() :] + named.ending if m else ""


def _completes(element: str) -> bool:
    """A bare name short enough to take a shared facility word (合新 + 高铁; not 体验中心 + 生产线); a
    street, an area or a region's body takes one however long (麻柳湾片区 + 传统商业街区, 市中级法院 + 业务用房)."""
    return (
        _is_bare(element)
        and (
            len(element) <= 4
            or _ROUTE_NAME.match(element) is not None
            or v.STREET.fullmatch(element) is not None
            or _AREA.fullmatch(element) is not None
            or _REGION_BODY.fullmatch(element) is not None
        )
        and not re.search(r"(?:中心|基地|园区?|平台|设施)$", element)
    )


def _is_listed_name(element: str) -> bool:
    """A name standing on its own in a project list (隆富远大, 华星光电 T4), not a category (教育, 新基建)."""
    element = element.strip()
    if (
        len(element) < 3
        or not _LISTED_NAME.match(element)
        or "等" in element
        or "“" in element
        or "”" in element
    ):
        return False
    if v.VERB_IN_NAME.search(element) or v.NOT_A_PROJECT.match(element) or v.COUNTED.match(element):
        return False
    if _FIRM.search(element):  # 野村东方证券、安联保险…开业: financial firms open, nothing is built
        return False
    # a capacity class opening the name names a kind (千万吨级炼油厂、百万吨级乙烯)
    return len(_residue(element)) >= 2 and not _SIZED.match(element) and not _CLASS.match(element)


def _status(body: str) -> ProjectStatus:
    if v.PLANNED.search(body) or _aimed(body):
        return ProjectStatus.planned
    for status, pattern in v.STATUS:
        if pattern.search(body):
            return status
    return ProjectStatus.unknown


def _aimed(body: str) -> bool:
    """A 争取 not followed on its line by a result word (争取开工 is a start, 争取国家支持 a plan).

    The last 争取 of a line decides: an earlier one sees every word the last one sees."""
    for line in body.split("\n"):
        at = line.rfind(v.AIM)
        if at != -1 and not v.AIM_MET.search(line, at + len(v.AIM)):
            return True
    return False


def _places(report: Report) -> str:
    """Place suffixes below the report's own level (a province or city report: 县区; a district: 镇)."""
    return _LEVEL_BELOW.get(str(report.meta.admin_level or ""), "县区镇")


def _location(name: str, body: str, below: str, at_place: re.Match[str] | None) -> str | None:
    """Where the report places the project: 西部(忠县)医药产业基地 -> 忠县, 在黔江建设… -> 黔江,
    or a place below the report's own level named at the start of the name (黄桷镇…, a district's town)."""
    m = _BRACKET_PLACE.search(name)
    if m:
        return m.group(1)
    m = _PLACE_PREFIX.match(name)
    if m and m.group(2) in below and not _NOT_PLACE.search(m.group(1)) and not _ROUTE.search(name):
        return m.group(0)
    # the clause's first 在X建设 (`at_place`, found once per clause), unless the name comes before it
    if at_place is None or body.find(name, 0, at_place.start() + len(name)) != -1:
        return None
    return at_place.group(1)


def _amount_before(text: str, before: Clause | None, clause: Clause) -> Clause | None:
    """The clause just before, in the same sentence, when it states only an investment amount."""
    if before is None or text[before.end : clause.start].strip() not in ("，", ","):
        return None
    return before if v.INVESTMENT_ONLY.fullmatch(text[before.start : before.end].strip()) else None


def _investment(body: str) -> Investment | None:
    m = v.INVESTMENT.search(body)
    if m is None:
        return None
    return Investment(amount=to_float(m.group(1)), unit=m.group(2))
