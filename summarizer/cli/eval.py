"""`summarizer eval ...`: check the gold set, run evals, re-score stored runs, compare runs."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import click

from ..evaluate.gold import SPLITS
from . import main, parse_settings, run

DEFAULT_GOLD = "evals/gold"
DEFAULT_RUNS = "evals/runs"
runs_dir_option = click.option(
    "--runs-dir",
    default=DEFAULT_RUNS,
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder that holds the run folders.",
)


@main.group(name="eval")
def eval_group() -> None:
    """Score extractors against the gold annotations and compare runs."""


@eval_group.command(name="check-gold")
@click.argument("folder", default=DEFAULT_GOLD, type=click.Path(file_okay=False))
@click.option("--corpus", type=click.Path(file_okay=False), help="Corpus folder (default: next to FOLDER).")
def check_gold_cmd(folder: str, corpus: str | None) -> None:
    """Check every gold file: quotes verbatim in their report, numbers in their quotes, valid fields."""
    from ..evaluate.gold import check_gold, load_gold

    problems = run(lambda: check_gold(folder, corpus))
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s) in {folder}")
    golds = run(lambda: load_gold(folder, corpus))
    counts = {k: sum(len(g.items[k]) for g in golds) for k in ("goals", "achievements", "key_projects")}
    click.echo(
        f"{len(golds)} gold report(s) OK: {counts['goals']} goals, {counts['achievements']} achievements, "
        f"{counts['key_projects']} key projects"
    )


def _parse_excerpt(value: str | None) -> tuple[int, int] | None:
    if not value:
        return None
    m = re.fullmatch(r"\s*(\d*)\s*:\s*(\d+)\s*", value)
    if not m:
        raise click.BadParameter("use START:END character offsets, e.g. 0:3000")
    return int(m.group(1) or 0), int(m.group(2))


def _match_options(threshold: float | None, span: str | None, base: dict | None = None):
    from ..evaluate.match import MatchConfig

    values = dict(base or {})
    if threshold is not None:
        values["threshold"] = threshold
    if span is not None:
        values["span_mode"] = span
    try:
        return MatchConfig(**values)
    except (TypeError, ValueError) as exc:
        raise click.BadParameter(str(exc)) from None


@eval_group.command(name="run")
@click.option("--backend", "backends", multiple=True, help="Backend(s): rules, llm, ... (default: llm if "
              "a variant or model is given, else rules).")  # fmt: skip
@click.option("--variant", "variants", multiple=True, help="Prompt variant(s) for model backends.")
@click.option("--model", "models", multiple=True, help="Model name(s) for model backends.")
@click.option("--base-url", help="Endpoint for model backends (else OPENAI_BASE_URL or the config file).")
@click.option("--temperature", type=float, help="Sampling temperature for model backends.")
@click.option("--setting", "settings", multiple=True, metavar="KEY=VALUE",
              help="Another model setting, e.g. output_mode=json_object or max_tokens=1024.")  # fmt: skip
@click.option(
    "--gold",
    "gold_dir",
    default=DEFAULT_GOLD,
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder of gold annotation files.",
)
@click.option("--corpus", type=click.Path(file_okay=False), help="Corpus folder (default: next to --gold).")
@click.option("--doc", "docs", multiple=True, help="Only these gold reports (file stems, e.g. 000_bazhong).")
@click.option(
    "--split",
    type=click.Choice(SPLITS),
    help="Only gold reports of this split (heldout, open-blind: annotated blind, never used for tuning).",
)
@click.option(
    "--excerpt", help="Only report text START:END (and the gold items quoted inside), for small runs."
)
@click.option("--name", help="Run folder name (default: a timestamp).")
@runs_dir_option
@click.option("--threshold", type=float, help="Match similarity threshold (default 0.5).")
@click.option("--no-cache", is_flag=True, help="Call the extractors even for cached reports.")
@click.option("--concurrency", type=int, default=2, show_default=True, help="Reports summarized at once.")
@click.option("--force", is_flag=True, help="Overwrite an existing run folder.")
def run_cmd(
    backends: tuple[str, ...],
    variants: tuple[str, ...],
    models: tuple[str, ...],
    base_url: str | None,
    temperature: float | None,
    settings: tuple[str, ...],
    gold_dir: str,
    corpus: str | None,
    docs: tuple[str, ...],
    split: str | None,
    excerpt: str | None,
    name: str | None,
    runs_dir: str,
    threshold: float | None,
    no_cache: bool,
    concurrency: int,
    force: bool,
) -> None:
    """Run backends x variants x models over the gold reports; store outputs and scores in a run folder."""
    from ..evaluate.gold import load_gold
    from ..evaluate.runs import cell_matrix, run_eval

    if not backends:
        backends = ("llm",) if variants or models else ("rules",)
    options = parse_settings(settings)
    options |= {k: v for k, v in (("base_url", base_url), ("temperature", temperature)) if v is not None}
    cells = cell_matrix(backends, variants, models, options)
    name = name or datetime.now().strftime("run-%Y%m%d-%H%M%S")
    folder = Path(runs_dir) / name
    if folder.exists() and any(folder.iterdir()) and not force:
        raise click.ClickException(f"run folder {folder} exists; pick another --name or pass --force")
    golds = run(lambda: load_gold(gold_dir, corpus, names=list(docs) or None, split=split))
    summary = run(
        lambda: run_eval(
            cells,
            golds,
            folder,
            config=_match_options(threshold, None),
            use_cache=not no_cache,
            concurrency=concurrency,
            gold_dir=gold_dir,
            corpus_dir=corpus,
            excerpt=_parse_excerpt(excerpt),
            progress=lambda msg: click.echo(msg, err=True),
        )
    )
    _print_summary(summary)
    click.echo(f"run stored in {folder}")


@eval_group.command(name="rescore")
@click.argument("run_ref")
@click.option(
    "--gold", "gold_dir", type=click.Path(file_okay=False), help="Gold folder (default: the run's)."
)
@click.option(
    "--corpus",
    type=click.Path(file_okay=False),
    help="Folder of the report files the gold points into (default: beside the gold folder).",
)
@click.option("--threshold", type=float, help="New match threshold.")
@click.option("--span", type=click.Choice(["overlap", "iou"]), help="Span similarity used in matching.")
@runs_dir_option
def rescore_cmd(
    run_ref: str,
    gold_dir: str | None,
    corpus: str | None,
    threshold: float | None,
    span: str | None,
    runs_dir: str,
) -> None:
    """Recompute a run's scores from its stored outputs (new gold or threshold); calls no model."""
    import json

    from ..evaluate.runs import MANIFEST, rescore_run

    folder = _run_folder(run_ref, runs_dir)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    config = _match_options(threshold, span, manifest.get("match"))
    summary = run(lambda: rescore_run(folder, gold_dir=gold_dir, corpus_dir=corpus, config=config))
    _print_summary(summary)


