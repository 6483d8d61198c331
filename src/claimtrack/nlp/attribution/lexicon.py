"""The attribution word lists (package data) as one frozen, typed record.

``data/cues.json`` holds the cue lexicon (verb lemmas by pattern) and
``data/attribution_sources.json`` the source-typing lists. Both load into ``Lexicon``:
every key of the files must be a field and every field a key, so a mistyped key fails
at load time, not as a silently empty list. Publication names come from the entity
lexicon (data/entities.json) so the entity tagger and attribution typing agree.

A pipeline can extend the lists through the component config
(``nlp.add_pipe("claimtrack_attribution", config={"add_words": {"clausal_verbs":
["conjecture"]}})``); the default lists are built once per process (``lexicon()``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields
from functools import cached_property, lru_cache
from importlib import resources

from claimtrack.nlp import entities

DATA_FILES = ("cues.json", "attribution_sources.json")


def bare_name(name: str) -> str:
    """'The Guardian' -> 'Guardian' (the key publication names are compared by)."""
    return re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)


@dataclass(frozen=True)
class Lexicon:
    # cues.json: cue lemmas by the rule that reads them (docs/attribution.md)
    clausal_verbs: frozenset[str]
    np_content_verbs: frozenset[str]
    np_content_needs_document_subject: frozenset[str]
    evidence_verbs: frozenset[str]
    xcomp_verbs: frozenset[str]
    xcomp_needs_clause: frozenset[str]
    # "wants voters to know", "let them tell": the complement's speech is only wished or
    # allowed (a caused one, "led many to wonder", did happen and is reported)
    wish_verbs: frozenset[str]
    question_verbs: frozenset[str]  # "asked if he thought ...": an indirect question
    # "..., reported the Gazette.": verbs that close a sentence inverted; not "praised
    # Ford" or "reassured Kyiv", whose object is a patient or an addressee
    closing_inverted_verbs: frozenset[str]
    intent_verbs: frozenset[str]  # "agreed / refused to ...": commitment + infinitive
    no_content_infinitives: frozenset[str]  # "declined to comment": nothing stated
    lemma_slips: dict[str, str]  # surface form -> cue lemma the model gets wrong ("hopes")
    stance_as_verbs: frozenset[str]
    # "considered it a risk", never "considering a run as an independent" (a role)
    stance_as_needs_object_predicate: frozenset[str]
    prep_content_verbs: dict[str, frozenset[str]]
    prep_content_clause_words: frozenset[str]
    light_verbs: frozenset[str]
    light_verb_objects: frozenset[str]
    quote_cue_nouns: frozenset[str]
    object_then_clause_verbs: frozenset[str]
    stance_np_verbs: frozenset[str]
    stance_np_min_words: dict[str, int]
    prep_stance_verbs: dict[str, frozenset[str]]
    prep_stance_min_words: dict[str, int]
    speech_np_verbs: dict[str, int]  # "announced a plan": lemma -> fewest object words
    speech_np_person_verbs: frozenset[str]  # only a person's: "recalled", "floated"
    speech_np_plan_verbs: frozenset[str]  # only with a proposal noun: "announced a plan"
    proposal_nouns: frozenset[str]
    speech_topic_verbs: dict[str, frozenset[str]]  # "spoke about X": lemma -> prepositions
    value_verbs: dict[str, frozenset[str]]  # "puts X at 38 percent": verb -> preposition
    # "leads by nine points in a Gazette poll": the poll nouns, the words that make a poll
    # one poll (not "in the polls"), and the words of a finding (a lead, a share)
    poll_nouns: frozenset[str]
    poll_specifiers: frozenset[str]
    poll_finding_words: frozenset[str]
    # "27 percent would vote for Lee": a poll share's preference, verb -> prepositions
    # ("" for a direct object); the intent-only ones count with "would"/"will" alone
    # ("41 percent would choose Lee", not "48 percent chose Lee")
    share_preference_verbs: dict[str, frozenset[str]]
    share_intent_only_verbs: frozenset[str]
    stance_adjectives: frozenset[str]  # "is confident that"
    emotion_adjectives: frozenset[str]  # "are afraid that", "were frustrated that"
    viewpoint_nouns: frozenset[str]  # "in X's view", "in the words of X"
    nominal_cue_nouns: frozenset[str]  # "X's claim that"
    no_content_objects: frozenset[str]  # "said nothing": speech with no content
    greeting_verbs: frozenset[str]  # "welcomed the delegates": a person object is a greeting
    greeted_people: frozenset[str]  # plural-person nouns a greeting verb takes
    # "accused him of lying", "blamed the mayor for the delays": verb -> prepositions
    charge_verbs: dict[str, frozenset[str]]
    # "suggested raising the tax", "opposed closing the pier": a gerund is the content
    gerund_content_verbs: frozenset[str]
    # "went on to discuss", "took to Twitter to accuse": heads whose infinitive happened
    occurred_infinitive_heads: frozenset[str]
    audience_nouns: frozenset[str]  # an audience reacts; it never speaks a quotation
    # attribution_sources.json: source typing
    publication_words: frozenset[str]
    government_words: frozenset[str]
    organization_words: frozenset[str]
    pollsters: frozenset[str]
    document_nouns: frozenset[str]
    publishing_verbs: frozenset[str]  # "figures released by the ONS": the agent published
    person_titles: frozenset[str]
    outsider_person_words: frozenset[str]  # "critics of the Fed": no affiliation
    honorifics: frozenset[str]
    group_descriptive_heads: frozenset[str]
    pronouns_person: frozenset[str]
    pronouns_plural: frozenset[str]
    pronouns_neuter: frozenset[str]
    pronouns_skip: frozenset[str]
    vague_quantifiers: frozenset[str]
    generic_pronouns: frozenset[str]
    colon_furniture: frozenset[str]
    gendered_person_words: dict[str, frozenset[str]]
    # derived at load time
    publications_lower: frozenset[str]  # outlets matched in any case
    publications_cased: frozenset[str]  # ambiguous outlets ("The Hill"), only capitalised
    publications_with_the: frozenset[str]  # outlets that write "The" ("The Guardian")
    online_platforms_lower: frozenset[str]
    publication_words_cased: frozenset[str]
    organization_words_cased: frozenset[str]
    person_words: frozenset[str]  # a title or honorific in a description makes a person
    # roles a firm holds as well as a person: "Goldman Sachs, an adviser to the city" is
    # no person, though the model's ORG may be one ("Daniel Okafor, a union organiser")
    firm_roles: frozenset[str]
    government_phrases: frozenset[str]

    @cached_property
    def verb_cue_lemmas(self) -> frozenset[str]:
        """Every lemma a verb rule reads: the prefilter before any rule runs."""
        return (self.clausal_verbs | self.np_content_verbs | self.stance_as_verbs
                | frozenset(self.prep_content_verbs) | self.light_verbs | self.xcomp_verbs
                | self.stance_np_verbs | frozenset(self.prep_stance_verbs)
                | self.intent_verbs | frozenset(self.value_verbs)
                | frozenset(self.speech_np_verbs) | frozenset(self.speech_topic_verbs)
                | frozenset(self.charge_verbs) | self.gerund_content_verbs
                | frozenset(self.share_preference_verbs))

    @cached_property
    def report_verbs(self) -> frozenset[str]:
        """Verbs that report with a clause or an infinitive (clausal + xcomp lists)."""
        return self.clausal_verbs | self.xcomp_verbs

    @cached_property
    def noun_tagged_verb_forms(self) -> dict[str, str]:
        """-s forms of the clausal and infinitive verbs -> lemma: "claims", "plans" are
        sometimes tagged as plural nouns though the parse makes them the verb."""
        forms = {}
        for lemma in sorted(self.report_verbs):
            if " " not in lemma:
                if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
                    forms[lemma[:-1] + "ies"] = lemma  # "denies", "implies"
                else:
                    forms[lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "o")) else
                                   "s")] = lemma
        return forms

    @cached_property
    def trigger_words(self) -> frozenset[str]:
        """Lower-case words that start a phrase rule ("according", "confident", "view",
        "claim"/"claims"): with VERB tags, the prefilter of the engine."""
        nouns = self.viewpoint_nouns | self.nominal_cue_nouns | self.poll_nouns
        return (frozenset({"according"}) | self.stance_adjectives | nouns
                | self.emotion_adjectives
                | frozenset(w + "s" for w in self.nominal_cue_nouns)
                | frozenset(self.noun_tagged_verb_forms))

    def __getitem__(self, key: str):
        """``lex["clausal_verbs"]``: the lists read like the JSON they come from."""
        return getattr(self, key)


DERIVED = {"publications_lower", "publications_cased", "publications_with_the",
           "online_platforms_lower", "publication_words_cased", "organization_words_cased",
           "person_words", "government_phrases"}
FILE_KEYS = {f.name for f in fields(Lexicon)} - DERIVED


def _read_files() -> dict:
    data_dir = resources.files("claimtrack.nlp") / "data"
    raw: dict = {}
    for name in DATA_FILES:
        table = json.loads((data_dir / name).read_text(encoding="utf-8"))
        raw.update({k: v for k, v in table.items() if not k.startswith("_")})
    return raw


def _convert(value, lower: bool = True):
    if isinstance(value, dict):
        return {k: _convert(v, lower=False) if isinstance(v, list) else v
                for k, v in value.items()}
    return frozenset(v.lower() if lower else v for v in value)


def build_lexicon(raw: dict, additions: dict | None = None) -> Lexicon:
    """A Lexicon from the file tables plus ``additions`` (key -> words to add, or for a
    mapping key -> {lemma: words}). Unknown or missing keys raise ValueError."""
    unknown = (set(raw) | set(additions or {})) - FILE_KEYS
    missing = FILE_KEYS - set(raw)
    if unknown or missing:
        raise ValueError(f"attribution lexicon: unknown keys {sorted(unknown)}, "
                         f"missing keys {sorted(missing)}")
    raw = dict(raw)
    for key, extra in (additions or {}).items():
        if isinstance(raw[key], dict):
            merged = dict(raw[key])
            for k, v in extra.items():
                merged[k] = sorted(set(merged.get(k, [])) | set(v)) if isinstance(v, list) else v
            raw[key] = merged
        else:
            raw[key] = list(raw[key]) + list(extra)
    values = {k: _convert(v) for k, v in raw.items()}
    entity_lex = entities.lexicon()
    ambiguous = frozenset(bare_name(p) for p in entity_lex["ambiguous_publications"])
    values.update(
        publications_lower=frozenset(bare_name(p).lower() for p in entity_lex["publications"]
                                     if bare_name(p) not in ambiguous),
        publications_cased=ambiguous,
        publications_with_the=frozenset(
            bare_name(p).lower() for p in entity_lex["publications"]
            + entity_lex["ambiguous_publications"] if p.lower().startswith("the ")),
        online_platforms_lower=frozenset(p.lower() for p in entity_lex["online_platforms"]),
        publication_words_cased=frozenset(raw["publication_words"]),
        organization_words_cased=frozenset(raw["organization_words"]),
        person_words=values["person_titles"] | values["honorifics"],
        government_phrases=frozenset(w for w in values["government_words"] if " " in w),
    )
    return Lexicon(**values)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The default lexicon (package data only), built once per process."""
    return build_lexicon(_read_files())


def lexicon_with(additions: dict | None) -> Lexicon:
    """The default lexicon, or a new one with ``additions`` (component config)."""
    return build_lexicon(_read_files(), additions) if additions else lexicon()


# past forms the lemmatizer misses when the model tags an opening "Added" as a name
IRREGULAR_PAST = {"said": "say", "told": "tell", "wrote": "write", "spoke": "speak",
                  "thought": "think", "swore": "swear"}


def is_reporting_form(word: str, lex) -> bool:
    """Whether ``word`` (lower case) is a past or third-person form of a reporting verb
    ("added", "noted", "replied", "says"), read from its spelling: the model tags an
    inverted cue opening a label ("Added Okafor: ...") as a proper noun, with no lemma."""
    if word in IRREGULAR_PAST:
        return True
    stems = {word[:-1], word[:-2], word[:-3] + "y"}  # noted, added, replied; says
    return word.endswith(("ed", "s")) and any(stem in lex.clausal_verbs for stem in stems)
