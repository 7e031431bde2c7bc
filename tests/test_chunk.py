"""Chunking: token budget, section and sentence boundaries, routing by section kind, splitting, candidates."""

from __future__ import annotations

import itertools

import pytest
from conftest import corpus_report

from summarizer import Report, sections, sentences
from summarizer.extract.llm.chunk import (
    ROUTES,
    Chunk,
    candidate_sentences,
    chunk_report,
    estimate_tokens,
    split_chunk,
)

ENDS = "。！？；;!?\n"


@pytest.mark.parametrize("budget", [3000, 800, 200])
def test_chunks_stay_within_budget_and_cut_at_sentence_or_section_ends(budget):
    report = corpus_report("bazhong")
    chunks = chunk_report(report, budget)
    bounds = {s.start for s in sections(report)} | {s.end for s in sections(report)}
    long_sentences = [
        s for s in sentences(report.text) if estimate_tokens(report.text[s.start : s.end]) > budget
    ]
    for chunk in chunks:
        assert estimate_tokens(chunk.text(report)) <= budget
        if chunk.end not in bounds and report.text[: chunk.end].rstrip(" \t\u3000")[-1] not in ENDS:
            # only a sentence longer than the whole budget is cut inside (after a comma if it can)
            assert any(s.start < chunk.end < s.end for s in long_sentences)
            assert not report.text[chunk.end - 1 : chunk.end + 1].isdigit()
    assert (budget == 200) == bool(long_sentences)
    assert [c.index for c in chunks] == list(range(len(chunks)))
    assert all(a.end <= b.start for a, b in itertools.pairwise(chunks))


def test_routing_by_section_kind():
    report = corpus_report("bazhong")
    parts = sections(report)
    review = next(s for s in parts if s.kind == "review")
    targets = next(s for s in parts if s.kind == "targets")
    self_building = next(s for s in parts if s.kind == "self_building")
    chunks = chunk_report(report, 3000)
    for chunk in chunks:
        if review.start <= chunk.start < review.end:
            assert chunk.kinds == ("achievements", "key_projects")  # reviews name many projects
        else:
            assert chunk.kinds == ("goals", "key_projects")
        assert not (self_building.start <= chunk.start < self_building.end)  # not sent at all
        assert chunk.start >= review.start  # the short preamble (title, date) is skipped
    assert any(c.start <= targets.start < c.end for c in chunks)


def test_routed_sections_are_covered_completely():
    report = corpus_report("chongqing_districts", "渝北区")
    chunks = chunk_report(report, 500)
    covered = sum(c.end - c.start for c in chunks)
    routed = sum(s.end - s.start for s in sections(report) if s.kind in ("review", "targets", "tasks"))
    assert covered == routed


def test_plan_chapters_are_read_for_every_kind():
    report = corpus_report("bazhou_plan")
    kinds = {c.kinds for c in chunk_report(report, 3000)}
    assert ("goals", "achievements", "key_projects") in kinds


def test_a_report_without_headings_is_read_whole_for_every_kind():
    text = corpus_report("bazhong").text[8004:9285]
    chunks = chunk_report(Report(text=text), 3000)
    assert [(c.start, c.end, c.kinds) for c in chunks] == [
        (0, len(text), ("goals", "achievements", "key_projects"))
    ]


@pytest.mark.parametrize("budget", [1500, 4000, 8000, 100_000])
def test_sections_of_other_kinds_share_a_chunk_only_when_that_saves_a_call(budget):
    report = corpus_report("bazhong")
    parts = [p for p in sections(report) if ROUTES[p.kind]]
    chunks = chunk_report(report, budget)
    calls = lambda a, b: -(-estimate_tokens(report.text[a:b]) // budget)  # noqa: E731
    runs = [(p.start, p.end) for p in parts]  # review, targets + tasks (same kinds) are adjacent here
    apart = calls(runs[0][0], runs[0][1]) + calls(runs[1][0], runs[-1][1])
    assert len(chunks) == min(apart, calls(runs[0][0], runs[-1][1]))
    for chunk in chunks:  # each asks for the kinds of the sections it holds, and only those
        held = [p for p in parts if p.start < chunk.end and chunk.start < p.end]
        assert set(chunk.kinds) == {k for p in held for k in ROUTES[p.kind]}
        assert chunk.end <= next(p.start for p in sections(report) if p.kind == "self_building")
    if budget == 100_000:
        assert [c.kinds for c in chunks] == [("goals", "achievements", "key_projects")]


def test_split_chunk_cuts_at_the_sentence_end_nearest_the_middle():
    report = corpus_report("bazhong")
    chunk = chunk_report(report, 3000)[1]
    first, second = split_chunk(report, chunk)
    assert (first.start, second.end, first.end) == (chunk.start, chunk.end, second.start)
    assert report.text[: first.end].rstrip(" \t\u3000")[-1] in ENDS
    assert abs(first.end - (chunk.start + chunk.end) / 2) < 300
    assert split_chunk(report, Chunk(0, 10, ("goals",), "")) is None


def test_candidate_sentences_pick_targets_and_projects():
    report = corpus_report("bazhong")
    chunk = Chunk(7673, 9285, ("goals", "key_projects"), "二、2020 年工作安排")
    picked = [report.text[s.start : s.end] for s in candidate_sentences(report, chunk)]
    assert any(p.startswith("全市经济社会发展的预期目标是") for p in picked)
    assert any("加快建设汉巴南铁路" in p for p in picked)
    assert not any(p.startswith("今年是全面建成小康社会") for p in picked)  # no figure, no project
    assert len(picked) < len(report.text[chunk.start : chunk.end].split("。"))


def test_estimate_tokens_counts_chinese_per_character():
    assert estimate_tokens("地区生产总值") == 6
    assert estimate_tokens("GDP growth 6%") == 4
