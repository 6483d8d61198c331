"""Entity mentions: the model's label slips fixed with context, and canonical names.

Runs right after ``ner`` and rewrites ``doc.ents`` (so figures and attribution see the
fixed labels), then stores ``doc._.ct_entities``. The rules are document-level and general
("one sense per discourse"): see docs/claims.md, "Entities". Word lists: data/entities.json.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.attrs import IDX, LENGTH, ORTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from claimtrack.names import (
    QUOTE_CHARS,
    canonical_map,
    initials,
    same_full_name,
    same_name_word,
    strip_name,
)
from claimtrack.nlp.extensions import register_extensions
from claimtrack.text import doc_text

# canonical_map (cross-article) lives in claimtrack.names; re-exported here.
__all__ = ["add_entity_pipes", "canonical_map", "canonical_names", "same_name_word",
           "strip_name"]

NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT",
               "WORK_OF_ART", "LAW", "LANGUAGE"}
NUMERIC_LABELS = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}
VOTING_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
POSSESSIVE = {"'s", "’s", "'", "’", "'S", "’S"}
ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,6}$")
LOCATIVE_PREPOSITIONS = {"in", "at", "near", "from", "to", "into", "across", "outside"}
SPEECH_FORMS = {"says", "said", "tells", "told", "adds", "added", "argues", "argued"}
RULES_KEY = "ct_entity_rules"  # doc.spans key the claimtrack_entity_rules span_ruler writes
# Labels the model gives names it has misread; a name's head noun may overrule them.
MISREAD_LABELS = {"FAC", "PRODUCT", "WORK_OF_ART", "PERSON", "LOC", "EVENT"}
NAME_CONNECTORS = {"of", "for", "on", "in", "to", "against", "at"}
POSSESSIVE_DETERMINERS = {"his", "her", "its", "their", "our", "my", "your", "a", "an", "this",
                          "that", "'s", "’s"}


@lru_cache(maxsize=1)
def lexicon() -> dict:
    text = resources.files("claimtrack.nlp").joinpath("data/entities.json").read_text("utf-8")
    data = json.loads(text)
    data["nationality_words"] = {w.lower() for w in data["demonyms"] + data["religions"]}
    data["organization_nouns"] = set(data["organization_nouns"])
    data["organization_role_nouns"] = set(data["organization_role_nouns"])
    data["leading_non_name_words"] = set(data["leading_non_name_words"])
    data["person_following_nouns"] = set(data["person_following_nouns"])
    data["person_role_set"] = {w.rstrip(".") for w in data["person_role_nouns"]
                               + data["person_title_words"]}
    data["publication_names"] = {strip_name(n) for n in data["publications"]}
    for key in ("organization_head_nouns", "programme_head_nouns", "law_head_nouns",
                "publication_name_extensions", "place_event_nouns", "place_event_verbs"):
        data[key + "_set"] = set(data[key])
    data["ambiguous_publications_set"] = {strip_name(n) for n in data["ambiguous_publications"]}
    return data


# ---------------------------------------------------------------- rule patterns


def rule_patterns() -> list[dict]:
    """span_ruler patterns (built from data/entities.json when the pipeline is built): names
    headed by organisation, programme and law nouns, well-known news publications and online
    platforms ("said on Twitter": the small model often calls it a PERSON)."""
    lex = lexicon()
    # A capitalised name word: no stop word ("The", "In"), verb ("Says") or number.
    word = {"TEXT": {"REGEX": r"^[A-Z][\w'’.&-]*$"}, "IS_STOP": False,
            "LOWER": {"NOT_IN": sorted(SPEECH_FORMS)},
            "POS": {"NOT_IN": ["VERB", "AUX", "ADP", "DET", "PRON", "CCONJ", "NUM"]},
            "ENT_TYPE": {"NOT_IN": ["DATE", "TIME", "CARDINAL", "ORDINAL"]}}
    words = {**word, "OP": "+"}
    more_words = {**word, "OP": "*"}
    conj = {"LOWER": {"IN": ["and", "&"]}}

    def headed(label: str, kind: str, heads: list[str], connectors: list[str]) -> list[dict]:
        head = {"TEXT": {"IN": heads}}
        shapes = [
            [word, more_words, head],  # "Human Rights Watch"
            [words, conj, words, head],  # "Belt and Road Initiative"
        ]
        if connectors:  # "University of British Columbia", "Center for Transatlantic Relations"
            shapes.append([more_words, head, {"LOWER": {"IN": connectors}},
                           {"LOWER": {"IN": ["the", "a"]}, "OP": "?"}, words])
        return [{"label": label, "id": kind, "pattern": shape} for shape in shapes]

    patterns = headed("ORG", "organization", lex["organization_head_nouns"], ["of", "for"])
    patterns += headed("ORG", "programme", lex["programme_head_nouns"], [])
    patterns += headed("LAW", "law", lex["law_head_nouns"], ["of", "on"])
    # Law titles often have a connector inside: "Freedom of Information Act".
    patterns.append({"label": "LAW", "id": "law", "pattern": [
        words, {"LOWER": {"IN": ["of", "for", "in", "on"]}}, words, more_words,
        {"TEXT": {"IN": lex["law_head_nouns"]}}]})
    # "the Denver Post", "The Seattle Times", "the Wall Street Journal"
    patterns.append({"label": "ORG", "id": "publication", "pattern": [
        {"LOWER": "the"}, words, {"TEXT": {"IN": lex["publication_head_nouns"]}}]})
    for name in lex["publications"] + lex["online_platforms"]:
        patterns.append({"label": "ORG", "id": "publication", "pattern": name})
        if name.startswith("The "):
            patterns.append({"label": "ORG", "id": "publication", "pattern": "the" + name[3:]})
    return patterns


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


@dataclass
class Mention:
    start: int  # token indexes
    end: int
    label: str
    fixed: bool = False  # label set by a context rule: propagate, never out-voted


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


def _rule_spans(doc: Doc) -> list[Span]:
    """The span_ruler's names, less the ones context says are not names here: a one-word
    publication that is a person's surname in this doc ("Michael Bloomberg" ... "Bloomberg"),
    and a publication name that is also a common phrase ("Foreign Policy") when it reads as
    the phrase: after a possessive or article ("his Foreign Policy"), or inside a longer run
    of capitalised words (a Title Case headline: "Obama's Foreign Policy Legacy")."""
    if RULES_KEY not in doc.spans:
        return []
    lex = lexicon()
    surnames = {e[-1].text for e in doc.ents if e.label_ == "PERSON" and len(e) >= 2}
    kept = []
    for span in doc.spans[RULES_KEY]:
        if span.id_ == "publication":
            if len(span) == 1 and span.text in surnames:
                continue
            if strip_name(span.text) in lex["ambiguous_publications_set"]:
                before = doc[span.start - 1] if span.start > 0 else None
                after = doc[span.end] if span.end < len(doc) else None
                if before is not None and (before.lower_ in POSSESSIVE_DETERMINERS or (
                        before.text[:1].isupper() and not before.is_stop
                        and not before.is_sent_start)):
                    continue
                if after is not None and after.text[:1].isupper() and after.is_alpha:
                    continue
        kept.append(span)
    return kept


def _merge_rule_spans(doc: Doc) -> list[Mention]:
    """The model's entities and the rule names, merged. A rule name that covers model
    entities replaces them ("Human Rights" + "Watch"); a model entity that covers a rule
    name is kept (its longer name wins: "the Potsdam Institute for Climate Impact
    Research"), except that a publication at its start is split off ("The Washington Post
    Trump" -> "The Washington Post" + "Trump"); a publication crossing a model entity
    trims it."""
    lex = lexicon()
    model = [Mention(e.start, e.end, e.label_) for e in doc.ents]
    for rule in _rule_spans(doc):
        overlapping = [m for m in model if m.start < rule.end and rule.start < m.end]
        wider = [m for m in overlapping if m.start <= rule.start and rule.end <= m.end
                 and (m.start, m.end) != (rule.start, rule.end)]
        same = [m for m in overlapping if (m.start, m.end) == (rule.start, rule.end)]
        ambiguous = strip_name(rule.text) in lex["ambiguous_publications_set"]
        if ambiguous and any(m.label not in {"ORG", "WORK_OF_ART", "PRODUCT"}
                             for m in overlapping):
            continue  # "across the Atlantic" (LOC): the model's reading stands
        if same:
            # The model found this very name: a publication is an ORG whatever it said;
            # other rule names only relabel through their head noun (_head_noun_label).
            if rule.id_ == "publication" and same[0].label != "ORG":
                same[0].label, same[0].fixed = "ORG", True
            continue
        if _joins_two_names(doc, rule, overlapping):
            continue
        if wider:
            outer = wider[0]
            rest = doc[rule.end:outer.end]
            if rule.id_ == "publication" and rule.start <= outer.start + 1 and 1 <= len(rest) \
                    <= 3 and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in rest) \
                    and rest[0].text not in lex["publication_name_extensions_set"]:
                model.remove(outer)
                model.append(Mention(outer.start, rule.end, "ORG", fixed=True))
                label = "PERSON" if outer.label in {"PERSON", "ORG"} else outer.label
                model.append(Mention(rule.end, outer.end, label))
            continue
        crossing = [m for m in overlapping if m.start < rule.start or m.end > rule.end]
        if crossing and rule.id_ != "publication" and any(
                m.label in {"ORG", "LAW", "GPE"} for m in crossing):
            continue  # the model's own organisation or place name stands
        for m in overlapping:
            model.remove(m)
            # keep the part of a crossing entity outside the rule name
            if m.start < rule.start:
                model.append(Mention(m.start, rule.start, m.label))
            if m.end > rule.end:
                model.append(Mention(rule.end, m.end, m.label))
        model.append(Mention(rule.start, rule.end, rule.label_, fixed=True))
    return sorted(model, key=lambda m: m.start)


def _joins_two_names(doc: Doc, rule: Span, overlapping: list[Mention]) -> bool:
    """'FBI and Justice Department': a rule name whose "and" follows, or is followed by, a
    name the model found on its own is two names, not one ("Belt and Road Initiative")."""
    for k in range(rule.start + 1, rule.end - 1):
        if doc[k].lower_ in {"and", "&"}:
            return any(m.end == k or m.start == k + 1 for m in overlapping
                       if m.label in {"ORG", "GPE", "PERSON"})
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
    for merged in _merge_rule_spans(doc):
        for m in _trim(doc, merged):
            m.fixed = m.fixed or merged.fixed
            mentions.append(m)
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


def _person_words(doc: Doc, mentions: list[Mention], text_of: dict) -> set[str]:
    """Surnames of multi-word PERSON names, and single names labelled PERSON most often."""
    surnames: set[str] = set()
    votes: Counter = Counter()
    for m in mentions:
        words = _name_words(_span_text(doc, m.start, m.end))
        if m.label == "PERSON" and 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
            surnames.add(words[-1])
        if len(words) == 1:
            votes[(words[0], m.label == "PERSON")] += 1
    for (word, is_person), count in list(votes.items()):
        if is_person and count > votes[(word, False)]:
            surnames.add(word)
    return {w for w in surnames if len(w) >= 3 and not _is_nationality(w)}


def _vote(mentions: list[Mention], text_of: dict) -> None:
    """Same name, same label in one document: a clear majority relabels the rest."""
    by_text: dict[str, Counter] = {}
    for m in mentions:
        if m.label in VOTING_LABELS:
            by_text.setdefault(text_of[id(m)], Counter())[m.label] += 3 if m.fixed else 1
    for m in mentions:
        counts = by_text.get(text_of[id(m)])
        if not counts or m.fixed or m.label not in VOTING_LABELS:
            continue
        (top, top_n), *rest = counts.most_common()
        runner = rest[0][1] if rest else 0
        if top != m.label and top_n >= 2 and top_n >= 2 * runner:
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


# ---------------------------------------------------------------- canonical names


def canonical_names(mentions: list[dict]) -> list[str]:
    """One canonical name per mention (dicts with text, label, start), shared by every
    mention of the same entity in a document."""
    keys = [strip_name(m["text"]) for m in mentions]
    canon = list(keys)
    people = [i for i, m in enumerate(mentions) if m["label"] == "PERSON"]
    _canonical_people(mentions, keys, canon, people)
    # Acronyms: 'BRI' -> 'Belt and Road Initiative' when exactly one name has its initials.
    long_names: dict[str, set[str]] = {}
    for i, m in enumerate(mentions):
        if len(keys[i].split()) >= 2 and m["label"] != "PERSON":
            long_names.setdefault(initials(keys[i]), set()).add(canon[i])
    for i in range(len(mentions)):
        if ACRONYM.match(keys[i]) and len(long_names.get(keys[i], ())) == 1:
            canon[i] = next(iter(long_names[keys[i]]))
    return canon


def _canonical_people(mentions, keys, canon, people) -> None:
    # Clusters of full names: same words in any order, or the same words with slips.
    clusters: list[dict] = []  # {forms: Counter, words: list[str]}
    for i in people:
        words = keys[i].split()
        if len(words) < 2:
            continue
        for cluster in clusters:
            if same_full_name(words, cluster["words"], suffix=True):
                cluster["forms"][keys[i]] += 1
                cluster["members"].append(i)
                break
        else:
            clusters.append({"words": words, "forms": Counter({keys[i]: 1}), "members": [i]})
    singles = [i for i in people if len(keys[i].split()) == 1]
    single_counts = Counter(keys[i] for i in singles)
    # A single word joins the full-name cluster whose surname (or unique name word) it spells.
    unresolved: list[int] = []
    for i in singles:
        word = keys[i]
        candidates = [c for c in clusters if word in {f.split()[-1] for f in c["forms"]}]
        if not candidates and single_counts[word] <= 2:
            # Family name first ("Wang Yi" ... "Wang"): only for a rare single mention,
            # so a headline slip like "Obama Says" does not capture every "Obama".
            candidates = [c for c in clusters if any(word == w for w in c["words"])
                          and single_counts.get(c["words"][-1], 0) == 0]
        if not candidates:
            fuzzy = [c for c in clusters if same_name_word(word, c["words"][-1])]
            if fuzzy:
                from rapidfuzz.distance import DamerauLevenshtein

                best = min(DamerauLevenshtein.distance(word, c["words"][-1]) for c in fuzzy)
                candidates = [c for c in fuzzy
                              if DamerauLevenshtein.distance(word, c["words"][-1]) == best]
        if not candidates:
            # A given name alone ("Hillary", "Xi") names the one person whose full name
            # starts with it, when it is nobody's surname here.
            surnames = {w for c in clusters for f in c["forms"] for w in f.split()[-1:]}
            candidates = [c for c in clusters if c["words"][0] == word]
            if len(candidates) != 1 or word in surnames:
                candidates = []
        if not candidates:
            unresolved.append(i)
            continue
        chosen = _choose_namesake(candidates, mentions, keys, i)
        if chosen is None:
            unresolved.append(i)  # two people share the surname: it stays itself
            continue
        chosen["members"].append(i)
    for cluster in clusters:
        name = _cluster_name(cluster, keys, single_counts)
        for j in cluster["members"]:
            canon[j] = name
    # Single names with no full name: group spelling slips, most frequent spelling wins.
    groups: list[list[int]] = []
    for i in unresolved:
        for group in groups:
            if same_name_word(keys[i], keys[group[0]]):
                group.append(i)
                break
        else:
            groups.append([i])
    for group in groups:
        spelling = Counter(keys[i] for i in group).most_common(1)[0][0]
        for i in group:
            canon[i] = spelling


def _choose_namesake(candidates: list[dict], mentions: list[dict], keys: list[str],
                     i: int) -> dict | None:
    """Which of several people sharing a surname a bare surname names: the only one named
    in full before it; else the first one introduced, when also named in full at least
    twice as often as each other; else none (ambiguous). News names the second person with
    that surname in full or by given name ("Ivanka Trump" after "Donald Trump"), so how
    often a full name appears is no evidence on its own; the bare surname, once it has named
    one of them, keeps naming that one."""
    if len(candidates) == 1:
        return candidates[0]
    start = mentions[i]["start"]

    def first_start(c: dict) -> int:
        return min(mentions[j]["start"] for j in c["members"])

    before = [c for c in candidates if first_start(c) < start]
    if len(before) == 1:
        return before[0]
    # Once the bare surname has named one of them, it keeps naming that one ("Ted Cruz" ...
    # "Cruz" ... "Heidi Cruz" ... "Cruz").
    claimed = [c for c in candidates if any(
        keys[j] == keys[i] and mentions[j]["start"] < start for j in c["members"])]
    if len(claimed) == 1:
        return claimed[0]
    first = min(candidates, key=first_start)
    full_count = {id(c): sum(c["forms"].values()) for c in candidates}
    if all(full_count[id(first)] >= 2 * full_count[id(c)] for c in candidates if c is not first):
        return first
    return None


def _cluster_name(cluster: dict, keys: list[str], single_counts: Counter) -> str:
    """The full form whose last word is used alone most often (the surname), spelled the
    way the document spells that surname most often."""
    members = cluster["members"]

    def surname_evidence(form: str) -> int:
        return single_counts.get(form.split()[-1], 0)

    form = max(cluster["forms"], key=lambda f: (surname_evidence(f), cluster["forms"][f]))
    if len({len(f.split()) for f in cluster["forms"]}) > 1:
        # Longer and shorter forms ("Enrique Peña Nieto" ... "Peña Nieto", "Donald J. Trump"
        # ... "Donald Trump"): news gives the name in full at its first mention.
        form = " ".join(cluster["words"])
    words = form.split()
    variants = Counter(keys[j].split()[-1] if len(keys[j].split()) > 1 else keys[j]
                       for j in members)
    variants = Counter({v: n for v, n in variants.items() if same_name_word(v, words[-1])})
    if variants:
        words[-1] = variants.most_common(1)[0][0]
    return " ".join(words)


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
        for mention, canonical in zip(mentions, canonical_names(mentions), strict=True):
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
