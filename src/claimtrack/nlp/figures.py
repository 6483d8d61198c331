"""Figures: numbers with value, unit, qualifier, range, year and metric.

Built on spaCy's parse: number tokens (``like_num``, number words, scale words, "11bn"),
the entity labels (DATE/TIME/ORDINAL numbers are not figures, except stated durations),
and the dependency tree (the noun a number counts, the verb whose subject is the metric).
Number words go through text2num. Rules and word lists: docs/claims.md, data/figures.json.
"""

from __future__ import annotations

import bisect
import json
import re
from functools import lru_cache
from importlib import resources

from spacy.attrs import LIKE_NUM, LOWER, ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimtrack.nlp.extensions import register_extensions

NUMERIC_LABELS = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}
# Entities whose numbers are names, not amounts ("Boeing 747", "Article 5", "G20").
NAME_LABELS = {"PERSON", "ORG", "PRODUCT", "LAW", "WORK_OF_ART", "FAC", "EVENT", "GPE", "NORP"}
DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$|^\.\d+$")
DIGITS_WITH_SUFFIX = re.compile(r"^(\d+(?:[.,]\d+)*)([a-zA-Z]{1,3})$")
# "HK$10", "NZ$5bn": the tokenizer keeps some currency prefixes glued to the number.
GLUED_CURRENCY = re.compile(r"^([A-Z]{1,3}\$|[$£€¥₹₽₸])(\d[\d,]*(?:\.\d+)?[a-zA-Z]{0,3})$")
YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)$")
HAS_DIGIT = re.compile(r"\d")
ORDINAL_SUFFIX = re.compile(r"^\d+(st|nd|rd|th)$", re.I)
ORDINAL_WORDS = {
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "twentieth", "hundredth", "thousandth", "millionth",
}
WORD_JOINERS = {"-", "and"}
RANGE_WORDS = {"between", "and", "to", "-", "–", "from", "some", "about", "around"}
MAX_NOUN_GAP = 8
# Durations and ages take no metric ("two days in jail" is not a measure of jail).
TIME_UNITS = {"seconds", "minutes", "hours", "days", "weeks", "months", "years", "decades",
              "centuries"}  # tokens allowed between a number and the noun it counts


@lru_cache(maxsize=1)
def lexicon() -> dict:
    text = resources.files("claimtrack.nlp").joinpath("data/figures.json").read_text("utf-8")
    data = json.loads(text)
    data["qualifiers_sorted"] = sorted(
        (q.split() for q in data["qualifiers"]), key=len, reverse=True
    )
    return data


def _text2num(words: str) -> float | None:
    from text_to_num import text2num

    try:
        return float(text2num(words, "en"))
    except (ValueError, AssertionError, IndexError):
        return None


def _digits(text: str) -> float | None:
    if DIGITS.match(text):
        return float(text.replace(",", ""))
    return None


def _attached_scale(text: str) -> float | None:
    """'11.07bn' -> 11.07e9; '5m' -> 5e6."""
    match = DIGITS_WITH_SUFFIX.match(text)
    if not match:
        return None
    scale = lexicon()["attached_scale_suffixes"].get(match.group(2).lower())
    number = _digits(match.group(1))
    if scale is None or number is None:
        return None
    return number * scale


def _glued_currency(text: str) -> tuple[str, str] | None:
    """'HK$10' -> ('HKD', '10') when the prefix is a known currency symbol."""
    match = GLUED_CURRENCY.match(text)
    if not match:
        return None
    code = lexicon()["currency_symbols"].get(match.group(1))
    return (code, match.group(2)) if code else None


def _is_ordinal(token: Token) -> bool:
    return (
        token.ent_type_ == "ORDINAL"
        or token.lower_ in ORDINAL_WORDS
        or bool(ORDINAL_SUFFIX.match(token.text))
    )


