"""Headlines are claims too: the headline is the first paragraph of ``articles.text``.

Cleaning puts the title there (once), the claims pipe keeps a headline with a verb as a
claim and attributes it like any sentence, a verbless headline makes no claim, the article
page shows it once, and a database made before (body-only texts) still knows its articles.
"""

from __future__ import annotations

import re

import pytest
import yaml
from datasette.app import Datasette

from claimtrack import publish
from claimtrack.cleaning import clean, with_headline
from claimtrack.extract import sha256_text
from claimtrack.ingest import ingest
from claimtrack.readers import RawArticle
from claimtrack.store import open_db
from claimtrack.text import headline_end

BODY = ("The trade minister told parliament on Tuesday that exports would double by 2030.\n\n"
        "Opposition members said the forecast ignored falling demand in Asia.")


def raw(text: str, path: str = "page.txt", metadata: dict | None = None, fmt: str = "text"):
    return RawArticle(text, path, metadata or {}, fmt)


# ---------------------------------------------------------------------------- cleaning


@pytest.mark.parametrize("text, metadata, fmt, title", [
    # a plain-text first line
    ("Minister says exports will double\n\n" + BODY, None, "text",
     "Minister says exports will double"),
    # a Markdown heading: the words, not the "#"
    ("# Minister says exports will double\n\n" + BODY, None, "markdown",
     "Minister says exports will double"),
    # HTML/JSONL metadata: the reader's <h1> copy in the body is not kept twice
    ("Minister says exports will double\n\n" + BODY,
     {"title": "Minister says exports will double"}, "html",
     "Minister says exports will double"),
    # a title given only by metadata is added in front of the body
    (BODY, {"title": "Minister says exports will double"}, "jsonl",
     "Minister says exports will double"),
    # a metadata title over two lines becomes one paragraph on one line
    (BODY, {"title": "Minister says exports\n  will double"}, "jsonl",
     "Minister says exports will double"),
    # "Headline | Site": the site goes to publication, the headline to the text
    ("Minister says exports will double | The Harbour Gazette\n\n" + BODY, None, "text",
     "Minister says exports will double"),
])
def test_headline_is_the_first_paragraph_once(text, metadata, fmt, title):
    article = clean(raw(text, metadata=metadata, fmt=fmt))
    assert article.title == title
    assert article.text == f"{title}\n\n{BODY}"
    assert article.body == BODY
    assert article.body_start == len(title) + 2
    assert article.text.count(title) == 1
    assert headline_end(article.text, article.title) == len(title)


def test_no_title_no_headline_paragraph():
    body = ("The trade minister told parliament on Tuesday that exports would double by 2030 "
            "as new orders arrive from Kenya and Peru.\n\n" + BODY)
    article = clean(raw(body))
    assert article.title is None
    assert (article.text, article.body, article.body_start) == (body, body, 0)
    assert headline_end(article.text, article.title) == 0


def test_a_first_line_taken_for_the_title_stays_in_the_text():
    # cleaning reads a short first paragraph as a headline; the text still holds it
    article = clean(raw(BODY))
    first = BODY.split("\n\n")[0]
    assert article.title == first
    assert article.text == BODY


def test_transcript_keeps_no_headline():
    article = clean(raw("MODERATOR: Welcome to the debate.", metadata={"title": "Debate"},
                        fmt="transcript"))
    assert article.text == "MODERATOR: Welcome to the debate."
    assert article.body_start == 0


def test_with_headline_edges():
    assert with_headline("A  title\nover lines", "Body.") == (
        "A title over lines", "A title over lines\n\nBody.", 20)
    # a page that is only a title keeps no text: ingest refuses it as before
    assert with_headline("Only a title", "") == ("Only a title", "", 0)
    assert with_headline(None, "Body.") == (None, "Body.", 0)
    assert with_headline("   ", "Body.") == (None, "Body.", 0)


