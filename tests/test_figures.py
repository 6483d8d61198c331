"""Figures: values, units, qualifiers, ranges, years and metrics on real parses."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack.nlp.figures import format_figure, parse_number
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


# ------------------------------------------------- issue 12: every figure with its unit
# One table per kind of figure; each row: sentence, figure text, value, unit, qualifier.


def check_row(nlp, text, span, value, unit, qualifier=None):
    f = only(nlp, text)
    assert f["text"] == span, f
    assert f["value"] == pytest.approx(value), f
    assert (f["unit"], f["qualifier"]) == (unit, qualifier), f
    return f


@pytest.mark.parametrize("text,span,value,unit", [
    ("Rescuers freed a three-month-old puppy from the drain.", "three-month-old", 3, "months"),
    ("A nine-member jury heard the case.", "nine-member", 9, "members"),
    ("He ended a 30-year career at the bank.", "30-year", 30, "years"),
    ("The council approved a 12-storey tower.", "12-storey", 12, "storeys"),
    ("Runners finished a 10-kilometre race.", "10-kilometre", 10, "km"),
    ("The ad was a 30-second spot.", "30-second", 30, "seconds"),
    ("The 64-year-old man was arrested.", "64-year-old", 64, "years"),
])
def test_numbers_inside_compound_adjectives(nlp, text, span, value, unit):
    f = check_row(nlp, text, span, value, unit)
    assert f["metric"] == ("age" if span.endswith("-old") else None)


@pytest.mark.parametrize("text", [
    "Polls show a four-way race in the state.",
    "The army feared a two-front war.",
    "It was a five-alarm fire.",
])
def test_compound_descriptors_are_not_figures(nlp, text):
    assert figures(nlp, text) == []


@pytest.mark.parametrize("text,span,value,unit", [
    ("Farmers sold a bag of beans for KSh 350 at the market.", "KSh 350", 350, "KES"),
    ("The state paid ₦4.5 billion to contractors.", "₦4.5 billion", 4.5e9, "NGN"),
    ("In Cape Town, a taxi ride costs R30.", "R30", 30, "ZAR"),
    ("Lawmakers in Lilongwe approved MK5 billion for roads.", "MK5 billion", 5e9, "MWK"),
    ("The actor bought a flat for Rs 2 crore in Mumbai.", "Rs 2 crore", 2e7, "INR"),
    ("Police seized Rs 15 lakh in cash.", "Rs 15 lakh", 1.5e6, "INR"),
    ("Fuel in Karachi rose to Rs 250 a litre.", "Rs 250", 250, "PKR"),
    ("The club spent €3bn on players.", "€3bn", 3e9, "EUR"),
    ("The charity raised £2.4m last year.", "£2.4m", 2.4e6, "GBP"),
    ("A loaf costs 80 shillings in Nairobi.", "80 shillings", 80, "KES"),
    ("Victorian clerks earned 20 shillings a week.", "20 shillings", 20, "shillings"),
    ("Super PACs raised $846.8million this cycle.", "$846.8million", 846.8e6, "USD"),
    ("The hotel charged GH₵500 a night.", "GH₵500", 500, "GHS"),
    ("A London court fined him 500 pounds.", "500 pounds", 500, "GBP"),
])
def test_local_currencies_as_iso_codes(nlp, text, span, value, unit):
    check_row(nlp, text, span, value, unit)


def test_ambiguous_currency_prefix_needs_its_country(nlp):
    # "R30" is rand only where the article names South Africa; elsewhere a road or a model.
    assert figures(nlp, "The R30 road was closed after the storm.") == []
    f = only(nlp, "South African commuters now pay R30 a trip.")
    assert (f["value"], f["unit"]) == (30, "ZAR")


@pytest.mark.parametrize("text,span,value,unit", [
    ("Wildfires destroyed 12,500 ha of pine forest.", "12,500 ha", 12500, "ha"),
    ("The lake covers 35 km2 when full.", "35 km2", 35, "km²"),
    ("The reserve covers 20 km² of wetland.", "20 km²", 20, "km²"),
    ("The new limit is 20 mph near schools.", "20 mph", 20, "mph"),
    ("Each lorry carries 26 t of gravel.", "26 t", 26, "t"),
    ("The storm brought 120 mm of rain.", "120 mm", 120, "mm"),
    ("The wall stands 40 feet high.", "40 feet", 40, "ft"),
    ("The plant will produce 500 megawatts.", "500 megawatts", 500, "MW"),
    ("Trains reach 300 km/h on the line.", "300 km/h", 300, "km/h"),
    ("The sea reached 31 °C in August.", "31 °C", 31, "°C"),
    ("The park spans 2,000 square miles.", "2,000 square miles", 2000, "mi²"),
    ("The ship burns 30 tonnes of fuel a day.", "30 tonnes", 30, "t"),
    ("The senator weighs 236 pounds, his doctor said.", "236 pounds", 236, "lb"),
    ("The suicide rate was three times the national average.", "three times", 3, "times"),
])
def test_units_of_measure_get_canonical_symbols(nlp, text, span, value, unit):
    check_row(nlp, text, span, value, unit)


@pytest.mark.parametrize("text,span,value,unit,qualifier", [
    ("The council sent almost 45,000 overdue parking notices.",
     "almost 45,000 overdue parking notices", 45000, "parking notices", "almost"),
    ("The agency sent nearly 80,000 unpaid invoices.", "nearly 80,000 unpaid invoices", 80000,
     "invoices", "nearly"),
    ("Researchers visited 4821 homes.", "4821 homes", 4821, "homes", None),
    ("The survey reached 2015 households.", "2015 households", 2015, "households", None),
    ("In Chicago 762 people were shot.", "762 people", 762, "people", None),
    ("Nearly 13,000 fact-checked claims were reviewed.", "Nearly 13,000 fact-checked claims",
     13000, "claims", "nearly"),
    ("The site employs 18 fact-checkers.", "18 fact-checkers", 18, "fact-checkers", None),
    ("The firm employs 250 part-time workers.", "250 part-time workers", 250, "workers", None),
    ("Officials counted 1,200 newly registered voters.", "1,200 newly registered voters", 1200,
     "voters", None),
    ("The report lists 2,836 tax haven subsidiaries.", "2,836 tax haven subsidiaries", 2836,
     "tax haven subsidiaries", None),
])
def test_counted_nouns_after_modifiers(nlp, text, span, value, unit, qualifier):
    check_row(nlp, text, span, value, unit, qualifier)


@pytest.mark.parametrize("text,span,value,unit", [
    ("Applicants wait forty business days for a reply.", "forty business days", 40, "days"),
    ("The city has one and a half million residents.", "one and a half million residents",
     1.5e6, "residents"),
    ("The fund lost a quarter of a million dollars.", "a quarter of a million dollars", 2.5e5,
     "USD"),
    ("The dam displaced half a million people.", "half a million people", 5e5, "people"),
    ("He served two and a half years in prison.", "two and a half years", 2.5, "years"),
    ("The agency hired three hundred and twenty staff.", "three hundred and twenty staff", 320,
     "staff"),
    ("Taxpayers holding gains for one to two years pay more.", "one to two years", 1.5, "years"),
])
def test_numbers_written_as_words(nlp, text, span, value, unit):
    check_row(nlp, text, span, value, unit)


@pytest.mark.parametrize("text,span,value,unit,qualifier,metric", [
    ("Output fell -2.1 percent in May.", "-2.1 percent", -2.1, "percent", None, "Output"),
    ("Temperatures dropped to minus 15 degrees.", "minus 15 degrees", -15, "degrees", None,
     "Temperatures"),
    ("The index stood at −0.4% in June.", "−0.4%", -0.4, "percent", None, "index"),
    ("Two-thirds of members backed the deal.", "Two-thirds", 66.67, "percent", None, "members"),
    ("One in five adults smokes.", "One in five", 20, "percent", None, "adults"),
    ("Three out of four nurses said they were tired.", "Three out of four", 75, "percent", None,
     "nurses"),
    ("Nearly eight of 10 voters plan to watch.", "Nearly eight of 10", 80, "percent", "nearly",
     "voters"),
    ("Nearly half the budget goes on salaries.", "Nearly half", 50, "percent", "nearly",
     "budget"),
    ("A third of the city's buses are electric.", "A third", 33.33, "percent", None, "buses"),
    ("Growth slowed by half a percentage point.", "half a percentage point", 0.5,
     "percentage points", None, None),
])
def test_negative_numbers_fractions_and_ratios(nlp, text, span, value, unit, qualifier, metric):
    f = check_row(nlp, text, span, value, unit, qualifier)
    assert f["metric"] == metric


def test_range_of_ages_and_plus(nlp):
    f = only(nlp, "Unemployment among those between the ages of 17 and 20 rose.")
    assert (f["low"], f["high"], f["unit"]) == (17, 20, "years")
    f = only(nlp, "He paid no tax for 15-plus years.")
    assert (f["text"], f["value"], f["unit"], f["qualifier"], f["low"]) == (
        "15-plus years", 15, "years", "plus", 15)
    f = only(nlp, "Nobody expected 90-plus minutes of policy talk.")
    assert (f["text"], f["unit"], f["qualifier"]) == ("90-plus minutes", "minutes", "plus")


def test_money_compared_with_money_is_two_figures(nlp):
    found = figures(nlp, "Democratic groups raised $64.8million to $45.1million for the others.")
    assert [(f["value"], f["unit"]) for f in found] == [(64.8e6, "USD"), (45.1e6, "USD")]


@pytest.mark.parametrize("text", [
    "In the second half of the year, sales rose.",
    "The plan would cut the deficit in half.",
    "The miners descended into shaft No. 4 at dawn.",
    "Most Fortune 500 companies pay little tax.",
    "Zero Hedge said the rate was misleading.",
    "Salaries there start at six figures.",
    "The two raised money for the project.",
    "He won a third term in office.",
    "The bomb went off in front of 131 West 23rd Street.",
    "A 2014 study found no link.",
    "By a 2-to-1 vote, the court sided with the state.",
])
def test_fraction_words_identifiers_and_names_are_not_figures(nlp, text):
    assert figures(nlp, text) == []


def test_margin_of_error_is_not_negative(nlp):
    f = only(nlp, "The margin of error is plus or minus 3 percentage points.")
    assert (f["value"], f["unit"]) == (3, "percentage points")


@pytest.mark.parametrize("value,unit,qualifier,shown", [
    (11.07e9, "USD", None, "$11.07 billion"),
    (200, "KES", None, "KSh 200"),
    (2e9, "MWK", None, "MK2 billion"),
    (1.2e6, "GBP", "more than", "more than £1.2 million"),
    (-3.5, "percent", None, "-3.5 percent"),
    (40000, "ha", None, "40,000 ha"),
    (5000, "CHF", None, "CHF 5,000"),
    (30000, "signatures", "more than", "more than 30,000 signatures"),
    (7, None, None, "7"),
])
def test_format_figure(value, unit, qualifier, shown):
    assert format_figure(value, unit, qualifier) == shown


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
          "he", "is", "78", "two months", "yuan", "per cent", "HK$10", "one of",
          "KSh", "R45", "South Africa", "minus", "-3.5", "two-thirds", "half", "a quarter of",
          "in", "out of", "km²", "15-plus", "five-member", "lakh", "£1.2m", "pounds", "No."]


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
