"""The cross-article source registry: one row per real-world source."""

import json

import pytest
import sqlite_utils

from claimtrack import store
from claimtrack.extract import ArticleRows, sha256_text
from claimtrack.registry import SourceIndex, merge_source, normalize, resolve_source
from claimtrack.store import KnownNames, open_db, save_article

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
    ("Professor Michael Clarke", "person", 1),  # a title is no name word
    ("Mrs. Clinton", "person", None),  # an honorific does not pick between namesakes
    ("Dariga Nazarbayeva", "person", None),  # a different (gendered) surname
    ("Michael Clarke", "person", 1),
    ("Nursultan Nazrabayev", "person", 2),  # a misspelt surname, same first name
    ("Nazarbayev", "person", 2),
    ("Clinton", "person", None),  # two known Clintons: ambiguous
    ("Chelsea Clinton", "person", None),  # shared surname, different first name
    ("Hilary Clinton", "person", 3),  # a typo in the first name
    ("Michelle Clarke", "person", None),
    ("Intercept", "publication", 5),
    ("critics", "group", None),  # a vague group is each article's own, never shared
    ("some critics", "group", None),
    ("Wang", "person", 7),  # a known alias
    ("Amnesty", "organization", None),
    ("Watch", "organization", None),
])
def test_resolve_source(name, kind, expected):
    assert resolve_source({"name": name, "kind": kind, "aliases": []}, KNOWN) == expected


def test_person_never_matches_organization_of_same_name():
    known = [{"id": 1, "name": "Ford", "kind": "organization", "aliases": []}]
    assert resolve_source({"name": "Ford", "kind": "person", "aliases": []}, known) is None


def test_feminine_surname_is_another_person():
    known = [{"id": 1, "name": "Jan Kowalski", "kind": "person", "aliases": []}]
    for name in ("Anna Kowalska", "Jan Kowalska", "Kowalska"):
        assert resolve_source({"name": name, "kind": "person", "aliases": []}, known) is None
    assert resolve_source({"name": "Jan Kowalsky", "kind": "person"}, known) == 0  # a slip


def test_groups_never_merge_across_articles():
    known = [{"id": 1, "name": "critics", "kind": "group", "aliases": []},
             {"id": 2, "name": "officials", "kind": "organization", "aliases": []}]
    for name in ("critics", "officials", "the mayor"):
        assert resolve_source({"name": name, "kind": "group", "aliases": []}, known) is None
    # nor does a named source fold into another article's group
    assert resolve_source({"name": "critics", "kind": "organization"}, known[:1]) is None


def test_titles_come_off_person_names():
    known = [{"id": 1, "name": "Wang Yi", "kind": "person", "aliases": []}]
    candidate = {"name": "Foreign Minister Wang Yi", "kind": "person", "aliases": []}
    assert resolve_source(candidate, known) == 0


def test_a_shared_surname_alias_merges_nobody():
    # each article resolved "Okafor" to its own Okafor: the surname is an alias of both
    known = [{"id": 1, "name": "Daniel Okafor", "kind": "person", "aliases": '["Okafor"]'}]
    maria = {"name": "Maria Okafor", "kind": "person", "aliases": ["Okafor"]}
    assert resolve_source(maria, known) is None
    # a bare "Okafor" from a third article: the one known Okafor (rule 3) ...
    assert resolve_source({"name": "Okafor", "kind": "person", "aliases": []}, known) == 0
    # ... and nobody once two are known
    both = known + [{"id": 2, **maria, "aliases": '["Okafor"]'}]
    assert resolve_source({"name": "Okafor", "kind": "person", "aliases": []}, both) is None


def test_source_index_follows_added_and_merged_rows():
    index = SourceIndex(KNOWN)
    assert resolve_source({"name": "Clarke", "kind": "person"}, index) == 1
    new = index.add({"id": 10, "name": "Nicholas Bequelin", "kind": "person", "aliases": []})
    assert resolve_source({"name": "Bequelin", "kind": "person"}, index) == new
    merged = merge_source(index.rows[0], {"name": "Human Rights Watch Org", "kind":
                                          "organization", "aliases": []})
    index.update(0, merged)
    assert resolve_source({"name": "Human Rights Watch Org", "kind": "organization"},
                          index) == 0
    # another Clarke: the surname alone is now ambiguous
    index.add({"id": 11, "name": "Kenneth Clarke", "kind": "person", "aliases": []})
    assert resolve_source({"name": "Clarke", "kind": "person"}, index) is None


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


# ---------------------------------------------------------------- in the store


