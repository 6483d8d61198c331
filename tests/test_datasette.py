"""The Datasette publication: metadata.yml, canned queries, views and the annotated page."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlite_utils
import yaml
from datasette.app import Datasette
from datasette.utils import tilde_encode
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack import canned_queries, datasette_plugin, publish, schema
from claimtrack.datasette_plugin import Mark, render_marked, render_paragraphs
from claimtrack.text import paragraph_spans
from claimtrack.web.article import colour_style, source_colours
from publish_fixtures import (
    ARTICLE_ID,
    HOSTILE_ID,
    HOSTILE_TEXT,
    TEXT,
    build_db,
    stop_server,
)

ROOT = Path(__file__).resolve().parent.parent
METADATA = ROOT / "metadata.yml"

@pytest.fixture
def db_path(tmp_path) -> Path:
    return build_db(tmp_path / "claims.db")


def metadata() -> dict:
    return yaml.safe_load(METADATA.read_text(encoding="utf-8"))


@pytest.fixture
async def ds(db_path):
    datasette = Datasette([str(db_path)], metadata=metadata())
    await datasette.invoke_startup()
    return datasette


async def get_json(ds, path: str) -> dict:
    response = await ds.client.get(path)
    assert response.status_code == 200, (path, response.text[:500])
    return response.json()


async def query_rows(ds, name: str, **params) -> list[dict]:
    query = "&".join(f"{k}={quote(str(v))}" for k, v in params.items())
    data = await get_json(ds, f"/claims/{name}.json?_shape=array&{query}")
    return data


# ---------------------------------------------------------------------------------------
# metadata.yml


def test_metadata_yml_is_what_publish_generates():
    assert METADATA.read_text(encoding="utf-8") == publish.render_yaml(), (
        "metadata.yml is stale: run claimtrack metadata"
    )
    assert metadata() == publish.metadata_dict()


def test_metadata_command_writes_and_checks(tmp_path):
    from click.testing import CliRunner

    from claimtrack.cli import cli

    target = str(tmp_path / "metadata.yml")
    runner = CliRunner()
    assert runner.invoke(cli, ["metadata", target]).exit_code == 0
    assert runner.invoke(cli, ["metadata", "--check", target]).exit_code == 0
    Path(target).write_text(Path(target).read_text().replace("Claim id.", "Claim number."))
    stale = runner.invoke(cli, ["metadata", "--check", target])
    assert stale.exit_code == 1 and "stale" in stale.output


def test_every_table_view_and_column_is_described(db_path):
    """Against the real database, so a column added to schema.py or a view cannot slip by."""
    db = sqlite_utils.Database(db_path)
    tables = metadata()["databases"]["claims"]["tables"]
    hidden_fts = {name for name in db.table_names() if "_fts" in name}
    names = [n for n in db.table_names() if n not in hidden_fts] + db.view_names()
    assert {"articles", "claims", "verdicts", "claims_with_sources"} <= set(names)
    for name in names:
        assert tables[name]["description"].strip(), name
        columns = db[name].columns_dict if name in db.table_names() else db.view(name).columns_dict
        for column in columns:
            assert tables[name]["columns"].get(column, "").strip(), f"{name}.{column}"


def test_table_options():
    meta = metadata()
    tables = meta["databases"]["claims"]["tables"]
    for t in schema.TABLES:
        label = tables[t.name]["label_column"]
        assert label in {c.name for c in t.columns}, t.name
    # One facet on the claims table: each is a group-by over every claim (docs/scaling.md).
    assert tables["claims"]["facets"] == ["kind"]
    # Views over every claim offer facets on demand only (docs/scaling.md).
    assert "facets" not in tables["claims_with_sources"]
    assert tables["figure_conflicts"]["facets"] == ["unit", "year"]
    assert tables["attributions"]["facets"] == ["mode"]
    assert tables["claims"]["fts_table"] == "claims_search_fts"
    assert tables["sources"]["fts_table"] == "sources_fts"
    assert tables["claims"]["fts_pk"] == tables["sources"]["fts_pk"] == "id"
    for name, table_meta in tables.items():
        assert not ({"sort", "sort_desc"} <= set(table_meta)), name
    for key in ("title", "description", "source", "license", "license_url"):
        assert meta[key], key
    # Read-only and the default time limit: no settings, no write queries, no grants.
    assert "settings" not in meta and "permissions" not in meta
    for name, query in meta["databases"]["claims"]["queries"].items():
        assert query["title"] and query["description"], name
        assert not query.get("write") and "allow" not in query, name
        for param in query.get("params", []):
            assert f":{param}" in query["sql"], (name, param)


# ---------------------------------------------------------------------------------------
# Pages, tables and views


async def test_every_page_renders(ds):
    paths = ["/", "/claims", "/-/metadata.json"]
    for name in metadata()["databases"]["claims"]["tables"]:
        paths += [f"/claims/{name}", f"/claims/{name}.json"]
    for name in metadata()["databases"]["claims"]["queries"]:
        paths.append(f"/claims/{name}")
    paths += ["/claims/claims/1", "/claims/sources/2", "/claims/articles/" + ARTICLE_ID]
    for path in paths:
        response = await ds.client.get(path)
        assert response.status_code == 200, (path, response.text[:300])


async def test_table_page_shows_descriptions_and_facets(ds):
    html = (await ds.client.get("/claims/claims")).text
    assert "One row per claim" in html
    # Column descriptions are there, folded away below the table's description.
    folded = html.index('<details class="claimtrack-columns">')
    assert html.index("Position of the claim in its article") > folded
    assert html.count('<dl class="column-descriptions">') == 1
    assert html.index("One row per claim") < folded < html.index('<table class="rows-and-columns">')
    data = await get_json(ds, "/claims/claims.json")
    assert set(data["facet_results"]) == {"kind"}
    kinds = {f["value"]: f["count"] for f in data["facet_results"]["kind"]["results"]}
    assert kinds["statistic"] == 2
    modes = await get_json(ds, "/claims/attributions.json")
    assert "mode" in modes["facet_results"]


async def test_table_full_text_search(ds):
    data = await get_json(ds, "/claims/claims.json?_search=signatures&_shape=array")
    assert [row["id"] for row in data] == [4]
    data = await get_json(ds, "/claims/sources.json?_search=activist&_shape=array")
    assert [row["name"] for row in data] == ["Serikzhan Bilash"]


async def test_views(ds):
    rows = await get_json(ds, "/claims/claims_with_sources.json?_shape=array")
    assert len(rows) == 7  # 7 claims, each with at most one source
    assert {r["source"] for r in rows if r["claim_id"] == 3} == {"Serikzhan Bilash"}
    rows = await get_json(ds, "/claims/unsourced_figures.json?_shape=array")
    assert [r["figure"] for r in rows] == ["$11.07 billion"]
    rows = await get_json(ds, "/claims/source_summary.json?_shape=array")
    assert (rows[0]["name"], rows[0]["claims"], rows[0]["articles"]) == (
        "Serikzhan Bilash", 3, 2)


# ---------------------------------------------------------------------------------------
# Canned queries


async def test_claims_by_source_matches_name_and_alias(ds):
    by_alias = await query_rows(ds, "claims_by_source", source="bilash")
    assert [r["claim_id"] for r in by_alias] == [3, 4, 6]
    assert {r["written_as"] for r in by_alias} == {"Serikzhan Bilash", "Bilash"}
    by_alias = await query_rows(ds, "claims_by_source", source="FM")
    assert [r["claim_id"] for r in by_alias] == [1]
    by_name = await query_rows(ds, "claims_by_source", source="ministry")
    assert [r["claim_id"] for r in by_name] == [1]
    assert await query_rows(ds, "claims_by_source", source="") == []
    assert await query_rows(ds, "claims_by_source", source="Nobody") == []


async def test_figures_without_source(ds):
    rows = await query_rows(ds, "figures_without_source")
    assert [(r["figure"], r["value"], r["unit"], r["year"]) for r in rows] == [
        ("$11.07 billion", 11.07e9, "USD", "2017")]


async def test_sources_by_claims(ds):
    rows = await query_rows(ds, "sources_by_claims")
    assert [(r["name"], r["claims"], r["articles"], r["direct_quotes"]) for r in rows] == [
        ("Serikzhan Bilash", 3, 2, 1),
        ("Foreign Ministry", 1, 1, 0),
        ("The <Unnamed> Group", 1, 1, 0),
    ]


async def test_search_claims(ds):
    rows = await query_rows(ds, "search_claims", q="signatures")
    assert [r["claim_id"] for r in rows] == [4]
    assert rows[0]["sources"] == "Serikzhan Bilash"
    # Quotes and FTS operators are escaped instead of failing.
    rows = await query_rows(ds, "search_claims", q='"stay silent')
    assert [r["claim_id"] for r in rows] == [3]
    rows = await query_rows(ds, "search_claims", q="trade OR NEAR(")
    assert rows == []
    assert await query_rows(ds, "search_claims", q="") == []


async def test_claims_mentioning_entity(ds):
    rows = await query_rows(ds, "claims_mentioning_entity", entity="Bilash")
    assert [r["claim_id"] for r in rows] == [3, 4, 6]
    assert {r["entity"] for r in rows} == {"Serikzhan Bilash"}
    rows = await query_rows(ds, "claims_mentioning_entity", entity="almaty")
    assert [r["claim_id"] for r in rows] == [3]


async def test_direct_quotes(ds):
    rows = await query_rows(ds, "direct_quotes")
    assert [(r["quote"], r["source"], r["claim_id"]) for r in rows] == [
        ("We cannot stay silent,", "Serikzhan Bilash", 3)]


async def test_checkworthy_claims(ds):
    rows = await query_rows(ds, "checkworthy_claims")
    scores = [r["checkworthiness"] for r in rows]
    assert scores == sorted(scores, reverse=True) and len(rows) == 7
    assert rows[0]["claim_id"] == 2 and rows[0]["sources"] is None


async def test_source_across_articles(ds):
    rows = await query_rows(ds, "source_across_articles")
    assert [(r["source"], r["article_id"], r["claims"]) for r in rows] == [
        ("Serikzhan Bilash", ARTICLE_ID, 2), ("Serikzhan Bilash", HOSTILE_ID, 1)]


async def test_queries_cannot_write(ds):
    response = await ds.client.get(
        "/claims.json?sql=" + quote("delete from claims") + "&_shape=array")
    assert response.status_code == 400
    assert (await get_json(ds, "/claims/claims.json?_shape=array&_size=max"))


# ---------------------------------------------------------------------------------------
# Links into the annotated page


async def test_articles_table_links_titles_to_the_annotated_page(ds):
    html = (await ds.client.get("/claims/articles")).text
    assert f'href="/-/article/{ARTICLE_ID}"' in html
    assert f'href="/-/article/{quote(HOSTILE_ID, safe="")}"' in html
    assert "<script>alert('title')" not in html
    # The list shows counts and a link instead of the bodies ...
    assert TEXT[:40] not in html and HOSTILE_TEXT[:30] not in html
    assert (f'<a href="/-/article/{ARTICLE_ID}">annotated page</a> · 5 claims · 2 sources'
            f' · 1 unsourced figure · {len(TEXT):,} characters') in html
    assert "2 claims · 2 sources · 0 unsourced figures" in html
    assert f'<span title="{"a" * 64}">{"a" * 12}…</span>' in html  # sha256 shortened
    # ... and the row page keeps the whole body, escaped.
    row = (await ds.client.get(f"/claims/articles/{ARTICLE_ID}")).text
    assert TEXT.split("\n\n")[-1] in row
    hostile_url = ds.urls.row("claims", "articles", tilde_encode(HOSTILE_ID))
    hostile = (await ds.client.get(hostile_url)).text
    assert "&lt;img src=x onerror=alert(3)&gt;" in hostile and "<img src=x" not in hostile


async def test_claim_rows_link_to_their_place_in_the_article(ds):
    html = (await ds.client.get("/claims/claims")).text
    assert f'href="/-/article/{ARTICLE_ID}#claim-4"' in html
    html = (await ds.client.get("/claims/claims/4")).text
    assert f'href="/-/article/{ARTICLE_ID}#claim-4"' in html
    html = (await ds.client.get("/claims/checkworthy_claims")).text
    assert f'href="/-/article/{ARTICLE_ID}#claim-2"' in html
    assert 'href="/claims/claims/2"' in html


# ---------------------------------------------------------------------------------------
# The annotated article page


class Tree(HTMLParser):
    """Checks nesting and collects each paragraph's text and the text under each mark."""

    VOID = {"br", "img", "meta", "link", "input", "hr", "source", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.paragraphs: list[tuple[dict, str]] = []
        self.marked: dict[str, list[str]] = {}
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if tag not in self.VOID:
            self.stack.append((tag, attrs))
            # the headline (an <h1> since it is the text's first paragraph) and <p>s
            if tag in ("p", "h1") and "data-start" in attrs:
                self.paragraphs.append((attrs, ""))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        open_tag, _ = self.stack.pop()
        assert open_tag == tag, f"</{tag}> closes <{open_tag}>"

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] == "script":
            self.scripts.append(data)
        in_paragraph = any(t in ("p", "h1") and "data-start" in a for t, a in self.stack)
        if in_paragraph:
            attrs, text = self.paragraphs[-1]
            self.paragraphs[-1] = (attrs, text + data)
            for _tag, attrs in self.stack:
                key = attrs.get("data-claim") and f"claim-{attrs['data-claim']}"
                for name in filter(None, [key, attrs.get("class")]):
                    self.marked.setdefault(name, []).append(data)


