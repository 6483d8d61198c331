"""The model's attribute ruler and lemmatizer run as table look-ups over a whole Doc.

Both are tables, not learned weights: the attribute ruler maps a token's tag (and for a few
words its text or dependency) to its coarse part of speech, morphology and some lemmas; the
rule lemmatizer maps (word, part of speech, morphology) to a lemma. spaCy runs them token by
token in Python, through a Matcher of 179 patterns and per-token calls, which costs a fifth
of the model's CPU on news text (benchmarks/stage_cpu.py). Here the same patterns become
numpy masks over the Doc's attribute arrays, written back with one ``Doc.from_array``, and
each lemma is computed once per (word, part of speech, morphology) by spaCy's own
lemmatizer. The output is the same annotation, token for token (tests/test_model_tables.py
compares every token's POS, TAG, MORPH, LEMMA and DEP with spaCy's own components).

``use_table_pipes(nlp)`` swaps them in under the same pipe names; a pattern or setting
this module cannot reproduce exactly keeps spaCy's own component.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy
from spacy.attrs import DEP, IDS, LEMMA, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

ATTRIBUTE_TABLE = "claimtrack_attribute_table"
LEMMA_TABLE = "claimtrack_lemma_table"

# Token attributes a pattern may test: their Doc.to_array values are string hashes, which
# is what the Matcher compares (flags such as IS_SPACE compare as 0/1).
STRING_ATTRS = ("TAG", "DEP", "LOWER", "ORTH", "NORM")
# What a rule may set: token-only fields, written by Doc.from_array exactly as
# spaCy's set_token_attrs writes them (a lexical attribute would change the Lexeme too).
SETTABLE = frozenset({POS, TAG, MORPH, LEMMA, DEP})


class Unsupported(ValueError):
    """A pattern this module cannot reproduce exactly: keep spaCy's component."""


@dataclass(frozen=True)
class _Test:
    attr: int
    op: str  # "eq", "in", "not_in" or "regex"
    value: object


@dataclass(frozen=True)
class _Rule:
    alternatives: tuple[tuple[tuple[_Test, ...], ...], ...]  # patterns: tokens: tests
    index: int
    attrs: tuple[tuple[int, int], ...]  # (attribute id, value) as set_token_attrs gets them


def _token_tests(spec: dict, strings) -> tuple[_Test, ...]:
    tests = []
    for key, value in spec.items():
        if key in STRING_ATTRS:
            attr = IDS[key]
            if isinstance(value, str):
                tests.append(_Test(attr, "eq", strings.add(value)))
            elif isinstance(value, dict) and len(value) == 1:
                (op, operand), = value.items()
                if op in ("IN", "NOT_IN") and all(isinstance(v, str) for v in operand):
                    tests.append(_Test(attr, op.lower(),
                                       frozenset(strings.add(v) for v in operand)))
                elif op == "REGEX" and isinstance(operand, str):
                    tests.append(_Test(attr, "regex", re.compile(operand)))
                else:
                    raise Unsupported(f"{key}: {value!r}")
            else:
                raise Unsupported(f"{key}: {value!r}")
        elif key.startswith(("IS_", "LIKE_")) and key in IDS and isinstance(value, bool):
            tests.append(_Test(IDS[key], "eq", int(value)))
        else:
            raise Unsupported(f"{key}: {value!r}")
    return tuple(tests)


def compile_rules(ruler: AttributeRuler) -> list[_Rule]:
    """The ruler's patterns in its own order (a later rule wins), as array tests."""
    strings = ruler.vocab.strings
    rules = []
    for entry, attrs, index in zip(ruler.patterns, ruler.attrs, ruler.indices, strict=True):
        if not set(attrs) <= SETTABLE:
            raise Unsupported(f"sets {sorted(attrs)}")
        alternatives = tuple(
            tuple(_token_tests(spec, strings) for spec in pattern)
            for pattern in entry["patterns"])
        if any(not pattern for pattern in alternatives):
            raise Unsupported("empty pattern")
        if any(not -len(pattern) <= index < len(pattern) for pattern in alternatives):
            raise Unsupported(f"index {index} outside a pattern")  # spaCy raises on a match
        rules.append(_Rule(alternatives, index, tuple(sorted(attrs.items()))))
    return rules


# Odd 64-bit multiplier (Fibonacci hashing) to mix a row's columns into one key.
_MIX = numpy.uint64(0x9E3779B97F4A7C15)


