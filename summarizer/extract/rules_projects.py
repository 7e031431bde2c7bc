"""Key projects by rule: named facilities in enumerations, with status from the verbs of their clause.

A clause is split into list elements (、 和 及); an element is a project when, after leading verbs
(加快建设, 开工 …), it is a NAME ending in a facility word (铁路, 高速, 机场, 水库, 医院, 产业园 …)
followed only by status words (开工建设, 建成通车, 等, 前期工作 …). The name before the facility word
must say which one (汉巴南, 合肥新桥国际): generic or counted lists ("16条轨道交通线路", "一批重点项目",
"农村公路") are not projects. Bare elements before a shared facility word are completed by it
("青龙嘴、官房沟、汇田河水库" -> 青龙嘴水库 …). One item per project per report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Evidence, Investment, KeyProject, ProjectStatus, Report
from .indicators import Clause, clauses, to_float

__all__ = ["extract_projects", "normalize_name"]

_SECTORS: tuple[tuple[str, str], ...] = (
    (
        "rail_transit",
        r"(?:轨道交通|地铁)\s*[0-9一二三四五六七八九十]+\s*号线(?:[一二三四五六七八九十0-9]期)?|[0-9]+\s*号线|轻轨|有轨电车",
    ),
    ("railway", r"高速铁路|城际铁路|铁路|高铁|城际|客专|综合交通枢纽|高铁站|火车站"),
    ("airport", r"国际机场|通用机场|支线机场|机场"),
    ("road", r"高速公路|高速|快速路|快速通道|长江大桥|公路大桥|大桥|大道|环线|隧道|绕城|过江通道|立交"),
    ("water", r"水库|水利枢纽|引水工程|供水工程|调水工程|灌区|水厂|[^，。、]{2,6}?引[^，。、]{1,4}工程"),
    (
        "energy",
        r"电站|电厂|风电场|风电项目|光伏电站|光伏项目|核电|变电站|输变电工程|千伏线路|千伏变电站|特高压|输电工程|热电联产[^，。、]{0,6}项目|储气库|天然气管道|发电项目",
    ),
    ("logistics", r"物流园区?|物流中心|物流港|港区|码头|批发市场|商品批发城|博览中心|保税物流中心"),
    (
        "industrial",
        r"产业园区?|工业园区?|生产线|未来工厂|工厂|产业基地|科技园|科技城|创新园|智造园|合作产业园",
    ),
    (
        "social",
        r"人民医院|中心医院|医院|院区|实验学校|学校|中学|小学|大学|学院|校区|体育中心|体育馆|体育场|博物馆|图书馆|剧院|文化中心|美术馆|会展中心|纪念馆",
    ),
    ("urban", r"片区|综合管廊|湿地公园|遗址公园|体育公园|文化公园|商务区|综合体|使馆区"),
)
_SUFFIX = re.compile("|".join(f"(?P<{sector}>{pattern})" for sector, pattern in _SECTORS))
_TAIL = re.compile(
    r"(?:\s*(?:[一二三四五六七八九十0-9]+期|[^\s，。、]{0,8}?段|改扩建|扩能改造|扩建|改建|北延|南延|东延|西延|延伸段|"
    r"北延线|东延线|南延线|西延线|复线|二线|新院区|分院)(?:工程|项目)?)*(?:\s*(?:工程|项目))?"
)
_LEAD = re.compile(
    r"^(?:完工|竣工|加快|加速|全力|积极|大力|扎实|有序|全面|深入|继续|持续|重点|力争|争取|确保|推进|推动|建设|建成|开工|新开工|"
    r"续建|启动|实施|完成|开通|投运|谋划|规划|支持|促进|做好|抓好|抓紧|着力|提速|实现|打造|新建|改扩建|动工|竣工|"
    r"基本|全线|同步|配合|协调|服务|保障|以|其中|今年|年内|全年|一是|二是|三是|四是|五是|六是|七是|八是|九是|十是|"
    r"第[一二三四五六七八九十]+|[（(][一二三四五六七八九十0-9]+[)）]|[一二三四五六七八九十]+[、.]|——|\s|“|”)+"
)
_TRAIL = re.compile(
    r"^(?:等|一批|重点|重大|项目|工程|建设|开工|加快|建成|通车|投运|投产|竣工|完工|启动|实施|前期工作|前期|主体|全线|"
    r"贯通|通航|开通|运营|运行|正式|基本|顺利|推进|落地|签约|即将|力争|争取|年内|实现|完成|验收|蓄水|通水|投用|"
    r"投入使用|开业|营运|达产|达效|试运行|改造|提升|加速|进度|进入|形成|能力|实质性|开工条件|达到|相继|如期|"
    r"陆续|全面|同步|有序|扎实|取得|进展|突破|\s*[0-9]+\s*[个项座]|的|在建|续建|新开工|动工|封顶|招生|开班|"
    r"对外开放|投入运营|整体|功能|提质|落户|挂牌|\s)*$"
)
_SPLIT = re.compile(r"、|和|以及|及(?!时)")
_GENERIC = re.compile(
    r"重点|重大|一批|现代|智慧|城市|乡村|农村|城乡|农业|特色|综合|示范|省级|市级|国家级|区级|县级|骨干|中小型|小型|"
    r"大中型|中型|民生|基础设施|配套|改造|提升|高标准|标准化|各类|相关|沿线|区域|主要|公共|全域|数字|绿色|生态|"
    r"旅游|社区|乡镇|街道|口袋|城郊|等级|干线|普通|国省|县乡|便民|交通|能源|电网|支线|货运|客运|科技|创新|"
    r"开发区|千亿|百亿|产业|新型|传统|一体化|规模化|集中|分布式|新能源|公办|民办|薄弱|寄宿制|标准|义务教育|"
    r"基层|县域|中心|专科|公立|区域性|全市|全省|全区|全县|我市|我省|我区|我县|市|省|县|区|镇|村|新|大|小|"
    r"一流|高水平|高质量|优质|一所|一座|一条|一个|多个|若干|这些|其他|以上|上述|有关|各|所|级|型|式|类|性|化|的|等|"
    r"创意|电子商务|母婴|保健|循环经济|固废|智能|商贸|停车场|车站|过境|快速|公用|充电|理工科|小规模|学前|餐饮|休闲|"
    r"娱乐|酒店|地下|高科技|材料|首批|世界|国际|国家|考古|大型|高端|千伏|万千瓦|千瓦|[0-9.\s]+|"
    r"[0-9]+\s*[个条座所家项批处]|[一二三四五六七八九十百千]+[个条座所家项批处]"
)
_VERB_IN_NAME = re.compile(
    r"加快|推进|推动|实施|开展|完善|加强|提高|强化|优化|支持|鼓励|引导|促进|发展|落实|深化|做强|做大|改善|围绕|打造|"
    r"争创|创建|组建|成立|把|构建|随着|合力|逐步|切实|保障|整治|发挥|新增|建好|走上|维持|覆盖|共建|加大|提升|依托|"
    r"利用|推广|聚焦|培育|引进|招引|维护|保护|治理|通过|形成|拓展|布局|谋划|争取|申建|筹建|高水平|高标准|以|与|向|"
    r"为|对|在|从|将|按照|建立|健全|探索|推行|开发|联动|衔接|服务"
)
_COUNTED = re.compile(r"[0-9一二三四五六七八九十百千两]+\s*(?:个|条|座|所|家|项|批|处|大)")
_PLANNED = re.compile(r"前期|规划建设|谋划|开工条件|论证|储备|争取纳入|申报|规划")
_STATUS: tuple[tuple[ProjectStatus, re.Pattern[str]], ...] = (
    (
        ProjectStatus.in_operation,
        re.compile(r"投运|通车|投产|运营|开通|通航|投用|投入使用|开业|招生|开班|对外开放|通水|达产|营运"),
    ),
    (
        ProjectStatus.completed,
        re.compile(r"建成|竣工|完工|贯通|封顶|验收|完成[^，。；]{0,12}建设|形成通车能力"),
    ),
    (ProjectStatus.started, re.compile(r"开工|启动|动工|开建")),
    (ProjectStatus.under_construction, re.compile(r"加快|推进|在建|续建|建设|推动")),
)
_INVESTMENT = re.compile(r"(?:总)?投资\s*(?:约|达|超过|近)?\s*([0-9]+(?:\s*\.\s*[0-9]+)?)\s*(亿元|万元)")
_INVESTED = re.compile(r"^[^，。、]*?投资\s*[0-9.\s]+\s*[亿万]元的")
_LOCATION = re.compile(r"[（(]([\u4e00-\u9fff]{1,8}?[省市县区镇])[)）]")
_BARE = re.compile(r"^[\u4e00-\u9fff]{2,6}$")


@dataclass
class _Found:
    name: str
    sector: str
    clause: Clause


def extract_projects(report: Report) -> list[KeyProject]:
    """Named projects in the report, one per project (the most informative mention kept)."""
    text = report.text
    best: dict[str, KeyProject] = {}
    order: list[str] = []
    for clause in clauses(text):
        found = _clause_projects(text, clause)
        if not found:
            continue
        body = text[clause.start : clause.end]
        status = _status(body)
        investment = _investment(body) if len(found) == 1 else None
        for item in found:
            key = _same_project(normalize_name(item.name), best)
            project = KeyProject(
                name=item.name,
                status=status,
                investment=investment,
                sector=item.sector,
                location=_location(item.name),
                description=re.sub(r"\s+", "", body)[:80],
                evidence=Evidence(quote=body, start=clause.start, end=clause.end),
            )
            if key not in best:
                best[key] = project
                order.append(key)
            elif _richer(project, best[key]):
                best[key] = project
    return [best[k] for k in order]


def _same_project(key: str, seen: dict[str, KeyProject]) -> str:
    """The key of an already seen project this name refers to ("合肥新桥国际机场" ~ "…机场改扩建"), else `key`."""
    if key in seen:
        return key
    for other in seen:
        if len(key) >= 4 and len(other) >= 4 and (key in other or other in key):
            return other
    return key


def normalize_name(name: str) -> str:
    """A name for de-duplication: no spaces, quotes, brackets or trailing 工程/项目/建设."""
    name = re.sub(r"[\s“”\"'（）()·]", "", name)
    return re.sub(r"(?:工程|项目|建设)+$", "", name)


def _richer(new: KeyProject, old: KeyProject) -> bool:
    score = lambda p: (p.status != ProjectStatus.unknown) + 2 * (p.investment is not None)  # noqa: E731
    return score(new) > score(old)


def _clause_projects(text: str, clause: Clause) -> list[_Found]:
    body = text[clause.start : clause.end]
    if not _SUFFIX.search(body):
        return []
    elements = [e for e in _SPLIT.split(body) if e.strip()]
    found: list[_Found] = []
    bare: list[str] = []
    for element in elements:
        element = _LEAD.sub("", element)
        match = _named(element)
        if match is None:
            specific = (
                _BARE.match(element) and not _GENERIC.search(element) and not _VERB_IN_NAME.search(element)
            )
            bare.append(element) if specific else bare.clear()
            continue
        name, sector, prefix, suffix = match
        if "等" in prefix:  # "红鱼洞、黄石盘等水库工程": 等 closes a list sharing the facility word
            head = prefix.split("等", 1)[0].strip()
            names = [*bare, head] if _BARE.match(head) else []
            found.extend(_Found(n + suffix, sector, clause) for n in names)
        else:
            if len(prefix) <= 6 and _is_specific(prefix):
                found.extend(_Found(n + suffix, sector, clause) for n in bare)
            if _is_specific(prefix):
                found.append(_Found(name, sector, clause))
        bare = []
    return found


def _named(element: str) -> tuple[str, str, str, str] | None:
    """(name, sector, the part before the facility word, facility word + tail) or None."""
    last = None
    for m in _SUFFIX.finditer(element):
        last = m
    if last is None:
        return None
    tail = _TAIL.match(element, last.end())
    end = tail.end() if tail else last.end()
    # the name keeps 工程/项目 only when they are part of it; status words after it must be all that is left
    if not _TRAIL.match(element[end:]):
        return None
    name = _INVESTED.sub("", element[:end]).strip()
    prefix = _INVESTED.sub("", element[: last.start()])
    sector = last.lastgroup or "other"
    return name.strip(), sector, prefix, element[last.start() : end].strip()


def _is_specific(prefix: str) -> bool:
    """True when the words before the facility word name one thing (not 农村, 一批重点, 16条)."""
    if _COUNTED.search(prefix) or _VERB_IN_NAME.search(prefix):
        return False
    rest = _GENERIC.sub("", prefix)
    rest = re.sub(r"[\s“”\"'（）()·\-—]", "", rest)
    return len(rest) >= 2


def _status(body: str) -> ProjectStatus:
    if _PLANNED.search(body):
        return ProjectStatus.planned
    for status, pattern in _STATUS:
        if pattern.search(body):
            return status
    return ProjectStatus.unknown


def _location(name: str) -> str | None:
    """A place named in brackets inside the name: 西部(忠县)医药产业基地 -> 忠县."""
    m = _LOCATION.search(name)
    return m.group(1) if m else None


def _investment(body: str) -> Investment | None:
    m = _INVESTMENT.search(body)
    if m is None:
        return None
    return Investment(amount=to_float(m.group(1)), unit=m.group(2))
