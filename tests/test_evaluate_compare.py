"""Comparisons: the paired bootstrap on synthetic runs with known answers, tables, Markdown and HTML."""

from __future__ import annotations

import numpy as np
import pytest

from summarizer.evaluate.compare import Cell, compare_cells, paired_bootstrap
from summarizer.evaluate.report import render_html, render_markdown
from summarizer.evaluate.score import KindCounts, ReportScore, aggregate


def _counts(tp, n_pred, n_gold) -> np.ndarray:
    return np.array([tp, n_pred, n_gold]).T


def test_bootstrap_large_difference_excludes_zero():
    rng = np.random.default_rng(42)
    gold = rng.integers(5, 30, size=12)
    a = _counts(np.round(gold * 0.2).astype(int), gold, gold)  # F1 about 0.2
    b = _counts(np.round(gold * 0.8).astype(int), gold, gold)  # F1 about 0.8
    diff, low, high = paired_bootstrap(a, b)
    assert diff == pytest.approx(0.6, abs=0.05)
    assert 0 < low <= diff <= high
    # reversed, the interval mirrors
    rdiff, rlow, rhigh = paired_bootstrap(b, a)
    assert (rdiff, rlow, rhigh) == pytest.approx((-diff, -high, -low))


def test_bootstrap_identical_runs_is_zero():
    a = _counts([3, 0, 7, 2], [5, 1, 9, 2], [6, 4, 8, 3])
    assert paired_bootstrap(a, a.copy()) == (0.0, 0.0, 0.0)


def test_bootstrap_is_seeded_and_paired():
    a = _counts([3, 1, 7, 2, 5], [5, 4, 9, 2, 6], [6, 4, 8, 3, 9])
    b = _counts([4, 1, 8, 2, 5], [5, 4, 9, 2, 6], [6, 4, 8, 3, 9])
    assert paired_bootstrap(a, b) == paired_bootstrap(a, b)
    rng = np.random.default_rng(7)
    n = rng.integers(10, 40, size=30)
    noisy_a, noisy_b = _counts(rng.integers(0, n), n, n), _counts(rng.integers(0, n), n, n)
    assert paired_bootstrap(noisy_a, noisy_b, seed=1)[1:] != paired_bootstrap(noisy_a, noisy_b, seed=0)[1:]
    # b is never worse on any report, so with paired draws no resample can show a negative difference
    assert paired_bootstrap(a, b)[1] >= 0.0


def test_bootstrap_rejects_mismatched_inputs():
    with pytest.raises(ValueError):
        paired_bootstrap(_counts([1], [1], [1]), _counts([1, 2], [1, 2], [1, 2]))


def _score(doc: str, tp: int, n: int) -> ReportScore:
    kinds = {
        k: KindCounts(n_gold=n, n_pred=n, tp_soft=tp, tp_strict=tp // 2)
        for k in ("goals", "achievements", "key_projects")
    }
    return ReportScore(doc=doc, kinds=kinds)


def _cell(name: str, tps: list[int], n: int = 10) -> Cell:
    docs = {f"doc{i}": _score(f"doc{i}", tp, n) for i, tp in enumerate(tps)}
    return Cell(name, aggregate(list(docs.values())), docs)


def test_compare_cells_tables_and_intervals():
    base = _cell("base", [2, 3, 1, 2, 2, 3, 2, 1])
    better = _cell("better", [8, 9, 7, 9, 8, 8, 9, 7])
    comparison = compare_cells([base, better])
    rows = dict(comparison.rows)
    assert rows["micro soft f1"] == [pytest.approx(16 / 80), pytest.approx(65 / 80)]
    cis = {(c.scope, c.mode): c for c in comparison.intervals["better"]}
    assert cis[("all", "soft")].significant and cis[("all", "soft")].low > 0
    assert cis[("goals", "strict")].n_docs == 8
    diffs = comparison.doc_diffs["better"]
    assert [d.doc for d in diffs] == [f"doc{i}" for i in range(8)]
    assert diffs[0].diff("soft") == pytest.approx(0.6)

    md = render_markdown(comparison)
    assert "| micro soft f1 | 0.200 | 0.812 |" in md
    assert "| better | all | soft | +0.613 |" in md
    html = render_html(comparison)
    assert html.count("<svg") == 2
    # self-contained: nothing fetched; the only URL is the SVG namespace
    assert "src=" not in html and "<link" not in html and "<script" not in html
    assert set(__import__("re").findall(r"https?://[^\"' ]+", html)) == {"http://www.w3.org/2000/svg"}


def test_too_few_reports_are_never_significant():
    comparison = compare_cells([_cell("base", [1, 2]), _cell("better", [9, 9])])
    ci = comparison.intervals["better"][0]
    assert ci.low > 0 and not ci.significant
    assert "n/a (2 reports)" in render_markdown(comparison)


def test_compare_needs_two_cells_and_shared_docs():
    from summarizer.errors import ConfigError

    with pytest.raises(ConfigError):
        compare_cells([_cell("a", [1])])
    other = Cell("b", aggregate([_score("zzz", 1, 2)]), {"zzz": _score("zzz", 1, 2)})
    with pytest.raises(ConfigError, match="share no"):
        compare_cells([_cell("a", [1]), other])