def parse(html: str) -> Tree:
    tree = Tree()
    tree.feed(html)
    tree.close()
    return tree


async def article_html(ds, article_id=ARTICLE_ID) -> str:
    response = await ds.client.get(f"/-/article/{quote(article_id, safe='')}")
    assert response.status_code == 200, response.text[:500]
    return response.text


async def test_article_page_marks_every_claim_from_offsets(ds):
    html = await article_html(ds)
    tree = parse(html)
    assert not tree.stack, "unclosed elements"
    # The article text is all there, paragraph by paragraph, exactly.
    assert [(int(a["data-start"]), int(a["data-end"])) for a, _ in tree.paragraphs] == \
        paragraph_spans(TEXT)
    for attrs, text in tree.paragraphs:
        assert text == TEXT[int(attrs["data-start"]):int(attrs["data-end"])]
    # Each claim's marked text is its sentence, and each is linked to its row.
    db = sqlite_utils.Database(ds.get_database("claims").path)
    for claim in db["claims"].rows_where("article_id = ?", [ARTICLE_ID]):
        assert "".join(tree.marked[f"claim-{claim['id']}"]) == claim["text"]
        assert f'id="claim-{claim["id"]}"' in html
        assert f'/claims/claims/{claim["id"]}' in html
    marks = [a for t, a in tree.elements if t == "mark" and "data-claim" in a]
    assert len({m["data-claim"] for m in marks}) == 5
    # Coloured by source: a stable hue per source id; unsourced claims are grey.
    by_claim = {m["data-claim"]: m for m in marks}
    # Colours in order of first appearance in this article: the Foreign Ministry (claim 1)
    # first, Bilash (claims 3 and 4) second.
    assert by_claim["1"]["style"] == colour_style(source_colours(0))
    assert by_claim["3"]["style"] == by_claim["4"]["style"] == colour_style(source_colours(1))
    assert "ct-unsourced" in by_claim["2"]["class"] and "style" not in by_claim["2"]
    # Hover text: source, cue, mode, confidence, kind, check-worthiness.
    title = by_claim["3"]["title"]
    for part in ("Serikzhan Bilash", "direct", "“said”", "0.95", "quote", "0.20"):
        assert part in title
    # Cues, source mentions, entities and figures are marked inside the claims.
    assert "".join(tree.marked["ct-cue"]) == "according tosaidsaid"
    assert "".join(tree.marked["ct-figure"]) == "$11.07 billionmore than 30,000 signatures"
    assert "Almaty" in tree.marked["ct-entity"]
    assert tree.marked["ct-source-mention"] == ["the ", "Foreign Ministry",
                                                "Serikzhan Bilash", "Bilash"]


