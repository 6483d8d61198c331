"""Claims: sentence segmentation, kinds, hedging and check-worthiness."""

import pytest

from claimtrack.nlp import attribution
from claimtrack.nlp.claims import CueCandidates, links
from claimtrack.text import find_quotes, paragraph_spans
from conftest import annotate


def claims(nlp, text):
    found = annotate(nlp, text, "ct_claims")
    for claim in found:
        assert 0.0 <= claim["checkworthiness"] <= 1.0
        assert claim["checkworthiness_reason"]
    return found


def one(nlp, text):
    found = claims(nlp, text)
    assert len(found) == 1, [c["text"] for c in found]
    return found[0]


@pytest.fixture(scope="module")
def seed_claims(nlp, seed_body):
    return claims(nlp, seed_body)


def find(found, fragment):
    return next(c for c in found if fragment in c["text"])


# ---------------------------------------------------------------- links


def test_links_overlap_rule():
    assert links(0, 10, 0, 100)  # contained
    assert links(90, 120, 0, 100) is False  # 10 of 30 overlap
    assert links(80, 120, 0, 100)  # 20 of 40
    assert links(100, 120, 0, 100) is False  # touching only


# ---------------------------------------------------------------- segmentation


def test_sentences_never_cross_paragraphs(nlp):
    found = claims(nlp, "Talks resumed in May.\n\nConclusion\n\n"
                        "The detention of Kazakhs became a problem in 2018.")
    assert [c["text"] for c in found] == [
        "Talks resumed in May.", "Conclusion",
        "The detention of Kazakhs became a problem in 2018."]
    assert [c["paragraph"] for c in found] == [0, 1, 2]
    assert found[1]["checkworthiness"] < found[2]["checkworthiness"]


@pytest.mark.parametrize("text, expected", [
    # a headline with no final stop: the next paragraph's first sentence stays whole
    ("The Diplomat\n\nKazakhstan and China have developed strong ties.",
     ["Kazakhstan and China have developed strong ties."]),
    ("Harbour Town's Water Question\n\nResidents and the council disagree about the "
     "new reservoir.", ["Residents and the council disagree about the new reservoir."]),
    # a headline with a verb is a claim of its own, never glued to the first sentence
    ("Minister says exports will double\n\nThe trade minister spoke on Tuesday.",
     ["Minister says exports will double", "The trade minister spoke on Tuesday."]),
    ("Exports rise for a third month\n\nShipments grew by 4 percent.",
     ["Exports rise for a third month", "Shipments grew by 4 percent."]),
])
def test_headline_paragraph(nlp, text, expected):
    """The first paragraph is the headline (cleaning puts it there): with no verb it names
    a topic and makes no claim; a paragraph break always ends a sentence."""
    assert [c["text"] for c in claims(nlp, text)] == expected


def test_verbless_paragraph_is_a_claim_after_the_first(nlp):
    text = "Officials met on Monday.\n\nNo deal.\n\nThey meet again in June."
    assert [c["text"] for c in claims(nlp, text)] == [
        "Officials met on Monday.", "No deal.", "They meet again in June."]


def test_no_split_inside_short_parenthesis(nlp):
    found = claims(nlp, "The group (founded in 2017. It grew fast) was big. It then closed.")
    assert [c["text"] for c in found] == [
        "The group (founded in 2017. It grew fast) was big.", "It then closed."]


def test_no_sentence_of_a_lone_quote_mark(nlp):
    found = claims(nlp, 'He said "this is it." Then he left.\n\n"Really?" she asked.')
    assert all(c["text"] not in {'"', "”", ")"} for c in found)
    assert found[0]["text"] == 'He said "this is it."'
    assert found[-1]["paragraph"] == 1


def test_typewriter_quotes_do_not_split_sentences(nlp):
    found = claims(nlp, "''This isn't tax reform,'' said Douglas Holtz-Eakin, an economist.")
    assert len(found) == 1
    assert found[0]["kind"] == "quote"