@eval_group.command(name="compare")
@click.argument("run_refs", nargs=-1, required=True)
@click.option("--md", "md_out", type=click.Path(dir_okay=False), help="Write the comparison as Markdown.")
@click.option("--html", "html_out", type=click.Path(dir_okay=False), help="Write a self-contained HTML page.")
@runs_dir_option
@click.option("--resamples", default=2000, show_default=True, help="Bootstrap resamples.")
@click.option("--seed", default=0, show_default=True, help="Bootstrap seed.")
def compare_cmd(
    run_refs: tuple[str, ...],
    md_out: str | None,
    html_out: str | None,
    runs_dir: str,
    resamples: int,
    seed: int,
) -> None:
    """Compare runs (RUN or RUN:CELL; the first is the baseline): metrics, per-document F1, bootstrap CIs."""
    from ..evaluate.compare import compare_cells, resolve_cells
    from ..evaluate.report import render_html, render_markdown

    cells = run(lambda: resolve_cells(list(run_refs), runs_dir))
    comparison = run(lambda: compare_cells(cells, resamples=resamples, seed=seed))
    markdown = render_markdown(comparison)
    click.echo(markdown, nl=False)
    if md_out:
        Path(md_out).write_text(markdown, encoding="utf-8")
        click.echo(f"wrote {md_out}", err=True)
    if html_out:
        Path(html_out).write_text(render_html(comparison), encoding="utf-8")
        click.echo(f"wrote {html_out}", err=True)


def _run_folder(ref: str, runs_dir: str) -> Path:
    path = Path(ref)
    return path if path.is_dir() else Path(runs_dir) / ref


def _print_summary(summary: dict) -> None:
    def fmt(v: float | None) -> str:
        return "–" if v is None else f"{v:.3f}"

    for cell, s in summary.items():
        soft, strict = s.micro["soft"], s.micro["strict"]
        kinds = "  ".join(f"{k} {fmt(v['soft']['f1'])}" for k, v in s.per_kind.items())
        click.echo(
            f"{cell}: {s.reports} report(s)  soft P/R/F1 {fmt(soft['precision'])}/{fmt(soft['recall'])}/"
            f"{fmt(soft['f1'])}  strict F1 {fmt(strict['f1'])}  [{kinds}]  grounding {fmt(s.grounding_rate)}"
        )
        if s.meta_accuracy:
            fields = "  ".join(f"{k} {fmt(v)}" for k, v in s.meta_accuracy.items() if k != "all")
            click.echo(f"  metadata right: {fmt(s.meta_accuracy.get('all'))} of reports  [{fields}]")
