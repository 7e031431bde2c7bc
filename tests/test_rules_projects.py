"""Key projects found by the rule extractor in real corpus reports."""

from __future__ import annotations

import re

from conftest import corpus_report, corpus_reports

from summarizer.extract.rules.projects import _distinct, _home, extract_projects, normalize_name
from summarizer.models import Report, ReportMeta


def _named(projects):
    return {p.name: p for p in projects}


def test_a_list_sharing_one_status_verb():
    projects = _named(extract_projects(corpus_report("bazhong")))
    # 汉巴南铁路巴中至南充段、苍巴高速、米仓大道、北环线东段开工建设
    for name, sector in (("汉巴南铁路巴中至南充段", "railway"), ("苍巴高速", "road"), ("米仓大道", "road")):
        assert projects[name].status == "started"
        assert projects[name].sector == sector


def test_status_verbs():
    projects = _named(extract_projects(corpus_report("bazhong")))
    assert projects["巴万高速清江至通江段"].status == "in_operation"  # 建成通车
    assert projects["二郎庙水库"].status == "completed"  # 完成蓄水验收
    assert projects["通江南江通用机场"].status == "planned"  # …等项目前期工作
    # the section named again the other way round (南充至巴中段, 加快建设) is the same project
    assert "汉巴南铁路南充至巴中段" not in projects
    assert projects["汉巴南铁路巴中至南充段"].status == "started"


def test_bare_names_before_a_shared_facility_word():
    projects = _named(extract_projects(corpus_report("bazhong")))
    # 青龙嘴、官房沟、汇田河水库力争开工建设
    for name in ("青龙嘴水库", "官房沟水库", "汇田河水库"):
        assert projects[name].status == "started"


def test_investment_and_location_where_stated():
    projects = _named(extract_projects(corpus_report("chongqing_districts", "忠县")))
    base = projects["西部(忠县)医药产业基地"]  # 新兴际华投资30亿元的西部(忠县)医药产业基地加快建设
    assert (base.investment.amount, base.investment.unit, base.location) == (30, "亿元", "忠县")
    railway = _named(extract_projects(corpus_report("provinces", "吉林省")))["沈阳至白河高速铁路"]
    assert (railway.investment.amount, railway.status) == (722.9, "started")  # 开工总投资722.9亿元的…


def test_aggregates_and_generic_categories_are_not_projects():
    counted = re.compile(r"^[0-9一二三四五六七八九十百千]+\s*[个条座所家项批]")
    for report in (corpus_report("bazhong"), corpus_report("provinces", "北京市")):
        for project in extract_projects(report):
            assert not counted.match(project.name), project.name  # 297 个市级重点项目, 16 条在建轨道交通线路
            assert "重点项目" not in project.name and "一批" not in project.name
    names = [p.name for p in extract_projects(corpus_report("provinces", "广东省"))]
    assert not [n for n in names if "互联互通" in n]


def test_no_duplicate_project_within_a_report():
    for report in corpus_reports("provinces")[:10]:
        keys = [normalize_name(p.name) for p in extract_projects(report)]
        assert len(keys) == len(set(keys)), report.meta.region


def test_evidence_is_the_exact_clause():
    report = corpus_report("provinces", "浙江省")
    projects = extract_projects(report)
    assert projects
    for project in projects:
        assert report.text[project.evidence.start : project.evidence.end] == project.evidence.quote


def test_finished_works_not_yet_in_traffic_are_completed():
    projects = _named(extract_projects(corpus_report("bazhong")))
    assert projects["巴城南环线"].status == "completed"  # 巴城南环线形成通车能力
    assert projects["恩阳机场"].status == "in_operation"  # 恩阳机场投运并开通8条航线


def test_named_enterprise_projects_in_an_etc_list():
    projects = _named(extract_projects(corpus_report("chongqing_districts", "南川区")))
    # 确保隆富远大、威鹏药业、涌泉环保一期、南邦铝业二期等8个项目竣工投产
    for name in ("隆富远大", "威鹏药业", "涌泉环保一期", "南邦铝业二期"):
        assert projects[name].status == "in_operation", name
        assert projects[name].sector == "industrial", name


def test_phases_and_shared_facility_words_in_province_lists():
    projects = _named(extract_projects(corpus_report("provinces", "安徽省")))
    # 合新、池黄、宣绩高铁及巢马、淮宿蚌城际铁路先行工程开工建设
    for name in ("合新高铁", "池黄高铁", "宣绩高铁"):
        assert projects[name].status == "started", name
    zhejiang = _named(extract_projects(corpus_report("provinces", "浙江省")))
    assert zhejiang["三澳核电一期"].status == "under_construction"  # 加快推进三澳核电一期等重大能源项目
    assert zhejiang["三澳核电一期"].sector == "energy"


def test_lists_of_categories_and_programmes_are_not_projects():
    names = {p.name for p in extract_projects(corpus_report("chongqing_districts", "渝中区"))}
    # 谋划实施5G、数据中心、区块链、物联网等一批新型基础设施项目
    assert not names & {"区块链", "物联网", "数据中心"}
    # 推进“名医名科名院”工程: a quoted programme
    assert not [n for n in names if "工程" in n and ("“" in n or "”" in n)]
    provinces = {p.name for r in corpus_reports("provinces") for p in extract_projects(r)}
    # 谋划实施一批数字经济、高端装备、生物医药、新材料等重大产业项目 (湖北)
    assert not provinces & {"高端装备", "生物医药", "新材料", "数字经济"}


def test_names_are_well_formed_across_the_corpus():
    lead = re.compile(r"^(?:加快|推进|推动|实施|完成|建成|开工|启动|打造|支持|抓好|做好)")
    for name in ("bazhong", "chongqing_districts", "qianjiang", "provinces"):
        for report in corpus_reports(name):
            for project in extract_projects(report):
                n = project.name
                assert n.count("“") == n.count("”"), (report.meta.region, n)
                assert not lead.match(n), (report.meta.region, n)
                assert len(re.sub(r"\s", "", n)) >= 3, (report.meta.region, n)


def test_location_from_a_town_prefix():
    projects = _named(extract_projects(corpus_report("chongqing_districts", "忠县")))
    assert projects["石宝镇盆景景观节点"].location == "石宝镇"  # a town inside the county
    unplaced = _named(extract_projects(corpus_report("bazhou_plan")))
    # a route between places names no single location
    assert all(p.location is None for n, p in unplaced.items() if "—" in n)


def _excerpt(text: str, region: str | None = None):
    """Projects of a real report excerpt, quoted inline (open-dev 呼伦贝尔市海拉尔区 and national reports)."""
    return _named(extract_projects(Report(text=text, meta=ReportMeta(year=2016, region=region))))


def test_plain_named_roads_and_streets():
    # 106_hailar_2015: a list closed by a count and a generic noun, with and without 等
    projects = _excerpt("城市西出口路、根河路等10条城区道路建成通车。")
    assert {"城市西出口路", "根河路"} <= set(projects)
    assert projects["根河路"].status == "in_operation"  # 建成通车: the later stage wins
    projects = _excerpt("完成对胜利三路、学府路和贝尔大街3条主干道路的改造。")
    assert {"胜利三路", "学府路", "贝尔大街"} <= set(projects)
    assert projects["学府路"].status == "completed"  # 完成…改造
    # a 路 of a figure of speech or a category is no road
    assert not _excerpt("坚定不移走高质量发展之路，解决好通路、通水、通电、通网络等问题。")


def test_a_street_takes_the_shared_ending_of_its_list():
    # 001_yuzhong: 全面建成开放十八梯、山城巷、白象街等传统风貌区
    projects = _excerpt("全面建成开放十八梯、山城巷、白象街等传统风貌区。")
    assert {"十八梯传统风貌区", "山城巷传统风貌区", "白象街传统风貌区"} <= set(projects)


def test_hotels_and_venues_with_their_own_status_verbs():
    # 106_hailar_2015 and 108_hailar_2017
    projects = _excerpt("投资6亿元的伊仕丹购物广场正式营业，西航悦海酒店开工建设。")
    mall = projects["伊仕丹购物广场"]
    assert (mall.status, mall.investment.amount) == ("in_operation", 6)
    assert projects["西航悦海酒店"].status == "started"
    # 主体封顶 is a stage of construction, not its end
    assert _excerpt("总投资5.2亿元的发达广场商业项目主体封顶。")["发达广场"].status == "under_construction"


