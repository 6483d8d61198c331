"""Numbers in text: which tokens are numbers, how they run together, and their value.

Digits with separators, decimals and a sign ("-3.5", "−2"), number words through text2num
("forty", "twenty-six"), scale words ("million", "lakh", "bn", glued "11bn", "$1billion"),
"and a half" ("one and a half million"), and currency prefixes glued to the digits
("HK$10", "KSh200", "MK2"; which currency they name is decided in figures_units.py).
Word lists and scales: data/figures.json.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from spacy.attrs import LIKE_NUM, LOWER, ORTH
from spacy.tokens import Doc, Token

MINUS_SIGNS = "-−–"
DIGITS = re.compile(
    r"^[-−]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)$"
)
# "11.07bn", "5m", "846.8million": a scale glued to the digits.
DIGITS_WITH_SUFFIX = re.compile(r"^(\d+(?:[.,]\d+)*)([a-zA-Z]{1,8})$")
# "HK$10", "KSh200", "₦3", "R45", "$1billion": a currency prefix glued to the number.
GLUED_PREFIX = re.compile(r"^([^\d\s]{1,4}?)(\d[\d,]*(?:\.\d+)?[a-zA-Z]{0,8})$")
YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)$")
HAS_DIGIT = re.compile(r"\d")
ORDINAL_SUFFIX = re.compile(r"^\d+(st|nd|rd|th)$", re.I)
ORDINAL_WORDS = {
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "twentieth", "hundredth", "thousandth", "millionth",
}
# Words a run of number tokens may contain besides numbers ("one and a half million").
FILLER_WORDS = {"a", "an", "-", "and"}
# "three hundred and twenty": "and" joins number words after these
HUNDREDS = {"hundred", "thousand"}


@lru_cache(maxsize=1)
def lexicon() -> dict:
    text = resources.files("claimtrack.nlp").joinpath("data/figures.json").read_text("utf-8")
    data = json.loads(text)
    data["qualifiers_sorted"] = sorted(
        (q.split() for q in data["qualifiers"]), key=len, reverse=True
    )
    # percent phrases as word lists, longest first; percentage points before percent
    data["percent_phrases"] = [
        (phrase.split(), unit) for unit, key in (("percentage points", "percentage_point_words"),
                                                 ("percent", "percent_words"))
        for phrase in sorted(data[key], key=len, reverse=True)]
    data["percent_first_words"] = {words[0] for words, _ in data["percent_phrases"]}
    data["glued_prefixes"] = set(data["currency_symbols"]) | {
        key for key in data["context_currencies"] if not key.islower()}
    return data


def text2num(words: str) -> float | None:
    from text_to_num import text2num as convert

    try:
        return float(convert(words, "en"))
    except (ValueError, AssertionError, IndexError):
        return None


def digits_value(text: str) -> float | None:
    if DIGITS.match(text):
        return float(text.replace(",", "").replace("−", "-"))
    return None


def attached_scale(text: str) -> float | None:
    """'11.07bn' -> 11.07e9; '5m' -> 5e6; '846.8million' -> 846.8e6."""
    match = DIGITS_WITH_SUFFIX.match(text)
    if not match:
        return None
    scale = lexicon()["attached_scale_suffixes"].get(match.group(2).lower())
    number = digits_value(match.group(1))
    if scale is None or number is None:
        return None
    return number * scale


def glued_prefix(text: str) -> tuple[str, str] | None:
    """'HK$10' -> ('HK$', '10') when the prefix is a known currency prefix."""
    match = GLUED_PREFIX.match(text)
    if not match or match.group(1) not in lexicon()["glued_prefixes"]:
        return None
    number = match.group(2)
    if digits_value(number) is None and attached_scale(number) is None:
        return None
    return match.group(1), number


def is_ordinal(token: Token) -> bool:
    return (
        token.ent_type_ == "ORDINAL"
        or token.lower_ in ORDINAL_WORDS
        or bool(ORDINAL_SUFFIX.match(token.text))
    )


def is_scale(token: Token) -> bool:
    scales = lexicon()["scales"]
    if token.lower_ not in scales:
        return False
    if token.lower_ in lexicon()["glued_only_scales"]:
        # Abbreviated scales only right after a digit with no space ("5m"; "3 m" is metres).
        prev = token.nbor(-1) if token.i > 0 else None
        return prev is not None and prev.text[-1:].isdigit() and not prev.whitespace_
    return True


def is_number(token: Token) -> bool:
    # Most tokens are words: every test below needs a digit, a scale word or like_num.
    if not HAS_DIGIT.search(token.text) and not token.like_num \
            and token.lower_ not in lexicon()["scales"]:
        return False
    if is_ordinal(token):
        return False
    if digits_value(token.text) is not None or attached_scale(token.text) is not None:
        return True
    if glued_prefix(token.text) is not None:
        return True
    if is_scale(token):
        return True
    if token.like_num and token.is_alpha:
        return text2num(token.lower_) is not None
    return False


def _token_value(text: str) -> float | None:
    glued = glued_prefix(text)
    number_text = glued[1] if glued else text
    value = digits_value(number_text)
    return value if value is not None else attached_scale(number_text)


def parse_number(tokens: list[Token]) -> float | None:
    """Value of a run of number tokens: digits, number words, scale words, 'a million',
    'one and a half million'."""
    lex = lexicon()
    scales, fractions = lex["scales"], lex["fraction_words"]
    value: float | None = None
    words: list[str] = []
    for index, token in enumerate(tokens):
        low = token.lower_
        if low in FILLER_WORDS:
            continue
        if low in fractions and index > 0 and tokens[index - 1].lower_ in {"a", "an"}:
            # "and a half": added to the whole number read so far
            whole = value if value is not None else (text2num(" ".join(words)) if words else 0)
            if whole is None:
                return None
            value, words = whole + fractions[low], []
            continue
        number = _token_value(token.text)
        if number is not None:
            value = number
            continue
        if low in scales and (value is not None or not words or low == "dozen"):
            base = value if value is not None else (text2num(" ".join(words)) if words else 1.0)
            if base is None:
                return None
            value, words = base * scales[low], []
            continue
        words.append(low)
    if words:
        spelled = text2num(" ".join(words))
        if spelled is None:
            return None
        value = spelled if value is None else value * spelled
    return value


def number_flags(doc: Doc) -> list[bool]:
    """``is_number`` of every token, asked only of the tokens that pass its first test
    (a digit, like_num or a scale word), read from arrays rather than Token objects."""
    scales = lexicon()["scales"]
    strings = doc.vocab.strings
    orths, lowers, like_nums = doc.to_array([ORTH, LOWER, LIKE_NUM]).T.tolist()
    text_of = {orth: strings[orth] for orth in set(orths) | set(lowers)}
    return [
        bool(like_num or HAS_DIGIT.search(text_of[orth]) or text_of[lower] in scales)
        and is_number(doc[i])
        for i, (orth, lower, like_num) in enumerate(zip(orths, lowers, like_nums, strict=True))
    ]


def _glued(doc: Doc, i: int) -> bool:
    """No space between doc[i] and doc[i + 1]."""
    return not doc[i].whitespace_


def _and_a_fraction(doc: Doc, j: int) -> int:
    """'and a half' at j: the index after it, else j."""
    fractions = lexicon()["fraction_words"]
    words = [t.lower_ for t in doc[j:j + 3]]
    if len(words) == 3 and words[0] == "and" and words[1] in {"a", "an"} \
            and words[2] in fractions:
        return j + 3
    return j


def number_runs(doc: Doc) -> list[list[Token]]:
    """Maximal runs of number tokens ('35 million', 'a million', 'twenty - six', '11.07bn',
    'one and a half million', '$400-million')."""
    runs: list[list[Token]] = []
    number_at = number_flags(doc)
    scales = lexicon()["scales"]
    i = 0
    while i < len(doc):
        if not number_at[i]:
            i += 1
            continue
        run = [doc[i]]
        j = i + 1
        while j < len(doc):
            nxt = doc[j]
            after_fraction = _and_a_fraction(doc, j)
            if number_at[j] and not (
                digits_value(nxt.text) is not None and digits_value(run[-1].text) is not None
            ):
                run.append(nxt)
                j += 1
            elif after_fraction > j and run[-1].lower_ not in scales:
                run.extend(doc[j:after_fraction])
                j = after_fraction
            elif (
                nxt.lower_ == "and" and j + 1 < len(doc) and number_at[j + 1]
                and run[-1].lower_ in HUNDREDS and doc[j + 1].is_alpha
                and doc[j + 1].lower_ not in scales  # "three hundred and twenty"
            ):
                run.append(nxt)
                j += 1
            elif (
                nxt.text == "-" and j + 1 < len(doc) and number_at[j + 1]
                and _glued(doc, j - 1) and _glued(doc, j)
                and (run[-1].is_alpha and doc[j + 1].is_alpha
                     or doc[j + 1].lower_ in scales)  # "twenty-six", "$400-million"
            ):
                run.append(nxt)
                j += 1
            else:
                break
        # "a million", "a dozen"
        if i > 0 and doc[i - 1].lower_ in {"a", "an"} and run[0].lower_ in scales:
            run.insert(0, doc[i - 1])
        runs.append(run)
        i = j
    return runs


def sign_before(doc: Doc, start: int) -> int | None:
    """Start of a sign word or glued minus before a number ('minus 40', '- 3'), if any."""
    if start == 0:
        return None
    prev = doc[start - 1]
    if prev.lower_ in lexicon()["negative_words"]:
        # "plus or minus 4 points" is a margin of error, not a negative number
        plus_or = start >= 3 and [t.lower_ for t in doc[start - 3:start - 1]] == ["plus", "or"]
        return None if plus_or else start - 1
    if prev.text in MINUS_SIGNS and _glued(doc, start - 1) \
            and (start == 1 or doc[start - 2].whitespace_ or doc[start - 2].text == "(") \
            and not (start >= 2 and doc[start - 2].like_num):
        return start - 1
    return None
