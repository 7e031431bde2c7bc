"""Word lists of the key-project rules: facility words per sector, lead and trail verbs, generic words.

Kept apart from the matching logic (projects.py) so the vocabulary can grow without touching it.
Every list is general Chinese report vocabulary, never names of particular projects.
"""

from __future__ import annotations

import re

from ...models import ProjectStatus

__all__ = [
    "AIM",
    "AIM_MET",
    "CATEGORY",
    "COUNTED",
    "COUNTED_CLOSER",
    "GENERIC",
    "INVESTED",
    "INVESTMENT",
    "INVESTMENT_ONLY",
    "KIND_CLOSER",
    "LEAD",
    "LISTED",
    "LISTED_NOT",
    "LIST_CLOSER",
    "NOT_A_PROJECT",
    "NOT_BUILT",
    "ONE_PER_REGION",
    "PHASE",
    "PLACE_SUFFIX",
    "PLANNED",
    "SELF_NAMED",
    "STATUS",
    "STATUS_START",
    "STREET",
    "SUFFIX",
    "TAIL",
    "TRAIL",
    "UNKNOWN_OK",
    "VERB_IN_NAME",
    "WORK",
]

_N = "[0-9一二三四五六七八九十两]"
# Patterns here are searched over whole clauses, so a repeat that can start anywhere in a long run of
# digits or spaces must start only at the run's beginning (a lookbehind), else one search is quadratic.
_SP = r"(?:(?<!\s)\s+)?"
"""Optional whitespace from the start of its run: a leading \\s* that cannot restart inside the run."""

