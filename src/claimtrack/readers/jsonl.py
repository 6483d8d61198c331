"""JSON lines: one article per line, metadata from its fields."""

from __future__ import annotations

import json
from collections.abc import Iterator

from claimtrack.readers.base import METADATA_KEYS, InputError, RawArticle, split_authors
from claimtrack.readers.decoding import normalise_newlines


def metadata_from_record(record: dict, where: str) -> dict:
    """The metadata fields of a JSON line, or InputError when one has the wrong type
    ("authors": 12): checked here so a bad line is refused alone, before it reaches
    cleaning or spaCy."""
    metadata: dict = {}
    for key in (*METADATA_KEYS, "summary"):
        value = record.get(key)
        if value in (None, "", []):
            continue
        if key == "authors":
            if not (isinstance(value, str) or (isinstance(value, list)
                                               and all(isinstance(v, str) for v in value))):
                raise InputError(where, '"authors" must be a string or a list of strings')
            metadata[key] = split_authors(value)
        elif isinstance(value, str):
            metadata[key] = " ".join(value.split())
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            metadata[key] = str(value)  # "published": 2024
        else:
            raise InputError(where, f'"{key}" must be a string')
    return metadata


def iter_jsonl(text: str, path: str) -> Iterator[RawArticle | InputError]:
    """One article per line: ``{"text": ..., "title"?, "authors"?, "publication"?,
    "published"?, "url"?}``. A bad line is an InputError naming ``path:line``."""
    found = False
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        found = True
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"invalid JSON ({exc.msg})")
            continue
        if not isinstance(record, dict):
            yield InputError(where, "not a JSON object")
            continue
        body = record.get("text")
        if not isinstance(body, str):
            yield InputError(where, 'no "text" field')
            continue
        if not body.strip():
            yield InputError(where, "empty text")
            continue
        try:
            metadata = metadata_from_record(record, where)
        except InputError as error:
            yield error
            continue
        yield RawArticle(normalise_newlines(body), where, metadata, "jsonl")
    if not found:
        yield InputError(path, "empty file")