def test_investment_in_the_clause_before_the_name():
    # 108_hailar_2017: 投资2.5亿元,实施俄罗斯风情精品街项目
    project = _excerpt("投资2.5亿元,实施俄罗斯风情精品街项目。")["俄罗斯风情精品街项目"]
    assert (project.investment.amount, project.investment.unit) == (2.5, "亿元")
    assert project.evidence.quote == "投资2.5亿元,实施俄罗斯风情精品街项目"  # the quote holds the amount


def test_lists_of_categories_are_not_projects():
    # 100_national_2015 and 101_national_2016: industries and networks, not named works
    assert not _excerpt(
        "要实施高端装备、信息网络、集成电路、新能源、新材料、生物医药、航空发动机、燃气轮机等重大项目。"
    )
    assert not _excerpt("加快中西部铁路和公路、内河航道等重大交通项目建设。")
    # 101_national_2016: programmes listed for their results, with no stage and no works word
    assert not _excerpt("载人航天、探月工程、深海探测等项目达到世界先进水平。")
    # 001_nanchuan: names in a list of works still count (等7个项目竣工投产)
    projects = _excerpt(
        "推动氧化铝能效提升工程、钛精矿项目一期、页岩气支撑剂、吉鑫二期、众成固废综合利用等7个项目竣工投产。"
    )
    assert projects["页岩气支撑剂"].status == "in_operation"


def test_a_section_or_a_second_name_is_its_own_project():
    # 106_hailar_2015: the park named first, a project inside it named later
    projects = _excerpt(
        "中俄蒙国际物流园区中网科技云计算、蒙拓牧机二期等项目开工建设。加快中俄蒙国际物流园区建设。"
    )
    assert "中俄蒙国际物流园区" in projects
    # 000_bazhong: a section of a line named before is a project of its own
    assert _distinct("汉巴南铁路巴中至南充段", "汉巴南铁路") and _distinct("浙石化二期", "浙石化")
    # but not the report's own section of a line (001_nanchuan: 建成渝湘高铁南川段), nor its works
    assert not _distinct("渝湘高铁南川段", "渝湘高铁", home="南川")
    assert not _distinct("合肥新桥国际机场改扩建", "合肥新桥国际机场")
    # nor generic words after a name (110_hailar_2019: 疾控中心基础设施项目, later 加快疾控中心…)
    assert not _distinct("疾控中心基础设施", "疾控中心")
    assert _home(Report(text="", meta=ReportMeta(region="重庆市南川区"))) == "南川"


def test_place_words_holding_a_preposition_still_name_a_facility():
    # 001_nanchuan and 106_hailar_2015: 向 in 大方向 and 向阳 is part of the name, not "towards"
    projects = _excerpt("开工建设大方向智慧物流园、昌达物流园、农副产品物流配送集散中心。")
    assert projects["大方向智慧物流园"].status == "started"
    assert "向阳幼儿园" in _excerpt("投资9600万元实施的向阳幼儿园等6个项目全部完工。")


def test_a_building_of_the_regions_own_hospital():
    # 001_nanchuan: 人民医院 names the district's one hospital, its 儿科楼 is a project
    projects = _excerpt("完成人民医院儿科楼、中医院二期住院楼、妇幼保健院等项目建设。")
    assert projects["人民医院儿科楼"].status == "completed"


def test_routes_before_a_shared_facility_word():
    # 004_anhui and 003_qianjiang: "A—B、C—D铁路", "A至B、C至D二级公路"
    projects = _excerpt("开工建设阜阳—淮北、六安—安庆铁路。")
    assert {"阜阳—淮北铁路", "六安—安庆铁路"} <= set(projects)
    projects = _excerpt("有序推进青杠至太极、黑溪至黎水、蓬东至马喇二级公路建设。")
    assert projects["青杠至太极二级公路"].status == "under_construction"


def test_more_facility_words():
    # 001_nanchuan: a mental health centre; 003_qianjiang: a transmission line with its 复线 tail
    assert "精神卫生中心" in _excerpt("精神卫生中心、新城区中医院建成投用。")
    line = _excerpt("秀山至黔江 220 千伏输变电复线工程建成运行。")["秀山至黔江 220 千伏输变电复线工程"]
    assert line.status == "in_operation"
    # 004_beijing: works on named rivers, heritage gate towers
    projects = _excerpt("加快推进永定河、北运河综合治理。")
    assert projects["北运河综合治理"].status == "under_construction" and "永定河综合治理" in projects
    assert _excerpt("启动正阳门箭楼修缮等工程。")["正阳门箭楼修缮"].status == "started"
    # 110_hailar_2019: 投入试运行 is operation
    assert _excerpt("老年养护院投入试运行。")["老年养护院"].status == "in_operation"
    # but pipe networks and wind farms of a kind are categories (004_guangdong: 抓好近海风电场开发建设)
    assert not _excerpt("抓好近海风电场开发建设。")


def test_a_facility_word_inside_a_longer_name_of_works():
    # 108_hailar_2017: the project is the incineration works, not the plant it belongs to
    project = _excerpt("污水处理厂污泥焚烧项目开工建设。")["污水处理厂污泥焚烧项目"]
    assert project.status == "started"


def test_ordinals_in_names_are_not_list_markers():
    # 106_hailar_2015 and 110_hailar_2019: 第五中学 is a school's name, 第三、第四… share one ending
    assert "第五中学扩建工程" in _excerpt("实施桃李中学、三中分校、第五中学扩建工程。")
    projects = _excerpt("推进第三、第四棚改配套幼儿园、桃李中学等新建续建项目。")
    assert {"第三棚改配套幼儿园", "第四棚改配套幼儿园"} <= set(projects)


def test_lists_of_networks_and_transport_modes_are_categories():
    # 101_national_2016 and 102_national_2017
    assert not _excerpt("建设水电核电、特高压输电、智能电网、油气管网、城市轨道交通等重大项目。")
    assert not _excerpt("继续加强轨道交通、民用和通用航空、电信基础设施等重大项目建设。")
    # a kind of industry still heads a named park (108_hailar_2017)
    assert "通用航空产业园" in _excerpt("推进通用航空产业园等社会投资项目落地。")


def test_names_before_a_facility_in_a_list_of_projects_keep_standing():
    # 004_hubei: the first name has no facility word, the list is closed by 等…项目
    projects = _excerpt(
        "华星光电 T4、京东方 10.5 代线、小米武汉总部、荆州方特等 370 个重大产业项目建成运营。"
    )
    assert projects["华星光电 T4"].status == "in_operation"
    # 001_nanchuan: a firm's extension opens the list
    projects = _excerpt(
        "强力推进鸿路钢构扩建、宏日新材料生产基地、智能施工升降机、塔式起重机等16个项目建设。"
    )
    assert "鸿路钢构扩建" in projects
    # 101_national_2016: 普及 is one word, and a list of tasks stays one of tasks
    assert not _excerpt("实施义务教育学校标准化、普及高中阶段教育、建设世界一流大学和一流学科等工程。")


def test_buildings_listed_as_carriers():
    # 001_yuzhong: 等…载体 closes a list of named buildings
    assert {"合景天銮", "重庆中心"} <= set(_excerpt("合景天銮、重庆中心等载体提速建设。"))
    assert _excerpt("来福士、总部城等150万平方米高端载体投入运营。")["来福士"].status == "in_operation"


def test_list_endings_of_progress_and_preparation():
    # 004_zhejiang, 004_guangdong: a list closed by 等项目进度, 等…筹办工作
    projects = _named(extract_projects(corpus_report("provinces", "浙江省")))
    assert projects["甬舟铁路"].status == "under_construction"
    projects = _named(extract_projects(corpus_report("provinces", "广东省")))
    assert projects["中山科技大学"].status == "planned"


def test_two_character_places_opening_with_a_generic_word():
    # 004_guangdong: 大埔 is a place, not 大 + 埔
    projects = _named(extract_projects(corpus_report("provinces", "广东省")))
    assert projects["大埔电厂二期"].status == "under_construction"


def test_routes_before_a_shared_road_word_with_a_long_route():
    # 002_bazhou: 配合做好…建设 is under construction; a route of three places still shares 高速公路
    projects = _named(extract_projects(corpus_report("bazhou_plan")))
    assert projects["苍溪—巴中高速公路"].status == "under_construction"