# facility words by sector; the LAST facility word of an element decides the sector
_SECTORS: tuple[tuple[str, str], ...] = (
    (
        "rail_transit",
        rf"(?:轨道交通|轨道|地铁)\s*{_N}+\s*号线(?:[一二三四五六七八九十0-9]期|[\u4e00-\u9fff]{{2,4}}?站)?|(?<![0-9])[0-9]+\s*号线|轻轨|有轨电车|"
        r"轨道交通[\u4e00-\u9fff]{2,4}线|城市轨道交通|地铁站|轨道站",
    ),
    (
        "railway",
        r"高速铁路|城际铁路|铁路|高铁|城际|客专|综合交通枢纽|综合客运枢纽|高铁站|火车站|客运站|货运站|铁路枢纽|"
        r"货车外绕线|直通线|联络线|(?<=[\u4e00-\u9fff])[东西南北]站",
    ),
    ("airport", r"国际机场|通用机场|支线机场|机场|航站楼|候机楼|飞行区|跑道"),
    (
        "road",
        r"高速公路|高速|快速路|快速通道|快速道路|长江大桥|公路大桥|大桥|大道|环线|(?<=[\u4e00-\u9fff])环路|隧道|绕城|过江通道|立交|"
        r"二级公路|旅游公路|干线公路|过境公路|公路|连接线|[至—][\u4e00-\u9fff]{1,8}?道路|(?<=[\u4e00-\u9fff])大街|人行天桥|天桥|(?<![大新])通道|自行车专用路|地下环道|环道|"
        r"[东西南北]延线?|步道|(?<!联)(?<!共)(?<!相)互通|"
        r"(?<=[\u4e00-\u9fff0-9][\u4e00-\u9fff0-9])(?<![道线思出铁公网套门进马水电管之新老丝带村回退环航一好商诗化通])路(?![段网面况口径子])|"
        r"(?<=[\u4e00-\u9fff])(?<![开老上大行业食一条古])街",
    ),
    (
        "water",
        r"水库|水利枢纽|引水工程|供水工程|调水工程|灌区|水厂|污水处理厂|水资源配置|水系连通|三江连通|河湖连通|"
        r"防洪治理|堤防|渠系|(?<=[河江湖溪])(?:流域)?(?:综合治理|生态修复)|焚烧厂|[^，。、]{2,6}?引[^，。、]{1,4}工程|引[\u4e00-\u9fff][济补][\u4e00-\u9fff]{1,2}?(?:工程)?|"
        r"南水北调(?:[东中西]线)?(?:工程)?",
    ),
    (
        "energy",
        r"电站|电厂|风电场|风电项目|光伏电站|光伏项目|核电|机组|变电站|输变电工程|千伏线路|千伏变电站|特高压|(?<=千伏)输变电|"
        r"[东西南北][气电煤油][东西南北][输送运]|油田|气田|煤矿|输电工程|热电联产[^，。、]{0,6}项目|储气库|天然气管道|发电项目|接收站|LNG|储备调峰|加油加气站|充电站",
    ),
    (
        "logistics",
        r"物流园区?|物流中心|物流港|物流城|集散中心|配送中心|港区|码头|航道|邮轮母港|批发市场|批发零售市场|商品市场|建材市场|农贸市场|"
        r"商品批发城|博览中心|保税物流中心|综合保税区|综保区|保税仓库?|监管仓?库|保鲜库|货场|分拣中心|快递中心",
    ),
    (
        "industrial",
        r"产业园区?|工业园区?|生产园区|农业园区|发展园区|生产线|未来工厂|工厂|产业基地|制造基地|生产基地|食品基地|科技园|创新园|智造园|"
        r"合作产业园|代线|高炉|[一二三四五六七八九十]厂|牧场|奶源基地|蔬菜基地|种源基地|露天矿",
    ),
    (
        "social",
        r"高教园区?|人民医院|中心医院|医院|院区|实验学校|学校|附校|附中|附小|中学|小学|大学|学院|校区|职教城|体育中心|"
        r"体育馆|体育场|博物馆|图书馆|剧院|文化中心|美术馆|会展中心|纪念馆|科技馆|文化馆|画院|保健院|住院楼|"
        r"综合楼|儿科楼|业务用房|活动中心|养老服务中心|照护中心|疾控中心|救治中心|血站|党校|文化宫|陵园|冬奥村|"
        r"滑雪中心|速滑馆|大跳台|幼儿园|敬老院|养老院|养护院|福利院|急救中心|教学楼|卫生院|"
        r"音乐厅|游泳馆|训练中心|训练基地|卫生服务中心|卫生中心|保健所|主场馆|分校|分部|军事馆|纪念地|纪念园|书院|"
        r"殡仪馆|火化场|职教中心|实训基地|文体馆|照料服务站|照料中心|门诊部|门诊楼|展示中心|教学用房",
    ),
    (
        "urban",
        r"片区|综合管廊|湿地公园|遗址公园|体育公园|文化公园|运动公园|森林公园|中央公园|公园|商务区|综合体|"
        r"使馆区|风貌区|艺术区|老街区|街区|商圈|购物中心|金融中心|国际中心|步行街|城市阳台|广场|大厦|大楼|生态园|"
        r"大饭店|饭店|酒店|宾馆|商城|超市|写字楼|百货商场|商场|文化城|皮草城|行宫|(?<=[\u4e00-\u9fff]{2})停车场",
    ),
    (
        "other",
        r"口岸|旅检大楼|研究设施|实验设施|实验站|加速器|光源|观测网|实验装置|模拟装置|科学装置|主题公园|乐园|"
        r"度假区|度假城|景观区|景区|游客接待中心|箭楼|城楼|城台|应急救援中心|防灾减灾中心|气象雷达|天气雷达|医学中心|计算中心",
    ),
)
SUFFIX = re.compile("|".join(f"(?P<{sector}>{pattern})" for sector, pattern in _SECTORS))

