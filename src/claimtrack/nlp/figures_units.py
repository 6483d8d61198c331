"""Units of figures: currencies (ISO 4217), percent, units of measure, time units, numbers
inside compound adjectives ("a five-member panel") and the noun a number counts.

Every table is data (data/figures.json); docs/figures.md lists the canonical units.
``format_figure`` renders a stored figure back for display ("$11.07 billion").
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from claimtrack.nlp.figures_numbers import lexicon

MAX_NOUN_GAP = 8  # tokens allowed between a number and the noun it counts
MAX_UNIT_TOKENS = 3  # longest unit of measure in tokens ("km / h", "square kilometres")


class CurrencyContext:
    """Which ambiguous currency prefixes and names a document means ("R45" is rand only in
    an article that mentions South Africa). Cue lists are searched in the text once per
    prefix and only when such a prefix occurs."""

    def __init__(self, doc: Doc):
        self.doc = doc  # doc.text is built on each access: read only when a cue is needed
        self._text: str | None = None
        self._codes: dict[str, str | None] = {}

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self.doc.text
        return self._text

    def code(self, key: str) -> str | None:
        if key not in self._codes:
            table = lexicon()["context_currencies"]
            entry = table[key]
            if isinstance(entry, str):  # a plural names its singular's entry
                entry = table[entry]
            # The option whose cues the article names most often; none named: the default.
            counts = [(sum(self.text.count(cue) for cue in option["cues"]), -rank, option["code"])
                      for rank, option in enumerate(entry["options"])]
            best = max(counts, default=(0, 0, None))
            self._codes[key] = best[2] if best[0] > 0 else entry["default"]
        return self._codes[key]


def currency_of(text: str, context: CurrencyContext) -> str | None:
    """ISO code of a currency prefix or symbol ('KSh' -> KES, '$' -> USD)."""
    lex = lexicon()
    if text in lex["currency_symbols"]:
        return lex["currency_symbols"][text]
    if text in lex["context_currencies"]:
        return context.code(text)
    if text in lex["currency_codes"]:
        return lex["currency_aliases"].get(text, text)
    return None


def currency_before(doc: Doc, start: int, context: CurrencyContext) -> tuple[int, str] | None:
    """Currency written before the number: '$', 'US$', 'KSh 200', 'EUR 5', 'Rs 10 lakh'."""
    if start == 0:
        return None
    lex = lexicon()
    prev = doc[start - 1]
    if prev.text == "$" and start >= 2 and not doc[start - 2].whitespace_:
        prefix = doc[start - 2].text
        if prefix in lex["dollar_prefixes"]:
            return start - 2, lex["dollar_prefixes"][prefix]
    code = currency_of(prev.text, context)
    return (start - 1, code) if code else None


def currency_after(doc: Doc, end: int, context: CurrencyContext) -> tuple[int, str] | None:
    """Currency named after the number: '250,000 yuan', '5 million US dollars'."""
    lex = lexicon()
    if end >= len(doc):
        return None
    token = doc[end]
    if token.text in lex["currency_codes"]:
        return end + 1, lex["currency_aliases"].get(token.text, token.text)
    for qualifier, code in lex["dollar_qualifiers"].items():
        n = len(qualifier.split())
        words = [t.lower_ for t in doc[end:end + n + 1]]
        if words[:n] == qualifier.split() and words[n:] and words[n] in {"dollar", "dollars"}:
            return end + n + 1, code
    low = token.lower_
    if low in {"pound", "pounds"} and _is_weight(doc, end):
        return None  # "five pounds of rice", "weighs 236 pounds": a weight (lb)
    if low in lex["context_currencies"]:
        code = context.code(low)
        return (end + 1, code) if code else None
    if low in lex["currency_names"]:
        if low in lex["currency_names_also_words"] and token.pos_ != "NOUN":
            return None
        return end + 1, lex["currency_names"][low]
    return None


def _is_weight(doc: Doc, end: int) -> bool:
    """'pounds' is a weight when 'of' follows or the sentence weighs something."""
    if end + 1 < len(doc) and doc[end + 1].lower_ == "of":
        return True
    return any(t.lemma_ in {"weigh", "weight"} for t in doc[end].sent)


def percent_after(doc: Doc, end: int) -> tuple[int, str] | None:
    if end >= len(doc) or doc[end].lower_ not in lexicon()["percent_first_words"]:
        return None
    for words, unit in lexicon()["percent_phrases"]:
        if [t.lower_ for t in doc[end:end + len(words)]] == words:
            return end + len(words), unit
    return None


def measure_unit(text: str) -> str | None:
    """Canonical unit of measure for a unit as written: 'km2' -> 'km²', 'hectares' -> 'ha'.
    Symbols are matched case-sensitively ('t', 'MW'), words lower-cased."""
    lex = lexicon()
    return lex["unit_symbols"].get(text) or lex["unit_words"].get(text.lower())


def measure_after(doc: Doc, end: int) -> tuple[int, str] | None:
    """A unit of measure right after the number: '40,000 ha', '20 km²', '50 km/h',
    '5 °C', '30 square miles'. The longest match wins."""
    for n in range(MAX_UNIT_TOKENS, 0, -1):
        if end + n > len(doc):
            continue
        unit = measure_unit(doc[end:end + n].text)
        if unit is not None:
            return end + n, unit
    return None


def time_unit(word: str) -> str | None:
    return lexicon()["time_units"].get(word.lower())


def pluralise(word: str) -> str:
    """'member' -> 'members', 'storey' -> 'storeys', 'city' -> 'cities' (a compound
    adjective's noun is singular: 'a five-member panel' counts members)."""
    low = word.lower()
    irregular = lexicon()["irregular_plurals"]
    if low in irregular:
        return irregular[low]
    if low.endswith(("s", "x", "z", "ch", "sh")):
        return low + "es"
    if low.endswith("y") and low[-2:-1] not in set("aeiou"):
        return low[:-1] + "ies"
    return low + "s"


def compound_after(doc: Doc, end: int) -> tuple[int, str, bool] | None:
    """A number inside a compound adjective: '25-year career' -> years, 'seven-week-old
    calf' -> weeks (an age), 'five-member panel' -> members, '10-mile walk' -> mi.
    Returns (end of the compound, unit, is_age)."""
    if end + 1 >= len(doc) or doc[end].text != "-" or doc[end - 1].whitespace_ \
            or doc[end].whitespace_:
        return None
    word = doc[end + 1]
    low = word.lower_
    lex = lexicon()
    if not word.is_alpha or low in lex["compound_not_counted"] or low in lex["scales"] \
            or low in lex["fraction_words"]:
        return None
    after = end + 2
    is_age = [t.lower_ for t in doc[after:after + 2]] == ["-", "old"]
    unit = time_unit(low) or measure_unit(word.text)
    if unit is None:
        if word.like_num or word.pos_ not in {"NOUN", "ADJ", "PROPN", "VERB"}:
            return None
        unit = pluralise(low)
    return (after + 2 if is_age else after), unit, is_age


def plus_after(doc: Doc, end: int) -> int | None:
    """'15-plus years', '15+ years': the end of the 'plus', read as 'or more'."""
    if end < len(doc) and doc[end].text == "+" and not doc[end - 1].whitespace_:
        return end + 1
    if end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ == "plus" \
            and not doc[end - 1].whitespace_ and not doc[end].whitespace_:
        return end + 2
    return None


def counted_noun(doc: Doc, run: list[Token], end: int) -> Token | None:
    """The noun the number counts: the number's syntactic head, to the right, close by."""
    members = {t.i for t in run}
    head = run[-1]
    while head.i in members and head.head.i != head.i:
        head = head.head
    # "forty business days": the number hangs on the first noun of a compound
    while head.dep_ == "compound" and head.head.i > head.i and head.head.pos_ == "NOUN":
        head = head.head
    if head.pos_ == "ADJ" and head.i > end or end < len(doc) and _in_hyphen_word(doc, end) \
            and not (head.pos_ == "NOUN" and head.i >= end):
        # '26 "sensitive" (mostly Muslim) states': the parse may stop at the adjective;
        # 'nearly 13,000 fact-checked claims': or at the hyphenated modifier.
        head = next_noun(doc, end) or head
    if head.i in members or head.i < end or head.i - end > MAX_NOUN_GAP:
        return None
    if head.pos_ not in {"NOUN", "PROPN"} or head.lower_ in lexicon()["not_counted_nouns"]:
        return None
    if any(t.pos_ in {"VERB", "AUX"} and t.dep_ != "amod" and not _in_hyphen_word(doc, t.i)
           or t.text in {";", ":"} for t in doc[end:head.i]):  # "1,200 newly registered voters"
        return None
    if head.ent_type_ in {"DATE", "TIME"} and time_unit(head.lower_) is None:
        return None
    return head


def _in_hyphen_word(doc: Doc, i: int) -> bool:
    """'fact-checked': a token glued to a hyphen on either side."""
    before = i > 0 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_
    after = i + 1 < len(doc) and doc[i + 1].text == "-" and not doc[i].whitespace_
    return before or after


def next_noun(doc: Doc, end: int) -> Token | None:
    """First noun after a number, past adjectives, adverbs, quotes, parentheses and
    hyphenated modifiers."""
    for token in doc[end:end + MAX_NOUN_GAP + 1]:
        glued_on = token.i + 1 < len(doc) and (
            doc[token.i + 1].text == "-" and not token.whitespace_  # "fact-" of fact-checked
            or _in_hyphen_word(doc, token.i) and doc[token.i + 1].pos_ == "NOUN")  # part-time
        if token.pos_ == "NOUN" and not glued_on:
            return token
        if token.pos_ in {"ADJ", "ADV", "PUNCT"} or token.ent_type_ == "NORP" \
                or _in_hyphen_word(doc, token.i):
            continue
        return None
    return None


def unit_text(doc: Doc, noun: Token) -> tuple[int, str]:
    """The counted noun as written, with the noun compounds right before it ('crew
    members', 'private sector jobs') and its hyphenated first part ('fact-checkers')."""
    start = noun.i
    while start > 0 and doc[start - 1].dep_ == "compound" \
            and start <= doc[start - 1].head.i <= noun.i \
            and doc[start - 1].pos_ in {"NOUN", "PROPN"} and doc[start - 1].ent_type_ == "" \
            and not _in_hyphen_word(doc, start - 1):  # "part-time workers": an adjective
        start -= 1
        # 'private sector jobs': the compound's own adjective belongs to the term
        if start > 0 and doc[start - 1].dep_ == "amod" and doc[start - 1].head.i == start:
            start -= 1
    if start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_ \
            and not doc[start - 2].whitespace_ and doc[start - 2].is_alpha \
            and not doc[start - 2].like_num:
        start -= 2
    return start, doc[start:noun.i + 1].text


def format_figure(value: float, unit: str | None, qualifier: str | None = None) -> str:
    """A figure for display: (11070000000, 'USD') -> '$11.07 billion'; (200, 'KES') ->
    'KSh 200'; (6.6, 'percent') -> '6.6 percent'; (40000, 'ha') -> '40,000 ha'."""
    lex = lexicon()
    number = _format_number(value)
    if unit is None:
        text = number
    elif unit in lex["currency_display"]:
        # the symbol as news prose writes it, with its space when it takes one ("KSh 200")
        symbol = lex["currency_display"][unit]
        sign, digits = ("-", number[1:]) if number.startswith("-") else ("", number)
        text = f"{sign}{symbol}{digits}"
    elif unit in set(lex["currency_codes"]):
        text = f"{unit} {number}"
    elif unit == "percent":
        text = f"{number} percent"
    else:
        text = f"{number} {unit}"
    return f"{qualifier} {text}" if qualifier else text


def _format_number(value: float) -> str:
    """1.107e10 -> '11.07 billion', 40000 -> '40,000', 2.5 -> '2.5'."""
    for word, scale in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6)):
        if abs(value) >= scale:
            return f"{value / scale:,.2f}".rstrip("0").rstrip(".") + f" {word}"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
