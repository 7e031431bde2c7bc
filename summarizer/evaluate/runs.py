"""Eval runs: every cell (backend x prompt variant x model) summarizes every gold report; outputs and scores
are stored as JSONL in a run folder, so scores can be recomputed later without calling any model.

    evals/runs/<name>/
        manifest.json    what ran: cells, gold reports, match settings, version, git commit, time
        outputs.jsonl    one line per (cell, doc): the raw ReportSummary JSON or the error, seconds, cached
        scores.jsonl     one line per (cell, doc): the ReportScore
        summary.json     cell -> RunScore (micro / macro / per-kind figures)
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ..errors import ConfigError
from ..extract.base import Extractor
from ..models import ReportSummary
from .gold import GoldReport, load_gold
from .match import DEFAULT_MATCH, MatchConfig
from .score import ReportScore, RunScore, aggregate, score_report

if TYPE_CHECKING:
    from ..client import Summarizer

__all__ = [
    "CellSpec",
    "StoredRun",
    "cell_client",
    "cell_matrix",
    "load_run",
    "rescore_run",
    "run_eval",
    "score_outputs",
]

MANIFEST, OUTPUTS, SCORES, SUMMARY = "manifest.json", "outputs.jsonl", "scores.jsonl", "summary.json"


@dataclass(frozen=True)
class CellSpec:
    """One configuration of the matrix: a backend, and for model backends a prompt variant and model."""

    backend: str
    variant: str | None = None
    model: str | None = None
    options: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def label(self) -> str:
        """A readable, file-safe name: rules, llm-default-qwen2.5-0.5b."""
        parts = [self.backend, self.variant, self.model and Path(self.model).stem]
        return re.sub(r"[^\w.+-]+", "_", "-".join(p for p in parts if p))


def cell_matrix(
    backends: Iterable[str],
    variants: Iterable[str | None] = (),
    models: Iterable[str | None] = (),
    options: dict[str, Any] | None = None,
) -> list[CellSpec]:
    """backends x variants x models; the offline `rules` backend takes neither variant nor model.

    `options` (model settings such as base_url, temperature) go to every model-backend cell.
    """
    cells: list[CellSpec] = []
    for backend in backends:
        if backend == "rules":
            cells.append(CellSpec("rules"))
            continue
        for variant in [*variants] or [None]:
            for model in [*models] or [None]:
                cells.append(CellSpec(backend, variant, model, dict(options or {})))
    return list(dict.fromkeys(cells))


ExtractorFactory = Callable[[CellSpec], Extractor]
"""Builds a cell's extractor by hand (tests, notebooks); by default the client builds it from the cell."""


def cell_client(
    cell: CellSpec, *, cache: bool, concurrency: int, factory: ExtractorFactory | None = None
) -> Summarizer:
    """The client that runs one cell, built as the CLI builds one; model cells get the variant and model."""
    from ..client import Summarizer

    if factory is not None:
        return Summarizer(cell.backend, extractor=factory(cell), cache=cache, concurrency=concurrency)
    if cell.backend == "rules":
        return Summarizer("rules", cache=cache, concurrency=concurrency)
    return Summarizer(
        cell.backend, model=cell.model, prompt=cell.variant, cache=cache, concurrency=concurrency,
        **cell.options,
    )  # fmt: skip


def _git_commit(cwd: Path) -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def _version() -> str | None:
    """The installed version, else the one in the source tree's pyproject.toml (running from a checkout)."""
    try:
        return metadata.version("summarizer")
    except metadata.PackageNotFoundError:
        pass
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    try:
        match = re.search(r'^version\s*=\s*"([^"]+)"', pyproject.read_text(encoding="utf-8"), re.MULTILINE)
    except OSError:
        return None
    return match.group(1) if match else None


