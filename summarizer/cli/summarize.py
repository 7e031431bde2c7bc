"""`summarizer summarize`, `summarizer batch` and `summarizer cache`: the bulk interface on the command line.

Exit codes: 0 success; 2 bad usage; 1 unreadable input or bad settings (one-line reason); 3 when some
documents of a batch failed (they are listed on stderr and written to the output too); 4 when the input
holds no report at all; 130 interrupted. Every command builds one `Summarizer` with `build_client`;
extractor plugins (entry points, SUMMARIZER_EXTRACTOR_PLUGINS) load there as in the library.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from ..config import OUTPUT_MODES
from ..errors import NotAReportError, SummarizerError
from . import main, parse_settings, read_source, run

if TYPE_CHECKING:
    from ..client import Summarizer
    from ..models import Usage
    from ..results import BatchResult

__all__ = ["batch", "build_client", "cache", "job_report", "summarize"]

EXIT_SOME_FAILED = 3
EXIT_NOT_A_REPORT = 4
EXIT_INTERRUPTED = 130
NO_MODEL_NOTICE = (
    "summarizer: no model configured, using the offline rules backend "
    "(set OPENAI_BASE_URL and SUMMARIZER_MODEL, or pass --base-url and --model, to use a model)"
)


def backend_options(fn):
    """The backend and model flags shared by `summarize` and `batch`."""
    options = [
        click.option(
            "--backend",
            help="rules (offline), llm, or a plugin's backend. Default: llm when a model is configured.",
        ),
        click.option("--base-url", help="OpenAI-compatible endpoint root [env OPENAI_BASE_URL]."),
        click.option("--model", help="Model name [env SUMMARIZER_MODEL]."),
        click.option("--api-key", help="API key [env OPENAI_API_KEY]; never logged or cached."),
        click.option("--prompt", help="Prompt variant name or a folder of templates."),
        click.option("--temperature", type=float, help="Sampling temperature (default 0)."),
        click.option("--max-tokens", type=click.IntRange(min=1), help="Answer tokens per model call."),
        click.option(
            "--timeout", type=click.FloatRange(min=0, min_open=True), help="Seconds per model call."
        ),
        click.option(
            "--concurrency", type=click.IntRange(min=1), help="Reports (and model calls) in flight."
        ),
        click.option(
            "--output-mode",
            type=click.Choice(OUTPUT_MODES),
            help="How the model is asked for JSON; auto picks per endpoint and falls back.",
        ),
        click.option(
            "--max-calls-per-report",
            type=click.IntRange(min=1),
            help="Model calls per report before it ends with a reason (default: 3 per chunk + 2).",
        ),
        click.option(
            "--max-tokens-per-report",
            type=click.IntRange(min=1),
            help="Prompt + completion tokens per report before it ends with a reason.",
        ),
        click.option(
            "--thinking/--no-thinking",
            "enable_thinking",
            default=None,
            help="Ask reasoning models (Qwen3) to think or not (default: the server's choice).",
        ),
        click.option(
            "--second-pass", is_flag=True, default=None, help="Ask each chunk once more for what it missed."
        ),
        click.option(
            "--setting",
            "settings",
            multiple=True,
            metavar="KEY=VALUE",
            help="Any other model setting, e.g. chunk_overlap=300 or price_input=0.27 (repeatable).",
        ),
        click.option(
            "--trace",
            type=click.Path(dir_okay=False, writable=True),
            help="Append every model request and answer (keys redacted) to this JSONL file.",
        ),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the on-disk cache."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def build_client(
    *,
    backend: str | None,
    no_cache: bool,
    base_url: str | None = None,
    model: str | None = None,
    api_key: str | None = None,
    prompt: str | None = None,
    temperature: float | None = None,
    max_tokens: int | None = None,
    timeout: float | None = None,
    concurrency: int | None = None,
    output_mode: str | None = None,
    max_calls_per_report: int | None = None,
    max_tokens_per_report: int | None = None,
    enable_thinking: bool | None = None,
    second_pass: bool | None = None,
    settings: tuple[str, ...] = (),
    trace: str | None = None,
) -> Summarizer:
    """The one client a command runs with, from the shared flags; says so when it falls back offline."""
    from ..client import Summarizer
    from ..config import resolve_settings
    from ..extract import available_extractors, load_plugins

    run(load_plugins)
    if backend and backend not in available_extractors():
        known = ", ".join(available_extractors())
        raise click.BadParameter(f"unknown backend {backend!r} (known: {known})", param_hint="--backend")
    resolved = run(
        lambda: resolve_settings(
            base_url=base_url, model=model, api_key=api_key, prompt=prompt, temperature=temperature,
            max_tokens=max_tokens, timeout=timeout, concurrency=concurrency, output_mode=output_mode,
            max_calls_per_report=max_calls_per_report, max_tokens_per_report=max_tokens_per_report,
            enable_thinking=enable_thinking, second_pass=second_pass, **parse_settings(settings),
        )
    )  # fmt: skip
    client = run(
        lambda: Summarizer(backend, settings=resolved, cache=not no_cache, plugins=False, trace=trace)
    )
    if backend is None and client.backend == "rules":
        click.echo(NO_MODEL_NOTICE, err=True)
    return client


def interrupted(out: Path | None = None) -> NoReturn:
    """Leave on Ctrl-C: one line, exit code 130, and a second Ctrl-C no longer prints a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    where = f"; run the same command again to resume into {out}" if out else ""
    click.echo(f"interrupted{where}", err=True)
    sys.exit(EXIT_INTERRUPTED)


