"""`summarizer jobs status|collect|cancel OUT`: the batch job started by `summarizer batch --via batch`.

The job's settings (model, endpoint, prompt, ...) come from its state file `.OUT.batch.json`; only the API
key is read again (--api-key, OPENAI_API_KEY), and --base-url may point at another address of the same
provider. Exit codes: 0 done or still running, 1 bad state or endpoint, 3 some reports failed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import main, run
from .summarize import EXIT_SOME_FAILED, interrupted, job_report

if TYPE_CHECKING:
    from ..client import Summarizer

__all__ = ["jobs"]


@main.group()
def jobs() -> None:
    """Batch jobs started with `summarizer batch PATHS -o OUT --via batch`."""


def _client(out: Path, api_key: str | None, base_url: str | None) -> Summarizer:
    from ..client import Summarizer
    from ..config import resolve_settings
    from ..jobs import load_state

    state = run(lambda: load_state(out))
    stored = {k: v for k, v in state["settings"].items() if v is not None}
    if base_url:
        stored["base_url"] = base_url
    settings = run(lambda: resolve_settings(**stored, api_key=api_key))
    return run(lambda: Summarizer("llm", settings=settings, plugins=False))


def _options(fn):
    fn = click.option("--base-url", help="Another address of the same endpoint (default: the job's).")(fn)
    fn = click.option("--api-key", help="API key [env OPENAI_API_KEY]; never logged or stored.")(fn)
    return click.argument("output", type=click.Path(dir_okay=False))(fn)


@jobs.command("status")
@_options
def status(output: str, api_key: str | None, base_url: str | None) -> None:
    """Each batch of OUTPUT's job: status and request counts (nothing downloaded)."""
    out = Path(output)
    with _client(out, api_key, base_url) as client:
        state = run(lambda: client.batch_status(out))
    for b in state.batches:
        counts = b.get("request_counts") or {}
        done = "collected" if b.get("collected") else "not collected"
        click.echo(
            f"{b['id']}  round {b['round']}  {b.get('status')}  {b['requests']} request(s)  "
            f"completed {counts.get('completed', '-')}  failed {counts.get('failed', '-')}  {done}"
        )
    click.echo(f"{state.pending} request(s) pending, {len(state.failed)} failed so far")


@jobs.command("collect")
@_options
@click.option(
    "--reask",
    type=click.Choice(["live", "batch"]),
    help="Send re-asks and failed requests live or as a follow-up batch (default: as submitted).",
)
@click.option(
    "--wait", type=click.FloatRange(min=0), help="Poll up to this many seconds for running batches."
)
@click.option(
    "--poll", type=click.FloatRange(min=0.01), default=30.0, show_default=True, help="Seconds between polls."
)
def collect(
    output: str, api_key: str | None, base_url: str | None, reask: str | None, wait: float | None, poll: float
) -> None:
    """Download finished batches (output and error files) and finish OUTPUT as a live run would."""
    out = Path(output)
    try:
        with _client(out, api_key, base_url) as client:
            state = run(lambda: client.collect_batch(out, reask=reask, wait=wait, poll=poll))
    except KeyboardInterrupt:
        interrupted(out)
    job_report(state)
    if state.result is not None and state.result.errors:
        sys.exit(EXIT_SOME_FAILED)


@jobs.command("cancel")
@_options
def cancel(output: str, api_key: str | None, base_url: str | None) -> None:
    """Cancel OUTPUT's running batches; `jobs collect` keeps what they finished."""
    out = Path(output)
    with _client(out, api_key, base_url) as client:
        state = run(lambda: client.cancel_batch(out))
    for b in state.batches:
        click.echo(f"{b['id']}  {b.get('status')}")
