"""Entity mentions: the model's label slips fixed with context, and canonical names.

Runs right after ``ner`` and rewrites ``doc.ents`` (so figures and attribution see the
fixed labels), then stores ``doc._.ct_entities``. The rules are document-level and general
("one sense per discourse"): see docs/claims.md, "Entities". Word lists: data/entities.json.
Rule names (span_ruler patterns and their merge): entity_rules.py; canonical names within a
document: entity_canonicals.py.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.attrs import IDX, IS_PUNCT, LENGTH, LOWER, ORTH, POS
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.symbols import DET, PRON, PROPN
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from claimtrack.name_index import canonical_map
from claimtrack.names import (
    QUOTE_CHARS,
    acronym_key,
    initials,
    is_acronym,
    same_name_word,
    strip_name,
)
from claimtrack.nlp.entity_canonicals import (
    article_free,
    canonical_names,
    person_name,
    similar_surname,
    surname_key,
)
from claimtrack.nlp.entity_context import (
    head_noun_label,
    is_nationality,
    name_words,
    organization_context,
    person_by_role,
    place_context,
    speaks,
)
from claimtrack.nlp.entity_rules import (
    POSSESSIVE,
    RULES_KEY,
    SPEECH_FORMS,
    Mention,
    defined_acronym_names,
    lexicon,
    merge_rule_spans,
    rule_patterns,
)
from claimtrack.nlp.extensions import register_extensions
from claimtrack.nlp.name_ruler import WindowedSpanRuler  # noqa: F401  (registers the factory)
from claimtrack.text import doc_text

# canonical_map (cross-article) lives in claimtrack.name_index; re-exported here, with lexicon
# (attribution reads the publication lists).
__all__ = ["add_entity_pipes", "canonical_map", "canonical_names", "lexicon",
           "same_name_word", "strip_name"]

NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT",
               "WORK_OF_ART", "LAW", "LANGUAGE"}
NUMERIC_LABELS = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}
VOTING_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,6}$")
LOCATIVE_PREPOSITIONS = {"in", "at", "near", "from", "to", "into", "across", "outside"}


# ---------------------------------------------------------------- name comparison


# ---------------------------------------------------------------- label fixes


class _DocTokens:
    """The token attributes the label rules read, from arrays taken once per doc: the
    rules read the same few tokens of each mention many times, and each ``doc[i]`` builds
    a Token (``doc[start:end].text`` a Span and a join of its tokens)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        idx, length, lower, pos, punct = doc.to_array(
            [IDX, LENGTH, LOWER, POS, IS_PUNCT]).T.tolist()
        self.starts, self.ends = idx, [i + n for i, n in zip(idx, length, strict=True)]
        self.lower_ids, self.pos, self.is_punct = lower, pos, punct
        self.chars = doc_text(doc)
        self.strings = doc.vocab.strings

    def text(self, i: int) -> str:
        return self.chars[self.starts[i]:self.ends[i]]

    def lower(self, i: int) -> str:
        return self.strings[self.lower_ids[i]]


# The last doc's tokens: fix_labels and everything it calls read one doc at a time.
_last_tokens: _DocTokens | None = None


def _tokens(doc: Doc) -> _DocTokens:
    global _last_tokens
    if _last_tokens is None or _last_tokens.doc is not doc:
        _last_tokens = _DocTokens(doc)
    return _last_tokens


def _span_text(doc: Doc, start: int, end: int) -> str:
    """``doc[start:end].text`` (token indexes, start <= end), from the doc's text."""
    if end <= start:
        return ""
    tokens = _tokens(doc)
    return tokens.chars[tokens.starts[start]:tokens.ends[end - 1]]


