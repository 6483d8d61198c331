"""Rule names: span_ruler patterns built from data/entities.json, and their merge with the
model's entities (names headed by organisation, programme and law nouns; publications).

See docs/claims.md, "Entities". ``lexicon()`` is the parsed word list shared by the entity
modules.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.attrs import ORTH, SENT_START
from spacy.tokens import Doc, Span

from claimtrack.names import strip_name
from claimtrack.text import doc_text

RULES_KEY = "ct_entity_rules"  # doc.spans key the claimtrack_entity_rules span_ruler writes
POSSESSIVE = {"'s", "’s", "'", "’", "'S", "’S"}
SPEECH_FORMS = {"says", "said", "tells", "told", "adds", "added", "argues", "argued",
                "warns", "insists", "admits", "denies", "vows", "urges"}  # headline verbs
HEADED_KINDS = {"organization", "programme"}  # rule names found by their head noun
# Words read on each side of a rule name; when at least HEADLINE_MIN_WORDS of them and this
# share capitalised, the name sits in a Title Case headline, not in prose.
HEADLINE_WINDOW = 5
HEADLINE_MIN_WORDS = 4
HEADLINE_CAPITALISED = 0.7
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
            connector = [more_words, head, {"LOWER": {"IN": connectors}},
                         {"LOWER": {"IN": ["the", "a"]}, "OP": "?"}, words]
            shapes.append(connector)
            # "Department of Health and Human Services", "Water Services of England and Wales"
            shapes.append(connector + [conj, words])
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


@dataclass
class Mention:
    start: int  # token indexes
    end: int
    label: str
    fixed: bool = False  # label set by a context rule: propagate, never out-voted


def rule_spans(doc: Doc) -> list[Span]:
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
        if span.id_ in HEADED_KINDS:
            span = _headed_name(doc, span)
            if span is None:
                continue
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


def _headed_name(doc: Doc, span: Span) -> Span | None:
    """A head-noun name as written in running prose: a sentence-initial word is no part of
    it unless the model put it in an entity or the document capitalises it mid-sentence too
    (its capital says nothing, and the tagger calls "Senior" in "Senior Ministry officials" a
    proper noun). In a Title Case line (a headline) only the model's own entities count."""
    first = span[0]
    if first.is_sent_start and not first.ent_type_ and not _capitalised_mid_sentence(doc, first):
        if len(span) <= 2:
            return None
        span = Span(doc, span.start + 1, span.end, label=span.label_, span_id=span.id_)
    if not any(t.ent_type_ for t in span):
        # The words around the name on its line (the name's own capitals say nothing).
        around = [t for t in _line_around(doc, span) if t.is_alpha]
        capitalised = sum(1 for t in around if t.text[:1].isupper())
        if len(around) >= HEADLINE_MIN_WORDS and capitalised >= HEADLINE_CAPITALISED * len(around):
            return None
    return span


def _line_around(doc: Doc, span: Span) -> list:
    """Up to HEADLINE_WINDOW tokens on each side of the span, not crossing a line break."""
    before, k = [], span.start - 1
    while k >= 0 and len(before) < HEADLINE_WINDOW and "\n" not in doc[k].whitespace_ \
            and not doc[k].is_space:
        before.append(doc[k])
        k -= 1
    after, k = [], span.end
    while k < len(doc) and len(after) < HEADLINE_WINDOW and not doc[k].is_space \
            and "\n" not in doc[k - 1].whitespace_:
        after.append(doc[k])
        k += 1
    return before + after


def _capitalised_mid_sentence(doc: Doc, token) -> bool:
    """The token's spelling occurs in the doc away from a sentence start (one array read)."""
    table = doc.to_array([ORTH, SENT_START])
    return bool(((table[:, 0] == token.orth) & (table[:, 1] != 1)).any())