def test_lists_closed_by_what_the_facilities_are():
    # 004_hubei: 等…新增长点 closes a list of named plants and lines, the bare name among them too
    projects = _named(extract_projects(corpus_report("provinces", "湖北省")))
    assert {"东风本田三厂", "三宁化工乙二醇", "华新水泥新生产线"} <= set(projects)
    # 001_nanchuan: 等…养老机构 after a named care centre
    assert "三泉特困失能照护中心" in _excerpt("建设三泉特困失能照护中心等公益性养老机构。")


def test_one_name_before_a_count_of_its_kind():
    # 004_beijing: the named hospital stands for 8; the count is no project, the name is
    projects = _named(extract_projects(corpus_report("provinces", "北京市")))
    assert "北京口腔医院" in projects
    assert projects["北京电影学院"].status == "under_construction"  # 新校区加快建设
    # 001_nanchuan: 等8个项目 still closes a list of firms, each a project
    projects = _excerpt("确保隆富远大、威鹏药业、涌泉环保一期、南邦铝业二期等8个项目竣工投产。")
    assert {"隆富远大", "威鹏药业"} <= set(projects)


def _local(text: str):
    """Projects of an excerpt of a district's own report (106_hailar_2015, 001_nanchuan, 003_qianjiang)."""
    meta = ReportMeta(year=2016, region="呼伦贝尔市海拉尔区", admin_level="county-district")
    return _named(extract_projects(Report(text=text, meta=meta)))


def test_a_districts_own_institutions_named_by_their_kind():
    projects = _local("确保保税仓库、旅游集散中心投入使用。启动疾控中心迁建。投用骨科医院、党校迁建项目。")
    assert projects["保税仓库"].status == "in_operation"
    assert projects["旅游集散中心"].status == "in_operation"
    assert projects["疾控中心迁建"].status == "started"
    assert "党校迁建项目" in projects
    # a province or the nation has many of each: the kind alone names none there
    assert "保税仓库" not in _excerpt("确保保税仓库、旅游集散中心投入使用。")
    # existing venues being run are not built (106_hailar_2015)
    assert not _local("做好呼伦贝尔大剧院、图书馆、老少宫等公共文化体育设施的管理和运营。")


def test_lists_of_kinds_sports_and_tasks_name_no_project():
    # 108_hailar_2017: kinds of building, sports and school works closed by 等…项目 / 等工程建设
    assert not _excerpt("推动装配式建筑、大型喷灌设备生产等项目落地。")
    assert not _excerpt("加快足球、冰雪体育运动等训练基地建设。")
    assert not _excerpt(
        "重点实施五所普通中小学新建扩建、职业高中扩建、素质教育基地、中小学风雨馆及运动场、学前教育提升等工程建设。"
    )
    # 100_national_2015, 105_national_2020: a programme and a type of hospital
    assert not _excerpt("推动重大文化惠民项目建设。")
    assert "方舱医院" not in _excerpt("建设火神山、雷神山医院和方舱医院。")


def test_venues_run_as_companies_are_not_being_built():
    # 110_hailar_2019: existing sites change how they are run
    assert not _excerpt("呼伦贝尔副都统衙门景区和哈克遗址博物馆实现公司化运营。")


def test_one_name_before_a_group_of_its_kind():
    # 001_yuzhong and 004_beijing: 等一批… / 等… after a full name closes a group the name stands for
    projects = _named(extract_projects(corpus_report("chongqing_districts", "渝中区")))
    assert projects["鹅岭公园"].status == "completed"  # 完成…提档升级
    assert projects["世贸大厦"].status == "completed"  # 综合整治顺利完成
    assert "解放碑中央商务区" not in projects  # 等十大产业集聚区: a programme
    projects = _named(extract_projects(corpus_report("provinces", "北京市")))
    assert projects["长安街西延"].status == "in_operation"
    # bare names before still share the group's ending (002_bazhou)
    projects = _excerpt("推动草坝街、祠堂街、麻柳湾片区等传统商业街区升级提档。")
    assert "草坝街" not in projects and "祠堂街" not in projects
    assert {"草坝街传统商业街区升级提档", "麻柳湾片区传统商业街区升级提档"} <= set(projects)


def test_bare_names_before_a_count_of_as_many_facilities():
    # 115_hailar_2014, 113_hailar_2012: 两个 / 两处 counts exactly the names before it
    projects = _excerpt("华汇、地壹街两个地下商城投入使用。")
    assert projects["华汇地下商城"].status == "in_operation"
    assert projects["地壹街地下商城"].status == "in_operation"
    projects = _excerpt("完成哈萨尔大街和东升路两处市民公园建设。")
    assert {"哈萨尔大街市民公园", "东升路市民公园"} <= set(projects)
    # a count of more than the names listed names a group, not these names
    assert "东升路市民公园" not in _excerpt("完成哈萨尔大街和东升路5处市民公园建设。")


def test_leads_with_modal_and_participle_words():
    # 114_hailar_2013, 113_hailar_2012: 新建的 / 要 before the first name of a list
    projects = _excerpt("确保新建的学府路中学、呼伦小学、第二幼儿园投入使用。")
    assert projects["学府路中学"].status == "in_operation"
    projects = _excerpt("要加快大唐700万吨露天矿、麦多利10万吨大麦芽二期等项目的推进。")
    assert projects["大唐700万吨露天矿"].status == "under_construction"


def test_names_opening_with_da_xiao_xin():
    # 113_hailar_2012: 大唐 is a name, not 大 + 唐
    projects = _excerpt("大唐1830化肥、大唐5万千瓦风电项目按期完工。")
    assert projects["大唐5万千瓦风电项目"].status == "completed"
    # 003_qianjiang: 新城 names a place; the voltage and digits do not lengthen the shared prefix
    projects = _excerpt("推进濯水和新城110千伏输变电工程。")
    assert {"濯水110千伏输变电工程", "新城110千伏输变电工程"} <= set(projects)
    assert not _excerpt("推进大型风电项目建设。")


def test_ring_roads_hotels_and_customs_warehouses():
    # 114_hailar_2013: 外环路 names a road (the general 路 rule skips 环路), 大饭店 a hotel, 监管仓库 a warehouse
    assert _excerpt("确保东外环路按期开工。")["东外环路"].status == "started"
    assert _excerpt("推进西外环路前期工作。")["西外环路"].status == "planned"
    assert _excerpt("完成海关监管仓库建设。")["海关监管仓库"].status == "completed"
    assert "呼伦贝尔大饭店" in _excerpt("包商银行培训中心、呼伦贝尔大饭店等酒店主体完工。")


def test_stores_opening_under_their_brand_names():
    # 003_qianjiang: a list of brand names with only an opening stage
    projects = _excerpt("居然之家、红星美凯龙开业运营。")
    assert projects["红星美凯龙"].status == "in_operation"
    assert "居然之家" in projects
    # a bank branch opening is not a project, nor is one firm alone
    assert not _excerpt("恒丰银行黔江支行、浦发银行黔江支行开业运营。")
    assert not _excerpt("全国金融法人总部中银金租开业运营。")


def test_names_opening_with_their_size():
    # 113_hailar_2012 / 114_hailar_2013: works counted by area, length or units name no project
    assert not _excerpt("启动2.5万亩蔬菜基地建设工程。")
    projects = _excerpt("新建5条主干道路、2台热水锅炉、12公里热力主管网、10公里供水管网等项目。")
    assert not projects
    assert not _excerpt("实施奋斗镇1万亩节水灌溉、哈克镇7000平方米标准化奶牛养殖等项目。")
    # 110_hailar_2019: after a town, the facility word names the town's one
    assert _excerpt("奋斗镇4000平方米保鲜库投入使用。")["奋斗镇保鲜库"].status == "in_operation"
    # a capacity may open a name (114_hailar_2013)
    assert "400万吨褐煤提质" in _excerpt("大唐700万吨露天煤矿、400万吨褐煤提质等项目开工建设。")


def test_grades_and_kinds_before_a_facility_word_name_none():
    # 114_hailar_2013, 108_hailar_2017, 106_hailar_2015, 113_hailar_2012: a hotel grade, an activity square,
    # a cheap greengrocer and kinds of vegetables say what kind of facility, not which one
    assert not _excerpt("五星级酒店建设实现破题。")
    assert not _excerpt("完成21万平方米的中央公园景观、道路、活动广场建设。").get("活动广场")
    assert not _excerpt("建成平价蔬菜超市和销售网点26个。")
    assert not _excerpt("重点实施无公害、反季节蔬菜基地等项目建设。")
    # 115_hailar_2014: a firm preparing its projects is no project
    assert not _excerpt("支持企业做好项目规划和产业布局。")


