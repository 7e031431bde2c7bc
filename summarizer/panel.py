"""Targets next to outcomes: one row per (region, indicator, year).

A region's report for year Y states its targets for Y (goals with horizon Y); its report for Y+1 reviews
Y (achievements with period "Y"). The panel puts the two side by side, each with its quote and source,
so "no target stated" and "no outcome reported" stay visible as empty cells rather than missing rows.
Multi-year goals (plan horizons) and multi-year periods ("2016-2020") are left out: they are not
annual targets or outcomes.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from typing import Any, Literal

import pandas as pd

from .models import Achievement, Goal, Qualifier, ReportSummary
from .numbers import convert

__all__ = ["PANEL_COLUMNS", "PanelWarning", "target_outcome_panel"]


class PanelWarning(UserWarning):
    """The panel has no row where a target meets its outcome; the message says why."""


_KEY = {"region": "string", "admin_level": "string", "indicator": "string", "year": "Int64"}
_TARGET = {
    "target_low": "Float64",
    "target_high": "Float64",
    "target_unit": "string",
    "target_qualifier": "string",
    "target_description": "string",
    "target_quote": "string",
    "target_source": "string",
    "target_report_index": "Int64",
}
_OUTCOME = {
    "outcome_value": "Float64",
    "outcome_unit": "string",
    "outcome_is_estimate": "boolean",
    "outcome_description": "string",
    "outcome_quote": "string",
    "outcome_source": "string",
    "outcome_report_index": "Int64",
    "outcome_report_year": "Int64",
}
_DTYPES = _KEY | _TARGET | _OUTCOME | {"gap": "Float64", "met": "boolean", "reason": "string"}
PANEL_COLUMNS: list[str] = list(_DTYPES)


def target_outcome_panel(
    summaries: Iterable[ReportSummary],
    *,
    indicators: Iterable[str] | None = None,
    how: Literal["outer", "targets", "both"] = "outer",
) -> pd.DataFrame:
    """Targets and outcomes side by side (indicator x region x year).

    how: "outer" keeps every target and every outcome; "targets" keeps rows with a target;
    "both" keeps rows with both. `gap` is outcome minus the target's reference (low for at_least,
    high for at_most, the midpoint otherwise); `met` follows the qualifier (point/about/range/at_least:
    outcome >= low; at_most: outcome <= high), empty when either side is not numeric or units differ.
    When a report states an indicator twice, the first statement wins (a final, non-estimate
    figure wins over an estimate for outcomes); a target from the headline list (`stated_in` "targets")
    wins over one stated in the tasks. Units convert where they measure the same thing (亿斤 vs 万吨).
    `reason` says why `met` is empty (no target stated, no outcome reported, not numeric, units differ);
    when no row has both a target and an outcome a `PanelWarning` says why, and
    `frame.attrs["reason"]` keeps the explanation.
    """
    wanted = set(indicators) if indicators is not None else None
    targets: dict[tuple[str, str, int], dict[str, Any]] = {}
    outcomes: dict[tuple[str, str, int], tuple[bool, dict[str, Any]]] = {}
    levels: dict[str, str | None] = {}
    years: dict[str, set[int]] = {}
    unplaced = 0
    for s in summaries:
        region, year = s.meta.region, s.meta.year
        if not region or year is None:
            unplaced += 1
            continue
        years.setdefault(region, set()).add(year)
        levels.setdefault(region, s.meta.admin_level)
        for goal in s.goals:
            horizon = goal.horizon if goal.horizon is not None else year
            if horizon is None or horizon != year or (wanted and goal.indicator not in wanted):
                continue  # plan-horizon goals are not annual targets
            if goal.base_year is not None:
                continue  # 能耗较2015年下降17%: a cumulative target, not this year's change
            key = (region, goal.indicator, horizon)
            known = targets.get(key)
            if known is None or (
                known["_stated_in"] not in (None, "targets") and goal.stated_in == "targets"
            ):
                targets[key] = _target(goal, s)
        for ach in s.achievements:
            period = _year(ach.period)
            if period is None or (wanted and ach.indicator not in wanted) or _multi_year(ach):
                continue
            key = (region, ach.indicator, period)
            stated = outcomes.get(key)
            # a final figure replaces an estimate; otherwise the first statement stays
            if stated is None or (stated[0] and not ach.is_estimate):
                outcomes[key] = (ach.is_estimate, _outcome(ach, s))
    keys = set(targets) | set(outcomes)
    if how == "targets":
        keys = set(targets)
    elif how == "both":
        keys = set(targets) & set(outcomes)
    rows = []
    for key in sorted(keys, key=lambda k: (k[0], k[2], k[1])):
        region, indicator, year = key
        target = {k: v for k, v in targets.get(key, {}).items() if k != "_stated_in"}
        outcome = outcomes.get(key, (False, {}))[1]
        row = {"region": region, "admin_level": levels.get(region), "indicator": indicator, "year": year}
        row |= target | outcome | _compare(target, outcome, lower_is_better=indicator in LOWER_IS_BETTER)
        rows.append(row)
    frame = pd.DataFrame(rows, columns=PANEL_COLUMNS)
    for name, dtype in _DTYPES.items():
        frame[name] = frame[name].astype(dtype)
    if not frame["met"].notna().any():
        why = _why_empty(targets, outcomes, years, unplaced, rows)
        frame.attrs["reason"] = why
        warnings.warn(f"target_outcome_panel: no target meets an outcome: {why}", PanelWarning, stacklevel=2)
    return frame


def _why_empty(targets, outcomes, years: dict[str, set[int]], unplaced: int, rows: list[dict]) -> str:
    """Why no row compares a target with its outcome, in the order a user would check."""
    notes = []
    if unplaced:
        notes.append(f"{unplaced} report(s) without a region or year were left out")
    if not years:
        return "; ".join([*notes, "no report has both a region and a year"])
    consecutive = [r for r, ys in years.items() if any(y + 1 in ys for y in ys)]
    if not consecutive:
        seen = ", ".join(f"{r} {sorted(ys)}" for r, ys in sorted(years.items()))
        notes.append(
            "no region has reports of consecutive years (a year's targets are reviewed in the next "
            f"year's report): {seen}"
        )
    elif not targets:
        notes.append("no annual targets were extracted")
    elif not outcomes:
        notes.append("no single-year outcomes were extracted")
    elif not set(targets) & set(outcomes):
        notes.append("targets and outcomes share no (region, indicator, year)")
    else:
        reasons = sorted({r["reason"] for r in rows if r.get("reason")})
        notes.append("rows with both sides could not be compared: " + "; ".join(reasons))
    return "; ".join(notes)


LOWER_IS_BETTER = frozenset(
    {
        "cpi",
        "surveyed_unemployment_rate",
        "registered_unemployment_rate",
        "deficit_ratio",
        "poverty_incidence",
    }
)
"""Indicators whose target is a ceiling even when written 左右 (居民消费价格涨幅3%左右): below it is met."""

_MULTI_YEAR = re.compile(r"年均|累计|五年|十[二三四五]五")


def _multi_year(ach: Achievement) -> bool:
    """A five-year average or a cumulative figure is no outcome of one year's target."""
    return bool(_MULTI_YEAR.search(ach.evidence.quote) or _MULTI_YEAR.search(ach.description or ""))


