"""Entities: label fixes from context and canonical names within and across documents."""

import pytest

from claimtrack.nlp.entities import canonical_map, same_name_word, strip_name


def seed_body(seed_text: str) -> str:
    lines = seed_text.splitlines()
    start = next(i for i, line in enumerate(lines)
                 if line.startswith("Kazakhstan and China have developed"))
    end = next(i for i, line in enumerate(lines) if line.startswith("Want to read more?"))
    return "\n\n".join(line.strip() for line in lines[start:end] if line.strip())


def entities(nlp, text):
    doc = nlp(text)
    for e in doc._.ct_entities:
        assert doc.text[e["start"]:e["end"]] == e["text"]
    return doc._.ct_entities


def labels_of(found, text):
    return {e["label"] for e in found if e["text"] == text}


def canonicals_of(found, text):
    return {e["canonical"] for e in found if e["text"] == text}


@pytest.fixture(scope="module")
def seed_entities(nlp, seed_text):
    return entities(nlp, seed_body(seed_text))


# ---------------------------------------------------------------- name comparison


def test_same_name_word_accepts_slips_and_rejects_feminine_forms():
    assert same_name_word("Nazarbayev", "Nazarvbayev")  # insertion
    assert same_name_word("Nazarbayev", "Nazrabayev")  # transposition
    assert not same_name_word("Nazarbayev", "Nazarbayeva")  # a different person
    assert not same_name_word("Ivanov", "Ivanova")
    assert not same_name_word("Smith", "Smyth2")
    assert not same_name_word("Lee", "Lea")  # too short to guess


def test_strip_name():
    assert strip_name("Nazarbayev’s") == "Nazarbayev"
    assert strip_name("the Soviet Union") == "Soviet Union"
    assert strip_name("“Ata Zhurt”") == "Ata Zhurt"


# ---------------------------------------------------------------- label fixes


def test_nationality_adjective_is_norp(nlp):
    found = entities(nlp, "The Kazakh government denied it. Kazakh courts refused. "
                          "Uyghurs and Kazakhs were detained.")
    assert labels_of(found, "Kazakh") == {"NORP"}
    assert labels_of(found, "Uyghurs") == {"NORP"}
    assert labels_of(found, "Kazakhs") == {"NORP"}


def test_surname_labelled_org_elsewhere_is_person(nlp):
    found = entities(nlp, "Nursultan Nazarbayev resigned in March. Nazarbayev will retain "
                          "power. Critics say Nazarbayev still rules.")
    assert labels_of(found, "Nazarbayev") == {"PERSON"}
    assert canonicals_of(found, "Nazarbayev") == {"Nursultan Nazarbayev"}


def test_possessive_is_stripped_and_split(nlp):
    found = entities(nlp, "Kassym-Jomart Tokayev spoke. Tokayev’s announcement came in April. "
                          "Nicholas Bequelin spoke to The Intercept’s Mehdi Hasan last August.")
    assert "Tokayev’s" not in {e["text"] for e in found}
    assert canonicals_of(found, "Tokayev") == {"Kassym-Jomart Tokayev"}
    assert labels_of(found, "Mehdi Hasan") == {"PERSON"}


def test_organisation_named_in_apposition_is_org(nlp):
    found = entities(nlp, "Publicity grew with the work of a new organization, Ata Zhurt. "
                          "Ata Zhurt founder Serikzhan Bilash was warned. "
                          "His applications to register Ata Zhurt were denied.")
    assert labels_of(found, "Ata Zhurt") == {"ORG"}
    assert labels_of(found, "Serikzhan Bilash") == {"PERSON"}


def test_number_label_on_a_place_name(nlp):
    found = entities(nlp, "Following the suppression of protests in Zhanaozen in 2011, the "
                          "government changed course.")
    assert labels_of(found, "Zhanaozen") <= {"GPE"}


# ---------------------------------------------------------------- canonical names in a doc


def test_misspellings_reorderings_surnames_share_canonical(seed_entities):
    nazarbayev = {e["canonical"] for e in seed_entities
                  if e["text"] in {"Nazarbayev", "Nazarvbayev", "Nazrabayev",
                                   "Nursultan Nazarvbayev"}}
    assert nazarbayev == {"Nursultan Nazarbayev"}
    bilash = {e["canonical"] for e in seed_entities
              if e["text"] in {"Bilash", "Serikzhan Bilash", "Bilash Serikzhan"}}
    assert bilash == {"Serikzhan Bilash"}
    assert canonicals_of(seed_entities, "Tokayev") == {"Kassym-Jomart Tokayev"}


def test_feminine_surname_stays_a_different_person(seed_entities):
    assert canonicals_of(seed_entities, "Nazarbayeva") == {"Dariga Nazarbayeva"}
    assert canonicals_of(seed_entities, "Dariga Nazarbayeva") == {"Dariga Nazarbayeva"}


def test_acronym_shares_canonical_with_its_expansion(seed_entities):
    assert canonicals_of(seed_entities, "BRI") == {"Belt and Road Initiative"}
    assert labels_of(seed_entities, "BRI") == labels_of(seed_entities,
                                                       "Belt and Road Initiative")


def test_seed_label_fixes(seed_entities):
    assert labels_of(seed_entities, "Kazakh") == {"NORP"}
    assert labels_of(seed_entities, "Nazarbayev") == {"PERSON"}
    assert labels_of(seed_entities, "Sauytbay") == {"PERSON"}
    assert labels_of(seed_entities, "Sairagul Sauytbay") == {"PERSON"}
    assert labels_of(seed_entities, "Ata Zhurt") == {"ORG"}
    assert "Neither Tokayev" not in {e["text"] for e in seed_entities}


def test_two_people_sharing_a_surname_stay_apart(nlp):
    found = entities(nlp, "John Smith met Mary Smith in London. John Smith said the talks "
                          "went well, and Mary Smith agreed.")
    assert canonicals_of(found, "John Smith") == {"John Smith"}
    assert canonicals_of(found, "Mary Smith") == {"Mary Smith"}


# ---------------------------------------------------------------- across articles


def test_canonical_map_across_articles():
    known = ["Nursultan Nazarbayev", "Dariga Nazarbayeva", "Human Rights Watch", "John Smith",
             "Serikzhan Bilash"]
    mapped = canonical_map(
        ["Nursultan Nazarvbayev", "Nazarbayeva", "HRW", "Jane Smith", "Bilash Serikzhan",
         "nursultan nazarbayev", "Kassym-Jomart Tokayev"], known)
    assert mapped["Nursultan Nazarvbayev"] == "Nursultan Nazarbayev"
    assert mapped["nursultan nazarbayev"] == "Nursultan Nazarbayev"
    assert mapped["Nazarbayeva"] == "Dariga Nazarbayeva"
    assert mapped["HRW"] == "Human Rights Watch"
    assert mapped["Jane Smith"] == "Jane Smith"  # shares a surname only
    assert mapped["Bilash Serikzhan"] == "Serikzhan Bilash"
    assert mapped["Kassym-Jomart Tokayev"] == "Kassym-Jomart Tokayev"
    assert canonical_map([], known) == {}
