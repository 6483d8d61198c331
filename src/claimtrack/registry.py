"""The source registry: one row per real-world source across articles.

``resolve_source(candidate, known)`` finds the known row that is the same source as a
candidate from a new article; ``merge_source(row, candidate)`` folds the candidate's
spellings and description into that row. Rows look like
``{id, name, kind, description, aliases}`` (aliases a list, or its JSON text as stored).

Matching, strictest first (see docs/attribution.md):
1. the same normalised name or alias ("The Intercept" = "Intercept");
2. an acronym of the other's name ("HRW" = "Human Rights Watch"), not for persons;
3. a person's surname alone ("Clarke", "Mr. Clarke") when exactly one known person has it;
4. two full person names: surnames equal or one typo apart (but never a gendered/suffixed
   form: "Nazarbayev" vs "Nazarbayeva"), and first names that agree (equal, an initial,
   or one typo apart) -- so two people sharing a surname never merge;
5. other names: fuzzy (rapidfuzz) at a high threshold, same kind family, same numbers.
"""

from __future__ import annotations

import json
import re
import unicodedata

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

HONORIFICS = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "sen", "rep", "gov", "gen", "col", "capt", "lt",
    "sgt", "president", "senator", "minister", "governor", "mayor", "judge", "sir", "dame",
    "lord", "lady", "rev", "fr", "sheikh",
}
SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md"}
ACRONYM_SKIP = {"of", "the", "and", "for", "on", "in", "&", "de", "du", "la", "le", "des"}
ORG_KINDS = {"organization", "publication", "government", "document"}
FUZZY_THRESHOLD = 92


def _aliases(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return [value] if value else []
        return [str(v) for v in parsed] if isinstance(parsed, list) else []
    return [str(v) for v in value]


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def normalize(name: str) -> str:
    """Case, accents, 'the', possessives and punctuation out: the registry's match key."""
    text = _fold(name or "").lower().replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^\w\s&-]", " ", text)
    words = text.split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def person_words(name: str) -> list[str]:
    """Name words without honorifics, suffixes and middle initials kept in order."""
    words = [w.strip(".,") for w in _fold(name).replace("’", "'").split()]
    words = [re.sub(r"'s$", "", w) for w in words if w]
    while words and words[0].lower().rstrip(".") in HONORIFICS:
        words = words[1:]
    while words and words[-1].lower().rstrip(".") in SUFFIXES:
        words = words[:-1]
    return words


