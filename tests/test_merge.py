"""Merging items across chunks: one item per indicator and horizon / project name, ordered by position."""

from __future__ import annotations

from conftest import corpus_report

from summarizer import Goal, KeyProject, Rejected, SourceText
from summarizer.extract.llm.merge import merge_items, merge_rejected, project_name_key


def located(source: SourceText, item, quote: str):
    return item.model_copy(update={"evidence": source.locate(quote)})


def goal(source, quote, indicator="gdp_growth", horizon=2020, desc="地区生产总值增速高于全国全省平均水平"):
    g = Goal(
        indicator=indicator,
        description=desc,
        qualifier="qualitative",
        horizon=horizon,
        evidence={"quote": quote},
    )
    return located(source, g, quote)


def test_same_indicator_and_horizon_from_two_chunks_is_one_item_the_earliest():
    source = SourceText(corpus_report("bazhong").text)
    early = goal(source, "地区生产总值增速高于全国全省平均水平")
    late = goal(source, "城镇登记失业率控制在 4.4% 以内")  # pretend the model mislabelled a second mention
    merged = merge_items([(1, [late]), (0, [early])])
    assert merged == [early]


def test_items_sharing_a_key_inside_one_chunk_stay_apart_unless_same_span():
    source = SourceText(corpus_report("bazhong").text)
    a = goal(source, "居民消费价格涨幅控制在省定目标以内", indicator="other", desc="x")
    b = goal(source, "环境保护和节能减排完成国省下达的任务", indicator="other", desc="x")
    assert merge_items([(0, [b, a, a])]) == [a, b]  # ordered by position, exact repeat dropped


def test_other_goals_are_told_apart_by_description_and_horizon_matters():
    source = SourceText(corpus_report("bazhong").text)
    a = goal(source, "居民消费价格涨幅控制在省定目标以内", indicator="other", desc="物价")
    b = goal(source, "环境保护和节能减排完成国省下达的任务", indicator="other", desc="节能")
    c = goal(source, "地区生产总值增速高于全国全省平均水平", horizon=2025)
    d = goal(source, "地区生产总值增速高于全国全省平均水平", horizon=2020)
    assert len(merge_items([(0, [a]), (1, [b]), (2, [c]), (3, [d])])) == 4


def test_projects_merge_by_normalized_name():
    source = SourceText(corpus_report("bazhong").text)
    p1 = located(source, KeyProject(name="汉巴南铁路南充至巴中段", status="under_construction",
                                    evidence={"quote": "加快建设汉巴南铁路南充至巴中段"}), "加快建设汉巴南铁路南充至巴中段")  # fmt: skip
    p2 = p1.model_copy(update={"name": "加快建设 汉巴南铁路南充至巴中段项目"})
    assert project_name_key(p2.name) == project_name_key(p1.name) == "汉巴南铁路南充至巴中段"
    assert merge_items([(0, [p1]), (1, [p2])]) == [p1]


def test_rejected_are_all_kept_without_exact_repeats():
    r1 = Rejected(kind="goals", item={"quote": "x"}, reason="quote not found in the report: 'x'")
    r2 = Rejected(kind="goals", item={"quote": "y"}, reason="quote not found in the report: 'y'")
    assert merge_rejected([[r1, r2], [r1]]) == [r1, r2]