# what may follow a facility word and still be part of the name (phases, sections, works)
TAIL = re.compile(
    rf"(?:{_SP}(?:(?<![一二三四五六七八九十首0-9])[一二三四五六七八九十首0-9]+期|[^\s，。、]{{0,8}}?段|改扩建|扩能改造|扩能升级|扩建|改建|迁建|"
    r"[东西南北]延线?|延伸段|[（(][^\s（()）]{1,8}[)）]|复线|二线|新院区|分院|新馆|新址|拓宽|"
    r"入地改造|提标改造|提档升级|升级提档|升级改造|改造提升|提升改造|(?:保护|治理)提升|改造|保护修缮|修缮|除险加固|整体搬迁|(?:迁址|搬迁|异地|原址)新建|搬迁|先行工程|先行段|配套工程|"
    rf"主体工程)(?:工程|项目)?)*(?:{_SP}(?:工程|项目))?"
)
SELF_NAMED = re.compile(
    r"(?<![0-9一二三四五六七八九十])[0-9一二三四五六七八九十]+\s*号线|轨道交通[\u4e00-\u9fff]{2,4}线|引[\u4e00-\u9fff][济补][\u4e00-\u9fff]{1,2}|南水北调|[东西南北][气电煤油][东西南北][输送运]"
)
"""Facility words that name the project by themselves (7号线, 轨道交通平谷线, 引江济淮)."""
PHASE = re.compile(
    r"(?:(?<!\s)\s+|(?<![\s一二三四五六七八九十首]))[一二三四五六七八九十首]+期(?:\s*(?:工程|项目))?"
)
WORK = re.compile(r"项目")

_STATUS_WORDS = (
    r"建成|通车|投运|投产|竣工|完工|开工|启动|加快|加速|推进|实施|前期工作|前期|贯通|通航|开通|运营|运行|"
    r"投用|投入使用|投入运营|交付使用|开业|营运|达产|试运行|开港|开园|开街|开放|开班|招生|开始招生|主体|"
    r"全线|全面|顺利|正式|基本|如期|相继|陆续|提速|合龙|封顶|封关|验收|蓄水|通水|下闸|建设|落地|签约|"
    r"实现|完成|取得|进展|达到|形象进度|发力|规划|获批|预研|筹办|开建|动工|在建|续建|新开工|整体|确保|"
    r"营业|试营业|按期|按计划|全部|已|部分|展开|入住|土建|开发|投入|"
    r"力争|争取|年内|即将|有序|扎实|同步|进入|形成|改造|提升|成功|胜利|铺轨|正线|勘查|勘探|复产|按时|快速|稳步|加紧|抓紧|积极|"
    r"提前(?:[0-9一二三四五六七八九十两半]+\s*(?:年|个月))?"
)
TRAIL = re.compile(
    r"^(?:等|一批|重点|重大|项目|工程|商业|" + _STATUS_WORDS + r"|能力|实质性|开工条件|的|对外开放|功能|提质|"
    r"落户|挂牌|见效|进度|筹办工作|准备工作|前期工作|要|尽快|尽早|综合|并|工作|招商|提质增效|"
    r"(?:累计)?完成投资\s*[0-9.]+\s*[亿万]元|(?:具备|达到)[\u4e00-\u9fff]{0,4}条件|[0-9]+\s*[个项座]|\s)*$"
)
STATUS_START = re.compile(
    r"^\s*(?:建成|通车|投运|投产|竣工|完工|开工|启动|加快|推进|贯通|通航|开通|运营|运行|投用|投入使用|"
    r"投入运营|交付使用|开业|营运|达产|开港|开园|开街|开放|开班|招生|开始招生|主体完工|全线|全面开建|正式|"
    r"基本建成|如期|相继|提速|合龙|封顶|封关|验收|蓄水|通水|下闸|建设|实现|完成|形象进度|获批|预研|前期|"
    r"加速|顺利|进展|取得|拔地而起|营业|试营业|按期|土建|主体|整体|全部)"
)
"""A remainder after a name that opens with a status word (恩阳机场 | 投运并开通8条航线)."""

