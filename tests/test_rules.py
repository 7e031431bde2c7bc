"""The rule extractor as a backend: protocol, registry, summary fields and exact grounding."""

from __future__ import annotations

import asyncio

from conftest import corpus_report, corpus_reports

from summarizer.extract import Extractor, get_extractor
from summarizer.extract.rules import RulesExtractor, extract_rules


def test_registered_as_rules_and_follows_the_protocol():
    extractor = get_extractor("rules")
    assert isinstance(extractor, RulesExtractor)
    assert isinstance(extractor, Extractor)
    assert extractor.cache_key()["backend"] == "rules"


def test_async_extract_gives_the_same_summary():
    report = corpus_report("qianjiang")
    summary = asyncio.run(RulesExtractor().extract(report))
    direct = extract_rules(report)
    assert summary.model_dump(exclude={"usage"}) == direct.model_dump(exclude={"usage"})


def test_summary_fields():
    report = corpus_reports("chongqing_districts")[3]
    summary = extract_rules(report)
    assert summary.meta == report.meta
    assert (summary.source, summary.report_index, summary.backend) == (report.source, 3, "rules")
    assert summary.usage.seconds > 0
    assert summary.goals and summary.achievements and summary.key_projects


def test_every_item_of_every_provincial_report_is_an_exact_span():
    for report in corpus_reports("provinces"):
        summary = extract_rules(report)
        assert not summary.rejected, summary.rejected[:2]
        for item in [*summary.goals, *summary.achievements, *summary.key_projects]:
            ev = item.evidence
            assert ev.match == "exact"
            assert report.text[ev.start : ev.end] == ev.quote