def _is_scale(token: Token) -> bool:
    scales = lexicon()["scales"]
    if token.lower_ not in scales:
        return False
    if token.lower_ in {"m", "k", "bn", "mn", "tn"}:
        # Abbreviated scales only right after a digit with no space ("5m", "3 bn" is rare).
        prev = token.nbor(-1) if token.i > 0 else None
        return prev is not None and prev.text[-1:].isdigit() and not prev.whitespace_
    return True


def _is_number(token: Token) -> bool:
    # Most tokens are words: every test below needs a digit, a scale word or like_num.
    if not HAS_DIGIT.search(token.text) and not token.like_num \
            and token.lower_ not in lexicon()["scales"]:
        return False
    if _is_ordinal(token):
        return False
    if _digits(token.text) is not None or _attached_scale(token.text) is not None:
        return True
    if _glued_currency(token.text) is not None:
        return True
    if _is_scale(token):
        return True
    if token.like_num and token.is_alpha:
        return _text2num(token.lower_) is not None
    return False


def parse_number(tokens: list[Token]) -> float | None:
    """Value of a run of number tokens: digits, number words, scale words, 'a million'."""
    scales = lexicon()["scales"]
    value: float | None = None
    words: list[str] = []
    for token in tokens:
        low = token.lower_
        if low in {"a", "an", "-", "and"}:
            continue
        glued = _glued_currency(token.text)
        number_text = glued[1] if glued else token.text
        digits = _digits(number_text)
        attached = _attached_scale(number_text)
        if digits is not None or attached is not None:
            value = digits if digits is not None else attached
            continue
        if low in scales and (value is not None or not words or low == "dozen"):
            base = value if value is not None else (_text2num(" ".join(words)) if words else 1.0)
            if base is None:
                return None
            value, words = base * scales[low], []
            continue
        words.append(low)
    if words:
        spelled = _text2num(" ".join(words))
        if spelled is None:
            return None
        value = spelled if value is None else value * spelled
    return value


def _number_flags(doc: Doc) -> list[bool]:
    """``_is_number`` of every token, asked only of the tokens that pass its first test
    (a digit, like_num or a scale word), read from arrays rather than Token objects."""
    scales = lexicon()["scales"]
    strings = doc.vocab.strings
    orths, lowers, like_nums = doc.to_array([ORTH, LOWER, LIKE_NUM]).T.tolist()
    text_of = {orth: strings[orth] for orth in set(orths) | set(lowers)}
    return [
        bool(like_num or HAS_DIGIT.search(text_of[orth]) or text_of[lower] in scales)
        and _is_number(doc[i])
        for i, (orth, lower, like_num) in enumerate(zip(orths, lowers, like_nums, strict=True))
    ]


def _number_runs(doc: Doc) -> list[list[Token]]:
    """Maximal runs of number tokens ('35 million', 'a million', 'twenty - six', '11.07bn')."""
    runs: list[list[Token]] = []
    number_at = _number_flags(doc)
    i = 0
    while i < len(doc):
        if not number_at[i]:
            i += 1
            continue
        token = doc[i]
        run = [token]
        j = i + 1
        while j < len(doc):
            nxt = doc[j]
            if number_at[j] and not (
                _digits(nxt.text) is not None and _digits(run[-1].text) is not None
            ):
                run.append(nxt)
                j += 1
            elif (
                nxt.text in WORD_JOINERS and j + 1 < len(doc) and run[-1].is_alpha
                and doc[j + 1].is_alpha and number_at[j + 1]
                and (nxt.text == "-" and not nxt.whitespace_ and not run[-1].whitespace_)
            ):
                run.append(nxt)
                j += 1
            else:
                break
        # "a million", "an estimated" is a qualifier, "a dozen"
        if i > 0 and doc[i - 1].lower_ in {"a", "an"} and run[0].lower_ in lexicon()["scales"]:
            run.insert(0, doc[i - 1])
        runs.append(run)
        i = j
    return runs