def test_typewriter_opening_backquotes(nlp):
    found = claims(nlp, "``We are not going to raise taxes on the middle class,'' said "
                        "Senator Ruth Adler, a Democrat.")
    assert len(found) == 1
    assert found[0]["kind"] == "quote" and found[0]["attributions"] == [0]


def test_single_line_breaks_are_paragraphs(nlp):
    found = claims(nlp, "Budget talks stalled on Monday.\nThe mayor left the meeting early.")
    assert [c["paragraph"] for c in found] == [0, 1]


def test_seq_and_offsets(nlp):
    text = "First sentence here is short.\n\nSecond paragraph starts. It goes on."
    found = claims(nlp, text)
    assert [c["seq"] for c in found] == [0, 1, 2]
    assert [c["paragraph"] for c in found] == [0, 1, 1]


# ---------------------------------------------------------------- kinds and hedging


def test_statistic(nlp):
    c = one(nlp, "Direct Chinese investment in Kazakhstan grew 6.6 percent from 2016 to 2018.")
    assert c["kind"] == "statistic"
    assert "figure" in c["checkworthiness_reason"]


def test_prediction(nlp):
    c = one(nlp, "Nazarbayev will retain significant power over Kazakhstan.")
    assert c["kind"] == "prediction"
    assert c["hedged"] is False


@pytest.mark.parametrize("text,cue", [
    ("Kazakhstan may be vulnerable to the transition.", "may"),
    ("The minister reportedly left the country in May.", "reportedly"),
    ("The power transition will arguably end once he dies.", "arguably"),
    ("Presumably, he will win the election easily.", "presumably"),
    ("The activism is likely to continue despite the arrests.", "likely"),
])
def test_hedged(nlp, text, cue):
    c = one(nlp, text)
    assert c["hedged"] is True
    assert cue in c["checkworthiness_reason"]


def test_not_hedged_month_may(nlp):
    c = one(nlp, "The minister left the country in May 2019.")
    assert c["hedged"] is False
    assert c["kind"] == "fact"


def test_opinion(nlp):
    c = one(nlp, "Growing dissatisfaction with the state is particularly dangerous.")
    assert c["kind"] == "opinion"
    c = one(nlp, "The government should release the detainees.")
    assert c["kind"] == "opinion"


def test_quote(nlp):
    c = one(nlp, "“We will never let any force damage the friendship,” Wang added.")
    assert c["kind"] == "quote"


def test_every_sentence_of_a_long_quotation_is_a_quote(nlp):
    found = claims(nlp, "“This isn't tax reform at all,” said Douglas Holtz-Eakin. “It's "
                        "anti-reform. She's layering on even more complexity.”")
    assert [c["kind"] for c in found] == ["quote", "quote", "quote"]


def test_quote_kind_rests_on_attribution_quotation_spans(nlp):
    # the second quotation is left open at the paragraph end and resumes in the next one
    doc = nlp("“We will rebuild every school in the district,” the mayor said. “And we "
              "will start this summer.\n\n“Families deserve nothing less than a safe "
              "classroom.”\n\nThe council meets on Monday.")
    found = doc._.ct_claims
    quotes = find_quotes(doc.text)
    assert [(q.closed, q.paragraph) for q in quotes] == [(True, 0), (False, 0), (True, 1)]
    assert [(c["paragraph"], c["kind"]) for c in found] == [
        (0, "quote"), (0, "quote"), (1, "quote"), (2, "fact")]
    # each quote claim holds (or lies in) one of the spans attribution used
    for claim in found[:3]:
        assert any(q.start < claim["end"] and claim["start"] < q.end for q in quotes)
        assert claim["attributions"]


def test_reporting_verbs_come_from_the_cue_lexicon(nlp):
    # an unresolvable "she" leaves no attribution: the reporting verb makes it a quote
    text = "She joked that the plan was “a bridge to nowhere, paid for twice.”"
    assert "joke" in attribution.lexicon()["clausal_verbs"]
    c = one(nlp, text)
    assert c["attributions"] == [] and c["kind"] == "quote"


def test_scare_quotes_are_not_a_quote(nlp):
    c = one(nlp, "Detainees are held in “re-education” camps in Xinjiang.")
    assert c["kind"] == "fact"
    # three quoted words with a speech verb are still a scare quote, not speech
    c = one(nlp, "Bequelin spoke last August about how “war on terror” rhetoric is useful.")
    assert c["kind"] != "quote"


