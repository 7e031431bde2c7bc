"""Degenerate input must not make the rule extractor slow: time stays linear in the input size.

Two layers are checked. Every regex kept at module level in summarizer/ is scanned over runs of digits,
spaces, 、, Han and mixed text at two sizes: a pattern whose match can start anywhere in a run and scan
to its end takes quadratic time (64x for 8x the input). And `extract_rules` runs on a real report with
300,000 characters of such a run inside one clause, and on the bare run of the issue.

No test compares a time with a fixed number of seconds: each compares two CPU times (`time.process_time`,
which other processes on a busy machine barely move) measured in the same run, and the bounds sit far
between linear growth and the blow-up they guard against.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import re
import time

import pytest
from conftest import corpus_report, corpus_reports

import summarizer
from summarizer import NotAReportError, Report, load_reports
from summarizer.extract.rules import extract_rules
from summarizer.extract.rules import project_vocab as vocab
from summarizer.extract.rules.achievements import _ESTIMATE, _FIVE_YEARS
from summarizer.extract.rules.indicators import MAX_CLAUSE, SpanSearch, clauses
from summarizer.extract.rules.poverty import ELSEWHERE, ELSEWHERE_LONGEST
from summarizer.extract.rules.projects import _distinct, _Keys, extract_projects, normalize_name

# -- every module-level pattern is linear on long runs ---------------------------------------------------

_RUNS = {
    "digits": "1234567890",
    "spaces": " ",
    "ideographic_comma": "、",
    "han": "地区生产总值增长",
    "numerals": "一二三四五六七八九十",
    "mixed": "1 2、增长 ",
}
_SMALL, _LARGE = 2000, 16000
_MAX_RATIO = 24.0  # 8x the input: about 8x when linear, 64x when quadratic
_TINY = 0.002  # seconds: below this on the large input a pattern is not worth timing
_KNOWN = {
    # only ever fullmatched against one stripped line of at most 300 characters (split._is_furniture)
    "summarizer.split._FURNITURE": ".*X.* alternatives rescan the rest of a line; lines are bounded",
}


def _module_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """(id, pattern) for every compiled str pattern at module level, also inside tuples and dicts."""
    found: dict[str, re.Pattern[str]] = {}

    def walk(name: str, obj: object, depth: int = 0) -> None:
        if isinstance(obj, re.Pattern):
            if isinstance(obj.pattern, str):
                found[name] = obj
        elif isinstance(obj, (tuple, list)) and depth < 3:
            for i, item in enumerate(obj):
                walk(f"{name}[{i}]", item, depth + 1)
        elif isinstance(obj, dict) and depth < 3:
            for key, item in obj.items():
                walk(f"{name}[{key!r}]", item, depth + 1)

    for info in pkgutil.walk_packages(summarizer.__path__, "summarizer."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            walk(f"{info.name}.{name}", obj)
    return sorted(found.items())


_PATTERNS = _module_patterns()


def _cpu_time(call, repeat: int = 1) -> float:
    """The least CPU time of `repeat` calls: scheduling delays on a busy machine do not count."""
    best = float("inf")
    for _ in range(repeat):
        began = time.process_time()
        call()
        best = min(best, time.process_time() - began)
    return best


def _scan_time(pattern: re.Pattern[str], text: str, repeat: int) -> float:
    return _cpu_time(lambda: all(True for _ in pattern.finditer(text)), repeat)


def test_the_scan_sees_the_extractor_patterns():
    names = {name for name, _ in _PATTERNS}
    assert len(names) > 100
    for expected in ("project_vocab.TAIL", "goals._STOP", "indicators._COMPILED[0][0]"):
        assert any(name.endswith(expected) for name in names), expected


@pytest.mark.parametrize(("name", "pattern"), _PATTERNS, ids=[name for name, _ in _PATTERNS])
def test_pattern_scan_is_linear(name, pattern):
    if name.rsplit("[", 1)[0] in _KNOWN:
        pytest.xfail(_KNOWN[name.rsplit("[", 1)[0]])
    slow = []
    for run, unit in _RUNS.items():
        small = (unit * (_SMALL // len(unit) + 1))[:_SMALL]
        large = (unit * (_LARGE // len(unit) + 1))[:_LARGE]
        t_large = _scan_time(pattern, large, 1)
        if t_large < _TINY:
            continue
        t_small = _scan_time(pattern, small, 3)
        if t_large / t_small > _MAX_RATIO:
            t_large = _scan_time(pattern, large, 3)  # once more: single timings are noisy
            if t_large / t_small > _MAX_RATIO:
                slow.append(f"{run}: {t_small * 1000:.1f} ms -> {t_large * 1000:.1f} ms")
    assert not slow, f"{name} grows faster than its input: {slow}"


# -- end to end: 300,000 characters of a run inside a real report ----------------------------------------

_RUN_LENGTH = 300_000
_MAX_SLOWDOWN = 60.0  # x the clean report's CPU time: minutes before the fix, a few x after it


def _han_run() -> str:
    han = "".join(re.findall(r"[\u4e00-\u9fff]", corpus_report("bazhong").text))
    return (han * (_RUN_LENGTH // len(han) + 1))[:_RUN_LENGTH]


_HOSTILE = {
    "digits": lambda: "1234567890" * (_RUN_LENGTH // 10),
    "spaces": lambda: " " * _RUN_LENGTH,
    "ideographic_commas": lambda: "、" * _RUN_LENGTH,
    "han_without_punctuation": _han_run,
}


def _timed_rules(text: str):
    began = time.process_time()
    summary = extract_rules(load_reports(text)[0])
    return summary, time.process_time() - began


def _cpu_time_of(call):
    began = time.process_time()
    result = call()
    return result, time.process_time() - began


def _clean_seconds() -> float:
    """CPU time of the unpoisoned report, the yardstick of this run."""
    text = corpus_report("bazhong").text
    return _cpu_time(lambda: extract_rules(load_reports(text)[0]), repeat=2)


@pytest.mark.parametrize("kind", sorted(_HOSTILE))
def test_a_long_run_inside_a_report_clause(kind, caplog):
    report = corpus_report("bazhong")
    base = extract_rules(report)
    at = base.goals[0].evidence.start + 4  # inside a target clause: "地区生产总值|增速高于…"
    text = report.text[:at] + _HOSTILE[kind]() + report.text[at:]
    with caplog.at_level(logging.WARNING, logger="summarizer.extract.rules.indicators"):
        summary, seconds = _timed_rules(text)
    clean = _clean_seconds()
    assert seconds < _MAX_SLOWDOWN * clean, f"{kind}: {seconds:.2f} s vs {clean:.3f} s clean"
    assert "skipped a clause" in caplog.text
    # only the poisoned part is lost: results and projects elsewhere in the report are all still found
    assert [(a.indicator, a.value) for a in summary.achievements] == [
        (a.indicator, a.value) for a in base.achievements
    ]
    assert [p.name for p in summary.key_projects] == [p.name for p in base.key_projects]


def test_the_bare_digit_run_of_the_issue():
    began = time.process_time()
    with pytest.raises(NotAReportError, match="not written in Chinese"):  # refused at once, not scanned
        load_reports("1234567890" * 30000)
    assert time.process_time() - began < _MAX_SLOWDOWN * _clean_seconds()
    report = Report(text="1234567890" * 30000)  # handed to the extractor directly: no items, still linear
    summary, seconds = _cpu_time_of(lambda: extract_rules(report))
    assert seconds < _MAX_SLOWDOWN * _clean_seconds()
    assert not summary.goals and not summary.achievements and not summary.key_projects


def test_counted_parts_after_a_project_name_do_not_backtrack_exponentially():
    # "…铁路  1个  1个 … x": the status trail once split each run of spaces two ways (2^n attempts;
    # 18 parts took four minutes). A real clause with such parts appended stays instant.
    report = corpus_report("bazhong")
    project = next(p for p in extract_rules(report).key_projects if p.name.endswith("铁路"))
    clause = project.evidence.quote
    cut = clause.index(project.name) + len(project.name)

    def parts(n: int):
        report = load_reports("一、重点工作\n" + clause[:cut] + "  1个" * n + "x" + clause[cut:] + "。")[0]
        return lambda: extract_projects(report)

    few, many = _cpu_time(parts(10), repeat=3), _cpu_time(parts(40), repeat=3)
    assert many < 40 * max(few, 1e-4), f"10 parts {few * 1000:.1f} ms, 40 parts {many * 1000:.1f} ms"


# -- the pieces that keep it linear give the same answers as the plain way -------------------------------


def test_a_clause_longer_than_the_limit_is_skipped_with_a_warning(caplog):
    text = corpus_report("bazhong").text
    long_clause = re.sub(r"[，,；;。！？!?：:\n]", "", text[:5000])
    assert len(long_clause) > MAX_CLAUSE
    with caplog.at_level(logging.WARNING, logger="summarizer.extract.rules.indicators"):
        assert clauses(long_clause) == []
    assert "skipped a clause" in caplog.text
    kept = clauses(long_clause, longest=None)
    assert len(kept) == 1 and kept[0].end - kept[0].start == len(long_clause.strip())


@pytest.mark.parametrize(
    ("pattern", "longest"),
    [(_ESTIMATE, 4), (_FIVE_YEARS, 3), (ELSEWHERE, ELSEWHERE_LONGEST)],
    ids=["estimate", "five_years", "elsewhere"],
)
def test_span_search_answers_as_a_fresh_search(pattern, longest):
    assert re._parser.parse(pattern.pattern).getwidth()[1] <= longest  # the bound it relies on
    answers = 0
    for report in corpus_reports("provinces"):
        text = report.text
        search = SpanSearch(text, pattern, longest)
        sentence_start = 0
        for clause in clauses(text):
            sentence_start = max(
                [sentence_start] + [text.rfind(ch, 0, clause.start) + 1 for ch in "。！？\n"]
            )
            expected = pattern.search(text[sentence_start : clause.end]) is not None
            assert search.found(sentence_start, clause.end) == expected
            answers += expected
    assert answers  # the reports do speak of 预计 / 五年 / 对口帮扶


def test_project_keys_refer_as_a_scan_of_every_seen_key_does():
    def by_scan(key: str, seen: list[str]) -> str:
        if key in seen:
            return key

        def refers(o: str) -> bool:  # containment, unless the longer names a section, phase or second name
            return (key in o and not _distinct(o, key)) or (o in key and not _distinct(key, o))

        return next((o for o in seen if len(key) >= 4 and len(o) >= 4 and refers(o)), key)

    for report in corpus_reports("provinces"):
        keys = [normalize_name(p.name) for p in extract_projects(report)]
        # the extractor's keys are already merged; their prefixes and suffixes make containment frequent
        queries = [k for key in keys for k in (key, key[:5], key[1:], key + "二期")]
        seen: list[str] = []
        index = _Keys()
        for key in queries:
            expected = by_scan(key, seen)
            assert index.same(key) == expected
            if expected not in seen:
                seen.append(expected)
                index.add(expected)


def test_vocabulary_patterns_still_start_at_a_run_start():
    # the lookbehinds keep the whole number: "12号线" is found from its first digit, as before
    assert vocab.SUFFIX.search("加快轨道交通建设，12号线").group() == "12号线"
    assert vocab.COUNTED.search("建成16个项目").group() == "16个"
    assert [m.group() for m in vocab.PHASE.finditer("三 四期工程、十一期")] == [" 四期工程", "十一期"]