def acronym(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", _fold(name)) if w]
    letters = [w[0] for w in words if w.lower() not in ACRONYM_SKIP and w[0].isalpha()]
    return "".join(letters).upper()


def is_acronym(text: str) -> bool:
    bare = text.replace(".", "")
    return 2 <= len(bare) <= 8 and bare.isupper() and bare.isalpha()


def surnames_match(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    if a.startswith(b) or b.startswith(a):
        return False  # "nazarbayev" / "nazarbayeva": a different (gendered) name
    if min(len(a), len(b)) < 5:
        return False
    return OSA.distance(a, b) <= 1  # one typo or one swapped pair ("Nazrabayev")


def first_names_match(a: str, b: str) -> bool:
    a, b = a.lower().rstrip("."), b.lower().rstrip(".")
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if min(len(a), len(b)) < 4:
        return False
    return OSA.distance(a, b) <= 1 and a[0] == b[0]


def _names(row: dict) -> list[str]:
    return [n for n in [row.get("name") or ""] + _aliases(row.get("aliases")) if n]


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+", text))


def _kind_family(kind: str | None) -> str:
    if kind in ORG_KINDS:
        return "org"
    return kind or ""


def _same_person(candidate: str, known: str) -> bool:
    c, k = person_words(candidate), person_words(known)
    if len(c) < 2 or len(k) < 2:
        return False
    return surnames_match(c[-1], k[-1]) and first_names_match(c[0], k[0])


def resolve_source(candidate: dict, known: list[dict]) -> int | None:
    """Index into ``known`` of the row that is the same real-world source, or None."""
    names = _names(candidate)
    if not names:
        return None
    kind = candidate.get("kind")
    keys = {normalize(n) for n in names}

    # 1. exact (normalised) name or alias; groups match only this way
    for i, row in enumerate(known):
        if keys & {normalize(n) for n in _names(row)}:
            if kind and row.get("kind") and (kind == "person") != (row.get("kind") == "person"):
                continue
            return i
    if kind == "group":
        return None

    # 2. acronyms, either way round
    if kind != "person":
        for i, row in enumerate(known):
            if row.get("kind") == "person":
                continue
            for c_name in names:
                for k_name in _names(row):
                    if is_acronym(c_name) and c_name.replace(".", "") == acronym(k_name) and len(
                            k_name.split()) > 1:
                        return i
                    if is_acronym(k_name) and k_name.replace(".", "") == acronym(c_name) and len(
                            c_name.split()) > 1:
                        return i

    if kind in ("person", None, ""):
        persons = [(i, row) for i, row in enumerate(known) if row.get("kind") == "person"]
        # 3. surname alone: only when exactly one known person has it
        for c_name in names:
            words = person_words(c_name)
            if len(words) == 1:
                hits = {i for i, row in persons for n in _names(row)
                        if len(person_words(n)) >= 2 and person_words(n)[-1].lower()
                        == words[0].lower()}
                if len(hits) == 1:
                    return hits.pop()
                if hits:
                    return None
        # 4. full names, guarded against shared surnames and gendered forms
        matches = {i for i, row in persons for n in _names(row) for c_name in names
                   if _same_person(c_name, n)}
        if len(matches) == 1:
            return matches.pop()
        if kind == "person":
            return None

    # 5. other names: fuzzy, same kind family, same numbers
    best, best_score = None, 0.0
    for i, row in enumerate(known):
        if row.get("kind") == "person" or _kind_family(row.get("kind")) != _kind_family(kind):
            continue
        for c_name in names:
            for k_name in _names(row):
                a, b = normalize(c_name), normalize(k_name)
                if min(len(a), len(b)) < 8 or _numbers(a) != _numbers(b):
                    continue
                score = fuzz.ratio(a, b)
                if score >= FUZZY_THRESHOLD and score > best_score:
                    best, best_score = i, score
    return best


def merge_source(row: dict, candidate: dict) -> dict:
    """The row with the candidate's spellings as aliases and its description if the row
    has none; a surname-only row name gives way to the candidate's full name."""
    merged = dict(row)
    name = merged.get("name") or candidate.get("name") or ""
    aliases = _aliases(merged.get("aliases"))
    incoming = [candidate.get("name") or ""] + _aliases(candidate.get("aliases"))
    # "Clarke" known first, "Michael Clarke" now: the fuller name becomes the row name
    c_name = candidate.get("name") or ""
    if (candidate.get("kind") == "person" and len(person_words(c_name)) > len(person_words(name))
            and person_words(name) and person_words(c_name)
            and person_words(name)[-1].lower() == person_words(c_name)[-1].lower()):
        aliases.append(name)
        name = c_name
    seen = {normalize(name)}
    out = []
    for alias in aliases + incoming:
        key = normalize(alias)
        if alias and key and key not in seen:
            seen.add(key)
            out.append(alias)
    merged["name"] = name
    merged["aliases"] = out
    if not merged.get("description") and candidate.get("description"):
        merged["description"] = candidate["description"]
    if not merged.get("kind") or (merged.get("kind") == "group" and candidate.get("kind")):
        merged["kind"] = candidate.get("kind") or merged.get("kind")
    if "affiliation" in candidate and not merged.get("affiliation") and candidate.get(
            "affiliation"):
        merged["affiliation"] = candidate["affiliation"]
    return merged