def _trim(doc: Doc, mention: Mention) -> list[Mention]:
    """Drop possessives and leading non-name words; split 'X's Y' into X and Y."""
    if mention.label in NUMERIC_LABELS or mention.label in {"DATE", "TIME"}:
        return [mention]
    t = _tokens(doc)
    start, end = mention.start, mention.end
    skip = lexicon()["leading_non_name_words"]
    while start < end and (t.lower(start) in skip or t.text(start) in QUOTE_CHARS):
        start += 1
    while end > start and (t.text(end - 1) in POSSESSIVE or t.text(end - 1) in QUOTE_CHARS
                           or t.is_punct[end - 1] or t.lower(end - 1) in SPEECH_FORMS):
        end -= 1  # "Obama Says" in a headline: the verb is not part of the name
    for k in range(start + 1, end):
        if t.lower(k) in SPEECH_FORMS and t.text(k)[:1].isupper():
            end = k  # "Trump Says He Never ...": the headline's verb ends the name
            break
    if mention.label == "PERSON":
        while start < end and t.pos[start] in (DET, PRON):
            start += 1  # "a Mitt Romney"
    if all(t.pos[k] == PRON for k in range(start, end)):
        return []  # "us" tagged GPE
    if end <= start:
        return []
    for k in range(start + 1, end) if "(" in _span_text(doc, start, end) else ():
        if t.text(k) == "(":
            # "The World Food Organisation (WFO": a name and the acronym it defines.
            parts = [Mention(start, k, mention.label)]
            if k + 1 < end and ACRONYM.match(t.text(k + 1)):
                parts.append(Mention(k + 1, k + 2, mention.label))
            return parts
    for k in range(start + 1, end - 1):
        if t.lower(k) in {"'s", "’s"}:
            label = mention.label
            # "The Intercept's Mehdi Hasan": an organisation's named member is a person.
            if label == "ORG" and 2 <= end - k - 1 <= 3 and all(
                t.pos[j] == PROPN and t.text(j)[:1].isupper() for j in range(k + 1, end)
            ):
                label = "PERSON"
            return [Mention(start, k, mention.label), Mention(k + 1, end, label)]
    return [Mention(start, end, mention.label)]


def fix_labels(doc: Doc) -> list[Span]:
    global _last_tokens
    _last_tokens = None  # token arrays are read afresh for each doc the rules see
    mentions: list[Mention] = []
    for merged in merge_rule_spans(doc):
        for m in _trim(doc, merged):
            m.fixed = m.fixed or merged.fixed
            mentions.append(m)
    mentions = defined_acronym_names(doc, mentions)
    text_of = {id(m): strip_name(_span_text(doc, m.start, m.end)) for m in mentions}

    tokens = _tokens(doc)
    for m in mentions:
        if m.label in {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"} and not any(
            t.like_num or t.is_digit for t in doc[m.start:m.end]
        ):
            # "protests in Zhanaozen" tagged CARDINAL: a place after a locative preposition.
            after_prep = m.start > 0 and tokens.lower(m.start - 1) in LOCATIVE_PREPOSITIONS
            propn = all(tokens.pos[k] == PROPN for k in range(m.start, m.end))
            m.label, m.fixed = ("GPE", True) if after_prep and propn else ("", True)
        elif m.label in NAME_LABELS and is_nationality(_span_text(doc, m.start, m.end)):
            m.label, m.fixed = "NORP", True
        elif m.label == "ORG" and not m.fixed and place_context(doc, m):
            m.label, m.fixed = "GPE", True
    mentions = [m for m in mentions if m.label]
    # A place found by context is a place in every mention of that name.
    places = {text_of[id(m)] for m in mentions if m.label == "GPE" and m.fixed}
    for m in mentions:
        if m.label == "ORG" and not m.fixed and text_of[id(m)] in places:
            m.label, m.fixed = "GPE", True
    # "moderator Lester Holt" (ORG): a person in every mention of that name.
    publication_ends = {m.end for m in mentions
                        if text_of[id(m)] in lexicon()["publication_names"]}
    role_people = {text_of[id(m)] for m in mentions if m.label == "ORG" and not m.fixed
                   and person_by_role(doc, m, publication_ends)}
    for m in mentions:
        if text_of[id(m)] in role_people and not m.fixed:
            m.label, m.fixed = "PERSON", True
    single_persons = {text_of[id(m)] for m in mentions
                      if m.label == "PERSON" and len(text_of[id(m)].split()) == 1}
    for m in mentions:
        label = head_noun_label(doc, m, _span_text(doc, m.start, m.end), single_persons)
        if label:
            m.label, m.fixed = label, True

    # A name seen as a person's full name, or mostly as PERSON, is a person elsewhere too.
    person_words = _person_words(doc, mentions, text_of)
    first_words = {words[0] for m in mentions if m.label == "PERSON"
                   for words in [name_words(_span_text(doc, m.start, m.end))] if len(words) >= 2}
    # A name word's spelling check against every person word, once per word: a name is
    # mentioned many times and the check is a fuzzy comparison per person word.
    like_person: dict[str, bool] = {}
    for m in mentions:
        if m.label in VOTING_LABELS - {"PERSON", "NORP"} and not m.fixed:
            words = name_words(_span_text(doc, m.start, m.end))
            if words and words[-1] in person_words and all(w[:1].isupper() for w in words) \
                    and len(words) <= 3:
                m.label = "PERSON"
            elif len(words) == 1 and _like_person(words[0], person_words, like_person):
                m.label = "PERSON"
            elif len(words) == 1 and words[0] in first_words and speaks(doc, m):
                m.label = "PERSON"  # "Wang added": a family name first ("Wang Yi")
            elif _transliterated_person(words, person_words):
                m.label = "PERSON"
    # Organisation context outranks the PERSON default; propagate to every mention. Not for
    # the surname of a person named in full ("Donald Trump" ... "the Trump campaign").
    full_surnames = {words[-1] for m in mentions if m.label == "PERSON"
                     for words in [name_words(_span_text(doc, m.start, m.end))] if len(words) >= 2}
    org_texts = {text_of[id(m)] for m in mentions
                 if m.label == "PERSON" and not m.fixed and text_of[id(m)] not in full_surnames
                 and organization_context(doc, m)}
    for m in mentions:
        if text_of[id(m)] in org_texts:
            m.label, m.fixed = "ORG", True
    _vote(mentions, text_of)
    _acronyms(doc, mentions, text_of)
    mentions = _add_unlabelled_names(doc, mentions, text_of)
    spans = [Span(doc, m.start, m.end, label=m.label) for m in mentions]
    return sorted(filter_spans(spans), key=lambda s: s.start)


