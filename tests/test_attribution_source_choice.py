"""Which source a cue gets when a sentence holds several clauses or names: the speaker of
a trailing participle, a dateline that is no speaker, a relative pronoun's antecedent,
and the guards for speech that is only asked about or wished for (docs/attribution.md,
"Choosing the source"). Fresh sentences asserting source, cue, rule id and content."""

import pytest


def found(nlp, text):
    doc = nlp(text)
    return [(a["source"]["name"], a["cue"], a["rule"],
             doc.text[a["content_start"]:a["content_end"]]) for a in doc._.ct_attributions]


# (text, source, cue, rule, content)
CHOSEN = [
    # a trailing participle speaks for the main clause, not for the reported clause the
    # parser hung it on, nor for a name inside the quotation
    ('The harbour master told reporters that the repairs were "far behind schedule," adding '
     "that the ferry would not sail before June.",
     "The harbour master", "adding", "clausal", "the ferry would not sail before June"),
    ("The city council approved the plan on Tuesday, conceding that the old library had been "
     "neglected for years.",
     "The city council", "conceding", "clausal",
     "the old library had been neglected for years"),
    # a closing report verb right before the participle: its subject speaks on
    ("The bill cannot pass the Senate this year, the majority leader admitted on Friday, "
     "saying it lacked eleven votes.",
     "the majority leader", "saying", "clausal", "it lacked eleven votes"),
    # ... unless the main clause's subject is a thing, not a speaker
    ("The second protest came at the county fair, when angry farmers blocked the gate, "
     "shouting that the new levy would ruin them.",
     "angry farmers", "shouting", "clausal", "the new levy would ruin them"),
    # an inverted cue closing the sentence: its speaker relays the report before it
    ("The port authority warned that the strike would delay winter fuel deliveries, reported "
     "the Coastal Tribune.",
     "Coastal Tribune", "reported", "closing_inverted",
     "The port authority warned that the strike would delay winter fuel deliveries"),
    # a dateline is not the subject, whatever the parse made of it
    ("DENVER, March 3 (Reuters) — Former state treasurer Alma Ruiz told lawmakers on Monday "
     "that the pension fund would run dry by 2031.",
     "Alma Ruiz", "told", "clausal", "the pension fund would run dry by 2031"),
    # a relative pronoun after a predicate noun: the shared subject of the conjoined verbs
    ("Ortega runs a bakery and is a tireless campaigner who has repeatedly vowed to close the "
     "incinerator.",
     "Ortega", "vowed", "xcomp", "to close the incinerator"),
    # perception verbs report what was said
    ("Several diners watched the chef insist that the kitchen had passed its inspection.",
     "the chef", "insist", "clausal", "the kitchen had passed its inspection"),
    # caused speech happened: a report
    ("The repeated delays have caused many tenants to complain that the landlord ignores "
     "them.", "many tenants", "complain", "clausal", "the landlord ignores them"),
    # a plain conditional stays a report (PolNeAR annotates them)
    ("If the governor argued that the tax was fair, she did not persuade the farmers.",
     "the governor", "argued", "clausal", "the tax was fair"),
]


@pytest.mark.parametrize(("text", "source", "cue", "rule", "content"), CHOSEN)
def test_source_chosen(nlp, text, source, cue, rule, content):
    assert (source, cue, rule, content) in found(nlp, text)


def test_a_participle_after_a_quotation_is_never_the_quoted_name(nlp):
    # the participle hangs on a verb inside the quotation: its subject there is not the
    # speaker; whichever attribution carries "adding ...", its source is Brightwater
    text = ('In a statement, the bakery chain Brightwater said: "Northgate Mills was the most '
            'profitable mill in the region when we bought it nearly ten years ago," adding '
            "that its sales fell by half in less than a year.")
    links = found(nlp, text)
    assert {s for s, _, _, _ in links} == {"Brightwater"}
    assert any("its sales fell by half" in content for _, _, _, content in links)