# ---------------------------------------------------------------------------------------------- summarize


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "jsonl", "markdown", "html"]),
    default="table",
    show_default=True,
    help="json: an array with one summary per report (always an array); jsonl: one summary per line.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to OUTPUT, not stdout."
)
@click.option("--report", "report_index", type=click.IntRange(min=0), help="Only the report at this index.")
@click.option(
    "--save-text",
    type=click.Path(dir_okay=False, writable=True),
    help="Also write the text read from FILE (a PDF's or Word file's extracted text): offsets count in it.",
)
@backend_options
def summarize(
    file: str, fmt: str, output: str | None, report_index: int | None, save_text: str | None, **flags: Any
) -> None:
    """Summarize FILE ('-' for stdin; .txt, .html, .pdf, .docx): one summary per report it holds."""
    from ..render import render
    from ..split import load_reports
    from ..view import render_many

    client = build_client(**flags)
    try:
        source = read_source(file)
        if save_text:
            _save_text(source, Path(save_text))
        reports = load_reports(source)
    except NotAReportError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_NOT_A_REPORT)
    except SummarizerError as exc:
        raise click.ClickException(str(exc)) from None
    if report_index is not None:
        if report_index >= len(reports):
            raise click.BadParameter(f"{file} holds {len(reports)} report(s)", param_hint="--report")
        reports = [reports[report_index]]
    try:
        with client:
            result = run(lambda: client.summarize_many(reports))
    except KeyboardInterrupt:
        interrupted()
    if result.errors:
        err = result.errors[0]
        raise click.ClickException(f"{err.source}: {err.error_type}: {err.message}")
    if fmt == "html":
        text = render_many(list(zip(result.summaries, reports, strict=True)))
    else:
        width = 120 if output else None
        text = render(
            result.summaries, fmt, width=width or _terminal_width(), color=bool(not output and _tty())
        )
    _emit(text, output)
    if result.usage.calls:
        click.echo(_usage_line(result), err=True)


def _save_text(source: Path | str, target: Path) -> None:
    """The decoded text every evidence offset refers to, as UTF-8."""
    from ..read import read_text

    text = read_text(source) if isinstance(source, Path) else source
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise SummarizerError(f"cannot write {target}: {exc.strerror or exc}") from None


def _usage_line(result: BatchResult) -> str:
    u = result.usage
    return f"{u.calls} model call(s), {_tokens(u)}, cost {u.cost:.4f}"


def _tokens(u: Usage) -> str:
    cached = (
        f" ({u.cached_prompt_tokens} prompt tokens from the provider's cache)"
        if u.cached_prompt_tokens
        else ""
    )
    return f"{u.prompt_tokens + u.completion_tokens} tokens{cached}"


def _tty() -> bool:
    return sys.stdout.isatty()


def _terminal_width() -> int:
    try:
        return os.get_terminal_size().columns if _tty() else 120
    except OSError:
        return 120


def _emit(text: str, output: str | None) -> None:
    if not output:
        click.echo(text, nl=not text.endswith("\n"))
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None


