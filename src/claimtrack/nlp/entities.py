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
from functools import lru_cache

from spacy.attrs import IDX, LENGTH, ORTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from claimtrack.names import (
    QUOTE_CHARS,
    canonical_map,
    initials,
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
from claimtrack.text import doc_text

# canonical_map (cross-article) lives in claimtrack.names; re-exported here, with lexicon
# (attribution reads the publication lists).
__all__ = ["add_entity_pipes", "canonical_map", "canonical_names", "lexicon",
           "same_name_word", "strip_name"]

NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT",
               "WORK_OF_ART", "LAW", "LANGUAGE"}
NUMERIC_LABELS = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}
VOTING_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,6}$")
LOCATIVE_PREPOSITIONS = {"in", "at", "near", "from", "to", "into", "across", "outside"}
# Labels the model gives names it has misread; a name's head noun may overrule them.
MISREAD_LABELS = {"FAC", "PRODUCT", "WORK_OF_ART", "PERSON", "LOC", "EVENT"}
NAME_CONNECTORS = {"of", "for", "on", "in", "to", "against", "at"}


# ---------------------------------------------------------------- name comparison


def _name_words(text: str) -> list[str]:
    """Words of a person's name: 'Kassym-Jomart Tokayev' -> ['Kassym-Jomart', 'Tokayev']."""
    return list(_name_words_of(text))


@lru_cache(maxsize=4096)  # the same names recur through a document's label rules
def _name_words_of(text: str) -> tuple[str, ...]:
    return tuple(w for w in strip_name(text).split() if w)


# ---------------------------------------------------------------- label fixes


# Character offsets of the last doc's tokens: the label rules read the text of the same
# mentions many times, and ``doc[start:end].text`` builds a Span and joins its tokens.
_last_offsets: tuple[Doc, list[int], list[int]] | None = None


def _span_text(doc: Doc, start: int, end: int) -> str:
    """``doc[start:end].text`` (token indexes, start <= end), from the doc's text."""
    global _last_offsets
    if _last_offsets is None or _last_offsets[0] is not doc:
        starts, lengths = doc.to_array([IDX, LENGTH]).T.tolist()
        _last_offsets = (doc, starts, [i + n for i, n in zip(starts, lengths, strict=True)])
    if end <= start:
        return ""
    _doc, starts, ends = _last_offsets
    return doc_text(doc)[starts[start]:ends[end - 1]]



@lru_cache(maxsize=4096)
def _is_nationality(text: str) -> bool:
    words = lexicon()["nationality_words"]
    parts = [p for p in re.split(r"[\s\-]+", strip_name(text)) if p]
    if not parts:
        return False
    joined = " ".join(parts).lower()
    if joined in words:
        return True
    return all(p.lower() in words or (p.lower().endswith("s") and p.lower()[:-1] in words)
               for p in parts)


def _trim(doc: Doc, mention: Mention) -> list[Mention]:
    """Drop possessives and leading non-name words; split 'X's Y' into X and Y."""
    if mention.label in NUMERIC_LABELS or mention.label in {"DATE", "TIME"}:
        return [mention]
    start, end = mention.start, mention.end
    skip = lexicon()["leading_non_name_words"]
    while start < end and (doc[start].lower_ in skip or doc[start].text in QUOTE_CHARS):
        start += 1
    while end > start and (doc[end - 1].text in POSSESSIVE or doc[end - 1].text in QUOTE_CHARS
                           or doc[end - 1].is_punct or doc[end - 1].lower_ in SPEECH_FORMS):
        end -= 1  # "Obama Says" in a headline: the verb is not part of the name
    if mention.label == "PERSON":
        while start < end and doc[start].pos_ in {"DET", "PRON"}:
            start += 1  # "a Mitt Romney"
    if all(t.pos_ == "PRON" for t in doc[start:end]):
        return []  # "us" tagged GPE
    if end <= start:
        return []
    for k in range(start + 1, end):
        if doc[k].text == "(":
            # "The World Food Organisation (WFO": a name and the acronym it defines.
            parts = [Mention(start, k, mention.label)]
            if k + 1 < end and ACRONYM.match(doc[k + 1].text):
                parts.append(Mention(k + 1, k + 2, mention.label))
            return parts
    for k in range(start + 1, end - 1):
        if doc[k].lower_ in {"'s", "’s"}:
            owned = doc[k + 1:end]
            label = mention.label
            # "The Intercept's Mehdi Hasan": an organisation's named member is a person.
            if label == "ORG" and 2 <= len(owned) <= 3 and all(
                t.pos_ == "PROPN" and t.text[:1].isupper() for t in owned
            ):
                label = "PERSON"
            return [Mention(start, k, mention.label), Mention(k + 1, end, label)]
    return [Mention(start, end, mention.label)]


