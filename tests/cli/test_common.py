"""The consoles print untrusted text as text: no markup is read from it, no control sequence gets through."""

from __future__ import annotations

import json

from rich.table import Table
from typer.testing import CliRunner

from factionmap.cli import app
from factionmap.cli.common import SafeConsole, printable

HOSTILE = "the [/b] Brigade [bold red]loud[/bold red] \x1b[2J\x1b[31mred\x1b[0m \x07end"


def rendered(*renderables) -> str:
    console = SafeConsole(record=True, width=200, color_system="truecolor", force_terminal=True)
    with console.capture() as capture:
        for r in renderables:
            console.print(r)
    return capture.get()


def test_markup_in_printed_text_is_shown_as_it_is():
    table = Table(title=HOSTILE)
    table.add_column(HOSTILE)
    table.add_row(HOSTILE)
    shown = rendered(HOSTILE, table)
    assert shown.count("[/b] Brigade [bold red]loud[/bold red]") == 3  # the line, the title... and the cell
    assert "\x1b[2J" not in shown and "\x1b[31mred" not in shown and "\x07" not in shown


def test_printable_keeps_newlines_tabs_and_letters_and_marks_the_rest():
    assert printable("a\tb\nc \u0627\u0644\u0634\u0628\u0627\u0628") == "a\tb\nc \u0627\u0644\u0634\u0628\u0627\u0628"
    assert printable("x\x1b[2Jy\x9bz") == "x\ufffd[2Jy\ufffdz"


def test_extract_show_with_markup_in_file_names_and_the_text(tmp_path):
    (tmp_path / "[bold red]alert.txt").write_text(
        "The [/b] Brigade attacked the Malian army in Gao in March 2021, officials said. "
        "JNIM denounced the [/b] Brigade.",
        encoding="utf-8",
    )
    (tmp_path / "[i] empty [blink].txt").write_text("", encoding="utf-8")  # fails: its name is reported
    result = CliRunner().invoke(app, ["extract", str(tmp_path), "--out", str(tmp_path / "out"), "--show", "5"])
    assert result.exit_code == 0, result.output
    assert "MarkupError" not in result.output and "Traceback" not in result.output
    assert "[i] empty [blink].txt" in result.stderr  # the file name as it is
    assert list((tmp_path / "out").glob("*.json"))  # the outputs were written, and then shown


def test_a_store_s_hostile_metadata_prints_as_text(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps(
            {
                "doc_id": "x",
                "publisher": "[red]Evil[/red] \x1b[2J Wire",
                "title": "[/i]",
                "text": "Hamas praised the Houthis for their attacks in 2021.",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "fm.db")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(feed), "--db", db, "--no-reference"]).exit_code == 0
    result = runner.invoke(app, ["relation", "Hamas", "Houthis", "--db", db])
    assert result.exit_code == 0, result.output
    assert "\x1b[2J" not in result.output and "Traceback" not in result.output
