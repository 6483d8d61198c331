"""Quotations the verb rules cannot reach (colon_quote_rules.py): a colon before a real
quotation after a verb of any word (`colon_quote`), a round-up line naming its source
between a dash and a colon (`roundup_label`), and a quotation handed over with a comma to
its speaker and a verb of any word (`quote_speaker_verb`). Fresh sentences asserting
source, cue, rule id and content, with a negative row per guard."""

import pytest


def found(nlp, text):
    doc = nlp(text)
    return [(a["source"]["name"], a["cue"], a["rule"],
             doc.text[a["content_start"]:a["content_end"]]) for a in doc._.ct_attributions]


# (text, source, cue, rule, content)
SHAPES = [
    ("Ana Ruiz boomed: “We will finish the new bridge by the spring.”",
     "Ana Ruiz", "boomed", "colon_quote", "“We will finish the new bridge by the spring.”"),
    ("Tom Okafor posted: “The ferry service is cancelled for the whole weekend.”",
     "Tom Okafor", "posted", "colon_quote",
     "“The ferry service is cancelled for the whole weekend.”"),
    ("The harbour master Tom Okafor went even further: “Nobody should sail until the storm "
     "has passed.”", "Tom Okafor", "went", "colon_quote",
     "“Nobody should sail until the storm has passed.”"),
    ("Turnout will set a record - Dana Lee: “We have never seen queues like this before at "
     "any station.”", "Dana Lee", ":", "roundup_label",
     "“We have never seen queues like this before at any station.”"),
    ("Why turnout fell - From the report: “Fewer polling stations opened in rural counties "
     "this year.”", "report", ":", "roundup_label",
     "“Fewer polling stations opened in rural counties this year.”"),
    ("“France will always welcome its visitors,” an angry Ana Ruiz retaliated.",
     "Ana Ruiz", "retaliated", "quote_speaker_verb",
     "“France will always welcome its visitors,”"),
    ("“The council has failed this city for a decade,” reads an editorial in the Harbour "
     "Gazette.", "Harbour Gazette", "reads", "quote_speaker_verb",
     "“The council has failed this city for a decade,”"),
]


@pytest.mark.parametrize(("text", "source", "cue", "rule", "content"), SHAPES)
def test_shape(nlp, text, source, cue, rule, content):
    assert (source, cue, rule, content) in found(nlp, text)


def test_more_from_resolves_the_surname(nlp):
    text = ("Turnout will set a record - Dana Lee: “We have never seen queues like this before "
            "at any station.”\n\nMore from Lee: “The queues were longest in the northern "
            "suburbs this year.”")
    assert ("Dana Lee", ":", "roundup_label",
            "“The queues were longest in the northern suburbs this year.”") in found(nlp, text)


NEW_RULES = {"colon_quote", "roundup_label", "quote_speaker_verb"}
# guards: none of these makes an attribution by the new rules
NOT_BY_THESE_RULES = [
    # a passive: the quotation is someone else's question
    "Ana Ruiz was asked: “Will the ferry run this weekend at all?”",
    # the colon introduces the verb's own object
    "Ana Ruiz listed three demands: “more buses, cheaper fares and safer stops at night.”",
    # a thing is no speaker
    "The sign on the door flashed: “Closed for the holiday weekend, sorry about that.”",
    # an audience reacts; it speaks no quotation
    "“We will win this seat in the spring,” the crowd cheered.",
    # a quoted title followed by its description
    "“The Long Road Home to Tulsa,” her first film, won a prize in Berlin.",
    "She starred in “Big” and later in “The Long Road Home to Tulsa,” which won a prize.",
    # a named product or a place after a dash is no source
    "Our pick - iPhone 15: “The best camera we have tested this year, by a distance.”",
    "Where to go - Lisbon: “Sunny streets, cheap trams and the best custard tarts.”",
    # a label that names nobody
    "Weekend guide - The bottom line: “Bring a coat and an umbrella to the fair.”",
    # scare quotes on the author's own words: no real quotation
    "The so-called “fair deal” on offer, the author argues, is a tax rise by another name.",
    # '"A," he wrote, "B"': the quotation is the later cue's, whole
    "Lee fired back: “As a member of this council,” she wrote, “I have read every page of "
    "it.”",
]


@pytest.mark.parametrize("text", NOT_BY_THESE_RULES)
def test_guard(nlp, text):
    assert not [f for f in found(nlp, text) if f[2] in NEW_RULES]


def test_quote_by_someone_else_keeps_its_speaker(nlp):
    # the quotation handed to the mayor stays the mayor's: the verb rule takes it first
    text = "“The pier will reopen in May,” Mayor Ruth Okafor said on Monday."
    assert [f[0] for f in found(nlp, text)] == ["Ruth Okafor"]


