"""`summarizer prompts`: the prompt variants shipped with the package (or one folder of your own)."""

from __future__ import annotations

import click

from . import main, run


@main.command()
@click.option(
    "--path", "folder", type=click.Path(file_okay=False, exists=True), help="Check a variant folder."
)
def prompts(folder: str | None) -> None:
    """List prompt variants: name, version, output mode, description (use one with --prompt NAME)."""
    from rich.console import Console
    from rich.table import Table

    from ..extract.llm.prompts import list_variants, load_variant

    variants = run(lambda: [load_variant(folder)] if folder else list_variants())
    table = Table(title="prompt variants")
    for column in ("name", "version", "output mode", "reading", "examples", "description"):
        table.add_column(column)
    for v in variants:
        table.add_row(v.name, v.version, v.output_mode, v.reading, str(len(v.examples)), v.description)
    Console(width=160).print(table)
