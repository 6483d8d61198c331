"""Attribution engine: who said what, on real spaCy parses of news-style sentences."""

import pytest

from claimtrack.nlp.attribution import find_quotes, paragraph_bounds

# sentence, source name, kind, cue (its first occurrence is the cue span)
PATTERNS = [
    ("Australian academic Michael Clarke argues that these connections have been "
     "exaggerated by Beijing.", "Michael Clarke", "person", "argues"),
    ("According to Human Rights Watch, more than a million people are being held in the "
     "camps.", "Human Rights Watch", "organization", "According to"),
    ("“We will never let anyone damage our friendship,” Wang Yi said.",
     "Wang Yi", "person", "said"),
    ("Officials said the bridge would reopen next week.", "Officials", "group", "said"),
    ("Nicholas Bequelin, the East Asia director at Amnesty International, told reporters "
     "that the policy was unlawful.", "Nicholas Bequelin", "person", "told"),
    ("As Rico Isaacs, a lecturer at Oxford Brookes University, argues, the president's "
     "legitimacy is rooted in his charisma.", "Rico Isaacs", "person", "argues"),
    ("A recent report by two journalists for The Guardian highlighted several cases of "
     "detained activists.", "The Guardian", "publication", "highlighted"),
    ("The company's shares fell sharply after the announcement, the Financial Times "
     "reported.", "Financial Times", "publication", "reported"),
    ("Critics argue that the plan will raise prices for consumers.", "Critics", "group",
     "argue"),
    ("The Kremlin denied that its forces had crossed the border.", "Kremlin", "government",
     "denied"),
    ("Senator Elizabeth Warren tweeted that the bill was a giveaway to the banks.",
     "Elizabeth Warren", "person", "tweeted"),
    ("The economy, analysts say, is heading for a slowdown.", "analysts", "group", "say"),
    ("Maria Lopez, a spokeswoman for the ministry, was quoted as saying that the decision "
     "was final.", "Maria Lopez", "person", "saying"),
    ("One local lawyer, Daniyar Abenov, aired concerns about the independence of the "
     "courts.", "Daniyar Abenov", "person", "aired concerns"),
    ("Former detainees have reported beatings and sleep deprivation in the facilities.",
     "Former detainees", "group", "reported"),
    ("Nicholas Bequelin spoke to the BBC last week about how the rhetoric is useful to the "
     "state.", "Nicholas Bequelin", "person", "spoke"),
    ("The ruling party's candidate, some argued, was chosen months before the vote.",
     "some", "group", "argued"),
]

PATTERNS += [
    ("“Nobody here trusts the new rules anymore.” ― Maria Santos", "Maria Santos", "person",
     "―"),
    ("The mayor said: the bridge will reopen in May after repairs.", "The mayor", "group",
     "said"),
    ("Prices will rise sharply next year, according to the central bank.",
     "the central bank", "group", "according to"),
    ("Opposition leader Anna Berg, who was jailed in 2019, said the vote had been rigged.",
     "Anna Berg", "person", "said"),
    ("“We were wrong not to confront him from the beginning,” Ramos, 58, told AFP in an "
     "interview.", "Ramos", "person", "told"),
]

NEGATIVES = [
    "The government announced snap elections for June.",  # an action, not a report
    "The said agreement was signed in 2010.",  # "said" as an adjective
    "Bilash was warned several times against continuing his work.",  # X was warned
    "Trade between the two countries has grown steadily since 2016.",
    "It is safe to say that the relationship will continue.",  # the author's voice
    "Such efforts are argued to be a band-aid solution at best.",  # passive, no speaker
    "She spoke openly about the camps during her trial.",  # speech verb, no report
    "No matter what anyone says, the deadline will not move.",
]


def assert_offsets(doc, attribution):
    text = doc.text
    assert text[attribution["cue_start"] : attribution["cue_end"]] == attribution["cue"]
    if attribution["source_start"] is not None:
        assert (text[attribution["source_start"] : attribution["source_end"]]
                == attribution["source_text"])
    assert 0 <= attribution["content_start"] < attribution["content_end"] <= len(text)


@pytest.mark.parametrize(("sentence", "name", "kind", "cue"), PATTERNS,
                         ids=[p[3] + ":" + p[1] for p in PATTERNS])
def test_pattern(nlp, sentence, name, kind, cue):
    doc = nlp(sentence)
    found = [a for a in doc._.ct_attributions if a["source"]["name"] == name]
    assert len(found) == 1, doc._.ct_attributions
    attribution = found[0]
    assert attribution["source"]["kind"] == kind
    assert attribution["cue"] == cue
    assert attribution["cue_start"] == sentence.index(cue)
    assert attribution["cue_end"] == sentence.index(cue) + len(cue)
    assert_offsets(doc, attribution)
    # the claim (the sentence) carries the attribution
    assert doc._.ct_claims[0]["attributions"] == [doc._.ct_attributions.index(attribution)]


@pytest.mark.parametrize("sentence", NEGATIVES)
def test_negative(nlp, sentence):
    assert nlp(sentence)._.ct_attributions == []