def _like_person(word: str, person_words: set[str], seen: dict[str, bool]) -> bool:
    """Whether ``word`` spells one of ``person_words`` (memoised in ``seen``)."""
    if word not in seen:
        seen[word] = any(same_name_word(word, p) for p in person_words)
    return seen[word]


def _transliterated_person(words: list[str], person_words: set[str]) -> bool:
    """'El Farouky' (ORG) after 'Omar al-Farouqi': a surname with an Arabic article that
    spells exactly one person's surname of the document."""
    if not 1 <= len(words) <= 2 or article_free(words[-1]) == words[-1] and (
            len(words) == 1 or article_free(" ".join(words)) == " ".join(words)):
        return False  # no Arabic article: the common case, decided without parsing the name
    glued = person_name(" ".join(words))[0]
    if len(glued) != 1 or article_free(glued[0]) == glued[0]:
        return False
    return len({surname_key(p) for p in person_words if similar_surname(glued[0], p)}) == 1


def _person_words(doc: Doc, mentions: list[Mention], text_of: dict) -> set[str]:
    """Surnames of multi-word PERSON names, and single names labelled PERSON most often."""
    surnames: set[str] = set()
    votes: Counter = Counter()
    for m in mentions:
        words = name_words(_span_text(doc, m.start, m.end))
        if m.label == "PERSON" and 2 <= len(words) <= 4 and all(
                article_free(w)[:1].isupper() for w in words):  # "Omar al-Farouqi"
            surnames.add(words[-1])
        if len(words) == 1:
            votes[(words[0], m.label == "PERSON")] += 1
    for (word, is_person), count in list(votes.items()):
        if is_person and count > votes[(word, False)]:
            surnames.add(word)
    return {w for w in surnames if len(w) >= 3 and not is_nationality(w)}


def _vote(mentions: list[Mention], text_of: dict) -> None:
    """Same name, one label in one document: the string names one thing, so the majority
    label (a context-fixed mention counts three) relabels the rest, whatever the labels (a
    ship PERSON then PRODUCT, an agency ORG then GPE); a tie goes to the label of the first
    mention. Labels fixed by a context rule are never out-voted."""
    by_text: dict[str, Counter] = {}
    for m in mentions:
        if m.label in NAME_LABELS:
            by_text.setdefault(text_of[id(m)], Counter())[m.label] += 3 if m.fixed else 1
    for m in mentions:
        counts = by_text.get(text_of[id(m)])
        if not counts or m.fixed or m.label not in NAME_LABELS or len(counts) < 2:
            continue
        top = counts.most_common(1)[0][0]  # ties: first counted, the first mention's label
        m.label = top


