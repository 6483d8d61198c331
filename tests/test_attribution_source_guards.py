"""Wrong-source guards, second pass (docs/attribution.md, "Choosing the source"): closing
cues whose speaker the parser hangs as a subject or adverbial noun, direct questions,
a pronoun after two coordinated people, an editor's note, markup as a source. Fresh
sentences asserting source, cue, rule id and content, or that no attribution is made."""

import pytest


def found(nlp, text):
    doc = nlp(text)
    return [(a["source"]["name"], a["cue"], a["rule"],
             doc.text[a["content_start"]:a["content_end"]]) for a in doc._.ct_attributions]


# (text, source, cue, rule, content): the outlet or writer after a closing cue relays the
# sentence before it, however the parser hung the name
CLOSING = [
    ("The district plans to shut four clinics before the end of the winter, reports "
     "USA Today.",
     "USA Today", "reports", "closing_inverted",
     "The district plans to shut four clinics before the end of the winter"),
    ("The board will raise ferry fares next spring, writes the Gazette's Nora Quill.",
     "Nora Quill", "writes", "closing_inverted",
     "The board will raise ferry fares next spring"),
    ("Inspectors expect the old mill to reopen in June, says the Harbour Ledger.",
     "Harbour Ledger", "says", "closing_inverted",
     "Inspectors expect the old mill to reopen in June"),
]


@pytest.mark.parametrize(("text", "source", "cue", "rule", "content"), CLOSING)
def test_closing_cue_speaker_after_the_verb(nlp, text, source, cue, rule, content):
    assert found(nlp, text) == [(source, cue, rule, content)]


def test_closing_cue_without_a_name_is_not_inverted(nlp):
    # nobody named after the cue: "told reporters" has an object, not a speaker
    assert found(nlp, "The strike will last a whole week, told reporters.") == []


# direct questions report nothing: the cue is only asked about
QUESTIONS = [
    ("Did the harbour master say that the ferry would stop running?", "say"),
    ("Who said that the ferry would stop running?", "said"),
    ("Why did the council claim that rents would fall next year?", "claim"),
]


@pytest.mark.parametrize(("text", "cue"), QUESTIONS)
def test_direct_question_is_no_report(nlp, text, cue):
    assert [a for a in found(nlp, text) if a[1] == cue] == []


def test_a_statement_ending_in_a_quoted_question_is_still_reported(nlp):
    # the question mark belongs to the quotation: the speaker asked it, the report stands
    text = 'The coach said that the team "had no answer," and asked: "Why now?"'
    assert [a[:3] for a in found(nlp, text) if a[1] == "said"] == [
        ("The coach", "said", "clausal")]


def test_pronoun_after_two_coordinated_people_stays_unresolved(nlp):
    # "she" may be either of the two: no source rather than the first one
    text = ("Maria Lopez and Tom Berg met the press on Monday. "
            "She said the deal was dead.")
    assert found(nlp, text) == []


def test_pronoun_after_one_person_resolves(nlp):
    text = "Maria Lopez met the press on Monday. She said the deal was dead."
    assert found(nlp, text) == [("Maria Lopez", "said", "clausal", "the deal was dead")]


def test_editors_note_makes_no_report(nlp):
    text = ("Editor's note: Jim Ray is a columnist who has pledged to expose every fraud "
            "in the city.")
    assert found(nlp, text) == []


def test_markup_is_never_a_source(nlp):
    text = ('<tweet id="7479" author="@jdoe" datetime="2016-06-29">Mr. Hale, who has accused '
            "the mayor of lying about the budget, may lose.</tweet>")
    assert all("=" not in name and "<" not in name for name, *_ in found(nlp, text))


BODY = "\n\nThe board met on Monday and talked for hours about the plan."

# (headline, source, content): a label before a headline's colon is its source
LABELLED = [
    ("Harbour Ledger Fact-Check: If the Mayor Says It, It Is True",
     "Harbour Ledger Fact-Check", "If the Mayor Says It, It Is True"),
    ("Newspaper: Harbour chief used a private phone for port business",
     "Newspaper", "Harbour chief used a private phone for port business"),
    ("EXCLUSIVE – Nora Quill: Don't Trust the New Toll Machines",
     "Nora Quill", "Don't Trust the New Toll Machines"),
    ("Poll: Coastal Voters Abandon the Ruling Party",
     "Poll", "Coastal Voters Abandon the Ruling Party"),
]


@pytest.mark.parametrize(("headline", "source", "content"), LABELLED)
def test_headline_label_is_the_source(nlp, headline, source, content):
    assert found(nlp, headline + BODY) == [(source, ":", "headline_label", content)]


def test_headline_label_takes_a_report_nested_after_it(nlp):
    text = "Report: Port fares will rise; board says the rise is 'modest'" + BODY
    assert found(nlp, text) == [("Report", ":", "headline_label",
                                 "Port fares will rise; board says the rise is 'modest'")]


@pytest.mark.parametrize("headline", [
    "Exclusive: Ferry Fares Will Rise in Spring",  # page furniture
    "Watch: Mayor Opens the New Bridge",
    "Review: a gloomy opera about the harbour, sung with verve",  # the critic's own piece
])
def test_headline_furniture_label_is_no_source(nlp, headline):
    assert [a for a in found(nlp, headline + BODY) if a[1] == ":"] == []


def test_label_in_a_body_paragraph_is_not_a_headline_label(nlp):
    text = ("The board met on Monday.\n\nSome context first.\n\nPoll: voters in the port "
            "towns back the new ferry levy.")
    assert all(a[2] != "headline_label" for a in found(nlp, text))


def test_editors_note_main_clause_still_reports(nlp):
    text = ("Editor's note: An article on Friday about the ferry strike reported that the "
            "union had rejected the offer.")
    assert [a[:3] for a in found(nlp, text)] == [
        ("article on Friday about the ferry strike", "reported", "clausal")]


def test_the_latest_is_furniture_over_a_headline(nlp):
    text = "The Latest: Mayor urges residents to leave the coast" + BODY
    assert [a for a in found(nlp, text) if a[1] == ":"] == []


@pytest.mark.parametrize("headline", [
    "Quill and Berg: A Long Feud Over the Harbour",  # two names: the topic of the piece
    "Big Day For the Port: Ferry Fares Will Fall in Spring",  # a phrase, not a name
])
def test_headline_topic_label_is_no_source(nlp, headline):
    assert [a for a in found(nlp, headline + BODY) if a[2] == "headline_label"] == []


@pytest.mark.parametrize("headline", [
    "Wow: Harbour Chief Just Answered His Critics With One Line",
    "BUSTED: Port Emails Show the Board Knew About the Leak",
])
def test_headline_exclamation_is_no_source(nlp, headline):
    assert [a for a in found(nlp, headline + BODY) if a[2] == "headline_label"] == []


def test_question_about_a_stance_keeps_its_link(nlp):
    # PolNeAR annotates the stance asked about; only "did X say that ...?" is dropped
    text = "Does the harbour master oppose the new ferry levy?"
    assert [a[:3] for a in found(nlp, text)] == [
        ("the harbour master", "oppose", "stance_np")]