def test_checkworthiness_prefers_specific_facts(nlp):
    fact = one(nlp, "Sauytbay crossed the border between China and Kazakhstan in 2018.")
    stat = one(nlp, "Kazakhstan settled a $297 million loan from China on April 11.")
    opinion = one(nlp, "Kazakhstan may be particularly vulnerable at present.")
    background = one(nlp, "Local groups were perceived as having ties with networks.")
    assert stat["checkworthiness"] > fact["checkworthiness"] > background["checkworthiness"]
    assert background["checkworthiness"] > opinion["checkworthiness"]


# ---------------------------------------------------------------- the seed


def test_seed_claims(seed_claims, seed_body):
    body = seed_body
    assert len(seed_claims) > 100
    assert seed_claims[0]["text"].startswith("Kazakhstan and China have developed")
    assert all("\n" not in c["text"] for c in seed_claims)
    assert seed_claims[-1]["paragraph"] == body.count("\n\n")
    assert seed_claims[-1]["paragraph"] == len(paragraph_spans(body)) - 1
    ranked = sorted(seed_claims, key=lambda c: -c["checkworthiness"])
    top = " ".join(c["text"] for c in ranked[:5])
    assert "$11.07 billion" in top and "more than a million" in top
    assert find(seed_claims, "6.6 percent")["kind"] == "statistic"
    assert find(seed_claims, "Kazakhstan may be particularly vulnerable")["hedged"] is True
    # Cleaning drops the "Conclusion" heading; the author's opinion ranks below a sourced figure.
    assert not any(c["text"] == "Conclusion" for c in seed_claims)
    assert (find(seed_claims, "safe to say")["checkworthiness"]
            < find(seed_claims, "more than a million")["checkworthiness"])


# Per sentence, the tokens each cue check visits: exactly those whose lower-cased form (a
# reporting verb's: lemma) is in the cue's word list, in order, and none of another sentence.
CUE_CANDIDATE_CASES = [
    ("The mayor may resign. Officials said she probably will.",
     {"hedge": [["may"], ["probably"]], "prediction": [[], ["will"]],
      "speech": [[], ["said"]]}),
    ("In May the council met. It was an absurd plan, the treasurer argued.",
     {"hedge": [["May"], []], "opinion": [[], ["absurd"]], "speech": [[], ["argued"]]}),
]


@pytest.mark.parametrize(("text", "expected"), CUE_CANDIDATE_CASES)
def test_cue_candidates_are_the_listed_words_of_each_sentence(nlp, text, expected):
    doc = nlp(text)
    candidates = CueCandidates(doc)
    sents = list(doc.sents)
    assert len(sents) == 2
    for cue, per_sentence in expected.items():
        assert [[t.text for t in candidates.tokens(cue, s)] for s in sents] == per_sentence


def test_a_dateline_split_off_is_no_claim(nlp):
    # the splitter makes "NAIROBI (Reuters) -" a sentence: where the story was filed
    doc = nlp("Grain prices rise\n\nNAIROBI (Reuters) - Maize prices in Kenya have climbed "
              "to their highest level in five years, the ministry said.")
    assert [c["text"] for c in doc._.ct_claims] == [
        "Grain prices rise",
        "Maize prices in Kenya have climbed to their highest level in five years, the "
        "ministry said."]
    # an acronym with an aside is a sentence's subject, not a dateline
    doc = nlp("NATO - the Western alliance - said on Monday it would send more ships.")
    assert len(doc._.ct_claims) == 1


def test_a_post_signature_left_alone_is_no_claim(nlp):
    doc = nlp("Commuters were angry.\n\nThe new toll will double the cost of my commute. "
              "Nobody asked us. pic.twitter.com/xyz — Maria Lopez (@marialopez) March 4, 2024")
    assert [c["text"] for c in doc._.ct_claims] == [
        "Commuters were angry.", "The new toll will double the cost of my commute.",
        "Nobody asked us."]