def test_according_to_has_its_own_mode(nlp):
    doc = nlp("According to the census bureau, the city grew by 12,000 people last year.")
    (attribution,) = doc._.ct_attributions
    assert attribution["mode"] == "according_to"
    assert doc.text[attribution["cue_start"]:attribution["cue_end"]] == "According to"


def test_content_excludes_cue_and_complementizer(nlp):
    doc = nlp("Critics argue that the plan will raise prices for consumers.")
    (attribution,) = doc._.ct_attributions
    content = doc.text[attribution["content_start"] : attribution["content_end"]]
    assert content == "the plan will raise prices for consumers"
    assert attribution["mode"] == "indirect"


def test_appositive_description_and_affiliation(nlp):
    doc = nlp("Nicholas Bequelin, the East Asia director at Amnesty International, told "
              "reporters that the policy was unlawful.")
    source = doc._.ct_attributions[0]["source"]
    assert source["description"] == "East Asia director at Amnesty International"
    assert source["affiliation"] == "Amnesty International"
    doc = nlp("Australian academic Michael Clarke argues that the threat is exaggerated.")
    source = doc._.ct_attributions[0]["source"]
    assert source["description"] == "Australian academic"
    assert doc._.ct_attributions[0]["source_text"] == "Australian academic Michael Clarke"


def test_surname_resolves_to_full_name(nlp):
    doc = nlp("Michael Clarke is a professor in Canberra. Clarke said the figures were "
              "exaggerated.")
    (attribution,) = doc._.ct_attributions
    assert attribution["source"]["name"] == "Michael Clarke"
    assert attribution["source_text"] == "Clarke"
    assert "Clarke" in attribution["source"]["aliases"]


def test_pronoun_resolves_to_nearest_person(nlp):
    doc = nlp("Michael Clarke studies the region. He said the figures were exaggerated.")
    (attribution,) = doc._.ct_attributions
    assert attribution["source"]["name"] == "Michael Clarke"
    assert attribution["source_text"] == "He"
    assert attribution["source"]["kind"] == "person"


def test_title_resolves_to_the_person_introduced_with_it(nlp):
    doc = nlp("Foreign Minister Wang Yi met his counterpart on Monday. The minister said that "
              "the talks had been productive.")
    (attribution,) = doc._.ct_attributions
    assert attribution["source"]["name"] == "Wang Yi"
    assert attribution["source_text"] == "The minister"


def test_misspelt_surname_uses_the_entity_canonical_name(nlp):
    doc = nlp("Nursultan Nazarbayev resigned in March. Nazrabayev said he would stay on as "
              "party leader.")
    (attribution,) = doc._.ct_attributions
    assert attribution["source"]["name"] == "Nursultan Nazarbayev"
    assert attribution["source"]["aliases"] == ["Nazrabayev"]


def test_relative_who_speaker(nlp):
    doc = nlp("Obama has had a frosty relationship with Mitch McConnell, who in 2010 said the "
              "goal was to make Obama a one-term president.")
    found = [a for a in doc._.ct_attributions if a["cue"] == "said"]
    assert found and found[0]["source"]["name"] == "Mitch McConnell"
    assert found[0]["source_text"] == "who"


def test_shared_surname_is_not_merged(nlp):
    doc = nlp("Hillary Clinton and Bill Clinton attended the dinner. Clinton said the "
              "evening was a success.")
    (attribution,) = doc._.ct_attributions
    assert attribution["source"]["name"] == "Clinton"


def test_possessive_group_names_the_person(nlp):
    doc = nlp("Serikzhan Bilash was arrested in February. His supporters argue that the "
              "video was taken out of context.")
    (attribution,) = doc._.ct_attributions
    assert attribution["source"]["name"] == "Bilash’s supporters"
    assert attribution["source"]["kind"] == "group"
    assert attribution["source_text"] == "His supporters"


def test_descriptive_group_resolves_to_organization(nlp):
    doc = nlp("Amnesty International published its findings on Monday. The group said that "
              "hundreds of people had disappeared.")
    (attribution,) = doc._.ct_attributions
    assert attribution["source"]["name"] == "Amnesty International"
    assert attribution["source"]["kind"] == "organization"


def test_they_say_parenthetical_resolves_to_previous_group(nlp):
    doc = nlp("Serikzhan Bilash was arrested in February. His supporters argue that the "
              "video was taken out of context. Bilash, they say, was referring to hard work.")
    names = [(a["source"]["name"], a["cue"]) for a in doc._.ct_attributions]
    assert names == [("Bilash’s supporters", "argue"), ("Bilash’s supporters", "say")]
    last = doc._.ct_attributions[-1]
    assert doc._.ct_claims[-1]["attributions"] == [len(doc._.ct_attributions) - 1]
    assert last["source_text"] == "they"


def test_quote_continues_after_the_cue(nlp):
    text = "“The plan is dead,” John Smith said. “Nobody in the party will vote for it. " \
           "We have moved on.”"
    doc = nlp(text)
    modes = [(a["source"]["name"], a["mode"]) for a in doc._.ct_attributions]
    assert modes == [("John Smith", "direct"), ("John Smith", "carryover")]
    carry = doc._.ct_attributions[1]
    # the carry-over keeps the speaker's mention, with a lower confidence
    assert carry["source_text"] == "John Smith" and carry["confidence"] < 0.7
    assert carry["cue"] == "said" and carry["cue_start"] == text.index("said")
    # every sentence of the two quotes is a claim of John Smith
    assert all(claim["attributions"] for claim in doc._.ct_claims)


