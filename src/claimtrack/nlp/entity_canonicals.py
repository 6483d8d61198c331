"""Canonical names within one document: one name shared by every mention of an entity.

Input: the document's mentions after the label fixes (nlp/entities.py), as dicts with
text, label and start. See docs/claims.md, "Canonical names within a document".
"""

from __future__ import annotations

import re
from collections import Counter

from claimtrack.names import initials, same_full_name, same_name_word, strip_name

ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,6}$")


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
