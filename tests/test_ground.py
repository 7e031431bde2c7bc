import pytest

from summarizer import SourceText, ground_items, normalize
from summarizer.models import Achievement, Evidence, Goal, KeyProject, SectionKind
from summarizer.segment import sections
from tests.conftest import corpus_report


@pytest.fixture(scope="module")
def bazhong():
    return corpus_report("bazhong")


def _span_text(report, evidence):
    return report.text[evidence.start : evidence.end]


def test_exact_match(bazhong):
    evidence = SourceText(bazhong.text).locate("全市到位地方政府债券资金92.26亿元")
    assert evidence.match == "exact"
    assert _span_text(bazhong, evidence) == evidence.quote == "全市到位地方政府债券资金92.26亿元"


def test_normalized_match_maps_offsets_back_to_the_original(bazhong):
    # the report writes "754.29 亿元" and "6.0%" with spaces; a model quotes them without, full width, etc.
    source = SourceText(bazhong.text)
    original = "全年完成地区生产总值 754.29 亿元"
    assert original in bazhong.text
    for quote in (
        "全年完成地区生产总值754.29亿元",
        "全年完成地区生产总值７５４.２９亿元",
        "全年完成地区生产总值 754.29  亿元",
    ):
        evidence = source.locate(quote)
        assert evidence.match == "normalized"
        assert _span_text(bazhong, evidence) == original


def test_normalized_match_handles_dash_variants():
    report = corpus_report("provinces", "浙江省")
    source = SourceText(report.text)
    assert "生产总值增长 6%-6.5%" in report.text
    evidence = source.locate("生产总值增长6%—6.5%")
    assert evidence.match == "normalized"
    assert _span_text(report, evidence) == "生产总值增长 6%-6.5%"


def test_markdown_bold_and_footnotes_do_not_block_a_match():
    source = SourceText("今年**地区生产总值增长 6%左右**，其他[1]。")
    evidence = source.locate("地区生产总值增长6%左右")
    assert evidence.match == "normalized"
    assert evidence.quote == "地区生产总值增长 6%左右"


def test_fuzzy_match_tolerates_a_miscopied_character(bazhong):
    quote = "全市到位地方政府债券资金92.26亿元，其中新增专项债卷资金24.16亿元"  # 券 -> 卷
    evidence = SourceText(bazhong.text).locate(quote)
    assert evidence.match == "fuzzy"
    assert evidence.quote == "全市到位地方政府债券资金92.26亿元，其中新增专项债券资金24.16亿元"


def test_fuzzy_can_be_switched_off(bazhong):
    quote = "全市到位地方政府债券资金92.26亿元，其中新增专项债卷资金24.16亿元"
    assert SourceText(bazhong.text, fuzzy=False).locate(quote) is None


def test_tiny_partial_match_of_a_long_quote_is_not_a_match(bazhong):
    # starts with a real clause, then continues with invented text of the same length
    real = "全市到位地方政府债券资金92.26亿元"
    quote = real + "，全市还新建了三十座大型国际机场和五十条高速铁路以及一百个港口码头"
    assert SourceText(bazhong.text).locate(quote) is None


def test_invented_quote_is_not_found(bazhong):
    assert SourceText(bazhong.text).locate("巴中市今年新建火星基地一座，总投资999亿元") is None
    assert SourceText(bazhong.text).locate("") is None


def test_repeated_phrase_prefers_the_expected_section():
    report = corpus_report("provinces", "湖北省")
    phrase = "地区生产总值增长"
    assert report.text.count(phrase) >= 2
    targets = next(s for s in sections(report) if s.kind == SectionKind.targets)
    evidence = SourceText(report.text).locate(phrase, near=(targets.start, targets.end))
    assert targets.start <= evidence.start < targets.end
    first = SourceText(report.text).locate(phrase)
    assert first.start < targets.start  # without a hint: the first occurrence, in the review


def test_normalize_index_points_at_source_characters():
    text = "增长 ６ ％ 左右—"
    norm, index = normalize(text)
    assert norm == "增长6%左右-"
    assert [text[i] for i in index] == ["增", "长", "６", "％", "左", "右", "—"]


def _goal(quote, **fields):
    base = {"indicator": "gdp_growth", "description": "x", "qualifier": "about", "low": 4.0, "high": 4.0}
    return Goal(**(base | fields), unit="%", evidence=Evidence(quote=quote))


def test_ground_items_keeps_supported_items_and_rejects_the_rest():
    report = corpus_report("provinces", "湖北省")
    source = SourceText(report.text)
    good = _goal("地区生产总值增长 7.5%左右", low=7.5, high=7.5)
    wrong_number = _goal("地区生产总值增长 7.5%左右", low=8.0, high=8.0)
    invented = _goal("地区生产总值增长 9%左右", low=9.0, high=9.0)
    result = ground_items([good, wrong_number, invented], source, "goals")
    assert len(result.kept) == 1
    kept = result.kept[0]
    assert report.text[kept.evidence.start : kept.evidence.end] == kept.evidence.quote
    assert kept.evidence.match == "exact"
    reasons = [r.reason for r in result.rejected]
    assert "low=8" in reasons[0] and "does not appear" in reasons[0]
    assert "not found" in reasons[1]
    assert all(r.kind == "goals" for r in result.rejected)


def test_ground_items_checks_achievement_values_and_project_investment(bazhong):
    source = SourceText(bazhong.text)
    achievement = Achievement(
        indicator="general_budget_revenue", description="x", value=92.26, unit="亿元",
        evidence=Evidence(quote="全市到位地方政府债券资金92.26亿元"),
    )  # fmt: skip
    project = KeyProject(
        name="江家口水库", status="started", investment={"amount": 50, "unit": "亿元"},
        evidence=Evidence(quote="江家口水库开工建设"),
    )  # fmt: skip
    result = ground_items([achievement, project], source, "achievements")
    assert len(result.kept) == 1 and len(result.rejected) == 1
    assert "investment=50" in result.rejected[0].reason


def test_ground_items_can_require_exact_matches(bazhong):
    source = SourceText(bazhong.text)
    item = Achievement(
        indicator="other", description="x", evidence=Evidence(quote="全市到位地方政府债券资金 92.26亿元")
    )
    assert ground_items([item], source, "achievements", min_tier="exact").rejected
    assert ground_items([item], source, "achievements").kept


def test_a_phrase_repeated_thousands_of_times_is_found_near_its_region_quickly():
    text = "全省地区生产总值增长6%，" * 25000  # 300k characters, one phrase 25,000 times
    source = SourceText(text)
    for quote, tier in (("全省地区生产总值增长6%", "exact"), ("全省地区生产总值增长 6%", "normalized")):
        evidence = source.locate(quote, near=(120_000, 120_500))
        assert evidence.match == tier and 120_000 <= evidence.start < 120_500
    before = source.locate("全省地区生产总值增长6%", near=(len(text) + 10, len(text) + 20))
    assert before.end == len(text) - 1  # the nearest occurrence, the last one
