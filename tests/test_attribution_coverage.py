"""Attribution coverage (issue 10): fresh sentences per shape, asserting source, cue and
rule id, and the precision guards, each with a sentence that must make no attribution."""

import pytest


def attributed(nlp, text):
    doc = nlp(text)
    return [(a["source"]["name"], a["cue"], a["rule"]) for a in doc._.ct_attributions]


def sourced(nlp, text):
    doc = nlp(text)
    return [(a["source"]["name"], a["source"]["description"], a["source"]["affiliation"])
            for a in doc._.ct_attributions]


# item 10: ordinary verbs, page furniture, audience reactions, datelines, refusals
NOT_ATTRIBUTIONS = [
    "The museum marked the anniversary with a new exhibition about the strike.",
    "The minister welcomed the delegates to a summit on river pollution.",
    "The hospital ordered new equipment for its cancer ward last spring.",
    "Local shopkeepers share the same worries about the new car park.",
    "UPDATE: The road has reopened after the crash near the bridge.",
    "Correction: An earlier version of this story misstated the mayor's age.",
    "Related: How the town voted in the last three elections.",
    "NAIROBI (Reuters) — Kenya's central bank held its main lending rate on Tuesday.",
    "The company did not respond to requests for comment.",
    "A spokeswoman for the airline declined to comment on the delays.",
    '"We will appeal the ruling tomorrow." The lawyer for the family said nothing more.',
]


@pytest.mark.parametrize("text", NOT_ATTRIBUTIONS)
def test_guard_makes_no_attribution(nlp, text):
    assert attributed(nlp, text) == []


def test_an_audience_reaction_never_takes_the_quote(nlp):
    text = ('Senator Maria Lopez spoke for an hour. "We will not give up on this bill," '
            'Lopez said. The audience cheered.')
    assert {name for name, _, _ in attributed(nlp, text)} == {"Maria Lopez"}


# (text, source name, cue, rule id): one fresh sentence per new shape
COVERAGE = [
    # item 2: handles, transcript turns, "Name, Outlet:" and congressional labels
    ("@cityparks: The east gate will stay closed until the repairs are finished.",
     "@cityparks", ":", "speaker_label"),
    ("Tom Hale chaired the hearing.\n\nHALE: We never received the inspection report.\n\n"
     "RUIZ: That is simply not true and you know it.", "Tom Hale", ":", "speaker_label"),
    ('Jane Okoro, Radio Kent: "Will the east gate stay closed all summer?"',
     "Jane Okoro", ":", "speaker_label"),
    ('Rep. Tom Hale (D-Ohio): "I have never heard anyone cite that figure before."',
     "Tom Hale", "):", "speaker_label"),
    # item 4: manner-of-speaking verbs, inverted
    ('"Nobody reads these reports anyway," scoffed coach Lee Park.',
     "Lee Park", "scoffed", "clausal"),
    # item 4: participles
    ("Insisting that the figures were right, the minister left the room.",
     "the minister", "Insisting", "clausal"),
    ("The minister angered the committee by telling reporters that the figures were final.",
     "The minister", "telling", "clausal"),
    # item 5: stance and knowledge with a clause
    ("Economists calculate that the levy will raise two billion pounds a year.",
     "Economists", "calculate", "clausal"),
    ("The engineers are confident that the dam will hold through the storm.",
     "The engineers", "confident", "stance_adjective"),
    ("Officials remain sceptical that the new timetable will work.",
     "Officials", "sceptical", "stance_adjective"),
    ("In the governor's view, the dam will hold through the storm.",
     "the governor", "In the governor's view", "viewpoint"),
    ("In the words of one farmer, the river has never been this low.",
     "one farmer", "In the words of", "viewpoint"),
    # item 7: nominal cues; the issuer, never "statement"
    ("The union's claim that wages fell by a tenth was disputed by the firm.",
     "The union", "claim", "nominal_cue"),
    ("The firm issued a statement saying it had done nothing wrong.",
     "The firm", "saying", "clausal"),
    ("Ms. Ortiz sent an email saying that the meeting was cancelled.",
     "Ortiz", "saying", "clausal"),
]


