import itertools

import pytest

from summarizer import sections, sentences
from summarizer.models import SectionKind
from tests.conftest import corpus_report, corpus_reports


def _kinds(report):
    return [s.kind for s in sections(report)]


def _text_of(report, kind):
    return "".join(report.text[s.start : s.end] for s in sections(report) if s.kind == kind)


def test_sections_tile_the_report_in_order():
    for name in ("bazhong", "chongqing_districts", "bazhou_plan", "qianjiang", "provinces"):
        for report in corpus_reports(name):
            parts = sections(report)
            assert parts[0].start == 0 and parts[-1].end == len(report.text)
            for a, b in itertools.pairwise(parts):
                assert a.end == b.start and a.start < a.end


def test_work_report_sections():
    report = corpus_report("bazhong")
    assert SectionKind.review in _kinds(report)
    targets = _text_of(report, SectionKind.targets)
    assert targets.startswith("全市经济社会发展的预期目标是")
    assert "城镇登记失业率控制在 4.4% 以内" in targets
    assert _text_of(report, SectionKind.review).startswith("一、2019年工作回顾")
    assert "政府自身建设" in _text_of(report, SectionKind.self_building)[:20]


@pytest.mark.parametrize("region", ["安徽省", "北京市", "广东省", "湖北省", "浙江省", "河北省", "西藏自治区"])
def test_targets_passage_holds_the_gdp_target_of_each_province(region):
    report = corpus_report("provinces", region)
    targets = _text_of(report, SectionKind.targets)
    assert "预期目标" in targets
    assert "生产总值" in targets
    assert len(targets) < 4000
    # last year's 预计 figures live in the review, not in the targets
    assert "预计" not in targets[:200]


def test_every_provincial_report_has_review_targets_and_tasks():
    for report in corpus_reports("provinces"):
        kinds = _kinds(report)
        assert {SectionKind.review, SectionKind.targets, SectionKind.tasks} <= set(kinds), report.meta.region


def test_nested_numbering_inside_the_review_is_not_a_top_level_heading():
    xizang = corpus_report("provinces", "西藏自治区")
    titles = [s.title for s in sections(xizang) if s.kind != SectionKind.preamble]
    assert titles[0] == "一、2019年工作回顾"
    assert not any("坚定不移补齐发展短板" in t for t in titles)


def test_single_line_reports_are_segmented():
    for report in corpus_reports("chongqing_districts"):
        kinds = _kinds(report)
        assert SectionKind.review in kinds and SectionKind.targets in kinds, report.meta.region
    yubei = corpus_report("chongqing_districts", "渝北区")
    targets = _text_of(yubei, SectionKind.targets)
    assert "2021年" in targets and "%" in targets


def test_plan_outline_chapters():
    plan = corpus_report("bazhou_plan")
    parts = sections(plan)
    chapters = [s for s in parts if s.kind != SectionKind.preamble]
    assert chapters[0].title.startswith("第一章") and chapters[0].kind == SectionKind.review
    assert chapters[1].title.startswith("第二章") and chapters[1].kind == SectionKind.targets
    assert sum(s.kind == SectionKind.plan_chapter for s in parts) >= 8


def test_sentences_survive_reports_without_line_breaks():
    report = corpus_report("chongqing_districts", "南川区")
    spans = sentences(report.text)
    assert len(spans) > 300
    for span in spans[:200]:
        piece = report.text[span.start : span.end]
        assert piece == piece.strip()
        assert not any(mark in piece[:-1] for mark in "。！？")


def test_sentences_keep_offsets_and_closing_quotes():
    text = "他说：“今年增长6%。”然后呢？好的；\n完"
    spans = [text[s.start : s.end] for s in sentences(text)]
    assert spans == ["他说：“今年增长6%。”", "然后呢？", "好的；", "完"]


def test_sentences_of_a_range():
    text = "甲。乙。丙。"
    assert [text[s.start : s.end] for s in sentences(text, 2, 6)] == ["乙。", "丙。"]


def test_sections_are_computed_once_per_report_in_the_rules_path():
    from summarizer.extract.rules import extract_rules
    from summarizer.segment import _sections

    report = corpus_report("qianjiang")
    fresh = report.model_copy(update={"text": report.text + "\n"})  # a text no test has segmented yet
    before = _sections.cache_info().misses
    extract_rules(fresh)
    assert _sections.cache_info().misses == before + 1
    assert sections(fresh) == sections(fresh) and sections(fresh) is not sections(fresh)