# (text, cue that makes no attribution, names that are never a source)
NOT_A_REPORT = [
    # an indirect question: asked about, not reported
    ("Asked if she thought the bridge was safe, the engineer laughed.", "thought",
     {"the engineer", "she"}),
    ("The mayor asked residents if they planned to attend the meeting.", "planned",
     {"residents", "they"}),
    ("It is still unclear whether the minister knew that the contract was void.", "knew",
     {"the minister"}),
    # wished, allowed or caused speech: the subject of the infinitive does not speak
    ("The coach wants his players to believe that the title is still within reach.",
     "believe", {"his players"}),
    ("Voters should not let pundits tell them that the race is over.", "tell",
     {"pundits"}),
    ("The best outcome would be for the regulator to reject the merger outright.", "reject",
     {"the regulator"}),
    # ... nor does a report inside the question or the wish
    ("The reporter asked whether the mayor thought that the council had argued the levy "
     "was illegal.", "argued", {"the council", "the mayor"}),
    ("The landlords let tenants believe that inspectors had declared the flats safe.",
     "declared", {"inspectors", "tenants"}),
]


@pytest.mark.parametrize(("text", "cue", "not_sources"), NOT_A_REPORT)
def test_no_report(nlp, text, cue, not_sources):
    links = found(nlp, text)
    assert all(c != cue for _, c, _, _ in links), links
    assert not {s for s, _, _, _ in links} & not_sources


def test_the_closing_report_takes_the_claim_from_the_report_it_relays(nlp):
    text = ("The port authority warned that the strike would delay winter fuel deliveries, "
            "reported the Coastal Tribune.")
    assert [s for s, _, _, _ in found(nlp, text)] == ["Coastal Tribune"]


@pytest.mark.parametrize("text", [
    "The ferry will not sail on Monday, the captain told reporters.",  # subject before it
    "The ferry will not sail on Monday, said the harbour master.",  # parsed as the subject
])
def test_closing_cue_with_its_own_subject_is_not_inverted(nlp, text):
    assert all(r != "closing_inverted" for _, _, r, _ in found(nlp, text))


def test_a_relative_clause_inside_a_question_is_still_reported(nlp):
    # the relative clause is the author's own statement: the auditors did say it
    text = ("It is still unclear whether the new levy, which auditors say is illegal, will "
            "be repealed.")
    assert ("auditors", "say", "clausal", "which auditors say is illegal") in [
        (s, c, r, content) for s, c, r, content in found(nlp, text)]


def test_a_dateline_alone_is_no_source(nlp):
    # the parser makes the dateline the subject and finds no other: no attribution at all
    text = "OSLO (AP) — Announced Tuesday that the fjord ferry will stop running in winter."
    assert all(s.upper() != "OSLO" for s, _, _, _ in found(nlp, text))


# "its" before a speaker or a document: the organisation it refers to, never "Its"
ITS = [
    ("The Harbour Trust raised mooring fees on Tuesday. Its latest annual report shows "
     "visitor numbers falling by a third.",
     "Harbour Trust", "latest annual report"),
    ("The Harbour Trust raised mooring fees on Tuesday. Its chairman said the fees had not "
     "risen for a decade.",
     "Harbour Trust’s chairman", None),
]


@pytest.mark.parametrize(("text", "name", "description"), ITS)
def test_its_names_the_organisation(nlp, text, name, description):
    doc = nlp(text)
    assert [(a["source"]["name"], a["source"]["description"], a["rule"])
            for a in doc._.ct_attributions] == [(name, description, "clausal")]


# a participle on the addressee of a sent message: the sender speaks, the addressee reads
SENT = [
    ("The council sent a letter to residents saying the water was safe to drink.",
     [("The council", "saying")]),
    ("The mayor wrote to residents saying the water was safe to drink again.",
     [("The mayor", "saying")]),
    # not a sending verb: the residents are the ones who fear
    ("The mayor spoke to residents fearing the water was unsafe to drink.",
     [("residents", "fearing")]),
]


@pytest.mark.parametrize(("text", "expected"), SENT)
def test_the_sender_speaks(nlp, text, expected):
    doc = nlp(text)
    assert [(a["source"]["name"], a["cue"]) for a in doc._.ct_attributions] == expected


