"""Key projects found by the rule extractor in real corpus reports."""

from __future__ import annotations

import re

from conftest import corpus_report, corpus_reports

from summarizer.extract.rules.projects import extract_projects, normalize_name


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
    assert projects["汉巴南铁路南充至巴中段"].status == "under_construction"  # 加快建设


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
