from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "kazakhstans-xinjiang-dilemma.txt"


@pytest.fixture(scope="session")
def nlp():
    """The real pipeline, loaded once per test session."""
    from claimtrack.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_body(seed_text) -> str:
    """The seed's article body exactly as cleaning produces it (what offsets refer to)."""
    from claimtrack.cleaning import clean
    from claimtrack.readers import RawArticle

    return clean(RawArticle(seed_text, str(SEED))).text


@pytest.fixture(scope="session")
def seed_db_path(nlp, tmp_path_factory):
    """A database file with the seed article ingested once, through the real pipeline."""
    from claimtrack.ingest import ingest
    from claimtrack.store import open_db

    path = tmp_path_factory.mktemp("seed") / "claims.db"
    db = open_db(path)
    summary = ingest([str(SEED)], db, nlp)
    assert summary.ok and len(summary.inserted) == 1, summary.line()
    db.close()
    return path


@pytest.fixture()
def seed_db(seed_db_path):
    import sqlite_utils

    db = sqlite_utils.Database(seed_db_path)
    yield db
    db.close()


def annotate(nlp, text: str, extension: str) -> list[dict]:
    """Run the pipeline and return one annotation list (ct_entities, ct_figures, ct_claims),
    asserting that every item's offsets reproduce its text exactly."""
    doc = nlp(text)
    items = getattr(doc._, extension)
    for item in items:
        assert doc.text[item["start"]:item["end"]] == item["text"], item
    return items