def test_headline_end_needs_the_paragraph_break():
    assert headline_end("Title\n\nBody.", "Title") == 5
    assert headline_end("Title and more.\n\nBody.", "Title") == 0  # the body of a v1 text
    assert headline_end("Body.", None) == 0


# ---------------------------------------------------------------------------- attribution


def attributions(nlp, text):
    doc = nlp(text)
    out = []
    for claim in doc._.ct_claims:
        for index in claim["attributions"]:
            a = doc._.ct_attributions[index]
            out.append((claim["text"], a["source"]["name"], a["cue"], a["rule"]))
    return doc, out


@pytest.mark.parametrize("headline, source, cue, rule", [
    ("Union warns strike will close the ports", "Union", "warns", "clausal"),
    ("Teachers say class sizes are rising", "Teachers", "say", "clausal"),
    ("Report finds hospital waits have doubled", "Report", "finds", "clausal"),
    # Title Case: the parse is not trusted there; the headline rule reads the words
    # (the name stops before the verb: "Ortega Says Budget" is no name)
    ("Ortega Says Budget Will Balance By 2027", "Ortega", "Says", "headline_cue"),
    ("Harbour Board Says Ferry Fares Will Rise", "Harbour Board", "Says", "headline_cue"),
    # the "Name: words" headline
    ("Ana Ruiz: We never received the inspection report", "Ana Ruiz", ":", "speaker_label"),
])
def test_headline_claims_are_attributed(nlp, headline, source, cue, rule):
    text = f"{headline}\n\nThe statement came on Monday after a long meeting."
    doc, found = attributions(nlp, text)
    assert doc._.ct_claims[0]["text"] == headline
    assert (headline, source, cue, rule) in found
    # the headline's source never reaches the body
    assert all(claim == headline for claim, *_ in found)


@pytest.mark.parametrize("headline", [
    "Kazakhstan’s Xinjiang Dilemma",
    "The harbour question",
    "A winter of strikes on the railways",
])
def test_verbless_headline_is_no_claim(nlp, headline):
    text = f"{headline}\n\nUnions and ministers met on Monday to discuss pay."
    doc, found = attributions(nlp, text)
    assert [c["text"] for c in doc._.ct_claims] == [
        "Unions and ministers met on Monday to discuss pay."]
    assert found == []


# ---------------------------------------------------------------------------- database


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


ARTICLE = ("Minister says exports will double\n\n"
           "By Jo Reed\n\n"
           "Trade minister Ana Ruiz told parliament on Tuesday that exports would double by "
           "2030, driven by new orders from Kenya.\n\n"
           "Opposition members said the forecast ignored falling demand in Asia.")


def test_headline_claim_offsets_are_exact(nlp, tmp_path):
    db = open_db(tmp_path / "claims.db")
    assert ingest([write(tmp_path, "a.txt", ARTICLE)], db, nlp).ok
    (article,) = db["articles"].rows
    text = article["text"]
    assert article["title"] == "Minister says exports will double"
    assert text.startswith("Minister says exports will double\n\nTrade minister Ana Ruiz")
    assert article["pipeline_version"] == "2"
    claims = list(db.query("select * from claims order by start"))
    assert claims[0]["text"] == "Minister says exports will double"
    assert (claims[0]["start"], claims[0]["paragraph"]) == (0, 0)
    for row in claims:
        assert text[row["start"]:row["end"]] == row["text"]
    headline_attr = list(db.query(
        "select a.*, s.name from attributions a join sources s on s.id = a.source_id "
        "where a.claim_id = ?", [claims[0]["id"]]))
    assert [(a["name"], a["cue"], a["rule"]) for a in headline_attr] == [
        ("Ana Ruiz", "says", "clausal")]
    a = headline_attr[0]
    assert text[a["cue_start"]:a["cue_end"]] == "says"
    assert text[a["source_start"]:a["source_end"]] == a["source_text"] == "Minister"
    for e in db["entities"].rows:
        assert text[e["start"]:e["end"]] == e["text"]
    for f in db["figures"].rows:
        assert text[f["start"]:f["end"]] == f["text"]
    db.close()