def _time_unit_after(doc: Doc, end: int) -> Token | None:
    if end < len(doc) and doc[end].lower_ in lexicon()["time_units"]:
        return doc[end]
    return None


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
    # the lower-cased words before `start`, as many as the longest phrase has, read once
    longest = max((len(phrase) for phrase in phrases), default=0)
    before = [t.lower_ for t in doc[max(0, start - longest):start]]
    for phrase in phrases:
        n = len(phrase)
        if start - n >= 0 and before[len(before) - n:] == phrase:
            return start - n
    return None


def _currency_before(doc: Doc, start: int) -> tuple[int, str] | None:
    lex = lexicon()
    if start == 0:
        return None
    prev = doc[start - 1]
    symbols = lex["currency_symbols"]
    if prev.text in symbols:
        code = symbols[prev.text]
        if prev.text == "$" and start >= 2 and not doc[start - 2].whitespace_:
            prefix = doc[start - 2].text
            if prefix in lex["dollar_prefixes"]:
                return start - 2, lex["dollar_prefixes"][prefix]
        return start - 1, code
    if prev.text in lex["currency_codes"]:
        return start - 1, "CNY" if prev.text == "RMB" else prev.text
    return None


def _currency_after(doc: Doc, end: int) -> tuple[int, str] | None:
    """Currency named after the number: '250,000 yuan', '5 million US dollars'."""
    lex = lexicon()
    if end >= len(doc):
        return None
    token = doc[end]
    if token.text in lex["currency_codes"]:
        return end + 1, "CNY" if token.text == "RMB" else token.text
    names = lex["currency_names"]
    for qualifier, code in lex["dollar_qualifiers"].items():
        n = len(qualifier.split())
        words = [t.lower_ for t in doc[end:end + n + 1]]
        if words[:n] == qualifier.split() and words[n:] and words[n] in {"dollar", "dollars"}:
            return end + n + 1, code
    if token.lower_ in names:
        followed_by_of = end + 1 < len(doc) and doc[end + 1].lower_ == "of"
        if token.lower_ in {"pound", "pounds"} and followed_by_of:
            return None  # "five pounds of rice" is a weight
        if token.lower_ in {"real", "won", "sum", "som", "rand"} and token.pos_ != "NOUN":
            return None
        return end + 1, names[token.lower_]
    return None


def _percent_after(doc: Doc, end: int) -> tuple[int, str] | None:
    lex = lexicon()
    for phrase in lex["percentage_point_words"]:
        words = phrase.split()
        if [t.lower_ for t in doc[end:end + len(words)]] == words:
            return end + len(words), "percentage points"
    for phrase in sorted(lex["percent_words"], key=len, reverse=True):
        words = phrase.split()
        if [t.lower_ for t in doc[end:end + len(words)]] == words:
            return end + len(words), "percent"
    return None


def _counted_noun(doc: Doc, run: list[Token], end: int) -> Token | None:
    """The noun the number counts: the number's syntactic head, to the right, close by."""
    members = {t.i for t in run}
    head = run[-1]
    while head.i in members and head.head.i != head.i:
        head = head.head
    if head.pos_ == "ADJ" and head.i > end:
        # '26 "sensitive" (mostly Muslim) states': the parse may stop at the adjective.
        head = _next_noun(doc, end) or head
    if head.i in members or head.i < end or head.i - end > MAX_NOUN_GAP:
        return None
    if head.pos_ not in {"NOUN", "PROPN"} or head.lower_ in lexicon()["not_counted_nouns"]:
        return None
    if any(t.pos_ in {"VERB", "AUX"} or t.text in {";", ":"} for t in doc[end:head.i]):
        return None
    if head.ent_type_ in {"DATE", "TIME"} and head.lower_ not in lexicon()["time_units"]:
        return None
    return head