def article(article_id, text, entities=(), sources=()):
    """Rows of one article as extract.article_rows makes them (no claims needed here)."""
    found = []
    for name, label, canonical in entities:
        start = text.index(name)
        found.append({"claim_seq": None, "text": name, "label": label, "start": start,
                      "end": start + len(name), "canonical": canonical})
    return ArticleRows(article={"id": article_id, "sha256": sha256_text(text), "text": text,
                                "title": article_id},
                       entities=found, sources=[dict(s, aliases=[]) for s in sources])


def canonicals(db, article_id):
    return {(r["text"], r["label"]): r["canonical"] for r in db["entities"].rows_where(
        "article_id = ?", [article_id])}


@pytest.mark.parametrize("keep_index", [False, True])
def test_store_maps_canonicals_by_label_across_articles(keep_index):
    db = open_db(":memory:")
    known = KnownNames() if keep_index else None
    save_article(db, article("a", "Michael Jordan flew to Washington to meet Human Rights Watch.",
                             [("Michael Jordan", "PERSON", "Michael Jordan"),
                              ("Washington", "GPE", "Washington"),
                              ("Human Rights Watch", "ORG", "Human Rights Watch")]), known=known)
    save_article(db, article("b", "In Amman, Jordan told HRW that Jordan would help.",
                             [("Amman", "GPE", "Amman"), ("Jordan", "PERSON", "Jordan"),
                              ("HRW", "ORG", "HRW")]), known=known)
    rows_c = article("c", "Jordan closed its border, said Washington.",
                     [("Jordan", "GPE", "Jordan"), ("Washington", "PERSON", "Washington")])
    save_article(db, rows_c, known=known)
    assert canonicals(db, "b") == {("Amman", "GPE"): "Amman",
                                   ("Jordan", "PERSON"): "Michael Jordan",
                                   ("HRW", "ORG"): "Human Rights Watch"}
    assert canonicals(db, "c") == {("Jordan", "GPE"): "Jordan",
                                   ("Washington", "PERSON"): "Washington"}


def test_kept_index_rereads_what_another_connection_wrote(tmp_path):
    db = open_db(tmp_path / "c.db")
    known = KnownNames()
    save_article(db, article("a", "Human Rights Watch said so.", sources=[
        {"name": "Human Rights Watch", "kind": "organization", "description": None}]),
        known=known)
    # another process (an editor, a second ingest) adds a spelling to the row
    other = sqlite_utils.Database(tmp_path / "c.db")
    other["sources"].update(1, {"aliases": json.dumps(["Human Rights Monitor"])})
    save_article(db, article("b", "Human Rights Monitor said so.", sources=[
        {"name": "Human Rights Monitor", "kind": "organization", "description": "a rights group"}]),
        known=known)
    assert [(r["id"], r["description"]) for r in db["sources"].rows] == [(1, "a rights group")]


def test_kept_index_forgets_a_rolled_back_article(monkeypatch):
    db = open_db(":memory:")
    known = KnownNames()
    save_article(db, article("a", "Critics said so.", sources=[
        {"name": "critics", "kind": "group", "description": None}]), known=known)

    def crash(*args, **kwargs):
        raise RuntimeError("disk on fire")

    with monkeypatch.context() as patch:
        patch.setattr(store, "_reattach_verdicts", crash)
        with pytest.raises(RuntimeError):
            save_article(db, article("b", "Human Rights Watch said so.", sources=[
                {"name": "Human Rights Watch", "kind": "organization", "description": None}]),
                known=known)
    assert db["sources"].count == 1
    save_article(db, article("c", "HRW said so.", sources=[
        {"name": "HRW", "kind": "organization", "description": None}]), known=known)
    assert [r["name"] for r in db["sources"].rows] == ["critics", "HRW"]


