"""Indexes of known names for lookups that compare a name only with the few known names
in its buckets: ``NameIndex`` (shared by the source registry and the entity canonicals),
``CanonicalIndex`` and ``canonical_map`` (cross-article entity canonicals). The name
comparisons themselves are claimtrack.names.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from claimtrack.names import (
    BLOCK_CHARS,
    FUZZY_MIN_LENGTH,
    FUZZY_THRESHOLD,
    NAME_TAGS,
    acronym_key,
    family,
    gendered_honorifics,
    initials,
    is_acronym,
    normalize,
    numbers,
    person_words,
    same_person_words,
)


class NameIndex:
    """Known names, each with a tag and a reference (a row index, a canonical name...).

    ``lookup(names, tag)`` returns the reference of the known name that names the same
    thing, trying strictest first: the same normalised key; an acronym of a full name
    either way round (organisation-like only); a person's surname alone when exactly one
    known person has it; a full person name (``same_person``) when exactly one known person
    matches; an organisation-like name one slip away (rapidfuzz ratio >= 92, same numbers).
    Each step reads only its buckets (keys, initials, surnames by first letter, names by
    length), never every known name; rapidfuzz compares within a bucket.
    """

    def __init__(self) -> None:
        self._order: dict[Hashable, int] = {}  # reference -> first-seen rank (ties: oldest)
        self._exact: dict[tuple[str, str], list] = {}
        self._by_initials: dict[str, list] = {}  # "HRW" -> refs of "Human Rights Watch"
        self._acronyms: dict[str, list] = {}  # "HRW" -> refs of the known name "HRW"
        # "clarke" -> [(ref, ["Michael", "Clarke"])]: full person names by surname
        self._surnames: dict[str, list[tuple[Hashable, list[str]]]] = {}
        # (block, length) -> surnames, blocks being the first two letters and the first
        # with the last two (_surname_blocks): a slip keeps the first letter and changes the
        # length by two at most (same_name_word), and one slip in a word of five letters or
        # more leaves one of the blocks intact, so a lookup reads a few small buckets
        self._surnames_by_letter: dict[tuple[str, int], list[str]] = {}
        # (family, key length, "^" + first letters | "$" + last letters) -> (keys, refs):
        # non-person names for the fuzzy step (BLOCK_CHARS)
        self._by_length: dict[tuple[str, int, str], tuple[list[str], list[Hashable]]] = {}
        self._seen: set[tuple[str, str, Hashable]] = set()

    def add(self, name: str, tag: str | None, ref: Hashable) -> None:
        fam = family(tag)
        if not name or fam == "group" or (name, fam, ref) in self._seen:
            return
        self._seen.add((name, fam, ref))
        self._order.setdefault(ref, len(self._order))
        key = normalize(name)
        if not key:
            return
        _append(self._exact, (fam, key), ref)
        if fam == "person":
            words = person_words(name)
            _append(self._exact, (fam, normalize(" ".join(words))), ref)  # "Sen. Kaine"
            if len(words) >= 2:
                surname = words[-1].casefold()
                if surname not in self._surnames:
                    for block in _surname_blocks(surname):
                        self._surnames_by_letter.setdefault(
                            (block, len(surname)), []).append(surname)
                self._surnames.setdefault(surname, []).append((ref, words))
            return
        if fam in ("org", ""):
            if is_acronym(name):
                _append(self._acronyms, acronym_key(name), ref)
            elif len(name.split()) >= 2:
                _append(self._by_initials, initials(name), ref)
        if (tag in NAME_TAGS or not tag) and len(key) >= FUZZY_MIN_LENGTH:
            for block in _blocks(key):
                keys, refs = self._by_length.setdefault((fam, len(key), block), ([], []))
                keys.append(key)
                refs.append(ref)

    def lookup(self, names: Iterable[str], tag: str | None) -> Hashable | None:
        names = [n for n in names if n]
        fam = family(tag)
        if not names or fam == "group":
            return None
        families = [fam] if fam else ["person", "org", ""]
        keys = {normalize(n) for n in names}
        if fam == "person":
            keys |= {normalize(" ".join(person_words(n))) for n in names}
        exact = [ref for f in families for k in keys for ref in self._exact.get((f, k), ())]
        if exact:
            return min(exact, key=self._order.__getitem__)
        if tag and tag not in NAME_TAGS:
            return None  # dates, amounts...: exact only
        if fam in ("org", ""):
            found = self._acronym_match(names)
            if found is not None:
                return found
        if fam in ("person", ""):
            found, decided = self._person_match(names)
            if decided or fam == "person":
                return found
        return self._fuzzy_match(names, fam)

    def _acronym_match(self, names: list[str]) -> Hashable | None:
        for name in names:
            if is_acronym(name):
                refs = set(self._by_initials.get(acronym_key(name), ()))
            elif len(name.split()) >= 2:
                refs = set(self._acronyms.get(initials(name), ()))
            else:
                continue
            if len(refs) == 1:
                return refs.pop()
        return None

    def _person_match(self, names: list[str]) -> tuple[Hashable | None, bool]:
        """(reference, decided): decided is True when the answer is final, even None (a
        surname two known people share)."""
        for name in names:
            words = person_words(name)
            if len(words) == 1:
                refs = {ref for ref, _ in self._surnames.get(words[0].casefold(), ())}
                if len(refs) == 1:
                    return refs.pop(), True
                if refs:
                    return None, True  # "Clinton": Hillary or Bill
        refs = set()
        for name in names:
            words = person_words(name)
            if len(words) < 2:
                continue
            # Known surnames this word may spell (same_name_word: same first letter, a slip
            # only in words of five letters or more, two only from eight); the given name
            # too, for names in either order ("Bilash Serikzhan").
            for word in {words[-1].casefold(), words[0].casefold()}:
                if len(word) < 5:
                    similar = [word] if word in self._surnames else []
                else:
                    slips = 1 if len(word) < 8 else 2
                    similar = {found for length in range(len(word) - slips,
                                                         len(word) + slips + 1)
                               for block in _surname_blocks(word)
                               for found, _, _ in process.extract(
                                   word, self._surnames_by_letter.get((block, length), ()),
                                   scorer=DamerauLevenshtein.distance, score_cutoff=slips,
                                   limit=None)}
                for surname in similar:
                    refs |= {ref for ref, known in self._surnames[surname]
                             if same_person_words(words, known)}
        if len(refs) == 1:
            return refs.pop(), True
        return None, bool(refs)

    def _fuzzy_match(self, names: list[str], fam: str) -> Hashable | None:
        best, best_score = None, 0.0
        for name in names:
            key = normalize(name)
            if len(key) < FUZZY_MIN_LENGTH:
                continue
            # ratio >= 92 bounds the length difference: only those length buckets are read.
            low = math.ceil(len(key) * FUZZY_THRESHOLD / (200 - FUZZY_THRESHOLD))
            high = math.floor(len(key) * (200 - FUZZY_THRESHOLD) / FUZZY_THRESHOLD)
            for length in range(max(low, FUZZY_MIN_LENGTH), high + 1):
                for block in _blocks(key):
                    keys, refs = self._by_length.get((fam, length, block), ((), ()))
                    if not keys:
                        continue
                    for known, score, i in process.extract(
                            key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD,
                            limit=None):
                        if score > best_score and numbers(key) == numbers(known):
                            best, best_score = refs[i], score
        return best


def _surname_blocks(surname: str) -> tuple[str, str]:
    """A surname's buckets: its first two letters; its first and last two. Two slips in a
    long surname, one in each block, are missed, as in the fuzzy step (BLOCK_CHARS)."""
    return "^" + surname[:2], "$" + surname[0] + surname[-2:]


def _blocks(key: str) -> tuple[str, str]:
    """The fuzzy step's buckets of a normalised name: its first and its last letters."""
    return "^" + key[:BLOCK_CHARS], "$" + key[-BLOCK_CHARS:]