# a list closed by 等 and a project noun: "A、B、C等8个项目竣工投产", "华星光电T4…等370个重大产业项目"
LISTED = re.compile(
    r"等\s*(?:[0-9一二三四五六七八九十百千]+\s*[个项家座所条批处]|[0-9.]+\s*万?平方米|一批|一系列)?"
    r"(?P<kind>[\u4e00-\u9fff]{0,8}?)(?:项目|工程|载体)"
)
LISTED_NOT = re.compile(
    r"标志性|促进|各类|配套|基础设施|公共设施|示范|新型|补短板|民生|行动|计划|活动|竞赛|领域|改造|灯饰|景观|"
    r"文物|保护|修缮|治理|整治|提升|培训|服务|人才|生态|招商|合作|平台|创新|研发|科研|试点|帮扶|扶贫|援建|"
    r"方式|形式|模式|方面|途径|人居|环境"
)
"""Words between 等 and 项目 that make the list one of categories or of works at places, not of projects."""

# 建设办 (a 建设 street office) is a place, not the verb 建设; 建设办公楼 is the verb again
LEAD = re.compile(
    r"^(?:要(?!塞)|新建的|了(?!解)|改造(?!提升|升级|工程|项目)|(?:提档)?升级(?:改造)?(?!工程|项目|版)|完工|竣工|加快|加速|全力|积极|大力|扎实|有序|全面|深入|继续|持续|重点|力争|争取|确保|推进|推动|建设(?!办(?!公))|"
    r"建成|开工|新开工|续建|启动|实施|完成|开通|投运|投产|投用|开业|运营|谋划|规划|支持|促进|做好|抓好|抓紧|"
    r"着力|提速|实现|打造|新建|改扩建|动工|基本|全线|同步|配合|协调|服务|保障|以|其中|今年|年内|全年|"
    r"高质量|高标准|高水平|高效率|高品质|强力|开足马力|顺利|如期|开放|迁建|扩建|改建|力促|集中|对(?!外)|年底前|年底|上半年|一是|二是|三是|四是|五是|六是|七是|八是|"
    r"九是|十是|第[一二三四五六七八九十]+(?=[，,：:是\s])|[（(][一二三四五六七八九十0-9]+[)）]|[一二三四五六七八九十]+[、.]|"
    r"(?:长达|全长|总长)[0-9.\s０-９．]*多?[万千百]?(?:公里|米)的|举世瞩目的|"
    r"搞好|办好|建好|用好|带动|——|\s|“(?=[^”]*”[^，。]*(?:项目|工程))|”)+"
)
_GENERIC_WORDS = (
    "重点 重大 一批 现代 智慧 城市 乡村 农村 城乡 农业 特色 综合 示范 省级 市级 国家级 区级 县级 骨干 中小型 小型 "
    "大中型 中型 民生 基础设施 配套 改造 提升 高标准 标准化 各类 相关 沿线 区域 主要 公共 全域 数字 绿色 生态 "
    "旅游 社区 乡镇 街道 口袋 城郊 等级 干线 普通 国省 县乡 便民 交通 能源 电网 支线 货运 客运 科技 创新 "
    "开发区 千亿 百亿 产业 新型 传统 一体化 规模化 集中 分布式 新能源 公办 民办 薄弱 寄宿制 标准 义务教育 "
    "基层 县域 中心 专科 公立 区域性 全国 全市 全省 全区 全县 我市 我省 我区 我县 市 省 县 区 镇 村 新 大 小 "
    "一流 高水平 高质量 优质 一所 一座 一条 一个 多个 若干 这些 其他 以上 上述 有关 各 所 级 型 式 类 性 化 的 等 "
    "创意 电子商务 母婴 保健 循环经济 固废 智能 商贸 停车场 车站 过境 快速 公用 充电 理工科 小规模 学前 餐饮 休闲 "
    "娱乐 酒店 地下 高科技 材料 首批 世界 国际 国家 考古 大型 高端 千伏 万千瓦 千瓦 沿海 海上 陆上 "
    "产品 中药 医养 品质 地域 田园 美丽 幸福 精品 热门 历史 遗存 健身 绿道 慢行 停车 城镇 贫困 地区 老城 核心 "
    "商业 景观 周边 境内 境外 文体 航空 文创 高校 乡村振兴 出境 入境 新一轮 "
    "中西部 东中西部 中部地区 内河 民用 外送 跨区域 跨省 近海 远海 深远海 沿河 沿湖 沿边 水电 火电 方舱 "
    "病险 平价 活动 蔬菜 无公害 反季节 绿色食品 "
    "泵站 主干道路 次干道路 背街巷道 背街小巷 巷道 公交站亭 站亭 公交 老旧 养老 康养 中心城区 管网 主管网"
)
_CATEGORY_WORDS = (
    "农贸 集贸 便民 养老 托育 幼儿 标志性 地标 高速 铁路 水利 水网 污水 垃圾 文旅 文化 体育 康养 医疗 卫生 "
    "教育 物流 商业 金融 总部 楼宇 载体 平台 设施 场馆 基地 园区 工程 项目 外资 内资 民营 招商 引进 新建 续建 "
    "在建 储备 前期 产业 企业 民生 公益 新兴 未来 龙头 链主 制造业 服务业 工业 农业 三产 二产 领域 行业 "
    "装备 医药 生物 新材料 数字经济 区块链 物联网 人工智能 大数据 云计算 集成电路 冷链 仓储 供水 供电 供气 "
    "通信 信息 网络 绿化 园林 污水处理 垃圾处理 处理 停车 慢行 绿地 电影 电视剧 文学 音乐 美术 戏曲 防洪 排涝 "
    "防台 治污 减排 农田 建设 基础 市政 场地 场所 阵地 高校 应急 物资 "
    "食品 汽车 石化 化工 钢铁 有色 煤电 电力 纺织 服装 家居 建材 碳纤维 新能源 光伏 风电 氢能 储能 锂电 "
    "加工 油田 气田 煤矿 矿山 水土保持 防护林 造林 退耕还林 湿地 草原 天然林 "
    "轨道交通 航空 通用航空 电信 油气 管网 电网 智能电网 输电 码头 口岸 "
    "惠民 技术 装配式 建筑 设备 足球 篮球 冰雪 体育运动 运动"
)


