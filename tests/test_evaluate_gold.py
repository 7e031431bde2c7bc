"""The gold checker: the committed gold set is clean; broken annotations are reported, not loaded silently."""

from __future__ import annotations

import copy

import pytest
from click.testing import CliRunner
from conftest import FILES
from evaluate_helpers import CORPUS, GOLD, SMALL_GOLD, write_gold

from summarizer.cli import main
from summarizer.errors import ConfigError
from summarizer.evaluate.gold import check_gold, load_gold, load_gold_file


def test_committed_gold_set_is_clean():
    assert check_gold(GOLD, CORPUS) == []


def test_committed_gold_covers_the_issue_scope():
    golds = load_gold(GOLD, CORPUS)
    sources = {g.report.source.rsplit("/", 1)[-1][:3] for g in golds}
    assert len(golds) >= 10
    assert {"000", "001", "002", "003", "004"} <= sources
    for gold in golds:
        # identity: the gold's region is the report's own region and every span slices back to its quote
        for kind, items in gold.items.items():
            for item in items:
                ev = item.evidence
                assert gold.report.text[ev.start : ev.end] == ev.quote, (gold.name, kind)


def test_gold_report_is_the_right_one_in_a_collection(tmp_path):
    data = copy.deepcopy(SMALL_GOLD)
    data.update(
        source="001_1942fa47ad5fe32d.txt", region="渝中区", goals=[], achievements=[], key_projects=[]
    )
    gold = load_gold_file(write_gold(tmp_path, "yz", data), CORPUS)
    assert gold.report.meta.region == "渝中区"
    assert gold.report.index > 0


def _problems(tmp_path, mutate) -> list[str]:
    data = copy.deepcopy(SMALL_GOLD)
    mutate(data)
    write_gold(tmp_path, "bad", data)
    return check_gold(tmp_path, CORPUS)


def test_small_gold_is_clean(tmp_path):
    write_gold(tmp_path)
    assert check_gold(tmp_path, CORPUS) == []


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["goals"][1].update(quote="城镇登记失业率控制在4.4%以内"), "not an exact substring"),
        (lambda d: d["goals"][1].update(high=4.5), "high=4.5 does not appear"),
        (lambda d: d["achievements"][1].update(value=47.9), "value=47.9 does not appear"),
        (lambda d: d["key_projects"][0].update(investment={"amount": 30, "unit": "亿元"}), "investment.amount"),
        (lambda d: d["goals"][0].update(indicator="gdp_growth_rate"), "unknown indicator"),
        (lambda d: d["achievements"][0].update(indicator="other"), "out of scope"),
        (lambda d: d["goals"][1].update(qualifier="at_least"), "invalid item"),
        (lambda d: d["goals"][1].update(qualifier="about"), "sets both low and high"),
        (lambda d: d["goals"][0].update(comment="x"), "unknown fields"),
        (lambda d: d.update(source=FILES["chongqing_districts"], region="巴中市"), "no report for region"),
    ],
)  # fmt: skip
def test_checker_reports_each_problem(tmp_path, mutate, expected):
    problems = _problems(tmp_path, mutate)
    assert len(problems) == 1, problems
    assert expected in problems[0]


def test_a_single_report_file_is_tied_by_name_whatever_its_detected_region(tmp_path):
    assert _problems(tmp_path, lambda d: d.update(region="某某市")) == []


def test_negative_value_may_be_written_as_a_decline(tmp_path):
    def mutate(d):
        d["achievements"][2].update(value=-754.29)  # "下降754.29" style: the magnitude is in the quote

    assert _problems(tmp_path, mutate) == []


def test_excerpt_keeps_items_quoted_inside_and_shifts_spans(tmp_path):
    gold = load_gold_file(write_gold(tmp_path), CORPUS)
    start, end = 300, 2300  # the review's poverty and GDP paragraph, not the targets
    part = gold.excerpt(start, end)
    assert part.report.text == gold.report.text[start:end]
    assert part.report.offset == gold.report.offset + start
    assert [len(part.items[k]) for k in ("goals", "achievements", "key_projects")] == [0, 3, 3]
    for items in part.items.values():
        for item in items:
            assert part.report.text[item.evidence.start : item.evidence.end] == item.evidence.quote


def test_load_gold_unknown_name_is_an_error():
    with pytest.raises(ConfigError, match="no gold file named"):
        load_gold(GOLD, CORPUS, names=["999_nowhere"])


def test_cli_check_gold_exit_codes(tmp_path):
    runner = CliRunner()
    ok = runner.invoke(main, ["eval", "check-gold", str(GOLD), "--corpus", str(CORPUS)])
    assert ok.exit_code == 0, ok.output
    assert "gold report(s) OK" in ok.output
    bad = copy.deepcopy(SMALL_GOLD)
    bad["goals"][1]["high"] = 4.5
    write_gold(tmp_path / "gold", "bad", bad)
    result = runner.invoke(main, ["eval", "check-gold", str(tmp_path / "gold"), "--corpus", str(CORPUS)])
    assert result.exit_code != 0
    assert "high=4.5" in result.output


def test_heldout_split_is_separate_from_the_dev_set():
    heldout = load_gold(GOLD, CORPUS, split="heldout")
    dev = load_gold(GOLD, CORPUS, split="dev")
    assert {g.name for g in heldout} == {"004_shandong", "004_jiangsu", "001_dianjiang"}
    assert len(dev) >= 10 and not {g.name for g in dev} & {g.name for g in heldout}
    opened = load_gold(GOLD, CORPUS, split="open-dev") + load_gold(GOLD, CORPUS, split="open-blind")
    assert len(load_gold(GOLD, CORPUS)) == len(dev) + len(heldout) + len(opened)


def test_unknown_split_is_a_problem(tmp_path):
    write_gold(tmp_path, data={**copy.deepcopy(SMALL_GOLD), "split": "train"})
    assert any("split 'train'" in p for p in check_gold(tmp_path, CORPUS))