def _append(table: dict, key, ref) -> None:
    refs = table.setdefault(key, [])
    if ref not in refs:
        refs.append(ref)


# ---------------------------------------------------------------- entity canonicals


class CanonicalIndex:
    """The canonical entity names already in the database, as (name, label) pairs."""

    def __init__(self, known: Iterable[tuple[str, str | None]] = ()) -> None:
        self._index = NameIndex()
        self._honorific_names: dict[str, str] = {}
        for name, label in known:
            self.add(name, label)

    def add(self, name: str, label: str | None) -> None:
        if _kept_honorific(name, label):
            self._honorific_names.setdefault(normalize(name), name)
        else:
            self._index.add(name, label, name)

    def lookup(self, name: str, label: str | None) -> str:
        if _kept_honorific(name, label):
            # "Mrs Mwangi": her article kept her apart from the Mwangi named in full, so her
            # surname alone must not make her that person here, nor him her: only her own
            # name matches.
            return self._honorific_names.get(normalize(name), name)
        found = self._index.lookup([name], label)
        return name if found is None else found


def _kept_honorific(name: str, label: str | None) -> bool:
    """A person's in-document canonical that kept its honorific ("Mrs Mwangi")."""
    words = name.split()
    return family(label) == "person" and len(words) == 2 and words[0] in gendered_honorifics()


def canonical_map(names: Iterable[tuple[str, str | None]],
                  known: Iterable[tuple[str, str | None]] | CanonicalIndex,
                  ) -> dict[tuple[str, str | None], str]:
    """Cross-article: each (canonical name, label) of one article -> the canonical name
    already in the database that names the same entity, or the name itself. ``known`` is
    (name, label) pairs or a CanonicalIndex kept across articles. Label-aware: "Jordan"
    the country never becomes "Michael Jordan"; different given names never merge, nor
    masculine/feminine surname pairs."""
    index = known if isinstance(known, CanonicalIndex) else CanonicalIndex(known)
    return {(name, label): index.lookup(name, label) for name, label in names}
