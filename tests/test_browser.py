"""The annotated article page in a real browser: headless Chromium against a real server.

The server is `python -m datasette serve claims.db -m metadata.yml`, as a user runs it,
on a free port of 127.0.0.1, under `timeout` so it stops by itself even if the test dies.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlite_utils

from browser_support import (
    LAPTOP,
    PHONE,
    SERVER_LIFETIME_S,
    datasette_server,
    free_port,
    headless_chromium,
    needs_chromium,
)
from publish_fixtures import (
    ARTICLE_ID,
    HOSTILE_ID,
    HOSTILE_TEXT,
    TEXT,
    build_db,
    stop_server,
)

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture(scope="module")
def served_db(tmp_path_factory) -> Path:
    return build_db(tmp_path_factory.mktemp("served") / "claims.db")


@pytest.fixture(scope="module")
def server(served_db):
    with datasette_server(served_db) as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with headless_chromium(tmp_path_factory.mktemp("chromium-profile")) as driver:
        yield driver


def open_article(browser, server, article_id, size):
    browser.set_window_size(*size)
    browser.get(f"{server}/-/article/{quote(article_id, safe='')}")
    assert browser.execute_script("return document.readyState") == "complete"
    return browser


def style(browser, element, prop):
    return browser.execute_script(
        "return getComputedStyle(arguments[0]).getPropertyValue(arguments[1])", element, prop)


def test_claims_are_marked_visible_and_coloured(browser, server, tmp_path):
    from selenium.webdriver.common.by import By

    open_article(browser, server, ARTICLE_ID, LAPTOP)
    marks = browser.find_elements(By.CSS_SELECTOR, "mark.ct-claim[data-claim]")
    assert {m.get_attribute("data-claim") for m in marks} == {"1", "2", "3", "4", "5"}
    assert all(m.is_displayed() and m.size["width"] > 0 for m in marks)
    # The text the reader sees is the article text, paragraph by paragraph.
    paragraphs = browser.find_elements(By.CSS_SELECTOR, "#ct-article p")
    assert [p.text for p in paragraphs] == TEXT.split("\n\n")
    colour = {m.get_attribute("data-claim"): style(browser, m, "background-color")
              for m in marks}
    transparent = ("rgba(0, 0, 0, 0)", "transparent")
    assert colour["3"] == colour["4"] not in transparent  # one source, one colour
    assert colour["1"] not in (colour["3"], *transparent)  # another source
    cue = browser.find_element(By.CSS_SELECTOR, "#ct-article .ct-cue")
    assert "underline" in style(browser, cue, "text-decoration-line")
    figure = browser.find_element(By.CSS_SELECTOR, "#ct-article .ct-figure")
    assert figure.text == "$11.07 billion" and figure.is_displayed()
    sources = browser.find_elements(By.CSS_SELECTOR, ".ct-sidebar .ct-source-name")
    assert [s.text for s in sources] == ["Serikzhan Bilash", "Foreign Ministry",
                                         "No source given"]
    # Laptop width: the sources sit beside the text.
    article = browser.find_element(By.ID, "ct-article")
    sidebar = browser.find_element(By.CSS_SELECTOR, ".ct-sidebar")
    assert sidebar.location["x"] > article.location["x"] + article.size["width"] - 1
    assert browser.save_screenshot(str(tmp_path / "article-laptop.png"))


def test_clicking_a_claim_shows_its_source(browser, server, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_article(browser, server, ARTICLE_ID, LAPTOP)
    panel = browser.find_element(By.ID, "ct-detail")
    assert not panel.is_displayed()
    browser.find_element(By.ID, "claim-4").click()
    assert panel.is_displayed()
    text = panel.text
    for part in ("Claim 4", "Serikzhan Bilash", "an activist in Almaty", "“said”",
                 "indirect", "0.80", "statistic", "Check-worthiness"):
        assert part in text, part
    link = panel.find_element(By.LINK_TEXT, "Claim 4")
    assert link.get_attribute("href") == f"{server}/claims/claims/4"
    assert "ct-active" in browser.find_element(By.ID, "claim-4").get_attribute("class")
    browser.save_screenshot(str(tmp_path / "article-laptop-detail.png"))
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    assert not panel.is_displayed()
    # An unsourced claim says so.
    browser.find_element(By.ID, "claim-2").click()
    assert "No source given in the article." in panel.text


def test_phone_width(browser, server, tmp_path):
    from selenium.webdriver.common.by import By

    open_article(browser, server, ARTICLE_ID, PHONE)
    overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"page is {overflow}px wider than a phone"
    article = browser.find_element(By.ID, "ct-article")
    sidebar = browser.find_element(By.CSS_SELECTOR, ".ct-sidebar")
    assert sidebar.location["y"] >= article.location["y"] + article.size["height"] - 1
    browser.save_screenshot(str(tmp_path / "article-phone.png"))
    browser.find_element(By.ID, "claim-3").click()
    panel = browser.find_element(By.ID, "ct-detail")
    assert panel.is_displayed() and style(browser, panel, "position") == "fixed"
    # A bottom sheet, with the clicked claim scrolled into view above it.
    panel_box, claim_box, viewport_height = browser.execute_script(
        "return [arguments[0].getBoundingClientRect(), arguments[1].getBoundingClientRect(),"
        " window.innerHeight]", panel, browser.find_element(By.ID, "claim-3"))
    assert abs(panel_box["bottom"] - viewport_height) <= 2
    assert 0 <= claim_box["top"] and claim_box["bottom"] <= panel_box["top"]
    browser.save_screenshot(str(tmp_path / "article-phone-detail.png"))


def test_hostile_article_stays_text(browser, server, tmp_path):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    open_article(browser, server, HOSTILE_ID, LAPTOP)
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018 - raises when no alert() ran
    assert browser.find_element(By.CSS_SELECTOR, "#ct-article p").text == HOSTILE_TEXT
    assert not browser.find_elements(By.CSS_SELECTOR, "#ct-article img, #ct-article script")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("<script>alert('title')")
    browser.save_screenshot(str(tmp_path / "article-hostile.png"))


def test_verdict_badge(browser, server, served_db, tmp_path):
    from selenium.webdriver.common.by import By

    db = sqlite_utils.Database(served_db)
    db["verdicts"].insert({"claim_id": 2, "rating": "Mostly true", "reviewer": "Desk",
                           "note": "customs data", "created_at": "2026-11-29T12:00:00Z"})
    db.close()
    open_article(browser, server, ARTICLE_ID, LAPTOP)
    claim = browser.find_element(By.ID, "claim-2")
    badge = browser.execute_script(
        "return getComputedStyle(arguments[0], '::before').getPropertyValue('content')", claim)
    assert badge == '"Mostly true"'
    claim.click()
    assert "Mostly true — Desk: customs data" in browser.find_element(By.ID, "ct-detail").text
    browser.save_screenshot(str(tmp_path / "article-verdict.png"))


def screenshot(browser, tmp_path, name):
    """Save under the test's tmp_path, and under $CLAIMTRACK_SCREENSHOTS when set (to look
    at them after a run)."""
    import os

    assert browser.save_screenshot(str(tmp_path / name))
    if os.environ.get("CLAIMTRACK_SCREENSHOTS"):
        target = Path(os.environ["CLAIMTRACK_SCREENSHOTS"])
        target.mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(target / name))


def _has_rows(url: str) -> bool:
    import json
    import urllib.request

    with urllib.request.urlopen(url, timeout=10) as response:
        return bool(json.load(response)["rows"])


def first_row_top(browser):
    return browser.execute_script(
        "const row = document.querySelector('table.rows-and-columns tbody tr');"
        "return row ? row.getBoundingClientRect().top + window.scrollY : null;")


def test_rows_come_first_on_every_table_view_and_query(browser, server, tmp_path):
    import yaml

    meta = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    database = meta["databases"]["claims"]
    pages = [name for name, table in database["tables"].items() if not table.get("hidden")]
    pages += list(database["queries"])
    params = {"claims_by_source": "?source=Bilash", "search_claims": "?q=Bilash",
              "claims_mentioning_entity": "?entity=Bilash"}
    browser.set_window_size(*LAPTOP)
    for name in pages:
        browser.get(f"{server}/claims/{name}{params.get(name, '')}")
        top = first_row_top(browser)
        if top is None:
            # Only a page with no rows at all (verdicts before a test adds one, matches
            # and merged shards on a fresh database) may show no row.
            assert not _has_rows(f"{server}/claims/{name}.json{params.get(name, '')}"), name
            continue
        assert top < LAPTOP[1] - 40, f"{name}: first row at {top}px"
        if name in ("claims", "articles", "figures_without_source"):
            screenshot(browser, tmp_path, f"table-{name}.png")


def test_front_source_and_article_pages_at_both_widths(browser, server, tmp_path):
    from selenium.webdriver.common.by import By

    browser.set_window_size(*LAPTOP)
    browser.get(f"{server}/")
    links = browser.find_elements(By.CSS_SELECTOR, ".ct-articles a")
    assert [a.text for a in links][-1] == "Kazakhstan weighs its China ties"
    assert browser.find_elements(By.CSS_SELECTOR, ".ct-home svg.ct-chart rect")
    screenshot(browser, tmp_path, "front-laptop.png")
    browser.get(f"{server}/-/source/2")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Serikzhan Bilash"
    screenshot(browser, tmp_path, "source-laptop.png")
    open_article(browser, server, ARTICLE_ID, LAPTOP)
    # Entities are off by default and a click turns them on.
    entity = browser.find_element(By.CSS_SELECTOR, "#ct-article .ct-entity")
    assert style(browser, entity, "text-decoration-line") == "none"
    browser.find_element(By.ID, "ct-layer-entities").click()
    assert "underline" in style(browser, entity, "text-decoration-line")
    # Two sources, two different fills.
    fills = {style(browser, m, "background-color") for m in browser.find_elements(
        By.CSS_SELECTOR, "#ct-article mark.ct-claim[data-source]")}
    assert len(fills) == 2
    screenshot(browser, tmp_path, "article-laptop-layers.png")
    # Phone: the sources are one tap away wherever the reader is.
    open_article(browser, server, ARTICLE_ID, PHONE)
    jump = browser.find_element(By.CSS_SELECTOR, ".ct-jump")
    box = browser.execute_script("return arguments[0].getBoundingClientRect()", jump)
    assert jump.is_displayed() and box["bottom"] <= PHONE[1]
    screenshot(browser, tmp_path, "article-phone-top.png")
    jump.click()
    sidebar = browser.find_element(By.ID, "ct-sources")
    top = browser.execute_script("return arguments[0].getBoundingClientRect().top", sidebar)
    assert 0 <= top < PHONE[1]
    browser.set_window_size(*PHONE)
    browser.get(f"{server}/")
    screenshot(browser, tmp_path, "front-phone.png")


def test_reviewer_signs_in_and_records_a_verdict_and_a_correction_on_the_seed(
        browser, nlp, tmp_path):
    """`claimtrack serve --reviewers` on the ingested seed article, as a fact-checker uses it."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    from claimtrack.ingest import ingest
    from claimtrack.store import open_db
    from claimtrack.web.review import hash_password
    from conftest import SEED

    db_path = tmp_path / "claims.db"
    db = open_db(db_path)
    assert ingest([str(SEED)], db, nlp).ok
    article_id, = db.execute("select id from articles").fetchone()
    claim_id, source_id, = db.execute(
        "select claim_id, source_id from attributions order by claim_id limit 1").fetchone()
    other, other_name = db.execute("select id, name from sources where id != ? order by id "
                                   "limit 1", [source_id]).fetchone()
    db.close()
    reviewers = tmp_path / "reviewers.txt"
    reviewers.write_text(f"desk:{hash_password('s3cret', 1000)}\n", encoding="utf-8")
    port = free_port()
    process = subprocess.Popen(
        ["timeout", str(SERVER_LIFETIME_S), sys.executable, "-m", "claimtrack", "serve",
         "--db", str(db_path), "--port", str(port), "--reviewers", str(reviewers)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=tmp_path)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/-/versions.json", timeout=2):
                    break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, "no server"
                time.sleep(0.2)
        browser.set_window_size(*LAPTOP)
        # Data first on a real article's claims table.
        browser.get(f"{base}/claims/claims")
        assert first_row_top(browser) < LAPTOP[1]
        screenshot(browser, tmp_path, "seed-claims-table.png")
        browser.get(f"{base}/-/claimtrack/login")
        browser.find_element(By.NAME, "name").send_keys("desk")
        browser.find_element(By.NAME, "password").send_keys("s3cret")
        browser.find_element(By.CSS_SELECTOR, "form input[type=submit]").click()
        WebDriverWait(browser, 10).until(lambda b: b.current_url == f"{base}/")
        screenshot(browser, tmp_path, "seed-front-signed-in.png")
        open_article(browser, base, article_id, LAPTOP)
        screenshot(browser, tmp_path, "seed-article-laptop.png")
        browser.find_element(By.ID, f"claim-{claim_id}").click()
        panel = browser.find_element(By.ID, "ct-detail")
        panel.find_element(By.XPATH, ".//summary[text()='Record a verdict']").click()
        panel.find_element(By.NAME, "rating").send_keys("Misleading")
        panel.find_element(By.NAME, "note").send_keys("context missing")
        screenshot(browser, tmp_path, "seed-review-card.png")
        panel.find_element(By.XPATH, ".//button[text()='Save verdict']").click()
        WebDriverWait(browser, 10).until(lambda b: b.current_url.endswith(f"#claim-{claim_id}"))
        # Back on the page, at the claim: the verdict is its badge.
        claim = browser.find_element(By.ID, f"claim-{claim_id}")
        assert claim.get_attribute("data-verdict") == "Misleading"
        claim.click()
        panel = browser.find_element(By.ID, "ct-detail")
        panel.find_element(By.XPATH, ".//summary[text()='Correct the attribution']").click()
        form = panel.find_elements(By.TAG_NAME, "form")[1]
        Select(form.find_element(By.NAME, "action")).select_by_value("source")
        Select(form.find_element(By.NAME, "source_id")).select_by_value(str(other))
        browser.execute_script("location.hash = ''")
        form.find_element(By.XPATH, ".//button[text()='Save correction']").click()
        WebDriverWait(browser, 10).until(lambda b: b.current_url.endswith(f"#claim-{claim_id}"))
        claim = browser.find_element(By.ID, f"claim-{claim_id}")
        assert "ct-corrected" in claim.get_attribute("class")
        claim.click()
        # The card leads with the reviewer's source; the pipeline's follows, superseded.
        boxes = browser.find_elements(By.CSS_SELECTOR, "#ct-detail .ct-attribution")
        assert boxes[0].get_attribute("class") == "ct-attribution ct-corrected-source"
        assert boxes[0].text.startswith(f"Source\n{other_name}\nCorrected\nthe source is "
                                        f"{other_name} (desk, ")
        assert "ct-superseded" in boxes[1].get_attribute("class")
        assert boxes[1].text.startswith(
            "The pipeline's source, superseded by the correction above\nSource\n")
        screenshot(browser, tmp_path, "seed-corrected-card.png")
        browser.set_window_size(*PHONE)
        open_article(browser, base, article_id, PHONE)
        screenshot(browser, tmp_path, "seed-article-phone.png")
    finally:
        stop_server(process)
    db = sqlite_utils.Database(db_path)
    assert [(v["claim_id"], v["rating"], v["reviewer"]) for v in db["verdicts"].rows] == [
        (claim_id, "Misleading", "desk")]
    assert [(c["claim_id"], c["action"], c["source_id"], c["reviewer"])
            for c in db["corrections"].rows] == [(claim_id, "source", other, "desk")]
