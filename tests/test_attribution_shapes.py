"""Cue shapes whose speaker or content the parse puts away from the cue (shape_rules.py,
the medium_clause pattern) and Title Case headlines (headline_rules.py): fresh sentences
asserting source, cue, content and rule id, with a negative row per guard."""

import pytest


def found(nlp, text):
    doc = nlp(text)
    return [(a["source"]["name"], a["cue"], a["rule"],
             doc.text[a["content_start"]:a["content_end"]]) for a in doc._.ct_attributions]


# (text, source, cue, rule, content)
SHAPES = [
    # adjective_infinitive: the subject of the clause the adjective describes
    ("The mayor was quick to point out that the budget had been balanced.",
     "The mayor", "point", "adjective_infinitive", "the budget had been balanced"),
    ("Parents were more likely to say that the new school had improved.",
     "Parents", "say", "adjective_infinitive", "the new school had improved"),
    # object_control: the object of the verb the infinitive completes speaks
    ("The scandal forced the chief executive to admit that the figures were wrong.",
     "the chief executive", "admit", "object_control", "the figures were wrong"),
    # medium_clause: the that-clause the parser hung on the medium noun
    ("Farmers said in interviews that the drought had ruined the harvest.",
     "Farmers", "said", "medium_clause", "the drought had ruined the harvest"),
    # addressee_quote: an addressee verb with its addressee, then the quotation
    ('The coach brushed off the criticism, telling reporters, "We will be fine by the '
     'spring."', "The coach", "telling", "addressee_quote",
     '"We will be fine by the spring."'),
    ('The senator seemed tired on Friday, telling the crowd, "Some days this job is simply '
     'too long."', "The senator", "telling", "addressee_quote",
     '"Some days this job is simply too long."'),
    # for_clause: the preposition parsed as the marker of a for-to clause
    ("The senator is calling for the harbour board to resign before the summer.",
     "The senator", "calling", "for_clause", "the harbour board to resign before the summer"),
    # as_put_it: the quotation after the idiom, else the sentence around it
    ('As the historian Lena Park put it: "The river shaped the city more than any king '
     'did."', "Lena Park", "put", "as_put_it",
     '"The river shaped the city more than any king did."'),
    ("As one farmer put it, the river has never been so low.",
     "one farmer", "put", "as_put_it", "the river has never been so low"),
    # a manner, a time or an addressee after "put it" leaves it words
    ('As one senior official put it privately, "We cannot be wrong twice."',
     "one senior official", "put", "as_put_it", '"We cannot be wrong twice."'),
    ("As the mayor put it to reporters last week, the old bridge is a disgrace.",
     "the mayor", "put", "as_put_it", "the old bridge is a disgrace"),
    # a poll share speaks for the poll that names its maker, in its sentence or paragraph
    ("In a Gallup poll taken last week, about 4 in 10 say they want the ferry service to "
     "run all night.", "Gallup", "say", "clausal",
     "they want the ferry service to run all night"),
    ("The survey by Harbour Research was taken in May. About 4 in 10 say they want the "
     "ferry service to run all night.", "Harbour Research", "say", "clausal",
     "they want the ferry service to run all night"),
]


@pytest.mark.parametrize(("text", "source"), [
    # a share subject with no poll named speaks for itself, as a group
    ("In a poll taken last week, 42 percent say they want the ferry service to run all "
     "night.", "42 percent"),
    ("Only 52 percent of the islanders agreed that the ferry should run all night.",
     "Only 52 percent of the islanders"),
    # the poll is in another paragraph: the share, not the survey of another paragraph
    ("The survey by Harbour Research was taken in May.\n\nSixty percent said they want "
     "the ferry service to run all night.", "Sixty percent"),
])
def test_a_poll_share_without_its_poll_is_a_group_source(nlp, text, source):
    doc = nlp(text)
    said = [a for a in doc._.ct_attributions if a["cue"] in ("say", "said", "agreed")]
    assert [(a["source"]["name"], a["source"]["kind"]) for a in said] == [(source, "group")]


def test_a_share_the_parser_hangs_on_the_verb_is_a_group_source_too(nlp):
    # "About 4 in 10 say": the parser makes the share the verb's nummod, not its subject
    doc = nlp("About 4 in 10 say they want the ferry service to run all night.")
    assert [(a["source"]["name"], a["source"]["kind"], a["rule"])
            for a in doc._.ct_attributions] == [("About 4 in 10", "group", "clausal")]


@pytest.mark.parametrize(("text", "source", "cue", "rule", "content"), SHAPES)
def test_shape(nlp, text, source, cue, rule, content):
    assert found(nlp, text) == [(source, cue, rule, content)]


# guards: none of these makes an attribution by the new rules
NOT_BY_THESE_RULES = [
    # a dummy subject controls no speaker
    "It is fair to say that the ferry timetable has not worked.",
    # an adjective with an infinitive but no report
    "The mayor was quick to leave the hall after the vote.",
    # object control needs a person or a name as the object
    "The weak data led the review to conclude that rents would keep rising.",
    # a relative clause on the medium noun is not the report ("that" is its object)
    "The mayor wrote in the letter that she sent to residents on Monday.",
    # a quotation after a verb with an ordinary object quotes someone else
    'The coach praised the young squad, "This was our best game in a long while."',
    # negated, a for-to clause states no stance
    "The senator did not call for the harbour board to resign before the summer.",
    # "put it" with a place is a placing, not words
    "As the crew put it in the hold, the crate split open.",
    "The council put it on the agenda for Monday.",
]
NEW_RULES = {"adjective_infinitive", "object_control", "medium_clause", "addressee_quote",
             "headline_cue", "for_clause", "as_put_it"}