def merge_rule_spans(doc: Doc) -> list[Mention]:
    """The model's entities and the rule names, merged. A rule name that covers model
    entities replaces them ("Human Rights" + "Watch"); a model entity that covers a rule
    name is kept (its longer name wins: "the Potsdam Institute for Climate Impact
    Research"), except that a publication at its start is split off ("The Washington Post
    Trump" -> "The Washington Post" + "Trump"); a publication crossing a model entity
    trims it."""
    lex = lexicon()
    model = [Mention(e.start, e.end, e.label_) for e in doc.ents]
    for rule in rule_spans(doc):
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
        if joins_two_names(doc, rule, overlapping):
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


def joins_two_names(doc: Doc, rule: Span, overlapping: list[Mention]) -> bool:
    """'FBI and Justice Department': a rule name whose "and" follows, or is followed by, a
    name the model found on its own is two names, not one ("Belt and Road Initiative"); not
    an "and" after the name's "of"/"for" ("Ministry of Agriculture and Rural Development")."""
    for k in range(rule.start + 1, rule.end - 1):
        if doc[k].lower_ in {"of", "for"}:
            return False  # "Department of Health and Human Services": "and" inside "of ..."
        if doc[k].lower_ in {"and", "&"}:
            return any(m.end == k or m.start == k + 1 for m in overlapping
                       if m.label in {"ORG", "GPE", "PERSON"})
    return False


# ---------------------------------------------------------------- acronyms defined in text


ACRONYM_TOKEN = re.compile(r"^[A-Z][A-Za-z&]{1,9}$")
ACRONYM_CONNECTORS = {"of", "for", "and", "&", "on", "the", "de", "la", "des", "du", "-"}
# How far back from "(" the name an acronym abbreviates may start: "Organisation for
# Economic Co - operation and Development" is 8 tokens.
ACRONYM_NAME_MAX_TOKENS = 12


def defined_acronym_names(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """'The Organisation for Economic Co-operation and Development (OECD)': the capitalised
    words right before a bracketed acronym whose initials spell it are one name, and the
    acronym its short form, whatever pieces the model made of them. The name takes the label
    of a model entity inside it (not PERSON), else ORG."""
    if "(" not in doc_text(doc):
        return mentions
    orths = doc.to_array(ORTH)
    brackets = (orths[1:-2] == doc.vocab.strings["("]).nonzero()[0] + 1  # "(" tokens only
    for i in brackets.tolist():
        if doc[i + 2].text != ")" or not ACRONYM_TOKEN.match(doc[i + 1].text):
            continue
        letters = doc[i + 1].text.replace("&", "")
        start = _acronym_name_start(doc, i, letters.upper())
        if start is None:
            continue
        inside = [m for m in mentions if m.end > start and m.start < i + 3]
        labels = [m.label for m in inside if m.label not in {"PERSON", "NORP", "DATE", "CARDINAL"}]
        label = labels[0] if labels else "ORG"
        mentions = [m for m in mentions if m not in inside]
        for m in inside:
            if m.start < start and doc[m.start].lower_ == "the" and m.start == start - 1:
                start = m.start  # the model's "The World Food Organisation" keeps its "The"
            elif m.start < start:  # a name before it the model ran into this one
                mentions.append(Mention(m.start, start, m.label, m.fixed))
        mentions += [Mention(start, i, label, fixed=True), Mention(i + 1, i + 2, label, fixed=True)]
    return sorted(mentions, key=lambda m: m.start)


def _acronym_name_start(doc: Doc, paren: int, letters: str) -> int | None:
    """The nearest start before ``paren`` whose capitalised words' initials are ``letters``."""
    initials = ""
    for k in range(paren - 1, max(-1, paren - 1 - ACRONYM_NAME_MAX_TOKENS), -1):
        token = doc[k]
        if token.lower_ in ACRONYM_CONNECTORS or (token.is_lower and k > 0
                                                  and doc[k - 1].text == "-"):
            continue
        if not (token.is_alpha and token.text[:1].isupper()):
            return None
        initials = token.text[0].upper() + initials
        if initials == letters:
            return k
        if not letters.endswith(initials):
            return None
    return None