@pytest.mark.parametrize(("text", "source", "cue", "rule"), COVERAGE)
def test_coverage_shape(nlp, text, source, cue, rule):
    found = attributed(nlp, text)
    assert (source, cue, rule) in found or any(
        source in name and c == cue and r == rule for name, c, r in found), found


# item 3: a title before a name is the description, never the source
@pytest.mark.parametrize(("text", "expected"), [
    ("Mayor of Leeds Jane Doe said the budget would be balanced by March.",
     ("Jane Doe", "Mayor of Leeds", "Leeds")),
    ("Chief executive of the Food Bank Network Ali Khan warned that demand would double.",
     ("Ali Khan", "Chief executive of the Food Bank Network", "Food Bank Network")),
    ("Secretary of State John Kerry said the talks would resume.",
     ("John Kerry", "Secretary of State", None)),
    # a bare title is a source only with no name in the phrase: the phrase, not "Mayor"
    ("The Mayor of London said the budget would be balanced.",
     ("The Mayor of London", None, None)),
])
def test_title_before_name(nlp, text, expected):
    assert sourced(nlp, text) == [expected]


def test_guarded_shapes_still_attribute_when_they_are_reports(nlp):
    # the guards are narrow: a negated clause is still a report, a stance on a thing holds
    assert attributed(nlp, "The minister did not say that taxes would rise.") == [
        ("The minister", "say", "clausal")]
    assert attributed(nlp, "The senator welcomed the court's ruling on the map.") == [
        ("The senator", "welcomed", "stance_np")]
    assert attributed(nlp, "Farmers shared concerns about the price of diesel.") == [
        ("Farmers", "shared concerns", "light_verb")]


def test_a_dateline_or_single_capitalised_word_is_no_speaker(nlp):
    assert attributed(nlp, "LONDON: Rail fares will rise by five percent in March.") == []


# item 9: reporters named in a byline or credit line are never speakers or antecedents
@pytest.mark.parametrize("text", [
    "By Jane Lee\n\nTrade Minister Tom Lee spoke in Nairobi on Monday.\n\n"
    "Lee said the border would reopen next month.",
    "Trade Minister Tom Lee spoke in Nairobi on Monday. Lee said the border would reopen "
    "next month.\n\nJane Lee contributed reporting from Nairobi.",
])
def test_a_credited_reporter_does_not_share_a_speakers_surname(nlp, text):
    assert attributed(nlp, text) == [("Tom Lee", "said", "clausal")]


# item 11: the source is the noun phrase, not the moment around it
@pytest.mark.parametrize(("text", "source"), [
    ('The minister, asked about the tax, replied simply, "Not while I am in this office."',
     "The minister"),
    ("Trump this week also said he would consider naming a new judge.", "Trump"),
    ("Residents living near the plant said the air smelled of sulphur.",
     "Residents living near the plant"),
])
def test_source_phrase_leaves_out_time_and_set_off_participles(nlp, text, source):
    assert [name for name, _, _ in attributed(nlp, text)] == [source]


@pytest.mark.parametrize("text", [
    # "in X's judgment / mind" taken by the verb is no viewpoint on the sentence
    "The voters of Leeds elected her twice, so they clearly believed in her judgment.",
    "It makes sense to put the idea in the public's mind now.",
    "The speech can be summed up in the very words of Abraham Lincoln.",
])
def test_a_viewpoint_noun_taken_by_the_verb_is_no_viewpoint(nlp, text):
    doc = nlp(text)
    assert [a for a in doc._.ct_attributions if a["rule"] == "viewpoint"] == []


@pytest.mark.parametrize(("text", "expected"), [
    # a Title Case heading that names a show or a newsletter is no speaker's turn
    ("Harbour News Daily: A World of Ferries at War in the North.", []),
    ("Monday's Morning Email: Putin's Potential Involvement In The Email Hack.", []),
    # a speaker's name before a Title Case headline still speaks
    ("Pence: Gennifer Flowers Won't Be at the Debate on Sunday.", ["Pence"]),
])
def test_a_heading_label_is_no_speaker(nlp, text, expected):
    doc = nlp(text)
    assert [a["source"]["name"] for a in doc._.ct_attributions] == expected
