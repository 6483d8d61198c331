"""The source registry: one row per real-world source across articles.

``resolve_source(candidate, known)`` finds the known row that is the same source as a
candidate from a new article; ``merge_source(row, candidate)`` folds the candidate's
spellings and description into that row. Rows look like
``{id, name, kind, description, aliases}`` (aliases a list, or its JSON text as stored).

The matching itself is claimtrack.names and claimtrack.name_index (shared with the
cross-article entity canonicals), strictest first:
1. the same normalised name or alias ("The Intercept" = "Intercept"), same kind family;
   a person's surname alone is no alias to match on here (two Okafors both have it);
2. an acronym of the other's name ("HRW" = "Human Rights Watch"), not for persons;
3. a person's surname alone ("Clarke", "Mr. Clarke") when exactly one known person has it;
4. two full person names: surnames equal or one slip apart (never a feminine form:
   "Kowalski" / "Kowalska"), given names that agree -- so two people sharing a surname
   never merge;
5. other names: fuzzy (rapidfuzz) at a high threshold, same kind family, same numbers.
Group sources ("critics", "officials", "the mayor") never match: each article's vague
group is its own.

For many rows, keep a ``SourceIndex`` (rows plus their names bucketed for lookup) and
pass it as ``known``; a plain list is indexed on every call.
"""

from __future__ import annotations

import json

from claimtrack.name_index import NameIndex
from claimtrack.names import normalize, person_words

__all__ = ["SourceIndex", "merge_source", "normalize", "resolve_source"]


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


def _names(row: dict) -> list[str]:
    names = [n for n in [row.get("name") or ""] + _aliases(row.get("aliases")) if n]
    words = person_words(names[0]) if names and row.get("kind") == "person" else []
    if len(words) >= 2:
        # "Maria Okafor" also written "Okafor": her surname alone is no name of hers to
        # match exactly (Daniel Okafor's row has it too); rule 3 matches a bare surname
        # when one known person has it. Other one-word aliases ("Wang" of "Wang Yi") stay.
        surname = words[-1].casefold()
        names = [names[0]] + [n for n in names[1:]
                              if [w.casefold() for w in person_words(n)] != [surname]]
    return names


class SourceIndex:
    """Known source rows and their names and aliases, indexed for ``resolve``. ``rows`` is
    the list the indexes returned by ``resolve`` point into."""

    def __init__(self, rows=()) -> None:
        self.rows: list[dict] = []
        self._names = NameIndex()
        for row in rows:
            self.add(row)

    def add(self, row: dict) -> int:
        """Append a row; returns its index."""
        self.rows.append(row)
        self._index(len(self.rows) - 1, row)
        return len(self.rows) - 1

    def update(self, index: int, row: dict) -> None:
        """Replace a row by its merged form (``merge_source``: rows only gain spellings)."""
        self.rows[index] = row
        self._index(index, row)

    def resolve(self, candidate: dict) -> int | None:
        return self._names.lookup(_names(candidate), candidate.get("kind"))

    def _index(self, index: int, row: dict) -> None:
        for name in _names(row):
            self._names.add(name, row.get("kind"), index)


def resolve_source(candidate: dict, known: list[dict] | SourceIndex) -> int | None:
    """Index into ``known`` (rows, or a SourceIndex's rows) of the row that is the same
    real-world source, or None."""
    index = known if isinstance(known, SourceIndex) else SourceIndex(known)
    return index.resolve(candidate)


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