async def _summarize_all(
    client: Summarizer, golds: list[GoldReport]
) -> tuple[list[tuple[ReportSummary | None, str | None]], int]:
    """(summary or None, error or None) per gold report in order, and the number of cache hits.

    Reports run concurrently through the client, and finished summaries are cached.
    """
    reports = [g.report for g in golds]
    batch = await client.asummarize_many(reports)
    failed = {(e.source, e.report_index): f"{e.error_type}: {e.message}" for e in batch.errors}
    done = iter(batch.summaries)  # in input order, one per report that did not fail
    results: list[tuple[ReportSummary | None, str | None]] = []
    for report in reports:
        error = failed.get((report.source or report.id, report.index))
        results.append((None, error) if error else (next(done), None))
    return results, batch.cache_hits


def _write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    from ..export import read_json_lines

    return [row for row in read_json_lines(path) if row is not None]


def score_outputs(
    outputs: list[dict[str, Any]], golds: list[GoldReport], config: MatchConfig
) -> tuple[list[dict[str, Any]], dict[str, RunScore]]:
    """Score stored output rows against gold (no model calls): score rows and a RunScore per cell."""
    by_name = {g.name: g for g in golds}
    rows: list[dict[str, Any]] = []
    per_cell: dict[str, list[ReportScore]] = {}
    for out in outputs:
        gold = by_name.get(out["doc"])
        if gold is None:
            continue  # the gold set changed: a report no longer annotated is not scored
        pred, valid, error = None, True, out.get("error")
        if out.get("summary") is not None:
            try:
                pred = ReportSummary.model_validate(out["summary"])
            except ValidationError as exc:
                valid, error = False, f"invalid summary: {exc.error_count()} error(s)"
        score = score_report(gold, pred, config, error=error, schema_valid=valid and pred is not None)
        if pred is None and out.get("usage"):
            score.usage = score.usage.model_validate(out["usage"])
        rows.append({"cell": out["cell"], "doc": out["doc"], "score": score.model_dump(mode="json")})
        per_cell.setdefault(out["cell"], []).append(score)
    return rows, {cell: aggregate(scores) for cell, scores in per_cell.items()}


def _write_scores(folder: Path, rows: list[dict[str, Any]], summary: dict[str, RunScore]) -> None:
    _write_jsonl(folder / SCORES, rows)
    _write_json(folder / SUMMARY, {cell: s.model_dump(mode="json") for cell, s in summary.items()})


async def arun_eval(
    cells: list[CellSpec],
    golds: list[GoldReport],
    folder: str | Path,
    *,
    config: MatchConfig = DEFAULT_MATCH,
    factory: ExtractorFactory | None = None,
    use_cache: bool = True,
    concurrency: int = 2,
    gold_dir: str | None = None,
    corpus_dir: str | None = None,
    excerpt: tuple[int, int] | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, RunScore]:
    """Run every cell on every gold report, write the run folder, and return the scores per cell."""
    folder = Path(folder)
    if not cells:
        raise ConfigError("an eval run needs at least one backend/variant/model cell")
    if not golds:
        raise ConfigError("an eval run needs at least one gold report")
    labels = [c.label for c in cells]
    if len(set(labels)) != len(labels):
        raise ConfigError(f"two cells share a label: {labels}")
    folder.mkdir(parents=True, exist_ok=True)
    if excerpt is not None:
        golds = [g.excerpt(*excerpt) for g in golds]
    outputs: list[dict[str, Any]] = []
    cell_info: list[dict[str, Any]] = []
    for cell in cells:
        started = time.perf_counter()
        with cell_client(cell, cache=use_cache, concurrency=concurrency, factory=factory) as client:
            results, hits = await _summarize_all(client, golds)
        seconds = time.perf_counter() - started
        if progress:
            progress(f"{cell.label}: {len(golds)} report(s) in {seconds:.1f}s, {hits} from the cache")
        cell_info.append(
            {
                **asdict(cell),
                "label": cell.label,
                "cache_key": _jsonable(client.run_key()),
                "cache_hits": hits,
                "seconds": round(seconds, 3),
            }
        )
        for gold, (summary, error) in zip(golds, results, strict=True):
            outputs.append(
                {
                    "cell": cell.label,
                    "doc": gold.name,
                    "summary": summary.model_dump(mode="json") if summary is not None else None,
                    "error": error,
                }
            )
    manifest = {
        "name": folder.name,
        "created": _now(),
        "git_commit": _git_commit(Path.cwd()),
        "summarizer_version": _version(),
        "gold_dir": gold_dir,
        "corpus_dir": corpus_dir,
        "docs": [g.name for g in golds],
        "gold_items": {g.name: g.n_items for g in golds},
        "excerpt": list(excerpt) if excerpt else None,
        "match": asdict(config),
        "cells": cell_info,
    }
    _write_json(folder / MANIFEST, manifest)
    _write_jsonl(folder / OUTPUTS, outputs)
    rows, scores = score_outputs(outputs, golds, config)
    _write_scores(folder, rows, scores)
    return scores


