"""Name matching shared by the source registry and cross-article entity canonicals.

Pure Python over rapidfuzz (no spaCy), so store.py can match names without loading the
pipeline. Two layers:

* word and name comparisons (``same_name_word``, ``same_full_name``, ``same_person``,
  ``initials``...), also used by nlp/entities.py inside one document;
* ``claimtrack.name_index.NameIndex``: known names bucketed by normalised key, surname,
  initials and length, so a lookup compares a name only with the few known names in its
  buckets, never with all of them. ``registry.SourceIndex`` and ``CanonicalIndex``
  (``canonical_map``) are built on it.

Names carry a tag: a spaCy label (PERSON, ORG, GPE...) or a registry kind (person,
organization...). Tags fall into families; names match only within their family, and the
shortcuts are family-specific: a surname alone or a slip in a person's name only person to
person, acronyms only between organisation-like names. Honorifics come from
nlp/data/entities.json ``person_title_words``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein

QUOTE_CHARS = "\"'“”‘’"
ACRONYM_SKIP = frozenset({"and", "of", "the", "for", "&", "on", "in", "to", "de", "du", "la",
                          "le", "des"})
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md"})
INITIAL = re.compile(r"^(?:[A-Z]\.)+$|^[A-Z]$")  # "J.", "H.W.", "J"
NAME_MATCH_MIN = 85  # rapidfuzz ratio for a misspelt name word (one slip in ten letters ~ 90)
FUZZY_THRESHOLD = 92  # rapidfuzz ratio for a misspelt non-person name, whole string
FUZZY_MIN_LENGTH = 8  # shorter non-person names only match exactly (or as acronyms)
# The fuzzy step compares a name only with known names of a nearby length that share its
# first or its last BLOCK_CHARS letters: one slip (all a ratio of 92 allows up to 12
# letters) leaves one end intact, so those buckets hold every match; two slips, one at each
# end of a long name, are the one case it gives up. The buckets stay small as the registry
# grows (docs/scaling.md: about 10 names each at 30,000 sources, against thousands per length).
BLOCK_CHARS = 3

PERSON_TAGS = frozenset({"PERSON", "person"})
# Organisation-like: institutions, governments, publications, and the places that stand for
# them ("US" / "United States", "EU" / "European Union"). Not NORP: "Kazakhstani" is one slip
# from "Kazakhstan" but names people, not the country.
ORG_TAGS = frozenset({"ORG", "GPE", "organization", "publication", "government", "document"})
GROUP_TAGS = frozenset({"group"})  # vague groups ("critics", "officials"): never matched
# Tags whose names may match by shortcut or slip; others (DATE, MONEY...) only exactly.
NAME_TAGS = PERSON_TAGS | ORG_TAGS | frozenset({"LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART",
                                                "LAW", "LANGUAGE"})


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Honorifics and titles that may lead a person's name ("Sen.", "Foreign Minister")."""
    # claimtrack.nlp's __init__ imports spaCy: read the file through the top package.
    path = resources.files("claimtrack").joinpath("nlp/data/entities.json")
    data = json.loads(path.read_text("utf-8"))
    return frozenset(w.lower().rstrip(".") for w in data["person_title_words"])


@lru_cache(maxsize=1)
def gendered_honorifics() -> frozenset[str]:
    """"Mr", "Mrs", "Ms"...: an in-document canonical keeps one only to tell a person apart
    from a namesake of the other gender ("Mrs Mwangi" after "Mr Mwangi")."""
    path = resources.files("claimtrack").joinpath("nlp/data/entities.json")
    data = json.loads(path.read_text("utf-8"))
    return frozenset(w for words in data["honorifics_by_gender"].values() for w in words)


def family(tag: str | None) -> str:
    """'person', 'org', 'group', or the tag itself ('' when unknown)."""
    if tag in PERSON_TAGS:
        return "person"
    if tag in ORG_TAGS:
        return "org"
    if tag in GROUP_TAGS:
        return "group"
    return tag or ""


