"""spaCy's SpanRuler with its token Matcher run only where a match can lie.

The Matcher tests its patterns' predicates (a regex, NOT_IN sets: Python callables) on
every token of the doc and keeps a state per open ``*``/``+`` operator: over a
1,000-token article that cost 3-3.5 % of bare spaCy's CPU for about a dozen patterns,
while the names they find are a few short stretches of capitalised words.

A token pattern matches a contiguous run of tokens, each of which meets the token spec it
was consumed by. ``MatchWindows`` reads from the patterns one cheap necessary condition per
token spec (its ORTH/TEXT or LOWER word list, or the first letter a ``^[A-Z]`` regex
demands), so a token failing every spec's condition can be in no match. The maximal runs of
tokens that pass some condition and, for some pattern, hold a token meeting each of the
conditions of that pattern's mandatory specs (not ``?``/``*``) are the only places a match
can be; the Matcher runs on each such run as a Span (its token
predicates read one token, so a Span gives the same matches as the doc). A spec whose
condition cannot be read cheaply lets every token pass: the ruler is then slower, never
different.
"""

from __future__ import annotations

import string
import warnings

import numpy
from spacy.attrs import LOWER, ORTH, PREFIX
from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

ATTR_COLUMNS = {"ORTH": 0, "TEXT": 0, "LOWER": 1}  # columns of the doc array read below
PREFIX_COLUMN = 2
UPPER_REGEX = "^[A-Z]"  # a regex starting so demands an ASCII capital first letter
MANDATORY_OPS = {None, "1", "+"}  # operators that consume at least one token
MAX_CONDITIONS = 63  # one bit each in a uint64 beside the "passes" bit


class MatchWindows:
    """Where the token patterns of a ruler can match in a doc (see the module doc)."""

    def __init__(self, vocab: Vocab, token_patterns: list[list[dict]]):
        strings = vocab.strings
        passes: list[set[int]] = [set(), set(), set()]  # ids per doc-array column
        self.conditions: list[tuple[int, frozenset[int]]] = []  # distinct mandatory ones
        self.needs: list[tuple[int, ...]] = []  # per pattern: the conditions a match meets
        self.any_token = False  # some spec has no cheap condition: every token passes
        for pattern in token_patterns:
            needs = set()
            for spec in pattern:
                condition = self._condition(spec, strings)
                if condition is None:
                    self.any_token = True
                    continue
                passes[condition[0]] |= condition[1]
                if spec.get("OP") in MANDATORY_OPS:
                    if condition not in self.conditions:
                        self.conditions.append(condition)
                    needs.add(self.conditions.index(condition))
            self.needs.append(tuple(sorted(needs)))
        # per doc-array column, its ids sorted and a bit mask per id: bit 0 "passes some
        # spec", bit k + 1 "meets mandatory condition k" (read with one searchsorted)
        self.conditions = self.conditions[:MAX_CONDITIONS]  # fewer: a looser, still safe test
        self.needs = [tuple(k for k in needs if k < MAX_CONDITIONS) for needs in self.needs]
        self.columns = []
        for column, ids in enumerate(passes):
            masks = {i: 1 for i in ids}
            for k, (condition_column, condition_ids) in enumerate(self.conditions):
                if condition_column == column:
                    for i in condition_ids:
                        masks[i] |= 1 << (k + 1)
            order = sorted(masks)
            self.columns.append((numpy.array(order, dtype="uint64"),
                                 numpy.array([masks[i] for i in order], dtype="uint64")))

    @staticmethod
    def _condition(spec: dict, strings) -> tuple[int, set[int]] | None:
        """(doc-array column, the ids one of which a matching token has) for a token spec,
        or None when no cheap necessary condition is read from it."""
        if spec.get("OP") == "!":
            return None  # a negated spec matches tokens that fail it
        for attr, column in ATTR_COLUMNS.items():
            value = spec.get(attr)
            if isinstance(value, str):
                return column, frozenset({strings.add(value)})
            if isinstance(value, dict) and isinstance(value.get("IN"), list) and len(value) == 1:
                return column, frozenset(strings.add(word) for word in value["IN"])
        for attr in ("TEXT", "ORTH"):
            value = spec.get(attr)
            regex = str(value.get("REGEX", "")) if isinstance(value, dict) else ""
            if regex.startswith(UPPER_REGEX) and "|" not in regex:  # "^[A-Z]x|^of$" takes "of"
                return PREFIX_COLUMN, frozenset(strings.add(c) for c in string.ascii_uppercase)
        return None

    def __call__(self, doc: Doc) -> list[tuple[int, int]]:
        """(start, end) token index ranges, disjoint and in order."""
        if len(doc) == 0:
            return []
        table = doc.to_array([ORTH, LOWER, PREFIX])
        bits = numpy.zeros(len(doc), dtype="uint64")
        for column, (ids, masks) in enumerate(self.columns):
            if len(ids):
                at = numpy.minimum(numpy.searchsorted(ids, table[:, column]), len(ids) - 1)
                bits |= numpy.where(ids[at] == table[:, column], masks[at], 0)
        passing = numpy.ones(len(doc), dtype=bool) if self.any_token else (bits & 1) != 0
        edges = numpy.diff(numpy.concatenate(([0], passing.view(numpy.int8), [0])))
        starts, ends = (edges == 1).nonzero()[0], (edges == -1).nonzero()[0]
        # per condition: does each run hold a token meeting it (counts over the run)
        held_by = []
        for k in range(len(self.conditions)):
            meets = (bits & numpy.uint64(1 << (k + 1))) != 0
            counts = numpy.concatenate(([0], numpy.cumsum(meets)))
            held_by.append(counts[ends] > counts[starts])
        possible = numpy.zeros(len(starts), dtype=bool)
        for needs in self.needs:
            meets = numpy.ones(len(starts), dtype=bool)
            for k in needs:
                meets &= held_by[k]
            possible |= meets
        return list(zip(starts[possible].tolist(), ends[possible].tolist(), strict=True))


