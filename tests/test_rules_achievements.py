"""Achievements found by the rule extractor in review sections of real corpus reports."""

from __future__ import annotations

from conftest import corpus_report

from summarizer.extract.rules_achievements import extract_achievements
from summarizer.models import SectionKind
from summarizer.segment import section_at, sections


def _by(items, indicator):
    return [a for a in items if a.indicator == indicator]


def test_estimates_are_marked_and_keep_their_qualifier():
    items = extract_achievements(corpus_report("provinces", "安徽省"))
    (gdp,) = _by(items, "gdp_growth")  # 预计 … 全省生产总值增长7.5%以上
    assert (gdp.value, gdp.qualifier, gdp.is_estimate, gdp.period) == (7.5, "at_least", True, "2019")
    (cpi,) = _by(items, "cpi")  # 居民消费价格涨幅2.7%, stated as a result, not an estimate
    assert (cpi.value, cpi.is_estimate) == (2.7, False)


def test_level_and_growth_from_one_clause_and_five_year_period():
    items = extract_achievements(corpus_report("chongqing_districts", "渝中区"))
    # 地区生产总值达到1358.5亿元、“十三五”期间年均增长4.8%
    level = [a for a in _by(items, "gdp") if a.value == 1358.5]
    growth = [a for a in _by(items, "gdp_growth") if a.value == 4.8]
    assert level and growth
    assert level[0].unit == "亿元" and growth[0].unit == "%"
    assert level[0].period == growth[0].period == "2016-2020"


def test_comparable_basis_variant_kept_as_a_second_item():
    items = _by(extract_achievements(corpus_report("provinces", "山东省")), "general_budget_revenue_growth")
    # 一般公共预算收入增长0.6%（剔除减税降费等因素，可比口径实际增长13%以上）
    assert sorted((a.value, a.qualifier) for a in items)[:2] == [(0.6, "point"), (13, "at_least")]


def test_a_sub_region_figure_is_not_the_regions_result():
    items = extract_achievements(corpus_report("provinces", "甘肃省"))
    assert not [a for a in items if a.value == 18.5]  # 兰州新区经济增长 18.5%


def test_project_totals_are_other_achievements():
    items = extract_achievements(corpus_report("bazhong"))
    totals = [a for a in items if a.indicator == "other" and a.value == 720.9]
    assert totals and totals[0].unit == "亿元"  # 297 个市级重点项目完成年度投资 720.9 亿元


def test_poverty_incidence_takes_the_final_figure():
    items = _by(extract_achievements(corpus_report("provinces", "安徽省")), "poverty_reduction")
    assert 0.16 in [a.value for a in items] and 0.93 not in [a.value for a in items]


def test_only_review_sections_and_exact_spans():
    report = corpus_report("provinces", "广东省")
    parts = sections(report)
    items = extract_achievements(report)
    assert len(items) >= 10
    for item in items:
        assert section_at(parts, item.evidence.start).kind == SectionKind.review
        assert report.text[item.evidence.start : item.evidence.end] == item.evidence.quote
