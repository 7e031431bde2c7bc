import json

from click.testing import CliRunner

from summarizer.cli import main
from tests.conftest import CORPUS, FILES


def test_split_lists_reports_as_json():
    result = CliRunner().invoke(main, ["split", str(CORPUS / FILES["provinces"]), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) == 29
    assert rows[0]["region"] == "安徽省" and rows[0]["year"] == 2020 and rows[0]["admin_level"] == "province"


def test_split_table_names_every_region():
    result = CliRunner().invoke(
        main, ["split", str(CORPUS / FILES["chongqing_districts"])], terminal_width=200
    )
    assert result.exit_code == 0, result.output
    for region in ("渝北区", "南岸区", "忠县"):
        assert region in result.output


def test_split_reads_stdin():
    text = (CORPUS / FILES["qianjiang"]).read_bytes()
    result = CliRunner().invoke(main, ["split", "-", "--format", "json"], input=text)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["region"] == "黔江区"


def test_split_bad_input_is_a_one_line_error(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = CliRunner().invoke(main, ["split", str(empty)])
    assert result.exit_code == 1
    assert "empty" in result.output and "Traceback" not in result.output
    missing = CliRunner().invoke(main, ["split", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 1 and "cannot read" in missing.output


def test_schema_command_writes_the_files(tmp_path):
    result = CliRunner().invoke(main, ["schema", "--write", str(tmp_path)])
    assert result.exit_code == 0
    assert (tmp_path / "goal.json").is_file() and (tmp_path / "report_summary.json").is_file()
    printed = CliRunner().invoke(main, ["schema"])
    assert json.loads(printed.output)["title"] == "ReportSummary"


def _commands(group, prefix=()):
    import click

    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))
        else:
            yield " ".join((*prefix, name)), command


def test_every_cli_option_has_help_text():
    import click

    from summarizer.cli import main

    missing = [
        f"{name} {param.opts[0]}"
        for name, command in _commands(main)
        for param in command.params
        if isinstance(param, click.Option) and not param.help and param.opts[0] not in ("--help", "-h")
    ]
    assert not missing, missing