# ---------------------------------------------------------------------------------------------- batch


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="OUT.jsonl (written as it goes, resumable), OUT.csv, OUT.parquet or OUT.xlsx.",
)
@click.option("--overwrite", is_flag=True, help="Start OUT.jsonl afresh instead of resuming it.")
@click.option(
    "--save-text",
    "save_text_dir",
    type=click.Path(file_okay=False),
    help="Also write the text read from each file to DIR/<file name>.txt (what evidence offsets count in).",
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar on stderr (default: on a terminal)."
)
@click.option(
    "--via",
    type=click.Choice(["live", "batch"]),
    default="live",
    show_default=True,
    help="batch: send the requests through the provider's Batch API (half price, up to 24 h); "
    "finish with `summarizer jobs collect OUTPUT`.",
)
@click.option(
    "--reask",
    type=click.Choice(["live", "batch"]),
    default="live",
    show_default=True,
    help="With --via batch or --import-results: send re-asks and failed requests live, or as a follow-up batch.",
)
@click.option(
    "--export-requests",
    type=click.Path(dir_okay=False),
    help="Write the model requests to this JSONL file for `vllm run-batch` instead of calling.",
)
@click.option(
    "--import-results",
    type=click.Path(dir_okay=False, exists=True),
    help="Read a `vllm run-batch` output file (answering --export-requests) and finish the run.",
)
@backend_options
def batch(
    paths: tuple[str, ...],
    output: str,
    overwrite: bool,
    save_text_dir: str | None,
    progress: bool | None,
    via: str,
    reask: str,
    export_requests: str | None,
    import_results: str | None,
    **flags: Any,
) -> None:
    """Summarize every report in PATHS (files, folders of report files, globs) into OUTPUT.

    A JSONL output gets one line per finished report; if the run is stopped (Ctrl-C, kill -9),
    the same command finishes the rest without redoing finished reports.
    """
    from ..export import SUFFIXES, write

    out = Path(output)
    if out.suffix.lower() not in SUFFIXES:
        raise click.BadParameter(f"use one of {', '.join(SUFFIXES)}", param_hint="--output")
    if via == "batch" or export_requests or import_results:
        if out.suffix.lower() != ".jsonl":
            raise click.BadParameter("batch jobs write OUT.jsonl", param_hint="--output")
        if flags.get("no_cache"):
            raise click.BadParameter("batch jobs keep answers in the cache", param_hint="--no-cache")
        _batch_job(list(paths), out, overwrite, reask, export_requests, import_results, flags)
        return
    client = build_client(**flags)
    show = sys.stderr.isatty() if progress is None else progress
    jsonl = out.suffix.lower() == ".jsonl"
    try:
        with client:
            result = _with_progress(
                show,
                lambda cb: client.summarize_many(
                    list(paths), output=out if jsonl else None, overwrite=overwrite, on_progress=cb
                ),
            )
    except KeyboardInterrupt:
        interrupted(out if jsonl else None)
    if not jsonl:
        run(lambda: _write_or_fail(write, out, result))
    if save_text_dir:
        run(lambda: _save_texts(result, Path(save_text_dir)))
    for warning in result.warnings:
        click.echo(warning, err=True)
    _report(result, out)
    if result.errors:
        sys.exit(EXIT_SOME_FAILED)


def _batch_job(
    paths: list[str],
    out: Path,
    overwrite: bool,
    reask: str,
    export: str | None,
    results: str | None,
    flags: dict[str, Any],
) -> None:
    """`batch --via batch`, `--export-requests` and `--import-results`: submit, or import and finish."""
    client = build_client(**flags)
    try:
        with client:
            if results:
                status = run(lambda: client.collect_batch(out, sources=paths, reask=reask, results=results))
            else:
                status = run(
                    lambda: client.submit_batch(
                        paths, output=out, reask=reask, overwrite=overwrite, export=export
                    )
                )
    except KeyboardInterrupt:
        interrupted(out)
    job_report(status)


def job_report(status: Any) -> None:
    """The summary lines of a batch job step: what was finished, sent, collected, failed and pending."""
    out = status.output
    result = status.result
    if result is not None and (result.summaries or result.errors or result.resumed or status.collected):
        extra = [f"{status.batch_calls} answered by batch at the batch price"] if status.batch_calls else []
        if result.deferred:
            extra.append(f"{len(result.deferred)} report(s) waiting")
        _report(result, out, tuple(extra))
    if status.collected or status.failed:
        click.echo(
            f"collected {status.collected} answer(s) from batches; {len(status.failed)} request(s) failed "
            f"there (reasons in {status.state_file.name})",
            err=True,
        )
        for cid, reason in list(status.failed.items())[:5]:
            click.echo(f"  {cid}: {reason}", err=True)
    if status.exported is not None:
        click.echo(
            f"wrote {status.submitted} request(s) to {status.exported} for `vllm run-batch`; then "
            f"`summarizer batch ... -o {out} --import-results RESULTS.jsonl`",
            err=True,
        )
    elif status.submitted:
        new = [b for b in status.batches if not b.get("collected")]
        ids = ", ".join(b["id"] for b in new[-5:])
        click.echo(
            f"submitted {status.submitted} request(s) in {len(new)} batch(es) ({ids}); state in "
            f"{status.state_file.name}; next: `summarizer jobs collect {out}`",
            err=True,
        )
    elif status.pending:
        click.echo(
            f"{status.pending} request(s) still running; `summarizer jobs collect {out}` later", err=True
        )
    elif status.done:
        click.echo(f"batch job done -> {out}", err=True)
    for warning in status.warnings[:5]:
        click.echo(warning, err=True)


