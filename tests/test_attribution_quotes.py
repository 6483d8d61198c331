"""Quotation shapes for attribution (issue 10, item 4 and item 1): single quotation marks
used as quotes, closing marks typed the wrong way round, and carry-over. Fresh sentences;
each positive asserts source, cue and rule id, each negative that no quotation is found."""

import pytest

from claimtrack.text import find_quotes


def quoted(text):
    return [text[q.start : q.end] for q in find_quotes(text)]


def attributed(nlp, text):
    doc = nlp(text)
    return [(a["source"]["name"], a["cue"], a["rule"], a["mode"],
             text[a["content_start"] : a["content_end"]]) for a in doc._.ct_attributions]


# ---------------------------------------------------------------- find_quotes

@pytest.mark.parametrize(("text", "expected"), [
    ("‘We will not close a single library this year,’ the mayor said.",
     ["‘We will not close a single library this year,’"]),
    ("He shouted 'the council has run out of money!' and walked out.",
     ["'the council has run out of money!'"]),
    # a possessive or a contraction inside does not close it
    ("‘The players’ union won’t accept this offer,’ he said.",
     ["‘The players’ union won’t accept this offer,’"]),
    ("The head teacher said: ‘Every pupil will get a laptop.’",
     ["‘Every pupil will get a laptop.’"]),
    # a closing mark typed as an opening one, and an opening one typed as a closing one
    ("“The new stadium will open in August,“ the chairman said.",
     ["“The new stadium will open in August,“"]),
    ("”The new stadium will open in August,” the chairman said.",
     ["”The new stadium will open in August,”"]),
])
def test_single_and_wrong_way_marks_quote(text, expected):
    assert quoted(text) == expected


@pytest.mark.parametrize("text", [
    "Fans of rock 'n' roll filled the players' bar in the '90s.",
    "The mayor’s office and the teachers’ union met on Monday.",
    "Sam's band played the workers' anthem at Jo's party.",
    # scare quotes of 1-3 words and a short title are not quotations
    "The critic called the film ‘a triumph’ in her review.",
    "Residents call it the 'dead zone' of the city.",
    "She read ‘Great Expectations’ twice last summer.",
    # a quote in single marks that never closes in its paragraph is not taken
    "The sign said ‘keep out of the old mine shafts\n\nNobody listened.",
])
def test_apostrophes_scare_quotes_and_titles_are_not_quotations(text):
    assert quoted(text) == []


def test_single_marks_nested_in_a_quotation_belong_to_it():
    text = "“He told me ‘we are finished here for good’ and left,” she said."
    assert quoted(text) == ["“He told me ‘we are finished here for good’ and left,”"]


def test_an_opening_mark_inside_an_open_quotation_still_nests():
    text = "“They called it “a plan for growth” but nothing grew,” she said."
    assert quoted(text)[0].startswith("“They called it “a plan for growth”")


# ---------------------------------------------------------------- attribution

QUOTE_SHAPES = [
    # (text, source, cue, rule, content starts with)
    ("‘We will not close a single library this year,’ the mayor said. ‘The money is there "
     "and it will stay there.’", "the mayor", "said", "carryover", "‘The money is there"),
    ("'The council has simply run out of money,' Councillor Ben Amos told reporters.",
     "Ben Amos", "told", "clausal", "'The council has simply"),
    ("“The pier will reopen before the summer,“ harbour master Eve Lund said. “We have "
     "ordered the timber already.“", "Eve Lund", "said", "carryover", "“We have ordered"),
]


@pytest.mark.parametrize(("text", "source", "cue", "rule", "content"), QUOTE_SHAPES)
def test_quotation_shapes_attribute_as_direct_speech(nlp, text, source, cue, rule, content):
    found = attributed(nlp, text)
    assert any(source in name and c == cue and r == rule and mode in ("direct", "carryover")
               and span.startswith(content) for name, c, r, mode, span in found), found


def test_a_single_quoted_scare_phrase_is_no_direct_speech(nlp):
    found = attributed(nlp, "The council said the plan was 'dead on arrival' in its "
                            "current form.")
    assert [(name, cue, mode) for name, cue, _r, mode, _s in found] == [
        ("The council", "said", "indirect")]


# ---------------------------------------------------------------- block quotes

BLOCK = ("The harbour master wrote to the fishing crews on Friday:\n\n"
         "“The north pier will stay closed until the storm damage is repaired.”\n\n"
         "“Boats may use the south pier, which the divers have checked twice.”\n\n"
         "“We expect the work to take about three weeks.\n\n"
         "“Nobody will be charged a mooring fee in the meantime.”\n\n"
         "The crews meet again on Monday.")


def test_a_colon_cue_carries_through_every_quoted_paragraph_of_a_block(nlp):
    found = attributed(nlp, BLOCK)
    assert [(name, cue, rule, span[:22]) for name, cue, rule, _m, span in found] == [
        ("The harbour master", "wrote", "colon_intro", "“The north pier will s"),
        ("The harbour master", "wrote", "colon_block", "“Boats may use the sou"),
        ("The harbour master", "wrote", "colon_block", "“We expect the work to"),
        ("The harbour master", "wrote", "colon_block", "“Nobody will be charge"),
    ]  # and the author's closing paragraph is not part of the block


@pytest.mark.parametrize("second", [
    # the author's voice resumes between the quotations
    "Crews were unhappy. “Boats may use the south pier, which the divers have checked.”",
    # a paragraph with its own cue belongs to its own speaker
    "“Boats may use the south pier, which we checked,” said diver Ola Berg.",
])
def test_a_block_stops_where_the_author_or_another_cue_speaks(nlp, second):
    text = ("The harbour master wrote to the fishing crews on Friday:\n\n"
            "“The north pier will stay closed until the storm damage is repaired.”\n\n"
            + second)
    rules = [rule for _n, _c, rule, _m, _s in attributed(nlp, text)]
    assert "colon_block" not in rules and rules[0] == "colon_intro"


def test_closed_quoted_paragraphs_after_a_cue_without_a_colon_do_not_carry(nlp):
    text = ("“The north pier will stay closed until the damage is repaired,” the harbour "
            "master said.\n\n“Boats may use the south pier, which the divers have checked.”")
    assert [rule for _n, _c, rule, _m, _s in attributed(nlp, text)] == ["clausal"]


# ---------------------------------------------------------------- inverted cues

@pytest.mark.parametrize(("text", "source", "cue"), [
    ('"Nobody reads these reports anyway," scoffed coach Lee Park after the defeat.',
     "Lee Park", "scoffed"),
    ('"We were simply not good enough today," admitted the visiting manager Ana Silva '
     "after the match.", "Ana Silva", "admitted"),
])
def test_an_inverted_cue_followed_by_a_phrase_keeps_the_named_speaker(nlp, text, source,
                                                                      cue):
    found = attributed(nlp, text)
    assert [(name, c, rule, mode) for name, c, rule, mode, _s in found] == [
        (source, cue, "inverted_quote", "direct")]
    assert found[0][4] == text[: text.index(",") + 2]  # the quotation, marks included


@pytest.mark.parametrize("text", [
    # an ordinary object after the verb is not a speaker
    '"We have checked every classroom twice," told reporters after the storm.',
    # no quotation right before the verb: the object is what was admitted
    "The club admitted Lee Park to the hall of fame after the season.",
])
def test_an_object_is_no_inverted_speaker(nlp, text):
    assert "inverted_quote" not in [rule for _n, _c, rule, _m, _s in attributed(nlp, text)]