def _as_version_1(db):
    """Rewrite the stored article as pipeline version 1 stored it: the body alone."""
    (row,) = db["articles"].rows
    body = row["text"][headline_end(row["text"], row["title"]) + 2:]
    db.execute("update articles set text = ?, sha256 = ?, pipeline_version = '1'",
               [body, sha256_text(body)])
    db.conn.commit()


def test_database_made_before_headlines_knows_its_articles(nlp, tmp_path):
    path = write(tmp_path, "a.txt", ARTICLE)
    db = open_db(tmp_path / "claims.db")
    ingest([path], db, nlp)
    _as_version_1(db)
    again = ingest([path], db, nlp)
    assert again.duplicates == [path] and not again.inserted
    assert db["articles"].count == 1
    replaced = ingest([path], db, nlp, replace=True)
    assert replaced.replaced == [path] and not replaced.inserted
    (row,) = db["articles"].rows
    assert row["pipeline_version"] == "2" and row["text"].startswith("Minister says")
    assert db["articles"].count == 1
    db.close()


# ---------------------------------------------------------------------------- page


async def test_article_page_shows_the_headline_once_with_its_claim(nlp, tmp_path):
    db_path = tmp_path / "claims.db"
    db = open_db(db_path)
    ingest([write(tmp_path, "a.txt", ARTICLE)], db, nlp)
    (row,) = db["articles"].rows
    claim_id = next(db.query("select id from claims where start = 0"))["id"]
    db.close()
    metadata = yaml.safe_load(publish.render_yaml())
    ds = Datasette([str(db_path)], metadata=metadata)
    await ds.invoke_startup()
    response = await ds.client.get(f"/-/article/{row['id']}")
    assert response.status_code == 200
    html = response.text
    headings = re.findall(r"<h1\b[^>]*>(.*?)</h1>", html, re.S)
    assert len(headings) == 1
    assert 'id="ct-headline"' in html
    assert f'data-claim="{claim_id}"' in headings[0]
    words = re.sub(r"<[^>]+>", "", headings[0])
    assert words == "Minister says exports will double"
    article_html = html.split('id="ct-article"', 1)[1].split("</article>", 1)[0]
    article_words = re.sub(r"<[^>]+>", "", article_html)
    assert "Minister says exports will double" not in article_words
    assert "Trade minister Ana Ruiz told parliament on Tuesday" in article_words


async def test_article_page_of_a_version_1_text_keeps_the_title_heading(nlp, tmp_path):
    db_path = tmp_path / "claims.db"
    db = open_db(db_path)
    ingest([write(tmp_path, "a.txt", ARTICLE)], db, nlp)
    _as_version_1(db)
    (row,) = db["articles"].rows
    db.close()
    ds = Datasette([str(db_path)], metadata=yaml.safe_load(publish.render_yaml()))
    await ds.invoke_startup()
    html = (await ds.client.get(f"/-/article/{row['id']}")).text
    headings = re.findall(r"<h1\b[^>]*>(.*?)</h1>", html, re.S)
    assert headings == ["Minister says exports will double"]
    assert 'id="ct-headline"' not in html


@pytest.mark.parametrize(("text", "sources"), [
    # a headline's bare body word is the body the article names with it
    ("Council says Hilltop library will stay open\n\nThe library will remain open, "
     "Northfield District Council said on Thursday.",
     ["Northfield District Council", "Northfield District Council"]),
    # ... and the word as written when the article names no such body
    ("Council says Hilltop library will stay open\n\nThe library will remain open, "
     "officials said on Thursday.", ["Council", "officials"]),
])
def test_a_headline_body_word_is_the_named_body(nlp, text, sources):
    doc = nlp(text)
    assert [a["source"]["name"] for a in doc._.ct_attributions] == sources
