import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from summarizer.models import Evidence, Goal
from summarizer.schemas import render_schemas

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


def test_committed_schemas_match_the_models():
    """Fails when a model changed without `summarizer schema --write schemas`."""
    rendered = render_schemas()
    committed = {p.name: p.read_text(encoding="utf-8") for p in SCHEMAS.glob("*.json")}
    assert committed == rendered


def test_schemas_keep_chinese_readable():
    text = render_schemas()["goal.json"]
    assert "地区生产总值" in text
    assert json.loads(text)["title"] == "Goal"


@pytest.mark.parametrize(
    "qualifier, low, high",
    [("at_least", 6, 7), ("at_most", 4.5, 4.5), ("about", 6, None), ("range", 7, 6), ("point", 6, 6.5)],
)
def test_goal_bounds_follow_the_qualifier(qualifier, low, high):
    with pytest.raises(ValidationError):
        Goal(indicator="gdp_growth", description="x", qualifier=qualifier, low=low, high=high,
             evidence=Evidence(quote="q"))  # fmt: skip


@pytest.mark.parametrize(
    "qualifier, low, high",
    [
        ("at_least", 6, None),
        ("at_most", None, 4.5),
        ("about", 6, 6),
        ("range", 6, 6.5),
        ("qualitative", None, None),
    ],
)
def test_goal_bounds_accepted(qualifier, low, high):
    goal = Goal(indicator="gdp_growth", description="x", qualifier=qualifier, low=low, high=high,
                evidence=Evidence(quote="q"))  # fmt: skip
    assert (goal.low, goal.high) == (low, high)
