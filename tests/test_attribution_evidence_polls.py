"""Polls and surveys as the source of their findings (docs/attribution.md, "Polls and
their findings"): fresh sentences asserting source, cue, rule id and content, and the
uses of the same words that report no finding of one poll (negatives for each guard)."""

import pytest


def found(nlp, text):
    doc = nlp(text)
    return [(a["source"]["name"], a["cue"], a["rule"],
             doc.text[a["content_start"]:a["content_end"]]) for a in doc._.ct_attributions]


# (text, source name, cue, rule id, content)
POLL_FINDINGS = [
    ("In a Harbour Gazette poll released on Monday, 52 percent of respondents chose Okafor "
     "while 40 percent chose Park.", "Harbour Gazette", "In", "poll_finding",
     "52 percent of respondents chose Okafor while 40 percent chose Park"),
    ("The mayor leads her rival by nine points in a Gazette poll released on Sunday.",
     "Gazette", "in", "poll_finding", "The mayor leads her rival by nine points"),
    ("In the latest Valley Herald survey, the councillor held a 12-point lead among older "
     "voters.", "Valley Herald", "In", "poll_finding",
     "the councillor held a 12-point lead among older voters"),
    ("Okafor stays well ahead of Park in the Gazette poll.",
     "Gazette", "in", "poll_finding", "Okafor stays well ahead of Park"),
    ("Okafor was at 31 percent in the RiverStat average of polls.",
     "RiverStat", "in", "poll_finding", "Okafor was at 31 percent"),
]


@pytest.mark.parametrize(("text", "source", "cue", "rule", "content"), POLL_FINDINGS)
def test_a_finding_in_a_named_poll_is_the_polls(nlp, text, source, cue, rule, content):
    assert found(nlp, text) == [(source, cue, rule, content)]


def test_a_poll_phrase_in_a_subordinate_clause_reports_that_clause_only(nlp):
    text = ("While 81 percent of nurses in a recent Valley Herald survey had a favorable "
            "opinion of the strike, 35 said the same for the pay offer.")
    assert found(nlp, text) == [
        ("Valley Herald", "in", "poll_finding", "81 percent of nurses in a recent Valley "
         "Herald survey had a favorable opinion of the strike"),
        ("35", "said", "say_pro_form", "the same for the pay offer"),
    ]


def test_the_poll_keeps_its_description(nlp):
    doc = nlp("The mayor leads her rival by nine points in a Gazette poll released on Sunday.")
    (attribution,) = doc._.ct_attributions
    assert attribution["source"]["description"] == "Gazette poll released on Sunday"


NO_POLL_FINDING = [
    # the polls in general, or several polls named by a place: no one poll found it
    "Park has a slight lead in the polls over Okafor.",
    "Park trails Okafor by 8 points in Ohio polls.",
    # a poll named only by the text before it: no maker in the phrase
    "Okafor is ahead by four points in the new poll.",
    # a relative clause is background, not the sentence's report
    "Park, who leads in a Gazette poll, spoke on Monday.",
    # no figure or standing reported: a poll mentioned, not quoted
    "The results appeared in a Gazette poll released on Monday.",
    "The senator campaigned for weeks in the shadow of a Gazette poll.",
    # a place or a time before the poll names no maker
    "Okafor gained ground in Monday's poll, with 44 percent.",
]


@pytest.mark.parametrize("text", NO_POLL_FINDING)
def test_no_finding_of_one_named_poll(nlp, text):
    assert [a for a in found(nlp, text) if a[2] == "poll_finding"] == []


def test_a_share_that_speaks_in_a_poll_keeps_its_report_verb(nlp):
    # "said so in the poll": the share speaks (as PolNeAR annotates), no second source
    assert found(nlp, "Half of the voters said so in the Gazette poll.") == [
        ("Half of the voters", "said", "say_pro_form", "so")]