def test_district_institutions_and_works_named_after_them():
    # 113_hailar_2012: 社区 with a name before a community hall or day-care station
    assert _excerpt("呼伦社区文体馆建设基本完工。")["呼伦社区文体馆"].status == "completed"
    projects = _excerpt("方舟、秀水社区老年日间照料服务站投入使用。")
    assert projects["秀水社区老年日间照料服务站"].status == "in_operation"
    # 115_hailar_2014: a clinic building of a named health centre
    assert "哈克卫生院综合门诊部" in _excerpt("哈克卫生院综合门诊部、健康社区卫生服务中心投入使用。")


def test_a_districts_own_homes_for_the_aged_and_new_library():
    local = ReportMeta(year=2014, region="呼伦贝尔市海拉尔区", admin_level="county-district")

    def district(text):
        return _named(extract_projects(Report(text=text, meta=local)))

    # 115_hailar_2014 / 113_hailar_2012: the district's one institution of its kind, and its new library
    assert {"农村敬老院", "综合养护院"} <= set(district("确保年内农村敬老院、综合养护院建成并投入使用。"))
    assert district("新图书馆要尽快对外开放。")["新图书馆"].status == "in_operation"
    # 114_hailar_2013: moved and rebuilt
    assert {"火化场搬迁新建", "殡仪馆迁址新建"} <= set(
        district("启动火化场搬迁新建和殡仪馆迁址新建的前期工作。")
    )


def test_a_list_of_roads_closed_by_their_class_and_a_works_word():
    # 115_hailar_2014: 等主干道路的综合改造 closes the list
    projects = _excerpt("完成对胜利大街、西大街、胜利三路等主干道路的综合改造。")
    assert projects["胜利三路"].status == "completed"


def test_short_names_take_the_kind_a_closing_list_names():
    # 113_hailar_2012: 等物流项目 says what the bare names are
    projects = _excerpt("推进蒙西、国安、粮食、时利等物流项目扩建升级。")
    assert {"蒙西物流项目", "国安物流项目", "粮食物流项目"} <= set(projects)
    # a count or a stage says nothing of what they are
    assert not _excerpt("确保雪花、亘富等在建项目尽早建成投产。")
    # 113_hailar_2012: short names take the facility word without the hotel's grade; the long one stands
    projects = _excerpt("全力推进万豪国际、洲际、喜来登、包商银行培训中心等五星级酒店项目的实施。")
    assert {"万豪国际酒店项目", "洲际酒店项目", "包商银行培训中心"} <= set(projects)


def test_an_amount_heading_a_name_whose_prefix_is_a_facility_word():
    # 115_hailar_2014: 机场 + 快速路 names one road once an amount heads it
    projects = _excerpt("投资3.3亿元的机场快速路建成通车。")
    assert projects["机场快速路"].status == "in_operation"
    assert projects["机场快速路"].investment.amount == 3.3
    assert not _excerpt("机场快速路建成通车。")  # without it, a kind of road


def test_generic_works_in_a_closing_list_name_no_project():
    # 113_hailar_2012: pumping stations, trunk roads, back lanes and bus shelters are kinds of works
    projects = _excerpt("投资8000万元实施10公里雨水管网及泵站改造、污泥处置、城市主干道路改造等项目。")
    assert set(projects) == {"污泥处置"}
    assert not _excerpt("继续实施背街巷道、老旧公交站亭改造等工程。")
    # 108_hailar_2017: a base for elderly care is a kind of base
    assert not _excerpt("启动养老产业基地建设。")


def test_a_list_of_tasks_closed_by_an_uncounted_list_of_projects():
    # 002_bazhou: elements opening with actions make the list one of tasks (a disease is no project)
    projects = _excerpt("加大母婴安全和预防艾滋病、梅毒、乙肝母婴传播等重大项目实施进度。")
    assert "乙肝母婴传播" not in projects


def test_a_plan_as_the_object_names_no_project():
    # 004_beijing: a detailed plan for a street is not works on it
    assert not _excerpt("完成长安街及其延长线品质提升详细规划。")
    assert "长安街西延" in _excerpt("长安街西延等主干路建成通车。")


def test_names_before_a_closing_list_do_not_take_the_next_facility_word():
    # 115_hailar_2014: 维多利 does not become 维多利广场
    projects = _excerpt("维多利、时代广场、中网科技云计算等拟建项目尽快开工建设。")
    assert "维多利广场" not in projects
    assert "时代广场" in projects
    # 110_hailar_2019: an ordinal still shares the next ordinal's name
    assert "第三棚改配套幼儿园" in _excerpt("推进第三、第四棚改配套幼儿园、桃李中学等新建续建项目。")


def test_works_on_the_central_network_and_a_leading_renovation_verb():
    # 115_hailar_2014: the central district's pipe network is a kind of works, even in phases
    assert not _excerpt("中心城区管网综合改造一期工程完工。")
    # 114_hailar_2013: 改造 leads the list like 新建 (not 改造建华路)
    projects = _excerpt("改造建华路、根河路等背街巷道10条。")
    assert "改造建华路" not in projects
    assert "建华路" in projects


def test_named_national_works_and_their_stages():
    # 127_national_2008: inter-regional transfers name themselves; a delay or advance before the stage
    projects = _excerpt("西电东送、西气东输全面投产。")
    assert projects["西电东送"].status == "in_operation"
    assert projects["西气东输"].sector == "energy"
    assert _excerpt("青藏铁路提前一年建成通车。")["青藏铁路"].status == "in_operation"
    # fields by name, with their exploration as the stage
    assert set(_excerpt("普光气田、南堡油田等勘查开发取得重大进展。")) == {"普光气田", "南堡油田"}
    # 123_national_2004: stages said with 胜利 / 成功, works named by their track
    assert _excerpt("三峡水利枢纽二期工程胜利完成。")["三峡水利枢纽二期工程"].status == "completed"
    assert "西气东输东段工程" in _excerpt("西气东输东段工程成功贯通。")
    assert "青藏铁路" in _excerpt("青藏铁路正线铺轨顺利推进。")
    # 126_national_2007: 向家坝 is a place, not the preposition 向
    assert _excerpt("金沙江向家坝水电站开工建设。")["金沙江向家坝水电站"].status == "started"
    # 122_national_2003: a modifier ending in 的 before the name
    assert "长江三峡水利枢纽二期工程" in _excerpt("举世瞩目的长江三峡水利枢纽二期工程即将完成。")


def test_two_lines_of_one_work():
    # 101_national_2016 and 123_national_2004: 东、中线 names two lines of the work
    projects = _excerpt("南水北调东、中线工程通水。")
    assert {"南水北调东线工程", "南水北调中线工程"} <= set(projects)
    assert projects["南水北调中线工程"].status == "in_operation"


def test_one_long_name_before_a_kind():
    # 122_national_2003 and 004_beijing: a name standing alone before 等 takes the kind, however long
    assert "黄河小浪底水利枢纽工程" in _excerpt("黄河小浪底等水利枢纽工程投入运行。")
    assert "丰台河西二期再生水厂" in _excerpt("建成丰台河西二期等再生水厂。")
    # 113_hailar_2012: mines named by their firm, and 复产 as a stage
    projects = _excerpt("蒙西煤矿扩能改造、顺兴煤矿改造复产全面完成。")
    assert {"蒙西煤矿扩能改造", "顺兴煤矿改造"} <= set(projects)


def test_works_words_after_a_name():
    # 106_hailar_2015 and 110_hailar_2019: a condition reached, attracting investors, better yields
    assert "森工集团棚户区改造项目一期" in _excerpt("森工集团棚户区改造项目一期达到入住条件。")
    assert "海拉尔区国际快件电商物流园项目" in _excerpt("推进海拉尔区国际快件电商物流园项目招商进度。")
    assert "北山高寒蔬菜基地" in _excerpt("推进奋斗农业发展园区、北山高寒蔬菜基地提质增效。")


