"""Comparing run cells: a table per metric, per-document F1 differences, and paired-bootstrap intervals.

The bootstrap resamples REPORTS (items within a report are correlated), with the same resampled
indices for both cells, and recomputes micro-F1 from the summed counts of each resample.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import ConfigError
from .gold import KINDS
from .runs import StoredRun, load_run
from .score import ReportScore, RunScore, f1

__all__ = [
    "BOOTSTRAP_RESAMPLES",
    "MIN_BOOTSTRAP_DOCS",
    "BootstrapCI",
    "Cell",
    "Comparison",
    "DocDiff",
    "compare_cells",
    "metric_rows",
    "paired_bootstrap",
    "resolve_cells",
]

BOOTSTRAP_RESAMPLES = 2000
MIN_BOOTSTRAP_DOCS = 5
"""Below this many shared reports an interval is shown but never called significant: resampling one or two
reports only replays them."""
SCOPES: tuple[str, ...] = ("all", *KINDS)


@dataclass(frozen=True)
class Cell:
    """One configuration's results: `run/cell` name, its summary and its per-document scores."""

    name: str
    summary: RunScore
    docs: dict[str, ReportScore]


@dataclass(frozen=True)
class BootstrapCI:
    """Difference of micro-F1 (b - a) with its paired-bootstrap 95% interval."""

    scope: str
    mode: str
    diff: float
    low: float
    high: float
    resamples: int
    n_docs: int
    seed: int = 0

    @property
    def significant(self) -> bool:
        return self.n_docs >= MIN_BOOTSTRAP_DOCS and (self.low > 0 or self.high < 0)

    @property
    def verdict(self) -> str:
        if self.n_docs < MIN_BOOTSTRAP_DOCS:
            return f"n/a ({self.n_docs} report{'s' if self.n_docs != 1 else ''})"
        return "yes" if self.significant else "no"


@dataclass(frozen=True)
class DocDiff:
    """One document's F1 in the baseline (a) and another cell (b), soft and strict."""

    doc: str
    soft_a: float | None
    soft_b: float | None
    strict_a: float | None
    strict_b: float | None

    def diff(self, mode: str = "soft") -> float | None:
        a, b = (self.soft_a, self.soft_b) if mode == "soft" else (self.strict_a, self.strict_b)
        return None if a is None or b is None else b - a


@dataclass
class Comparison:
    """Cells side by side; differences and intervals are each cell against the first (the baseline)."""

    cells: list[Cell]
    rows: list[tuple[str, list[float | None]]]
    doc_diffs: dict[str, list[DocDiff]] = field(default_factory=dict)
    intervals: dict[str, list[BootstrapCI]] = field(default_factory=dict)


def resolve_cells(refs: list[str], runs_dir: str | Path = "evals/runs") -> list[Cell]:
    """Cells named by RUN (all its cells) or RUN:CELL; RUN is a folder path or a name under `runs_dir`."""
    cells: list[Cell] = []
    for ref in refs:
        run_ref, _, cell_name = ref.partition(":")
        path = Path(run_ref)
        if not path.is_dir():
            path = Path(runs_dir) / run_ref
        run: StoredRun = load_run(path)
        names = [cell_name] if cell_name else run.cells
        for name in names:
            if name not in run.summary:
                raise ConfigError(f"run {run.name} has no cell {name!r} (cells: {', '.join(run.cells)})")
            label = run.name if len(run.cells) == 1 and not cell_name else f"{run.name}:{name}"
            cells.append(Cell(label, run.summary[name], run.scores.get(name, {})))
    return cells


def _float(v: float | None) -> float | None:
    """Rates as floats; counts (calls, tokens, errors) stay integers so they print as such."""
    if v is None or isinstance(v, int):
        return v
    return float(v)


def metric_rows(cells: list[Cell]) -> list[tuple[str, list[float | None]]]:
    """(metric name, value per cell) for the side-by-side table."""
    rows: list[tuple[str, list[float | None]]] = []

    def add(name: str, get) -> None:
        rows.append((name, [_float(get(c.summary)) for c in cells]))

    for mode in ("soft", "strict"):
        for rate in ("f1", "precision", "recall"):
            add(f"micro {mode} {rate}", lambda s, m=mode, r=rate: s.micro[m][r])
        add(f"macro {mode} f1", lambda s, m=mode: s.macro[m]["f1"])
        for kind in KINDS:
            add(f"{kind} {mode} f1", lambda s, m=mode, k=kind: s.per_kind[k][m]["f1"])
    for kind in KINDS:
        for name in cells[0].summary.field_accuracy.get(kind, {}) if cells else ():
            add(f"field {kind}.{name}", lambda s, k=kind, f=name: s.field_accuracy.get(k, {}).get(f))
    add("grounding rate", lambda s: s.grounding_rate)
    add("number-support rate", lambda s: s.number_support_rate)
    add("schema-valid rate", lambda s: s.schema_valid_rate)
    add("errors", lambda s: s.errors)
    add("rejected items", lambda s: s.rejected)
    add("calls", lambda s: s.usage.calls)
    add("prompt tokens", lambda s: s.usage.prompt_tokens)
    add("completion tokens", lambda s: s.usage.completion_tokens)
    add("cost", lambda s: s.usage.cost)
    add("seconds per report", lambda s: s.seconds_per_report)
    return rows