def _organization_context(doc: Doc, m: Mention) -> bool:
    """'a new organization, X', 'X, a rights group', 'X founder ...', 'the X group'."""
    lex = lexicon()
    org_nouns, roles = lex["organization_nouns"], lex["organization_role_nouns"]
    before = doc[max(0, m.start - 2):m.start]
    if len(before) == 2 and before[1].text == "," and before[0].lower_ in org_nouns:
        return True
    after = doc[m.end:m.end + 4]
    if len(after) >= 2 and after[0].text == ",":
        for token in after[1:]:
            if token.lower_ in org_nouns:
                return True
            if token.pos_ not in {"DET", "ADJ", "NOUN"} or token.lower_ in roles:
                break
    # "Ata Zhurt founder ...": not nouns that follow a person's name as often ("the Trump
    # campaign", "Clinton spokesman Brian Fallon").
    if len(after) >= 1 and after[0].pos_ == "NOUN" and after[0].lower_ in org_nouns | roles \
            and after[0].dep_ in {"compound", "nsubj", "ROOT", "appos", "dobj", "pobj"}:
        return after[0].lower_ not in lex["person_following_nouns"]
    return False


def _head_noun_label(doc: Doc, m: Mention, single_persons: set[str]) -> str | None:
    """A name's last word says what it names: "Beijing Chinese Language Institute" (FAC) is
    an ORG, "Belt and Road Initiative" (FAC) an ORG (initiatives and programmes are run by
    organisations), "the National Voter Registration Act" (ORG) a LAW. Only labels the model
    misreads are overruled (a GPE "Soviet Union" stays), and a head word used alone as a
    person's name in the doc ("Margaret Court" ... "Court said") is no head noun."""
    lex = lexicon()
    words = _name_words(_span_text(doc, m.start, m.end))
    if len(words) < 2 or words[-1] in single_persons:
        return None
    if words[-1] in lex["law_head_nouns_set"] and m.label in MISREAD_LABELS | {"ORG", "GPE",
                                                                             "NORP"}:
        return "LAW"  # "Freedom of Information Act": a law's title ends with its kind
    # "University of British Columbia": the head is the word before the first connector, so
    # "State of the Union" is headed by "State", not "Union".
    connector = next((k for k, w in enumerate(words) if w in NAME_CONNECTORS), len(words))
    if connector < 1:
        return None
    head = words[connector - 1]
    if head in lex["programme_head_nouns_set"] and m.label in MISREAD_LABELS | {"GPE", "NORP"} \
            and m.label != "EVENT":
        return "ORG"
    if head in lex["organization_head_nouns_set"] and m.label in MISREAD_LABELS | {"NORP"}:
        return "ORG"
    return None


def _person_by_role(doc: Doc, m: Mention, publication_ends: set[int]) -> bool:
    """A two- or three-word proper name the model called ORG is a person's name when a
    person's role or title comes right before it ("moderator Lester Holt", "Sen. Tim
    Kaine") or a publication owns it ("NBC's Lester Holt")."""
    lex = lexicon()
    span = doc[m.start:m.end]
    words = _name_words(span.text)
    if not 2 <= len(words) <= 3 or m.start == 0:
        return False
    if not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in span):
        return False
    if words[-1] in lex["organization_head_nouns_set"] | set(lex["publication_head_nouns"]) \
            or strip_name(span.text) in lex["publication_names"]:
        return False
    before = doc[m.start - 1]
    if before.lower_.rstrip(".") in lex["person_role_set"]:
        return True
    return before.text in POSSESSIVE and (m.start - 1) in publication_ends