async def test_article_page_header_and_sources(ds):
    html = await article_html(ds)
    assert "<h1>Kazakhstan weighs its China ties</h1>" in html
    assert "By Nazira Kozhanova, Dake Kang" in html
    assert "The Diplomat" in html and "2019-04-30" in html
    assert 'href="https://example.org/kazakhstan"' in html
    sidebar = html[html.index('class="ct-sidebar"'):html.index("</aside>")]
    names = re.findall(r'class="ct-source-name">([^<]+)<', sidebar)
    assert names == ["Serikzhan Bilash", "Foreign Ministry", "No source given"]
    assert "2 claims" in sidebar and "an activist in Almaty" in sidebar
    assert 'href="/-/source/2"' in sidebar
    assert re.search(r'<span class="ct-count">2 claims</span>', sidebar)  # unsourced


async def test_article_page_claim_details_for_the_script(ds):
    tree = parse(await article_html(ds))
    details = json.loads(next(s for s in tree.scripts if s.strip().startswith("{")))
    claim = details["4"]
    assert claim["url"] == "/claims/claims/4"
    assert claim["kind"] == "statistic" and claim["checkworthiness"] == 0.8
    assert claim["attributions"][0] | {"colours": None} == {
        "source_id": 2, "source": "Serikzhan Bilash", "source_url": "/-/source/2",
        "description": "an activist in Almaty", "written_as": "Bilash", "cue": "said",
        "mode": "indirect", "confidence": 0.8, "colours": None, "rule": None,
        "superseded": False}
    assert details["2"]["attributions"] == []