# a message named as the channel ("in a statement:", "in a letter to members:"): the
# quotation after the colon is that message's, whatever the verb or its object; and an
# inverted cue opening the sentence, its speaker before the colon (issue 10, item 1)
INTRODUCED = [
    ("The union's president, Carla Mendes, was defiant in a statement posted on the "
     "union's website:\n\n“Our members have worked without a contract for two years.”",
     "Carla Mendes", "statement", "colon_quote",
     "“Our members have worked without a contract for two years.”"),
    ("Senator Ray Cole struck a different tone in a letter to his constituents: “The "
     "strike must end this week, and I will vote to end it.”",
     "Ray Cole", "struck", "colon_quote",
     "“The strike must end this week, and I will vote to end it.”"),
    ("Replied one listener, who calls herself Harbour Girl: “The ferry has been late every "
     "single day this month.”",
     "one listener", "Replied", "inverted_colon",
     "“The ferry has been late every single day this month.”"),
    ("Wrote one reader: “I have no car and two jobs, and the buses stop at ten.”",
     "one reader", "Wrote", "inverted_colon",
     "“I have no car and two jobs, and the buses stop at ten.”"),
    # a cue whose object is who hears it: the colon still introduces the words
    ("Mayor Jane Doe told the committee: the project is three years late and $2 billion "
     "over budget.", "Jane Doe", "told", "colon_intro",
     "the project is three years late and $2 billion over budget"),
    # the model tags the opening "Added" as part of the name: the source is Okafor alone
    ("Added Okafor: “Nobody should sail until the storm has passed.”",
     "Okafor", "Added", "speaker_label", "“Nobody should sail until the storm has passed.”"),
]


@pytest.mark.parametrize(("text", "source", "cue", "rule", "content"), INTRODUCED)
def test_introduced_quotation(nlp, text, source, cue, rule, content):
    assert (source, cue, rule, content) in found(nlp, text)


NOT_INTRODUCED = [
    # the channel names no speaker: a report is where the answer is, nobody said it
    "The answer was in a report published on Monday: “Ferry delays rose by a third.”",
    # an inverted verb whose "speaker" is a thing: a sign is read, it says nothing
    "Read the sign on the door: “No entry after six o'clock in the evening.”",
    # a question put to an audience is no claim of theirs
    "Asked the crowd: “Who here has ridden the ferry this week?”",
    # the colon introduces the verb's own object, not words
    "Mayor Jane Doe listed three demands: more buses, cheaper fares and safer stops.",
]


@pytest.mark.parametrize("text", NOT_INTRODUCED)
def test_not_introduced(nlp, text):
    assert not [f for f in found(nlp, text) if f[2] in (
        "colon_quote", "inverted_colon", "colon_intro")]



def test_a_block_quotation_carries_its_introduction(nlp):
    # the HTML reader gives each paragraph of a <blockquote> its own quotation marks
    text = ("Writing in the Harbour Gazette, columnist Joan Pryce argues:\n\n“Study after "
            "study has found that stadiums do not pay for themselves.”\n\n“The council knows "
            "this. It has simply decided that a new ground is worth more than its libraries.”"
            "\n\nEconomist Raj Patel was blunter on his blog:\n\n“This is a transfer from "
            "taxpayers to a billionaire owner, full stop.”\n\nThe finance chief, Ellen Ward, "
            "spoke at a meeting on Tuesday.")
    assert [(f[0], f[1], f[2], f[3][:25]) for f in found(nlp, text)] == [
        # the introduction is no report of the words before its cue
        ("Joan Pryce", "argues", "colon_intro", "“Study after study has fo"),
        ("Joan Pryce", "argues", "colon_block", "“The council knows this. "),
        ("Raj Patel", "blog", "colon_quote", "“This is a transfer from "),
    ]


def test_a_block_quotation_after_a_report_or_a_view_ending_in_a_colon(nlp):
    text = ("Columnist Polly Fenwick argues that the plan is doomed:\n\n“Study after study has "
            "found that stadiums never pay for themselves.”\n\n“The council knows this.”\n\n"
            "Over at the Gazette, Charles Moore-Hinton sees it very differently:\n\n“The "
            "union has never once put a costed plan on the table.”\n\n“Strikes are all they "
            "know.”\n\nThe talks resume on Monday.")
    assert [(f[0], f[2], f[3][:20]) for f in found(nlp, text)] == [
        ("Polly Fenwick", "clausal", "the plan is doomed"),
        ("Polly Fenwick", "colon_block", "“Study after study h"),
        ("Polly Fenwick", "colon_block", "“The council knows t"),
        ("Charles Moore-Hinton", "colon_quote", "“The union has never"),
        ("Charles Moore-Hinton", "colon_block", "“Strikes are all the"),
    ]
