"""The `summarizer` command line: a thin layer over the library; library errors become one-line messages.

Commands live in one module per feature inside this package (`summarize.py`, `eval.py`, `view.py`, ...);
each adds itself to `main`, and every module here is imported when the package loads.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import SummarizerError

__all__ = ["main", "parse_settings", "read_source", "run"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="summarizer")
def main() -> None:
    """Goals, achievements and key projects from Chinese government work reports, with their sources."""


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table for reading, json (an array, one object per report) for programs.",
)
def split(file: str, fmt: str) -> None:
    """List the reports in FILE with their metadata (region, level, year, type, date, speaker)."""
    from ..split import load_reports

    reports = run(lambda: load_reports(read_source(file)))
    if fmt == "json":
        rows = [
            {"index": r.index, "offset": r.offset, "chars": len(r.text), **r.meta.model_dump(mode="json")}
            for r in reports
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(reports)} report(s) in {file}")
    for column in ("#", "region", "level", "year", "type", "date", "speaker", "chars", "title"):
        table.add_column(column)
    for r in reports:
        m = r.meta
        table.add_row(
            str(r.index), m.region or "", m.admin_level or "", str(m.year or ""), m.doc_type,
            m.date or "", m.speaker or "", str(len(r.text)), (m.title or "")[:40],
        )  # fmt: skip
    Console().print(table)


@main.command()
@click.option("--write", "folder", type=click.Path(file_okay=False), help="Write schemas/*.json into FOLDER.")
def schema(folder: str | None) -> None:
    """Print the JSON Schema of a report summary, or write every schema file."""
    from ..schemas import render_schemas, write_schemas

    if folder:
        for path in write_schemas(folder):
            click.echo(str(path))
        return
    click.echo(render_schemas()["report_summary.json"], nl=False)


def read_source(file: str) -> Path | str:
    """A path, or the decoded text of stdin for '-'."""
    if file == "-":
        from ..read import decode

        return decode(sys.stdin.buffer.read())
    return Path(file)


def parse_settings(pairs: tuple[str, ...]) -> dict[str, Any]:
    """--setting KEY=VALUE pairs; values are read as JSON when they parse (numbers, true/false), else text.

    Keys never travel this way (they would show in shell history and process lists).
    """
    options: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"expected KEY=VALUE, got {pair!r}", param_hint="--setting")
        if key.strip() == "api_key":
            raise click.BadParameter(
                "pass keys through OPENAI_API_KEY or the config file", param_hint="--setting"
            )
        try:
            options[key.strip()] = json.loads(value)
        except json.JSONDecodeError:
            options[key.strip()] = value
    return options


def run(fn):
    """Call `fn`, turning library errors into a one-line CLI error (exit code 1)."""
    try:
        return fn()
    except SummarizerError as exc:
        raise click.ClickException(str(exc)) from None


for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
