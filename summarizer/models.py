"""Pydantic schemas shared by every stage: reports, evidence and the extracted items.

Numbers are stored as written in the quote with the unit as written (754.29 with 亿元, 6 with %):
no silent scaling, so a reader can check each figure against its quote.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "ACHIEVEMENT_INDICATORS",
    "GOAL_INDICATORS",
    "Achievement",
    "AdminLevel",
    "DocType",
    "Evidence",
    "Goal",
    "Investment",
    "ItemKind",
    "KeyProject",
    "MatchTier",
    "ProjectStatus",
    "Qualifier",
    "Rejected",
    "Report",
    "ReportMeta",
    "ReportSummary",
    "Section",
    "SectionKind",
    "Sentence",
    "StatedIn",
    "Usage",
]

GOAL_INDICATORS: tuple[str, ...] = (
    "gdp_growth",
    "fixed_asset_investment_growth",
    "retail_sales_growth",
    "general_budget_revenue_growth",
    "fiscal_revenue_growth",
    "industrial_value_added_growth",
    "disposable_income_growth",
    "urban_disposable_income_growth",
    "rural_disposable_income_growth",
    "cpi",
    "deficit_ratio",
    "urban_new_jobs",
    "surveyed_unemployment_rate",
    "registered_unemployment_rate",
    "foreign_trade_growth",
    "foreign_investment",
    "energy_intensity",
    "carbon_intensity",
    "rd_intensity",
    "grain_output",
    "poverty_reduction",
    "poverty_counties_exited",
    "poverty_villages_exited",
    "poverty_incidence",
    "other",
)
"""Stable keys for targets; `other` holds every target outside the standard list.

Poverty keeps what it counts apart: `poverty_reduction` people (or households) lifted out of poverty,
`poverty_counties_exited` / `poverty_villages_exited` poor counties / villages (and townships) exiting,
`poverty_incidence` the poverty incidence rate (贫困发生率, in %)."""

ACHIEVEMENT_INDICATORS: tuple[str, ...] = (
    *GOAL_INDICATORS[:-1],
    "gdp",
    "per_capita_gdp",
    "fixed_asset_investment",
    "retail_sales",
    "general_budget_revenue",
    "fiscal_revenue",
    "industrial_value_added",
    "disposable_income",
    "urban_disposable_income",
    "rural_disposable_income",
    "foreign_trade",
    "other",
)
"""Goal keys plus levels (gdp, retail_sales, ...) that results are often stated as."""


ITEM_KINDS: tuple[str, ...] = ("goals", "achievements", "key_projects")
"""The three kinds of extracted item, in the order summaries, prompts and scores list them."""


class AdminLevel(StrEnum):
    national = "national"
    province = "province"
    prefecture = "prefecture"
    county_district = "county-district"


class DocType(StrEnum):
    work_report = "work_report"
    plan_outline = "plan_outline"
    other = "other"


class Qualifier(StrEnum):
    point = "point"
    about = "about"
    at_least = "at_least"
    at_most = "at_most"
    range = "range"
    qualitative = "qualitative"
    delegated = "delegated"


class MatchTier(StrEnum):
    exact = "exact"
    normalized = "normalized"
    fuzzy = "fuzzy"


class ProjectStatus(StrEnum):
    planned = "planned"
    started = "started"
    under_construction = "under_construction"
    completed = "completed"
    in_operation = "in_operation"
    unknown = "unknown"


class SectionKind(StrEnum):
    preamble = "preamble"
    review = "review"
    targets = "targets"
    tasks = "tasks"
    self_building = "self_building"
    plan_chapter = "plan_chapter"
    closing = "closing"


ItemKind = Literal["goals", "achievements", "key_projects"]

StatedIn = Literal["targets", "tasks", "plan_chapter", "review", "other"]
"""Where a goal is stated: the targets passage (the headline list), the year's tasks, a plan outline's
chapters, the review, or elsewhere (preamble, closing)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class ReportMeta(_Model):
    """What a report is: who speaks for which region, for which year."""

    region: str | None = Field(None, description="Region as written, e.g. 北京市, 渝北区")
    admin_level: AdminLevel | None = None
    year: int | None = Field(None, description="The year the report plans for")
    doc_type: DocType = DocType.other
    title: str | None = None
    date: str | None = Field(None, description="Delivery date, ISO format (2020-05-15)")
    speaker: str | None = Field(None, description="Speaker and office, e.g. 市长 何平")


class Section(_Model):
    """A span of a report with a structural role; offsets index `Report.text`."""

    kind: SectionKind
    title: str
    start: int
    end: int


class Sentence(_Model):
    start: int
    end: int


