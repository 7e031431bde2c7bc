"""Key projects found by the rule extractor in real corpus reports."""

from __future__ import annotations

import re

from conftest import corpus_report, corpus_reports

from summarizer.extract.rules_projects import extract_projects, normalize_name


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