class WindowedSpanRuler(SpanRuler):
    """A SpanRuler whose token Matcher runs only over ``MatchWindows``; the phrase
    patterns (a PhraseMatcher: cheap) still run over the whole doc. Same spans."""

    _windows: MatchWindows | None = None

    def windows(self) -> MatchWindows:
        if self._windows is None:
            token_patterns = [p["pattern"] for p in self.patterns if isinstance(p["pattern"], list)]
            self._windows = MatchWindows(self.nlp.vocab, token_patterns)
        return self._windows

    def add_patterns(self, patterns) -> None:
        super().add_patterns(patterns)
        self._windows = None

    def clear(self) -> None:
        super().clear()
        self._windows = None

    def remove(self, label: str) -> None:
        super().remove(label)
        self._windows = None

    def remove_by_id(self, pattern_id: str) -> None:
        super().remove_by_id(pattern_id)
        self._windows = None

    def match(self, doc: Doc):
        self._require_patterns()
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="\\[W036")  # as SpanRuler.match
            matches = list(self.phrase_matcher(doc))
            if len(self.matcher):
                for start, end in self.windows()(doc):
                    matches += [(key, s + start, e + start)
                                for key, s, e in self.matcher(doc[start:end])]
        # the rest as SpanRuler.match
        deduplicated = {
            Span(doc, start, end, label=self._match_label_id_map[key]["label"],
                 span_id=self._match_label_id_map[key]["id"])
            for key, start, end in matches if start != end
        }
        return sorted(deduplicated)


@Language.factory(
    "claimtrack_span_ruler",
    assigns=["doc.spans"],
    default_config={  # span_ruler's own defaults
        "spans_key": "ruler",
        "spans_filter": None,
        "annotate_ents": False,
        "ents_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
        "phrase_matcher_attr": None,
        "matcher_fuzzy_compare": {"@misc": "spacy.levenshtein_compare.v1"},
        "validate": False,
        "overwrite": True,
    },
)
def make_windowed_span_ruler(nlp: Language, name: str, spans_key, spans_filter, annotate_ents,
                             ents_filter, phrase_matcher_attr, matcher_fuzzy_compare, validate,
                             overwrite) -> WindowedSpanRuler:
    return WindowedSpanRuler(
        nlp, name, spans_key=spans_key, spans_filter=spans_filter, annotate_ents=annotate_ents,
        ents_filter=ents_filter, phrase_matcher_attr=phrase_matcher_attr,
        matcher_fuzzy_compare=matcher_fuzzy_compare, validate=validate, overwrite=overwrite,
        scorer=None)
