"""Goals found by the rule extractor, on real corpus reports: every target phrasing and trap."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import corpus_report, corpus_reports

from summarizer.extract.rules.goals import extract_goals, target_passages
from summarizer.models import SectionKind
from summarizer.segment import section_at, sections

GOLD = Path(__file__).resolve().parent.parent / "evals" / "gold"

# GDP growth target of each 2020 provincial report, read off its 主要预期目标 paragraph by hand
# (region, low, high, qualifier).
GDP_2020 = [
    ("安徽省", 7.5, 7.5, "point"),
    ("北京市", 6, 6, "about"),
    ("重庆市", 6, 6, "point"),
    ("福建省", 7, 7.5, "range"),
    ("甘肃省", 6, 6, "point"),
    ("广东省", 6, 6, "about"),
    ("广西壮族自治区", 6, 6.5, "range"),
    ("贵州省", 8, 8, "about"),
    ("海南省", 6.5, 6.5, "about"),
    ("河北省", 6.5, 6.5, "about"),
    ("河南省", 7, 7, "point"),
    ("黑龙江省", 5, 5, "about"),
    ("湖北省", 7.5, 7.5, "about"),
    ("湖南省", 7.5, 7.5, "about"),
    ("吉林省", 5, 6, "range"),
    ("江苏省", 6, 6, "about"),
    ("江西省", 8, 8, "about"),
    ("辽宁省", 6, 6, "about"),
    ("内蒙古自治区", 6, 6, "about"),
    ("宁夏回族自治区", 6.5, 6.5, "about"),
    ("青海省", 6, 6.5, "range"),
    ("山东省", 6, None, "at_least"),
    ("山西省", 6.1, 6.1, "about"),
    ("陕西省", 6.5, 6.5, "about"),
    ("上海市", 6, 6, "about"),
    ("天津市", 5, 5, "about"),
    ("西藏自治区", 9, 9, "about"),
    ("新疆维吾尔自治区", 5.5, 5.5, "about"),
    ("浙江省", 6, 6.5, "range"),
]


def _goals(name: str, region: str | None = None):
    return extract_goals(corpus_report(name, region))


def _one(goals, indicator: str, horizon: int | None = None):
    found = [g for g in goals if g.indicator == indicator and (horizon is None or g.horizon == horizon)]
    assert len(found) == 1, [(g.indicator, g.evidence.quote) for g in found]
    return found[0]


def test_the_table_covers_every_provincial_report():
    assert sorted(r.meta.region for r in corpus_reports("provinces")) == sorted(r for r, *_ in GDP_2020)


@pytest.mark.parametrize(("region", "low", "high", "qualifier"), GDP_2020)
def test_gdp_growth_target_of_each_province(region, low, high, qualifier):
    goal = _one(_goals("provinces", region), "gdp_growth")
    assert (goal.low, goal.high, goal.qualifier, goal.horizon) == (low, high, qualifier, 2020)


def test_about_at_most_and_qualitative_phrasings():
    goals = _goals("provinces", "北京市")
    assert _one(goals, "gdp_growth").qualifier == "about"
    cpi = _one(goals, "cpi")  # 居民消费价格涨幅控制在 3.5%以内
    assert (cpi.low, cpi.high, cpi.qualifier) == (None, 3.5, "at_most")
    jobless = _one(goals, "surveyed_unemployment_rate")  # 城镇调查失业率低于 5%
    assert (jobless.low, jobless.high, jobless.qualifier) == (None, 5, "at_most")
    income = _one(goals, "disposable_income_growth")  # 居民收入增长与经济增长基本同步
    assert (income.qualifier, income.low, income.unit) == ("qualitative", None, None)
    revenue = _one(goals, "general_budget_revenue_growth")  # 一般公共预算收入规模与上年持平
    assert revenue.qualifier == "qualitative"
    # the yardstick 经济增长 in "与经济增长基本同步" is not a second GDP target
    assert len([g for g in goals if g.indicator == "gdp_growth"]) == 1


def test_at_least_sets_low_only():
    goal = _one(_goals("provinces", "山东省"), "gdp_growth")
    assert (goal.low, goal.high) == (6, None)


def test_ranges_with_hyphen_and_dash():
    hyphen = _one(_goals("provinces", "广西壮族自治区"), "gdp_growth")  # 6%-6.5%
    dash = _one(_goals("provinces", "吉林省"), "gdp_growth")  # 5%—6%
    assert (hyphen.low, hyphen.high, dash.low, dash.high) == (6, 6.5, 5, 6)


def test_delegated_targets():
    goals = _goals("provinces", "重庆市")
    energy = _one(goals, "energy_intensity")
    assert energy.qualifier == "delegated"
    assert "完成国家下达任务" in energy.evidence.quote


@pytest.mark.parametrize(
    ("region", "clause"),
    [
        ("安徽省", "主要污染物排放量降低完成国家下达目标任务"),
        ("浙江省", "能源和环境指标完成国家下达的计划目标"),
    ],
)
def test_a_delegated_clause_naming_more_than_one_thing_is_one_target(region, clause):
    goals = [g for g in _goals("provinces", region) if clause in g.evidence.quote]
    assert [(g.indicator, g.qualifier) for g in goals] == [("energy_intensity", "delegated")]


def test_numbered_target_list():
    goals = _goals(
        "provinces", "青海省"
    )  # 预期目标：\n\n一是地区生产总值增长 6%—6.5%。 … 三是 … 新增城镇就业 6 万人
    assert _one(goals, "gdp_growth").evidence.quote.startswith("一是")
    jobs = _one(goals, "urban_new_jobs")
    assert (jobs.low, jobs.unit) == (6, "万人")


def test_one_clause_with_two_indicators_gives_two_goals():
    goals = _goals("provinces", "陕西省")  # 城镇调查失业率和登记失业率分别控制在 5.5%、4.5%以内
    surveyed = _one(goals, "surveyed_unemployment_rate")
    registered = _one(goals, "registered_unemployment_rate")
    assert (surveyed.high, surveyed.qualifier, registered.high, registered.qualifier) == (
        5.5,
        "at_most",
        4.5,
        "at_most",
    )
    assert surveyed.evidence == registered.evidence


def test_urban_and_rural_income_split_with_shared_about():
    goals = _goals("provinces", "河北省")  # 城乡居民人均可支配收入分别增长 7%左右和 7.5%左右
    urban = _one(goals, "urban_disposable_income_growth")
    rural = _one(goals, "rural_disposable_income_growth")
    assert (urban.low, urban.qualifier, rural.low, rural.qualifier) == (7, "about", 7.5, "about")


def test_spaced_numbers():
    goal = _one(_goals("bazhong"), "registered_unemployment_rate")  # 控制在 4.4% 以内
    assert (goal.high, goal.qualifier) == (4.4, "at_most")
    assert "4.4% 以内" in goal.evidence.quote


def test_comparable_basis_variant_kept_as_written():
    goals = [g for g in _goals("provinces", "山东省") if g.indicator == "general_budget_revenue_growth"]
    assert sorted(g.low for g in goals) == [1, 8]  # 增长 1%以上（可比口径增长 8%以上）


def test_estimates_of_last_year_are_never_goals():
    for name, region in (("provinces", "甘肃省"), ("qianjiang", None)):
        report = corpus_report(name, region)
        parts = sections(report)
        for goal in extract_goals(report):
            assert "预计" not in goal.evidence.quote
            assert section_at(parts, goal.evidence.start).kind != SectionKind.review


def test_plan_period_targets_have_the_plan_horizon():
    goals = _goals("chongqing_districts", "合川区")
    plan = _one(goals, "gdp_growth", 2025)  # 地区生产总值达到1500亿元、年均增长7%左右
    annual = _one(goals, "gdp_growth", 2021)  # 实现地区生产总值增长6.5%以上
    assert (plan.low, plan.qualifier) == (7, "about")
    assert (annual.low, annual.qualifier) == (6.5, "at_least")


def test_evidence_is_an_exact_span():
    report = corpus_report("provinces", "安徽省")
    for goal in extract_goals(report):
        assert report.text[goal.evidence.start : goal.evidence.end] == goal.evidence.quote


@pytest.mark.parametrize(
    "gold_file",
    ["004_anhui.json", "004_beijing.json", "004_guangdong.json", "004_hubei.json", "004_zhejiang.json"],
)
def test_standard_indicator_targets_match_the_gold_annotation(gold_file):
    """The full list of standard-indicator annual targets, compared with the annotators' gold file."""
    gold = json.loads((GOLD / gold_file).read_text(encoding="utf-8"))
    report = corpus_report("provinces", gold["region"])

    def rows(items):
        return sorted(
            (g["indicator"], g["low"], g["high"], g["qualifier"])
            for g in items
            if g["indicator"] != "other" and g["horizon"] == gold["year"]
        )

    predicted = [g.model_dump() for g in extract_goals(report) if g.stated_in == "targets"]
    assert rows(predicted) == rows(gold["goals"])