@pytest.mark.parametrize(("name", "expected"), [
    ("Hyman Rights Watch", 0),  # a slip in the first letters: found by the last ones
    ("Human Rights Wacth", 0),  # a slip in the last letters: found by the first ones
    ("Amnesty Internatinal", 1),  # a letter dropped: the neighbouring length's buckets
    ("Internationl Committee of the Red Cross", 2),
    ("Intermational Committee of the Red Crosz", 2),  # two slips, the last letters kept
    # Two slips touching both ends: the one case the blocked fuzzy step gives up (ratio 95,
    # which a scan of every name of the length would have matched); a new source is safer
    # than a wrong one.
    ("Xnternational Committee of the Red Crosz", None),
])
def test_fuzzy_step_reads_only_names_sharing_an_end(name, expected):
    index = SourceIndex([
        {"id": 1, "name": "Human Rights Watch", "kind": "organization", "aliases": []},
        {"id": 2, "name": "Amnesty International", "kind": "organization", "aliases": []},
        {"id": 3, "name": "International Committee of the Red Cross", "kind": "organization",
         "aliases": []},
        # Same lengths, other letters: in no bucket of the names above.
        {"id": 4, "name": "Human Rights First", "kind": "organization", "aliases": []},
    ])
    assert index.resolve({"name": name, "kind": "organization", "aliases": []}) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("Nursultan Nzarbayev", 0),  # a slip in the first two letters: found by the last two
    ("Nursultan Nazarbayeb", 0),  # a slip in the last two: found by the first two
    ("Nursultan Nazarbaev", 0),  # a letter dropped: the shorter length's buckets
    ("Kassym-Jomart Tokaev", 1),
    ("Nursultan Mazarbayev", None),  # another first letter: another surname
])
def test_misspelt_surnames_are_found_in_their_blocks(name, expected):
    index = SourceIndex([
        {"id": 1, "name": "Nursultan Nazarbayev", "kind": "person", "aliases": []},
        {"id": 2, "name": "Kassym-Jomart Tokayev", "kind": "person", "aliases": []},
        {"id": 3, "name": "Nursultan Nabiyev", "kind": "person", "aliases": []},
    ])
    assert index.resolve({"name": name, "kind": "person", "aliases": []}) == expected


# Articles whose names exercise every step of a lookup: exact keys, acronyms, a surname
# alone, two people sharing a surname, a slip, one name under two labels, accents.
STORED = [
    ("Human Rights Watch and Michael Clarke met in Jordan.",
     [("Human Rights Watch", "ORG", "Human Rights Watch"), ("Michael Clarke", "PERSON",
      "Michael Clarke"), ("Jordan", "GPE", "Jordan")],
     [("Human Rights Watch", "organization"), ("Michael Clarke", "person")]),
    ("Hillary Clinton and Bill Clinton spoke to the European Commission.",
     [("Hillary Clinton", "PERSON", "Hillary Clinton"), ("Bill Clinton", "PERSON",
      "Bill Clinton"), ("European Commission", "ORG", "European Commission")],
     [("Hillary Clinton", "person"), ("Bill Clinton", "person")]),
    ("Michael Jordan told the Peña Nieto Foundation that March 2019 was good.",
     [("Michael Jordan", "PERSON", "Michael Jordan"), ("Peña Nieto Foundation", "ORG",
      "Peña Nieto Foundation"), ("March 2019", "DATE", "March 2019")],
     [("Peña Nieto Foundation", "organization"), ("Michael Jordan", "person")]),
]
PROBES = [  # (name, entity label, source kind)
    ("Human Rights Watch", "ORG", "organization"), ("HRW", "ORG", "organization"),
    ("Clarke", "PERSON", "person"), ("Mr. Clarke", "PERSON", "person"),
    ("Micheal Clarke", "PERSON", "person"), ("Clinton", "PERSON", "person"),
    ("Hillary Clinton", "PERSON", "person"), ("Jordan", "GPE", "organization"),
    ("Jordan", "PERSON", "person"), ("Europen Commission", "ORG", "organization"),
    ("EC", "ORG", "organization"), ("Pena Nieto Foundation", "ORG", "organization"),
    ("march 2019", "DATE", None), ("Nobody Known", "PERSON", "person"),
]


def test_a_loaded_index_resolves_as_the_one_kept_while_saving(tmp_path):
    db = open_db(tmp_path / "c.db")
    kept = KnownNames()
    for number, (text, entities, sources) in enumerate(STORED):
        save_article(db, article(f"a{number}", text, entities, [
            {"name": name, "kind": kind, "description": None} for name, kind in sources]),
            known=kept)
    loaded = KnownNames().current(sqlite_utils.Database(tmp_path / "c.db"))
    assert loaded is not kept and len(loaded.sources.rows) == len(kept.sources.rows) == 6

    def resolved(known):
        out = []
        for name, label, kind in PROBES:
            index = known.sources.resolve({"name": name, "kind": kind, "aliases": []})
            out.append((known.canonicals.lookup(name, label),
                        None if index is None else known.sources.rows[index]["name"]))
        return out

    assert resolved(loaded) == resolved(kept) == [
        ("Human Rights Watch", "Human Rights Watch"), ("Human Rights Watch", "Human Rights Watch"),
        ("Michael Clarke", "Michael Clarke"),
        ("Mr. Clarke", "Michael Clarke"),  # a canonical keeps a gendered honorific apart
        ("Michael Clarke", "Michael Clarke"), ("Clinton", None),
        ("Hillary Clinton", "Hillary Clinton"), ("Jordan", None),
        ("Michael Jordan", "Michael Jordan"), ("European Commission", None),
        ("European Commission", None), ("Peña Nieto Foundation", "Peña Nieto Foundation"),
        ("March 2019", None), ("Nobody Known", None),
    ]