class Report(_Model):
    """One report: an exact slice of its decoded source file plus metadata.

    `offset` is where `text` starts in the decoded source, so a span (s, e) in the report
    is (offset + s, offset + e) in the file.
    """

    text: str
    meta: ReportMeta = Field(default_factory=ReportMeta)
    source: str | None = Field(None, description="Path of the file the report came from")
    offset: int = 0
    index: int = Field(0, description="Position of the report in its source file")
    pages: list[tuple[int, int]] | None = Field(
        None,
        description="(start, end) of each page of a PDF or Word file, in offsets of the whole file's text",
    )
    ocr: bool = Field(False, description="The text came from optical character recognition")

    def page_of(self, offset: int) -> int | None:
        """The page (from 1) holding `offset`, for reports read from paged files; None otherwise."""
        if not self.pages:
            return None
        at = self.offset + offset
        number = None
        for n, (start, end) in enumerate(self.pages, 1):
            if end > start and start <= at:
                number = n
        return number or 1

    warnings: list[str] = Field(
        default_factory=list, description="What the splitter was unsure of, e.g. a report found twice"
    )

    @property
    def id(self) -> str:
        """A short stable id: source file stem and index."""
        stem = Path(self.source).stem if self.source else "text"
        return f"{stem}#{self.index}"


class Evidence(_Model):
    """Verbatim source text behind an item, with where it sits in the report."""

    quote: str = Field(description="Verbatim text copied from the report")
    start: int | None = Field(None, description="Character offset of the quote in the report text")
    end: int | None = None
    match: MatchTier | None = None
    page: int | None = Field(None, description="Page (from 1) of a PDF or Word file the quote starts on")


class Investment(_Model):
    amount: float
    unit: str = Field(description="Unit as written, e.g. 亿元, 万元")


class Goal(_Model):
    """A target for the year planned (or a longer plan horizon)."""

    indicator: str = Field(description="Key from GOAL_INDICATORS")
    description: str = Field(description="Short Chinese summary, e.g. 地区生产总值增长6%左右")
    low: float | None = None
    high: float | None = None
    unit: str | None = Field(None, description="Unit as written: %, 万人, 亿元, 万吨 ...")
    qualifier: Qualifier
    horizon: int | None = Field(None, description="Year the goal is for (2020 annual, 2025 plan)")
    base_year: int | None = Field(
        None,
        description="Year a cumulative target is measured from (能耗较2015年下降17% -> 2015); "
        "null for a change over the previous year",
    )
    stated_in: StatedIn | None = Field(
        None,
        description="Where the goal is stated: targets (the headline 主要预期目标 list), tasks, "
        "plan_chapter, review or other; null when unknown",
    )
    category: str | None = None
    evidence: Evidence

    @model_validator(mode="after")
    def _bounds_follow_qualifier(self) -> Goal:
        q = self.qualifier
        if q == Qualifier.at_least and self.high is not None:
            raise ValueError("an at_least goal sets low only")
        if q == Qualifier.at_most and self.low is not None:
            raise ValueError("an at_most goal sets high only")
        if q in (Qualifier.point, Qualifier.about, Qualifier.range):
            if self.low is None or self.high is None:
                raise ValueError(f"a {q} goal sets both low and high")
            if q != Qualifier.range and self.low != self.high:
                raise ValueError(f"a {q} goal has low == high")
            if self.low > self.high:
                raise ValueError("low exceeds high")
        return self


class Achievement(_Model):
    """A result of the period under review."""

    indicator: str = Field(description="Key from ACHIEVEMENT_INDICATORS")
    description: str
    value: float | None = None
    unit: str | None = None
    qualifier: Qualifier = Qualifier.point
    is_estimate: bool = Field(False, description="Stated as 预计 / 初步 (an estimate)")
    period: str | None = Field(None, description="Period reviewed, e.g. 2019 or 2016-2020")
    category: str | None = None
    evidence: Evidence


class KeyProject(_Model):
    """A named project the report plans, builds or has finished."""

    name: str
    status: ProjectStatus = ProjectStatus.unknown
    investment: Investment | None = None
    location: str | None = None
    sector: str | None = None
    description: str | None = None
    evidence: Evidence


class Rejected(_Model):
    """An item that failed validation, kept with the reason instead of being dropped."""

    kind: ItemKind
    item: dict
    reason: str


class Usage(_Model):
    """Model calls of a report. `cached_prompt_tokens` are the part of `prompt_tokens` the provider served
    from its prompt cache (OpenAI `cached_tokens`, DeepSeek `prompt_cache_hit_tokens`), billed at
    `price_cached_input`."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_prompt_tokens: int = 0
    cost: float = 0.0
    seconds: float = 0.0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            calls=self.calls + other.calls,
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            cached_prompt_tokens=self.cached_prompt_tokens + other.cached_prompt_tokens,
            cost=self.cost + other.cost,
            seconds=self.seconds + other.seconds,
        )


class ReportSummary(_Model):
    """Everything extracted from one report.

    Evidence offsets count from the start of the report's text. `report_start` / `report_end` say where
    that text lies in the decoded source file, so a quote sits at `report_start + evidence.start` in it.
    """

    meta: ReportMeta
    source: str | None = None
    report_index: int = 0
    report_start: int | None = Field(
        None,
        description="Character offset of the report in its decoded source file (evidence offsets add it)",
    )
    report_end: int | None = Field(None, description="End of the report in its decoded source file")
    backend: str | None = None
    goals: list[Goal] = Field(default_factory=list)
    achievements: list[Achievement] = Field(default_factory=list)
    key_projects: list[KeyProject] = Field(default_factory=list)
    rejected: list[Rejected] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