def _words(words: str, *patterns: str) -> re.Pattern[str]:
    """An alternation of the words, longest first (so 小规模 wins over 小), plus raw patterns."""
    ordered = sorted(set(words.split()), key=len, reverse=True)
    return re.compile("|".join([*patterns, *ordered]))


GENERIC = _words(
    _GENERIC_WORDS,
    r"(?<![0-9])[0-9]+\s*[个条座所家项批处]",
    r"(?<![一二三四五六七八九十百千])[一二三四五六七八九十百千]+[个条座所家项批处]",
    r"[一二三四五]\s*星级",  # a grade of hotel (五星级酒店), not a name
    r"[十百千万]+吨级",  # a capacity class (千万吨级炼油厂), not a name
    r"[0-9.\s]+",
)
"""Words that do not tell one facility from another (重点, 现代, 市级, 16个)."""
CATEGORY = _words(_CATEGORY_WORDS)
"""Category words: a bare list element made only of these and GENERIC words names no single project."""
VERB_IN_NAME = re.compile(
    r"加快|推进|推动|实施|开展|完善|加强|提高|强化|优化|支持|鼓励|引导|促进|发展|落实|深化|做强|做大|改善|围绕|打造|"
    r"争创|创建|组建|成立|把|构建|随着|合力|逐步|切实|保障|整治|发挥|新增|建好|走上|维持|覆盖|共建|加大|提升|依托|"
    r"利用|推广|聚焦|培育|引进|招引|维护|保护|治理|通过|形成|拓展|布局|谋划|争取|申建|筹建|高水平|高标准|"
    # prepositions, but not inside place words (向阳, 大方向, 合肥以北, 为民)
    r"以(?![东西南北上下内外])|与|(?<!方)向(?![阳家])|为(?!民)|对|在|从|将|按照|建立|健全|探索|推行|开发|联动|衔接|服务|振兴|更新|融合|转型|升级|创新|协同|保护|"
    r"示范区|试验区|合作区|先行区|自贸|新区|科学城|示范城|经济区|经济带|走廊|示范带|计划|行动|战略|工程包|"
    r"体系|机制|制度|政策|基金|联盟|实验室|研究院|研究所|研究中心|创新中心|数据中心|大数据|分行|支行|"
    r"申报|评估|试点|改革|用地|保障|建设(?!办(?!公))|研发中心|国家公园|预防|融入|统筹|管护|塑造|梳理|盘活|推出|"
    r"规范|用好|抓实|畅通|打通|连通大|突出|巩固|精心|精美|进商圈|投资$|的|补短板|完成|增加|降低|制定|"
    r"适当|要(?!塞)|普及|标准化$|做好|抓好|用于|保证"
)
"""Words that mark an element as an action, a designation or an organisation rather than a facility."""
NOT_A_PROJECT = re.compile(
    r"^(?:新基建|5G|基站|充电桩|停车场|公厕|厕所|农村公路|四好农村路|高标准农田|棚户区|老旧小区|城中村|"
    r"安置房|保障房|公租房|特色小镇)|(?:大通道|新通道)$|投资$"
)
NOT_BUILT = re.compile(
    r"禁止|严禁|设立|成立|组建|揭牌|挂牌|认定|评为|命名|获评|入选|荣获|管理(?:和|与|及)?运营|(?:公司化|市场化|企业化)运营|"
    r"(?:详细|控制性|总体|专项|修建性)规划(?:编制|设计)?(?:工作)?\s*$"
)
"""A clause about founding or naming something (安徽艺术学院获批设立), not about building it, or one whose
object is a plan (完成长安街及其延长线品质提升详细规划)."""
UNKNOWN_OK = re.compile(
    r"建设|项目|工程|新建|落地|签约|迁建|改造|修缮|建好|扩建|发力见效|"
    r"(?:^|提档|提质|扩容|扩能)\s*升级|升级\s*提档"
)
"""With no status verb, a clause must still speak of works ("万达广场脱颖而出" does not); 升级 opening the
clause or after 提档 upgrades a facility (升级山王坪喀斯特公园), unlike 转型升级 or 消费升级."""
COUNTED = re.compile(
    r"(?<![0-9一二三四五六七八九十百千两])[0-9一二三四五六七八九十百千两]+\s*(?:个|条|座|所|家|项|批|处|大)"
)

