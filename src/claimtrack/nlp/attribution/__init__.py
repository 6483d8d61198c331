"""Who said what: the ``claimtrack_attribution`` component, one module per stage.

- ``lexicon``: the word lists (data/cues.json, data/attribution_sources.json) as a frozen
  record; ``context``: paragraphs, quotations, person names, span helpers;
- ``rules``: the registry (id, stage, words, precedence, measured confidence);
- cues: ``verb_rules`` (a reporting verb and its dependents), ``quote_rules`` (a cue
  placed around its content), ``phrase_rules`` ("according to", speaker labels,
  signatures), ``stance_rules`` (stance adjectives, "in X's view", "X's claim that",
  polls);
- ``subjects`` (the speaker token), ``sources`` and ``source_types`` (typed, named
  ``Source``), ``coreference`` (pronouns and "the minister");
- ``carryover`` (quotations continuing an attributed one);
- ``engine``: ``find_attributions``, the one entry point, and the spaCy factory.

The rules table with precedence and per-rule precision is in docs/attribution.md.
"""

from claimtrack.nlp.attribution.engine import Attributor, find_attributions, make_attribution
from claimtrack.nlp.attribution.lexicon import Lexicon, lexicon
from claimtrack.nlp.attribution.rules import RULES
from claimtrack.nlp.attribution.source_types import Source

__all__ = ["RULES", "Attributor", "Lexicon", "Source", "find_attributions", "lexicon",
           "make_attribution"]