def test_kinds_and_bans_are_not_projects():
    # 127_national_2008: a capacity class opens a kind of plant, not a name
    projects = _excerpt(
        "溪洛渡水电站、红沿河核电站、京沪高速铁路和千万吨级炼油厂、百万吨级乙烯等一批重大项目陆续开工建设。"
    )
    assert {"溪洛渡水电站", "红沿河核电站", "京沪高速铁路"} <= set(projects)
    assert "千万吨级炼油厂" not in projects and "百万吨级乙烯" not in projects
    # 126_national_2007: what may not be built; money spent on a kind of school
    assert not _excerpt(
        "特别要禁止别墅类房地产开发、高尔夫球场、党政机关和国有企事业单位新建培训中心等项目用地。"
    )
    assert not _excerpt("中央财政连续三年累计投入90亿元，用于农村寄宿制学校建设工程，7651所学校受益。")
    # 123_national_2004: projects by their stage only
    assert not _excerpt("保证续建国债项目建设。")


def test_manner_words_before_the_stage():
    # 113_hailar_2012: 按时 before the stage; the bare name shares the facility word
    assert "正阳社区文体馆" in _excerpt("确保正阳和呼伦社区文体馆按时投入使用。")
    # 001_yuzhong: 快速推进
    assert "解放碑地下环道三期" in _excerpt("渝湘高铁、解放碑地下环道三期等一批重大功能项目快速推进。")


def test_agricultural_and_college_parks():
    # 113_hailar_2012: farm parks named by place, sharing one counted facility word
    projects = _excerpt("启动了光明、富强、友好三个蔬菜生产园区建设。")
    assert {"光明蔬菜生产园区", "富强蔬菜生产园区", "友好蔬菜生产园区"} <= set(projects)
    assert "海拉尔农业发展园区" in _excerpt("继续抓好海拉尔农业发展园区建设。")
    # 004_beijing: college parks
    assert {"沙河高教园区", "良乡高教园区"} <= set(_excerpt("加快推进沙河、良乡高教园区建设。"))


def test_training_bases_markets_and_resorts():
    # 002_bazhou, 113_hailar_2012 and 115_hailar_2014: training bases, seed bases, markets, resorts
    assert "大连山职业教育实训基地" in _excerpt("新建大连山职业教育实训基地。")
    assert "马铃薯种源基地" in _excerpt("马铃薯种源基地建设进程加快。")
    assert "万家惠农贸批发零售市场" in _excerpt("确保万家惠农贸批发零售市场年内投入运营。")
    projects = _excerpt(
        "重点推进西航大元文化旅游度假城、世界反法西斯战争海拉尔纪念园二期、中俄蒙文化创意产业园、"
        "西山生态景观区、海拉尔河湿地等景区景点建设。"
    )
    assert {"西航大元文化旅游度假城", "西山生态景观区"} <= set(projects)


def test_page_wrap_spaces_and_leading_verbs_are_not_part_of_names():
    # 123_national_2004: a page-wrap space inside the stage verb (开 工建设)
    assert _excerpt("南水北调工程东、中线开 工建设。")["南水北调中线工程"].status == "started"
    # 001 渝北区: 通车 of 建成通车 before the name
    projects = _excerpt("建成通车三环高速、渝长扩能等项目,开工建设洛碛码头一期。")
    assert projects["三环高速"].status == "in_operation"
    assert not [n for n in projects if n.startswith("通车")]
    # 004 内蒙古: a page-wrap space inside a name is dropped (特  高压)
    assert "锡林郭勒至山东特高压配套煤电项目" in _excerpt("锡林郭勒至山东特  高压配套煤电项目加快建设。")


def test_a_group_size_after_etc_stays_with_the_group():
    # 001 渝北区 and 004 陕西: 等5座 / 等 12 条 counts the group, each named one takes only its kind
    projects = _excerpt("石坪、肖家河等5座污水处理厂完工,新建污水管网191公里。")
    assert projects["石坪污水处理厂"].status == "completed"
    assert "肖家河污水处理厂" in projects
    projects = _excerpt("建成太白至凤县、清涧至子长、安康至岚皋、平利至镇坪等 12 条高速公路。")
    assert {"太白至凤县高速公路", "平利至镇坪高速公路"} <= set(projects)
    assert not [n for n in projects if "条" in n]


def test_he_inside_place_names_joins_nothing():
    # 004 新疆 and 内蒙古: 和硕县, 和田 after 、 and 呼和浩特 are places, not "and"; 以色列 is no preposition
    projects = _excerpt(
        "乌鲁木齐机场改扩建工程、于田机场、乌鲁木齐—尉犁高速公路、和硕县伯斯阿木水库等一批重点项目开工建设。"
    )
    assert projects["和硕县伯斯阿木水库"].status == "started"
    projects = _excerpt("库尔勒—格尔木铁路、和田—若羌铁路、大石门水利枢纽等一批续建重点项目加快建设。")
    assert "和田—若羌铁路" in projects and "田—若羌铁路" not in projects
    projects = _excerpt("中央民族大学附中呼和浩特分校开始招生。")
    assert projects["中央民族大学附中呼和浩特分校"].status == "in_operation"
    assert "以色列巴彦淖尔现代农业产业园项目" in _excerpt(
        "实施以色列巴彦淖尔现代农业产业园项目，加强务实合作。"
    )


def test_a_rank_describes_the_project_named_after_it():
    # 004 宁夏 and 重庆: the name follows the rank (首条高铁, 最长山岭隧道——)
    projects = _excerpt(
        "特别令人振奋的是，宁夏首条高铁银川至中卫高铁的开通运营，圆上了全区人民期盼多年的高铁梦。"
    )
    assert set(projects) == {"银川至中卫高铁"}
    assert projects["银川至中卫高铁"].status == "in_operation"
    projects = _excerpt("全国市政最长山岭隧道——铁峰山隧道全线贯通，城市公交优先道增至 160 公里。")
    assert set(projects) == {"铁峰山隧道"}
    # 001 南岸区: with no name after it the rank names no project; the named ones of the list stay
    projects = _excerpt("西部首家市内外汇免税店、特斯拉重庆西南交付中心、国泰汽车E电园等项目开业运营。")
    assert "特斯拉重庆西南交付中心" in projects
    assert not [n for n in projects if "首家" in n]
    # 001_yuzhong: a place that builds the first of its kind still names it
    assert _excerpt("解放碑沧白路社区建成全市首个地标性国际化养老服务中心。")


def test_times_and_stage_groups_name_no_project():
    # 122_national_2003: a national total over years
    assert not _excerpt(
        "五年全国公路建设投资１２３４３亿元，扣除价格变动因素，是１９５０年到１９９７年全国公路建设投资总和的１．７倍。"
    )
    # 004 河北: projects grouped by their stage
    assert not _excerpt("统筹 58 个续建项目和 2020 年新开工项目，形成塔吊林立、热火朝天的建设场面。")


def test_kinds_of_school_market_and_firm_are_not_named_projects():
    # 126_national_2007 and 125_national_2006: school types and production bases of a kind
    assert not _excerpt("中等职业学校招生规模扩大到741万人，在校学生总数1809万人。")
    assert not _excerpt(
        "着力抓好大型粮棉油生产基地、优质粮食产业、农田水利、饮水安全、公路、沼气和农村教育、文化、卫生建设等重点工程。"
    )
    # 001 渝北区 and 004 河北: kindergartens and fresh-food shops of a kind
    assert not _excerpt("加快公办及普惠性幼儿园建设,提高在园幼儿普惠率。")
    assert not _excerpt("新建改造生鲜超市、菜市场、农贸市场 200 个，培育品牌连锁便利店 1000 家以上。")
    # 004 上海: financial firms that open build nothing
    assert not _excerpt(
        "野村东方证券、安联保险、摩根大通等对外开放项目落地，持牌金融机构新增 54 家。"
    ).keys() & {
        "野村东方证券",
        "安联保险",
    }
    # 108_hailar_2017: a district's college for the elderly is still its project
    assert "老年大学项目" in _excerpt("实施老年大学项目。")


def test_a_section_between_places_names_its_road():
    projects = _named(extract_projects(corpus_report("bazhong")))
    # 加快建设汉巴南铁路南充至巴中段、镇广高速通江至王坪段…: 镇广 reads as generic 镇 + 广, the section names it
    assert projects["镇广高速通江至王坪段"].status == "under_construction"
    assert projects["镇广高速通江至广安段"].status == "started"  # 力争开工建设镇广高速通江至广安段
    assert not _excerpt("加快国省干线公路建设。")