# ---------------------------------------------------------------- keys


def fold(text: str) -> str:
    """Accents off: 'Peña' -> 'Pena'."""
    if text.isascii():
        return text  # most names: NFKD leaves ASCII as it is and it has no combining marks
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


# normalize is called for every name of every stored article, and names recur across an
# archive: a bounded cache saves most of the store's name work (pure function of a string).
NORMALIZE_CACHE = 1 << 17
POSSESSIVE = re.compile(r"'s\b")
DOTS_AND_APOSTROPHES = re.compile(r"[.']")
NOT_KEY_CHARS = re.compile(r"[^\w\s&-]")


@lru_cache(maxsize=NORMALIZE_CACHE)
def normalize(name: str) -> str:
    """Case, accents, 'the', possessives and punctuation out: the exact-match key."""
    text = fold(name or "").lower().replace("’", "'")
    text = POSSESSIVE.sub("", text)
    text = DOTS_AND_APOSTROPHES.sub("", text)  # "U.S." = "US", "O'Brien" = "OBrien"
    text = NOT_KEY_CHARS.sub(" ", text)
    words = text.split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@lru_cache(maxsize=NORMALIZE_CACHE)  # each mention's text, several times per document
def strip_name(text: str) -> str:
    """A mention's name key: no possessive, no leading 'the', no quotes, one space."""
    text = re.sub(r"\s+", " ", text.strip().strip(QUOTE_CHARS).strip())
    text = re.sub(r"(['’][sS]?)$", "", text).strip()
    if text.lower().startswith("the "):
        text = text[4:].strip(QUOTE_CHARS).strip()  # 'the “Justice Against ... Act'
    return text


def person_words(name: str) -> list[str]:
    """A person's name words, without leading titles ('Sen.', 'Foreign Minister') and
    trailing suffixes ('Jr.'); accents kept. Never strips the last word."""
    return list(_person_words(name))  # a copy: callers may change their list


@lru_cache(maxsize=NORMALIZE_CACHE)  # like normalize: called for every name of every article
def _person_words(name: str) -> tuple[str, ...]:
    words = [w.strip(".,") if not INITIAL.match(w.strip(",")) else w.strip(",")
             for w in strip_name(name or "").replace("’", "'").split()]
    words = [re.sub(r"'s$", "", w) for w in words if w]
    titles = title_words()
    while len(words) > 1 and words[0].lower().rstrip(".") in titles:
        words = words[1:]
    while len(words) > 1 and words[-1].lower().rstrip(".") in NAME_SUFFIXES:
        words = words[:-1]
    return tuple(words)


def initials(name: str) -> str:
    """'Human Rights Watch' -> 'HRW'; 'Belt and Road Initiative' -> 'BRI'."""
    words = re.split(r"[\s\-]+", fold(name))
    return "".join(w[0].upper() for w in words
                   if w and w.lower() not in ACRONYM_SKIP and w[0].isalpha())


def is_acronym(text: str) -> bool:
    """'HRW', 'U.N.', 'AT&T': two to eight capitals."""
    bare = text.replace(".", "").replace("&", "")
    return 2 <= len(bare) <= 8 and bare.isupper() and bare.isalpha()


def acronym_key(text: str) -> str:
    """An acronym as initials() spells it: 'U.N.' -> 'UN', 'AT&T' -> 'ATT'."""
    return text.replace(".", "").replace("&", "")