async def test_article_page_escapes_everything_from_the_article(ds):
    html = await article_html(ds, HOSTILE_ID)
    tree = parse(html)
    assert not tree.stack
    for raw in ("<script>alert", "<img src=x", "<b>bold", "<i>Evil", "<Unnamed>",
                "<em>spokespeople", "javascript:alert"):
        assert raw not in html, raw
    # No element came from the article: only our own script tags and no <img> at all.
    assert not [a for t, a in tree.elements if t == "img"]
    assert not [s for s in tree.scripts if "alert" in s and not s.lstrip().startswith("{")]
    assert "\\u003cem\\u003espokespeople" in html  # inside the JSON data, inert
    # The characters are shown as text.
    assert tree.paragraphs[0][1] == HOSTILE_TEXT
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold" in html
    assert "Eve &lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;em&gt;spokespeople&lt;/em&gt; &amp; friends" in html
    # The crossing entity was split without breaking the nesting.
    assert "".join(tree.marked["ct-entity"]).endswith("</script> was")


async def test_article_page_shows_verdicts_when_the_table_exists(ds, db_path):
    db = sqlite_utils.Database(db_path)
    db["verdicts"].insert_all([
        {"claim_id": 2, "rating": "Mostly true", "reviewer": "Desk A", "note": "trade data",
         "created_at": "2026-11-29T10:00:00Z"},
        {"claim_id": 2, "rating": "True", "reviewer": "Desk B", "note": "customs <figures>",
         "created_at": "2026-11-29T12:00:00Z"},
    ])
    html = await article_html(ds)
    tree = parse(html)
    verdict_marks = [a for t, a in tree.elements if a.get("data-verdict")]
    assert [(m["data-claim"], m["data-verdict"]) for m in verdict_marks] == [("2", "True")]
    details = json.loads(next(s for s in tree.scripts if s.strip().startswith("{")))
    assert [v["rating"] for v in details["2"]["verdicts"]] == ["Mostly true", "True"]
    assert "customs <figures>" not in html


