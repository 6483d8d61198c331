"""Figures: numbers with value, unit, qualifier, range, year and metric.

Built on spaCy's parse: number tokens (figures_numbers.py), the entity labels (DATE/TIME/
ORDINAL numbers are not figures, except stated durations), units (figures_units.py),
shares written as fractions or ratios (figures_shares.py) and the dependency tree (the
noun a number counts, the verb whose subject is the metric). This module decides which
runs of numbers are figures and how far each figure's span reaches. Rules: docs/figures.md.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from claimtrack.nlp import figures_context as context
from claimtrack.nlp import figures_shares
from claimtrack.nlp import figures_units as units
from claimtrack.nlp.extensions import register_extensions
from claimtrack.nlp.figures_context import DocParts
from claimtrack.nlp.figures_numbers import (
    FILLER_WORDS,
    YEAR,
    glued_prefix,
    is_number,
    lexicon,
    number_runs,
    parse_number,
    sign_before,
)
from claimtrack.nlp.figures_units import format_figure  # noqa: F401  (public: display)

# Entities whose numbers are names, not amounts ("Boeing 747", "Article 5", "G20").
NAME_LABELS = {"PERSON", "ORG", "PRODUCT", "LAW", "WORK_OF_ART", "FAC", "EVENT", "GPE", "NORP"}
RANGE_WORDS = {"between", "and", "to", "-", "–", "from", "some", "about", "around"}
RANGE_JOINERS = {"to", "-", "–", "and"}
ADDRESS_WINDOW = 4  # "131 West 23rd Street": tokens from the number to the street word
BETWEEN_WINDOW = 4  # "between the ages of 17 and 20": tokens from "between" to the number


def _really_temporal(parts: DocParts, token: Token) -> bool:
    """A DATE/TIME label is believed when its entity has a word that is not a number or a
    range word ('June 9', 'two months', 'the 1990s') or a year-like number; the small model
    also labels 'between 5' DATE."""
    ent = next((e for e in parts.ents if e.start <= token.i < e.end), None)
    if ent is None:
        return False
    return any(YEAR.match(t.text) or t.lower_ not in RANGE_WORDS and not is_number(t)
               for t in ent)


def _in_digit_chain(doc: Doc, start: int, end: int) -> bool:
    """'1-800-273-8255': three or more digit groups glued by hyphens."""
    def glued_digits(i: int) -> bool:
        return 0 <= i < len(doc) and doc[i].is_digit

    groups = 1
    i = start - 1
    while i - 1 >= 0 and doc[i].text == "-" and glued_digits(i - 1) and not doc[i].whitespace_:
        groups += 1
        i -= 2
    i = end
    while i + 1 < len(doc) and doc[i].text == "-" and glued_digits(i + 1) \
            and not doc[i - 1].whitespace_:
        groups += 1
        i += 2
    return groups >= 3


def _excluded(doc: Doc, run: list[Token]) -> str | None:
    """Why a run of numbers is not a figure (None when it is one)."""
    lex = lexicon()
    numbers = [t for t in run if t.lower_ not in FILLER_WORDS]
    start, end = run[0].i, run[-1].i + 1
    if end < len(doc) and doc[end].lower_ in {"'s", "’s", "s"} and not doc[end - 1].whitespace_:
        return "a decade ('the 90's')"
    if _in_digit_chain(doc, start, end):
        return "phone number or identifier"
    if start > 0 and doc[start - 1].lower_ in lex["identifier_words"] or start > 1 \
            and doc[start - 1].text == "." and doc[start - 2].lower_ in {"no", "nos"} \
            and not doc[start - 2].whitespace_:
        return "an identifier ('mine No. 2')"
    if end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ \
            and doc[end + 1].lower_.split("-")[0] in lex["compound_not_counted"] \
            and doc[end + 1].lower_ not in {"a", "an", "plus"}:
        return "a descriptor ('a four-way race')"
    measured = units.percent_after(doc, end) is not None
    if any(t.ent_type_ in NAME_LABELS and glued_prefix(t.text) is None for t in numbers) \
            and not measured:
        return "part of a name"  # but "gave Patriot 13 percent" (the model's ORG)
    if start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title \
            and not doc[start - 1].is_sent_start and numbers[0].is_digit and not measured \
            and doc[start - 1].text not in lex["context_currencies"] \
            and doc[start - 1].ent_type_ not in {"GPE", "LOC", "NORP", "DATE", "PERSON"}:
        return "part of a name ('Fortune 500 companies', 'Boeing 747')"
    if any(t.lower_ in lex["street_words"] and t.is_title for t in doc[end:end + ADDRESS_WINDOW]) \
            and end < len(doc) and doc[end].is_title:
        return "a street address ('131 West 23rd Street')"
    if end < len(doc) and doc[end].lower_ in lex["not_figure_nouns"]:
        return "an idiom ('six figures')"
    if numbers[0].is_alpha and numbers[0].is_title and end < len(doc) \
            and doc[end].tag_ == "NNP" and doc[end].is_title and numbers[0].lower_ != "one":
        return "part of a name ('Zero Hedge', 'Three Mile Island')"
    if end < len(doc) and (doc[end].lower_ in lex["fraction_words"] or doc[end].text == "-"
                           and end + 1 < len(doc)
                           and doc[end + 1].lower_ in lex["fraction_words"]):
        return "a fraction ('two-thirds'; figures_shares)"
    if len(numbers) == 1 and numbers[0].lower_ == "one" and not _opens_pair(doc, end):
        return "'one' as a determiner"
    if all(t.lower_ in lex["scales"] for t in numbers) and run[0].lower_ not in {"a", "an"}:
        return "scale word alone"  # "millions of people", "hundreds"
    return None


def _opens_pair(doc: Doc, end: int) -> bool:
    """'one to two years', 'one in five': a number whose range or ratio follows."""
    return figures_shares.starts_ratio(doc, end) or end + 1 < len(doc) \
        and doc[end].lower_ in RANGE_JOINERS - {"and"} and doc[end + 1].like_num


def _is_period_reference(doc: Doc, start: int) -> bool:
    """'the last three decades', 'the first few days': a time reference, not a quantity."""
    words = set(lexicon()["period_reference_words"])
    k = start - 1
    while k >= 0 and k >= start - 3:
        if doc[k].lower_ in words:
            return True
        if not (doc[k].is_alpha and doc[k].pos_ in {"ADJ", "DET"}):
            break
        k -= 1
    return False


def _match_before(doc: Doc, start: int, phrases: list[list[str]]) -> int | None:
    """Start index of the longest phrase ending right before `start`, if any."""
    longest = max((len(phrase) for phrase in phrases), default=0)
    before = [t.lower_ for t in doc[max(0, start - longest):start]]
    for phrase in phrases:
        n = len(phrase)
        if start - n >= 0 and before[len(before) - n:] == phrase:
            return start - n
    return None


def _is_age(doc: Doc, run: list[Token], end: int) -> bool:
    """'he is currently 78', 'aged 80', 'ages 16 to 24', '78 years old', 'a 78-year-old'."""
    last = run[-1]
    words = [t.lower_ for t in doc[end:end + 4]]
    if words[:2] in (["years", "old"], ["year", "old"]) or words[:3] == ["-", "year", "-"]:
        return True
    start = run[0].i
    cues = lexicon()["age_cues"]
    if start > 0 and doc[start - 1].lower_ in cues \
            or start > 1 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in cues:
        return True
    small_integer = last.text.isdigit() and 0 < int(last.text) < 120 and len(run) == 1
    # "Keith Lamont Scott, 43, was shot"; "The victim, 22, died."
    if small_integer and start >= 2 and doc[start - 1].text == "," and end < len(doc) \
            and doc[end].text in {",", ".", ";"} \
            and (doc[start - 2].pos_ == "NOUN" or doc[start - 2].pos_ == "PROPN"
                 and doc[start - 2].ent_type_ not in {"GPE", "LOC", "DATE", "NORP", "FAC"}):
        return True
    if last.dep_ in {"attr", "acomp"} and last.head.lemma_ == "be":
        subjects = [c for c in last.head.children if c.dep_ == "nsubj"]
        return any(
            s.lower_ in {"he", "she", "who"} or s.ent_type_ == "PERSON" for s in subjects
        ) and end < len(doc) and not doc[end].is_alpha
    return False


def _range(doc: Doc, run: list[Token], nxt: list[Token] | None, value: float):
    """'5 to 10', '5-10', 'between 5 and 10', 'from 5 to 10', 'one to two years'.
    Returns (low, high, end) for a range, 'score' for '5-4' / '4 to 1', or None."""
    start, end = run[0].i, run[-1].i + 1
    if nxt is None or nxt[0].i - end not in (1, 2) or doc[end].lower_ not in RANGE_JOINERS \
            or _excluded(doc, nxt) is not None or YEAR.match(run[-1].text):
        return None
    lex = lexicon()
    between = doc[end:nxt[0].i]
    if doc[end].lower_ == "and" and not any(
            t.lower_ == "between" for t in doc[max(0, start - BETWEEN_WINDOW):start]):
        return None
    if not all(t.lower_ in RANGE_JOINERS or t.text in lex["currency_symbols"] for t in between):
        return None
    second = parse_number(nxt)
    if second is None:
        return None
    # "5 to 10 million": the scale of the second applies to the first.
    scales = [t for t in nxt if t.lower_ in lex["scales"]]
    if scales and not any(t.lower_ in lex["scales"] for t in run):
        value *= lex["scales"][scales[-1].lower_]
    falling = start > 0 and doc[start - 1].lower_ == "from"
    if second <= value:
        # "$64.8million to $45.1million" compares two amounts; bare "5-4" is a score
        money = glued_prefix(run[0].text) or start > 0 and doc[start - 1].text in \
            lex["currency_symbols"]
        return None if falling or money else "score"
    return value, second, nxt[-1].i + 1


def _span_unit(doc: Doc, parts: DocParts, run: list[Token], end: int):
    """The unit written after the number and the end of the figure's span:
    currency, percent, unit of measure, age, or the counted noun."""
    lex = lexicon()
    after = (units.currency_after(doc, end, parts.currency) or units.percent_after(doc, end)
             or units.measure_after(doc, end))
    if after is not None:
        return after[1], after[0]
    if _is_age(doc, run, end):
        return "years", end
    if end < len(doc) and doc[end].lower_ == "times":
        return "times", end + 1  # a multiple: "three times the rate"
    noun = units.counted_noun(doc, run, end)
    if noun is None and end > run[-1].i + 1 and end < len(doc) and doc[end].pos_ == "NOUN":
        noun = doc[end]  # "90-plus minutes": the parse rarely links the number over "plus"
    if noun is None:
        return None, end
    if units.time_unit(noun.lower_) and _is_period_reference(doc, run[0].i):
        return "period", end
    _, unit = units.unit_text(doc, noun)
    if noun.lower_ in lex["time_units"] and noun.i == end:
        unit = lex["time_units"][noun.lower_]
    return unit, noun.i + 1


def _figure(doc: Doc, parts: DocParts, runs: list[list[Token]], index: int,
            used: set[int]) -> dict | None:
    """The figure a run of numbers states, or None when it states none."""
    lex = lexicon()
    run = runs[index]
    start, end = run[0].i, run[-1].i + 1
    value = parse_number(run)
    if value is None:
        return None
    unit: str | None = None
    span_start, span_end = start, end
    low = high = None
    fraction = figures_shares.fraction_before(doc, start, run)
    if fraction is not None:
        span_start, value = fraction[0], value * fraction[1]  # "a quarter of a million"
    is_age = False
    glued = glued_prefix(run[0].text)
    if glued is not None:
        unit = units.currency_of(glued[0], parts.currency)
        if unit is None:
            return None  # "R45" outside a South African article: a road, a model
    currency = units.currency_before(doc, start, parts.currency) if unit is None else None
    compound = units.compound_after(doc, end)
    nxt = runs[index + 1] if index + 1 < len(runs) else None
    share = figures_shares.ratio(doc, run, nxt, value, parts.currency)
    if share is not None:
        value, span_end, noun = share
        used.add(nxt[0].i)
        return _finish(doc, parts, run, span_start, span_end, value, "percent",
                       metric=units.unit_text(doc, noun)[1] if noun is not None else None)
    ranged = _range(doc, run, nxt, value)
    if ranged == "score":
        used.add(nxt[0].i)
        return None  # "a 5-4 decision", "4 to 1": a score or ratio, not an amount
    if ranged is not None:
        low, high, end = ranged
        used.add(nxt[0].i)
        value = (low + high) / 2
        span_end = end
    temporal = any(t.ent_type_ in {"DATE", "TIME"} and _really_temporal(parts, t) for t in run)
    plus = units.plus_after(doc, end)  # "15-plus years": the unit follows the "plus"
    unit_from = plus or end
    if unit is None and currency is not None:
        span_start, unit = currency
    elif unit is None and compound is not None:
        span_end, unit, is_age = compound
        if YEAR.match(run[-1].text) and not units.measure_unit(doc[end + 1].text):
            return None  # "a 2016-style campaign"
    elif unit is None and temporal:
        time_word = units.time_unit(doc[unit_from].text) if unit_from < len(doc) else None
        noun = units.counted_noun(doc, run, unit_from)
        if _is_age(doc, run, end):
            unit = "years"
        elif _is_period_reference(doc, start):
            return None  # "the last three decades"
        elif time_word is not None:
            unit, span_end = time_word, unit_from + 1
        elif noun is not None and units.time_unit(noun.lower_):
            unit, span_end = units.unit_text(doc, noun)[1], noun.i + 1  # "forty business days"
        else:
            return None  # dates, years, clock times
    elif YEAR.match(run[-1].text) and len(run) == 1 and ranged is None:
        # A bare year-like number is a figure only when it counts something (a plural:
        # "a 2014 study" is a year).
        noun = units.counted_noun(doc, run, end)
        if units.percent_after(doc, end) is None and (noun is None or noun.tag_ != "NNS"):
            return None
    if unit is None:
        unit, span_end = _span_unit(doc, parts, run, unit_from)
        if unit == "period":
            return None
    if unit is None and start > 0 and doc[start - 1].lower_ in {"the", "all", "these", "those"} \
            and run[0].is_alpha:
        return None  # "the two raised $350 million": a pronoun for people named before
    is_age = is_age or unit == "years" and _is_age(doc, run, end)
    sign = sign_before(doc, span_start)
    if sign is not None:
        value, span_start = -value, sign
        low, high = (-high if high is not None else None), (-low if low is not None else None)
    figure = _finish(doc, parts, run, span_start, max(span_end, plus or 0), value, unit,
                     low=low, high=high)
    if plus is not None and figure["qualifier"] is None:
        figure["qualifier"], figure["low"] = "plus", value
    if is_age:
        figure["metric"] = "age"
    elif unit in lex["time_units"].values():
        figure["metric"] = None  # durations take no metric ("two days in jail")
    return figure


def _finish(doc: Doc, parts: DocParts, run: list[Token], span_start: int, span_end: int,
            value: float, unit: str | None, low: float | None = None,
            high: float | None = None, metric: str | None = None) -> dict:
    """Qualifier, bounds, year and metric around a figure's span, and its offsets."""
    lex = lexicon()
    qualifier = None
    q_start = _match_before(doc, span_start, lex["qualifiers_sorted"])
    if q_start is not None:
        qualifier = doc[q_start:span_start].text.lower()
        span_start = q_start
    elif low is not None and span_start > 0 and doc[span_start - 1].lower_ in {"between",
                                                                                 "from"}:
        span_start -= 1
    if qualifier is not None and low is None and high is None:
        if qualifier in lex["lower_bound_qualifiers"]:
            low = value
        elif qualifier in lex["upper_bound_qualifiers"]:
            high = value
    text = doc[span_start:span_end].text
    return {
        "text": text,
        "start": doc[span_start].idx,
        "end": doc[span_start].idx + len(text),
        "value": float(value),
        "unit": unit,
        "qualifier": qualifier,
        "low": low,
        "high": high,
        "year": context.year_in_sentence(parts, doc[run[0].i].sent, span_start, span_end),
        "metric": metric if metric is not None else context.metric(parts, run, span_end),
    }


def find_figures(doc: Doc) -> list[dict]:
    figures: list[dict] = []
    parts = DocParts(doc)
    runs = number_runs(doc)
    used: set[int] = set()
    for index, run in enumerate(runs):
        if run[0].i in used or _excluded(doc, run):
            continue
        figure = _figure(doc, parts, runs, index, used)
        if figure is not None:
            figures.append(figure)
    shares = figures_shares.fraction_figures(doc, lambda *a, **k: _finish(doc, parts, *a, **k))
    taken = [(f["start"], f["end"]) for f in figures]
    for share in shares:
        if not any(s < share["end"] and share["start"] < e for s, e in taken):
            figures.append(share)
    figures.sort(key=lambda f: f["start"])
    return figures


class FigureFinder:
    def __init__(self, nlp: Language, name: str):
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        doc._.ct_figures = find_figures(doc)
        return doc


@Language.factory("claimtrack_figures")
def make_figures(nlp: Language, name: str):
    return FigureFinder(nlp, name)