def test_a_citys_ring_roads_name_themselves():
    projects = _named(extract_projects(corpus_report("bazhong")))
    # 汉巴南铁路巴中至南充段、苍巴高速、米仓大道、北环线东段开工建设; 建成北环线东延线
    assert projects["北环线东段"].status == "started"
    assert projects["北环线东延线"].status == "completed"
    # 113_hailar_2012: two ring roads sharing their word
    projects = _excerpt(
        "全力推进东、西外环路、机场快速路、哈萨尔大街和西头道街两条西出口路等市区两级重点道路工程的建设。"
    )
    assert {"东外环路", "西外环路"} <= set(projects)
    # 004_beijing: a line that names itself opens its extension
    projects = _excerpt("7 号线东延、八通线南延建成通车。")
    assert projects["7 号线东延"].status == "in_operation"


def test_road_and_dam_words_after_a_name():
    # 004_beijing: a new line of a national road
    assert "国道 109 高速新线" in _excerpt("加快国道 109 高速新线等基础设施建设。")
    # 001_nanchuan: the dam of a reservoir, the bare name before it sharing 水库
    projects = _named(extract_projects(corpus_report("chongqing_districts", "南川区")))
    assert projects["沿塘水库"].status == "completed"  # 建成鱼枧、沿塘水库大坝主体
    # 000_bazhong: a lorry park's service area
    projects = _named(extract_projects(corpus_report("bazhong")))
    assert "许家岭城郊货运停车服务区" in projects


def test_streets_and_areas_share_a_kind_of_place():
    projects = _named(extract_projects(corpus_report("bazhou_plan")))
    # 推动草坝街、祠堂街、麻柳湾片区等传统商业街区升级提档: the streets are the blocks, not roads of their own
    for name in ("草坝街传统商业街区", "祠堂街传统商业街区", "麻柳湾片区传统商业街区"):
        assert f"{name}升级提档" in projects  # the works word after the kind stays in the name
    assert "草坝街" not in projects
    # 114_hailar_2013: 提档升级 marks works
    assert "哈克文化遗址公园提档升级" in _excerpt("实施呼伦贝尔古城、哈克文化遗址公园提档升级工作。")


def test_a_place_name_ending_in_he_is_not_split():
    # 002_bazhou: 清江—大和 is a route between places, 和 ends its name; the long kind is shared
    projects = _named(extract_projects(corpus_report("bazhou_plan")))
    for name in ("清江—大和", "玉堂—化成", "三江"):
        assert projects[name + "道地药材现代农业产业园"].status == "under_construction"


def test_national_and_provincial_roads_by_their_numbers():
    projects = _named(extract_projects(corpus_report("bazhou_plan")))
    # 规划建设 S521 、 S303(上峡至万家)两条横向通道、 G245 、 S222 、…三条纵向通道: the count closes the list
    for name in ("S521", "S303(上峡至万家)", "G245", "S222"):
        assert projects[name].status == "planned"
    # 配合做好 G244 、 G347 、 G542 巴城过境公路建设: the numbers share the name after the last, one work
    assert "G244 、 G347 、 G542 巴城过境公路" in projects
    assert "G244" not in projects
    # 000_bazhong: 新(改)建 S302 涪阳大桥至北极段等国省干线公路 86.65 公里
    assert "S302 涪阳大桥至北极段" in _named(extract_projects(corpus_report("bazhong")))


def test_a_count_closing_a_list_after_a_named_work():
    projects = _named(extract_projects(corpus_report("provinces", "湖北省")))
    # 开工建设十堰至西安高铁、…、荆门至荆州城际铁路4条铁路
    assert projects["荆门至荆州城际铁路"].status == "started"
    assert not [n for n in projects if n.endswith("4条铁路")]


def test_names_sharing_the_works_after_them():
    projects = _named(extract_projects(corpus_report("bazhong")))
    # 建成投运市体育中心、市中级法院和市公安局业务用房…: the region's court takes the shared building
    assert projects["市中级法院业务用房"].status == "in_operation"
    assert projects["市公安局业务用房"].status == "in_operation"
    # 牛角坑、二郎庙、湾潭河等水库加快渠系工程建设: the names are reservoirs, the works their canals
    for name in ("牛角坑水库渠系工程", "湾潭河水库渠系工程"):
        assert projects[name].status == "under_construction"


def test_names_listed_before_a_group_of_their_kind():
    # 114_hailar_2013: the training centre is one of the hotels named before 等酒店
    projects = _excerpt("包商银行培训中心、呼伦贝尔大饭店等酒店主体完工。")
    assert projects["包商银行培训中心"].status == "completed"
    assert projects["呼伦贝尔大饭店"].status == "completed"


def test_bridges_by_their_names():
    # 114_hailar_2013: a bridge named by its place; not a kind of bridge (危桥, 立交桥, 天桥)
    projects = _excerpt("农林桥、呼达罕桥竣工通车。")
    assert projects["农林桥"].status == "in_operation"
    assert projects["呼达罕桥"].status == "in_operation"
    # 003_qianjiang: a sightseeing bridge
    assert _excerpt("启动芭拉胡梦幻大峡谷建设，投用5D玻璃廊桥。")["5D玻璃廊桥"].status == "in_operation"
    # 004_guangdong: unsafe bridges are a kind of works
    assert not _excerpt("新改建公路 6700 公里、改造危桥 538 座。")


def test_the_extension_of_a_line_naming_itself():
    # 004_beijing: a metro line named by itself, then its extension (not a road called 东延)
    projects = _excerpt("7 号线东延、八通线南延建成通车。启动轨道交通大兴机场线北延工程。")
    assert projects["7 号线东延"].sector == "rail_transit"
    assert projects["7 号线东延"].status == "in_operation"
    assert projects["轨道交通大兴机场线北延工程"].sector == "rail_transit"
    assert projects["轨道交通大兴机场线北延工程"].status == "started"


def test_upgrading_a_named_facility():
    # 001_nanchuan and 001_yuzhong: 升级 / 升级改造 lead the name, and upgrading is works
    assert _excerpt("升级山王坪喀斯特公园。")["山王坪喀斯特公园"].status == "unknown"
    assert "解放东西路历史文化大道" in _excerpt("升级改造解放东西路历史文化大道。")
    # 002_bazhou: 转型升级 is not works on the parks it names
    assert not _excerpt("以巴州工业园、产业转型升级示范园、新能源新材料产业园三大园区为抓手。")


def test_works_and_a_bracket_after_the_facility_word():
    # 001_yuzhong: protection and improvement of a named quarter are part of the name
    projects = _excerpt("有序推进大田湾文化宫大礼堂文化风貌片区保护提升。")
    assert projects["大田湾文化宫大礼堂文化风貌片区保护提升"].status == "under_construction"
    assert "朝天门片区治理提升工程" in _excerpt("全面实施朝天门片区治理提升工程。")
    # 004_guangdong and 000_bazhong: a place or a phase in brackets after the facility word
    assert _excerpt("启动建设香港科技大学(广州)。")["香港科技大学(广州)"].status == "started"
    assert "望王山运动公园(二期)" in _excerpt(
        "加快津桥湖湿地公园、望王山运动公园(二期)、市第一人民医院项目建设。"
    )


def test_metro_stations_and_new_facility_words():
    # 001_yuzhong: a station of a metro line, an art quarter, an exhibition centre
    projects = _excerpt("轨道1号线朝天门站建成通车。加快建设解放碑中央艺术区。")
    assert projects["轨道1号线朝天门站"].status == "in_operation"
    assert projects["轨道1号线朝天门站"].sector == "rail_transit"
    assert projects["解放碑中央艺术区"].status == "under_construction"
    assert "重庆市区块链数字经济产业园展示中心" in _excerpt("建成重庆市区块链数字经济产业园展示中心。")
    # 001_nanchuan: a school's teaching building, extended
    assert "道南小学教学用房" in _excerpt("扩建道南小学教学用房。")


