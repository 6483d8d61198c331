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
