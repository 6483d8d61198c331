import io
import re

import pytest
from click.testing import CliRunner
from rich.console import Console

from claimtrack import show
from claimtrack.cli import cli
from claimtrack.export import ExportError
from claimtrack.exporters.records import claim_records
from claimtrack.verdicts import add_verdict
from factcheck_fixtures import ARTICLE_ID, BARE_ARTICLE_ID, TEXT, build_db

ANSI = re.compile(r"\x1b\[[0-9;]*m")
MARKER = re.compile(r" \[(?:\d+(?:,\d+)*|verdict: [^\]]+)\]")


@pytest.fixture
def db(tmp_path):
    db = build_db(tmp_path / "claims.db")
    add_verdict(db, 2, "Misleading", reviewer="Example Checks")
    return db


def render(db, article_id, **console_options) -> str:
    out = io.StringIO()
    # Wide enough that rich does not wrap the body, so the text can be compared.
    show.render_article(db, article_id, Console(file=out, width=1000, **console_options))
    return out.getvalue()


def test_plain_output_without_a_terminal_has_no_colour_codes(db):
    output = render(db, ARTICLE_ID)
    assert not ANSI.search(output)
    assert "Camps, trade and a border" in output
    assert "The Diplomat | 2019-04-20 | https://example.org/camps-and-trade" in output
    assert "4 claims, 3 attributed, 3 sources, 1 verdicts" in output


def test_body_is_the_article_text_plus_markers(db):
    records = list(claim_records(db, ARTICLE_ID))
    legend = show.source_legend(records)
    body = show.annotated_text(TEXT, records, legend, cues=[])
    assert MARKER.sub("", body.plain) == TEXT
    # Markers follow the claims they belong to: legend numbers, then the verdict.
    sentences = [r["text"] for r in records]
    assert f"{sentences[0]} [1,2]" in body.plain
    assert f"{sentences[1]} [3] [verdict: Misleading]" in body.plain
    assert f"{sentences[2]} [2]" in body.plain
    assert f"{sentences[3]}" in body.plain and f"{sentences[3]} [" not in body.plain


def test_markers_of_the_last_claim_and_markup_like_text_appear_once(db):
    add_verdict(db, 4, "[red]True", reviewer="[b]Checks")
    output = render(db, ARTICLE_ID)
    assert output.count("reopened on Monday. [verdict: [red]True]") == 1
    assert output.count("[verdict: [red]True]") == 1
    assert "[b]Checks" in output


def test_legend_numbers_sources_in_order_of_appearance(db):
    records = list(claim_records(db, ARTICLE_ID))
    legend = show.source_legend(records)
    assert [(name, number) for name, (number, _, _) in legend.items()] == [
        ("Human Rights Watch", 1), ("Michael Clarke", 2), ("officials", 3)]
    assert len({colour for _, colour, _ in legend.values()}) == 3
    output = render(db, ARTICLE_ID)
    legend_lines = [line for line in output.splitlines()
                    if re.match(r"\s*[123] \S", line)]
    assert [line.split("\u2502")[1].strip() for line in legend_lines] == [
        "Human Rights Watch", "Michael Clarke", "officials"]
    assert "an Australian academic" in output


def test_claims_are_coloured_by_their_strongest_source(db):
    records = list(claim_records(db, ARTICLE_ID))
    legend = show.source_legend(records)
    cue = TEXT.index("According to")
    body = show.annotated_text(TEXT, records, legend, cues=[(cue, cue + len("According to"))])
    console = Console(file=io.StringIO(), color_system="truecolor", force_terminal=True)
    for record in records:
        offset = body.plain.index(record["text"]) + len(record["text"]) - 1
        style = body.get_style_at_offset(console, offset)
        if record["sources"]:
            expected = legend[record["sources"][0]["name"]][1]
            assert style.color is not None and style.color.name == expected
        else:
            assert style.color is None
    assert body.get_style_at_offset(console, cue).underline
    assert not body.get_style_at_offset(console, cue + len("According to")).underline


def test_colour_output_on_a_terminal(db):
    output = render(db, ARTICLE_ID, force_terminal=True, color_system="standard")
    assert ANSI.search(output)
    # cyan (36) for source 1 and magenta (35) for source 2 both appear.
    assert "\x1b[36m" in output and "\x1b[35m" in output
    assert "Misleading" in ANSI.sub("", output)


def test_verdicts_are_listed_newest_first(db):
    add_verdict(db, 2, "False", reviewer="Second Look")
    output = render(db, ARTICLE_ID)
    assert output.index("Verdicts (newest first)") < output.index("Second Look") < output.index(
        "Example Checks")
    # Only the current verdict is shown inline in the body.
    assert "[verdict: False]" in output and "[verdict: Misleading]" not in output