PLANNED = re.compile(r"前期|规划建设|谋划|开工条件|论证|储备|争取纳入|申报|规划|预研|筹办|获批建设|勘察|设计")
AIM = "争取"
"""Planned too: a 争取 with none of AIM_MET after it on its line (checked in code: a lookahead per 争取
scanning to the line end made a clause full of 争取 quadratic)."""
AIM_MET = re.compile(r"开工|建成|完工|竣工|投产|投运|通车")
STATUS: tuple[tuple[ProjectStatus, re.Pattern[str]], ...] = (
    # stages that only LOOK like a later one: "形成通车能力" is finished works, not yet in traffic
    (ProjectStatus.completed, re.compile(r"形成通车能力|达到投用条件|具备通车条件|主体完工")),
    (
        ProjectStatus.in_operation,
        re.compile(
            r"投运|通车|投产|运营|开通|通航|投用|投入使用|开业|招生|开班|对外开放|通水|达产|营运|交付使用|开港|"
            r"开园|开街|开放通行|建成运行|全线运行|投入运行|试运行|发电|营业|入住"
        ),
    ),
    (
        ProjectStatus.completed,
        re.compile(
            r"建成|竣工|完工|贯通|验收|(?:胜利|顺利)完成|完成[^，。；]{0,30}?(?:建设|改造|修缮|扩建|升级|整治)|"
            r"(?:改造|修缮|升级|整治)[^，。；]{0,4}完成|下闸蓄水|拔地而起"
        ),
    ),
    (ProjectStatus.started, re.compile(r"开工|启动|动工|开建")),
    (
        ProjectStatus.under_construction,
        re.compile(
            r"加快|推进|在建|续建|推动[^，。；]{0,20}建设|配合做好[^，。；]{0,30}建设|建设进入|进展顺利|提速|合龙|形象进度|关键性进展|取得[^，。；]{0,4}进展|封顶|全面展开"
        ),
    ),
)