def test_roads_between_named_places():
    # 000_bazhong, 003_qianjiang and 002_bazhou: 道路 ends a route between named places
    projects = _excerpt("加快莲花街至北环线连接道路建设。")
    assert projects["莲花街至北环线连接道路"].status == "under_construction"
    assert "阳光花园至官坝公园至马石角道路改造" in _excerpt("完成阳光花园至官坝公园至马石角道路改造。")
    # but not a road of a kind (114_hailar_2013)
    assert not _excerpt("加快城市路网和环城道路建设。")
    # a place on the route is a project of its own (003_qianjiang)
    projects = _excerpt(
        "完成阳光花园至官坝公园至马石角道路改造。建成官坝公园、武陵水岸体育公园等一批公园广场。"
    )
    assert "官坝公园" in projects


def test_a_list_opened_by_a_count_of_a_kind_lists_kinds():
    # 001_yuzhong: after "20个传统风貌区" the other elements are kinds, not names, so the named
    # quarter later in the report is not taken for the kind (戴家巷 + 等山城老街区)
    projects = _excerpt("20个传统风貌区、山城老街区和特色老社区相继建成。完工戴家巷等山城老街区。")
    assert "山城老街区" not in projects
    assert projects["戴家巷山城老街区"].status == "completed"
    # 002_bazhou: the count of a bracketed list of named schools still names them
    projects = _excerpt("新建 2 所(大溪口小学、杨家坝小学)九年一贯制(寄宿)学校。")
    assert any(name.startswith("杨家坝小学") for name in projects)


def test_a_named_car_park():
    # 001_nanchuan: a car park named by its park is a project; a public car park is not (000_bazhong)
    assert _excerpt("投用花山公园停车场。")["花山公园停车场"].status == "in_operation"
    projects = _excerpt("建成投运市精神病康复医院、红碑塆汽车充电站及停车场。")
    assert "停车场" not in projects and "红碑塆汽车充电站" in projects


def test_a_place_called_jianshe():
    # 113_hailar_2012 and 114_hailar_2013: 建设办 (建设办事处) is a place, not the verb 建设
    projects = _local("启动建设办文体活动中心建设。重点做好奋斗镇和建设办蔬菜基地建设。")
    assert projects["建设办文体活动中心"].status == "started"
    assert {"奋斗镇蔬菜基地", "建设办蔬菜基地"} <= set(projects)


def test_bridges_named_by_their_place():
    # 114_hailar_2013: a named bridge ending in 桥 alone
    projects = _excerpt("农林桥、呼达罕桥竣工通车。")
    assert projects["呼达罕桥"].status == "in_operation"
    assert "农林桥" in projects
    # 004_anhui: 新桥 inside a place name does not end it
    assert "合肥新桥国际机场" in _excerpt("积极推进合肥新桥国际机场、阜阳机场、池州机场改扩建。")


def test_restoring_a_former_residence_or_site():
    # 114_hailar_2013: a former residence being restored is heritage works
    projects = _excerpt("启动成德公故居修缮工程。")
    assert projects["成德公故居修缮工程"].status == "started"
    assert projects["成德公故居修缮工程"].sector == "other"
    # 004_guangdong: historic sites used as relics, with no restoration, are not projects
    assert not _excerpt("韩江流域左联作家活动旧址、中央红色交通线旧址等文物保护利用扎实推进。")


def test_the_districts_coach_station():
    # 114_hailar_2013 and 115_hailar_2014: the district's coach station, headed by its investment
    projects = _local("投资1.27亿元的公路客运总站基本完工。确保新建的海拉尔客运总站投入使用。")
    assert projects["公路客运总站"].status == "completed"
    assert "海拉尔客运总站" not in projects  # the same station named with the district
    assert _local("投资1.3亿元的客运总站投入使用。")["客运总站"].status == "in_operation"


def test_names_are_not_cut_at_a_he_inside_them_and_groups_closed_by_he_share_their_kind():
    # 广西壮族自治区 and 海南省 2020 (evals/corpus/004_fcb4acf3a3c06b95.txt): issue 10's cut names
    projects = _excerpt(
        "推进梧州中和国际陶瓷交易中心、河池宜州茧丝绸交易中心等重点项目，抓好贺州市国家服务业综合改革试点工作。"
    )
    assert "梧州中和国际陶瓷交易中心" in projects and "梧州中" not in projects
    projects = _excerpt("开工建设迈湾、天角潭水利枢纽和琼西北、白沙西部地区供水等项目。")
    assert set(projects) == {"迈湾水利枢纽", "天角潭水利枢纽", "琼西北地区供水", "白沙西部地区供水"}


def test_rail_and_inland_ports_are_facilities():
    # 广西壮族自治区 and 青海省 2020 (evals/corpus/004_fcb4acf3a3c06b95.txt), and issue 10's 主体完工
    assert _excerpt("南宁国际铁路港主体完工。")["南宁国际铁路港"].status == "completed"
    projects = _excerpt(
        "积极推进南宁国际铁路港、柳州铁路港、钦州北部湾国际门户港航运服务中心、防城港北部湾国际生鲜冷链园区一期建设。"
    )
    assert {"南宁国际铁路港", "柳州铁路港"} <= set(projects)
    assert "格尔木国际陆港" in _excerpt("抓紧格尔木国际陆港、海东跨境电商综合试验区建设。")


def test_what_a_platform_built_is_named_without_the_platform():
    # 广西壮族自治区 2020 (evals/corpus/004_fcb4acf3a3c06b95.txt): subject + 建成 + the work
    projects = _excerpt(
        "西部陆海新通道建成南宁国际铁路港一期、钦州港东航道扩建一期、钦州铁路集装箱中心站等关键项目。"
    )
    assert "南宁国际铁路港一期" in projects and not [n for n in projects if "建成" in n]


def test_pipelines_direct_current_lines_berths_and_water_works_are_facilities():
    # 2020 province reports (evals/corpus/004_fcb4acf3a3c06b95.txt): 湖南, 西藏, 江西, 河南, 广西
    assert _excerpt("新粤浙管道工程湖南段全线贯通。")["新粤浙管道工程湖南段"].status == "completed"
    assert _excerpt("加快建设格拉油气管道。")["格拉油气管道"].sector == "energy"
    projects = _excerpt("续建雅中—江西特高压直流工程、丰城电厂三期扩建、瑞金电厂二期扩建项目。")
    assert projects["雅中—江西特高压直流工程"].status == "under_construction"
    assert "南水北调观音寺调蓄工程" in _excerpt("开工建设南水北调观音寺调蓄工程等一批重大水利项目。")
    projects = _excerpt(
        "新开工建设防城港赤沙作业区1号2号泊位、钦州港大榄坪南7号-10号集装箱泊位工程、"
        "来宾港武宣港区水泥专用码头等10个项目。"
    )
    assert {"防城港赤沙作业区1号2号泊位", "钦州港大榄坪南7号-10号集装箱泊位工程"} <= set(projects)
    assert projects["防城港赤沙作业区1号2号泊位"].sector == "logistics"
    projects = _excerpt("建成北海铁山港 1-4 号泊位进港铁路专用线。")
    assert projects["北海铁山港 1-4 号泊位进港铁路专用线"].sector == "railway"
    # 合川区 and 巫山县 2021 (evals/corpus/001_1942fa47ad5fe32d.txt)
    projects = _local("利泽航运枢纽建设有序推进。建成渠江提水工程。抱龙码头物流基地建成投用。")
    assert projects["利泽航运枢纽"].status == "under_construction"
    assert projects["渠江提水工程"].status == "completed"
    assert projects["抱龙码头物流基地"].status == "in_operation"
    # generic pipes and cold-chain bases name nothing
    assert not _excerpt("加快市政供水管道、污水管网等设施建设。")
    assert "冷链物流基地" not in _local("努力建成综合物流和内外贸结合的区域性物资集散中心、冷链物流基地。")