@pytest.mark.parametrize("text", NOT_BY_THESE_RULES)
def test_guard(nlp, text):
    assert not [f for f in found(nlp, text) if f[2] in NEW_RULES]


# ---------------------------------------------------------------------------- headlines

BODY = "\n\nTrade minister Ana Ruiz told parliament on Tuesday that exports would rise."
MAYOR_BODY = "\n\nMayor Lena Ortiz told the council on Monday that the work would start."
TWO_MINISTERS = ("\n\nTrade minister Ana Ruiz and finance minister Tom Okafor spoke on "
                 "Tuesday about exports.")

# (headline, body, source, cue, content): the model tags these headline verbs as proper
# nouns or parses the line as one name; the test checks that first, so it keeps testing
# the rule (and not the parser) if the model changes
TITLE_CASE = [
    ("Harbour Board Warns Ferry Fares Will Rise", BODY, "Harbour Board", "Warns",
     "Ferry Fares Will Rise"),
    ("Dockers Insist Pay Offer Is Too Low", BODY, "Dockers", "Insist",
     "Pay Offer Is Too Low"),
    ("Exclusive: Mayor Vows To Rebuild The Old Pier", MAYOR_BODY, "Lena Ortiz", "Vows",
     "To Rebuild The Old Pier"),
    # a trailing cue: the words before the comma are the content
    ("Fares Will Rise Next Year, Port Authority Says", BODY, "Port Authority", "Says",
     "Fares Will Rise Next Year"),
    # a surname: the body's one full name with it
    ("Ruiz Warns Exports Could Fall", BODY, "Ana Ruiz", "Warns", "Exports Could Fall"),
    # a bare title: the one person the body introduces with it
    ("Minister Says Exports Will Double", BODY, "Ana Ruiz", "Says", "Exports Will Double"),
    # two people with that title (or none): no attribution, a bare "Minister" is nobody
    ("Minister Says Exports Will Double", TWO_MINISTERS, None, "Says", None),
    ("Minister Says Fuel Prices Will Fall", BODY.replace("Trade minister", "Economist"),
     None, "Says", None),
]


@pytest.mark.parametrize(("headline", "body", "source", "cue", "content"), TITLE_CASE)
def test_title_case_headline(nlp, headline, body, source, cue, content):
    doc = nlp(headline + body)
    cue_tok = next(t for t in doc if t.text == cue)
    misparsed = cue_tok.pos_ != "VERB" or cue_tok.dep_ in ("compound", "npadvmod") or (
        cue_tok.text == "Says")  # "Says" parses well but the name beside it does not
    assert misparsed, "the model now parses this headline; pick another"
    in_headline = [f for f in found(nlp, headline + body) if f[1] == cue]
    expected = [] if source is None else [(source, cue, "headline_cue", content)]
    assert in_headline == expected


@pytest.mark.parametrize("headline", [
    "Harbour Rules Face New Review",  # "Rules" is the subject noun: a verb follows
    "Why Voters Say Fares Are Too High",  # a question about a report
    "A Curious Plan To Save The Old Pier",  # "Plan" after an adjective, not a plural
    "Ferry Crew Defends Itself Against Claims Of Delay",  # a clause before the cue word
])
def test_title_case_headline_rule_reads_no_report_there(nlp, headline):
    doc = nlp(headline + BODY)
    assert [a for a in doc._.ct_attributions if a["rule"] == "headline_cue"] == []


def test_sentence_case_headline_title_goes_to_the_body_name(nlp):
    doc = nlp("Minister says exports will double" + BODY)
    first = doc._.ct_attributions[0]
    assert (first["source"]["name"], first["source"]["kind"], first["rule"]) == (
        "Ana Ruiz", "person", "clausal")
    assert first["source_text"] == "Minister"  # the words written stay the mention
    # two ministers in the body: no attribution rather than the source "Minister"
    assert found(nlp, "Minister says exports will double" + TWO_MINISTERS) == []


def test_a_title_case_line_in_the_body_is_read_by_the_parse(nlp):
    # only the first paragraph is a headline: later lines go through the verb rules
    doc = nlp("Exports rose in May.\n\nHarbour Board Warns Ferry Fares Will Rise")
    assert all(a["rule"] != "headline_cue" for a in doc._.ct_attributions)


def test_as_put_it_brings_its_own_cue_lemma(nlp):
    # the verb prefilter takes "put" from the rule itself, not from another rule's list
    import dataclasses

    from claimtrack.nlp.attribution.lexicon import lexicon
    from claimtrack.nlp.attribution.pattern_rules import PatternSet

    lex = lexicon()
    without_put = dataclasses.replace(
        lex, value_verbs={k: v for k, v in lex.value_verbs.items() if k != "put"})
    assert "put" not in without_put.verb_cue_lemmas
    assert "put" in PatternSet(nlp.vocab, without_put).verb_lemmas