def _next_noun(doc: Doc, end: int) -> Token | None:
    """First noun after a number, past adjectives, adverbs, quotes and parentheses."""
    for token in doc[end:end + MAX_NOUN_GAP + 1]:
        if token.pos_ == "NOUN":
            return token
        if token.pos_ in {"ADJ", "ADV", "PUNCT"} or token.ent_type_ == "NORP":
            continue
        return None
    return None


def _unit_text(doc: Doc, noun: Token) -> tuple[int, str]:
    """The counted noun as written, with the noun compounds right before it."""
    start = noun.i
    while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head == noun \
            and doc[start - 1].pos_ == "NOUN":
        start -= 1
    return start, doc[start:noun.i + 1].text


def _is_age(doc: Doc, run: list[Token], end: int) -> bool:
    """'he is currently 78', 'aged 80', '78 years old', 'a 78-year-old'."""
    last = run[-1]
    words = [t.lower_ for t in doc[end:end + 4]]
    if words[:2] in (["years", "old"], ["year", "old"]) or words[:3] == ["-", "year", "-"]:
        return True
    if run[0].i > 0 and doc[run[0].i - 1].lower_ in lexicon()["age_cues"]:
        return True
    start = run[0].i
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


class _DocParts:
    """A doc's entities and noun chunks, listed once per ``find_figures`` call: spaCy
    builds ``doc.ents`` and ``doc.noun_chunks`` anew (a scan of the doc) on each access."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self._ents: list[Span] | None = None
        self._ent_starts: list[int] = []
        self._chunks: list[Span] | None = None

    @property
    def ents(self) -> list[Span]:
        if self._ents is None:
            self._ents = list(self.doc.ents)
            self._ent_starts = [e.start for e in self._ents]
        return self._ents

    def ents_within(self, span: Span) -> list[Span]:
        """``span.ents``: the entities wholly inside the span, in order."""
        ents = self.ents
        found = []
        for ent in ents[bisect.bisect_left(self._ent_starts, span.start):]:
            if ent.end > span.end:
                break
            found.append(ent)
        return found

    @property
    def noun_chunks(self) -> list[Span]:
        if self._chunks is None:
            self._chunks = list(self.doc.noun_chunks)
        return self._chunks


def _really_temporal(parts: _DocParts, token: Token) -> bool:
    """A DATE/TIME label is believed when its entity has a word that is not a number or a
    range word ('June 9', 'two months', 'the 1990s') or a year-like number; the small model
    also labels 'between 5' DATE."""
    ent = next((e for e in parts.ents if e.start <= token.i < e.end), None)
    if ent is None:
        return False
    for t in ent:
        if YEAR.match(t.text) or t.lower_ not in RANGE_WORDS and not _is_number(t):
            return True
    return False


def _year_in_sentence(parts: _DocParts, sent: Span, start: int, end: int) -> str | None:
    """The year or period (YYYY-YYYY) nearest the figure in its sentence."""
    best: tuple[int, str] | None = None
    for ent in parts.ents_within(sent):
        if ent.label_ != "DATE":
            continue
        years = [t.text for t in ent if YEAR.match(t.text)]
        if not years:
            continue
        distance = ent.start - end if ent.start >= end else start - ent.end
        if distance > 15:
            continue
        period = years[0] if len(years) == 1 else f"{years[0]}-{years[-1]}"
        if best is None or distance < best[0]:
            best = (distance, period)
    return best[1] if best else None


def _chunk_text(parts: _DocParts, token: Token) -> str | None:
    doc = parts.doc
    for chunk in parts.noun_chunks:
        if chunk.start <= token.i < chunk.end:
            words = list(chunk)
            while words and (words[0].pos_ in {"DET", "PRON"} or words[0].is_punct):
                words = words[1:]
            if not words or words[0].i > token.i:
                return None
            return doc[words[0].i:chunk.end].text
    return token.text if token.pos_ == "NOUN" else None


def _metric(parts: _DocParts, run: list[Token], end: int) -> str | None:
    """'$11bn in bilateral trade' -> 'bilateral trade'; 'investment, which grew 6.6%' ->
    'investment'."""
    doc = parts.doc
    if end + 1 < len(doc) and doc[end].lower_ in {"in", "of"}:
        following = doc[end + 1]
        if following.ent_type_ not in {"DATE", "TIME", "GPE", "PERSON", "CARDINAL"} \
                and following.pos_ in {"ADJ", "NOUN", "DET", "PROPN"}:
            for chunk in parts.noun_chunks:
                if chunk.start == end + 1 or (chunk.start <= end + 1 < chunk.end):
                    if chunk.root.ent_type_ in {"DATE", "GPE", "PERSON", "TIME"}:
                        return None
                    return _chunk_text(parts, chunk.root)
    # The figure is the object of a change verb: the verb's subject is the metric.
    node = run[-1]
    while node.head.i != node.i and node.head.pos_ not in {"VERB", "AUX"}:
        node = node.head
        if node.i - run[-1].i > 6:
            return None
    verb = node.head
    if verb.lemma_ not in lexicon()["change_verbs"]:
        return None
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if not subjects:
        return None
    subject = subjects[0]
    if subject.tag_ in {"WDT", "WP"} and verb.dep_ == "relcl":
        subject = verb.head
        # "investment in Kazakhstan, which grew": the clause may hang on the place name.
        if subject.ent_type_ in {"GPE", "LOC", "ORG"} and subject.dep_ == "pobj" \
                and subject.head.head.pos_ == "NOUN":
            subject = subject.head.head
    if subject.pos_ not in {"NOUN", "PROPN"} or subject.ent_type_ in {"GPE", "PERSON"}:
        return None
    return _chunk_text(parts, subject)


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


class FigureFinder:
    def __init__(self, nlp: Language, name: str):
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        doc._.ct_figures = find_figures(doc)
        return doc


def _excluded(doc: Doc, run: list[Token]) -> str | None:
    """Why a run of numbers is not a figure (None when it is one)."""
    numbers = [t for t in run if t.lower_ not in {"a", "an", "-", "and"}]
    start, end = run[0].i, run[-1].i + 1
    if end < len(doc) and doc[end].lower_ in {"'s", "’s", "s"} and not doc[end - 1].whitespace_:
        return "a decade ('the 90's')"
    if _in_digit_chain(doc, start, end):
        return "phone number or identifier"
    if any(t.ent_type_ in NAME_LABELS for t in numbers):
        return "part of a name"
    if len(numbers) == 1 and numbers[0].lower_ == "one":
        return "'one' as a determiner"
    if all(t.lower_ in lexicon()["scales"] for t in numbers) and run[0].lower_ not in {"a", "an"}:
        return "scale word alone"  # "millions of people", "hundreds"
    return None


def find_figures(doc: Doc) -> list[dict]:
    figures: list[dict] = []
    lex = lexicon()
    runs = _number_runs(doc)
    parts = _DocParts(doc)
    used: set[int] = set()
    for index, run in enumerate(runs):
        if run[0].i in used or _excluded(doc, run):
            continue
        start, end = run[0].i, run[-1].i + 1
        value = parse_number(run)
        if value is None:
            continue
        unit: str | None = None
        unit_token_end = end
        low = high = None
        labels = {t.ent_type_ for t in run if t.ent_type_ not in {"DATE", "TIME"} or
                  _really_temporal(parts, t)}
        if _glued_currency(run[0].text) or _currency_before(doc, start):
            labels -= {"DATE", "TIME"}  # money is never a date, whatever the model says
        time_unit = _time_unit_after(doc, end)
        if labels & {"DATE", "TIME"} or time_unit is not None:
            if _is_age(doc, run, end):
                unit = "years"
            elif time_unit is not None and not _is_period_reference(doc, start):
                unit = lex["time_units"][time_unit.lower_]
                unit_token_end = end + 1
            else:
                continue  # dates, years, clock times, "the last three decades"
        elif YEAR.match(run[-1].text) and len(run) == 1:
            # A bare year-like number is a figure only when it counts something.
            if _currency_before(doc, start) is None and _percent_after(doc, end) is None \
                    and _counted_noun(doc, run, end) is None:
                continue
        # Range: "5 to 10", "5-10", "between 5 and 10", "from 5 to 10".
        nxt = runs[index + 1] if index + 1 < len(runs) else None
        if nxt is not None and unit is None and nxt[0].i - end in (1, 2) and \
                doc[end].lower_ in {"to", "-", "–", "and"} and \
                _excluded(doc, nxt) is None and not YEAR.match(run[-1].text):
            between = doc[end:nxt[0].i]
            if doc[end].lower_ != "and" or (start > 0 and doc[start - 1].lower_ == "between"):
                if all(t.lower_ in {"to", "-", "–", "and"} or t.text in lex["currency_symbols"]
                       for t in between):
                    second = parse_number(nxt)
                    if second is not None:
                        # "5 to 10 million": the scale of the second applies to the first.
                        scales = [t for t in nxt if t.lower_ in lex["scales"]]
                        first_scaled = any(t.lower_ in lex["scales"] for t in run)
                        if scales and not first_scaled:
                            value *= lex["scales"][scales[-1].lower_]
                        falling = start > 0 and doc[start - 1].lower_ == "from"
                        if second <= value and not falling:
                            # "a 5-4 decision", "4 to 1": a score or ratio, not an amount.
                            used.add(nxt[0].i)
                            continue
                        if second > value:
                            low, high = value, second
                            used.add(nxt[0].i)
                            run = run + list(between) + nxt
                            end = nxt[-1].i + 1
                            unit_token_end = end
        span_start, span_end = start, max(end, unit_token_end)
        currency = _currency_before(doc, start)
        glued = _glued_currency(run[0].text)
        if unit is None and glued is not None:
            unit = glued[0]
        elif unit is None and currency is not None:
            span_start, unit = currency
        if unit is None:
            after = _currency_after(doc, end) or _percent_after(doc, end)
            if after is not None:
                span_end, unit = after
        if unit is None and _is_age(doc, run, end):
            unit = "years"
        if unit is None:
            noun = _counted_noun(doc, run, end)
            if noun is not None:
                if noun.lower_ in lex["time_units"] and _is_period_reference(doc, start):
                    continue
                _, unit = _unit_text(doc, noun)
                if noun.lower_ in lex["time_units"]:
                    unit = lex["time_units"][noun.lower_]
                span_end = noun.i + 1
        # Qualifier: "more than", "an estimated", "between" (range).
        qualifier = None
        q_start = _match_before(doc, span_start, lex["qualifiers_sorted"])
        if q_start is not None:
            qualifier = doc[q_start:span_start].text.lower()
            span_start = q_start
        elif low is not None and span_start > 0 and \
                doc[span_start - 1].lower_ in {"between", "from"}:
            span_start -= 1
        if qualifier is not None and low is None:
            if qualifier in lex["lower_bound_qualifiers"]:
                low = value
            elif qualifier in lex["upper_bound_qualifiers"]:
                high = value
        if low is not None and high is not None and qualifier is None:
            value = (low + high) / 2
        sent = doc[start].sent
        text = doc[span_start:span_end].text
        figures.append({
            "text": text,
            "start": doc[span_start].idx,
            "end": doc[span_start].idx + len(text),
            "value": value,
            "unit": unit,
            "qualifier": qualifier,
            "low": low,
            "high": high,
            "year": _year_in_sentence(parts, sent, span_start, span_end),
            "metric": None if unit in TIME_UNITS else _metric(parts, run, span_end),
        })
    return figures


@Language.factory("claimtrack_figures")
def make_figures(nlp: Language, name: str):
    return FigureFinder(nlp, name)