def test_works_after_a_facility_word_widening_electrification_and_branches():
    # 2020 province reports (evals/corpus/004_fcb4acf3a3c06b95.txt): 江西, 广西, 湖南
    projects = _excerpt("开工大广高速吉安至南康段扩容改造、通山（赣鄂界）至武宁等项目。")
    assert projects["大广高速吉安至南康段扩容改造"].status == "started"
    assert "昌九高速四改八" in _excerpt("昌赣高铁、昌九高速四改八、井冈山机场改扩建等重大基础设施项目投运。")
    assert "焦柳铁路怀化至柳州段电气化改造" in _excerpt("完成焦柳铁路怀化至柳州段电气化改造。")
    assert "衡柳铁路提速改造" in _excerpt("新开工黄桶至百色铁路、衡柳铁路提速改造、合浦至湛江高铁等项目。")
    # a bracketed section stays whole (not cut at its 段)
    assert "长征国家文化公园(湖南段)" in _excerpt("抓好长征国家文化公园(湖南段)建设。")
    # 合川区 and 巫山县 2021 (evals/corpus/001_1942fa47ad5fe32d.txt): river works, extensions, branches
    projects = _local("渠江航道整治工程启动建设。启动双钱高速延伸线等高速公路建设。新华幼儿园花果分园建成。")
    assert projects["渠江航道整治工程"].status == "started"
    assert "双钱高速延伸线" in projects and "新华幼儿园花果分园" in projects
    projects = _local("投用县中医院江东分院，建成县人民医院早阳分院、县妇女儿童医院。")
    assert projects["县中医院江东分院"].status == "in_operation"
    assert projects["县人民医院早阳分院"].status == "completed"
    # a research academy's branch is an institute (江西)
    assert "中国中医科学院江西分院" not in _excerpt(
        "推进中科院稀土研究院、中国中医科学院江西分院等创新平台共建。"
    )


def test_put_into_use_opened_customs_sealed_and_approved_as_a_project():
    # 2020 province reports (evals/corpus/004_fcb4acf3a3c06b95.txt): 江西, 河南, 天津, 福建
    assert _excerpt("九江综合保税区封关运行。")["九江综合保税区"].status == "in_operation"
    assert _excerpt("二里头夏都遗址博物馆开馆。")["二里头夏都遗址博物馆"].status == "in_operation"
    assert _excerpt("国家海洋博物馆建成开放，民族  文化宫重建启用。")["民族文化宫"].status == "in_operation"
    projects = _excerpt("厦门新机场、长乐机场二期扩建工程立项获批。")
    assert projects["长乐机场二期扩建工程"].status == "planned"
    assert projects["厦门新机场"].status == "planned"


def test_verbs_and_descriptions_before_a_name():
    # 2020 province reports (evals/corpus/004_fcb4acf3a3c06b95.txt): 湖南, 江西, 广西
    projects = _excerpt("统筹推进莽山水库、毛俊水库、涔天河水库扩建工程灌区项目。")
    assert projects["莽山水库"].status == "under_construction"
    assert "长征国家文化公园" in _excerpt("加快建设鄱阳湖博物馆，开展长征国家文化公园建设。")
    projects = _excerpt("开工建设时速 350 公里的南宁至玉林高速铁路。")
    assert set(projects) == {"南宁至玉林高速铁路"}
    assert projects["南宁至玉林高速铁路"].status == "started"
    assert _excerpt("复工建设岑溪至罗定铁路。")["岑溪至罗定铁路"].status == "under_construction"


def test_a_line_abbreviated_by_ends_that_read_as_generic_words():
    # 湖南省 2020 (evals/corpus/004_fcb4acf3a3c06b95.txt): 官新 (官庄-新化) names a road, and the bare
    # names before it share 高速, not 新高速
    projects = _excerpt("加快建设张吉怀、渝怀复线铁路，祁常、安慈、官新高速和湘西、郴州机场等在建项目。")
    assert {"祁常高速", "安慈高速", "官新高速", "湘西机场"} <= set(projects)
    assert "祁常新高速" not in projects
    # 巫山县 2021 (evals/corpus/001_1942fa47ad5fe32d.txt) and 001_nanchuan (合大高速)
    assert _local("巫大高速全线贯通。")["巫大高速"].status == "completed"
    assert "合大高速" in _excerpt("提速推进合大高速招商建设工作。")
    # not before other facility words: 中小 is no place
    assert not _excerpt("新建中小学校。")


def test_a_quay_toward_taiwan():
    # 福建省 2020 (evals/corpus/004_fcb4acf3a3c06b95.txt): 对台 is part of the name, not the preposition 对
    assert _excerpt("马尾琅岐对台客运码头建成投用。")["马尾琅岐对台客运码头"].status == "in_operation"


def test_transfers_into_a_province_reserve_facilities_and_listed_major_infrastructure():
    # 河南省 and 湖南省 2020 (evals/corpus/004_fcb4acf3a3c06b95.txt): 青电入豫 names itself like 西电东送;
    # a reserve facility (储备中心, 储备基地) is built, not held in reserve as a planned project
    projects = _excerpt("建成青电入豫工程和 6 个液化天然气应急储备中心。")
    assert projects["青电入豫工程"].status == "completed"
    projects = _excerpt("加快永州电厂、华容电厂、雅中直流工程湖南段、岳阳 LNG 储备基地等能源项目建设。")
    assert projects["永州电厂"].status == "under_construction"
    assert "雅中直流工程湖南段" in projects
    # 江西省 2020: named works listed before 等重大基础设施项目 are projects
    projects = _excerpt("昌赣高铁、井冈山机场改扩建、昌西南 500 千伏输变电工程等重大基础设施项目投运。")
    assert projects["昌西南 500 千伏输变电工程"].status == "in_operation"


def test_a_subject_that_builds_a_named_facility():
    # 广西壮族自治区 2020 (evals/corpus/004_fcb4acf3a3c06b95.txt): the name follows the subject's 建成
    projects = _excerpt("西部陆海新通道建成南宁国际铁路港一期、钦州港东航道扩建一期等关键项目。")
    assert set(projects) == {"南宁国际铁路港一期", "钦州港东航道扩建一期"}
    # a hospital grade names no hospital (广西; 云阳县 2021, evals/corpus/001_1942fa47ad5fe32d.txt)
    assert not _excerpt("崇左、贺州两市建成三甲医院。")
    assert not _local("双江人民医院建成二甲医院。")
    # 002_bazhou: a park reaching a size is not a park being built
    assert not _excerpt("力争到 2025年巴州工业园建成 100 亿级工业园区。")
    # 001_yuzhong: before a rank the subject is the place naming the facility
    assert _excerpt("解放碑沧白路社区建成全市首个地标性国际化养老服务中心。")


def test_cloud_computing_centres_are_data_centres():
    # 江西省 2020 (evals/corpus/004_fcb4acf3a3c06b95.txt): data centres are organisations, not projects
    assert not _excerpt("支持抚州区域性数据中心、宜春赣西云计算中心等建设。")


def test_common_place_names_early_starts_and_works_after_a_facility():
    # 青海省 2020 (evals/corpus/004_fcb4acf3a3c06b95.txt): 共和 is a place, its 和 no conjunction
    projects = _excerpt("开工建设西成铁路、西宁机场三期、共和机场等重大工程。")
    assert projects["共和机场"].status == "started"
    # 辽宁省 2020: 早日开工 states the start like 尽快开工
    assert _excerpt("力争沈阳机场二跑道、大连新机场、阜奈高速早日开工。")["阜奈高速"].status == "started"
    # 黑龙江省 2020: the ancillary works of a runway are that runway's works
    projects = _excerpt("佳鹤铁路、京哈高速哈尔滨—拉林河段改扩建、哈尔滨机场第二跑道附属工程等开工建设。")
    assert projects["哈尔滨机场第二跑道附属工程"].status == "started"


def test_a_river_works_phase():
    # 黑龙江省 2020 (evals/corpus/004_fcb4acf3a3c06b95.txt): 治理 before a phase names the works, not a task
    projects = _excerpt("开工建设中俄界河治理三期工程和关门嘴子水库。")
    assert projects["中俄界河治理三期工程"].status == "started"
    # without a named river the phase names no work
    assert not _excerpt("推进综合治理二期工程建设。")


def test_planning_halls_civic_centres_and_fire_stations():
    # 渝北区 2021 (evals/corpus/001_1942fa47ad5fe32d.txt): 规划 in a hall's name plans nothing
    assert _local("建成渝北规划展览馆。")["渝北规划展览馆"].status == "completed"
    # 南岸区 2021: a moved hall, listed with heritage works
    projects = _local("市规划展览馆迁建、弹子石摩崖造像保护修缮等即将竣工。")
    assert projects["市规划展览馆迁建"].status == "completed"
    # 青海省 2020 (evals/corpus/004_fcb4acf3a3c06b95.txt); 合川区 2021
    assert _excerpt("西宁市民中心建成启用。")["西宁市民中心"].status == "in_operation"
    assert _local("消防训练基地、草街消防站建成投用。")["草街消防站"].status == "in_operation"