async def test_article_page_without_a_verdicts_table(db_path):
    sqlite_utils.Database(db_path)["verdicts"].drop()
    datasette = Datasette([str(db_path)], metadata=metadata())
    await datasette.invoke_startup()
    html = await article_html(datasette)
    assert "data-verdict" not in html and 'id="claim-5"' in html


async def test_unknown_article_is_404(ds):
    response = await ds.client.get("/-/article/no-such-article")
    assert response.status_code == 404


async def test_page_serves_any_database_name(db_path, tmp_path):
    """Plain `datasette other.db` without metadata, and `claims` chosen among several."""
    other = tmp_path / "newsroom.db"
    shutil.copy(db_path, other)
    alone = Datasette([str(other)])
    await alone.invoke_startup()
    html = await article_html(alone)
    assert 'href="/newsroom/claims/1"' in html
    empty = tmp_path / "aaa.db"
    sqlite_utils.Database(empty)["t"].insert({"x": 1})
    both = Datasette([str(empty), str(db_path)], metadata=metadata())
    await both.invoke_startup()
    assert 'href="/claims/claims/1"' in await article_html(both)
    wrong = Datasette([str(empty)])
    await wrong.invoke_startup()
    assert (await wrong.client.get(f"/-/article/{ARTICLE_ID}")).status_code == 404


async def test_static_assets_are_bundled(ds):
    html = await article_html(ds)
    for name in ("article.css", "article.js"):
        url = re.search(rf'"(/-/claimtrack/{re.escape(name)}\?v=\w+)"', html).group(1)
        response = await ds.client.get(url)
        assert response.status_code == 200
        assert response.text == (datasette_plugin.STATIC_DIR / name).read_text()
    assert "http://" not in html.split("<footer")[0].replace(
        'href="https://example.org/kazakhstan"', "")  # no external assets
    for path in ("/-/claimtrack/..%2Fschema.py", "/-/claimtrack/../schema.py"):
        assert (await ds.client.get(path)).status_code in (302, 404), path
    assert (await ds.client.get("/-/claimtrack/missing.css")).status_code == 404


# ---------------------------------------------------------------------------------------
# render_marked: nesting and escaping under any spans


def test_render_marked_splits_crossing_spans():
    text = "a <b> & c"
    marks = [Mark(0, 5, 0, "mark", (("class", "x"),), (("id", "m"),)),
             Mark(3, 9, 1, "span", (("class", "y"),))]
    assert render_marked(text, marks) == (
        '<mark class="x" id="m">a &lt;<span class="y">b&gt;</span></mark>'
        '<span class="y"> &amp; c</span>')


def test_render_paragraphs_keeps_ids_once_and_text_exact():
    text = "One two.\n\nThree four."
    html = render_paragraphs(text, [Mark(4, 15, 0, "mark", (), (("id", "c"),))])
    assert html.count('id="c"') == 1
    tree = parse(str(html))
    assert [t for _, t in tree.paragraphs] == ["One two.", "Three four."]


