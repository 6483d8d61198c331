"""Source choice, third pass (issue 10, docs/attribution.md "Choosing the source"): a
poll share is the mention of the poll it speaks for, a document "in June" or "in Iowa"
is not named after its date or place. Fresh sentences asserting source, mention, cue and
rule id, with the normal case beside each change."""

import pytest


def found(nlp, text):
    doc = nlp(text)
    return [(a["source"]["name"], a["cue"], a["rule"],
             doc.text[a["content_start"]:a["content_end"]]) for a in doc._.ct_attributions]


def mentions(nlp, text):
    doc = nlp(text)
    for a in doc._.ct_attributions:
        assert doc.text[a["source_start"]:a["source_end"]] == a["source_text"]
    return [(a["source"]["name"], a["source_text"], a["cue"], a["rule"])
            for a in doc._.ct_attributions]


# ---------------------------------------------------------------------------- poll shares

# (text, the poll named as the source, the share as the mention in the sentence, cue)
POLL_SHARES = [
    ("A Gallup poll of voters in the county found wide support for the levy. Forty "
     "percent said they would vote for it in May.",
     "Gallup", "Forty percent", "said"),
    ("In a Gallup poll taken last week, about 4 in 10 say they want the ferry service to "
     "run all night.", "Gallup", "about 4 in 10", "say"),
    ("The survey by Harbour Research was taken in May. About 4 in 10 say they want the "
     "ferry service to run all night.", "Harbour Research", "About 4 in 10", "say"),
]


@pytest.mark.parametrize(("text", "poll", "share", "cue"), POLL_SHARES)
def test_a_poll_share_is_the_mention_of_its_poll(nlp, text, poll, share, cue):
    said = [m for m in mentions(nlp, text) if m[2] == cue]
    assert said == [(poll, share, cue, "clausal")]


def test_a_poll_named_with_a_capital_poll_is_found(nlp):
    # the model tags the noun of "Harbour Research Poll" a proper noun
    text = ("In a Harbour Research Poll the same month, 38 percent of voters said the ferry "
            "should run all night.")
    assert mentions(nlp, text) == [
        ("Harbour Research Poll", "38 percent of voters", "said", "clausal")]


# a document's "in X": the outlet that ran it, never its date or place
VENUES = [
    ("A Harbour Gazette poll in June showed that most islanders want the ferry to run all "
     "night.", "Harbour Gazette"),
    ("A survey in Iowa found that most farmers expect lower prices.", "survey in Iowa"),
    ("A report in The Guardian claimed that the minister had misled parliament.",
     "The Guardian"),
]


@pytest.mark.parametrize(("text", "source"), VENUES)
def test_a_document_in_a_date_or_place_is_not_named_after_it(nlp, text, source):
    assert [a["source"]["name"] for a in nlp(text)._.ct_attributions] == [source]


def test_the_poll_itself_stays_its_own_mention(nlp):
    text = ("A Gallup poll of voters in the county found that most of them backed the "
            "levy.")
    assert mentions(nlp, text) == [
        ("Gallup", "A Gallup poll of voters in the county", "found", "clausal")]
