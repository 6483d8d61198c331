"""Pattern rules: attribution rules kept as spaCy DependencyMatcher patterns in package
data (data/attribution_patterns.json), like spaCy's own SpanRuler.

Where the parse alone decides (a reporting verb with its clausal complement, a light verb
with a speech noun, a colon after the cue, "according to" + noun phrase) the rule is data:
named nodes ("cue", "content", "object", "colon", "source") whose word lists are
references to the Lexicon (``{"LEMMA": {"IN": "@clausal_verbs"}}``). What needs code --
a guard, a filter on one match, the content span -- is a small function the entry names
(``pattern_steps``). Each entry is registered in the one rule registry under its id, so
``rules.ORDER`` is its precedence exactly as for a function rule, and the docs table marks
it "pattern".

The matchers belong to a pipeline (``PatternSet``, built by the component from its
lexicon and its ``patterns`` config), one per stage; each runs at most once per doc, the
first time a cue token it accepts asks for matches. The cue node's word list is
checked on that token (a set lookup), not by the matcher on every token of the doc.
The matchers are ``TreeMatcher``s: the DependencyMatcher's matches, found on arrays.
"""

from __future__ import annotations

import copy
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from claimtrack.nlp.attribution.context import DocContext
from claimtrack.nlp.attribution.lexicon import Lexicon
from claimtrack.nlp.attribution.pattern_steps import CONTENT, GUARDS, WHERE, Match, PhraseCue
from claimtrack.nlp.attribution.rules import RULES, register_pattern_rule
from claimtrack.nlp.attribution.tree_matcher import TreeMatcher
from claimtrack.nlp.attribution.verb_rules import Found, VerbCue
from claimtrack.text import doc_text

PATTERN_DATA = "attribution_patterns.json"
CUE_NODE = "cue"  # every pattern starts at the token the engine visits
PICKS = ("all", "last")  # which matches of an alternative the steps see


@dataclass(frozen=True)
class Alternative:
    """One DependencyMatcher pattern of a rule, with the filters its matches pass."""

    name: str
    pattern: tuple  # DependencyMatcher node dicts, '@list' references unresolved
    where: tuple[str, ...] = ()
    pick: str = "all"

    @property
    def nodes(self) -> tuple[str, ...]:
        return tuple(node["RIGHT_ID"] for node in self.pattern)


@dataclass(frozen=True)
class PatternRule:
    id: str
    stage: str
    lexicon: str | None
    nodes: tuple[str, ...]  # the nodes the rule's steps read: every pattern names them
    summary: str
    example: str
    alternatives: tuple[Alternative, ...]
    guards: tuple[str, ...]
    content: str
    mode: str | None = None  # a fixed mode ("according_to"); else from the quotation share


def alternative(rule_id: str, raw: dict, nodes: Iterable[str]) -> Alternative:
    """An ``Alternative`` from its JSON (package data or a pipeline's config), checked:
    the first node is "cue", the ``nodes`` the rule's steps read are named, and every
    named step exists."""
    pattern = raw.get("pattern")
    if not isinstance(pattern, list) or not pattern or not all(
            isinstance(node, dict) and "RIGHT_ID" in node for node in pattern):
        raise ValueError(f"attribution pattern for {rule_id}: 'pattern' must be a list of "
                         "DependencyMatcher nodes")
    if pattern[0]["RIGHT_ID"] != CUE_NODE:
        raise ValueError(f"attribution pattern for {rule_id}: the first node must be "
                         f"{CUE_NODE!r}, not {pattern[0]['RIGHT_ID']!r}")
    missing = set(nodes) - {node["RIGHT_ID"] for node in pattern}
    if missing:
        raise ValueError(f"attribution pattern for {rule_id}: the rule's steps read nodes "
                         f"{sorted(missing)}, which the pattern does not name")
    where = tuple(raw.get("where", ()))
    unknown = [w for w in where if w not in WHERE]
    pick = raw.get("pick", "all")
    if unknown or pick not in PICKS:
        raise ValueError(f"attribution pattern for {rule_id}: unknown filter {unknown} or "
                         f"pick {pick!r} (filters: {sorted(WHERE)}; picks: {PICKS})")
    return Alternative(raw.get("name", "added"), tuple(pattern), where, pick)