def _counts(docs: dict[str, ReportScore], names: list[str], scope: str, mode: str) -> np.ndarray:
    """(n_docs, 3) array of tp, n_pred, n_gold for a scope (all kinds or one kind)."""
    out = np.zeros((len(names), 3), dtype=np.int64)
    for i, name in enumerate(names):
        score = docs[name]
        counts = score.total() if scope == "all" else score.kinds[scope]
        tp = counts.tp_soft if mode == "soft" else counts.tp_strict
        out[i] = (tp, counts.n_pred, counts.n_gold)
    return out


def _micro_f1(counts: np.ndarray) -> np.ndarray:
    """Micro-F1 of summed counts along the last-but-one axis; 0 where nothing was predicted or expected."""
    tp, n_pred, n_gold = counts[..., 0], counts[..., 1], counts[..., 2]
    total = n_pred + n_gold
    return np.divide(2.0 * tp, total, out=np.zeros(total.shape, dtype=float), where=total > 0)


def paired_bootstrap(
    counts_a: np.ndarray,
    counts_b: np.ndarray,
    *,
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = 0,
    level: float = 0.95,
) -> tuple[float, float, float]:
    """(F1_b - F1_a, low, high): the observed micro-F1 difference and its percentile interval.

    `counts_*` are (n_docs, 3) arrays of tp, n_pred, n_gold with rows for the same documents in the
    same order; each resample draws documents with replacement and uses the same draw for both.
    """
    a, b = np.asarray(counts_a), np.asarray(counts_b)
    if a.shape != b.shape or a.ndim != 2 or a.shape[1] != 3:
        raise ValueError("counts must be two (n_docs, 3) arrays of the same shape")
    n = a.shape[0]
    if n == 0:
        raise ValueError("no documents to resample")
    observed = float(_micro_f1(b.sum(axis=0)) - _micro_f1(a.sum(axis=0)))
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, n, size=(resamples, n))
    diffs = _micro_f1(b[idx].sum(axis=1)) - _micro_f1(a[idx].sum(axis=1))
    tail = (1.0 - level) / 2 * 100
    low, high = np.percentile(diffs, [tail, 100 - tail])
    return observed, float(low), float(high)


def compare_cells(cells: list[Cell], *, resamples: int = BOOTSTRAP_RESAMPLES, seed: int = 0) -> Comparison:
    """Metric table for all cells; per-document diffs and bootstrap CIs of each cell vs the first."""
    if len(cells) < 2:
        raise ConfigError("compare needs at least two cells (runs, or run:cell references)")
    comparison = Comparison(cells=cells, rows=metric_rows(cells))
    base = cells[0]
    for other in cells[1:]:
        shared = [d for d in base.docs if d in other.docs]
        if not shared:
            raise ConfigError(f"{base.name} and {other.name} share no scored document")
        comparison.doc_diffs[other.name] = [
            DocDiff(
                d,
                _doc_f1(base.docs[d], "soft"),
                _doc_f1(other.docs[d], "soft"),
                _doc_f1(base.docs[d], "strict"),
                _doc_f1(other.docs[d], "strict"),
            )
            for d in shared
        ]
        cis = []
        for mode in ("soft", "strict"):
            for scope in SCOPES:
                diff, low, high = paired_bootstrap(
                    _counts(base.docs, shared, scope, mode),
                    _counts(other.docs, shared, scope, mode),
                    resamples=resamples,
                    seed=seed,
                )
                cis.append(BootstrapCI(scope, mode, diff, low, high, resamples, len(shared), seed))
        comparison.intervals[other.name] = cis
    return comparison


def _doc_f1(score: ReportScore, mode: str) -> float | None:
    total = score.total()
    tp = total.tp_soft if mode == "soft" else total.tp_strict
    return f1(tp, total.n_pred, total.n_gold)
