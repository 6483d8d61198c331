"""The cross-article source registry: one row per real-world source."""

import pytest

from claimtrack.registry import merge_source, normalize, resolve_source

KNOWN = [
    {"id": 1, "name": "Human Rights Watch", "kind": "organization", "description": None,
     "aliases": []},
    {"id": 2, "name": "Michael Clarke", "kind": "person", "description": "Australian academic",
     "aliases": []},
    {"id": 3, "name": "Nursultan Nazarbayev", "kind": "person", "description": None,
     "aliases": "[]"},  # aliases as stored (JSON text)
    {"id": 4, "name": "Hillary Clinton", "kind": "person", "description": None, "aliases": []},
    {"id": 5, "name": "Bill Clinton", "kind": "person", "description": None, "aliases": []},
    {"id": 6, "name": "The Intercept", "kind": "publication", "description": None,
     "aliases": []},
    {"id": 7, "name": "critics", "kind": "group", "description": None, "aliases": []},
    {"id": 8, "name": "Wang Yi", "kind": "person", "description": None,
     "aliases": '["Wang"]'},
    {"id": 9, "name": "Amnesty International", "kind": "organization", "description": None,
     "aliases": []},
]


@pytest.mark.parametrize(("name", "kind", "expected"), [
    ("Human Rights Watch", "organization", 0),
    ("HRW", "organization", 0),  # acronym of the full name
    ("human rights watch", "organization", 0),
    ("Human Rights Wacth", "organization", 0),  # a typo, fuzzy
    ("Clarke", "person", 1),  # surname, unambiguous among known persons
    ("Mr. Clarke", "person", 1),
    ("Michael Clarke", "person", 1),
    ("Nursultan Nazrabayev", "person", 2),  # a misspelt surname, same first name
    ("Nazarbayev", "person", 2),
    ("Dariga Nazarbayeva", "person", None),  # a different (gendered) surname
    ("Clinton", "person", None),  # two known Clintons: ambiguous
    ("Chelsea Clinton", "person", None),  # shared surname, different first name
    ("Hilary Clinton", "person", 3),  # a typo in the first name
    ("Michelle Clarke", "person", None),
    ("Intercept", "publication", 5),
    ("critics", "group", 6),
    ("some critics", "group", None),  # groups match only by their exact phrase
    ("Wang", "person", 7),  # a known alias
    ("Amnesty", "organization", None),
    ("Watch", "organization", None),
])
def test_resolve_source(name, kind, expected):
    assert resolve_source({"name": name, "kind": kind, "aliases": []}, KNOWN) == expected


def test_person_never_matches_organization_of_same_name():
    known = [{"id": 1, "name": "Ford", "kind": "organization", "aliases": []}]
    assert resolve_source({"name": "Ford", "kind": "person", "aliases": []}, known) is None


def test_candidate_aliases_are_used():
    candidate = {"name": "Mr. Bequelin", "kind": "person", "aliases": ["Nicholas Bequelin"]}
    known = [{"id": 1, "name": "Nicholas Bequelin", "kind": "person", "aliases": []}]
    assert resolve_source(candidate, known) == 0


def test_empty_registry():
    assert resolve_source({"name": "Anyone", "kind": "person"}, []) is None


def test_merge_adds_aliases_and_description():
    row = {"id": 1, "name": "Human Rights Watch", "kind": "organization", "description": None,
           "aliases": "[]"}
    merged = merge_source(row, {"name": "HRW", "kind": "organization",
                                "description": "rights group", "aliases": []})
    assert merged["aliases"] == ["HRW"]
    assert merged["description"] == "rights group"
    assert merged["id"] == 1 and row["aliases"] == "[]"  # the input row is left alone
    again = merge_source(merged, {"name": "hrw", "kind": "organization", "aliases": []})
    assert again["aliases"] == ["HRW"]


def test_merge_prefers_the_full_person_name():
    row = {"id": 2, "name": "Clarke", "kind": "person", "description": None, "aliases": []}
    merged = merge_source(row, {"name": "Michael Clarke", "kind": "person",
                                "description": "Australian academic", "aliases": []})
    assert merged["name"] == "Michael Clarke"
    assert merged["aliases"] == ["Clarke"]
    assert merged["description"] == "Australian academic"


def test_merge_keeps_existing_description():
    row = {"id": 2, "name": "Michael Clarke", "kind": "person",
           "description": "Australian academic", "aliases": []}
    merged = merge_source(row, {"name": "Clarke", "kind": "person",
                                "description": "professor", "aliases": []})
    assert merged["description"] == "Australian academic"
    assert merged["name"] == "Michael Clarke"
    assert merged["aliases"] == ["Clarke"]


def test_normalize():
    assert normalize("The Intercept’s") == "intercept"
    assert normalize("  Human   Rights Watch ") == "human rights watch"