def numbers(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\d+", text))


# ---------------------------------------------------------------- comparisons


def is_feminine_pair(a: str, b: str) -> bool:
    """'Nazarbayev' / 'Nazarbayeva', 'Ivanov' / 'Ivanova', 'Kowalski' / 'Kowalska':
    the feminine form of a surname names a different person."""
    a, b = sorted((a.lower(), b.lower()), key=len)
    if b == a + "a":
        return True
    return len(a) == len(b) and a[:-1] == b[:-1] and a[-1] == "i" and b[-1] == "a"


def same_name_word(a: str, b: str) -> bool:
    """Two spellings of one name word: equal, or a small slip (insertion, transposition)
    in a long enough word; never a masculine/feminine pair of surnames."""
    if a.lower() == b.lower():
        return True
    if min(len(a), len(b)) < 5 or a[0].lower() != b[0].lower() or abs(len(a) - len(b)) > 2:
        return False
    if is_feminine_pair(a, b) or (a[-1].lower() == "a") != (b[-1].lower() == "a"):
        return False  # a slip never turns a masculine surname form into a feminine one
    slips = DamerauLevenshtein.distance(a.lower(), b.lower())
    allowed = 1 if min(len(a), len(b)) < 8 else 2
    return slips <= allowed and fuzz.ratio(a.lower(), b.lower()) >= NAME_MATCH_MIN


def first_names_match(a: str, b: str) -> bool:
    """Given names that agree: the same, an initial of the other ("J." / "John"), or a
    slip; initials with several letters only equal ("H.W." is not "W.")."""
    a, b = a.rstrip("."), b.rstrip(".")
    if a.lower() == b.lower():
        return True
    if len(a) == 1 or len(b) == 1:
        return a[:1].lower() == b[:1].lower()
    if "." in a or "." in b:
        return False
    return same_name_word(a, b)


def without_initials(words: list[str]) -> tuple[list[str], list[str]]:
    """'Donald J. Trump' -> (['Donald', 'Trump'], ['J.'])."""
    if len(words) < 3:
        return words, []
    middle = [w for w in words[1:-1] if INITIAL.match(w)]
    return [words[0]] + [w for w in words[1:-1] if not INITIAL.match(w)] + [words[-1]], middle


def same_full_name(a: list[str], b: list[str], *, suffix: bool = False) -> bool:
    """Same words in any order or with slips; with ``suffix`` (within one document), also a
    full name that ends another ("Miss Universe Alicia Machado" / "Alicia Machado")."""
    short, long = sorted((a, b), key=len)
    if suffix and 2 <= len(short) < len(long) and [w.lower() for w in long[-len(short):]] == [
            w.lower() for w in short]:
        return True
    if len(a) != len(b):
        # "Donald J. Trump" / "Donald Trump": a middle initial only on one side
        (a_core, a_initials), (b_core, b_initials) = without_initials(a), without_initials(b)
        if (a_initials and b_initials) or len(a_core) != len(b_core) or len(a_core) < 2:
            return False
        return all(x.lower() == y.lower() for x, y in zip(a_core, b_core, strict=True))
    if sorted(w.lower() for w in a) == sorted(w.lower() for w in b):
        return True
    return all(same_name_word(x, y) for x, y in zip(a, b, strict=True))


def same_person(a: str, b: str) -> bool:
    """Two full person names for one person, across articles: the same words (any order,
    slips, a middle initial on one side: ``same_full_name``), or the same surname (a slip
    allowed, never a feminine form) with agreeing given names ("N. Nazarbayev") and no
    conflicting middle names ("George W. Bush" is not "George H.W. Bush"). Two people
    sharing only a surname never match."""
    return same_person_words(person_words(a), person_words(b))


def same_person_words(wa: list[str], wb: list[str]) -> bool:
    """``same_person`` on names already split by ``person_words``."""
    if len(wa) < 2 or len(wb) < 2:
        return False
    if same_full_name(wa, wb):
        return True
    if not same_name_word(wa[-1], wb[-1]) or not first_names_match(wa[0], wb[0]):
        return False
    middle_a, middle_b = wa[1:-1], wb[1:-1]
    if middle_a and middle_b:
        return len(middle_a) == len(middle_b) and all(
            first_names_match(x, y) for x, y in zip(middle_a, middle_b, strict=True))
    return True
