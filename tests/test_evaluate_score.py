"""Scorer on hand-made cases with known answers, over a small gold file on the real 巴中市 report."""

from __future__ import annotations

import random

import pytest
from evaluate_helpers import CORPUS, write_gold

from summarizer.evaluate.gold import load_gold_file
from summarizer.evaluate.match import MatchConfig
from summarizer.evaluate.score import aggregate, score_report
from summarizer.models import Evidence, Investment, ReportSummary

KINDS = ("goals", "achievements", "key_projects")


@pytest.fixture(scope="module")
def gold(tmp_path_factory):
    return load_gold_file(write_gold(tmp_path_factory.mktemp("gold")), CORPUS)


def _summary(gold, **items) -> ReportSummary:
    return ReportSummary(meta=gold.report.meta, **{k: items.get(k, []) for k in KINDS})


def _perfect(gold) -> ReportSummary:
    return _summary(gold, **{k: list(gold.items[k]) for k in KINDS})


def test_perfect_prediction(gold):
    run = aggregate([score_report(gold, _perfect(gold))])
    for mode in ("soft", "strict"):
        assert run.micro[mode] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
        assert run.macro[mode]["f1"] == 1.0
    assert all(v == 1.0 for fields in run.field_accuracy.values() for v in fields.values())
    assert run.grounding_rate == 1.0
    assert run.number_support_rate == 1.0  # 4.4, 699, 49.7, 754.29 -> 4 numbers, all in their quotes
    assert run.counts["achievements"].n_gold == 3


def test_empty_prediction(gold):
    run = aggregate([score_report(gold, _summary(gold))])
    assert run.micro["soft"] == {"precision": None, "recall": 0.0, "f1": 0.0}
    assert run.per_kind["goals"]["strict"]["precision"] is None
    assert run.grounding_rate is None
    assert run.schema_valid_rate == 1.0


def test_failed_extraction_misses_everything(gold):
    run = aggregate([score_report(gold, None, error="ModelError: down")])
    assert run.micro["soft"]["recall"] == 0.0
    assert run.errors == 1
    assert run.schema_valid_rate == 0.0


def test_partial_prediction(gold):
    # 1 of 2 goals, 2 of 3 achievements, 1 of 3 projects: TP 4, predicted 4, gold 8
    pred = _summary(
        gold,
        goals=gold.items["goals"][:1],
        achievements=gold.items["achievements"][1:],
        key_projects=gold.items["key_projects"][2:],
    )
    run = aggregate([score_report(gold, pred)])
    assert run.micro["soft"]["precision"] == 1.0
    assert run.micro["soft"]["recall"] == pytest.approx(4 / 8)
    assert run.micro["soft"]["f1"] == pytest.approx(2 * 4 / (4 + 8))
    assert run.per_kind["key_projects"]["soft"]["recall"] == pytest.approx(1 / 3)
    # macro: mean over kinds of per-kind F1 = mean(2/3, 4/5, 1/2)
    assert run.macro["soft"]["f1"] == pytest.approx((2 / 3 + 4 / 5 + 1 / 2) / 3)


def test_duplicated_predictions_are_false_positives(gold):
    doubled = {k: list(gold.items[k]) * 2 for k in KINDS}
    run = aggregate([score_report(gold, _summary(gold, **doubled))])
    assert run.micro["soft"]["recall"] == 1.0
    assert run.micro["soft"]["precision"] == 0.5
    assert run.micro["strict"]["f1"] == pytest.approx(2 * 8 / (16 + 8))


def test_shuffled_order_scores_the_same(gold):
    base = score_report(gold, _perfect(gold))
    rng = random.Random(1)
    for _ in range(5):
        items = {k: rng.sample(list(gold.items[k]), len(gold.items[k])) for k in KINDS}
        assert score_report(gold, _summary(gold, **items)) == base


def test_wrong_fields_count_soft_but_not_strict(gold):
    goals = list(gold.items["goals"])
    goals[1] = goals[1].model_copy(update={"high": 4.5})  # 4.5 instead of 4.4
    achievements = list(gold.items["achievements"])
    # 754.29 亿元 written as 7542900 万元: the same amount after unit scaling, so it is right
    achievements[2] = achievements[2].model_copy(update={"value": 7542900, "unit": "万元"})
    projects = list(gold.items["key_projects"])
    projects[0] = projects[0].model_copy(update={"status": "completed"})
    projects[1] = projects[1].model_copy(update={"investment": Investment(amount=5, unit="亿元")})
    run = aggregate(
        [score_report(gold, _summary(gold, goals=goals, achievements=achievements, key_projects=projects))]
    )
    assert run.micro["soft"]["f1"] == 1.0
    assert run.counts["goals"].tp_strict == 1
    assert run.counts["achievements"].tp_strict == 3
    assert run.counts["key_projects"].tp_strict == 1
    assert run.field_accuracy["goals"]["high"] == 0.5
    assert run.field_accuracy["goals"]["low"] == 1.0
    assert run.field_accuracy["key_projects"]["status"] == pytest.approx(2 / 3)
    assert run.field_accuracy["key_projects"]["investment"] == pytest.approx(2 / 3)


