"""Canonical names within one document for organisations, places and other things:
a variant key (connectors and case off, small spelling variations joined), defined and
implied acronyms ("World Farming Organisation (WFO)") and short forms ("the Court").
People are nlp/entity_canonicals.py's; see docs/claims.md.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from rapidfuzz import fuzz, process

from claimtrack.names import acronym_key, family, initials, is_acronym, normalize, numbers
from claimtrack.nlp.entity_rules import lexicon

# Organisation names written with small variations ("Water Services of England and Wales" /
# "Water Services England Wales") beyond the connector-free key: a rapidfuzz ratio on keys
# of at least this length; shorter names ("Hamas" / "Hamad") vary too much to guess.
ORG_VARIANT_MIN_RATIO = 92
ORG_VARIANT_MIN_LENGTH = 12
ORG_VARIANT_SKIP = frozenset({"of", "and", "for", "the", "&", "on"})
# Labels whose names cluster as organisations/places/things (not people, not groups).
THING_LABELS = {"ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
DEFINED_ACRONYM = re.compile(r"\s*\(\s*([A-Z][A-Za-z&]{1,9})\s*\)")  # "... (WFO)"


@lru_cache(maxsize=1)
def _head_nouns() -> frozenset[str]:
    lex = lexicon()
    return frozenset(lex["organization_head_nouns"] + lex["programme_head_nouns"])


def variant_key(name: str) -> str:
    """'Water Services of England and Wales' and 'Water Services England Wales' -> one key;
    'Post-ABC' and 'Post/ABC' too."""
    return " ".join(w for w in normalize(name).replace("-", " ").split()
                    if w not in ORG_VARIANT_SKIP)


def _usual_spelling(forms: list[str]) -> str:
    """The most frequent spelling; on a tie, not a capitalised dateline ("WASHINGTON"),
    then the first."""
    counts = Counter(forms)
    return max(counts, key=lambda f: (counts[f], not f.isupper(), -forms.index(f)))


def canonical_things(mentions: list[dict], keys: list[str], canon: list[str],
                      text: str) -> None:
    things = [i for i, m in enumerate(mentions) if m["label"] in THING_LABELS]
    # Groups by (label family, variant key): the most frequent spelling names the group.
    groups: dict[tuple[str, str], list[int]] = {}
    for i in things:
        key = variant_key(keys[i])
        if key:
            groups.setdefault((family(mentions[i]["label"]), key), []).append(i)
    _join_variants(groups)
    name_of: dict[tuple[str, str], str] = {}
    for group_key, members in groups.items():
        name_of[group_key] = _usual_spelling([keys[i] for i in members])
        for i in members:
            canon[i] = name_of[group_key]
    _short_forms(mentions, keys, canon, groups, name_of)
    _acronyms(mentions, keys, canon, text)


def _join_variants(groups: dict[tuple[str, str], list[int]]) -> None:
    """Fold a group into the one other group of its family whose key is one small
    variation away (rapidfuzz ratio, same numbers). Only distinct keys are compared, and
    only within buckets of the same family and word count and a length within 2."""
    buckets: dict[tuple[str, int, int], list[str]] = {}
    for fam, key in groups:
        if len(key) >= ORG_VARIANT_MIN_LENGTH and " " in key:
            buckets.setdefault((fam, key.count(" "), len(key)), []).append(key)
    # The most used names absorb the others.
    for fam, key in sorted(groups, key=lambda g: -len(groups[g])):
        if (fam, key) not in groups or len(key) < ORG_VARIANT_MIN_LENGTH or " " not in key:
            continue
        # Same number of words: a slip, not a longer name ("Congressional Black Caucus PAC"
        # is not "Congressional Black Caucus").
        others = [k for n in range(len(key) - 2, len(key) + 3)
                  for k in buckets.get((fam, key.count(" "), n), ())
                  if k != key and (fam, k) in groups]
        close = [k for k, _, _ in process.extract(
            key, others, scorer=fuzz.ratio, score_cutoff=ORG_VARIANT_MIN_RATIO, limit=None)
            if numbers(k) == numbers(key)]
        if len(close) == 1:
            groups[(fam, key)].extend(groups.pop((fam, close[0])))


def _short_forms(mentions: list[dict], keys: list[str], canon: list[str],
                 groups: dict, name_of: dict) -> None:
    """'the Federal Constitutional Court' ... 'the Court': a head noun alone names the one
    organisation of the document, named before it, whose name it ends."""
    heads = _head_nouns()
    full: dict[str, list[tuple[int, str]]] = {}  # head word -> (first start, canonical)
    for group_key, members in groups.items():
        name = name_of[group_key]
        # The head is the word before a connector: "Supreme Court of Appeal" -> "Court".
        words = re.split(r" (?:of|for|on) ", name)[0].split()
        if len(name.split()) >= 2 and words[-1] in heads and group_key[0] == "org":
            first = min(mentions[i]["start"] for i in members)
            full.setdefault(words[-1], []).append((first, name))
    for i, m in enumerate(mentions):
        if m["label"] != "ORG" or keys[i] not in full:
            continue
        named = full[keys[i]]
        if len(named) == 1 and named[0][0] < m["start"]:
            canon[i] = named[0][1]


def _acronyms(mentions: list[dict], keys: list[str], canon: list[str], text: str) -> None:
    """'WFO' -> 'World Food Organisation' when the text defines it right after the name
    ("the World Food Organisation (WFO)"), else when exactly one name has its initials."""
    defined: dict[str, str] = {}
    for i, m in enumerate(mentions):
        if m["label"] in THING_LABELS and len(keys[i].split()) >= 2:
            found = DEFINED_ACRONYM.match(text, m["end"]) if text else None
            if found:
                defined.setdefault(found.group(1), canon[i])
    long_names: dict[str, set[str]] = {}
    for i, m in enumerate(mentions):
        if len(keys[i].split()) >= 2 and m["label"] != "PERSON":
            long_names.setdefault(initials(keys[i]), set()).add(canon[i])
    for i, m in enumerate(mentions):
        if keys[i] in defined and m["label"] != "PERSON":
            canon[i] = defined[keys[i]]
        else:
            # "U.S." grouped under "US" takes the expansion of "US" too.
            short = next((acronym_key(k) for k in (keys[i], canon[i]) if is_acronym(k)), None)
            if short and len(long_names.get(short, ())) == 1:
                canon[i] = next(iter(long_names[short]))