# a poll share with a preference verb: the share (no poll named) or the poll naming
# its maker, as for "42 percent say" (polls.poll_of_share)
SHARE_PREFERENCES = [
    ("Among nurses, 41 percent would vote for the mayor again.",
     "41 percent", "vote", "share_preference", "the mayor again"),
    ("Forty-one percent would choose Okafor to be the next governor.",
     "Forty-one percent", "choose", "share_preference", "Okafor to be the next governor"),
    ("Nearly 10 percent of them voted for the surgeon.",
     "Nearly 10 percent of them", "voted", "share_preference", "the surgeon"),
    ("Fewer than 15 percent of teachers approve of the new timetable.",
     "Fewer than 15 percent of teachers", "approve", "share_preference", "the new timetable"),
    ("Thirty-nine percent of all nurses viewed him favorably.",
     "Thirty-nine percent of all nurses", "viewed", "share_preference", "him favorably"),
    ("Twelve percent would prefer a younger candidate.",
     "Twelve percent", "prefer", "share_preference", "a younger candidate"),
    ("The Harbour Gazette survey asked voters about the race. Some 44 percent would vote "
     "for Okafor.", "Harbour Gazette", "vote", "share_preference", "Okafor"),
]


@pytest.mark.parametrize(("text", "source", "cue", "rule", "content"), SHARE_PREFERENCES)
def test_a_poll_share_prefers(nlp, text, source, cue, rule, content):
    assert found(nlp, text) == [(source, cue, rule, content)]


NO_SHARE_PREFERENCE = [
    "Forty-one percent chose Okafor.",  # a tally without "would": no stated choice
    "Thirty-nine percent of all nurses viewed the website.",  # no rating adverb
    "Fifty-seven percent see the point.",
    "Most voters would vote for Lee.",  # no share: "would" stays hypothetical
    "The nurses would vote for the mayor.",
]


@pytest.mark.parametrize("text", NO_SHARE_PREFERENCE)
def test_no_share_preference(nlp, text):
    assert found(nlp, text) == []


# a document's show/find with an object and where it puts it ("with 47 percent")
EVIDENCE_STANDINGS = [
    ("A Harbour Gazette poll, conducted jointly with Valley Research, shows Okafor with 47 "
     "percent.", "Harbour Gazette", "shows", "np_content", "Okafor with 47 percent"),
    ("The survey found her with a slim lead.",
     "survey", "found", "np_content", "her with a slim lead"),
]


@pytest.mark.parametrize(("text", "source", "cue", "rule", "content"), EVIDENCE_STANDINGS)
def test_a_document_shows_someone_with_a_figure(nlp, text, source, cue, rule, content):
    assert found(nlp, text) == [(source, cue, rule, content)]


@pytest.mark.parametrize("text", [
    "Okafor found him with the keys.",  # a person's find: no document, no finding
    "She showed him the door.",
])
def test_no_standing_without_a_document(nlp, text):
    assert found(nlp, text) == []


# a place, a time or the kind of poll before it names no maker: the phrase is the source
POLL_NAMES = [
    ("Exit polls taken in Ohio found that most voters wanted change.",
     "Exit polls taken in Ohio"),
    ("An Ohio survey found that most voters wanted change.", "Ohio survey"),
    ("Monday's poll found that most voters wanted change.", "Monday's poll"),
    ("A Gazette survey found that most voters wanted change.", "Gazette"),
]


@pytest.mark.parametrize(("text", "source"), POLL_NAMES)
def test_a_poll_is_named_by_its_maker_only(nlp, text, source):
    assert found(nlp, text) == [(source, "found", "clausal", "most voters wanted change")]


# a finding in a clause someone reports: the reporter relays it (the engine keeps the
# outer report), and a finding never takes in the reporter's words
REPORTED_FINDINGS = [
    "Okafor leads Park by six points in a Harbour Gazette poll of likely voters, her aides "
    "said.",
    "Park's aides said Okafor leads by six points in a Harbour Gazette poll of likely voters.",
]


@pytest.mark.parametrize("text", REPORTED_FINDINGS)
def test_a_reported_finding_keeps_the_reporter_out(nlp, text):
    got = found(nlp, text)
    assert [f for f in got if f[2] == "poll_finding"] == []
    assert [(f[1], f[2]) for f in got] == [("said", "clausal")]
    assert "Okafor leads" in got[0][3] and "Harbour Gazette poll" in got[0][3]