def _year(period: str | None) -> int | None:
    if period and period.strip().isdigit() and len(period.strip()) == 4:
        return int(period)
    return None


def _target(goal: Goal, s: ReportSummary) -> dict[str, Any]:
    return {
        "target_low": goal.low,
        "target_high": goal.high,
        "target_unit": goal.unit,
        "target_qualifier": goal.qualifier,
        "target_description": goal.description,
        "target_quote": goal.evidence.quote,
        "target_source": s.source,
        "target_report_index": s.report_index,
        "_stated_in": goal.stated_in,
    }


def _outcome(ach: Achievement, s: ReportSummary) -> dict[str, Any]:
    return {
        "outcome_value": ach.value,
        "outcome_unit": ach.unit,
        "outcome_is_estimate": ach.is_estimate,
        "outcome_description": ach.description,
        "outcome_quote": ach.evidence.quote,
        "outcome_source": s.source,
        "outcome_report_index": s.report_index,
        "outcome_report_year": s.meta.year,
    }


def _compare(
    target: dict[str, Any], outcome: dict[str, Any], *, lower_is_better: bool = False
) -> dict[str, Any]:
    value = outcome.get("outcome_value")
    low, high = target.get("target_low"), target.get("target_high")
    if not target:
        return {"gap": None, "met": None, "reason": "no target stated"}
    if not outcome:
        return {"gap": None, "met": None, "reason": "no outcome reported"}
    if low is None and high is None:
        return {"gap": None, "met": None, "reason": "target not numeric"}
    if value is None:
        return {"gap": None, "met": None, "reason": "outcome not numeric"}
    t_unit, o_unit = target.get("target_unit"), outcome.get("outcome_unit")
    value = convert(value, o_unit, t_unit)
    if value is None:
        return {"gap": None, "met": None, "reason": f"units differ ({t_unit} vs {o_unit})"}
    qualifier = target.get("target_qualifier")
    ceiling = high if high is not None else low
    if (qualifier == Qualifier.at_most or lower_is_better) and ceiling is not None:
        return {"gap": round(value - ceiling, 10), "met": value <= ceiling, "reason": None}
    if qualifier == Qualifier.at_least and low is not None:
        return {"gap": round(value - low, 10), "met": value >= low, "reason": None}
    floor = low if low is not None else high
    assert floor is not None  # both None returned above
    reference = (low + high) / 2 if low is not None and high is not None else floor
    return {"gap": round(value - reference, 10), "met": value >= floor, "reason": None}