def test_plan_outline_targets_stated_in_its_chapters():
    goals = extract_goals(corpus_report("bazhou_plan"))
    by_quote = {re.sub(r"\s", "", g.evidence.quote): g for g in goals}
    urban = by_quote["到2025年城镇化率达到65%以上"]
    assert (urban.indicator, urban.low, urban.qualifier, urban.horizon) == ("other", 65, "at_least", 2025)
    jobless = _one(goals, "surveyed_unemployment_rate", 2025)  # 城镇调查失业率控制在 5.5% 以内
    assert (jobless.high, jobless.qualifier) == (5.5, "at_most")
    digital = by_quote["全区数字经济总量超200亿元"]  # 超 200 亿元 -> at_least
    assert (digital.low, digital.qualifier) == (200, "at_least")
    # sector targets without an indicator name are tasks, not goals: 机械电子产业产值达到15亿元以上
    assert not [q for q in by_quote if "产业产值" in q or "游客" in q]


def test_plan_chapter_targets_only_for_plan_outlines():
    for report in corpus_reports("chongqing_districts"):
        passages = target_passages(report)
        for goal in extract_goals(report):
            inside = any(p.start <= goal.evidence.start < p.end for p in passages)
            assert inside == (goal.stated_in == "targets"), report.meta.region
            # a 十四五 targets section's figures outside the passage are "other", never plan chapters
            assert goal.stated_in in ("targets", "tasks", "other"), report.meta.region
