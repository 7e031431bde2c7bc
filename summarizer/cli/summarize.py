"""`summarizer summarize`, `summarizer batch` and `summarizer cache`: the bulk interface on the command line.

Exit codes: 0 success; 2 bad usage; 1 unreadable input or bad settings (one-line reason); 3 when some
documents of a batch failed (they are listed on stderr and written to the output too); 130 interrupted.
Extra backends can be plugged in with SUMMARIZER_EXTRACTOR_PLUGINS=module[,module...]: each module is
imported and registers its extractors with `summarizer.extract.register_extractor`.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from ..config import PLUGINS_ENV, extractor_plugins
from ..errors import SummarizerError
from . import main, read_source, run

__all__ = ["batch", "cache", "summarize"]

EXIT_SOME_FAILED = 3
EXIT_INTERRUPTED = 130
NO_MODEL_NOTICE = (
    "summarizer: no model configured, using the offline rules backend "
    "(set OPENAI_BASE_URL and SUMMARIZER_MODEL, or pass --base-url and --model, to use a model)"
)


def _load_plugins() -> None:
    for name in extractor_plugins():
        try:
            importlib.import_module(name)
        except ImportError as exc:
            raise click.ClickException(
                f"cannot import extractor plugin {name!r} ({PLUGINS_ENV}): {exc}"
            ) from None


def backend_options(fn):
    """The backend and model flags shared by `summarize` and `batch`."""
    options = [
        click.option(
            "--backend", help="rules (offline), llm, or a plugin backend. Default: llm if a model is set."
        ),
        click.option("--base-url", help="OpenAI-compatible endpoint root [env OPENAI_BASE_URL]."),
        click.option("--model", help="Model name [env SUMMARIZER_MODEL]."),
        click.option("--api-key", help="API key [env OPENAI_API_KEY]; never logged or cached."),
        click.option("--prompt", help="Prompt variant name or a folder of templates."),
        click.option("--temperature", type=float),
        click.option("--max-tokens", type=click.IntRange(min=1)),
        click.option(
            "--timeout", type=click.FloatRange(min=0, min_open=True), help="Seconds per model call."
        ),
        click.option(
            "--concurrency", type=click.IntRange(min=1), help="Reports (and model calls) in flight."
        ),
        click.option(
            "--output-mode", type=click.Choice(["auto", "json_schema", "json_object", "tools", "text"])
        ),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the on-disk cache."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _prepare(kw: dict[str, Any]) -> dict[str, Any]:
    """Settings, backend choice (with the one-line notice) and API options from the shared flags."""
    from ..api import build_extractor, choose_backend
    from ..config import resolve_settings
    from ..extract import available_extractors

    _load_plugins()
    settings = run(
        lambda: resolve_settings(
            base_url=kw["base_url"],
            model=kw["model"],
            api_key=kw["api_key"],
            prompt=kw["prompt"],
            temperature=kw["temperature"],
            max_tokens=kw["max_tokens"],
            timeout=kw["timeout"],
            concurrency=kw["concurrency"],
            output_mode=kw["output_mode"],
        )
    )
    backend = kw["backend"]
    if backend and backend not in available_extractors():
        known = ", ".join(available_extractors())
        raise click.BadParameter(f"unknown backend {backend!r} (known: {known})", param_hint="--backend")
    chosen = choose_backend(backend, settings)
    if backend is None and chosen == "rules":
        click.echo(NO_MODEL_NOTICE, err=True)
    extractor = run(lambda: build_extractor(chosen, settings))  # fails early on bad model settings
    return {
        "backend": chosen,
        "settings": settings,
        "cache": not kw["no_cache"],
        "run_key": extractor.cache_key(),
    }


# ---------------------------------------------------------------------------------------------- summarize


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "markdown", "table", "html"]),
    default="table",
    show_default=True,
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to OUTPUT, not stdout."
)
@click.option("--report", "report_index", type=click.IntRange(min=0), help="Only the report at this index.")
@backend_options
def summarize(file: str, fmt: str, output: str | None, report_index: int | None, **kw: Any) -> None:
    """Summarize FILE ('-' for stdin): one summary per report it holds."""
    from ..api import summarize_many
    from ..render import render
    from ..split import load_reports
    from ..view import render_many

    options = _prepare(kw)
    options.pop("run_key")
    reports = run(lambda: load_reports(read_source(file)))
    if report_index is not None:
        if report_index >= len(reports):
            raise click.BadParameter(f"{file} holds {len(reports)} report(s)", param_hint="--report")
        reports = [reports[report_index]]
    result = run(lambda: summarize_many(reports, **options))
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
        u = result.usage
        click.echo(
            f"{u.calls} model call(s), {u.prompt_tokens + u.completion_tokens} tokens, cost {u.cost:.4f}",
            err=True,
        )


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
    "--progress/--no-progress", default=None, help="Progress bar on stderr (default: on a terminal)."
)
@backend_options
def batch(paths: tuple[str, ...], output: str, overwrite: bool, progress: bool | None, **kw: Any) -> None:
    """Summarize every report in PATHS (files, folders of .txt/.html, globs) into OUTPUT.

    A JSONL output gets one line per finished report; if the run is stopped (Ctrl-C, kill -9),
    the same command finishes the rest without redoing finished reports.
    """
    from ..export import SUFFIXES

    out = Path(output)
    if out.suffix.lower() not in SUFFIXES:
        raise click.BadParameter(f"use one of {', '.join(SUFFIXES)}", param_hint="--output")
    options = _prepare(kw)
    show = sys.stderr.isatty() if progress is None else progress
    try:
        result, resumed = _run_batch(list(paths), out, overwrite, show, options)
    except KeyboardInterrupt:
        click.echo(f"interrupted; run the same command again to resume into {out}", err=True)
        sys.exit(EXIT_INTERRUPTED)
    _report(result, resumed, out)
    if result.errors:
        sys.exit(EXIT_SOME_FAILED)


def _run_batch(paths: list[str], out: Path, overwrite: bool, show: bool, options: dict[str, Any]):
    from ..api import summarize_many
    from ..export import summary_line, write

    if out.suffix.lower() != ".jsonl":
        options.pop("run_key")
        result = _with_progress(show, lambda cb: summarize_many(paths, on_progress=cb, **options))
        run(lambda: _write_or_fail(write, out, result))
        return result, 0

    run_file = out.with_name(f".{out.name}.run.json")
    run_key = json.dumps(options.pop("run_key"), sort_keys=True, ensure_ascii=False, default=str)
    resuming = out.exists() and not overwrite
    if resuming and run_file.exists() and run_file.read_text(encoding="utf-8") != run_key:
        raise click.ClickException(
            f"{out} holds results made with other backend settings; use --overwrite or another output file"
        )
    done = _resume_lines(out) if resuming else []
    _rewrite(out, [summary_line(s) for s in done])
    run_file.write_text(run_key, encoding="utf-8")
    skip = {(s.source, s.report_index) for s in done}
    with open(out, "a", encoding="utf-8") as fh:

        def append(item) -> None:
            fh.write(summary_line(item) + "\n")
            fh.flush()
            os.fsync(fh.fileno())  # a kill -9 loses at most the line being written

        result = _with_progress(
            show, lambda cb: summarize_many(paths, skip=skip, on_result=append, on_progress=cb, **options)
        )
    return result, len(done)


def _write_or_fail(write, out: Path, result) -> Path:
    try:
        return write(out, result.summaries, result.errors)
    except OSError as exc:
        raise SummarizerError(f"cannot write {out}: {exc.strerror or exc}") from None


def _resume_lines(out: Path):
    """Finished summaries already in OUT; error lines and a line cut short by a kill are dropped."""
    from ..export import read_jsonl

    try:
        summaries, _errors, bad = read_jsonl(out)
    except (OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"cannot resume {out}: {exc}; use --overwrite to start afresh") from None
    if bad:
        click.echo(f"{out}: dropped {bad} unfinished line(s) from an interrupted run", err=True)
    # a report may be in the file twice if two runs overlapped; keep the first
    seen: set[tuple[str | None, int]] = set()
    unique = []
    for s in summaries:
        if (s.source, s.report_index) not in seen:
            seen.add((s.source, s.report_index))
            unique.append(s)
    return unique


def _rewrite(out: Path, lines: list[str]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp{os.getpid()}")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.writelines(line + "\n" for line in lines)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, out)


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


def _report(result, resumed: int, out: Path) -> None:
    u = result.usage
    items = sum(len(s.goals) + len(s.achievements) + len(s.key_projects) for s in result.summaries)
    parts = [f"{len(result.summaries)} report(s) summarized", f"{items} items"]
    if result.cache_hits:
        parts.append(f"{result.cache_hits} from cache")
    if resumed:
        parts.append(f"{resumed} already in {out.name}")
    parts += [
        f"{len(result.errors)} failed",
        f"{u.calls} model calls",
        f"{u.prompt_tokens + u.completion_tokens} tokens",
    ]
    parts.append(f"cost {u.cost:.4f}")
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
    """Where the cache is, how many summaries it holds, per backend."""
    from ..cache import Cache

    with Cache() as store:
        info = run(store.info)
    click.echo(f"path: {info.path}")
    click.echo(f"entries: {info.entries}")
    click.echo(f"size: {info.bytes / 1024:.1f} KiB")
    for backend, count in sorted(info.backends.items()):
        click.echo(f"  {backend or '-'}: {count}")


@cache.command("clear")
def cache_clear() -> None:
    """Delete every cached summary."""
    from ..cache import Cache

    with Cache() as store:
        removed = store.clear()
    click.echo(f"removed {removed} cached summar{'y' if removed == 1 else 'ies'} from {store.path}")
