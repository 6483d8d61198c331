"""Canonical names within one document: one name shared by every mention of an entity.

Input: the document's mentions after the label fixes (nlp/entities.py), as dicts with
text, label and start (character offsets into the document text). People cluster by their
name words (titles off, slips and transliterations joined, namesakes kept apart);
organisations and places by a variant key, defined and implied acronyms and short forms
("the Court"): nlp/thing_canonicals.py. See docs/claims.md, "Canonical names within a document".
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein

from claimtrack.names import (
    fold,
    is_feminine_pair,
    same_full_name,
    same_name_word,
    strip_name,
    title_words,
)
from claimtrack.nlp.entity_rules import lexicon
from claimtrack.nlp.thing_canonicals import canonical_things

# Transliterated surnames ("Farouqi" / "Farouky"), compared on their transliteration keys:
# (shortest key length, edits allowed), longest first; shorter keys must be equal.
TRANSLIT_EDITS = ((9, 2), (5, 1))
TRANSLIT_MIN_RATIO = 80  # rapidfuzz ratio on the keys: one edit in a five-letter key is 80
WORD_BEFORE_CHARS = 16  # enough for the longest honorific or family word and a comma


@lru_cache(maxsize=1)
def _name_data() -> tuple[dict[str, str], frozenset[str], tuple[tuple[str, str], ...]]:
    lex = lexicon()
    gender = {w: g for g, words in lex["honorifics_by_gender"].items() for w in words}
    gender.update({w: g for g, words in lex["relations_by_gender"].items() for w in words})
    articles = frozenset(lex["arabic_articles"])
    groups = tuple((a, b) for a, b in lex["transliteration_groups"])
    return gender, articles, groups


@lru_cache(maxsize=1)
def _regnal_titles() -> frozenset[str]:
    return frozenset(lexicon()["regnal_titles"])


# ---------------------------------------------------------------- surname keys


@lru_cache(maxsize=8192)  # the same surnames recur through a document and a run
def article_free(word: str) -> str:
    """'al-Farouqi' -> 'Farouqi', 'El Farouky' -> 'Farouky' (an Arabic article off)."""
    articles = _name_data()[1]
    head, sep, rest = re.sub(r"[\s‐‑]", "-", word, count=1).partition("-")
    return rest if sep and rest and head.lower() in articles else word


@lru_cache(maxsize=8192)
def surname_key(word: str) -> str:
    return fold(article_free(word)).lower()


@lru_cache(maxsize=4096)
def translit_key(word: str) -> str:
    """'Farouqi' and 'Farouky' -> 'faruki'; 'Hoffstetter' -> 'hofsteter'."""
    key = surname_key(word)
    for written, said in _name_data()[2]:
        key = key.replace(written, said)
    return re.sub(r"(.)\1+", r"\1", key)


def similar_surname(a: str, b: str) -> bool:
    """Two spellings of one surname: the same without an Arabic article, a slip
    (``same_name_word``), or transliteration keys within the length-dependent edit budget.
    Never a masculine/feminine pair ("Kowalski" / "Kowalska")."""
    a_bare, b_bare = article_free(a), article_free(b)
    if surname_key(a) == surname_key(b) or same_name_word(a_bare, b_bare):
        return True
    if is_feminine_pair(a_bare, b_bare) or (a_bare[-1:].lower() == "a") != (
            b_bare[-1:].lower() == "a"):
        return False
    ka, kb = translit_key(a), translit_key(b)
    if not ka or ka[0] != kb[:1]:
        return False
    allowed = next((edits for length, edits in TRANSLIT_EDITS if min(len(ka), len(kb)) >= length),
                   0)
    edits = DamerauLevenshtein.distance(ka, kb)
    return edits == 0 or (edits <= allowed and fuzz.ratio(ka, kb) >= TRANSLIT_MIN_RATIO)


# ---------------------------------------------------------------- people


def person_name(text: str, before: str = "") -> tuple[tuple[str, ...], str | None, str]:
    """(name words, gender, honorific) of a PERSON mention: leading titles off ("President
    Osei" -> ("Osei",)), the gender an honorific in it or right before it tells ("Mrs"), and
    an unhyphenated Arabic article kept with its surname ("El Farouky" is one name word)."""
    gender_of, articles, _ = _name_data()
    words = strip_name(text).split()
    gender = gender_of.get(before)
    honorific = before if before[:1].isupper() and gender else ""
    titles = title_words()
    while len(words) > 1 and (words[0] in gender_of or words[0].lower().rstrip(".") in titles):
        if len(words) == 2 and words[0] in _regnal_titles():
            break  # "Prince Harry", "Pope Francis": the title and one name are the name
        if words[0] in gender_of:
            honorific, gender = words[0], gender_of[words[0]]
        words = words[1:]
    glued: list[str] = []
    for k, word in enumerate(words):
        # "Omar al Farouqi", "El Farouky": the article belongs to the surname; a capitalised
        # "Al" alone is a given name ("Al Gore").
        if glued and glued[-1].lower() in articles and (glued[-1].islower() or (
                glued[-1] == "El" and k == 1)):
            glued[-1] += " " + word
        else:
            glued.append(word)
    return tuple(glued), gender, honorific


def _word_before(text: str, start: int) -> str:
    """The word right before a mention ("Mrs" in "Mrs Osei"; "wife" in "his wife, Grace
    Okafor"), from the document text."""
    words = text[max(0, start - WORD_BEFORE_CHARS):start].split()
    if not words or not text[start - 1:start].isspace():
        return ""
    return words[-1].rstrip(",") if words[-1] != "," else ""


def canonical_names(mentions: list[dict], text: str = "") -> list[str]:
    """One canonical name per mention (dicts with text, label, start), shared by every
    mention of the same entity in a document; ``text`` is the document text (honorifics
    before a name, acronyms defined in brackets)."""
    keys = [strip_name(m["text"]) for m in mentions]
    canon = list(keys)
    _canonical_people(mentions, canon, text)
    canonical_things(mentions, keys, canon, text)
    return canon


def _canonical_people(mentions: list[dict], canon: list[str], text: str) -> None:
    people = [i for i, m in enumerate(mentions) if m["label"] == "PERSON"]
    names = {i: person_name(mentions[i]["text"], _word_before(text, mentions[i]["start"]))
             for i in people}
    # Clusters of full names: same words in any order, or the same words with slips.
    clusters: list[dict] = []  # {words, forms: Counter of word tuples, members, gender}
    for i in people:
        words, gender, _ = names[i]
        if len(words) < 2:
            continue
        cluster = next((c for c in clusters if same_full_name(list(words), c["words"],
                                                              suffix=True)), None)
        if cluster is None:
            # A transliterated or misspelt surname with the same given names, when it can
            # only be that one person ("Omar al-Farouqi" / "Omar el-Farouky").
            similar = [c for c in clusters if len(c["words"]) == len(words)
                       and c["words"][:-1] == list(words[:-1])
                       and similar_surname(words[-1], c["words"][-1])]
            cluster = similar[0] if len(similar) == 1 else None
        if cluster is None:
            cluster = {"words": list(words), "forms": Counter(), "members": [], "gender": None}
            clusters.append(cluster)
        cluster["forms"][words] += 1
        cluster["members"].append(i)
        cluster["gender"] = cluster["gender"] or gender
    singles = [i for i in people if len(names[i][0]) == 1]
    single_counts = Counter(names[i][0][0] for i in singles)
    by_surname: dict[str, list[dict]] = {}  # surname key -> clusters with that surname
    for cluster in clusters:
        for key in {surname_key(f[-1]) for f in cluster["forms"]}:
            by_surname.setdefault(key, []).append(cluster)
    unresolved: list[int] = []
    for i in singles:
        chosen = _cluster_of_single(i, names, clusters, by_surname, single_counts, mentions)
        if chosen is None:
            unresolved.append(i)
            continue
        chosen["members"].append(i)
        chosen["gender"] = chosen["gender"] or names[i][1]
    for cluster in clusters:
        name = _cluster_name(cluster, names, single_counts)
        for j in cluster["members"]:
            canon[j] = name
    _canonical_unresolved(unresolved, names, clusters, canon)


def _cluster_of_single(i: int, names: dict, clusters: list[dict], by_surname: dict,
                       single_counts: Counter, mentions: list[dict]) -> dict | None:
    """The full-name cluster a single name word joins: the one whose surname it is (also
    without an Arabic article), a family name first, a slip, a transliteration when only
    one person fits, a given name alone; never a person of the other gender by honorific."""
    word, gender, _ = names[i]
    word = word[0]
    candidates = list(by_surname.get(surname_key(word), ()))
    if not candidates and single_counts[word] <= 2:
        # Family name first ("Wang Yi" ... "Wang"): only for a rare single mention,
        # so a headline slip like "Obama Says" does not capture every "Obama".
        candidates = [c for c in clusters if any(word == w for w in c["words"])
                      and single_counts.get(c["words"][-1], 0) == 0]
    if not candidates:
        fuzzy = [c for c in clusters if same_name_word(word, c["words"][-1])]
        if fuzzy:
            best = min(DamerauLevenshtein.distance(word, c["words"][-1]) for c in fuzzy)
            candidates = [c for c in fuzzy
                          if DamerauLevenshtein.distance(word, c["words"][-1]) == best]
    if not candidates:
        similar = [c for c in clusters if similar_surname(word, c["words"][-1])]
        candidates = similar if len(similar) == 1 else []  # nothing else competes
    if not candidates:
        # A given name alone ("Hillary", "Xi") names the one person whose full name
        # starts with it, when it is nobody's surname here.
        surnames = {f[-1] for c in clusters for f in c["forms"]}
        candidates = [c for c in clusters if c["words"][0] == word]
        if len(candidates) != 1 or word in surnames:
            candidates = []
    if gender:
        # "Mr Osei" ... "Mrs Osei": an honorific of the other gender is another person.
        candidates = [c for c in candidates if c["gender"] in (None, gender)]
        same = [c for c in candidates if c["gender"] == gender]
        if len(candidates) > 1 and len(same) == 1:
            return same[0]
    if not candidates:
        return None
    return _choose_namesake(candidates, mentions, names, i)


def _canonical_unresolved(unresolved: list[int], names: dict, clusters: list[dict],
                          canon: list[str]) -> None:
    """Single names with no full name: spelling slips group (most frequent spelling wins);
    honorifics of different genders on one surname stay two people ("Mr Osei", "Mrs Osei"),
    each named with the honorific when the surname alone would not tell them apart."""
    groups: list[list[int]] = []
    for i in unresolved:
        word, gender, _ = names[i]
        for group in groups:
            g_word, g_gender, _ = names[group[0]]
            if same_name_word(word[0], g_word[0]) and (
                    gender is None or g_gender is None or gender == g_gender):
                group.append(i)
                break
        else:
            groups.append([i])
    for group in groups:
        spelling = Counter(names[i][0][0] for i in group).most_common(1)[0][0]
        gender = next((names[i][1] for i in group if names[i][1]), None)
        # Another person of the other gender with this surname: "Mrs Osei" after "Mr Osei".
        shared = [g for g in groups if g is not group and names[g[0]][1] not in (None, gender)
                  and surname_key(names[g[0]][0][0]) == surname_key(spelling)] + [
            c for c in clusters if c["gender"] not in (None, gender)
            and surname_key(c["words"][-1]) == surname_key(spelling)]
        if gender and shared:
            honorific = next((names[i][2] for i in group if names[i][2]), "")
            spelling = f"{honorific} {spelling}".strip()
        for i in group:
            canon[i] = spelling


def _choose_namesake(candidates: list[dict], mentions: list[dict], names: dict,
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
        names[j][0] == names[i][0] and mentions[j]["start"] < start for j in c["members"])]
    if len(claimed) == 1:
        return claimed[0]
    first = min(candidates, key=first_start)
    full_count = {id(c): sum(c["forms"].values()) for c in candidates}
    if all(full_count[id(first)] >= 2 * full_count[id(c)] for c in candidates if c is not first):
        return first
    return None


def _cluster_name(cluster: dict, names: dict, single_counts: Counter) -> str:
    """The full form whose last word is used alone most often (the surname), spelled the
    way the document spells that surname most often."""
    forms = cluster["forms"]

    def surname_evidence(form: tuple[str, ...]) -> int:
        return single_counts.get(form[-1], 0)

    form = max(forms, key=lambda f: (surname_evidence(f), forms[f]))
    if len({len(f) for f in forms}) > 1:
        # Longer and shorter forms ("Enrique Peña Nieto" ... "Peña Nieto", "Donald J. Trump"
        # ... "Donald Trump"): news gives the name in full at its first mention.
        form = tuple(cluster["words"])
    words = list(form)
    variants = Counter(names[j][0][-1] for j in cluster["members"])
    variants = Counter({v: n for v, n in variants.items() if same_name_word(v, words[-1])})
    if variants:
        words[-1] = variants.most_common(1)[0][0]
    return " ".join(words)