# (text, name, kind, description, affiliation): whom a spokesperson speaks for, who
# published a document
SPOKEN_FOR = [
    ("A spokeswoman for the Harbour Trust said the ferry would run again next week.",
     "spokeswoman for the Harbour Trust", "group", None, "Harbour Trust"),
    ("Acme Corp's spokesperson said the job cuts were final and would not be reversed.",
     "Acme Corp's spokesperson", "group", None, "Acme Corp"),
    ("The figures, released by the Office for National Statistics on Wednesday, show that "
     "unemployment rose to 4.2 percent.",
     "Office for National Statistics", "organization", "figures", None),
]


@pytest.mark.parametrize(("text", "name", "kind", "description", "affiliation"), SPOKEN_FOR)
def test_who_a_source_speaks_for(nlp, text, name, kind, description, affiliation):
    doc = nlp(text)
    assert [(a["source"]["name"], a["source"]["kind"], a["source"]["description"],
             a["source"]["affiliation"]) for a in doc._.ct_attributions] == [
        (name, kind, description, affiliation)]


def test_an_inverted_name_hung_on_a_participle_speaks(nlp):
    # doubled marks (as some papers type quotations) and the name the parser hung on the
    # participle after it
    text = "''I am better with my hands than with my brain,'' said Robin Maynard, half joking."
    assert found(nlp, text) == [("Robin Maynard", "said", "inverted_quote",
                                 "''I am better with my hands than with my brain,''")]


def test_the_medium_is_no_part_of_the_source(nlp):
    text = "“The bridge must close,” said the mayor's office in a statement on Friday."
    doc = nlp(text)
    assert [(a["source"]["name"], text[a["source_start"]:a["source_end"]])
            for a in doc._.ct_attributions] == [("the mayor's office", "the mayor's office")]


def sourced(nlp, text):
    doc = nlp(text)
    return [(a["source"]["name"], a["source"]["kind"], text[a["source_start"]:a["source_end"]])
            for a in doc._.ct_attributions]


def test_the_ministry_and_the_group_refer_to_bodies_of_their_kind(nlp):
    text = ("Water allowances will fall by a quarter, the environment ministry said on "
            "Tuesday. According to the national statistics institute, farming employs 7% of "
            "workers in the region. Hotels use little water, the ministry said. Zero, an "
            "environmental association, said golf courses used more. The group called for a "
            "tax on large private consumers.")
    assert sourced(nlp, text) == [
        # a phrase with a word of its own names itself: not the ORG before it
        ("the environment ministry", "government", "the environment ministry"),
        ("national statistics institute", "organization", "the national statistics institute"),
        # "the ministry" is a ministry named before, never the institute in between
        ("the environment ministry", "government", "the ministry"),
        # described as an association: a body, whatever the model made of "Zero"
        ("Zero", "organization", "Zero, an environmental association"),
        ("Zero", "organization", "The group"),
    ]


def test_two_people_sharing_a_surname(nlp):
    text = ("The leader of the city council, James Lewis, was more cautious. Lewis said he "
            "still expected the funding.\n\nCouncillor Andrew Lewis, who is no relation, said "
            "the scheme was a vanity project. Lewis added that buses had been cut.")
    assert [(n, s) for n, _, s in sourced(nlp, text)] == [
        ("James Lewis", "Lewis"),
        ("Andrew Lewis", "Councillor Andrew Lewis, who is no relation"),
        ("Andrew Lewis", "Lewis")]


def test_a_title_of_a_place_before_a_name_is_no_part_of_it(nlp):
    text = ("The Mayor of West Yorkshire Tracy Brabin said the tram was vital. Brabin said "
            "ministers had given her no guarantee.")
    assert [n for n, _, _ in sourced(nlp, text)] == ["Tracy Brabin", "Tracy Brabin"]
# a message sent with no sender named: nobody speaks, least of all its readers
def test_a_passive_sending_verb_gives_the_readers_no_words(nlp):
    doc = nlp("A letter was sent to residents saying the tap water was safe to drink.")
    assert all(a["source"]["name"] != "residents" for a in doc._.ct_attributions)