@lru_cache(maxsize=1)
def pattern_rules() -> dict[str, PatternRule]:
    """The pattern rules of the package data, by rule id (checked at load)."""
    path = resources.files("claimtrack.nlp") / "data" / PATTERN_DATA
    table = json.loads(path.read_text(encoding="utf-8"))
    out = {}
    for rule_id, entry in table.items():
        if rule_id.startswith("_"):
            continue
        guards = tuple(entry.get("guards", ()))
        unknown = [g for g in guards if g not in GUARDS]
        if unknown or entry["content"] not in CONTENT:
            raise ValueError(f"{PATTERN_DATA} {rule_id}: unknown guards {unknown} or "
                             f"content {entry['content']!r}")
        nodes = tuple(entry["nodes"])
        out[rule_id] = PatternRule(
            rule_id, entry["stage"], entry.get("lexicon"), nodes, entry["summary"],
            entry["example"], tuple(alternative(rule_id, alt, nodes) for alt in entry["patterns"]),
            guards, entry["content"], entry.get("mode"))
    return out


def resolve(pattern: Iterable[dict], lex: Lexicon) -> list[dict]:
    """The pattern with each ``{"IN": "@name"}`` replaced by that Lexicon word list."""
    nodes = copy.deepcopy(list(pattern))
    for node in nodes:
        for attr, value in node.get("RIGHT_ATTRS", {}).items():
            if not isinstance(value, dict):
                continue
            for op in ("IN", "NOT_IN"):
                ref = value.get(op)
                if isinstance(ref, str) and ref.startswith("@"):
                    name = ref[1:]
                    if name not in lex.__dataclass_fields__:
                        raise ValueError(f"attribution pattern: {attr} {op} {ref}: no word "
                                         "list of that name in the attribution lexicon")
                    value[op] = sorted(lex[name])
    return nodes


# cue-node word lists the runner checks on the cue token itself (a set lookup) instead of
# letting the matcher test every token of the doc with a Python set predicate
ANCHOR_ATTRS = {"LEMMA": "lemma_", "LOWER": "lower_", "ORTH": "text", "TEXT": "text",
                "NORM": "norm_"}


@dataclass(frozen=True)
class Compiled:
    """One alternative ready for its stage's DependencyMatcher, with the cue node's word
    lists lifted out."""

    alt: Alternative
    nodes: list  # the DependencyMatcher pattern, lists resolved, cue word lists lifted
    anchor: tuple[tuple[str, frozenset[str]], ...]  # (token attribute, words) on the cue
    cue_words: frozenset[str]  # lower-cased words the cue node names (the prefilters)
    # literal words other nodes need (":", "to"): a sentence without them cannot match
    required: frozenset[str]
    matcher: TreeMatcher | None  # its own, when matched sentence by sentence

    @property
    def by_sentence(self) -> bool:
        return self.matcher is not None

    def accepts(self, tok: Token, lemma: str) -> bool:
        """``lemma``: the cue's lemma as the verb rules read it (a mislemmatised "hopes"
        is "hope", not the parser's "hop")."""
        return all((lemma if attr == "lemma_" else getattr(tok, attr)) in words
                   for attr, words in self.anchor)


