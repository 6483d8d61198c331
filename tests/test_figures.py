"""Figures: values, units, qualifiers, ranges, years and metrics on real parses."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack.nlp.figures import parse_number
from conftest import annotate


def figures(nlp, text):
    return annotate(nlp, text, "ct_figures")


def only(nlp, text):
    found = figures(nlp, text)
    assert len(found) == 1, found
    return found[0]


@pytest.fixture(scope="module")
def seed_figures(nlp, seed_body):
    return figures(nlp, seed_body)


def by_text(found, fragment):
    matches = [f for f in found if fragment in f["text"]]
    assert matches, [f["text"] for f in found]
    return matches[0]


# ---------------------------------------------------------------- numbers and money


def test_money_with_scale_word_and_qualifier(nlp):
    f = only(nlp, "Trade reached an estimated $11.07 billion in bilateral trade in 2017.")
    assert f["value"] == pytest.approx(11.07e9)
    assert f["unit"] == "USD"
    assert f["qualifier"] == "an estimated"
    assert f["year"] == "2017"
    assert f["metric"] == "bilateral trade"


@pytest.mark.parametrize("text,value,unit", [
    ("The firm paid US$5 million for the site.", 5e6, "USD"),
    ("The state spent A$3m on the roads.", 3e6, "AUD"),
    ("He was fined £30,000 by the court.", 30000, "GBP"),
    ("The bank lent €4.5bn to the city.", 4.5e9, "EUR"),
    ("Farmers received 250,000 yuan in aid.", 250000, "CNY"),
    ("The fine was 40,000 tenge.", 40000, "KZT"),
    ("Tickets cost 100 rubles each.", 100, "RUB"),
    ("Revenue was 1.5 trillion yen last year.", 1.5e12, "JPY"),
    ("The project cost 1,200 US dollars.", 1200, "USD"),
    ("The flat sold for HK$10 last week.", 10, "HKD"),
])
def test_currencies_as_iso_codes(nlp, text, value, unit):
    f = only(nlp, text)
    assert f["value"] == pytest.approx(value)
    assert f["unit"] == unit


def test_percent_and_percentage_points(nlp):
    f = only(nlp, "Investment in the region grew 6.6 percent from 2016 to 2018.")
    assert (f["value"], f["unit"], f["year"]) == (6.6, "percent", "2016-2018")
    found = figures(nlp, "Support rose by 40% and unemployment fell 3 percentage points.")
    assert [(f["value"], f["unit"]) for f in found] == [(40, "percent"),
                                                      (3, "percentage points")]
    assert only(nlp, "Inflation was 5 per cent in May.")["unit"] == "percent"


@pytest.mark.parametrize("text,value,unit,qualifier", [
    ("Five children died in the fire.", 5, "children", None),
    ("The petition gathered more than 30,000 signatures in a week.", 30000, "signatures",
     "more than"),
    ("Officials expect 35 million barrels of oil this year.", 35e6, "barrels", None),
    ("Police said about 2,000 protesters marched.", 2000, "protesters", "about"),
    ("The navy sent up to 15 ships.", 15, "ships", "up to"),
    ("Fewer than twenty-six boats returned.", 26, "boats", "fewer than"),
    ("They ordered two dozen eggs.", 24, "eggs", None),
])
def test_counted_nouns_and_qualifiers(nlp, text, value, unit, qualifier):
    f = only(nlp, text)
    assert (f["value"], f["unit"], f["qualifier"]) == (value, unit, qualifier)
    assert f["text"].endswith(unit)


def test_falling_from_to_keeps_both_numbers(nlp):
    found = figures(nlp, "Unemployment fell from 10 to 5 percent.")
    assert [f["value"] for f in found] == [10, 5]
    assert all(f["low"] is None for f in found)


def test_bounds_from_qualifiers(nlp):
    f = only(nlp, "More than a million people were detained.")
    assert (f["value"], f["low"], f["high"], f["qualifier"]) == (1e6, 1e6, None, "more than")
    f = only(nlp, "The navy sent up to 15 ships.")
    assert (f["low"], f["high"]) == (None, 15)


@pytest.mark.parametrize("text,low,high,unit", [
    ("Prices rose between 5 and 10 percent last year.", 5, 10, "percent"),
    ("Prices rose 5-10% in 2018.", 5, 10, "percent"),
    ("The plan will cost 20 to 30 million dollars.", 20e6, 30e6, "USD"),
])
def test_ranges(nlp, text, low, high, unit):
    f = only(nlp, text)
    assert (f["low"], f["high"], f["unit"]) == (low, high, unit)
    assert f["value"] == pytest.approx((low + high) / 2)


def test_number_words_and_scale_words():
    class Tok:
        def __init__(self, text):
            self.text, self.lower_ = text, text.lower()

    def value(text):
        return parse_number([Tok(w) for w in text.split()])

    assert value("a million") == 1e6
    assert value("thirty thousand") == 30000
    assert value("11.07 billion") == pytest.approx(11.07e9)
    assert value("two dozen") == 24
    assert value("1,250") == 1250
    assert value("blue") is None


# ---------------------------------------------------------------- durations and ages


def test_duration_is_a_figure_but_period_reference_is_not(nlp):
    f = only(nlp, "The announcement put a timeframe of two months on the next phase.")
    assert (f["value"], f["unit"]) == (2, "months")
    assert figures(nlp, "China and Kazakhstan have cooperated in the last three decades.") == []
    assert figures(nlp, "It was an official policy for the past two decades.") == []


def test_age(nlp):
    f = only(nlp, "His time is limited by his lifespan (he is currently 78) and health.")
    assert (f["value"], f["unit"], f["text"]) == (78, "years", "78")
    assert only(nlp, "A 64-year-old man was arrested.")["unit"] == "years"
    assert only(nlp, "Keith Lamont Scott, 43, was shot by police.")["unit"] == "years"
    assert only(nlp, "Smith, who is 63, resigned on Monday.")["unit"] == "years"
    assert only(nlp, "The committee has 43 members.")["unit"] == "members"


# ---------------------------------------------------------------- not figures


@pytest.mark.parametrize("text", [
    "Trade grew in 2017.",
    "Elections are set for June 9 and the vote on April 23.",
    "Protests happened during the 1990s.",
    "It happened on the third day of his presidency.",
    "Kazakhstan was one of the first states to trade with China.",
    "The meeting started at 10:30 a.m. on Monday.",
    "He was the first secretary of the embassy.",
    "Xinjiang came under firm control in 1949.",
    "The Boeing 747 landed.",
    "Call 1-800-273-8255 for help.",
    "The court issued a 5-4 decision.",
    "Music from the 90's is back.",
])
def test_dates_years_ordinals_and_times_are_not_figures(nlp, text):
    assert figures(nlp, text) == []


# ---------------------------------------------------------------- the seed


def test_seed_figures(seed_figures):
    expected = [
        ("$11.07 billion", 11.07e9, "USD", "an estimated"),
        ("6.6 percent", 6.6, "percent", None),
        ("more than a million", 1e6, "minorities", "more than"),
        ("26 “sensitive” (mostly Muslim) states", 26, "states", None),
        ("40 percent", 40, "percent", "an estimated"),
        ("35 million barrels", 35e6, "barrels", None),
        ("five children", 5, "children", None),
        ("more than 30,000 signatures", 30000, "signatures", "more than"),
        ("78", 78, "years", None),
        ("two months", 2, "months", None),
        ("$297 million", 297e6, "USD", None),
    ]
    for fragment, value, unit, qualifier in expected:
        f = by_text(seed_figures, fragment)
        assert f["value"] == pytest.approx(value), f
        assert (f["unit"], f["qualifier"]) == (unit, qualifier), f


def test_seed_has_no_date_or_ordinal_figures(seed_figures):
    texts = [f["text"] for f in seed_figures]
    for not_figure in ("2017", "1991", "June 9", "April 23", "1990s", "third", "first"):
        assert not any(t == not_figure for t in texts), texts
    assert len(seed_figures) == 12, texts


def test_seed_years_and_metrics(seed_figures):
    trade = by_text(seed_figures, "$11.07 billion")
    assert (trade["year"], trade["metric"]) == ("2017", "bilateral trade")
    growth = by_text(seed_figures, "6.6 percent")
    assert (growth["year"], growth["metric"]) == ("2016-2018", "direct Chinese investment")
    oil = by_text(seed_figures, "35 million barrels")
    assert (oil["year"], oil["metric"]) == ("2020", "crude oil")


# ---------------------------------------------------------------- robustness

PIECES = ["$", "US$5", "5", "1,200", "3.5", "million", "a", "percent", "%", "-", "to", "between",
          "and", "more than", "about", "five", "children", "in", "2017", "June", "9", "the",
          "first", "(", ")", "“", "”", ",", ".", "\n\n", "Nazarbayev’s", "Kazakh", "BRI",
          "he", "is", "78", "two months", "yuan", "per cent", "HK$10", "one of"]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=25))
def test_any_text_gives_exact_offsets(nlp, pieces):
    doc = nlp(" ".join(pieces))
    for key in ("ct_figures", "ct_entities", "ct_claims"):
        for item in getattr(doc._, key):
            assert doc.text[item["start"]:item["end"]] == item["text"]
    for figure in doc._.ct_figures:
        assert isinstance(figure["value"], float)