def test_a_passive_sending_verb_with_its_agent(nlp):
    doc = nlp("A letter was sent by the council to residents saying the tap water was safe.")
    assert [(a["source"]["name"], a["cue"], a["rule"]) for a in doc._.ct_attributions] == [
        ("the council", "saying", "clausal")]


# only an agent who made or published a document speaks for it: one who disputed,
# funded or saw it does not ("Figures disputed by the opposition show ..." is the
# figures', never the opposition's claim)
NOT_THE_AGENTS = [
    ("Figures disputed by the Labour Party show that hospital waiting times fell.",
     "show", "Labour Party"),
    ("A study funded by Exxon found that methane leaks were overstated.",
     "found", "Exxon"),
    ("Emails seen by Reuters show that the harbour board was warned twice.",
     "show", "Reuters"),
]


@pytest.mark.parametrize(("text", "cue", "agent"), NOT_THE_AGENTS)
def test_a_document_is_not_its_critics(nlp, text, cue, agent):
    doc = nlp(text)
    got = [(a["source"]["name"], a["source"]["kind"], a["cue"], a["rule"])
           for a in doc._.ct_attributions]
    assert len(got) == 1 and got[0][1:] == ("document", cue, "clausal")
    assert got[0][0] != agent


# its critics, fans and former staff speak for no body: no affiliation to meet under
NO_AFFILIATION = [
    ("Critics of the Federal Reserve said interest rates had stayed low for too long.",
     "Critics of the Federal Reserve"),
    ("A supporter of Senator Dana Lee said the senator would win the primary easily.",
     "supporter of Senator Dana Lee"),
    # a title and a name after "of" are the critic's target, never the speaker
    ("A critic of Senator Dana Lee said the new bill was dead on arrival in the Senate.",
     "critic of Senator Dana Lee"),
    ("A former employee of Acme Corp said the night shifts had been dangerous for years.",
     "former employee of Acme Corp"),
]


@pytest.mark.parametrize(("text", "name"), NO_AFFILIATION)
def test_an_outsider_has_no_affiliation(nlp, text, name):
    doc = nlp(text)
    assert [(a["source"]["name"], a["source"]["affiliation"], a["cue"], a["rule"])
            for a in doc._.ct_attributions] == [(name, None, "said", "clausal")]


def test_an_analyst_keeps_the_firm(nlp):
    doc = nlp("An analyst at Goldman Sachs said oil prices would fall by the summer.")
    assert [(a["source"]["affiliation"], a["rule"]) for a in doc._.ct_attributions] == [
        ("Goldman Sachs", "clausal")]


def test_an_honorific_is_no_part_of_the_name(nlp):
    text = ("Councillor Priya Shah told a meeting that the decision had been reversed. Cllr "
            "Shah said the library would share its building with a health centre.")
    assert found(nlp, text) == [
        # the clause the parser hung on the hearer ("a meeting") is what she told
        ("Priya Shah", "told", "medium_clause", "the decision had been reversed"),
        ("Priya Shah", "said", "clausal",
         "the library would share its building with a health centre")]


def test_a_given_name_the_model_left_out_is_part_of_the_name(nlp):
    text = ("Writing in the Harbour Gazette, Polly Fenwick argues that the strike was "
            "misjudged. Fenwick added that talks were needed.")
    assert [(n, s) for n, _, s in sourced(nlp, text)] == [
        ("Polly Fenwick", "Polly Fenwick"), ("Polly Fenwick", "Fenwick")]


def test_a_transcript_label_resolves_to_an_honoured_name(nlp):
    # "Dame" is an honorific, no part of the name the "EVANS:" turns resolve to
    text = ("An interview with Dame Judith Evans\n\nDame Judith Evans was the chief nurse "
            "for nine years.\n\nHOST: Is anyone listening?\n\nEVANS: More people are "
            "listening than ten years ago, certainly.")
    doc = nlp(text)
    assert {a["source"]["name"] for a in doc._.ct_attributions
            if "listening than" in text[a["content_start"]:a["content_end"]]} == {
        "Judith Evans"}
