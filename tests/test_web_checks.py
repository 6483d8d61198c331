"""The pages show what claim matching, figure conflicts, track records and check-worthiness
found: "checked before" on claim cards, conflicting figures on article and source pages, a
source's track record, and "Worth checking" on the front page. A database built through the
real pipeline and store (tests/checks_fixtures.py), read through Datasette's test client,
then in headless Chromium at laptop and phone sizes."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from datasette.app import Datasette

from browser_support import LAPTOP, PHONE, datasette_server, headless_chromium, needs_chromium
from checks_fixtures import (
    FACTCHECK_URL,
    HOSTILE_RATING,
    JUDGED_CLAIM,
    JUDGED_TRADE,
    NEW_TITLE,
    OLD_TITLE,
    OTHER_TRADE,
    RATING,
    build_checks_db,
)
from claimtrack import canned_queries
from claimtrack.web.checks import FRONT_PAGE_WORTH_CHECKING
from publish_fixtures import build_db

ROOT = Path(__file__).resolve().parent.parent
METADATA = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
DETAILS = re.compile(r'<script type="application/json" id="ct-claim-details">(.*?)</script>',
                     re.S)


@pytest.fixture(scope="module")
def built(nlp, tmp_path_factory):
    path = tmp_path_factory.mktemp("checks") / "claims.db"
    return path, build_checks_db(path, nlp)


@pytest.fixture
async def ds(built):
    datasette = Datasette([str(built[0])], metadata=METADATA)
    await datasette.invoke_startup()
    return datasette


async def page(ds, path: str) -> str:
    response = await ds.client.get(path)
    assert response.status_code == 200, (path, response.text[:300])
    return response.text


def article_url(article_id: str, claim_id: int | None = None) -> str:
    url = f"/-/article/{quote(article_id, safe='')}"
    return url if claim_id is None else f"{url}#claim-{claim_id}"


def card_details(html: str) -> dict:
    return json.loads(DETAILS.search(html).group(1))


def assert_no_markup_from_data(html: str) -> None:
    assert "<script>alert(1)" not in html and "<img src=x onerror" not in html


async def test_claim_card_says_checked_before_with_rating_link_and_reasons(ds, built):
    path, ids = built
    html = await page(ds, article_url(ids["new"]))
    details = card_details(html)
    with sqlite3.connect(path) as conn:
        score, reasons = conn.execute(
            "select score, reasons from claim_matches where claim_id = ?",
            [ids["repeated"]]).fetchone()
    assert details[str(ids["repeated"])]["checked_before"] == [{
        "rating": RATING, "claim": JUDGED_CLAIM, "claim_id": ids["judged"],
        "page_url": article_url(ids["old"], ids["judged"]), "factcheck_url": FACTCHECK_URL,
        "reviewer": "desk", "score": score, "reasons": json.loads(reasons)}]
    assert "same figure: 6.2%" in json.loads(reasons)
    # The other claim states another number: no match, no section.
    assert details[str(ids["other_trade"])]["checked_before"] == []
    mark = re.search(rf'<mark class="([^"]*)" data-claim="{ids["repeated"]}"[^>]*>', html)
    assert "ct-checked-before" in mark.group(1)
    assert f'data-checked="checked before: {RATING}"' in mark.group(0)
    assert f"Checked before: {RATING}" in mark.group(0)  # the hover text
    assert_no_markup_from_data(html)


async def test_a_claim_with_its_own_verdict_shows_the_verdict_badge_only(ds, built):
    _, ids = built
    html = await page(ds, article_url(ids["old"]))
    mark = re.search(rf'<mark class="([^"]*)" data-claim="{ids["judged"]}"[^>]*>', html)
    assert f'data-verdict="{RATING}"' in mark.group(0) and "data-checked" not in mark.group(0)


async def test_conflicting_figures_are_marked_on_both_article_pages(ds, built):
    _, ids = built
    new = await page(ds, article_url(ids["new"]))
    figure = re.search(r'<span class="ct-figure ct-conflict" title="([^"]*)">\$12 billion<',
                       new)
    assert figure, "the $12 billion figure is not marked as conflicting"
    said = f"conflicts with $11.07 billion in {OLD_TITLE} (the ministry)"
    assert said in figure.group(1)
    assert details_conflicts(new, ids["other_trade"]) == [{
        "figure": "$12 billion", "text": said, "url": article_url(ids["old"], ids["trade"]),
        "claim": JUDGED_TRADE, "reason": "$11.07 billion vs $12 billion: Bilateral trade in 2017"}]
    assert "figure that conflicts with another" in new  # the legend
    old = await page(ds, article_url(ids["old"]))
    figure = re.search(r'<span class="ct-figure ct-conflict" title="([^"]*)">\$11\.07 billion<',
                       old)
    escaped_title = NEW_TITLE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert f"conflicts with $12 billion in {escaped_title} (officials)" in figure.group(1)
    assert details_conflicts(old, ids["trade"])[0]["text"] == \
        f"conflicts with $12 billion in {NEW_TITLE} (officials)"
    assert details_conflicts(old, ids["judged"]) == []
    # Figures that conflict with nothing keep the plain mark.
    assert re.search(r'<span class="ct-figure" title="[^"]*">6\.2 percent<', old)
    assert_no_markup_from_data(old)


def details_conflicts(html: str, claim_id: int) -> list[dict]:
    return card_details(html)[str(claim_id)]["conflicts"]


async def test_source_page_shows_track_record_and_conflicts(ds, built):
    _, ids = built
    html = await page(ds, f"/-/source/{ids['ministry']}")
    record = re.search(r'<p class="ct-track-record">(.*?)</p>', html, re.S).group(1)
    assert re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", record)).strip() == (
        "Track record: 1 of its 1 claim checked — "
        "False &lt;img src=x onerror=alert(2)&gt; 1")
    section = re.search(r'<section class="ct-conflict-list".*?</section>', html, re.S).group(0)
    assert "Conflicting figures (1)" in section
    # The source's own figure first, linking to both claims in their articles.
    first, second = re.findall(r'<a href="([^"]+)"><strong>([^<]+)</strong></a>', section)
    assert first == (article_url(ids["old"], ids["trade"]), "$11.07 billion")
    assert second == (article_url(ids["new"], ids["other_trade"]), "$12 billion")
    assert "(officials)" in section and "Bilateral trade in 2017" in section
    assert_no_markup_from_data(html)
    assert HOSTILE_RATING not in html

    officials = await page(ds, f"/-/source/{source_of(built, ids['other_trade'])}")
    section = re.search(r'<section class="ct-conflict-list".*?</section>', officials,
                        re.S).group(0)
    first, second = re.findall(r'<a href="([^"]+)"><strong>([^<]+)</strong></a>', section)
    assert first[1] == "$12 billion" and second[1] == "$11.07 billion"
    assert "(the ministry)" in section
    assert "none of its 1 claim checked yet" in officials


def source_of(built, claim_id: int) -> int:
    with sqlite3.connect(built[0]) as conn:
        return conn.execute("select source_id from attributions where claim_id = ?",
                            [claim_id]).fetchone()[0]


async def test_source_page_track_record_lists_ratings(ds, built):
    _, ids = built
    html = await page(ds, f"/-/source/{ids['bank']}")
    assert '<span class="ct-rating">Mostly true</span> 1' in html
    assert 'class="ct-conflict-list"' not in html  # the bank's figures conflict with none


async def test_front_page_lists_worth_checking_from_the_canned_query_sql(ds, built):
    path, ids = built
    html = await page(ds, "/")
    with sqlite3.connect(path) as conn:
        conn.row_factory = sqlite3.Row
        expected = [dict(r) for r in conn.execute(
            canned_queries.worth_checking_sql(FRONT_PAGE_WORTH_CHECKING))]
    assert len(expected) == 4  # every claim of the two articles
    section = html[html.index('id="ct-worth-heading"'):]
    section = section[:section.index("</table>")]
    rows = re.findall(r"<tr><td class=\"ct-num\" data-label=\"Score\">([^<]+)</td>\s*"
                      r"<td><a href=\"([^\"]+)\">([^<]+)</a>.*?</td>\s*"
                      r"<td class=\"ct-muted ct-why\">([^<]*)</td>", section, re.S)
    assert rows == [
        (f"{r['checkworthiness']:.2f}", article_url(r["article_id"], r["claim_id"]),
         r["claim"].replace("'", "&#39;"), r["checkworthiness_reason"].replace("'", "&#39;"))
        for r in expected]
    # Claims already judged, or matching a judged claim, say so.
    assert f'<span class="ct-rating" title="The newest verdict on this claim">verdict: ' \
        f'{RATING}</span>' in section
    assert re.search(rf'<a class="ct-rating ct-checked-before" href="'
                     rf'{re.escape(article_url(ids["old"], ids["judged"]))}"[^>]*>'
                     rf'checked before: {RATING}</a>', section)
    assert section.count("checked before:") == 1 and section.count("verdict: ") == 2
    # Sources link to their pages; the article title stays text.
    assert f'<a href="/-/source/{ids["ministry"]}">the ministry</a>' in section
    assert html.count('<td data-label="Source"><a href="/-/source/') == len(expected)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Jobs &amp; trade, again" in section
    assert '<a href="/claims/worth_checking">the full list</a>' in html
    canned = (await ds.client.get("/claims/worth_checking.json?_shape=array")).json()
    assert [r["claim_id"] for r in canned[:len(expected)]] == [r["claim_id"] for r in expected]
    assert_no_markup_from_data(html)
    assert OTHER_TRADE in html


async def test_pages_without_the_matching_tables(tmp_path):
    # A database from before matching and conflicts: the pages work and show none of it.
    path = build_db(tmp_path / "claims.db")
    with sqlite3.connect(path) as conn:
        conn.execute("drop table claim_matches")
        conn.execute("drop table figure_conflict_pairs")
    datasette = Datasette([str(path)], metadata=METADATA)
    html = await page(datasette, "/-/article/kazakhstan-china-ties-0a1b2c3d")
    assert all(d["checked_before"] == [] and d["conflicts"] == []
               for d in card_details(html).values())
    assert "ct-conflict" not in html and "data-checked" not in html
    assert "Track record" in await page(datasette, "/-/source/2")
    assert "Worth checking" in await page(datasette, "/")


# ---------------------------------------------------------------------------------------
# In a real browser: the card, the source page and the front page at laptop and phone sizes.

@pytest.fixture(scope="module")
def server(built):
    with datasette_server(built[0]) as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with headless_chromium(tmp_path_factory.mktemp("chromium-profile")) as driver:
        yield driver


def open_page(browser, url: str, size) -> None:
    browser.set_window_size(*size)
    browser.get(url)
    assert browser.execute_script("return document.readyState") == "complete"


def box(browser, element) -> dict:
    return browser.execute_script("return arguments[0].getBoundingClientRect()", element)


def viewport_height(browser) -> int:
    return browser.execute_script("return window.innerHeight")


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("size", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_checked_before_card_in_the_browser(browser, server, built, size, tmp_path):
    from selenium.webdriver.common.by import By

    _, ids = built
    open_page(browser, server + article_url(ids["new"]), size)
    claim = browser.find_element(By.ID, f"claim-{ids['repeated']}")
    claim.click()
    panel = browser.find_element(By.ID, "ct-detail")
    section = panel.find_element(By.CSS_SELECTOR, ".ct-checked")
    assert section.text.startswith(f"Checked before\n{RATING} — {JUDGED_CLAIM}")
    link = section.find_element(By.LINK_TEXT, JUDGED_CLAIM)
    assert link.get_attribute("href") == server + article_url(ids["old"], ids["judged"])
    assert section.find_element(By.LINK_TEXT, "fact-check").get_attribute("href") == \
        FACTCHECK_URL
    # The section is on screen, and does not cover the claim it is about.
    shown, claimed = box(browser, section), box(browser, claim)
    assert 0 <= shown["top"] and shown["bottom"] <= viewport_height(browser)
    assert claimed["bottom"] <= box(browser, panel)["top"] + 1
    browser.save_screenshot(str(tmp_path / f"article-checked-before-{size[0]}.png"))
    # The conflicting figure is marked, and its claim's card says so.
    figure = browser.find_element(By.CSS_SELECTOR, "#ct-article .ct-figure.ct-conflict")
    assert figure.text == "$12 billion"
    assert "wavy" in browser.execute_script(
        "return getComputedStyle(arguments[0]).textDecorationStyle", figure)
    browser.find_element(By.ID, f"claim-{ids['other_trade']}").click()
    conflicts = panel.find_element(By.CSS_SELECTOR, ".ct-conflicts")
    assert f"conflicts with $11.07 billion in {OLD_TITLE} (the ministry)" in conflicts.text
    browser.save_screenshot(str(tmp_path / f"article-conflict-{size[0]}.png"))


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("size", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_source_and_front_page_in_the_browser(browser, server, built, size, tmp_path):
    from selenium.webdriver.common.by import By

    _, ids = built
    open_page(browser, f"{server}/-/source/{ids['ministry']}", size)
    record = browser.find_element(By.CSS_SELECTOR, ".ct-track-record")
    conflicts = browser.find_element(By.CSS_SELECTOR, ".ct-conflict-list")
    assert record.text == f"Track record: 1 of its 1 claim checked — {HOSTILE_RATING} 1"
    assert box(browser, conflicts)["top"] < viewport_height(browser)  # first screen
    overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
    browser.save_screenshot(str(tmp_path / f"source-{size[0]}.png"))

    open_page(browser, f"{server}/", size)
    heading = browser.find_element(By.ID, "ct-worth-heading")
    first = browser.find_element(By.CSS_SELECTOR, ".ct-worth tbody tr")
    assert heading.text == "Worth checking"
    assert browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    ) <= 1
    browser.save_screenshot(str(tmp_path / f"front-{size[0]}.png"))
    # The first screen shows data at both sizes: the first claim worth checking, whole,
    # above the articles (on a phone its reason is left to the claim's page).
    assert box(browser, first)["bottom"] <= viewport_height(browser)
    articles = browser.find_element(By.ID, "ct-articles-heading")
    assert box(browser, articles)["top"] > box(browser, first)["bottom"]
    why = browser.find_element(By.CSS_SELECTOR, ".ct-worth tbody tr td.ct-why")
    assert why.is_displayed() == (size == LAPTOP)
