"""Report verbs whose parse breaks the subject / clausal-complement shape
(parse_repair_rules.py, lost_subjects.py): fresh sentences asserting source, cue, rule id
and content, with negative rows for the guards."""

import pytest

from claimtrack.nlp.attribution.lexicon import lexicon
from claimtrack.nlp.attribution.lost_subjects import recovered_subject


def found(nlp, text):
    doc = nlp(text)
    return [(a["source"]["name"], a["cue"], a["rule"],
             doc.text[a["content_start"]:a["content_end"]]) for a in doc._.ct_attributions]


# (text, source, cue, rule, content)
SHAPES = [
    # recovered_subject: the name hung on the noun of a leading phrase, the clause, a
    # quotation after a colon, a closing cue whose speaker has a title with "of"
    ("At the briefing on Monday, Col. Ana Ruiz, a police spokesman, said the suspects "
     "had fled.", "Col. Ana Ruiz", "said", "recovered_subject", "the suspects had fled"),
    ('In a statement to the Gazette, her senior policy adviser, Jo Lee, said: "The mayor '
     'believes the bridge must be rebuilt."', "Jo Lee", "said", "recovered_subject",
     '"The mayor believes the bridge must be rebuilt."'),
    ("Despite a string of heavy defeats on Sunday night, the mayor remains committed to "
     "finishing the bridge before the winter, her chief of staff, Dana Holt, told the "
     "Harbour Gazette.", "Dana Holt", "told", "recovered_subject",
     "Despite a string of heavy defeats on Sunday night, the mayor remains committed to "
     "finishing the bridge before the winter"),
    # gerund_clause: the gerund phrase is the reported clause's subject
    ("Local farmers said seeing so many inspectors at the market was a welcome change.",
     "Local farmers", "said", "gerund_clause",
     "seeing so many inspectors at the market was a welcome change"),
    ("The mayor said having the festival in the old harbour puts the whole town on the map.",
     "The mayor", "said", "gerund_clause",
     "having the festival in the old harbour puts the whole town on the map"),
    # report_as_head: the parser made the reported clause the cue's head
    ("Instead, the mayor told reporters, the new budget would merely freeze spending.",
     "the mayor", "told", "report_as_head", "the new budget would merely freeze spending"),
    ("Instead, the governor told reporters, the new tax would only apply to large firms.",
     "the governor", "told", "report_as_head", "the new tax would only apply to large firms"),
    # closing_addressee: a closing cue with its addressee, parsed as a conjunct
    ("After months of delays, the council remains determined to open the new library in "
     "the old market hall, its leader, Sam Ortiz, told local radio.", "Sam Ortiz", "told",
     "closing_addressee", "After months of delays, the council remains determined to open "
     "the new library in the old market hall"),
]


@pytest.mark.parametrize(("text", "source", "cue", "rule", "content"), SHAPES)
def test_shape(nlp, text, source, cue, rule, content):
    assert (source, cue, rule, content) in found(nlp, text)


NEW_RULES = {"recovered_subject", "gerund_clause", "report_as_head", "closing_addressee"}
# guards: none of these makes an attribution by the new rules
NOT_BY_THESE_RULES = [
    # negation
    "At the briefing on Monday, Col. Ana Ruiz, a police spokesman, did not say the "
    "suspects had fled.",
    "Local farmers did not say seeing so many inspectors at the market was a welcome change.",
    "Instead, the mayor did not tell reporters, the new budget would merely freeze spending.",
    "After months of delays, the council remains determined to open the new library in the "
    "old market hall, its leader, Sam Ortiz, did not tell local radio.",
    # the speaker must be able to speak: not weather, not a storm
    "The storm said seeing so many inspectors at the market was a welcome change.",
    # the phrase before the cue is a preposition's object, not a subject
    "The crowd gathered on the square at noon, on the steps of the church, said the "
    "suspects had fled.",
    # an adverbial clause set off by a comma is a time, not a report
    "After the mayor told reporters, the crowd left the square.",
    "When the minister told reporters, the crowd cheered.",
    "Whenever the chief told staff, the news leaked.",
    # a closing cue after a subordinate clause or a participle reports nothing
    "When the storm hit the harbour on Sunday night, its leader, Sam Ortiz, told local radio.",
    "Speaking in Paris on Monday, the minister told reporters.",
    # a thing written is no addressee
    "After months of delays, the council remains determined to open the new library in the "
    "old market hall, its leader, Sam Ortiz, wrote a long letter.",
]


@pytest.mark.parametrize("text", NOT_BY_THESE_RULES)
def test_guard(nlp, text):
    assert not [f for f in found(nlp, text) if f[2] in NEW_RULES]


# the subject-recovery helper on its own: the speaker token, or None
RECOVERY = [
    ("At the briefing on Monday, Col. Ana Ruiz, a police spokesman, said the suspects "
     "had fled.", "said", "Ruiz"),
    ('In a statement to the Gazette, her senior policy adviser, Jo Lee, said: "We will '
     'rebuild the bridge."', "said", "Lee"),
    # a subject of its own: nothing to recover
    ("The mayor said the suspects had fled.", "said", None),
    # the phrase follows a preposition: it is that preposition's object
    ("The crowd gathered on the square at noon, on the steps of the church, said the "
     "suspects had fled.", "said", None),
]


@pytest.mark.parametrize(("text", "verb", "speaker"), RECOVERY)
def test_recovered_subject(nlp, text, verb, speaker):
    doc = nlp(text)
    tok = next(t for t in doc if t.text == verb)
    got = recovered_subject(tok, lexicon())
    assert (got.text if got is not None else None) == speaker