def compile_alternative(vocab: Vocab, lex: Lexicon, alt: Alternative) -> Compiled:
    nodes = resolve(alt.pattern, lex)
    cue_attrs = nodes[0].get("RIGHT_ATTRS", {})
    anchor, words = [], set()
    for attr, value in list(cue_attrs.items()):
        if isinstance(value, str) and attr in ANCHOR_ATTRS:  # cheap in the matcher: kept
            anchor.append((ANCHOR_ATTRS[attr], frozenset({value})))
            words.add(value.lower())
        elif attr in ANCHOR_ATTRS and isinstance(value, dict) and set(value) == {"IN"}:
            anchor.append((ANCHOR_ATTRS[attr], frozenset(value["IN"])))
            words.update(w.lower() for w in value["IN"])
            del cue_attrs[attr]
    required = frozenset(value.lower() for node in nodes[1:]
                         for attr, value in node.get("RIGHT_ATTRS", {}).items()
                         if attr in ANCHOR_ATTRS and isinstance(value, str))
    matcher = None
    if required or any(len(w) == 1 for _, w in anchor):
        # a rare cue word or a required word: its few sentences cost less than a doc pass
        matcher = TreeMatcher(vocab, validate=True)
        matcher.add(alt.name, [nodes])
    return Compiled(alt, nodes, tuple(anchor), frozenset(words), required, matcher)


class PatternSet:
    """The pattern rules of one pipeline: the package patterns plus ``extra`` ones
    (``{"rule": id, "pattern": [...], "where": [...], "pick": ...}``, tried after the
    package alternatives of that rule). Alternatives with a rare cue word or a literal word
    elsewhere are matched in the cue's sentence; the rest share one matcher per stage,
    run over the doc."""

    def __init__(self, vocab: Vocab, lex: Lexicon, extra: Iterable[dict] = ()):
        self.vocab, self.lex = vocab, lex
        self.extra = [dict(p) for p in extra]
        rules = pattern_rules()
        alternatives = {rule_id: list(rule.alternatives) for rule_id, rule in rules.items()}
        for raw in self.extra:
            rule_id = raw.get("rule")
            if rule_id not in rules:
                raise ValueError(f"attribution pattern: unknown pattern rule {rule_id!r} "
                                 f"(pattern rules: {sorted(rules)})")
            alternatives[rule_id].append(alternative(rule_id, raw, rules[rule_id].nodes))
        self.compiled = {rule_id: [compile_alternative(vocab, lex, alt) for alt in alts]
                         for rule_id, alts in alternatives.items()}
        self.stage_of = {rule_id: rules[rule_id].stage for rule_id in self.compiled}
        self.matchers: dict[str, TreeMatcher] = {}
        self.keys: dict[int, tuple[str, int]] = {}  # matcher key -> (rule id, alternative)
        verb_lemmas, triggers = set(), set()
        for rule_id, compiled in self.compiled.items():
            stage = self.stage_of[rule_id]
            for k, c in enumerate(compiled):
                if not c.by_sentence:
                    key = f"{rule_id}/{k}"
                    if stage not in self.matchers:
                        self.matchers[stage] = TreeMatcher(vocab, validate=True)
                    matcher = self.matchers[stage]
                    matcher.add(key, [c.nodes])
                    self.keys[vocab.strings[key]] = (rule_id, k)
                (verb_lemmas if stage == "verb" else triggers).update(c.cue_words)
        # the engine's prefilters: a pattern brings its own cue words
        verb_lemmas.update(*(r.lemmas for r in RULES.values() if r.stage == "verb"))
        self.verb_lemmas = lex.verb_cue_lemmas | frozenset(verb_lemmas)
        self.trigger_words = lex.trigger_words | frozenset(triggers)

    def with_patterns(self, more: Iterable[dict]) -> PatternSet:
        return PatternSet(self.vocab, self.lex, self.extra + [dict(p) for p in more])

    def for_doc(self, doc: Doc) -> DocMatches:
        return DocMatches(self, doc)


