"""Hostile data in the database never hurts whoever reads an export or the terminal:
spreadsheet formulas, </script> in JSON-LD, javascript: URLs, terminal escape sequences."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from rich.console import Console

from claimtrack.cli import cli
from claimtrack.export import export_string
from claimtrack.ingest import ingest
from claimtrack.show import render_article
from claimtrack.store import open_db
from claimtrack.verdicts import add_verdict

CLEAR_SCREEN = "\x1b[2J"
WINDOW_TITLE = "\x1b]0;pwned\x07"
HIDDEN_LINK = "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\"

ARTICLE = {
    "title": "@SUM(1+1) harbour vote " + WINDOW_TITLE,
    "url": "javascript:alert(document.cookie)",
    "publication": "=HYPERLINK(\"http://evil.example\")",
    "text": (
        "-5 percent was the fall in harbour traffic last year, the port authority said.\n\n"
        f"The mayor said the vote {CLEAR_SCREEN}was a victory for the town{HIDDEN_LINK}.\n\n"
        "Critics said the </script><script>alert(1)</script> plan would cost millions.\n"
    ),
}


@pytest.fixture(scope="module")
def hostile_db(nlp, tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "claims.db"
    source = path.parent / "hostile.jsonl"
    source.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    db = open_db(path)
    summary = ingest([str(source)], db, nlp, jsonl=True)
    assert summary.ok and len(summary.inserted) == 1, summary.refused
    claims = list(db.query("select id, text from claims order by seq"))
    add_verdict(db, claims[1]["id"], "=cmd|' /C calc'!A0", reviewer=f"Desk{WINDOW_TITLE}",
                note="</script><img src=x onerror=alert(1)> & more",
                url="https://factcheck.example/harbour")
    db.close()
    return path


def test_csv_cells_never_start_a_formula(hostile_db):
    # Before: "=cmd|..." and "@SUM(...)" were written raw and ran when opened in a spreadsheet.
    db = open_db(hostile_db)
    rows = list(csv.DictReader(io.StringIO(export_string(db, "csv"))))
    for row in rows:
        for column, value in row.items():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (column, value)
    judged = next(r for r in rows if r["verdict_rating"])
    assert judged["verdict_rating"] == "'=cmd|' /C calc'!A0"
    # (the headline is a claim too, so the body's first sentence is not the first row)
    assert any(r["text"].startswith("'-5 percent was the fall") for r in rows)
    assert rows[0]["article_title"].startswith("'@SUM(1+1) harbour vote")


@pytest.mark.parametrize("fmt", ["claimreview", "webannotation"])
def test_json_ld_cannot_end_a_script_block_and_carries_only_http_urls(hostile_db, fmt):
    # Before: a raw "</script>" ended the <script type="application/ld+json"> block the
    # docs tell users to paste the export into, and javascript: went into url fields.
    text = export_string(open_db(hostile_db), fmt)
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\\u003c/script\\u003e" in text
    assert "javascript:" not in text
    data = json.loads(text)  # the escapes are plain JSON: the data is unchanged
    if fmt == "claimreview":
        (review,) = data
        assert review["reviewBody"] == "</script><img src=x onerror=alert(1)> & more"
        assert review["url"] == "https://factcheck.example/harbour"
        assert "url" not in review["itemReviewed"]["appearance"]
    else:
        targets = {item["target"]["source"] for item in data["first"]["items"]}
        assert len(targets) == 1 and targets.pop().startswith("urn:claimtrack:article:")


def test_show_prints_no_escape_sequence_from_the_data(hostile_db):
    # Before: the article's escape sequences cleared the screen, set the window title and
    # hid a link, in a terminal and in a pipe alike.
    db = open_db(hostile_db)
    article_id = db.execute("select id from articles").fetchone()[0]
    piped = CliRunner().invoke(cli, ["show", article_id, "--db", str(hostile_db)])
    assert piped.exit_code == 0, piped.output
    assert "\x1b" not in piped.output and "\x07" not in piped.output
    assert "␛[2J" in piped.output and "␛]0;pwned␇" in piped.output
    terminal = io.StringIO()
    render_article(db, article_id, Console(file=terminal, force_terminal=True, width=100))
    shown = terminal.getvalue()
    for sequence in (CLEAR_SCREEN, "\x1b]0;", "\x1b]8;", "\x07"):
        assert sequence not in shown  # rich's own colour codes are all that remain
    assert "␛]8;;http://evil.example/" in shown


def test_verdicts_prints_no_escape_sequence_from_the_data(hostile_db):
    result = CliRunner().invoke(cli, ["verdicts", "--db", str(hostile_db)])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "by Desk␛]0;pwned␇" in result.output