marks_strategy = st.lists(
    st.tuples(st.integers(0, 40), st.integers(0, 40), st.integers(0, 2)), max_size=12)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="ab <>&\"'\n", max_size=40), spans=marks_strategy)
def test_render_marked_is_well_formed_and_keeps_the_text(text, spans):
    marks = [Mark(s, e, layer, "span", (("data-k", str(i)),))
             for i, (s, e, layer) in enumerate(spans)]
    html = render_marked(text, marks)
    tree = parse(f'<p data-start="0">{html}</p>')
    assert not tree.stack
    assert tree.paragraphs[0][1] == text
    # Every mark covers exactly its own characters, however it was split.
    for i, (s, e, _) in enumerate(spans):
        s, e = min(s, len(text)), min(e, len(text))
        assert _text_under(html, f'data-k="{i}"') == (text[s:e] if e > s else ""), (i, s, e)


def _text_under(html: str, attribute: str) -> str:
    """Concatenated text inside every element carrying ``attribute``."""
    out, inside = [], []
    for piece in re.split(r"(<[^>]+>)", html):
        if piece.startswith("</"):
            inside.pop()
        elif piece.startswith("<"):
            inside.append(attribute in piece)
        elif any(inside):
            out.append(unescape(piece))
    return "".join(out)


def test_docs_list_every_canned_query():
    docs = (ROOT / "docs" / "datasette.md").read_text(encoding="utf-8")
    for name, query in canned_queries.QUERIES.items():
        assert f"| `{name}` | {query['title']} |" in docs, name


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_claimtrack_serve_serves_the_annotated_page(db_path):
    """`claimtrack serve` (a real server on 127.0.0.1, stopped by the test or by timeout)."""
    port = _free_port()
    command = ["timeout", "120", sys.executable, "-m", "claimtrack", "serve",
               "--db", str(db_path), "--port", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/-/article/{ARTICLE_ID}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    html = response.read().decode()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode() if process.poll() is not None else ""
                    pytest.fail(f"claimtrack serve did not answer: {output[-2000:]}")
                time.sleep(0.3)
        assert 'id="claim-4"' in html and "ct-figure" in html
        with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/claims/claims_by_source.json?source=Bilash"
                "&_shape=array", timeout=5) as response:
            assert [r["claim_id"] for r in json.load(response)] == [3, 4, 6]
    finally:
        stop_server(process)


async def test_seed_article_through_the_real_pipeline(nlp, tmp_path):
    """The seed article, ingested by the real pipeline, renders with every span in place."""
    from claimtrack.ingest import ingest
    from claimtrack.store import open_db

    db = open_db(tmp_path / "claims.db")
    summary = ingest([str(ROOT / "corpus" / "kazakhstans-xinjiang-dilemma.txt")], db, nlp)
    assert summary.ok and len(summary.inserted) == 1, summary.line()
    article = next(db["articles"].rows)
    claims = list(db["claims"].rows_where("article_id = ?", [article["id"]]))
    attributions = list(db.query(
        "select * from attributions where claim_id in "
        "(select id from claims where article_id = ?)", [article["id"]]))
    assert len(claims) > 20 and attributions
    db.close()

    datasette = Datasette([str(tmp_path / "claims.db")], metadata=metadata())
    await datasette.invoke_startup()
    html = await article_html(datasette, article["id"])
    tree = parse(html)
    assert not tree.stack
    text = article["text"]
    for attrs, shown in tree.paragraphs:
        assert shown == text[int(attrs["data-start"]):int(attrs["data-end"])]
    assert "".join(t for _, t in tree.paragraphs) == "".join(
        text[s:e] for s, e in paragraph_spans(text))
    paragraphs = paragraph_spans(text)
    for claim in claims:
        assert claim["text"] == text[claim["start"]:claim["end"]]
        # A claim that runs across a paragraph break is shown in both paragraphs.
        shown = "".join(text[max(s, claim["start"]):min(e, claim["end"])]
                        for s, e in paragraphs if s < claim["end"] and e > claim["start"])
        assert "".join(tree.marked[f"claim-{claim['id']}"]) == shown, claim["id"]
    cues = "".join(tree.marked.get("ct-cue", []))
    for a in attributions:
        if a["cue_start"] is not None:
            assert text[a["cue_start"]:a["cue_end"]] in cues
    sidebar = html[html.index('class="ct-sidebar"'):html.index("</aside>")]
    source_names = {name for (name,) in sqlite_utils.Database(tmp_path / "claims.db").execute(
        "select distinct sources.name from sources join attributions "
        "on attributions.source_id = sources.id").fetchall()}
    shown_names = {unescape(n) for n in re.findall(r'class="ct-source-name">([^<]+)<', sidebar)}
    assert source_names <= shown_names