def test_article_without_url_or_sources_in_legend(db):
    output = render(db, BARE_ARTICLE_ID)
    assert "A road" in output
    assert "Officials said the road would open in May. [1]" in output
    assert "Verdicts" not in output


def test_unknown_article(db):
    with pytest.raises(ExportError, match="unknown article id 'nope'"):
        render(db, "nope")


def test_cli_show(db, tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["show", ARTICLE_ID, "--db", str(tmp_path / "claims.db")])
    assert result.exit_code == 0, result.output
    assert not ANSI.search(result.output)
    assert "Human Rights Watch" in result.output and "[verdict: Misleading]" in result.output
    missing = runner.invoke(cli, ["show", "nope", "--db", str(tmp_path / "claims.db")])
    assert missing.exit_code != 0
    assert missing.output.strip() == (
        "Error: no article with id, id prefix or title words 'nope' (see claimtrack articles)")
    no_db = runner.invoke(cli, ["show", ARTICLE_ID, "--db", str(tmp_path / "none.db")])
    assert no_db.exit_code != 0
    assert no_db.output.count("\n") == 1 and "none.db: no such database" in no_db.output
    assert not (tmp_path / "none.db").exists()


def test_seed_article_is_shown_with_its_sources(seed_db):
    article = next(seed_db["articles"].rows)
    records = list(claim_records(seed_db, article["id"]))
    legend = show.source_legend(records)
    assert "Human Rights Watch" in legend and "Michael Clarke" in legend
    body = show.annotated_text(article["text"], records, legend, cues=[])
    assert MARKER.sub("", body.plain) == article["text"]
    output = render(seed_db, article["id"])
    assert not ANSI.search(output)
    assert "Human Rights Watch" in output.split("Sources", 1)[1]


def test_show_finds_an_article_by_id_prefix_or_title_and_lists_claim_ids(db, tmp_path):
    runner = CliRunner()
    path = str(tmp_path / "claims.db")
    by_prefix = runner.invoke(cli, ["show", ARTICLE_ID[:6], "--db", path])
    by_title = runner.invoke(cli, ["show", "trade and a BORDER", "--db", path])
    assert by_prefix.exit_code == by_title.exit_code == 0, by_prefix.output
    assert by_prefix.output == by_title.output
    assert "Camps, trade and a border" in by_title.output
    # The claims table gives the ids `claimtrack verdict` takes, and the figures read.
    claims = by_title.output[re.search(r"^Claims\s*$", by_title.output, re.M).end():]
    ids = re.findall(r"^\s*#(\d+) ", claims, flags=re.M)
    assert ids == [str(r["claim_id"]) for r in claim_records(db, ARTICLE_ID)]


def test_articles_command_lists_ids_and_titles(db, tmp_path):
    result = CliRunner().invoke(cli, ["articles", "--db", str(tmp_path / "claims.db")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == len(list(db.query("select id from articles")))
    assert any(line.startswith(ARTICLE_ID + "  ") and line.endswith("Camps, trade and a border")
               for line in lines)


def test_resolve_article_refuses_ambiguity(db):
    from claimtrack.articles import ArticleNotFound, resolve_article

    assert resolve_article(db, ARTICLE_ID) == ARTICLE_ID
    assert resolve_article(db, "no-url") == BARE_ARTICLE_ID  # an id prefix
    assert resolve_article(db, "road") == BARE_ARTICLE_ID  # title words
    # "a" is in both titles: both are named, nothing is guessed.
    with pytest.raises(ArticleNotFound, match="'a' matches 2 articles: camps-and-trade"):
        resolve_article(db, "a")
    with pytest.raises(ArticleNotFound, match="give an article id"):
        resolve_article(db, "  ")


HEADLINED = (
    "Harbour fees will double next year, port authority says\n\n"
    "Fishing crews said on Tuesday that the rise would cost them their boats. "
    "They have protested outside the authority's offices since March.\n"
)


def test_the_headline_is_shown_once_as_the_heading(nlp, tmp_path):
    from claimtrack.ingest import ingest
    from claimtrack.store import open_db

    path = tmp_path / "harbour.txt"
    path.write_text(HEADLINED, encoding="utf-8")
    db = open_db(tmp_path / "h.db")
    assert ingest([str(path)], db, nlp).ok
    article = next(db["articles"].rows)
    assert article["text"] == HEADLINED.strip()  # the headline paragraph (pipeline version 2)
    lines = render(db, article["id"]).splitlines()
    heading = "Harbour fees will double next year, port authority says [1]"
    assert lines[:5] == [
        "╭" + "─" * (len(heading) + 2) + "╮",
        f"│ {heading} │",
        "╰" + "─" * (len(heading) + 2) + "╯",
        "Fishing crews said on Tuesday that the rise would cost them their boats. [2] "
        "They have protested outside the authority's offices since March.",
        "",
    ]
    assert sum(line.count("Harbour fees will double") for line in lines[:5]) == 1
