"""A database built through the real pipeline and store, with verdicts, for the pages that
show claim matching, conflicting figures, track records and "Worth checking": an older
article whose claims were judged, and a newer one that repeats one of them in other words
and states the same trade figure with another value. Sentences written for these tests."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from claimtrack.cleaning import Article
from claimtrack.extract import article_rows
from claimtrack.store import open_db, save_article
from claimtrack.verdicts import add_verdict

JUDGED_CLAIM = ("Unemployment in Portugal fell to 6.2 percent in the second quarter, "
                "the central bank said.")
JUDGED_TRADE = ("Bilateral trade between Kazakhstan and China reached $11.07 billion in 2017, "
                "the ministry said.")
REPEATED_CLAIM = ("Portugal's jobless rate dropped to 6.2% in the second quarter, according "
                  "to the central bank.")
OTHER_TRADE = "Trade between China and Kazakhstan was $12 billion in 2017, officials said."
OLD_TITLE = "Jobs and trade: the spring figures"
# Markup in a title and a rating must reach the pages as text.
NEW_TITLE = "<script>alert(1)</script> Jobs & trade, again"
RATING = "Mostly true"
HOSTILE_RATING = "False <img src=x onerror=alert(2)>"
FACTCHECK_URL = "https://factcheck.example.org/portugal-unemployment"


def _store(db, nlp, title: str, published: str, text: str) -> str:
    article = Article(title=title, authors=["A. Writer"], publication="The Ledger",
                      published=published, url=None, path=f"{published}.txt", text=text)
    rows = article_rows(article, nlp(text))
    save_article(db, rows)
    return rows.article["id"]


def claim_id(db, article_id: str, text: str) -> int:
    return db.execute("select id from claims where article_id = ? and text = ?",
                      [article_id, text]).fetchone()[0]


def build_checks_db(path: Path, nlp) -> dict:
    """The database at ``path``; returns the ids the tests need."""
    db = open_db(path)
    old = _store(db, nlp, OLD_TITLE, "2019-03-01", f"{JUDGED_CLAIM} {JUDGED_TRADE}")
    judged = claim_id(db, old, JUDGED_CLAIM)
    trade = claim_id(db, old, JUDGED_TRADE)
    add_verdict(db, judged, RATING, url=FACTCHECK_URL, reviewer="desk",
                created_at=datetime(2019, 3, 5, tzinfo=UTC))
    add_verdict(db, trade, HOSTILE_RATING, reviewer="desk",
                created_at=datetime(2019, 3, 6, tzinfo=UTC))
    new = _store(db, nlp, NEW_TITLE, "2019-05-02", f"{REPEATED_CLAIM} {OTHER_TRADE}")
    ids = {
        "old": old, "new": new, "judged": judged, "trade": trade,
        "repeated": claim_id(db, new, REPEATED_CLAIM),
        "other_trade": claim_id(db, new, OTHER_TRADE),
        "bank": db.execute(
            "select source_id from attributions where claim_id = ?", [judged]).fetchone()[0],
        "ministry": db.execute(
            "select source_id from attributions where claim_id = ?", [trade]).fetchone()[0],
    }
    db.close()
    return ids
