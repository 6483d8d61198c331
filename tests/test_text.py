"""Shared text helpers: paragraphs and quotations (pure, no spaCy)."""

from hypothesis import given
from hypothesis import strategies as st

from claimtrack.text import (
    MIN_QUOTE_WORDS,
    find_quotes,
    is_real_quote,
    paragraph_index,
    paragraph_spans,
    quote_at,
)


def texts(text: str, spans) -> list[str]:
    return [text[start:end] for start, end in spans]


# ---------------------------------------------------------------- paragraphs


def test_paragraphs_between_blank_lines_and_single_breaks():
    text = ("Lawmakers approved the budget on Tuesday.\n\n"
            "The vote was 52 to 48.  \n"
            "Critics said it cuts too deep.\n \n\n"
            "  Debate resumes in March.")
    assert texts(text, paragraph_spans(text)) == [
        "Lawmakers approved the budget on Tuesday.", "The vote was 52 to 48.",
        "Critics said it cuts too deep.", "Debate resumes in March."]


def test_paragraphs_skip_blank_and_whitespace_only_lines():
    text = "\n\nFirst.\r\n\xa0\r\nSecond.\n\n"
    assert texts(text, paragraph_spans(text)) == ["First.", "Second."]
    assert paragraph_spans("") == [] and paragraph_spans(" \n\n ") == []


@given(st.text(alphabet=st.sampled_from("ab .\n\t\xa0\r"), max_size=60))
def test_paragraphs_cover_every_visible_character_once(text):
    spans = paragraph_spans(text)
    covered = set()
    for start, end in spans:
        piece = text[start:end]
        assert piece and piece == piece.strip() and "\n" not in piece
        covered.update(range(start, end))
    assert [s for s, _ in spans] == sorted(s for s, _ in spans)
    assert {i for i, ch in enumerate(text) if not ch.isspace()} <= covered


def test_paragraph_index_gives_gaps_to_the_paragraph_before():
    text = "One.\n\nTwo.\n\nThree."
    spans = paragraph_spans(text)
    assert [paragraph_index(spans, text.index(w)) for w in ("One", "Two", "Three")] == [0, 1, 2]
    assert paragraph_index(spans, text.index("\n")) == 0


# ---------------------------------------------------------------- quotations


def test_quote_spans_straight_curly_guillemets_and_typewriter():
    text = ('He said "one two three" and “four five”.\n\nShe wrote “six seven\n\n'
            "''Don't fall,'' he said. ``Keep going,'' she replied. «Nous verrons» dit-il.")
    quotes = find_quotes(text)
    assert [(text[q.start : q.end], q.closed, q.paragraph) for q in quotes] == [
        ('"one two three"', True, 0), ("“four five”", True, 0), ("“six seven", False, 1),
        ("''Don't fall,''", True, 2), ("``Keep going,''", True, 2), ("«Nous verrons»", True, 2)]


def test_unclosed_quote_runs_to_paragraph_end_and_reopens_in_the_next():
    text = ("“We will rebuild every school in the district,” the mayor said. “And we will "
            "start this summer.\n\n“Families deserve nothing less,” she added.")
    quotes = find_quotes(text)
    first_paragraph_end = text.index("\n")
    assert [(q.closed, q.paragraph) for q in quotes] == [(True, 0), (False, 0), (True, 1)]
    assert quotes[1].end == first_paragraph_end  # the paragraph end, not past the break
    assert text[quotes[2].start] == "“" and quotes[2].start == first_paragraph_end + 2


def test_closing_mark_typed_for_an_opening_one():
    text = "The senator asked, ”What is the plan for the border?” Nobody answered."
    quotes = find_quotes(text)
    assert [text[q.start : q.end] for q in quotes] == ["”What is the plan for the border?”"]


def test_apostrophes_are_not_quotation_marks():
    text = "The workers' union said it won't strike, and the mayor’s office agreed."
    assert find_quotes(text) == []


def test_quotes_are_cached_per_text_but_results_are_fresh_lists():
    text = 'Officials said "the bridge will reopen next week" after repairs.'
    first, second = find_quotes(text), find_quotes(text)
    assert first == second and first is not second
    first.clear()
    assert find_quotes(text) == second


def test_scare_quotes_are_shorter_than_the_minimum():
    text = ('Critics call it a “war on terror” in Xinjiang. “This is a war on our own '
            'people,” one activist said.')
    scare, speech = find_quotes(text)
    assert MIN_QUOTE_WORDS == 4
    assert not is_real_quote(text, scare)
    assert is_real_quote(text, speech)
    assert quote_at([scare, speech], text.index("war on our")) == speech
    assert quote_at([scare, speech], text.index("Critics")) is None
