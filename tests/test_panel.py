"""Targets next to outcomes, on summaries built from the gold annotations of real corpus reports."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import corpus_report

from summarizer import SourceText
from summarizer.extract.rules import extract_rules
from summarizer.models import Achievement, Evidence, Goal, Report, ReportMeta, ReportSummary
from summarizer.panel import PANEL_COLUMNS, PanelWarning, target_outcome_panel

GOLD = Path(__file__).resolve().parent.parent / "evals" / "gold"


def gold_summary(gold: str, report: Report, **meta: object) -> ReportSummary:
    """The gold goals and achievements of `report`, grounded in its text; `meta` relabels the report."""
    data = json.loads((GOLD / f"{gold}.json").read_text(encoding="utf-8"))
    source = SourceText(report.text)

    def evidence(quote: str) -> Evidence:
        found = source.locate(quote)
        assert found is not None, quote
        return found

    goals = [
        Goal(**{k: v for k, v in g.items() if k != "quote"}, evidence=evidence(g["quote"]))
        for g in data["goals"]
    ]
    achievements = [
        Achievement(**{k: v for k, v in a.items() if k != "quote"}, evidence=evidence(a["quote"]))
        for a in data["achievements"]
    ]
    return ReportSummary(
        meta=report.meta.model_copy(update=meta),
        source=report.source,
        report_index=report.index,
        goals=goals,
        achievements=achievements,
    )


def _row(panel: pd.DataFrame, region: str, indicator: str, year: int) -> pd.Series:
    rows = panel[(panel.region == region) & (panel.indicator == indicator) & (panel.year == year)]
    assert len(rows) == 1, (region, indicator, year)
    return rows.iloc[0]


@pytest.mark.filterwarnings("ignore::summarizer.panel.PanelWarning")
def test_qianjiang_2019_targets_have_no_outcome_yet():
    qianjiang = gold_summary("003_qianjiang", corpus_report("qianjiang"))
    panel = target_outcome_panel([qianjiang], how="targets")
    annual = [g for g in qianjiang.goals if g.horizon == 2019]
    assert len(panel) == len({g.indicator for g in annual})
    assert set(panel.year) == {2019} and panel.outcome_value.isna().all()
    gdp = _row(panel, "黔江区", "gdp_growth", 2019)
    assert (gdp.target_low, gdp.target_high, gdp.target_qualifier) == (7, 7, "point")
    assert gdp.target_quote == "地区生产总值增长 7%" and pd.isna(gdp.met)
    # the outer panel also keeps 2018 outcomes (reviewed in the 2019 report) with no target
    outer = target_outcome_panel([qianjiang])
    gdp_2018 = _row(outer, "黔江区", "gdp_growth", 2018)
    assert pd.isna(gdp_2018.target_low) and gdp_2018.outcome_value == 7 and bool(gdp_2018.outcome_is_estimate)
    assert gdp_2018.outcome_quote == "预计地区生产总值比上年增长7%"


def test_target_meets_the_next_reports_outcome():
    """黔江区 2019 targets vs a 2020 黔江区 report whose 2019 review is built from real 北京市 sentences."""
    qianjiang = gold_summary("003_qianjiang", corpus_report("qianjiang"))
    beijing = corpus_report("provinces", "北京市")
    next_year = gold_summary("004_beijing", beijing, region="黔江区", year=2020)
    panel = target_outcome_panel([next_year, qianjiang], how="both")
    gdp = _row(panel, "黔江区", "gdp_growth", 2019)
    outcome = next(a for a in next_year.achievements if a.indicator == "gdp_growth" and a.period == "2019")
    assert gdp.target_low == 7 and gdp.outcome_value == outcome.value
    assert gdp.gap == round(outcome.value - 7, 10) and bool(gdp.met) is (outcome.value >= 7)
    assert gdp.outcome_source == beijing.source and gdp.outcome_report_year == 2020
    assert gdp.target_source == corpus_report("qianjiang").source
    assert gdp.outcome_quote in beijing.text and gdp.target_quote in corpus_report("qianjiang").text
    # "both" keeps only indicators stated on both sides
    assert set(panel.indicator) <= {g.indicator for g in qianjiang.goals} & {
        a.indicator for a in next_year.achievements
    }


def test_at_most_targets_and_indicator_filter():
    """北京市 2020 CPI target (at most 3.5%) against a synthetic 2021 report using its own 2019 CPI sentence."""
    beijing = corpus_report("provinces", "北京市")
    this_year = gold_summary("004_beijing", beijing)
    cpi_2019 = next(a for a in this_year.achievements if a.indicator == "cpi")
    later = ReportSummary(
        meta=ReportMeta(region="北京市", admin_level="province", year=2021, doc_type="work_report"),
        source="synthetic-2021",
        achievements=[cpi_2019.model_copy(update={"period": "2020", "is_estimate": False})],
    )
    panel = target_outcome_panel([this_year, later], indicators=["cpi"], how="both")
    assert list(panel.indicator) == ["cpi"]
    cpi = panel.iloc[0]
    assert pd.isna(cpi.target_low) and cpi.target_high == 3.5 and cpi.target_qualifier == "at_most"
    assert cpi.outcome_value == cpi_2019.value
    assert bool(cpi.met) is (cpi_2019.value <= 3.5) and cpi.gap == round(cpi_2019.value - 3.5, 10)


@pytest.mark.filterwarnings("ignore::summarizer.panel.PanelWarning")
def test_final_figure_wins_over_an_estimate_and_plan_horizons_are_left_out():
    report = corpus_report("qianjiang")
    source = SourceText(report.text)
    estimate = Achievement(
        indicator="gdp_growth", value=7, unit="%", is_estimate=True, period="2018", description="预计",
        evidence=source.locate("预计地区生产总值比上年增长7%"),
    )  # fmt: skip
    final = estimate.model_copy(update={"is_estimate": False, "value": 7.0, "description": "final"})
    plan_goal = Goal(
        indicator="gdp_growth", description="plan", low=7, high=7, unit="%", qualifier="point", horizon=2022,
        evidence=source.locate("地区生产总值增长 7%"),
    )  # fmt: skip
    summary = ReportSummary(meta=report.meta, achievements=[estimate, final], goals=[plan_goal])
    panel = target_outcome_panel([summary])
    assert list(panel.year) == [2018]  # the 2022 plan goal is not an annual target
    assert panel.iloc[0].outcome_description == "final" and not bool(panel.iloc[0].outcome_is_estimate)


def test_empty_panel_has_the_columns():
    with pytest.warns(PanelWarning, match="no report has both a region and a year"):
        panel = target_outcome_panel([])
    assert panel.empty and list(panel.columns) == PANEL_COLUMNS


def _national(year: int, body: str) -> ReportSummary:
    report = Report(text=body, meta=ReportMeta(region="全国", year=year, admin_level="national"))
    return extract_rules(report)


# real sentences of the national reports of 2019 (targets) and 2020 (review of 2019)
_TARGETS_2019 = (
    "各位代表：\n二、2019年经济社会发展总体要求和政策取向\n今年发展的主要预期目标是：国内生产总值增长6%－6.5%；"
    "城镇新增就业1100万人以上，城镇调查失业率5.5%左右，城镇登记失业率4.5%以内；居民消费价格涨幅3%左右。\n"
)
_REVIEW_2020 = (
    "各位代表：\n一、2019年工作回顾\n过去一年，经济运行总体平稳。国内生产总值达到99.1万亿元，增长6.1%。"
    "城镇新增就业1352万人，调查失业率在5.3%以下。居民消费价格上涨2.9%。\n二、2020年工作安排\n"
)


def test_consecutive_national_reports_meet_with_met_and_gap():
    panel = target_outcome_panel([_national(2019, _TARGETS_2019), _national(2020, _REVIEW_2020)], how="both")
    gdp = _row(panel, "全国", "gdp_growth", 2019)
    assert (gdp.target_low, gdp.target_high, gdp.outcome_value) == (6, 6.5, 6.1)
    assert bool(gdp.met) and gdp.gap == pytest.approx(-0.15) and pd.isna(gdp.reason)
    jobs = _row(panel, "全国", "urban_new_jobs", 2019)
    assert bool(jobs.met) and jobs.gap == 252
    cpi = _row(panel, "全国", "cpi", 2019)
    assert cpi.outcome_value == 2.9


def test_no_consecutive_years_says_why():
    with pytest.warns(PanelWarning, match="consecutive"):
        panel = target_outcome_panel([_national(2019, _TARGETS_2019), _national(2021, _REVIEW_2020)])
    assert "consecutive" in panel.attrs["reason"]
    assert set(panel.reason.dropna()) <= {"no target stated", "no outcome reported"}


def test_units_that_measure_the_same_thing_are_compared():
    target = ReportSummary(
        meta=ReportMeta(region="全国", year=2024),
        goals=[
            Goal(indicator="grain_output", description="粮食产量1.3万亿斤以上", low=1.3, unit="万亿斤",
                 qualifier="at_least", horizon=2024, evidence=Evidence(quote="粮食产量1.3万亿斤以上"))
        ],
    )  # fmt: skip
    outcome = ReportSummary(
        meta=ReportMeta(region="全国", year=2025),
        achievements=[
            Achievement(indicator="grain_output", description="粮食产量14130亿斤", value=14130, unit="亿斤",
                        period="2024", evidence=Evidence(quote="粮食产量14130亿斤"))
        ],
    )  # fmt: skip
    row = _row(target_outcome_panel([target, outcome]), "全国", "grain_output", 2024)
    assert bool(row.met) and row.gap == pytest.approx(0.113)


def test_consecutive_national_reports_meet_with_ceilings_read_as_ceilings():
    from conftest import CORPUS

    import summarizer

    files = [CORPUS / "101_national_2016.html", CORPUS / "102_national_2017.html"]
    result = summarizer.summarize_many(files, backend="rules", cache=False)
    panel = summarizer.target_outcome_panel(result.summaries)
    row = lambda indicator: panel[(panel.indicator == indicator) & (panel.year == 2016)].iloc[0]  # noqa: E731
    gdp, cpi = row("gdp_growth"), row("cpi")
    assert (gdp.target_low, gdp.target_high, gdp.outcome_value, bool(gdp.met)) == (6.5, 7.0, 6.7, True)
    # 居民消费价格涨幅3%左右 is a ceiling: 2% is met, not missed
    assert (cpi.target_low, cpi.outcome_value, bool(cpi.met)) == (3.0, 2.0, True)
