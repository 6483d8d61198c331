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
     "Councillor Ben Amos", "told", "clausal", "'The council has simply"),
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
