"""Shared fixtures: the corpus copies, and an environment scrubbed of model settings."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from summarizer import Report, load_reports

CORPUS = Path(__file__).resolve().parent.parent / "evals" / "corpus"
FILES = {
    "bazhong": "000_e181ff31d8784aa3.txt",
    "chongqing_districts": "001_1942fa47ad5fe32d.txt",
    "bazhou_plan": "002_c4564f88c128cbf8.txt",
    "qianjiang": "003_81e20280b68fc4c4.txt",
    "provinces": "004_fcb4acf3a3c06b95.txt",
    "national_2003": "122_national_2003.txt",
    "national_2004": "123_national_2004.txt",
    "national_2006": "125_national_2006.txt",
    "national_2008": "127_national_2008.txt",
}


@cache
def corpus_reports(name: str) -> tuple[Report, ...]:
    """Reports of a corpus file by short name (see FILES), loaded once per test session."""
    return tuple(load_reports(CORPUS / FILES[name]))


def corpus_report(name: str, region: str | None = None) -> Report:
    """One report: the only one in the file, or the one for `region`."""
    reports = corpus_reports(name)
    if region is None:
        assert len(reports) == 1
        return reports[0]
    return next(r for r in reports if r.meta.region == region)


@pytest.fixture(autouse=True)
def _no_model_settings(monkeypatch, tmp_path):
    """Tests never see the developer's keys, endpoints or config file."""
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "SUMMARIZER_MODEL", "SUMMARIZER_CONFIG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("SUMMARIZER_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def retry_waits(monkeypatch) -> list[float]:
    """Every non-zero asyncio.sleep asked for (tenacity's waits among them), taken instantly.

    Lets a test check which wait was chosen (a Retry-After, a backoff, none at all) without a clock.
    """
    import asyncio

    waits: list[float] = []
    real = asyncio.sleep

    async def record(delay, *args, **kwargs):
        if delay:
            waits.append(delay)
        return await real(0, *args, **kwargs)

    monkeypatch.setattr(asyncio, "sleep", record)
    return waits