def _place_context(doc: Doc, m: Mention) -> bool:
    """'the annexation of Crimea', 'Russia annexed Crimea': what is annexed, invaded or
    occupied is a place, not an organisation."""
    lex = lexicon()
    root = doc[m.start:m.end].root
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        return head.head.lemma_.lower() in lex["place_event_nouns_set"]
    if root.dep_ == "dobj" and head.pos_ == "VERB":
        return head.lemma_.lower() in lex["place_event_verbs_set"]
    return False


def fix_labels(doc: Doc) -> list[Span]:
    global _last_offsets
    _last_offsets = None  # token offsets are read afresh for each doc the rules see
    mentions: list[Mention] = []
    for merged in merge_rule_spans(doc):
        for m in _trim(doc, merged):
            m.fixed = m.fixed or merged.fixed
            mentions.append(m)
    mentions = defined_acronym_names(doc, mentions)
    text_of = {id(m): strip_name(_span_text(doc, m.start, m.end)) for m in mentions}

    for m in mentions:
        span = doc[m.start:m.end]
        if m.label in {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"} and not any(
            t.like_num or t.is_digit for t in span
        ):
            # "protests in Zhanaozen" tagged CARDINAL: a place after a locative preposition.
            after_prep = m.start > 0 and doc[m.start - 1].lower_ in LOCATIVE_PREPOSITIONS
            propn = all(t.pos_ == "PROPN" for t in span)
            m.label, m.fixed = ("GPE", True) if after_prep and propn else ("", True)
        elif m.label in NAME_LABELS and _is_nationality(_span_text(doc, m.start, m.end)):
            m.label, m.fixed = "NORP", True
        elif m.label == "ORG" and not m.fixed and _place_context(doc, m):
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
                   and _person_by_role(doc, m, publication_ends)}
    for m in mentions:
        if text_of[id(m)] in role_people and not m.fixed:
            m.label, m.fixed = "PERSON", True
    single_persons = {text_of[id(m)] for m in mentions
                      if m.label == "PERSON" and len(text_of[id(m)].split()) == 1}
    for m in mentions:
        label = _head_noun_label(doc, m, single_persons)
        if label:
            m.label, m.fixed = label, True

    # A name seen as a person's full name, or mostly as PERSON, is a person elsewhere too.
    person_words = _person_words(doc, mentions, text_of)
    first_words = {words[0] for m in mentions if m.label == "PERSON"
                   for words in [_name_words(_span_text(doc, m.start, m.end))] if len(words) >= 2}
    for m in mentions:
        if m.label in VOTING_LABELS - {"PERSON", "NORP"} and not m.fixed:
            words = _name_words(_span_text(doc, m.start, m.end))
            if words and words[-1] in person_words and all(w[:1].isupper() for w in words) \
                    and len(words) <= 3:
                m.label = "PERSON"
            elif len(words) == 1 and any(same_name_word(words[0], p) for p in person_words):
                m.label = "PERSON"
            elif len(words) == 1 and words[0] in first_words and _speaks(doc, m):
                m.label = "PERSON"  # "Wang added": a family name first ("Wang Yi")
            elif _transliterated_person(words, person_words):
                m.label = "PERSON"
    # Organisation context outranks the PERSON default; propagate to every mention. Not for
    # the surname of a person named in full ("Donald Trump" ... "the Trump campaign").
    full_surnames = {words[-1] for m in mentions if m.label == "PERSON"
                     for words in [_name_words(_span_text(doc, m.start, m.end))] if len(words) >= 2}
    org_texts = {text_of[id(m)] for m in mentions
                 if m.label == "PERSON" and not m.fixed and text_of[id(m)] not in full_surnames
                 and _organization_context(doc, m)}
    for m in mentions:
        if text_of[id(m)] in org_texts:
            m.label, m.fixed = "ORG", True
    _vote(mentions, text_of)
    _acronyms(doc, mentions, text_of)
    mentions = _add_unlabelled_names(doc, mentions, text_of)
    spans = [Span(doc, m.start, m.end, label=m.label) for m in mentions]
    return sorted(filter_spans(spans), key=lambda s: s.start)