# ---------------------------------------------------------------------------------------
# Data first


@pytest.mark.parametrize("value, unit, shown", [
    (11.07e9, "USD", "$11.07 billion"),
    (6.6, "percent", "6.6 %"),
    (0.5, "percentage points", "0.5 percentage points"),
    (30000.0, "signatures", "30,000 signatures"),
    (2_500_000, "EUR", "€2.5 million"),
    (1.2e12, "CHF", "CHF 1.2 trillion"),
    (-3.25, None, "-3.25"),
    (1234.5678, "barrels", "1,234.57 barrels"),
    ("n/a", "USD", None),
    (float("nan"), "USD", None),
])
def test_figure_values_are_shown_as_written(value, unit, shown):
    from claimtrack.display import format_figure

    assert format_figure(value, unit) == shown


async def test_figure_cells_are_readable(ds):
    html = (await ds.client.get("/claims/figures")).text
    assert '<span title="11070000000.0">$11.07 billion</span>' in html
    assert '<span title="30000.0">30,000 signatures</span>' in html
    html = (await ds.client.get("/claims/figures_without_source")).text
    assert "$11.07 billion" in html and "11070000000" not in html.replace('"11070000000.0"', "")


async def test_canned_queries_hide_their_sql(ds):
    html = (await ds.client.get("/claims/checkworthy_claims")).text
    assert "order by claims.checkworthiness desc" not in html and "<textarea" not in html
    assert "<title>Claims ranked by check-worthiness · claims</title>" in html
    assert "?_show_sql=1" in html  # the link that shows it


# ---------------------------------------------------------------------------------------
# Front page and source pages


async def test_front_page_lists_articles_and_cited_sources(ds):
    html = (await ds.client.get("/")).text
    home = html[html.index('<section class="ct-home"'):html.index("</section>")]
    rows = re.findall(r"<tr><td><a href=\"([^\"]+)\">(.*?)</a></td><td>(.*?)</td>\s*"
                      r"<td>(.*?)</td><td class=\"ct-num\">(\d+)</td>\s*"
                      r"<td class=\"ct-num\">(\d+)</td><td class=\"ct-num\">(\d+)</td></tr>", home)
    assert rows == [  # newest first: title, publication, date, claims, sources, unsourced figs
        (f"/-/article/{quote(HOSTILE_ID, safe='')}",
         "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;",
         "&lt;i&gt;Evil&lt;/i&gt; Times", "2019-05-01", "2", "2", "0"),
        (f"/-/article/{ARTICLE_ID}", "Kazakhstan weighs its China ties", "The Diplomat",
         "2019-04-30", "5", "2", "1"),
    ]
    # Charts: sourced vs unsourced claims per article, sources by claims; drawn as SVG text.
    assert "<title>Kazakhstan weighs its China ties — with a source: 3</title>" in home
    assert "<title>Kazakhstan weighs its China ties — without: 2</title>" in home
    assert '<a href="/-/source/2"><text' in home and "<title>Serikzhan Bilash — 3</title>" in home
    assert "<script" not in home.replace("&lt;script", "")
    assert '<a href="/claims">claims</a>' in html  # Datasette's database list stays
    assert "all articles</a>" not in home  # every article is listed: no link to the rest


async def test_front_page_lists_the_newest_articles_and_links_to_all(ds, monkeypatch):
    from claimtrack.web import home as home_page

    monkeypatch.setattr(home_page, "FRONT_PAGE_ARTICLES", 1)
    html = (await ds.client.get("/")).text
    home = html[html.index('<section class="ct-home"'):html.index("</section>")]
    assert "Kazakhstan weighs its China ties</a></td>" not in home  # the older one
    assert 'The newest 1 of 2 articles;\n    <a href="/claims/articles">all articles</a>' in home