def test_same_indicator_items_pair_by_span(gold):
    """Two poverty figures predicted in swapped order with swapped values: the span decides the pairing."""
    a, b, c = gold.items["achievements"]
    swapped = [
        b.model_copy(update={"evidence": a.evidence}),
        a.model_copy(update={"evidence": b.evidence}),
        c,
    ]
    run = aggregate([score_report(gold, _summary(gold, achievements=swapped))])
    assert run.counts["achievements"].tp_soft == 3
    assert run.field_accuracy["achievements"]["value"] == pytest.approx(1 / 3)


def test_related_indicator_matches_soft_with_wrong_indicator(gold):
    gdp = gold.items["achievements"][2]
    pred = gdp.model_copy(update={"indicator": "gdp_growth"})  # level mistaken for growth, same quote
    run = aggregate([score_report(gold, _summary(gold, achievements=[pred]))])
    assert run.counts["achievements"].tp_soft == 1
    assert run.counts["achievements"].tp_strict == 0
    assert run.field_accuracy["achievements"]["indicator"] == 0.0


def test_threshold_edge(gold):
    """Same indicator, disjoint spans: similarity is exactly key_weight (0.6); it counts at 0.6, not above."""
    goal = gold.items["goals"][0]
    elsewhere = goal.model_copy(update={"evidence": Evidence(quote="巴中", start=0, end=2)})
    pred = _summary(gold, goals=[elsewhere])
    at = score_report(gold, pred, MatchConfig(threshold=0.6))
    above = score_report(gold, pred, MatchConfig(threshold=0.6 + 1e-6))
    assert at.kinds["goals"].tp_soft == 1
    assert above.kinds["goals"].tp_soft == 0


def test_project_name_variants_match(gold):
    project = gold.items["key_projects"][0]  # 恩阳机场
    renamed = project.model_copy(update={"name": "恩阳机场项目"})
    other = project.model_copy(
        update={"name": "巴中职业技术学院", "evidence": Evidence(quote="x", start=0, end=1)}
    )
    run = aggregate([score_report(gold, _summary(gold, key_projects=[renamed, other]))])
    assert run.counts["key_projects"].tp_soft == 1
    assert run.counts["key_projects"].tp_strict == 1
    assert run.counts["key_projects"].n_pred == 2


def test_grounding_and_number_support(gold):
    goal = gold.items["goals"][1]
    paraphrased = goal.model_copy(update={"evidence": Evidence(quote="城镇登记失业率控制在4.4%以内")})
    wrong_number = goal.model_copy(update={"high": 4.5})
    score = score_report(gold, _summary(gold, goals=[paraphrased, wrong_number]))
    assert (score.n_items, score.quotes_verbatim) == (2, 1)
    assert (score.numbers_checked, score.numbers_supported) == (2, 1)


def test_micro_sums_counts_over_reports(gold):
    perfect = score_report(gold, _perfect(gold))
    empty = score_report(gold, _summary(gold))
    run = aggregate([perfect, empty])
    assert run.micro["soft"]["recall"] == 0.5
    assert run.micro["soft"]["precision"] == 1.0
    assert run.reports == 2


def test_metadata_is_scored_per_field_with_the_speaker_by_name():
    from summarizer.evaluate.score import score_meta

    gold = {
        "region": "全国",
        "year": 2024,
        "admin_level": "national",
        "speaker": "国务院总理 李强",
        "date": None,
    }
    right = score_meta(
        gold, {"region": "全国", "year": 2024, "admin_level": "national", "speaker": "总理 李强"}
    )
    assert right == {"region": True, "year": True, "admin_level": True, "speaker": True, "date": True}
    wrong = score_meta(
        {**gold, "admin_level": "county"}, {"region": "自治区", "year": None, "date": "2024-03-05"}
    )
    assert not any(wrong[k] for k in ("region", "year", "admin_level", "speaker", "date"))
    assert score_meta({"admin_level": "county"}, {"admin_level": "county-district"}) == {"admin_level": True}


def test_goals_stated_outside_the_passage_are_scored_where_the_gold_has_such_goals():
    from summarizer.evaluate.score import _in_scope
    from summarizer.models import Goal

    def goal(stated_in):
        return Goal(indicator="deficit_ratio", description="d", low=3, high=3, unit="%", qualifier="point",
                    stated_in=stated_in, evidence=Evidence(quote="赤字率拟按3%安排"))  # fmt: skip

    predicted = [goal("targets"), goal("tasks"), goal("other"), goal("review")]
    # a file annotating only the passage scores only passage goals
    assert [g.stated_in for g in _in_scope("goals", predicted, [goal("targets")])] == ["targets"]
    # tasks and "other" are one place: both sit outside the passage, and which one a fiscal paragraph
    # after the passage is stays a judgement call
    for gold_place in ("tasks", "other"):
        kept = _in_scope("goals", predicted, [goal(gold_place)])
        assert [g.stated_in for g in kept] == ["targets", "tasks", "other"]