def _distinct_rows(rows: numpy.ndarray) -> tuple[list[tuple[int, ...]], numpy.ndarray]:
    """The distinct rows of a 2-D uint64 array and each row's index among them.

    Rows are grouped by a mixed 64-bit key with numpy, then checked against the real rows:
    a key collision (two different rows, one key) falls back to grouping by tuples."""
    key = rows[:, 0].copy()
    for col in range(1, rows.shape[1]):
        key = key * _MIX ^ rows[:, col]  # uint64 arithmetic wraps, as a hash should
    _, first, inverse = numpy.unique(key, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    distinct = rows[first]
    if numpy.array_equal(distinct[inverse], rows):
        return list(map(tuple, distinct.tolist())), inverse
    numbered: dict[tuple[int, ...], int] = {}
    inverse = numpy.fromiter((numbered.setdefault(row, len(numbered))
                              for row in map(tuple, rows.tolist())),
                             dtype="int64", count=len(rows))
    return list(numbered), inverse


class AttributeTable:
    """spaCy's AttributeRuler, applied through the Doc's attribute arrays.

    A one-token rule's outcome depends only on the values it tests, so each distinct row of
    tested values (tag, dependency, lower-case form, ...) is resolved once per process and
    remembered. Each column is first reduced to the values some one-token rule names or
    whose string its regex matches (any other value reads as 0, which every test treats
    as it treats such a value), so the rows stay few: named tags, dependencies and words.
    The few multi-token rules run as shifted masks over the real values. The last rule
    that matches a token sets each attribute, as in spaCy, whose matches are applied in
    rule order.
    """

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.vocab = nlp.vocab
        self.ruler: AttributeRuler | None = None  # spaCy's own, whose patterns these are
        self.fallback: AttributeRuler | None = None
        self.single: list[tuple[int, _Rule]] = []
        self.multi: list[tuple[int, _Rule]] = []
        self.read: list[int] = []
        self.written: list[int] = []
        self._column: dict[int, int] = {}
        # column -> the values some one-token rule names; any other value reads as 0
        self._named: dict[int, tuple[numpy.ndarray, list[_Test]]] = {}
        self._rows: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[int, ...]]] = {}
        self._regex: dict[int, dict[int, bool]] = {}  # id(test) -> value -> hit
        # tag -> the one-token rules whose tag tests it passes, in rule order: a row is
        # checked against those only (a few dozen of the 179 rules).
        self._by_tag: dict[int | None, list[tuple[int, _Rule]]] = {}

    def use(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        try:
            rules = compile_rules(ruler)
        except Unsupported:
            self.fallback = ruler
            return
        for order, rule in enumerate(rules):
            one_token = all(len(pattern) == 1 for pattern in rule.alternatives)
            (self.single if one_token else self.multi).append((order, rule))
        single_tests = [test for _, rule in self.single for pattern in rule.alternatives
                        for tests in pattern for test in tests]
        self.read = sorted({test.attr for _, rule in self.single + self.multi
                            for pattern in rule.alternatives for tests in pattern
                            for test in tests})
        self.written = sorted({attr for rule in rules for attr, _ in rule.attrs})
        self._column = {attr: i for i, attr in enumerate(self.read)}
        for attr in self.read:
            tests = [test for test in single_tests if test.attr == attr]
            named: set[int] = set()
            for test in tests:
                if test.op in ("in", "not_in"):
                    named |= test.value
                elif test.op == "eq":
                    named.add(test.value)
            patterns = [test for test in tests if test.op == "regex"]
            # 0 stands for "a value no rule names": it must not be named or match a regex.
            if 0 not in named and not any(test.value.search("") for test in patterns):
                self._named[self._column[attr]] = (
                    numpy.fromiter(named, dtype="uint64", count=len(named)), patterns)

    def _passes(self, test: _Test, value: int) -> bool:
        if test.op == "eq":
            return value == test.value
        if test.op == "in":
            return value in test.value
        if test.op == "not_in":
            return value not in test.value
        seen = self._regex_hits(test)
        hit = seen.get(value)
        if hit is None:  # the Matcher's REGEX searches the attribute's string
            hit = seen[value] = bool(test.value.search(self.vocab.strings[value]))
        return hit

    def _regex_hits(self, test: _Test) -> dict[int, bool]:
        """value -> whether the test's regex finds its string, filled as values come."""
        return self._regex.setdefault(id(test), {})

    def _may_pass_tag(self, tests: tuple[_Test, ...], tag: int) -> bool:
        return all(self._passes(test, tag) for test in tests if test.attr == TAG)

    def _resolve(self, row: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The rule order and the value per written attribute for a token with these tested
        values (rule order -1 where no one-token rule sets that attribute)."""
        column = self._column
        outcome = {attr: (-1, 0) for attr in self.written}
        tag = row[column[TAG]] if TAG in column else None
        candidates = self._by_tag.get(tag)
        if candidates is None:
            candidates = self._by_tag[tag] = [
                (order, rule) for order, rule in self.single
                if tag is None or any(self._may_pass_tag(pattern[0], tag)
                                      for pattern in rule.alternatives)]
        for order, rule in candidates:
            if any(all(self._passes(test, row[column[test.attr]]) for test in pattern[0])
                   for pattern in rule.alternatives):
                for attr, value in rule.attrs:
                    outcome[attr] = (order, value)
        return (tuple(outcome[attr][0] for attr in self.written),
                tuple(outcome[attr][1] for attr in self.written))

    def __call__(self, doc: Doc) -> Doc:
        if self.fallback is not None:
            return self.fallback(doc)
        if not len(doc):
            return doc
        tested = doc.to_array(self.read).reshape(len(doc), -1)  # 1-D for one attribute
        reduced = tested.copy()
        for col, (named, patterns) in self._named.items():
            kept = numpy.isin(reduced[:, col], named)
            for test in patterns:
                kept |= self._fits(test, reduced[:, col])
            reduced[~kept, col] = 0
        distinct, token_rows = _distinct_rows(reduced)
        known = self._rows
        orders, values = [], []
        for row in distinct:
            outcome = known.get(row)
            if outcome is None:
                outcome = known[row] = self._resolve(row)
            orders.append(outcome[0])
            values.append(outcome[1])
        order = numpy.array(orders, dtype="int64")[token_rows]  # (tokens, written attrs)
        value = numpy.array(values, dtype="uint64")[token_rows]
        for rank, rule in self.multi:
            target = self._multi_target(rule, tested)
            for attr, setting in rule.attrs:
                col = self.written.index(attr)
                wins = target & (order[:, col] < rank)
                order[wins, col] = rank
                value[wins, col] = setting
        out = doc.to_array(self.written).reshape(len(doc), -1)
        set_here = order >= 0
        out[set_here] = value[set_here]
        doc.from_array(self.written, out)
        return doc

    def _fits(self, test: _Test, column: numpy.ndarray) -> numpy.ndarray:
        if test.op == "eq":
            return column == test.value
        if test.op in ("in", "not_in"):
            found = numpy.isin(column, numpy.fromiter(test.value, dtype="uint64"))
            return found if test.op == "in" else ~found
        values, inverse = numpy.unique(column, return_inverse=True)
        values = values.tolist()
        seen = self._regex_hits(test)
        for value in values:
            if value not in seen:
                self._passes(test, value)
        fits = numpy.fromiter(map(seen.__getitem__, values), dtype=bool, count=len(values))
        return fits[inverse.reshape(-1)]

    def _multi_target(self, rule: _Rule, tested: numpy.ndarray) -> numpy.ndarray:
        """Tokens a multi-token rule sets: each pattern token's tests on consecutive
        tokens, and the match's ``index`` token marked."""
        n = len(tested)
        target = numpy.zeros(n, dtype=bool)
        for pattern in rule.alternatives:
            length = len(pattern)
            if length > n:
                continue
            starts = numpy.ones(n - length + 1, dtype=bool)
            for offset, tests in enumerate(pattern):
                for test in tests:
                    fits = self._fits(test, tested[:, self._column[test.attr]])
                    starts &= fits[offset:offset + n - length + 1]
            # span[index] of each match: the index may count from the end, as in spaCy.
            shift = rule.index if rule.index >= 0 else length + rule.index  # in range: compiled
            target[shift:shift + len(starts)] |= starts
        return target


class LemmaTable:
    """spaCy's rule lemmatizer, each (word, POS, morphology) lemmatised once per process."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.vocab = nlp.vocab
        self.lemmatizer: Lemmatizer | None = None
        self.table: dict[tuple[int, int, int], int] = {}

    def use(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer

    def __call__(self, doc: Doc) -> Doc:
        lemmatizer = self.lemmatizer
        if lemmatizer.mode != "rule":  # a lookup lemmatizer is cheap already
            return lemmatizer(doc)
        if not lemmatizer._validated:
            lemmatizer._validate_tables()
        if not len(doc):
            return doc
        array = doc.to_array([ORTH, POS, MORPH, LEMMA])
        table = self.table
        strings = self.vocab.strings
        lemmas = array[:, 3]
        overwrite = lemmatizer.overwrite
        for i, (orth, pos, morph, lemma) in enumerate(array.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            found = table.get(key)
            if found is None:
                found = table[key] = strings.add(lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas)
        return doc


@Language.factory(ATTRIBUTE_TABLE)
def make_attribute_table(nlp: Language, name: str) -> AttributeTable:
    return AttributeTable(nlp, name)


@Language.factory(LEMMA_TABLE)
def make_lemma_table(nlp: Language, name: str) -> LemmaTable:
    return LemmaTable(nlp, name)


def use_table_pipes(nlp: Language) -> Language:
    """Swap the model's attribute ruler and rule lemmatizer for their table versions, under
    the same pipe names and in the same places; anything else stays as it is."""
    for factory, kind in ((ATTRIBUTE_TABLE, AttributeRuler), (LEMMA_TABLE, Lemmatizer)):
        for name in list(nlp.pipe_names):
            original = nlp.get_pipe(name)
            if type(original) is kind or (kind is Lemmatizer and isinstance(original, kind)):
                nlp.replace_pipe(name, factory)
                nlp.get_pipe(name).use(original)
    return nlp