def run_eval(
    cells: list[CellSpec], golds: list[GoldReport], folder: str | Path, **kwargs: Any
) -> dict[str, RunScore]:
    """Synchronous wrapper of `arun_eval`."""
    return asyncio.run(arun_eval(cells, golds, folder, **kwargs))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


@dataclass
class StoredRun:
    """A run folder read back: manifest, per-(cell, doc) scores and the per-cell summary."""

    path: Path
    manifest: dict[str, Any]
    scores: dict[str, dict[str, ReportScore]]
    """cell -> doc -> ReportScore"""
    summary: dict[str, RunScore]

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def cells(self) -> list[str]:
        return list(self.summary)


def load_run(path: str | Path) -> StoredRun:
    """Read a run folder (its stored scores; use `rescore_run` to recompute them)."""
    folder = Path(path)
    if not (folder / MANIFEST).is_file():
        raise ConfigError(f"not an eval run folder (no {MANIFEST}): {folder}")
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    scores: dict[str, dict[str, ReportScore]] = {}
    for row in _read_jsonl(folder / SCORES):
        scores.setdefault(row["cell"], {})[row["doc"]] = ReportScore.model_validate(row["score"])
    raw = json.loads((folder / SUMMARY).read_text(encoding="utf-8"))
    summary = {cell: RunScore.model_validate(s) for cell, s in raw.items()}
    return StoredRun(folder, manifest, scores, summary)


def rescore_run(
    path: str | Path,
    *,
    gold_dir: str | Path | None = None,
    corpus_dir: str | Path | None = None,
    config: MatchConfig | None = None,
) -> dict[str, RunScore]:
    """Recompute a run's scores from its stored outputs with (possibly new) gold and match settings.

    Makes no model calls: outputs.jsonl is the only prediction source. The manifest records the rescore.
    """
    folder = Path(path)
    if not (folder / OUTPUTS).is_file():
        raise ConfigError(f"not an eval run folder (no {OUTPUTS}): {folder}")
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    gold_dir = gold_dir or manifest.get("gold_dir")
    config = config or MatchConfig(**manifest.get("match", {}))
    if gold_dir is None:
        raise ConfigError("the run does not record its gold folder; pass one")
    if corpus_dir is None and gold_dir == manifest.get("gold_dir"):
        corpus_dir = manifest.get("corpus_dir")
    golds = load_gold(gold_dir, corpus_dir)
    if manifest.get("excerpt"):
        golds = [g.excerpt(*manifest["excerpt"]) for g in golds]
    rows, summary = score_outputs(_read_jsonl(folder / OUTPUTS), golds, config)
    _write_scores(folder, rows, summary)
    manifest["match"] = asdict(config)
    manifest.setdefault("rescored", []).append(
        {"time": _now(), "gold_dir": str(gold_dir), "match": asdict(config)}
    )
    _write_json(folder / MANIFEST, manifest)
    return summary
