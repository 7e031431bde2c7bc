"""Test extractors for the bulk API and CLI tests; also loadable as a plugin module.

`SUMMARIZER_EXTRACTOR_PLUGINS=fake_extractors` (with tests/ on PYTHONPATH) registers them in a
subprocess: "fake" (fast), "slow" (sleeps FAKE_EXTRACTOR_DELAY seconds per report) and "failing"
(raises on reports whose text contains FAKE_EXTRACTOR_FAIL_ON). Every call is appended to the file
named by FAKE_EXTRACTOR_LOG, so tests can count extractor calls across processes.

The items are real: growth figures found by a regex in the report and grounded with SourceText,
so exports carry genuine quotes and offsets.
"""

from __future__ import annotations

import asyncio
import os
import re
from typing import Any

from summarizer import SourceText
from summarizer.extract import register_extractor
from summarizer.models import Achievement, Goal, KeyProject, Qualifier, Report, ReportSummary, Usage

_GROWTH = re.compile(
    r"(地区生产总值|固定资产投资|社会消费品零售总额)[^。；，,]{0,12}?增长\s*(\d+(?:\.\d+)?)\s*%(左右)?"
)
_PROJECT = re.compile(r"(建成|开工建设|加快建设)([^，。；、]{2,12}?(?:高速公路|铁路|机场|水库|大桥))")
_INDICATOR = {"地区生产总值": "gdp_growth", "固定资产投资": "fixed_asset_investment_growth"}


class FakeExtractor:
    """Deterministic, offline; `version` and `prompt` feed the cache key like a real backend's."""

    name = "fake"

    def __init__(
        self,
        *,
        name: str = "fake",
        prompt: str = "default",
        version: int = 1,
        delay: float = 0.0,
        fail_on: str = "",
    ):
        self.name = name
        self.prompt = prompt
        self.version = version
        self.delay = delay
        self.fail_on = fail_on
        self.calls: list[str] = []

    def cache_key(self) -> dict[str, Any]:
        return {"backend": self.name, "prompt": self.prompt, "version": self.version}

    async def extract(self, report: Report) -> ReportSummary:
        self.calls.append(report.id)
        log = os.environ.get("FAKE_EXTRACTOR_LOG")
        if log:
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(f"{report.source}#{report.index}\n")
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.fail_on and self.fail_on in report.text:
            raise RuntimeError(f"fake failure on {report.id} (key sk-abcdefghijklmnop)")
        return summarize_text(report, backend=self.name)


def summarize_text(report: Report, backend: str = "fake") -> ReportSummary:
    source = SourceText(report.text, fuzzy=False)
    goals, achievements, projects = [], [], []
    for m in _GROWTH.finditer(report.text):
        evidence = source.locate(m.group(0))
        value = float(m.group(2))
        indicator = _INDICATOR.get(m.group(1), "retail_sales_growth")
        if m.group(3):  # 左右: phrased like a target
            goals.append(
                Goal(
                    indicator=indicator,
                    description=m.group(0),
                    low=value,
                    high=value,
                    unit="%",
                    qualifier=Qualifier.about,
                    horizon=report.meta.year,
                    evidence=evidence,
                )
            )
        else:
            period = str(report.meta.year - 1) if report.meta.year else None
            achievements.append(
                Achievement(
                    indicator=indicator,
                    description=m.group(0),
                    value=value,
                    unit="%",
                    period=period,
                    evidence=evidence,
                )
            )
    for m in _PROJECT.finditer(report.text):
        projects.append(
            KeyProject(name=m.group(2), description=m.group(0), evidence=source.locate(m.group(0)))
        )
    return ReportSummary(
        meta=report.meta,
        source=report.source,
        report_index=report.index,
        backend=backend,
        goals=goals,
        achievements=achievements,
        key_projects=projects,
        usage=Usage(calls=1, prompt_tokens=len(report.text) // 2, completion_tokens=50, cost=0.001),
    )


def register() -> None:
    delay = float(os.environ.get("FAKE_EXTRACTOR_DELAY", "0.2"))
    fail_on = os.environ.get("FAKE_EXTRACTOR_FAIL_ON", "")
    register_extractor("fake", lambda **_: FakeExtractor())
    register_extractor("slow", lambda **_: FakeExtractor(name="slow", delay=delay))
    register_extractor("failing", lambda **_: FakeExtractor(name="failing", fail_on=fail_on or "渝北区"))


register()