def _save_texts(result: BatchResult, folder: Path) -> None:
    """DIR/<name>.txt for every source file that gave a summary in this run or an earlier one."""
    folder.mkdir(parents=True, exist_ok=True)
    for source in sorted({s.source for s in [*result.resumed, *result.summaries] if s.source}):
        path = Path(source)
        if path.is_file():
            _save_text(path, folder / f"{path.name}.txt")


def _write_or_fail(write, out: Path, result) -> Path:
    try:
        return write(out, result.summaries, result.errors)
    except OSError as exc:
        raise SummarizerError(f"cannot write {out}: {exc.strerror or exc}") from None


def _with_progress(show: bool, call):
    """Run `call(on_progress)` under a rich progress bar on stderr (documents, items, tokens, cost, ETA)."""
    if not show:
        return run(lambda: call(None))
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("[bold]documents"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(
            "{task.fields[items]} items · {task.fields[tokens]} tokens · cost {task.fields[cost]:.4f}"
        ),
        TextColumn("· {task.fields[failed]} failed"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task("batch", total=None, items=0, tokens=0, cost=0.0, failed=0)

        def update(p) -> None:
            bar.update(
                task,
                total=p.documents_total,
                completed=p.documents_done,
                items=p.items,
                tokens=p.usage.prompt_tokens + p.usage.completion_tokens,
                cost=p.usage.cost,
                failed=p.errors,
            )

        return run(lambda: call(update))


def _report(result: BatchResult, out: Path, extra: tuple[str, ...] = ()) -> None:
    u = result.usage
    items = sum(len(s.goals) + len(s.achievements) + len(s.key_projects) for s in result.summaries)
    parts = [f"{len(result.summaries)} report(s) summarized", f"{items} items"]
    if result.cache_hits:
        parts.append(f"{result.cache_hits} from cache")
    if result.resumed:
        parts.append(f"{len(result.resumed)} already in {out.name}")
    parts += [
        f"{len(result.errors)} failed",
        f"{u.calls} model calls",
        _tokens(u),
    ]
    parts += [*extra, f"cost {u.cost:.4f}"]
    parts.append(f"{result.seconds:.1f}s")
    click.echo(", ".join(parts) + f" -> {out}", err=True)
    if result.errors:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"{len(result.errors)} document(s) failed (also written to {out.name})")
        for column in ("source", "report", "error", "message"):
            table.add_column(column, overflow="fold")
        for e in result.errors:
            index = "" if e.report_index is None else str(e.report_index)
            table.add_row(e.source, index, e.error_type, e.message)
        Console(stderr=True, width=120).print(table)


# ---------------------------------------------------------------------------------------------- cache


@main.group()
def cache() -> None:
    """The on-disk summary cache (folder: SUMMARIZER_CACHE_DIR, else ~/.cache/summarizer)."""


@cache.command("info")
def cache_info() -> None:
    """Where the cache is, how many summaries and model answers it holds, summaries per backend."""
    from ..cache import Cache

    with Cache() as store:
        info = run(store.info)
    click.echo(f"path: {info.path}")
    click.echo(f"entries: {info.entries}")
    click.echo(f"model answers: {info.answers}")
    click.echo(f"size: {info.bytes / 1024:.1f} KiB")
    for backend, count in sorted(info.backends.items()):
        click.echo(f"  {backend or '-'}: {count}")


@cache.command("clear")
def cache_clear() -> None:
    """Delete every cached summary and model answer."""
    from ..cache import Cache

    with Cache() as store:
        removed = store.clear()
    click.echo(f"removed {removed} cached summar{'y' if removed == 1 else 'ies'} from {store.path}")
