"""The model's answer: strict response schema, lenient JSON parsing, conversion, salvaging cut-off JSON."""

from __future__ import annotations

import json

from summarizer.extract.llm.response import parse_answer, parse_json_text, response_schema, salvage_json

GOAL = {"quote": "城镇登记失业率控制在 4.4% 以内", "indicator": "registered_unemployment_rate",
        "description": "城镇登记失业率控制在4.4%以内", "low": None, "high": 4.4, "unit": "%",
        "qualifier": "at_most", "horizon": 2020}  # fmt: skip


def test_schema_is_strict():
    schema = response_schema(["goals", "key_projects"])
    assert schema["required"] == ["goals", "key_projects"] and schema["additionalProperties"] is False
    for kind in ("goals", "key_projects"):
        item = schema["properties"][kind]["items"]
        assert item["additionalProperties"] is False and item["required"] == list(item["properties"])
    assert schema["properties"]["key_projects"]["items"]["properties"]["investment_amount"]["type"] == [
        "number",
        "null",
    ]


def test_json_is_found_in_fences_and_prose():
    payload = json.dumps({"goals": [GOAL]}, ensure_ascii=False)
    for text in (payload, f"```json\n{payload}\n```", f"结果如下：{payload}。以上。"):
        assert parse_json_text(text) == {"goals": [GOAL]}


def test_parse_converts_items_and_reports_item_errors():
    bad = {**GOAL, "qualifier": "at_most", "low": 3.0}  # an at_most goal with a low bound
    parsed = parse_answer(json.dumps({"goals": [GOAL, bad, {"quote": "x"}]}, ensure_ascii=False), ["goals"])
    assert parsed.error is None and len(parsed.items["goals"]) == 1
    assert parsed.items["goals"][0].evidence.quote == GOAL["quote"]
    assert [e.index for e in parsed.errors] == [1, 2]
    assert (
        "at_most goal sets high only" in parsed.errors[0].reason
        and "Field required" in parsed.errors[1].reason
    )


def test_answer_level_errors():
    assert "not valid JSON" in parse_answer('{"goals": [', ["goals"]).error
    assert "no key goals" in parse_answer('{"remarks": "none"}', ["goals"]).error
    assert "must be a list" in parse_answer('{"goals": "none"}', ["goals"]).error
    assert "indicator 'gdp_rate'" in parse_answer(json.dumps({"goals": [{**GOAL, "indicator": "gdp_rate"}]}),
                                                  ["goals"]).errors[0].reason  # fmt: skip


def test_salvage_keeps_the_complete_items_before_the_cut():
    payload = json.dumps({"goals": [GOAL, GOAL]}, ensure_ascii=False)
    cut = payload[: payload.rfind("{") + 20]
    assert json.loads(salvage_json(cut)) == {"goals": [GOAL]}
    assert salvage_json('{"goals": [{"quo') is None


def test_strings_holding_raw_line_breaks_are_read():
    # what llama.cpp's grammar let the gemma3 270M model write: a raw line break inside a JSON string
    text = (
        '{"goals": [{"quote": "地区生产总值增长 7%\n</candidates>", "indicator": "gdp_growth", '
        '"description": "x", "low": 7, "high": 7, "unit": "%", "qualifier": "point"}]}'
    )
    parsed = parse_answer(text, ["goals"])
    assert parsed.error is None and parsed.items["goals"][0].evidence.quote.endswith("\n</candidates>")


def test_tool_definitions_leave_what_the_prompt_says_to_the_prompt():
    from summarizer.config import ModelSettings
    from summarizer.extract.llm.modes import build_request

    settings = ModelSettings(model="m", base_url="http://127.0.0.1:9/v1")
    messages = [{"role": "user", "content": "x"}]
    tools = build_request(settings, "tools", messages, ["goals"])["tools"][0]["function"]["parameters"]
    schema = build_request(settings, "json_schema", messages, ["goals"])["response_format"]["json_schema"]
    goal = tools["properties"]["goals"]["items"]
    assert goal["properties"]["indicator"] == goal["properties"]["qualifier"] == {"type": "string"}
    assert goal["properties"]["low"] == {"type": "number"}  # optional, not ["number", "null"]
    assert goal["required"] == ["quote", "indicator", "description", "qualifier"]
    assert "enum" in schema["schema"]["properties"]["goals"]["items"]["properties"]["indicator"]
    assert len(schema["schema"]["properties"]["goals"]["items"]["required"]) == len(goal["properties"])
    # an answer that leaves optional fields out is whole; a value outside an enum is still refused
    text = '{"goals": [{"quote": "q", "indicator": "gdp_growth", "description": "d", "qualifier": "qualitative"}]}'
    parsed = parse_answer(text, ["goals"])
    assert parsed.errors == [] and parsed.items["goals"][0].low is None
    text = (
        '{"goals": [{"quote": "q", "indicator": "gdp_growth", "description": "d", "qualifier": "roughly"}]}'
    )
    assert parse_answer(text, ["goals"]).errors
    # an invented key is still refused, with a reason the re-ask can show
    text = '{"goals": [{"quote": "q", "indicator": "gdp_growth_rate", "description": "d", "low": 6, "high": 6, "unit": "%", "qualifier": "point"}]}'
    parsed = parse_answer(text, ["goals"])
    assert not parsed.items["goals"] and "not one of the allowed keys" in parsed.errors[0].reason
