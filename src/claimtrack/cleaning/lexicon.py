"""The furniture lexicon: word lists and patterns from ``nlp/data/cleaning.json``."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Lexicon:
    nav_lines: frozenset[str]
    list_headings: frozenset[str]
    end_headings: frozenset[str]
    prompt_patterns: tuple[re.Pattern, ...]
    credit_pattern: re.Pattern
    credit_tail_pattern: re.Pattern
    name_particles: frozenset[str]
    byline_roles: frozenset[str]


# A photographer's name in a credit: up to four capitalised words.
CREDIT_NAME = r"[A-Z][\w.\u2019'-]*(?:\s+[A-Z][\w.\u2019'-]*){0,3}"
# Each form of credit_tail_pattern has a slash or "via" (same flags): only a line holding
# one is searched with the long pattern, which costs a third of cleaning on every line.
CREDIT_TAIL_HINT_RE = re.compile(r"/|via", re.IGNORECASE)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The furniture lexicon, loaded on first use (no work at import time)."""
    path = resources.files("claimtrack.nlp") / "data" / "cleaning.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    agencies = sorted(data["credit_agencies"], key=len, reverse=True)
    agency = "|".join(re.escape(a) for a in agencies)
    return Lexicon(
        nav_lines=frozenset(data["nav_lines"]),
        list_headings=frozenset(data["list_headings"]),
        end_headings=frozenset(data["end_headings"]),
        prompt_patterns=tuple(re.compile(p, re.IGNORECASE) for p in data["prompt_patterns"]),
        credit_pattern=re.compile(rf"(?<![\w-])(?:{agency})(?![\w-])", re.IGNORECASE),
        # "... on Tuesday. Jane Doe/Reuters", "(AP Photo/Evan Vucci, File)", "Reuters/Jane
        # Doe", "Jane Doe/AFP via Getty Images". Names are capitalised (case-sensitive
        # groups), so "a Reuters/Ipsos poll conducted last week." is not a credit.
        credit_tail_pattern=re.compile(
            rf"(?:(?-i:{CREDIT_NAME})\s*/\s*(?:{agency})"
            rf"|(?:{agency})\s*/\s*(?-i:{CREDIT_NAME})(?:,\s*file)?"
            rf"|(?:(?:{agency})|(?-i:{CREDIT_NAME}))\s+via\s+(?:{agency}))\)?\.?\s*$",
            re.IGNORECASE,
        ),
        name_particles=frozenset(data["person_name_particles"]),
        byline_roles=frozenset(data["byline_roles"]),
    )
