"""Prompt variants: manifests, sandboxed rendering, report text as data, few-shot validation, the CLI."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from conftest import corpus_report

from summarizer.cli import main
from summarizer.errors import PromptError
from summarizer.extract.llm.prompts import BUILTIN_DIR, list_variants, load_variant


def render(variant, text, kinds=("goals", "key_projects")):
    meta = {"region": "巴中市", "year": 2020, "doc_type": "work_report"}
    return variant.render(kinds=kinds, text=text, meta=meta, section="二、2020 年工作安排", candidates=[text])


def test_two_genuinely_different_variants_ship():
    variants = {v.name: v for v in list_variants()}
    assert {"default", "candidates"} <= set(variants)
    default, candidates = variants["default"], variants["candidates"]
    assert (default.reading, len(default.examples)) == ("section", 0)  # whole-section, zero-shot
    assert candidates.reading == "candidates" and len(candidates.examples) >= 2  # few-shot
    assert all(v.version and v.description and v.path.is_dir() for v in variants.values())
    assert default.template_hash != candidates.template_hash


def test_schema_and_examples_are_rendered_unescaped():
    text = corpus_report("bazhong").text[8004:8094]
    system, user = render(load_variant("candidates"), text)
    assert "\\u" not in system["content"] + user["content"]
    assert "全省生产总值增长 7.5%" in system["content"]  # a few-shot answer from real report text, readable
    # the compact answer format (no schema dump) sits in the fixed system message; the user message
    # holds only the chunk
    assert "registered_unemployment_rate" in system["content"] and "格式：" in system["content"]
    assert text in user["content"]


@pytest.mark.parametrize("name", ["default", "candidates"])
def test_report_text_is_data_never_a_template(name):
    text = corpus_report("bazhong").text[8004:8094] + "{{ 7*7 }}{% for x in range(3) %}X{% endfor %}{# c #}"
    _, user = render(load_variant(name), text)
    assert "{{ 7*7 }}{% for x in range(3) %}X{% endfor %}{# c #}" in user["content"]
    assert "49" not in user["content"] and "XXX" not in user["content"]


def test_only_requested_kinds_are_described():
    system, user = render(load_variant("default"), "文本", kinds=("achievements",))
    assert "achievements" in system["content"] and "key_projects" not in system["content"] + user["content"]


def copy_variant(tmp_path, name="candidates"):
    folder = tmp_path / name
    shutil.copytree(BUILTIN_DIR / name, folder)
    return folder


def test_a_user_folder_loads_and_its_edits_change_the_hash(tmp_path):
    folder = copy_variant(tmp_path)
    before = load_variant(folder).template_hash
    (folder / "user.j2").write_text((folder / "user.j2").read_text() + "\n请仔细阅读。", encoding="utf-8")
    assert load_variant(str(folder)).template_hash != before


def test_broken_example_quote_raises_prompt_error(tmp_path):
    folder = copy_variant(tmp_path)
    examples = json.loads((folder / "examples.json").read_text(encoding="utf-8"))
    examples[1]["answer"]["goals"][0]["quote"] = "地区生产总值增长7%左右"  # not in the example text
    (folder / "examples.json").write_text(json.dumps(examples, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(PromptError, match="quote not found"):
        load_variant(folder)


def test_example_number_missing_from_its_quote_raises_prompt_error(tmp_path):
    folder = copy_variant(tmp_path)
    examples = json.loads((folder / "examples.json").read_text(encoding="utf-8"))
    examples[0]["answer"]["achievements"][0]["value"] = 1236.5
    (folder / "examples.json").write_text(json.dumps(examples, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(PromptError, match="does not appear in the quote"):
        load_variant(folder)


def test_undefined_variables_and_sandbox_escapes_raise_prompt_error(tmp_path):
    folder = copy_variant(tmp_path, "default")
    (folder / "user.j2").write_text("{{ text }} {{ no_such_variable }}", encoding="utf-8")
    with pytest.raises(PromptError, match="no_such_variable"):
        render(load_variant(folder), "文本")
    (folder / "user.j2").write_text("{{ text.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8")
    with pytest.raises(PromptError):
        render(load_variant(folder), "文本")


def test_bad_manifests_and_unknown_names(tmp_path):
    with pytest.raises(PromptError, match="no prompt variant"):
        load_variant("no-such-variant")
    folder = copy_variant(tmp_path, "default")
    (folder / "manifest.toml").write_text(
        'name = "x"\nversion = "1"\ndescription = "d"\noutput_mode = "xml"\n'
    )
    with pytest.raises(PromptError, match="output_mode"):
        load_variant(folder)
    (folder / "manifest.toml").write_text('name = "x"\nversion = "1"\ndescription = "d"\n')
    (folder / "reask.j2").unlink()
    with pytest.raises(PromptError, match=r"reask\.j2"):
        load_variant(folder)


def test_reask_quotes_the_exact_errors():
    text = load_variant("default").render_reask(
        kinds=["goals"],
        answer_error=None,
        errors=["goals[0] (quote '地区生产总值'): quote not found in the report"],
    )
    assert "goals[0] (quote '地区生产总值'): quote not found in the report" in text


def test_cli_lists_variants(tmp_path):
    result = CliRunner().invoke(main, ["prompts"])
    assert result.exit_code == 0, result.output
    assert "default" in result.output and "candidates" in result.output and "2.2" in result.output
    folder = copy_variant(tmp_path)
    (folder / "system.j2").write_text("{% if %}", encoding="utf-8")
    result = CliRunner().invoke(main, ["prompts", "--path", str(folder)])
    assert result.exit_code == 1 and "system.j2" in result.output


def test_render_prints_the_exact_messages_of_a_chunk():
    from conftest import CORPUS, FILES

    path = str(CORPUS / FILES["bazhong"])
    result = CliRunner().invoke(main, ["prompts", "render", "default", path, "--chunk", "0", "--json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["chunk"] == 0 and [m["role"] for m in record["messages"]] == ["system", "user"]
    report = corpus_report("bazhong")
    assert report.text[record["span"][0] : record["span"][1]] in record["messages"][1]["content"]
    assert "格式：" in record["messages"][0]["content"]  # json_object: the compact schema is in the prompt
    schema = CliRunner().invoke(
        main, ["prompts", "render", "default", path, "--chunk", "0", "--mode", "tools"]
    )
    assert schema.exit_code == 0 and "格式：" not in schema.stdout and "--- system" in schema.stdout


def test_prompt_variants_from_installed_plugins(tmp_path, monkeypatch):
    import shutil
    import sys

    folder = tmp_path / "mine"
    shutil.copytree(BUILTIN_DIR / "default", folder)
    manifest = folder / "manifest.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace('name = "default"', 'name = "mine"'), "utf-8"
    )
    (tmp_path / "mine_prompts.py").write_text(f"FOLDER = {str(folder)!r}\n", encoding="utf-8")
    dist = tmp_path / "mine_prompts-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: mine-prompts\nVersion: 1.0\n", "utf-8")
    (dist / "entry_points.txt").write_text("[summarizer.prompts]\nmine = mine_prompts:FOLDER\n", "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert load_variant("mine").name == "mine"
    assert "mine" in [v.name for v in list_variants()]
    monkeypatch.delitem(sys.modules, "mine_prompts", raising=False)