def _acronyms(doc: Doc, mentions: list[Mention], text_of: dict) -> None:
    """'BRI' takes the label of 'Belt and Road Initiative' when its initials match."""
    expansions = {}
    for m in mentions:
        name = text_of[id(m)]
        if len(name.split()) >= 2 and m.label in VOTING_LABELS | {"EVENT", "LAW"}:
            expansions.setdefault(initials(name), m.label)
    for m in mentions:
        name = text_of[id(m)]
        key = acronym_key(name) if is_acronym(name) else None  # "I.R.S." spells "IRS"
        if key in expansions:
            m.label = expansions[key]


def _add_unlabelled_names(doc: Doc, mentions: list[Mention], text_of: dict) -> list[Mention]:
    """Mentions the model missed: a known person's name word or a known acronym, standing
    alone as a proper noun; adjacent person mentions merge ('Bilash' + 'Serikzhan')."""
    covered = {i for m in mentions for i in range(m.start, m.end)}
    known: dict[str, str] = {}
    for m in mentions:
        name = text_of[id(m)]
        words = name_words(_span_text(doc, m.start, m.end))
        if m.label == "PERSON":
            for w in words:
                if len(w) >= 3 and "-" not in w:
                    known.setdefault(w, "PERSON")
        elif ACRONYM.match(name) or len(words) >= 2:
            if len(words) >= 2:
                known.setdefault(initials(name), m.label)
            else:
                known.setdefault(name, m.label)
    added = list(mentions)
    # Only tokens spelled like a known name can qualify: find them by their orth ids
    # (one array) instead of building every token of the doc.
    known_ids = {get_string_id(name) for name in known}
    candidates = [i for i, orth in enumerate(doc.to_array(ORTH).tolist()) if orth in known_ids]
    for token in (doc[i] for i in candidates):
        if token.i in covered or token.text not in known or token.pos_ != "PROPN":
            continue
        if token.text in lexicon()["nationality_words"] or token.is_sent_start and \
                known[token.text] != "PERSON" and not ACRONYM.match(token.text):
            continue
        if known[token.text] != "PERSON" and not ACRONYM.match(token.text):
            continue
        added.append(Mention(token.i, token.i + 1, known[token.text], fixed=True))
    added.sort(key=lambda m: m.start)
    merged: list[Mention] = []
    for m in added:
        prev = merged[-1] if merged else None
        if prev and prev.label == m.label == "PERSON" and prev.end == m.start \
                and not doc[prev.end - 1].whitespace_ == "" and m.end - prev.start <= 4:
            merged[-1] = Mention(prev.start, m.end, "PERSON", fixed=True)
            continue
        merged.append(m)
    return merged


# ---------------------------------------------------------------- the component


class EntityCanonicalizer:
    def __init__(self, nlp: Language, name: str):
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        # The spans just set are doc.ents (labelled, sorted, not overlapping): reading
        # doc.ents back would rebuild every span from the tokens' entity tags.
        ents = fix_labels(doc)
        doc.ents = ents
        text = doc_text(doc)
        # Numbers belong to figures (value, unit, qualifier); keep names, places and dates.
        mentions = []
        for e in ents:
            label = e.label_
            if label not in NUMERIC_LABELS and label != "TIME":
                start, end = e.start_char, e.end_char
                mentions.append({"text": text[start:end], "label": label, "start": start,
                                 "end": end})
        canonicals = canonical_names(mentions, text)
        for mention, canonical in zip(mentions, canonicals, strict=True):
            mention["canonical"] = canonical
        doc._.ct_entities = mentions
        return doc


@Language.factory("claimtrack_entities")
def make_entities(nlp: Language, name: str):
    return EntityCanonicalizer(nlp, name)


def add_entity_pipes(nlp: Language) -> None:
    """A span ruler (names by head noun, publications; patterns from data/entities.json) that
    writes doc.spans["ct_entity_rules"], then claimtrack_entities, which merges the rule
    names with the model's entities and fixes labels. The ruler is spaCy's span_ruler with
    its token patterns run only where they can match (name_ruler.py): same spans."""
    after = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe("claimtrack_span_ruler", name="claimtrack_entity_rules", after=after,
                         config={"spans_key": RULES_KEY, "spans_filter": {
                             "@misc": "spacy.first_longest_spans_filter.v1"}})
    # The phrase patterns (publication names) match on ORTH, so they need only the
    # tokenizer: span_ruler would otherwise run every pipe before it over each of them.
    with nlp.select_pipes(disable=nlp.pipe_names):
        ruler.add_patterns(rule_patterns())
    nlp.add_pipe("claimtrack_entities", after="claimtrack_entity_rules")
