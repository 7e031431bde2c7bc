"""Similarities and the optimal (Hungarian) pairing of predicted with gold items."""

from __future__ import annotations

import pytest

from summarizer.evaluate.match import (
    MatchConfig,
    match_items,
    name_similarity,
    normalize_name,
    span_overlap,
)
from summarizer.models import Evidence, Goal, KeyProject


def _goal(indicator: str, start: int, end: int, description: str = "") -> Goal:
    return Goal(
        indicator=indicator,
        description=description or indicator,
        qualifier="qualitative",
        evidence=Evidence(quote="x" * (end - start), start=start, end=end),
    )


def _project(name: str, start: int, end: int) -> KeyProject:
    return KeyProject(name=name, evidence=Evidence(quote="x" * (end - start), start=start, end=end))


def test_span_overlap_modes():
    assert span_overlap((0, 10), (5, 15), "iou") == pytest.approx(5 / 15)
    assert span_overlap((0, 10), (5, 15), "overlap") == pytest.approx(5 / 10)
    assert span_overlap((0, 10), (2, 4), "overlap") == 1.0  # a clause inside a longer quote
    assert span_overlap((0, 10), (10, 20)) == 0.0
    assert span_overlap(None, (0, 5)) == 0.0
    with pytest.raises(ValueError):
        MatchConfig(span_mode="dice")


def test_project_names_normalize():
    assert normalize_name("渝中区人民医院 项目") == "渝中区人民医院"
    assert normalize_name("（白鹤滩）水电站工程") == "白鹤滩水电站"
    assert name_similarity("恩阳机场", "恩阳机场项目") == 1.0
    assert name_similarity("汉巴南铁路", "巴万高速") < 0.3


def test_hungarian_beats_greedy():
    # greedy would give pred 0 to gold 0 (its best), leaving gold 1 unmatched; optimal pairs both
    gold = [_project("成渝中线高铁", 0, 20), _project("成渝中线", 100, 110)]
    pred = [_project("成渝中线高铁", 100, 110), _project("成渝中线高铁站", 0, 20)]
    pairs = match_items("key_projects", gold, pred)
    assert sorted((p.gold, p.pred) for p in pairs) == [(0, 1), (1, 0)]


def test_span_alone_never_matches():
    gold = [_goal("gdp_growth", 0, 20)]
    pred = [_goal("cpi", 0, 20)]
    assert match_items("goals", gold, pred) == []
    # unless the weights are changed to let spans decide
    assert len(match_items("goals", gold, pred, MatchConfig(key_weight=0.0, min_key=0.0))) == 1


def test_other_goals_match_by_description():
    gold = [_goal("other", 0, 10, "森林覆盖率达到62%"), _goal("other", 20, 30, "新增城镇就业3万人以上")]
    pred = [_goal("other", 40, 50, "城镇新增就业3万人"), _goal("other", 60, 70, "森林覆盖率62%")]
    pairs = sorted((p.gold, p.pred) for p in match_items("goals", gold, pred))
    assert pairs == [(0, 1), (1, 0)]


def test_projects_in_one_sentence_need_similar_names():
    # two projects quoted by the same list sentence: full span overlap, unrelated names -> no pair
    gold = [_project("镇广高速通江至王坪段", 0, 40)]
    pred = [_project("汉巴南铁路南充至巴中段", 0, 40)]
    assert match_items("key_projects", gold, pred) == []
    assert len(match_items("key_projects", gold, pred, MatchConfig(min_key=0.0))) == 1


def test_no_items_no_pairs():
    assert match_items("goals", [], [_goal("cpi", 0, 1)]) == []
    assert match_items("goals", [_goal("cpi", 0, 1)], []) == []