async def test_source_page(ds, db_path):
    db = sqlite_utils.Database(db_path)
    db["verdicts"].insert({"claim_id": 4, "rating": "Unproven", "reviewer": "Desk",
                           "created_at": "2026-11-30T09:00:00Z"})
    db["sources"].update(1, {"affiliation_id": None})
    db["sources"].update(2, {"affiliation_id": 1})
    db.close()
    html = (await ds.client.get("/-/source/2")).text
    assert "<h1>Serikzhan Bilash</h1>" in html
    assert "person · an activist in Almaty" in html
    assert 'speaks for <a href="/-/source/1">Foreign Ministry</a>' in html
    assert "Also written as: Bilash" in html
    cited = re.findall(r'<a href="/-/article/[^"#]+#claim-(\d+)">', html)
    assert cited == ["3", "4", "6"]  # date order across both articles
    assert "more than 30,000 signatures" in html and "claim #4" in html  # its figures
    assert "<strong>Unproven</strong> — Desk" in html
    assert "<title>2019-04 — 2</title>" in html and "<title>2019-05 — 1</title>" in html
    # The organisation lists who speaks for it; hostile names stay text.
    assert 'Speaking for it: <a href="/-/source/2">Serikzhan Bilash</a>' in (
        await ds.client.get("/-/source/1")).text
    hostile = (await ds.client.get("/-/source/3")).text
    assert "<h1>The &lt;Unnamed&gt; Group</h1>" in hostile and "<em>spokespeople" not in hostile
    for missing in ("/-/source/99", "/-/source/x"):
        assert (await ds.client.get(missing)).status_code == 404
    # The article page's source list and claim cards lead here.
    article = (await ds.client.get(f"/-/article/{ARTICLE_ID}")).text
    assert '<a href="/-/source/2" class="ct-source-name">Serikzhan Bilash</a>' in article


async def test_source_page_of_a_much_cited_source_lists_its_newest_claims(ds, monkeypatch):
    # A page of bounded size whatever the source's count; the totals and the chart count all.
    from claimtrack.web import source as source_page

    monkeypatch.setattr(source_page, "SOURCE_PAGE_CLAIMS", 2)
    monkeypatch.setattr(source_page, "SOURCE_PAGE_ARTICLES", 1)
    html = (await ds.client.get("/-/source/2")).text
    cited = re.findall(r'<a href="/-/article/[^"#]+#claim-(\d+)">', html)
    assert cited == ["4", "6"]  # the newest two, in date order
    assert "3 claims in 2 articles" in html
    assert ('The newest 2 of its 3 claims;\n    <a href="/claims/attributions?source_id=2">'
            'all of them</a>') in html
    assert "The first 1 of 2 articles, by date" in html
    assert "<title>2019-04 — 2</title>" in html and "<title>2019-05 — 1</title>" in html


# ---------------------------------------------------------------------------------------
# Search that finds what people mean


async def search_box(ds, words: str) -> list[int]:
    data = await get_json(ds, f"/claims/claims.json?_search={quote(words)}&_shape=array")
    return sorted(row["id"] for row in data)


async def test_claims_are_found_by_source_alias_and_entity_canonical(ds):
    # The text of claim 1 says "Foreign Ministry"; its source's alias is "FM".
    assert await search_box(ds, "FM") == [1]
    # Claim 4 says only "Bilash": its source and its entity's canonical name are
    # "Serikzhan Bilash"; claim 6 likewise, in the other article.
    assert await search_box(ds, "Serikzhan") == [3, 4, 6]
    assert await search_box(ds, "Foreign Ministry") == [1]
    assert await search_box(ds, "signatures") == [4]  # the claim's own words still work
    # The canned query answers the same.
    rows = await query_rows(ds, "search_claims", q="Serikzhan")
    assert sorted(r["claim_id"] for r in rows) == [3, 4, 6]
    assert [r["claim_id"] for r in await query_rows(ds, "search_claims", q="FM")] == [1]


def test_source_colours_stay_distinct_then_change_line_style():
    first = [source_colours(i) for i in range(6)]
    assert len({c["fill"] for c in first}) == len({c["line"] for c in first}) == 6
    assert {c["style"] for c in first} == {"solid"}
    # The seventh source reuses the first colour with another line style.
    assert source_colours(6) == {**source_colours(0), "style": "dashed"}
    assert source_colours(13)["style"] == "dotted"


async def test_article_page_layers_chart_and_words_for_entity_types(ds):
    html = (await ds.client.get(f"/-/article/{ARTICLE_ID}")).text
    assert 'id="ct-layer-entities"> entities' in html  # off by default: calmer
    assert 'id="ct-layer-figures" checked> figures' in html
    assert 'title="place (country, city, state): Almaty"' in html
    assert 'title="person: Serikzhan Bilash"' in html and "PERSON:" not in html
    assert '<a class="ct-jump" href="#ct-sources">Sources (2)</a>' in html
    # Claims by source and kind: Bilash has a quote and a statistic.
    assert "<title>Serikzhan Bilash — quote: 1</title>" in html
    assert "<title>Serikzhan Bilash — statistic: 1</title>" in html
    assert "<title>No source given — statistic: 1</title>" in html