class DocMatches:
    """The matches of a ``PatternSet`` in one doc, found when a cue token an alternative
    accepts first asks: a stage's doc matcher runs at most once per doc; a sentence-scoped
    alternative ("according to", a colon after the cue) runs once per sentence that asks
    and holds its words. The matcher is partly Python: one pass over a 1,000-token doc
    costs about as much as the whole rule walk, so rare shapes never pay for one."""

    def __init__(self, patterns: PatternSet, doc: Doc):
        self.patterns, self.doc = patterns, doc
        self.verb_lemmas = patterns.verb_lemmas
        # (stage or (rule, alternative), first token of the scope) -> (rule, alternative)
        #   -> cue token index -> token ids of each match
        self.found: dict[tuple, dict[tuple[str, int], dict[int, list]]] = {}

    def matches_of(self, rule_id: str, k: int, tok: Token) -> dict[int, list[tuple[int, ...]]]:
        compiled = self.patterns.compiled[rule_id][k]
        if compiled.by_sentence:
            sent = tok.sent
            scope, matcher, start = ((rule_id, k), sent.start), compiled.matcher, sent.start
            if scope not in self.found:
                text = doc_text(self.doc)[sent.start_char:sent.end_char].lower()
                if not all(word in text for word in compiled.required):
                    self.found[scope] = {}  # once per sentence and alternative
                    return {}
                target = sent  # matched as its own Doc would be
        else:
            stage = self.patterns.stage_of[rule_id]
            scope, matcher, start = (stage, 0), self.patterns.matchers[stage], 0
            target = self.doc
        if scope not in self.found:
            found: dict = defaultdict(lambda: defaultdict(list))
            for key, token_ids in matcher(target):
                ids = tuple(t + start for t in token_ids)
                found[self.patterns.keys.get(key, (rule_id, k))][ids[0]].append(ids)
            self.found[scope] = found
        return self.found[scope].get((rule_id, k), {})

    def at(self, rule_id: str, i: int, lemma: str | None = None
           ) -> Iterable[tuple[Alternative, list[Match]]]:
        """Per alternative of the rule, in order, its matches with token ``i`` as cue."""
        doc = self.doc
        tok = doc[i]
        lemma = lemma or tok.lemma_
        for k, compiled in enumerate(self.patterns.compiled[rule_id]):
            if not compiled.accepts(tok, lemma):
                continue
            ids = self.matches_of(rule_id, k, tok).get(i)
            if ids:
                nodes = compiled.alt.nodes
                yield compiled.alt, [dict(zip(nodes, (doc[t] for t in m), strict=True))
                                     for m in sorted(set(ids))]


def run(rule: PatternRule, cue: VerbCue | PhraseCue, ctx: DocContext) -> list:
    """A pattern rule at one cue: the first alternative whose matches pass its filters,
    then the rule's guards, then its content builder."""
    for alt, matches in ctx.patterns.at(rule.id, cue.tok.i, getattr(cue, "lemma", None)):
        matches = [m for m in matches if all(WHERE[w](cue, m) for w in alt.where)]
        if matches:
            break
    else:
        return []
    if alt.pick == "last":
        matches = matches[-1:]
    if not all(GUARDS[g](cue, matches) for g in rule.guards):
        return []
    return CONTENT[rule.content](cue, matches)


def verb_runner(rule: PatternRule):
    def run_verb(cue: VerbCue) -> list[Found]:
        return run(rule, cue, cue.ctx)
    return run_verb


def phrase_runner(rule: PatternRule):
    def run_phrase(tok: Token, ctx: DocContext) -> list:
        return run(rule, PhraseCue(tok, ctx, rule.id, rule.mode), ctx)
    return run_phrase


def register_all() -> None:
    """Put every pattern rule of the package data in the rule registry."""
    for rule in pattern_rules().values():
        runner = verb_runner(rule) if rule.stage == "verb" else phrase_runner(rule)
        register_pattern_rule(rule.id, stage=rule.stage, lexicon=rule.lexicon,
                              summary=rule.summary, example=rule.example, func=runner)


register_all()
