"""Shares written as fractions or ratios: "two-thirds of voters", "nearly half the money",
"three in four doctors", "eight of 10 avocados"; and fractions of a scale or unit: "a
quarter of a million", "half a percentage point".

Decision (docs/figures.md): a share of a group is stored like a percentage, unit
``percent`` and value 100 x the fraction rounded to 2 decimals ("two-thirds" -> 66.67), so
one query finds every share whatever way it was written; the group is the metric.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from spacy.attrs import LOWER
from spacy.tokens import Doc, Token

from claimtrack.nlp import figures_units as units
from claimtrack.nlp.figures_numbers import YEAR, lexicon, parse_number, text2num

SHARE_DECIMALS = 2
# "eight of 10 avocados" is a share; "3 of 5 games" more often a count: "of" ratios need a
# round denominator.
ROUND_DENOMINATORS = {10.0, 100.0, 1000.0}
MAX_DENOMINATOR = 1e6  # "one in a million"
NOUN_WINDOW = 6  # tokens from a share to the noun naming its group ("of the city's buses")


def share_value(fraction: float) -> float:
    return round(100 * fraction, SHARE_DECIMALS)


def starts_ratio(doc: Doc, end: int) -> bool:
    """'One in five': a number right before 'in'/'out of' and another number."""
    words = [t for t in doc[end:end + 3]]
    lowered = [t.lower_ for t in words]
    return (lowered[:1] == ["in"] and len(words) > 1 and words[1].like_num) or (
        lowered[:2] == ["out", "of"] and len(words) > 2 and words[2].like_num)


def ratio(doc: Doc, run: list[Token], nxt: list[Token] | None, value: float,
          context: units.CurrencyContext):
    """'three in four', 'one in five', 'three out of four', 'eight of 10': (share, end of
    span, the counted noun after the denominator) or None."""
    if nxt is None or run[0].lower_ in {"a", "an"}:
        return None
    end = run[-1].i + 1
    if nxt[0].i - end not in (1, 2):
        return None
    words = [t.lower_ for t in doc[end:nxt[0].i]]
    if words not in (["in"], ["out", "of"], ["of"]) or YEAR.match(nxt[-1].text):
        return None
    denominator = parse_number(nxt)
    if denominator is None or not 1 < denominator <= MAX_DENOMINATOR \
            or not 0 < value <= denominator:
        return None
    if words == ["of"] and denominator not in ROUND_DENOMINATORS:
        return None
    after = nxt[-1].i + 1
    if units.percent_after(doc, after) or units.currency_after(doc, after, context):
        return None  # "5 of 10 percent", "two in 100 dollars": not a share
    # the group is the first noun after the denominator ("one in five adults smokes")
    return share_value(value / denominator), after, units.next_noun(doc, after)


def _numerator(doc: Doc, i: int) -> tuple[int, float] | None:
    """Start and numerator of the fraction whose denominator word is doc[i]."""
    word = doc[i].lower_
    plural = word.endswith("s") and word != "halves" or word == "halves"
    before = doc[i - 1].lower_ if i > 0 else ""
    if i >= 2 and before == "-" and not doc[i - 2].whitespace_ and doc[i - 2].is_alpha:
        number = text2num(doc[i - 2].lower_)  # "two-thirds", "one-third"
        return (i - 2, number) if number else None
    if i >= 1 and doc[i - 1].like_num and doc[i - 1].is_alpha and before != "one" \
            or before == "one" and not plural:
        number = text2num(before)  # "three quarters", "one third"
        return (i - 1, number) if number else None
    if before in {"a", "an"} and not plural:
        if i >= 2 and doc[i - 2].lower_ == "and":
            return None  # "one and a half": a number run
        return i - 1, 1.0
    if word == "half" and before not in lexicon()["not_before_half"]:
        return i, 1.0
    return None


def fraction_before(doc: Doc, start: int, run: list[Token]) -> tuple[int, float] | None:
    """'a quarter of a million', 'half a million', 'three-quarters of a billion': the start
    and fraction written before a scale run ('a million')."""
    scales = lexicon()["scales"]
    if not all(t.lower_ in scales or t.lower_ in {"a", "an"} for t in run):
        return None
    k = start - 1
    if k >= 0 and doc[k].lower_ == "of":
        k -= 1
    if k < 0 or doc[k].lower_ not in lexicon()["fraction_words"]:
        return None
    numerator = _numerator(doc, k)
    if numerator is None:
        return None
    return numerator[0], numerator[1] * lexicon()["fraction_words"][doc[k].lower_]


def _unit_of_fraction(doc: Doc, j: int) -> tuple[int, str] | None:
    """'half a percentage point', 'a quarter of an hour', 'half a mile': the unit after
    '[of] a/an' at j."""
    if j < len(doc) and doc[j].lower_ == "of":
        j += 1
    if j >= len(doc) or doc[j].lower_ not in {"a", "an"}:
        return None
    j += 1
    found = units.percent_after(doc, j) or units.measure_after(doc, j)
    if found is not None:
        return found
    time_unit = units.time_unit(doc[j].text) if j < len(doc) else None
    return (j + 1, time_unit) if time_unit else None


def _group_noun(doc: Doc, j: int) -> Token | None:
    """The noun naming the group a share is taken of: 'of voters', 'the money', 'of all
    tomatoes', 'of its reserves'."""
    for token in doc[j:j + NOUN_WINDOW]:
        possessive = token.i + 1 < len(doc) and doc[token.i + 1].tag_ == "POS"
        if token.pos_ in {"NOUN", "PROPN"} and not possessive:  # "of the city's buses"
            return token
        if token.pos_ not in {"DET", "ADJ", "ADP", "PRON", "PART"} and not possessive:
            # "half of 1 percent": a number follows, the figure is that number's
            return None
    return None


def fraction_figures(doc: Doc, finish: Callable[..., dict]) -> list[dict]:
    """Figures written as fractions. `finish(run, start, end, value, unit, metric=...)`
    adds the qualifier, year and offsets (figures._finish)."""
    lex = lexicon()
    fractions = lex["fraction_words"]
    strings = doc.vocab.strings
    hashes = [strings[w] for w in fractions]
    lowers = doc.to_array([LOWER])
    found: list[dict] = []
    for i in np.flatnonzero(np.isin(lowers, hashes)).tolist():
        numerator = _numerator(doc, i)
        if numerator is None:
            continue
        start, top = numerator
        fraction = top * fractions[doc[i].lower_]
        j = i + 1
        unit = _unit_of_fraction(doc, j)
        if unit is not None:
            found.append(finish([doc[i]], start, unit[0], fraction, unit[1]))
            continue
        if j >= len(doc) or doc[j].lower_ not in lex["share_followers"]:
            continue  # "cut in half", "a third term", "the second half"
        noun = _group_noun(doc, j)
        if noun is None or noun.ent_type_ in {"DATE", "TIME"} or doc[j].lower_ != "of" \
                and noun.lower_ in lex["not_share_nouns"]:
            continue  # "half the size of" (a multiple), "a quarter of 2016"
        if doc[j].lower_ == "of" and j + 2 < len(doc) and doc[j + 1].lower_ in {"a", "an"} \
                and doc[j + 2].lower_ in lex["scales"]:
            continue  # "a quarter of a million": a number, found from its scale run
        found.append(finish([doc[i]], start, i + 1, share_value(fraction), "percent",
                            metric=units.unit_text(doc, noun)[1]))
    return found
