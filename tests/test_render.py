"""Summaries as JSON, Markdown and rich tables, on real corpus reports."""

from __future__ import annotations

import json

import pytest
from conftest import corpus_report, corpus_reports
from fake_extractors import summarize_text

from summarizer.models import ReportSummary
from summarizer.render import render, render_markdown


@pytest.fixture(scope="module")
def summary() -> ReportSummary:
    return summarize_text(corpus_report("chongqing_districts", "合川区"))


def test_json_is_an_array_for_one_report_and_for_several(summary):
    [one] = json.loads(render([summary], "json"))
    assert ReportSummary.model_validate(one) == summary
    several = [summarize_text(r) for r in corpus_reports("chongqing_districts")[:3]]
    data = json.loads(render(several, "json"))
    assert [ReportSummary.model_validate(d) for d in data] == several
    assert "合川区" in render([summary], "json")  # not \\u-escaped
    lines = render(several, "jsonl").splitlines()
    assert [ReportSummary.model_validate_json(line) for line in lines] == several


def test_markdown_lists_every_item_with_its_quote_and_span(summary):
    text = render_markdown(summary)
    assert text.startswith("## 合川区 2021 work_report")
    assert f"### Goals ({len(summary.goals)})" in text
    assert f"### Achievements ({len(summary.achievements)})" in text
    for item in [*summary.goals, *summary.achievements, *summary.key_projects]:
        assert item.evidence.quote in text
        assert f"{item.evidence.start}-{item.evidence.end}" in text


def test_markdown_escapes_pipes(summary):
    goal = summary.goals[0]
    odd = goal.model_copy(update={"evidence": goal.evidence.model_copy(update={"quote": "A|B"})})
    text = render_markdown(summary.model_copy(update={"goals": [odd]}))
    assert "A\\|B" in text


def test_table_shows_region_items_and_quotes(summary):
    text = render([summary], "table", width=200)
    assert "合川区" in text and f"Goals ({len(summary.goals)})" in text
    for goal in summary.goals:
        assert goal.evidence.quote in text
    assert "\x1b[" not in text  # no colour codes unless asked


def test_unknown_format():
    with pytest.raises(ValueError, match="unknown format"):
        render([], "yaml")
