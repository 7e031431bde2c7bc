"""`summarizer prompts`: the prompt variants shipped with the package (or one folder of your own), and
`summarizer prompts render VARIANT FILE [--chunk N]`: the exact messages a report's chunks are sent."""

from __future__ import annotations

import click

from ..config import ModelSettings
from . import main, run


@main.group(invoke_without_command=True)
@click.option(
    "--path", "folder", type=click.Path(file_okay=False, exists=True), help="Check a variant folder."
)
@click.pass_context
def prompts(ctx: click.Context, folder: str | None) -> None:
    """List prompt variants: name, version, output mode, description (use one with --prompt NAME)."""
    if ctx.invoked_subcommand is not None:
        return
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


@prompts.command()
@click.argument("variant")
@click.argument("file", type=click.Path(dir_okay=False, exists=True))
@click.option("--chunk", "number", type=int, help="Only this chunk (0-based); default every chunk.")
@click.option("--report", "report_index", type=int, default=0, show_default=True, help="Report in the file.")
@click.option(
    "--chunk-tokens",
    type=int,
    default=ModelSettings.model_fields["chunk_tokens"].default,
    show_default=True,
    help="Token budget of report text per chunk.",
)
@click.option(
    "--mode",
    type=click.Choice(["json_object", "json_schema", "tools", "text"]),
    default="json_object",
    show_default=True,
    help="Output mode: json_schema and tools carry the schema in the request, not the prompt.",
)
@click.option("--overlap", type=int, default=0, help="Context characters before each chunk.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per chunk: span, kinds, messages.")
def render(
    variant: str, file: str, number: int | None, report_index: int, chunk_tokens: int, mode: str,
    overlap: int, as_json: bool,
) -> None:  # fmt: skip
    """Print the exact messages VARIANT sends for the chunks of FILE (no model is called)."""
    import json

    from ..extract.llm.chunk import chunk_report
    from ..extract.llm.modes import schema_in_request
    from ..extract.llm.prompts import load_variant, render_chunk
    from ..split import load_reports

    def build():
        v = load_variant(variant)
        reports = list(load_reports(file))
        if not 0 <= report_index < len(reports):
            raise click.BadParameter(f"the file holds {len(reports)} report(s)", param_hint="--report")
        report = reports[report_index]
        chunks = chunk_report(report, chunk_tokens)
        if number is not None and not 0 <= number < len(chunks):
            raise click.BadParameter(f"the report has {len(chunks)} chunk(s)", param_hint="--chunk")
        chosen = chunks if number is None else [chunks[number]]
        opts = {"schema_in_request": schema_in_request(mode), "overlap": overlap}
        return [(c, render_chunk(v, report, c, **opts)) for c in chosen], len(chunks)

    rendered, total = run(build)
    for chunk, messages in rendered:
        if as_json:
            record = {"chunk": chunk.index, "span": [chunk.start, chunk.end], "kinds": list(chunk.kinds),
                      "section": chunk.section, "messages": messages}  # fmt: skip
            click.echo(json.dumps(record, ensure_ascii=False))
            continue
        head = f"=== chunk {chunk.index + 1}/{total} [{chunk.start}:{chunk.end}] {', '.join(chunk.kinds)}"
        click.echo(f"{head} ({chunk.section})")
        if messages is None:
            click.echo("(no candidate sentences: not sent)")
            continue
        for message in messages:
            click.echo(f"--- {message['role']}")
            click.echo(message["content"])
