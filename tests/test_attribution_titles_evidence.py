"""Issue 10, items 3 and 6: a title with an "of" phrase before a name, and evidence that
puts a thing at a value. Fresh sentences; each row asserts source, cue and rule id."""

from __future__ import annotations

import pytest


def found(nlp, text):
    doc = nlp(text)
    return [(a["source"], a["cue"], a["rule"], doc.text[a["content_start"]:a["content_end"]])
            for a in doc._.ct_attributions]


# ------------------------------------------------------- item 3: "Head of X Name said"


@pytest.mark.parametrize("text, name, description, cue", [
    ("Head of the city's transport authority Maria Lopez said the trams would run late.",
     "Maria Lopez", "Head of the city's transport authority", "said"),
    ("Director of the regional health board Sam Patel warned that waiting lists were "
     "growing.", "Sam Patel", "Director of the regional health board", "warned"),
    ("Chief executive of the regional water company Priya Shah admitted that leaks had "
     "doubled.", "Priya Shah", "Chief executive of the regional water company", "admitted"),
    ("Spokeswoman for the regional fire service Carla Mendes said two crews were sent.",
     "Carla Mendes", "Spokeswoman for the regional fire service", "said"),
    ("Deputy director of the city's housing department Omar Haddad argued that rents had "
     "peaked.", "Omar Haddad", "Deputy director of the city's housing department", "argued"),
    ("Former head of the national statistics office Ruth Okafor said the census was "
     "underfunded.", "Ruth Okafor", "Former head of the national statistics office", "said"),
])
def test_title_with_of_phrase_before_a_name(nlp, text, name, description, cue):
    ((source, got_cue, rule, _),) = found(nlp, text)
    assert (source["name"], source["kind"], source["description"]) == (
        name, "person", description)
    assert (got_cue, rule) == (cue, "clausal")


def test_title_with_a_named_organisation_keeps_it_as_affiliation(nlp):
    ((source, cue, rule, _),) = found(
        nlp, "President of the Harbour Pilots Association Tom Reyes said the channel was "
             "too shallow.")
    assert (source["name"], source["kind"], cue, rule) == ("Tom Reyes", "person", "said",
                                                           "clausal")
    assert source["affiliation"] == "Harbour Pilots Association"


@pytest.mark.parametrize("text, name", [
    # a bare title with no name in the phrase is the source, as before
    ("The head of the city's transport authority said the trams would run late.",
     "The head of the city's transport authority"),
    ("Members of the local council said the vote was unfair.",
     "Members of the local council"),
])
def test_bare_title_without_a_name_stays_the_source(nlp, text, name):
    ((source, cue, rule, _),) = found(nlp, text)
    assert (source["name"], source["kind"], cue, rule) == (name, "group", "said", "clausal")


def test_a_title_phrase_inside_the_sentence_is_not_the_speaker(nlp):
    # "the head of the council Ana Ruiz" is who was told, not who spoke
    assert [(s["name"], c) for s, c, _, _ in found(
        nlp, "Voters told the head of the council Ana Ruiz that the roads were dangerous.")
    ] == [("Voters", "told")]


# ---------------------------------------------------------- item 6: evidence


@pytest.mark.parametrize("text, name, kind, cue, content", [
    ("The survey puts the governor at 38 percent.", "survey", "document", "puts",
     "the governor at 38 percent"),
    ("Census figures put unemployment at 5.1 percent.", "Census figures", "document", "put",
     "unemployment at 5.1 percent"),
    ("The latest estimate puts the cost of the repairs at $2 billion.", "latest estimate",
     "document", "puts", "the cost of the repairs at $2 billion"),
    ("A county survey places the jobless rate at 6 percent.", "county survey", "document",
     "places", "the jobless rate at 6 percent"),
])
def test_evidence_puts_a_thing_at_a_value(nlp, text, name, kind, cue, content):
    ((source, got_cue, rule, got_content),) = found(nlp, text)
    assert (source["name"], source["kind"]) == (name, kind)
    assert (got_cue, rule, got_content) == (cue, "evidence_value", content)


def test_named_pollster_is_the_source_of_its_poll(nlp):
    ((source, cue, rule, content),) = found(
        nlp, "A Gallup poll puts the president's approval rating at 41 percent.")
    assert (source["name"], source["kind"], source["description"]) == (
        "Gallup", "organization", "Gallup poll")
    assert (cue, rule, content) == ("puts", "evidence_value",
                                    "the president's approval rating at 41 percent")


@pytest.mark.parametrize("text", [
    "She puts the keys on the table every night.",  # a person puts something somewhere
    "The coach put the striker on the bench for the final.",
    "Analysts put the cost at $3 billion.",  # people estimating: not a document
    "He put the figure at 40 percent.",
    "The report puts pressure on the minister.",  # no value
    "The survey puts the blame at the door of the council.",
])
def test_evidence_value_guards(nlp, text):
    assert [r for _, _, r, _ in found(nlp, text) if r == "evidence_value"] == []


@pytest.mark.parametrize("text, name, kind, affiliation, cue", [
    ("Data from the census bureau indicate that rents rose faster than wages.",
     "Data from the census bureau", "document", "census bureau", "indicate"),
    ("The company denied wrongdoing, court filings show.", "court filings", "document",
     None, "show"),
    ("Court filings show that the company paid the fines late.", "Court filings",
     "document", None, "show"),
])
def test_evidence_with_a_clause(nlp, text, name, kind, affiliation, cue):
    ((source, got_cue, rule, _),) = found(nlp, text)
    assert (source["name"], source["kind"], source["affiliation"]) == (name, kind, affiliation)
    assert (got_cue, rule) == (cue, "clausal")