INVESTMENT = re.compile(
    r"(?:总)?投资(?:总额|额)?\s*(?:(?:约|达|超过|超|近|逾)\s*)?([0-9]+(?:\s*\.\s*[0-9]+)?)\s*(亿元|万元|亿美元|万美元)"
)
INVESTED = re.compile(
    r"^[^，。、]*?投资[^，。、]{0,6}?[0-9.\s]+(?:多\s*)?[亿万](?:美)?元(?:以上)?(?:实施|建设|新建|打造)?的"
)
INVESTMENT_ONLY = re.compile(
    r"(?:总)?投资(?:总额|额)?\s*(?:(?:约|达|超过|超|近|逾)\s*)?[0-9]+(?:\.[0-9]+)?\s*(?:亿元|万元|亿美元|万美元)"
)
"""A clause that only states an amount ("投资2.5亿元,实施俄罗斯风情精品街项目"): the next clause names the project."""
LIST_CLOSER = re.compile(
    r"(?:等\s*(?:[0-9一二三四五六七八九十]+\s*[个条座所家处]\s*)?|(?<![0-9一二三四五六七八九十])[0-9一二三四五六七八九十]+\s*[个条座所家处]\s*)"
    r"(?P<kind>[\u4e00-\u9fff]{0,10}?)(?:道路|干道路|干道|街道|项目|工程|设施|场馆|载体|园区|学校|医院|公园)"
)
"""Closes a list of named works after its last name: "根河路 | 等10条城区道路建成通车", "贝尔大街 | 3条主干道路的改造"."""
KIND_CLOSER = re.compile(
    r"等\s*(?:[0-9一二三四五六七八九十百]+\s*[个项家座所条批处])?(?P<kind>[\u4e00-\u9fff]{0,8}?)"
    r"(?:设施|场馆|机构|新增长点|增长点)"
)
"""Closes a list of named facilities by what they are (…照护中心等公益性养老机构, …新生产线等重大新增长点)."""
COUNTED_CLOSER = re.compile(
    r"等\s*(?:一批|[0-9一二三四五六七八九十]+\s*[个所家座条处批])?\s*[\u4e00-\u9fff][\u4e00-\u9fff\s0-9.]{0,19}$"
)
"""One name standing for a group of its kind (北京口腔医院 | 等 8 所医院建设新院区, 鹅岭公园 | 等一批公园提档升级,
世贸大厦 | 等商务楼宇综合整治): the name is a project, the group is not."""
ONE_PER_REGION = re.compile(
    r"(?:[区县旗市]级?|新)?(?:(?:农村|综合)?(?:老年)?(?:敬老院|养护院)|疾控中心|疾病预防控制中心|殡仪馆|火化场|党校|博物馆|图书馆|文化馆|科技馆|美术馆|"
    r"档案馆|保税仓库?|旅游集散中心|职教中心|污水处理厂|体育馆|体育中心|游泳馆|会展中心|快递中心|"
    r"妇幼保健院|妇幼保健所|中医院|人民医院|急救中心|血站|福利院|青少年活动中心|垃圾焚烧厂|客运站|汽车站)"
)
"""Institutions a county or district has one of: its report names them by their kind alone."""
STREET = re.compile(r"[\u4e00-\u9fff]{2,5}[路街]$")
"""A bare street name (白象街, 学府路): a name of its own that may still take a shared ending (白象街 + 传统风貌区)."""
PLACE_SUFFIX = re.compile(r"[省市县区镇乡州]")
