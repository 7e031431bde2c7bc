"""`summarizer view`: write the HTML page that shows a summary over its report's text."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import ConfigError
from . import main, run

__all__ = ["view"]


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="The page ('-': stdout).",
)
@click.option(
    "--report",
    "report_index",
    type=click.IntRange(min=0),
    help="Only report N of the file (its index, from 0).",
)
@click.option(
    "--source",
    "source_file",
    type=click.Path(exists=True, dir_okay=False),
    help="The report file a result was made from, when the path recorded in it does not resolve.",
)
@click.option(
    "--source-root",
    "source_roots",
    multiple=True,
    type=click.Path(exists=True, file_okay=False),
    help="A folder the recorded source paths are relative to (the batch's working folder); repeatable.",
)
def view(
    file: str,
    output: str,
    report_index: int | None,
    source_file: str | None,
    source_roots: tuple[str, ...],
) -> None:
    """Write one self-contained HTML page for FILE: a result (JSON / JSONL of summaries) or a report.

    A report file is summarized with the offline rules backend first. Several reports make one page
    with a report picker; --report N keeps one. The reports of a result are found from the source paths
    it records: as given, then under each --source-root, then under the result's folder and its parents.
    """
    from ..view import render_many

    path = Path(file)
    summaries = _read_results(path)
    if summaries is not None:
        roots = [Path(r) for r in source_roots]
        pairs = run(lambda: _pair_with_reports(summaries, path, source_file, roots, report_index))
    else:
        pairs = run(lambda: _summarize_file(path, report_index))
    page = render_many(pairs)
    if output == "-":
        click.echo(page, nl=False)
    else:
        try:
            Path(output).write_text(page, encoding="utf-8")
        except OSError as exc:
            raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
        items = sum(len(s.goals) + len(s.achievements) + len(s.key_projects) for s, _ in pairs)
        click.echo(f"wrote {output}: {len(pairs)} report(s), {items} item(s)", err=True)


def _read_results(path: Path) -> list | None:
    """Summaries in a .json (one object or a list) or .jsonl file; None when FILE is not JSON (a report)."""
    from pydantic import ValidationError

    from ..models import ReportSummary

    text = path.read_text(encoding="utf-8-sig", errors="replace")
    looks_json = path.suffix.lower() in (".json", ".jsonl") or text.lstrip()[:1] in ("{", "[")
    if not looks_json:
        return None
    try:
        data = json.loads(text)
        records = data if isinstance(data, list) else [data]
    except json.JSONDecodeError as exc:
        from ..export import read_json_lines

        lines = list(read_json_lines(path))
        if not any(line is not None for line in lines):
            if path.suffix.lower() in (".json", ".jsonl"):
                raise click.ClickException(f"{path}: not valid JSON or JSONL ({exc})") from None
            return None  # a report that happens to start with a bracket
        records = [line for line in lines if line is not None]  # a running batch's unfinished last line
    # batch files (JSONL) hold {"error": ...} rows for documents that failed: nothing to show for them
    records = [r for r in records if not (isinstance(r, dict) and set(r) == {"error"})]
    try:
        summaries = [ReportSummary.model_validate(r) for r in records]
    except ValidationError as exc:
        raise click.ClickException(f"{path}: not a report summary: {exc.errors()[0]['msg']}") from None
    if not summaries:
        raise click.ClickException(f"{path}: no summaries in it")
    return summaries


def _pair_with_reports(
    summaries: list, path: Path, source_file: str | None, roots: list[Path], report_index: int | None
) -> list:
    """Each summary with the report it was made from, reloaded from its `source` and `report_index`."""
    from ..split import load_reports

    if report_index is not None:
        summaries = [s for s in summaries if s.report_index == report_index]
        if not summaries:
            raise click.BadParameter(f"{path} has no summary of report {report_index}", param_hint="--report")
    loaded: dict[Path, list] = {}
    pairs = []
    for summary in summaries:
        source = _resolve_source(summary.source, path, source_file, roots)
        if source not in loaded:
            loaded[source] = load_reports(source)
        reports = loaded[source]
        if summary.report_index >= len(reports):
            raise click.ClickException(
                f"{source} holds {len(reports)} report(s); the summary is of report {summary.report_index}"
            )
        pairs.append((summary, reports[summary.report_index]))
    return pairs


def _resolve_source(recorded: str | None, result: Path, override: str | None, roots: list[Path]) -> Path:
    if override:
        return Path(override)
    if not recorded:
        raise click.ClickException(f"{result}: a summary names no source file; pass it with --source")
    relative = Path(recorded)
    folders = [*roots, *result.resolve().parents]
    candidates = [relative] + [folder / relative for folder in folders] + [result.parent / relative.name]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise click.ClickException(
        f"{result}: source {recorded!r} not found; pass --source-root (the folder the batch ran in) "
        "or the report file with --source"
    )


def _summarize_file(path: Path, report_index: int | None) -> list:
    """Summarize the reports of a report file with the offline rules backend."""
    from ..client import Summarizer
    from ..split import load_reports

    reports = load_reports(path)
    if report_index is not None:
        if report_index >= len(reports):
            raise click.BadParameter(f"{path} holds {len(reports)} report(s)", param_hint="--report")
        reports = [reports[report_index]]
    try:
        client = Summarizer("rules", cache=False)
    except (ConfigError, ModuleNotFoundError) as exc:
        raise click.ClickException(
            f"cannot summarize {path}: the offline 'rules' backend is not available ({exc}). "
            "View a saved result instead: summarizer view RESULT.json -o page.html"
        ) from None
    result = client.summarize_many(reports)
    if result.errors:
        raise click.ClickException(f"{path}: {result.errors[0].message}")
    return list(zip(result.summaries, reports, strict=True))