def _speaks(doc: Doc, m: Mention) -> bool:
    """The mention is the subject of a speech verb ('Wang added', 'said Wang')."""
    root = doc[m.start:m.end].root
    return root.dep_ in {"nsubj", "nsubjpass"} and root.head.lemma_ in {
        "say", "add", "tell", "argue", "write", "note", "state", "claim", "insist", "warn"}


def _transliterated_person(words: list[str], person_words: set[str]) -> bool:
    """'El Farouky' (ORG) after 'Omar al-Farouqi': a surname with an Arabic article that
    spells exactly one person's surname of the document."""
    glued = person_name(" ".join(words))[0]
    if len(glued) != 1 or article_free(glued[0]) == glued[0]:
        return False
    return len({surname_key(p) for p in person_words if similar_surname(glued[0], p)}) == 1


def _person_words(doc: Doc, mentions: list[Mention], text_of: dict) -> set[str]:
    """Surnames of multi-word PERSON names, and single names labelled PERSON most often."""
    surnames: set[str] = set()
    votes: Counter = Counter()
    for m in mentions:
        words = _name_words(_span_text(doc, m.start, m.end))
        if m.label == "PERSON" and 2 <= len(words) <= 4 and all(
                article_free(w)[:1].isupper() for w in words):  # "Omar al-Farouqi"
            surnames.add(words[-1])
        if len(words) == 1:
            votes[(words[0], m.label == "PERSON")] += 1
    for (word, is_person), count in list(votes.items()):
        if is_person and count > votes[(word, False)]:
            surnames.add(word)
    return {w for w in surnames if len(w) >= 3 and not _is_nationality(w)}


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
        if ACRONYM.match(name) and name in expansions:
            m.label = expansions[name]


def _add_unlabelled_names(doc: Doc, mentions: list[Mention], text_of: dict) -> list[Mention]:
    """Mentions the model missed: a known person's name word or a known acronym, standing
    alone as a proper noun; adjacent person mentions merge ('Bilash' + 'Serikzhan')."""
    covered = {i for m in mentions for i in range(m.start, m.end)}
    known: dict[str, str] = {}
    for m in mentions:
        name = text_of[id(m)]
        words = _name_words(_span_text(doc, m.start, m.end))
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
        doc.ents = fix_labels(doc)
        # Numbers belong to figures (value, unit, qualifier); keep names, places and dates.
        mentions = [
            {"text": e.text, "label": e.label_, "start": e.start_char, "end": e.end_char}
            for e in doc.ents if e.label_ not in NUMERIC_LABELS and e.label_ != "TIME"
        ]
        canonicals = canonical_names(mentions, doc_text(doc))
        for mention, canonical in zip(mentions, canonicals, strict=True):
            mention["canonical"] = canonical
        doc._.ct_entities = mentions
        return doc


@Language.factory("claimtrack_entities")
def make_entities(nlp: Language, name: str):
    return EntityCanonicalizer(nlp, name)


def add_entity_pipes(nlp: Language) -> None:
    """A span_ruler (names by head noun, publications; patterns from data/entities.json) that
    writes doc.spans["ct_entity_rules"], then claimtrack_entities, which merges the rule
    names with the model's entities and fixes labels."""
    after = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe("span_ruler", name="claimtrack_entity_rules", after=after, config={
        "spans_key": RULES_KEY,
        "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
    })
    # The phrase patterns (publication names) match on ORTH, so they need only the
    # tokenizer: span_ruler would otherwise run every pipe before it over each of them.
    with nlp.select_pipes(disable=nlp.pipe_names):
        ruler.add_patterns(rule_patterns())
    nlp.add_pipe("claimtrack_entities", after="claimtrack_entity_rules")