def test_quote_continues_into_next_paragraph(nlp):
    text = ("“The first thing is simple,” said Jane Doe, a senior analyst at the Brookings "
            "Institution. “Prices will rise.\n\n“And wages will not keep up with them.”\n\n"
            "The central bank meets next week.")
    doc = nlp(text)
    claims = {c["text"]: c["attributions"] for c in doc._.ct_claims}
    second = doc._.ct_attributions[claims["“And wages will not keep up with them.”"][0]]
    assert second["source"]["name"] == "Jane Doe"
    assert second["mode"] == "carryover"
    assert claims["The central bank meets next week."] == []


def test_multi_sentence_quote_before_cue(nlp):
    text = ("“Republicans want a photo op. They want a campaign commercial,” said "
            "Representative Anna Reyes.")
    doc = nlp(text)
    (attribution,) = doc._.ct_attributions
    assert attribution["source"]["name"] == "Anna Reyes"
    assert attribution["mode"] == "direct"
    assert attribution["content_start"] == 0
    assert all(claim["attributions"] == [0] for claim in doc._.ct_claims)


def test_quote_spans_straight_curly_and_typewriter():
    text = ('He said "one two three" and “four five”.\n\nShe wrote “six seven\n\n'
            "''Don't fall,'' he said.")
    quotes = find_quotes(text, paragraph_bounds(text))
    assert [(text[q.start : q.end], q.closed) for q in quotes] == [
        ('"one two three"', True), ("“four five”", True), ("“six seven", False),
        ("''Don't fall,''", True)]


def test_components_store_plain_data(nlp):
    doc = nlp("Officials said the bridge would reopen next week.")
    attribution = doc._.ct_attributions[0]
    assert set(attribution) == {
        "source", "source_text", "source_start", "source_end", "cue", "cue_start", "cue_end",
        "mode", "confidence", "content_start", "content_end"}
    assert set(attribution["source"]) == {"name", "kind", "description", "affiliation",
                                          "aliases"}



SEED_EXPECTED = [
    ("Human Rights Watch", "organization", "According to"),
    ("leaders in both China and Kazakhstan", "group", "According to"),
    ("Aidan Karibzhanov", "person", "aired concerns"),
    ("Former prisoners of the Xinjiang camps", "group", "reported"),
    ("Michael Clarke", "person", "argues"),
    ("Nicholas Bequelin", "person", "spoke"),
    ("Foreign Policy", "publication", "highlighted"),
    ("Sairagul Sauytbay", "person", "said"),
    ("Bilash’s supporters", "group", "argue"),
    ("Bilash’s supporters", "group", "say"),
    ("the Kazakh prosecution", "group", "arguing"),
    ("Wang Yi", "person", "thanking"),
    ("Wang Yi", "person", "added"),
    ("Rico Isaacs", "person", "argues"),
    ("some", "group", "viewed"),
]

# sentences in the author's own voice: no attribution may reach them
SEED_AUTHOR_SENTENCES = [
    "Kazakhstan and China have developed strong economic and political ties",
    "It’s safe to say that working with China",
    "In early April, Tokayev announced snap presidential elections",
    "Ata Zhurt founder Serikzhan Bilash was warned several times",
    "Bilash’s arrest shows just how inconvenient",
    "Neither Tokayev nor Nazarbayeva has the kind of track record",
    "She feared persecution or worse",
    "China’s internment program in Xinjiang has captured headlines",
]


@pytest.fixture(scope="module")
def seed_doc(nlp, seed_body):
    return nlp(seed_body)


def test_seed_expected_sources(seed_doc):
    found = [(a["source"]["name"], a["source"]["kind"], a["cue"])
             for a in seed_doc._.ct_attributions]
    for expected in SEED_EXPECTED:
        assert expected in found
    for a in seed_doc._.ct_attributions:
        assert_offsets(seed_doc, a)


def test_seed_details(seed_doc):
    by_name = {a["source"]["name"]: a for a in seed_doc._.ct_attributions}
    assert by_name["Michael Clarke"]["source"]["description"] == "Australian academic"
    assert by_name["Nicholas Bequelin"]["source"]["affiliation"] == "Amnesty International"
    assert by_name["Rico Isaacs"]["source"]["affiliation"] == "Oxford Brookes University"
    assert "Reid Standish" in by_name["Foreign Policy"]["source"]["description"]
    wang = [a for a in seed_doc._.ct_attributions if a["cue"] == "added"][0]
    assert wang["source_text"] == "Wang" and wang["mode"] == "direct"


def test_seed_author_sentences_unattributed(seed_doc):
    for claim in seed_doc._.ct_claims:
        if any(claim["text"].startswith(s) for s in SEED_AUTHOR_SENTENCES):
            assert claim["attributions"] == [], claim["text"]
