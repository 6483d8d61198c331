"""Who said what: reporting cues on the dependency parse, sources, quotes and carry-over.

The component writes ``doc._.ct_attributions`` (see docs/architecture.md and
docs/attribution.md): one dict per attribution with the source (resolved within the
document), the cue and the content span, all as character offsets into ``doc.text``.

How it works, in order:
1. quotation spans are found per paragraph (``claimtrack.text.find_quotes``, shared with
   claims: curly, straight and typewriter marks; a quote left open at the end of a
   paragraph runs to the paragraph end, the news convention for a quote that continues
   in the next paragraph);
2. every token is tried as a cue: a reporting verb with a clausal complement (lexicon in
   data/cues.json, matched by lemma), a parenthetical ("Bilash, they say, was ...",
   "As X argues, ..."), "according to X", a light-verb phrase ("aired concerns about"),
   a speech verb with a prepositional clause ("spoke ... about how ..."), a stance verb
   ("which some viewed as ..."), a document subject ("a report ... highlighted ...");
3. each cue's source noun phrase is typed and named (appositives -> description and
   affiliation; surnames and descriptive phrases resolved to named sources seen earlier;
   pronouns resolved to the nearest compatible mention, named or not, else dropped; vague
   and unresolved descriptive sources kept as ``group`` sources named by their phrase);
4. quotes that carry on an attributed quote get ``carryover`` attributions.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy
from spacy.attrs import LOWER, POS
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.symbols import NOUN, PROPN, VERB
from spacy.tokens import Doc, Span, Token

from claimtrack.nlp import entities
from claimtrack.nlp.extensions import register_extensions
from claimtrack.text import (
    QUOTE_CHARS,
    Quote,
    doc_text,
    find_quotes,
    is_real_quote,
    paragraph_index,
    paragraph_spans,
    quote_at,
    word_count,
)

EDGE_PUNCT = " \t\n\xa0,;:—–-("
GAP = re.compile(r"(?:[^\S\n]|[,:;—–―-])*")  # what may separate a cue clause from its quote
SUBJECT_DEPS = ("nsubj", "csubj")

# confidence by how the attribution was found (documented in docs/attribution.md)
CONFIDENCE = {
    "clausal": 0.9,
    "according_to": 0.9,
    "parenthetical": 0.85,
    "colon": 0.8,
    "quote_object": 0.8,
    "xcomp": 0.7,
    "np_content": 0.75,
    "stance_as": 0.65,
    "prep_clause": 0.7,
    "light_verb": 0.75,
    "stance_np": 0.6,
    "prep_stance": 0.6,
    "carryover": 0.6,
    "carryover_paragraph": 0.5,
}
RESOLVED_PENALTY = 0.1  # pronoun / descriptive speaker resolved to a name seen earlier


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """Cue and source word lists (package data), loaded on first use. Publication names
    come from the entity lexicon (data/entities.json) so both components agree."""
    data_dir = resources.files("claimtrack.nlp") / "data"
    cues = json.loads((data_dir / "cues.json").read_text(encoding="utf-8"))
    sources = json.loads((data_dir / "attribution_sources.json").read_text(encoding="utf-8"))
    lex: dict = {}
    for table in (cues, sources):
        for key, value in table.items():
            if key.startswith("_"):
                continue
            if isinstance(value, dict):
                lex[key] = {k: set(v) if isinstance(v, list) else v for k, v in value.items()}
            else:
                lex[key] = {v.lower() for v in value}
    entity_lex = entities.lexicon()
    # plain publication names match in any case; ambiguous ones ("The Hill", "Slate",
    # "The Independent") only as written, capitalised
    ambiguous = {bare_name(p) for p in entity_lex["ambiguous_publications"]}
    lex["publications_lower"] = {bare_name(p).lower() for p in entity_lex["publications"]
                                 if bare_name(p) not in ambiguous}
    lex["publications_cased"] = ambiguous
    # outlets that write their name with "The" ("The Guardian")
    lex["publications_with_the"] = {
        bare_name(p).lower() for p in entity_lex["publications"]
        + entity_lex["ambiguous_publications"] if p.lower().startswith("the ")}
    lex["online_platforms_lower"] = {p.lower() for p in entity_lex["online_platforms"]}
    lex["publication_words_cased"] = set(sources["publication_words"])
    lex["organization_words_cased"] = set(sources["organization_words"])
    # a title or an honorific in a description makes a person
    lex["person_words"] = lex["person_titles"] | lex["honorifics"]
    lex["government_phrases"] = {w for w in lex["government_words"] if " " in w}
    return lex


def bare_name(name: str) -> str:
    """'The Guardian' -> 'Guardian' (the key publication names are compared by)."""
    return re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)


# --------------------------------------------------------------------------- quotes


# --------------------------------------------------------------------------- context


@dataclass
class PersonMention:
    start: int
    name: str  # full name when known
    text: str  # surface text
    is_subject: bool
    head: int = -1  # token index of the mention's last word


@dataclass
class DocContext:
    doc: Doc
    paragraphs: list[tuple[int, int]]
    quotes: list[Quote]
    surnames: dict[str, set[str]]  # surname -> full names
    full_names: set[str]
    persons: list[PersonMention]
    ent_of: dict[int, Span]  # token index -> entity span

    def paragraph_of(self, char: int) -> int:
        """The paragraph holding ``char`` (its end counts as inside; a gap goes with the
        paragraph before it)."""
        return paragraph_index(self.paragraphs, char)

    def quote_at(self, char: int) -> Quote | None:
        return quote_at(self.quotes, char)


def strip_possessive(text: str) -> str:
    return re.sub(r"(’s|'s|’|')$", "", text).strip()


def build_context(doc: Doc) -> DocContext:
    text = doc_text(doc)
    paragraphs = paragraph_spans(text)
    quotes = find_quotes(text)  # cached: claims reuses the same spans
    ents = list(doc.ents)  # doc.ents builds its spans anew on each access
    ent_of = {}
    for ent in ents:
        for i in range(ent.start, ent.end):
            ent_of[i] = ent
    full_names: set[str] = set()
    surnames: dict[str, set[str]] = {}
    for ent in ents:
        if ent.label_ != "PERSON":
            continue
        words = [t for t in ent if t.is_alpha or "-" in t.text or "." in t.text]
        words = [t for t in words if t.tag_ != "POS"]
        if len(words) < 2 or not all(t.text[:1].isupper() for t in words):
            continue
        name = strip_possessive(text[words[0].idx : words[-1].idx + len(words[-1].text)])
        full_names.add(name)
        surnames.setdefault(words[-1].text, set()).add(name)
    persons = []
    seen_tokens: set[int] = set()
    for ent in ents:
        if ent.label_ == "PERSON":
            name = strip_possessive(ent.text)
            full = full_name_for(name, surnames, full_names)
            is_subj = any(t.dep_ in ("nsubj", "nsubjpass") for t in ent) or ent.root.dep_ in (
                "nsubj", "nsubjpass", "appos", "compound")
            last = ent[-1] if ent[-1].tag_ != "POS" or len(ent) == 1 else ent[-2]
            persons.append(PersonMention(ent.start_char, full or name, ent.text, is_subj,
                                         last.i))
            seen_tokens.update(range(ent.start, ent.end))
    # Proper nouns outside PERSON entities that name a known person ("Clarke"): picked
    # from one array of tags, and each spelling looked up once.
    full_of: dict[str, str | None] = {}
    propn_indexes = numpy.flatnonzero(doc.to_array(POS) == PROPN).tolist()
    for tok in (doc[i] for i in propn_indexes):
        if tok.i in seen_tokens:
            continue
        if tok.text not in full_of:
            full_of[tok.text] = full_name_for(tok.text, surnames, full_names)
        full = full_of[tok.text]
        if full:
            persons.append(PersonMention(tok.idx, full, tok.text,
                                         tok.dep_ in ("nsubj", "nsubjpass"), tok.i))
    persons.sort(key=lambda p: p.start)
    return DocContext(doc, paragraphs, quotes, surnames, full_names, persons, ent_of)


def full_name_for(name: str, surnames: dict[str, set[str]], full_names: set[str]) -> str | None:
    """'Clarke' / 'Mr. Clarke' -> 'Michael Clarke' when exactly one full name has it."""
    if name in full_names:
        return name
    words = name.split()
    if not words:
        return None
    honorifics = lexicon()["honorifics"]
    while len(words) > 1 and words[0].lower() in honorifics:
        words = words[1:]
    if len(words) == 1:
        candidates = surnames.get(words[0], set())
        if len(candidates) == 1:
            return next(iter(candidates))
        if not candidates:
            # family name first ("Wang" -> "Wang Yi"), or a first-name reference
            firsts = {n for n in full_names if n.split()[0] == words[0]}
            if len(firsts) == 1:
                return next(iter(firsts))
    return None


# --------------------------------------------------------------------------- spans


def token_end(tok: Token) -> int:
    return tok.idx + len(tok.text)


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in EDGE_PUNCT + ".":
        end -= 1
    return start, end


def subtree_span(tok: Token, exclude: set[int] | None = None) -> tuple[int, int]:
    """Character span of a token's subtree, leaving out excluded token indexes (and
    any that then fall outside a contiguous run around the head)."""
    indexes = sorted(t.i for t in tok.subtree if not exclude or t.i not in exclude)
    # keep the contiguous run that contains the head
    lo = hi = tok.i
    idx_set = set(indexes)
    while lo - 1 in idx_set:
        lo -= 1
    while hi + 1 in idx_set:
        hi += 1
    doc = tok.doc
    return doc[lo].idx, token_end(doc[hi])


def content_from_tokens(doc: Doc, first: Token, last: Token) -> tuple[int, int]:
    # leave out a leading complementizer ("said that Y" -> content Y)
    while first.i < last.i and (
        (first.dep_ == "mark" and first.lower_ in ("that", "whether", "if"))
        or (first.is_punct and first.text not in QUOTE_CHARS)
        or first.is_space
    ):
        first = doc[first.i + 1]
    start, end = first.idx, token_end(last)
    return trim_span(doc_text(doc), start, end)


def clause_content(tok: Token) -> tuple[int, int]:
    doc = tok.doc
    return content_from_tokens(doc, tok.left_edge, tok.right_edge)


def sentence_minus(doc: Doc, sent: Span, cut_start: int, cut_end: int) -> tuple[int, int]:
    """The sentence without the cue clause [cut_start, cut_end) (chars): the side that
    carries the report; the whole sentence when the cue sits in the middle."""
    s_start, s_end = trim_span(doc_text(doc), sent.start_char, sent.end_char)
    before = doc_text(doc)[s_start:cut_start]
    after = doc_text(doc)[cut_end:s_end]
    if word_count(before) < 2:
        return trim_span(doc_text(doc), cut_end, s_end)
    if word_count(after) < 2:
        return trim_span(doc_text(doc), s_start, cut_start)
    return s_start, s_end


def extend_to_quotes(ctx: DocContext, start: int, end: int, sent: Span) -> tuple[int, int]:
    """Widen content to the quotation(s) it starts or ends in (multi-sentence quotes), and
    to a quote that resumes right after the cue in the same sentence ('"A," he said, "B."')."""
    for q in ctx.quotes:
        if q.start <= start < q.end or q.start < end <= q.end:
            if is_real_quote(doc_text(ctx.doc), q):
                start, end = min(start, q.start), max(end, q.end)
    return start, end


# --------------------------------------------------------------------------- candidates


@dataclass
class Candidate:
    cue_start: int
    cue_end: int
    content_start: int
    content_end: int
    how: str  # key into CONFIDENCE
    source_head: Token | None
    source_tokens_exclude: set[int] = field(default_factory=set)
    mode: str = "indirect"
    source: dict | None = None
    source_start: int | None = None
    source_end: int | None = None
    source_text: str | None = None
    confidence: float = 0.0


def inside_quote_marks(tok: Token) -> bool:
    """Whether a token sits inside a quotation opened earlier (its closing mark is not)."""
    quote = quote_at(find_quotes(doc_text(tok.doc)), tok.idx)
    return quote is not None and quote.start < tok.idx


def name_before(verb: Token) -> Token | None:
    """The proper name nearest before a cue verb, skipping a comma-set appositive, but
    not reaching back into a quotation or another clause."""
    doc = verb.doc
    for i in range(verb.i - 1, max(verb.sent.start, verb.i - 12) - 1, -1):
        tok = doc[i]
        if tok.text in QUOTE_CHARS or tok.pos_ in ("VERB", "AUX"):
            return None
        if tok.pos_ == "PROPN" and tok.dep_ not in ("compound", "poss", "pobj"):
            return None if inside_quote_marks(tok) else tok
    return None


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass") for c in verb.children)


def find_subject(verb: Token) -> tuple[Token | None, str]:
    """The speaker token of a cue verb and how it was found."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if len(subjects) > 1:
        # '"One of the brightest members," Cummings said': the quoted words are not the
        # speaker; prefer the subject outside quotation marks
        outside = [c for c in subjects if not inside_quote_marks(c)]
        subjects = outside or subjects
    if subjects:
        subject = subjects[-1] if len(subjects) > 1 else subjects[0]
        if subject.i > verb.i and inside_quote_marks(subject):
            # '..., Flynn said on "Fox and Friends."': a quoted title is not the speaker
            named = name_before(verb)
            return (named, "adjacent") if named is not None else (None, "none")
        return subject, "subject"
    if is_passive(verb):
        for child in verb.children:
            if child.dep_ == "agent":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj, "agent"
        return None, "passive"
    head = verb.head
    previous = verb.doc[verb.i - 1] if verb.i > verb.sent.start else None
    adjacent_name = previous if (
        previous is not None and previous.pos_ == "PROPN" and verb.tag_ in ("VBD", "VBZ", "VBP")
        and not inside_quote_marks(previous)) else None
    # "X said A and added B": the second verb shares the subject
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX") and head is not verb:
        subj, how = find_subject(head)
        if subj is not None and not inside_quote_marks(subj) and subj.lower_ not in (
                "i", "we", "you"):
            return subj, "shared"
        if adjacent_name is not None:  # '"... We will ...," Chief Chuck Jordan said'
            return adjacent_name, "adjacent"
        named = name_before(verb)
        if named is not None:  # '"...," Ramos, 58, told AFP'
            return named, "adjacent"
    # "X was quoted as saying ..."
    if head.lower_ == "as" and head.dep_ == "prep":
        head = head.head
    if head.lemma_ == "quote" and is_passive(head):
        for child in head.children:
            if child.dep_ == "nsubjpass":
                return child, "quoted"
    # "a statement saying ...", "Wang Yi thanking ..."
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and head.pos_ in ("NOUN", "PROPN"):
        return head, "acl"
    # parser lost the subject ("... of the Washington Post Trump said that ..."): a name
    # right before a finite cue verb that has a clausal complement
    if verb.tag_ in ("VBD", "VBZ", "VBP") and verb.i > verb.sent.start and any(
        c.dep_ == "ccomp" for c in verb.children
    ):
        before = verb.doc[verb.i - 1]
        if before.pos_ == "PROPN" and before.ent_type_ in ("PERSON", "ORG", ""):
            return before, "adjacent"
    # trailing participle: "..., arguing Bilash was ..." -> the nearest active subject
    if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "conj", "xcomp") and head.i < verb.i:
        comma = any(t.text == "," for t in verb.doc[max(verb.sent.start, verb.i - 2) : verb.i])
        if comma:
            for tok in reversed(list(verb.doc[verb.sent.start : verb.i])):
                if tok.dep_ == "nsubj" and tok.tag_ not in ("WDT", "WP", "EX") and (
                    tok.lower_ not in ("it", "there", "this", "that")
                ):
                    return tok, "participle"
    return None, "none"


def verb_candidates(tok: Token, ctx: DocContext) -> list[Candidate]:
    lex = lexicon()
    lemma = tok.lemma_.lower()
    if tok.pos_ not in ("VERB",) or tok.dep_ in ("amod", "compound", "nmod"):
        return []
    known = (
        lemma in lex["clausal_verbs"]
        or lemma in lex["np_content_verbs"]
        or lemma in lex["stance_as_verbs"]
        or lemma in lex["prep_content_verbs"]
        or lemma in lex["light_verbs"]
        or lemma in lex["xcomp_verbs"]
        or lemma in lex["stance_np_verbs"]
        or lemma in lex["prep_stance_verbs"]
    )
    if not known:
        return []
    doc = tok.doc
    sent = tok.sent
    quote = ctx.quote_at(tok.idx)
    if quote is not None and is_real_quote(doc_text(doc), quote):
        return []  # speech inside a quotation belongs to the quoted speaker
    if any(c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ not in ("will", "'ll")
           and c.i < tok.i and not inside_quote_marks(c) for c in tok.children):
        return []  # "would pledge", "could threaten": hypothetical, not a report
    subject, how_subject = find_subject(tok)
    if subject is None:
        return []
    if how_subject == "participle" and lemma not in lex["clausal_verbs"]:
        return []
    cue = (tok.idx, token_end(tok))
    found: list[tuple[int, int, str, tuple[int, int]]] = []  # content, how, cue

    children = list(tok.children)
    if any(c.dep_ in ("dobj", "ccomp") and c.lower_ in ("what", "whatever") for c in children):
        return []  # "no matter what anyone says": a free relative, not a report
    if subject.lower_ in lex["generic_pronouns"]:
        return []
    ccomps = [c for c in children if c.dep_ == "ccomp"]
    if not ccomps and lemma in lex["clausal_verbs"]:
        # "Trump said after the convention he would ...": the parser's advcl is the report
        ccomps = [c for c in children if c.dep_ == "advcl" and c.i > tok.i
                  and any(g.dep_ == "nsubj" for g in c.children)
                  and not any(g.dep_ == "mark" and g.lower_ not in ("that",) for g in c.children)]
    objects = [c for c in children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")]
    if objects and lemma not in lex["object_then_clause_verbs"]:
        ccomps = []  # "feared persecution ... given that ...": the clause is not the report
    if ccomps and lemma in lex["evidence_verbs"] and not is_document_like(subject):
        ccomps = []  # "Bilash's arrest shows how ...": the author's inference
    if lemma in lex["clausal_verbs"] and ccomps:
        firsts = min(c.left_edge.i for c in ccomps)
        lasts = max(c.right_edge.i for c in ccomps)
        # "X said Y" where Y precedes the cue and contains it? never: ccomp is a child
        start, end = content_from_tokens(doc, doc[firsts], doc[lasts])
        found.append((start, end, "clausal", cue))

    if not found and lemma in lex["xcomp_verbs"] and how_subject in ("subject", "shared") and (
            subject.lower_ != "it"):
        for c in children:
            if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX"):
                if lemma in lex["xcomp_needs_clause"]:
                    break
                start, end = clause_content(c)
                found.append((start, end, "xcomp", cue))
                break

    if not found and lemma in lex["prep_content_verbs"]:
        allowed = lex["prep_content_verbs"][lemma]
        for prep in children:
            if prep.dep_ != "prep" or prep.lower_ not in allowed:
                continue
            for obj in prep.children:
                if obj.dep_ not in ("pcomp", "pobj"):
                    continue
                words = {t.lower_ for t in obj.subtree if t.i <= obj.i}
                first = obj.left_edge
                if words & lex["prep_content_clause_words"] and first.lower_ in (
                    lex["prep_content_clause_words"]
                ) and obj.pos_ in ("VERB", "AUX"):
                    start, end = content_from_tokens(doc, first, obj.right_edge)
                    found.append((start, end, "prep_clause", cue))

    if not found and lemma in lex["light_verbs"]:
        for obj in children:
            if obj.dep_ == "dobj" and obj.lemma_.lower() in lex["light_verb_objects"]:
                parts = [c for c in obj.children if c.dep_ in ("prep", "acl", "ccomp", "relcl")
                         and (c.dep_ != "prep" or c.lower_ in ("about", "over", "on", "that",
                                                                "regarding", "for", "of"))]
                if parts:
                    first = min(p.left_edge.i for p in parts)
                    last = max(p.right_edge.i for p in parts)
                    start, end = content_from_tokens(doc, doc[first], doc[last])
                else:
                    start, end = subtree_span(obj)
                light_cue = cue
                if obj.i > tok.i and all(
                    t.dep_ in ("det", "amod", "poss", "compound", "advmod") or t.i == obj.i
                    for t in doc[tok.i + 1 : obj.i + 1]
                ):
                    light_cue = (tok.idx, token_end(obj))
                found.append((start, end, "light_verb", light_cue))
                break

    if not found and lemma in lex["stance_as_verbs"]:
        obj = next((c for c in children if c.dep_ == "dobj"), None)
        pred = next((c for c in children if c.dep_ in ("oprd",)
                     or (c.dep_ == "prep" and c.lower_ == "as")), None)
        if obj is not None and pred is not None:
            if obj.tag_ in ("WDT", "WP") and tok.dep_ == "relcl":
                start, end = subtree_span(tok.head)
            else:
                first = doc[min(obj.left_edge.i, pred.left_edge.i)]
                last = doc[max(obj.right_edge.i, pred.right_edge.i)]
                start, end = content_from_tokens(doc, first, last)
            found.append((start, end, "stance_as", cue))

    if not found and lemma in lex["np_content_verbs"]:
        obj = next((c for c in children if c.dep_ == "dobj"), None)
        if obj is not None and obj.pos_ in ("NOUN", "PROPN", "NUM") and (
            lemma not in lex["np_content_needs_document_subject"]
            or is_document_like(subject)
        ):
            start, end = subtree_span(obj)
            start, end = trim_span(doc_text(doc), start, end)
            if word_count(doc_text(doc)[start:end]) >= 2:
                found.append((start, end, "np_content", cue))

    explicit_subject = how_subject in ("subject", "shared", "agent") and subject.lower_ != "it"
    if not found and explicit_subject and lemma in lex["stance_np_verbs"]:
        # stances on a thing: "Cruz has endorsed Trump", "China blaming X of Y"
        obj = next((c for c in children if c.dep_ == "dobj"), None)
        if obj is not None and obj.pos_ in ("NOUN", "PROPN", "NUM") and obj.tag_ not in (
                "WP", "WDT"):
            parts = [obj] + [c for c in children if c.i > obj.i and (
                c.dep_ in ("oprd", "ccomp") or (c.dep_ == "prep" and c.lower_ in (
                    "as", "of", "for", "to", "with")))]
            first = doc[min(p.left_edge.i for p in parts)]
            last = doc[max(p.right_edge.i for p in parts)]
            start, end = content_from_tokens(doc, first, last)
            minimum = lex["stance_np_min_words"].get(lemma, 1)
            if word_count(doc_text(doc)[start:end]) >= minimum:
                found.append((start, end, "stance_np", cue))

    if not found and explicit_subject and lemma in lex["prep_stance_verbs"]:
        # "has called for the repeal", "pointed to the polls"
        allowed = lex["prep_stance_verbs"][lemma]
        for prep in children:
            if prep.dep_ in ("prep", "prt") and prep.lower_ in allowed:
                target = prep
                if prep.dep_ == "prt":
                    target = next((c for c in children if c.dep_ == "prep"), None)
                    if target is None:
                        continue
                obj = next((c for c in target.children if c.dep_ in ("pobj", "pcomp")), None)
                if obj is None:
                    continue
                if obj.dep_ == "pcomp" and obj.left_edge.lower_ in ("what", "whatever"):
                    continue  # "spoke openly about what was happening": no stance stated
                start, end = content_from_tokens(doc, obj.left_edge, obj.right_edge)
                minimum = lex["prep_stance_min_words"].get(lemma, 2)
                if word_count(doc_text(doc)[start:end]) >= minimum:
                    found.append((start, end, "prep_stance", cue))
                    break

    if not found and lemma in lex["clausal_verbs"]:
        # a direct quote among the cue's dependents: 'thanking X for "..."', '"...," Wang added'
        sub_start, sub_end = tok.left_edge.idx, token_end(tok.right_edge)
        subj_start, subj_end = subtree_span(subject)
        for q in ctx.quotes:
            inside = sub_start <= q.start and q.end <= sub_end + 1
            if inside and not (subj_start <= q.start < subj_end) and is_real_quote(
                doc_text(doc), q
            ):
                found.append((q.start, q.end, "quote_object", cue))
                break

    as_clause = tok.dep_ == "advcl" and (
        any(c.dep_ == "mark" and c.lower_ == "as" for c in children)
        or (subject.left_edge.i > sent.start and doc[subject.left_edge.i - 1].lower_ == "as"))
    if not found and lemma in lex["clausal_verbs"] and (
            tok.dep_ in ("parataxis", "ROOT") or as_clause):
        # parenthetical cue: "Bilash, they say, was ...", "As X argues, Y", '"Y," he said.'
        cut_start = min(tok.idx, subject.left_edge.idx)
        if tok.dep_ != "ROOT":
            cut_start = min(tok.left_edge.idx, subject.left_edge.idx)
        first_cut = doc.char_span(cut_start, cut_start + 1, alignment_mode="expand")
        prev = doc[first_cut.start - 1] if first_cut is not None and (
            first_cut.start > sent.start) else None
        if prev is not None and prev.lower_ == "as":
            cut_start = prev.idx
        cut_end = token_end(tok.right_edge)
        adjacent = adjacent_quote(ctx, cut_start, cut_end)
        if adjacent is not None:
            found.append((adjacent.start, adjacent.end, "parenthetical", cue))
        elif tok.dep_ == "ROOT":
            # '..., experts say.' / '"...," he said.': the report before a closing cue
            before = doc_text(doc)[sent.start_char : cut_start]
            closing = not any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "acomp")
                              for c in children if c.i > tok.i) and all(
                t.is_punct or t.is_space or t.dep_ in ("prep", "npadvmod", "advmod", "pobj",
                                                     "det", "compound", "amod")
                for t in doc[tok.i + 1 : sent.end])
            if word_count(before) >= 3 and closing and (
                any(ch in QUOTE_CHARS for ch in before) or before.rstrip().endswith(",")
            ):
                start, end = trim_span(doc_text(doc), sent.start_char, cut_start)
                found.append((start, end, "parenthetical", cue))
        elif not [c for c in children if c.dep_ in ("prep", "xcomp") or (
                c.dep_ == "dobj" and lemma not in lex["object_then_clause_verbs"])]:
            start, end = sentence_minus(doc, sent, cut_start, cut_end)
            if word_count(doc_text(doc)[start:end]) >= 3:
                found.append((start, end, "parenthetical", cue))

    if not found and lemma in lex["clausal_verbs"] and how_subject in ("adjacent", "subject"):
        # '"...," Chief Chuck Jordan said Monday.' whatever the parser made of the cue
        first = doc[min(subject.left_edge.i, tok.i)]
        while first.is_punct and first.i < subject.i:
            first = doc[first.i + 1]  # the closing mark can hang on the speaker
        # walk back over the rest of a name phrase the parser split off ("Tulsa police Chief")
        while first.i > sent.start and doc[first.i - 1].pos_ in ("PROPN", "NOUN", "ADJ") and (
                not inside_quote_marks(doc[first.i - 1])):
            first = doc[first.i - 1]
        before = adjacent_quote(ctx, first.idx, None)
        if before is not None and not inside_quote_marks(subject):
            found.append((before.start, before.end, "parenthetical", cue))

    if not found and lemma in lex["clausal_verbs"]:
        # 'Trump said, "When people ..."', 'Said Ellis: "I don't ..."'
        clause_end = token_end(tok.right_edge)
        colon = next((c for c in children if c.text == ":"), None)
        if colon is not None:
            clause_end = min(clause_end, colon.idx)
        adjacent = adjacent_quote(ctx, None, clause_end)
        if adjacent is not None and not [c for c in children if c.dep_ in ("dobj",)]:
            found.append((adjacent.start, adjacent.end, "quote_object", cue))

    if not found and lemma in lex["clausal_verbs"]:
        # colon introduction: "X said:" followed by the statement
        after = tok.right_edge.i + 1
        colon = next((c for c in children if c.text == ":" and c.i > tok.i), None)
        if colon is not None:
            after = colon.i
        if after < len(doc) and doc[after].text == ":" and not [
            c for c in children if c.dep_ in ("dobj", "ccomp")
        ]:
            colon_end = token_end(doc[after])
            para = ctx.paragraph_of(colon_end)
            p_start, p_end = ctx.paragraphs[para]
            start, end = trim_span(doc_text(doc), colon_end, p_end)
            if end - start < 3 and para + 1 < len(ctx.paragraphs):
                start, end = trim_span(doc_text(doc), *ctx.paragraphs[para + 1])
            if word_count(doc_text(doc)[start:end]) >= 3:
                found.append((start, end, "colon", cue))

    candidates = []
    for start, end, how, (c_start, c_end) in found:
        if end <= start:
            continue
        start, end = extend_to_quotes(ctx, start, end, sent)
        mode = "direct" if quoted_share(ctx, start, end) >= 0.6 else "indirect"
        candidates.append(Candidate(c_start, c_end, start, end, how, subject, {tok.i},
                                    mode=mode))
    return candidates


def adjacent_quote(ctx: DocContext, start: int | None, end: int | None) -> Quote | None:
    """A real quotation (not a scare quote) right before ``start`` or right after ``end``,
    with only spaces and light punctuation between, in the same paragraph."""
    text = doc_text(ctx.doc)
    # a span can end on the paragraph break token: the quote must be in the same paragraph
    while end is not None and end > 0 and text[end - 1].isspace():
        end -= 1
    while start is not None and start < len(text) and text[start].isspace():
        start += 1
    for q in ctx.quotes:
        if not is_real_quote(text, q):
            continue
        if start is not None and q.end <= start and GAP.fullmatch(text[q.end : start]):
            return q
        if end is not None and q.start >= end and GAP.fullmatch(text[end : q.start]):
            return q
    return None


def quoted_share(ctx: DocContext, start: int, end: int) -> float:
    if end <= start:
        return 0.0
    covered = 0
    for q in ctx.quotes:
        covered += max(0, min(end, q.end) - max(start, q.start))
    return covered / (end - start)


def according_to_candidates(tok: Token, ctx: DocContext) -> list[Candidate]:
    if tok.lower_ != "according":
        return []
    doc = tok.doc
    if tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
        return []
    quote = ctx.quote_at(tok.idx)
    if quote is not None and is_real_quote(doc_text(doc), quote):
        return []  # inside a quotation: the quoted speaker's own sourcing
    to = doc[tok.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if pobj is None:
        # misparsed ("according to show insiders"): the last noun of the phrase
        nouns = [t for t in to.subtree if t.pos_ in ("NOUN", "PROPN") and t.i > to.i]
        pobj = nouns[-1] if nouns else None
    if pobj is None:
        return []
    phrase_start = tok.idx
    phrase_end = token_end(pobj.right_edge)
    sent = tok.sent
    # "According to X estimates, Y": the phrase runs to the comma when one follows closely
    for t in doc[pobj.right_edge.i + 1 : min(pobj.right_edge.i + 5, sent.end)]:
        if t.text in (",", ";", ":"):
            phrase_end = t.idx
            break
        if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() not in lexicon()["document_nouns"]:
            break
    start, end = sentence_minus(doc, sent, phrase_start, phrase_end)
    exclude: set[int] = set()
    if word_count(doc_text(doc)[start:end]) < 3:
        # the parser hung the report on the source ("According to X, the move reeks of
        # ..." with "reeks" as X's appositive): the phrase ends at the first comma
        comma = next((t for t in doc[pobj.i + 1 : pobj.right_edge.i] if t.text == ","), None)
        if comma is None:
            return []
        start, end = sentence_minus(doc, sent, phrase_start, comma.idx)
        if word_count(doc_text(doc)[start:end]) < 3:
            return []
        exclude = set(range(comma.i, pobj.right_edge.i + 1))
    start, end = extend_to_quotes(ctx, start, end, sent)
    return [Candidate(tok.idx, token_end(to), start, end, "according_to", pobj, exclude,
                      mode="according_to")]


SIGNATURE = re.compile(r"[^\S\n]*[―—–-][^\S\n]*")


def name_head_at(doc: Doc, char: int) -> Token | None:
    """The last token of a proper name starting at ``char`` (entity or PROPN run)."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None or span[0].pos_ != "PROPN":
        return None
    first = span[0]
    ent = next((e for e in doc.ents if e.start == first.i), None)
    if ent is not None:
        return ent[-1] if ent[-1].tag_ != "POS" else ent[-2]
    last = first
    while last.i + 1 < len(doc) and doc[last.i + 1].pos_ == "PROPN" and last.i - first.i < 3:
        last = doc[last.i + 1]
    return last


def signature_candidates(ctx: DocContext) -> list[Candidate]:
    """'"..." ― Sonya Herridge': a quote signed with a dash and a name."""
    doc, text = ctx.doc, doc_text(ctx.doc)
    out = []
    for q in ctx.quotes:
        if not q.closed or not is_real_quote(text, q):
            continue
        m = SIGNATURE.match(text, q.end)
        if not m or m.end() == q.end or m.end() >= len(text):
            continue
        head = name_head_at(doc, m.end())
        if head is None:
            continue
        dash = q.end + m.group().index(m.group().strip())
        out.append(Candidate(dash, dash + 1, q.start, q.end, "quote_object", head, set(),
                             mode="direct"))
    return out


def colon_candidates(ctx: DocContext) -> list[Candidate]:
    """'Pence: Gennifer Flowers won't be at the debate', 'WALLACE: Let's start ...':
    a sentence opened by a proper name and a colon."""
    doc = ctx.doc
    out = []
    for sent in doc.sents:
        toks = [t for t in sent if not t.is_space]
        while toks and toks[0].text in QUOTE_CHARS:
            toks = toks[1:]  # '"PENCE: And that's why ...' in a transcript
        if not toks:
            continue
        colon = next((t for t in toks[:6] if t.text == ":"), None)
        if colon is None or colon.i == toks[0].i:
            continue
        name = [t for t in toks if t.i < colon.i]
        cue = colon
        if len(name) > 1 and name[0].text[:1].isupper() and name[0].lemma_.lower() in (
                lexicon()["clausal_verbs"]) and name[0].tag_ in ("VBD", "VBZ"):
            # 'Said Ellis: "I don't get the sense ..."': the inverted cue before the name
            cue, name = name[0], name[1:]
        if any(re.sub(r"['’]s$", "", t.lower_) in lexicon()["colon_furniture"] for t in name):
            continue  # "Correction: ...", "Editor's note: ..."
        # a name, possibly with a trailing common noun ("Clinton camp: ...")
        if name[0].pos_ != "PROPN" or not name[0].text[:1].isupper() or not all(
                t.pos_ == "PROPN" or t.tag_ == "POS" or (t.is_punct and t.text == ".")
                for t in name[:-1]) or name[-1].pos_ not in ("PROPN", "NOUN"):
            continue
        para = ctx.paragraph_of(colon.idx)
        start, end = trim_span(doc_text(doc), token_end(colon), ctx.paragraphs[para][1])
        if word_count(doc_text(doc)[start:end]) < 3:
            continue
        after_colon = set(range(colon.i, sent.end)) | {cue.i}
        out.append(Candidate(cue.idx, token_end(cue), start, end, "colon", name[-1],
                             after_colon,
                             mode="direct" if quoted_share(ctx, start, end) >= 0.6
                             else "indirect"))
    return out


def is_document_like(tok: Token) -> bool:
    lex = lexicon()
    lemma = tok.lemma_.lower()
    if lemma in lex["document_nouns"] or tok.lower_ in lex["document_nouns"]:
        return True
    if tok.pos_ == "PROPN" or tok.ent_type_ in ("ORG", "PERSON", "GPE", "NORP"):
        return True
    return lemma in lex["person_words"]


# --------------------------------------------------------------------------- sources


def source_tokens(head: Token, exclude: set[int]) -> list[Token]:
    """The speaker's noun phrase: the head's subtree, minus the branch holding the cue."""
    banned: set[int] = set()
    for child in head.children:
        if any(t.i in exclude for t in child.subtree):
            banned.update(t.i for t in child.subtree)
    toks = [t for t in head.subtree if t.i not in banned and t.i not in exclude]
    # contiguous run around the head
    idx = {t.i for t in toks}
    lo = hi = head.i
    while lo - 1 in idx:
        lo -= 1
    while hi + 1 in idx:
        hi += 1
    run = list(head.doc[lo : hi + 1])
    while run and (run[0].is_punct or run[0].lower_ == "as" or run[0].is_space) and run[0] != head:
        run = run[1:]
    while run and (run[-1].is_punct or run[-1].is_space) and run[-1] != head:
        run = run[:-1]
    return run


def name_text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc_text(doc)[tokens[0].idx : token_end(tokens[-1])]


def is_publication(name: str) -> bool:
    lex = lexicon()
    bare = bare_name(name)
    if bare.lower() in lex["publications_lower"] or bare in lex["publications_cased"]:
        return True
    words = name.split()
    return len(words) >= 2 and words[-1] in lex["publication_words_cased"] and all(
        w[:1].isupper() for w in words if w.lower() not in ("the", "of", "and")
    )


def clean_org_name(name: str) -> str:
    """'the White House' -> 'White House'; publications keep a leading 'The' as listed."""
    name = strip_possessive(name.strip())
    bare = bare_name(name)
    if bare.lower() in lexicon()["publications_with_the"] and is_publication(bare):
        return "The " + bare  # "The Guardian", as the outlet writes itself
    return bare


def kind_of_named(name: str, label: str, description: str) -> str:
    lex = lexicon()
    low = name.lower()
    if bare_name(low) in lex["pollsters"]:
        return "organization"  # "Gallup found": a polling firm, not an outlet
    if is_publication(name):
        return "publication"
    if label == "PERSON":
        return "person"
    if low in lex["online_platforms_lower"]:
        return "organization"  # "Twitter said": the company (the model may say PERSON)
    desc_words = set(description.lower().replace(",", " ").split())
    if label in ("GPE", "") and desc_words & lex["person_words"]:
        return "person"  # "Rivera, a council member": the model's GPE is wrong
    if label == "GPE" or low in lex["government_words"]:
        return "government"
    words = low.split()
    if any(w in lex["government_words"] for w in words) or any(
        re.search(rf"\b{re.escape(phrase)}\b", low) for phrase in lex["government_phrases"]
    ):
        return "government"
    if label == "NORP":
        return "group"
    cased = name.split()
    if label in ("ORG", "FAC") or any(w in lex["organization_words_cased"] for w in cased):
        return "organization"
    if desc_words & lex["person_words"]:
        return "person"
    if 2 <= len(cased) <= 4 and all(w[:1].isupper() for w in cased):
        return "person"
    return "organization" if label else "person"


class SourceResolver:
    """Names and types speakers; resolves pronouns, surnames and descriptive phrases
    against named sources seen earlier in the document."""

    def __init__(self, ctx: DocContext):
        self.ctx = ctx
        self.lex = lexicon()
        self.previous: list[tuple[int, dict]] = []  # (cue_start, source) in text order
        # speakers by the token that names them (pronoun resolution reuses them)
        self.speakers: dict[int, dict] = {}
        # the content of the report being sourced: its speaker is never inside it
        self.content: tuple[int, int] = (0, 0)
        # canonical names from claimtrack_entities (misspellings, acronyms), when it ran
        self.entities = [e for e in (ctx.doc._.ct_entities or []) if e.get("canonical")]

    def remember(self, position: int, source: dict, head: Token | None = None) -> None:
        self.previous.append((position, source))
        if head is not None:
            self.speakers.setdefault(head.i, source)

    # -- helpers
    def named_span(self, head: Token, tokens: list[Token]) -> list[Token] | None:
        """The proper-name tokens around the head: its entity, else its PROPN chain."""
        ent = self.ctx.ent_of.get(head.i)
        if ent is not None and ent.label_ in ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"):
            toks = [t for t in ent if t.tag_ != "POS"]
            # "the Kazakh prosecution": a NORP/ORG adjective inside a common-noun phrase
            if head.pos_ == "NOUN" and head not in ent:
                return None
            return toks
        if head.pos_ != "PROPN":
            return None
        run = [head]
        i = head.i - 1
        while i >= 0 and head.doc[i].pos_ == "PROPN" and head.doc[i].dep_ in ("compound", "flat"):
            run.insert(0, head.doc[i])
            i -= 1
        return run

    def window_start(self, tok: Token, sentences_back: int = 3) -> int:
        sent = tok.sent
        start = sent.start
        for _ in range(sentences_back):
            if start == 0:
                break
            start = tok.doc[start - 1].sent.start
        return tok.doc[start].idx

    def previous_source(self, position: int, kinds: set[str], window_start: int) -> dict | None:
        for cue_pos, source in reversed(self.previous):
            if cue_pos < window_start:
                break
            if cue_pos < position and source["kind"] in kinds:
                return source
        return None

    # -- main entry
    def describe(self, head: Token, exclude: set[int]) -> tuple[dict, list[Token], bool] | None:
        """(source, source tokens, resolved-from-elsewhere) or None when not a speaker."""
        lex = self.lex
        low = head.lower_
        # relative pronoun: "people who claimed ..." -> the antecedent
        if head.tag_ in ("WP", "WDT") and head.head.dep_ == "relcl":
            antecedent = head.head.head
            if antecedent.dep_ == "appos":  # "McConnell, now the leader, who said"
                antecedent = antecedent.head
            while antecedent.dep_ == "conj" and antecedent.head is not antecedent:
                antecedent = antecedent.head
            if antecedent.dep_ == "attr":  # "Trump is a liar ... who has pledged"
                subject = next((c for c in antecedent.head.children if c.dep_ == "nsubj"), None)
                if subject is not None:
                    antecedent = subject
            described = self.describe(antecedent, exclude | {t.i for t in head.head.subtree})
            if described is None:
                return None
            return described[0], [head], described[2]
        if low in lex["pronouns_skip"] and head.pos_ == "PRON":
            if low in ("those", "these") and any(
                    c.dep_ in ("amod", "prep", "relcl", "acl") for c in head.children):
                return self.common_source(head, source_tokens(head, exclude))
            return None
        if head.pos_ == "PRON" or low in lex["pronouns_person"] | lex["pronouns_plural"]:
            return self.resolve_pronoun(head)
        tokens = source_tokens(head, exclude)
        if not tokens:
            return None
        # appositive name: "One Kazakh expert, Aidan Karibzhanov, head of SD Visor group"
        appos = [c for c in head.children if c.dep_ == "appos" and c.i not in exclude]
        if head.pos_ == "NOUN":
            named_appos = next((a for a in appos if self.named_span(a, tokens)), None)
            if named_appos is not None:
                return self.named_source(named_appos, tokens, extra_description=head), tokens, False
        # "Human Rights Watch estimates", "X's report", "a report by X for Y"
        if head.lemma_.lower() in lex["document_nouns"] and head.pos_ == "NOUN":
            return self.document_source(head, tokens), tokens, False
        if self.named_span(head, tokens):
            return self.named_source(head, tokens), tokens, False
        phrase = strip_possessive(name_text(trim_det(tokens)))
        if head.text[:1].isupper() and is_publication(phrase):
            # "Time reported", "The Post reported": an outlet the model took for a noun
            return {"name": clean_org_name(phrase), "kind": "publication", "description": None,
                    "affiliation": None, "aliases": []}, tokens, False
        return self.common_source(head, tokens)

    def named_source(self, head: Token, tokens: list[Token], extra_description: Token | None = None
                     ) -> dict:
        name_toks = self.named_span(head, tokens) or [head]
        raw_name = name_text(name_toks)
        ent = self.ctx.ent_of.get(head.i)
        label = ent.label_ if ent is not None else ""
        name = strip_possessive(raw_name)
        full = full_name_for(name, self.ctx.surnames, self.ctx.full_names)
        aliases = []
        canonical = None if full else self.canonical_at(name_toks[0].idx)
        if full and full != name:
            aliases.append(name)
            name = full
            label = "PERSON"
        elif canonical is not None and canonical[0] != name:
            # the entity pipe's canonical name ("Nazrabayev" -> "Nursultan Nazarbayev")
            aliases.append(name)
            name, label = canonical[0], canonical[1] or label
            if label != "PERSON":
                name = clean_org_name(name)  # publications keep "The" as they write it
        elif label in ("ORG", "FAC", ""):
            name = clean_org_name(name)
        name_idx = {t.i for t in name_toks}
        # description: words before the name within the phrase + appositives
        desc_parts = []
        affiliation = None
        if extra_description is not None:
            sub = [t for t in extra_description.subtree if t.i < head.i and t.i not in name_idx
                   and not (t.dep_ == "appos" and t.head == extra_description)]
            sub = [t for t in sub if t.head == extra_description or t == extra_description
                   or t.head.i < head.i]
            sub = trim_det(contiguous(sub, extra_description))
            if sub:
                desc_parts.append(name_text(sub))
        pre = [t for t in tokens if t.i < name_toks[0].i and t.head.i in name_idx | {head.i}
               and t.dep_ not in ("punct", "cc", "det", "appos")]
        pre_full = []
        for t in pre:
            pre_full.extend(t.subtree)
        pre_full = sorted({t.i: t for t in pre_full if t.i < name_toks[0].i}.values(),
                          key=lambda t: t.i)
        pre_full = trim_det(pre_full)
        if pre_full and extra_description is None:
            desc_parts.append(strip_possessive(name_text(pre_full)))
        for child in head.children:
            if child.dep_ == "appos" and (extra_description is None or child != head):
                sub = trim_det(list(child.subtree))
                while sub and sub[-1].is_punct:
                    sub = sub[:-1]
                if sub and all(t in tokens for t in sub):
                    desc_parts.append(name_text(sub))
        if extra_description is not None:
            for child in extra_description.children:
                if child.dep_ == "appos" and child != head:
                    sub = trim_det(list(child.subtree))
                    while sub and sub[-1].is_punct:
                        sub = sub[:-1]
                    if sub and child.i not in name_idx and head not in sub:
                        desc_parts.append(name_text(sub))
        description = ", ".join(p for p in desc_parts if p) or None
        if description:
            affiliation = self.affiliation_in(description, tokens, name_idx)
        kind = kind_of_named(name, label, description or "")
        if kind == "organization" and len(name_toks) == 1 and any(
                c.dep_ in ("appos", "npadvmod", "amod") and c.like_num and len(c.text) <= 3
                for c in head.children):
            kind = "person"  # "Ramos, 58, told AFP": an age makes a person
        return {"name": name, "kind": kind, "description": description,
                "affiliation": affiliation, "aliases": aliases}

    def canonical_at(self, start: int) -> tuple[str, str] | None:
        """(canonical name, label) of the entity mention starting at ``start``."""
        for entity in self.entities:
            if entity["start"] == start and entity["canonical"] != entity["text"]:
                return entity["canonical"], entity.get("label", "")
        return None

    def affiliation_in(self, description: str, tokens: list[Token], name_idx: set[int]
                       ) -> str | None:
        for t in tokens:
            if t.i in name_idx:
                continue
            ent = self.ctx.ent_of.get(t.i)
            if ent is not None and ent.label_ in ("ORG", "GPE", "FAC") and ent.text in description:
                if ent.label_ == "GPE" and t.dep_ != "pobj":
                    continue
                return clean_org_name(ent.text)
        # "head of SD Visor group", "director at X": the object of at/of
        for t in tokens:
            if t.i in name_idx or t.dep_ != "pobj" or t.head.lower_ not in ("at", "of", "for"):
                continue
            if t.pos_ == "PROPN" or any(c.pos_ == "PROPN" for c in t.children):
                sub = [s for s in t.subtree]
                text = name_text(sub)
                if text in description:
                    return clean_org_name(text)
        return None

    def document_source(self, head: Token, tokens: list[Token]) -> dict:
        """A report/statement/estimate: its publication, author or owner when named."""
        description = name_text(trim_det(tokens))
        by = None
        venue = None
        # "a report by two journalists for The Guardian": the outlet anywhere in the phrase
        for tok in tokens:
            if tok.dep_ == "pobj" and tok.head.lower_ in ("for", "in") and is_publication(
                    name_text(list(tok.subtree))):
                venue = tok
                break
        for prep in head.children:
            if prep.dep_ != "prep":
                continue
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            if prep.lower_ in ("by", "from") and by is None:
                by = pobj
            elif prep.lower_ in ("for", "in", "published") and venue is None:
                venue = pobj
        owner = next((c for c in head.children if c.dep_ in ("poss", "compound")
                      and (c.pos_ == "PROPN" or c.ent_type_ in ("ORG", "PERSON", "GPE"))), None)
        for candidate in (venue, by, owner):
            if candidate is None:
                continue
            if candidate is venue and not (
                is_publication(name_text(list(candidate.subtree)))
                or candidate.ent_type_ in ("ORG",) or candidate.pos_ == "PROPN"
            ):
                continue
            sub = self.named_source(candidate, list(candidate.subtree)) if self.named_span(
                candidate, list(candidate.subtree)) else None
            if sub is None:
                continue
            if candidate is venue and sub["kind"] not in ("publication",):
                sub["kind"] = "publication" if is_publication(sub["name"]) else sub["kind"]
            sub["description"] = description
            return sub
        name = description
        if tokens and tokens[0].dep_ == "det" and tokens[0].lower_ in ("a", "an"):
            name = name_text(tokens[1:])
        return {"name": name, "kind": "document", "description": None, "affiliation": None,
                "aliases": []}

    def common_source(self, head: Token, tokens: list[Token]):
        """A common-noun speaker: descriptive ("the group") or vague ("critics")."""
        lex = self.lex
        lemma = head.lemma_.lower()
        determiners = {c.lower_ for c in head.children if c.dep_ == "det"}
        has_poss = any(c.dep_ == "poss" for c in head.children)
        plural = head.tag_ in ("NNS", "NNPS")
        # "the group", "the organization" -> the nearest organization named before
        if "the" in determiners and not plural and not has_poss and len(tokens) <= 3:
            if lemma in lex["group_descriptive_heads"]:
                found = self.previous_source(head.idx, {"organization", "government",
                                                        "publication"}, 0)
                if found is None:
                    found = self.org_entity_before(head)
                if found is not None:
                    return dict(found, aliases=list(found.get("aliases", []))), tokens, True
            elif lemma in lex["person_words"]:
                found = self.titled_person_before(head)
                if found is not None:
                    return found, tokens, True
        # "Critics, who were not named": the relative clause is not part of the name
        clauses = {t.i for c in head.children if c.dep_ == "relcl" for t in c.subtree}
        named = [t for t in tokens if t.i not in clauses]
        named = contiguous(named, head) if head in named else named
        while len(named) > 1 and named[-1].is_punct:
            named = named[:-1]
        name = self.group_name(named or tokens)
        if lemma in lex["document_nouns"]:
            kind = "document"
        elif lemma in lex["government_words"] and not plural:
            kind = "government"
        else:
            kind = "group"
        return {"name": name, "kind": kind, "description": None, "affiliation": None,
                "aliases": []}, tokens, False

    def group_name(self, tokens: list[Token]) -> str:
        """The phrase, with 'his'/'her' replaced by the person it refers to."""
        out = []
        for t in tokens:
            piece = t.text
            if t.dep_ == "poss" and t.lower_ in ("his", "her"):
                person = self.resolve_person(t)
                if person is not None and person["kind"] == "person":
                    piece = strip_possessive(person["name"].split()[-1]) + "’s"
            out.append(piece + t.whitespace_)
        name = "".join(out).strip()
        if tokens and tokens[0].lower_ in ("a", "an") and len(tokens) > 1:
            name = name.split(" ", 1)[1]
        return name

    def org_entity_before(self, head: Token) -> dict | None:
        window = self.window_start(head, 5)
        best = None
        for ent in head.doc.ents:
            if ent.start_char >= head.idx:
                break
            if ent.start_char >= window and ent.label_ == "ORG":
                best = ent
        if best is None:
            return None
        name = clean_org_name(best.text)
        return {"name": name, "kind": kind_of_named(name, "ORG", ""), "description": None,
                "affiliation": None, "aliases": []}

    def titled_person_before(self, head: Token) -> dict | None:
        """'the minister' -> the nearest person introduced with that title."""
        title = head.lower_
        doc = head.doc
        for mention in reversed(self.ctx.persons):
            if mention.start >= head.idx:
                continue
            window = doc_text(doc)[max(0, mention.start - 40) : mention.start].lower()
            if re.search(rf"\b{re.escape(title)}\b", window):
                return {"name": mention.name, "kind": "person", "description": None,
                        "affiliation": None, "aliases": []}
        return None

    def resolve_pronoun(self, head: Token):
        """A pronoun speaker -> the source it refers to, or None (the attribution is then
        dropped: a source named "he" or "they" says nothing and would merge across
        articles)."""
        low = head.lower_
        tokens = [head]
        if low in self.lex["pronouns_person"]:
            found = self.resolve_person(head)
        elif low in self.lex["pronouns_plural"]:
            found = self.resolve_plural(head)
        elif low in self.lex["pronouns_neuter"]:
            window = self.window_start(head, 3)
            found = self.previous_source(head.idx, {"organization", "government",
                                                    "publication", "document"}, window)
            if found is None:
                found = self.org_entity_before(head)
        elif low in self.lex["vague_quantifiers"]:
            return {"name": head.text, "kind": "group", "description": None,
                    "affiliation": None, "aliases": []}, tokens, False
        else:
            return None
        if found is None:
            return None
        return dict(found, aliases=list(found.get("aliases", []))), tokens, True

    # -- pronoun antecedents: the nearest sentence with a compatible mention decides
    def resolve_person(self, pronoun: Token) -> dict | None:
        """he/she/his/her -> the nearest compatible person mention, named or not ("the
        governor"), within three sentences. In the nearest sentence that has one, a single
        candidate wins, else the speaker of a report there, else the main-clause subject;
        anything else is ambiguous (None). A closer candidate is never skipped for a
        named one further back."""
        gender = self.gender_of_word(pronoun.lower_)
        first = self.window_token(pronoun)

        def near(tok: Token) -> bool:
            return first <= tok.i < pronoun.i

        candidates = []  # (mention token, source, gender)
        for mention in self.ctx.persons:
            tok = self.ctx.doc[mention.head]
            if not near(tok):
                continue
            source = self.speakers.get(mention.head) or {
                "name": mention.name, "kind": "person", "description": None,
                "affiliation": None, "aliases": []}
            candidates.append((tok, source, self.mention_gender(tok)))
        descriptive = self.descriptive_person_heads()
        for tok in descriptive:
            if not near(tok):
                continue
            source = self.speakers.get(tok.i)
            if source is None:
                described = self.common_source(tok, self.descriptive_tokens(tok))
                source = described[0]
            candidates.append((tok, source, self.gender_of_word(tok.lower_)))
        for i, source in self.speakers.items():
            tok = self.ctx.doc[i]
            named = i in {m.head for m in self.ctx.persons}
            if near(tok) and not named and tok not in descriptive and (
                    tok.lower_ in self.lex["pronouns_person"] or source["kind"] == "person"
                    or self.is_person_like(tok, source)):
                candidates.append((tok, source, self.gender_of_word(tok.lower_)))
        kept = [(tok, source) for tok, source, g in candidates
                if (gender is None or g is None or g == gender)]
        return self.pick_antecedent(pronoun, kept)

    def resolve_plural(self, pronoun: Token) -> dict | None:
        """they -> the nearest plural or collective speaker (group, organisation,
        government, outlet) or plural subject ("Residents complained. They said ...")."""
        candidates = []
        for i, source in self.speakers.items():
            tok = self.ctx.doc[i]
            if source["kind"] in ("organization", "government", "publication") or (
                    source["kind"] == "group" and self.is_plural(tok)):
                candidates.append((tok, source))
        for tok in self.ctx.doc[self.window_token(pronoun) : pronoun.i]:
            if tok.i in self.speakers or tok.dep_ not in ("nsubj", "nsubjpass"):
                continue
            if tok.pos_ == "NOUN" and tok.tag_ == "NNS" and tok.lower_ not in (
                    self.lex["pronouns_skip"]):
                source = self.common_source(tok, self.descriptive_tokens(tok))[0]
                candidates.append((tok, source))
        return self.pick_antecedent(pronoun, candidates)

    def pick_antecedent(self, pronoun: Token, candidates: list[tuple[Token, dict]]
                        ) -> dict | None:
        first = self.window_token(pronoun)
        c_start, c_end = self.content
        candidates = [(tok, source) for tok, source in candidates
                      if first <= tok.i < pronoun.i and not c_start <= tok.idx < c_end
                      and not inside_quote_marks(tok)]
        if not candidates:
            return None
        nearest = max(tok.sent.start for tok, _ in candidates)
        here = [(tok, source) for tok, source in candidates if tok.sent.start == nearest]
        for group in (
            here,
            [(t, s) for t, s in here if t.i in self.speakers],
            [(t, s) for t, s in here if t.dep_ in ("nsubj", "nsubjpass")
             and t.head.dep_ == "ROOT"],
            [(t, s) for t, s in here if t.dep_ in ("nsubj", "nsubjpass")],
        ):
            if len({s["name"] for _, s in group}) == 1:
                return group[0][1]
        return None

    def window_token(self, tok: Token, sentences_back: int = 3) -> int:
        start = tok.sent.start
        for _ in range(sentences_back):
            if start == 0:
                break
            start = tok.doc[start - 1].sent.start
        return start

    def descriptive_person_heads(self) -> list[Token]:
        """Unnamed singular person mentions: "the governor", "a spokeswoman", "his wife"
        (not a title before a name, nor a noun with a name in apposition)."""
        if not hasattr(self, "_descriptive"):
            heads = []
            person_words = self.lex["person_words"]
            doc = self.ctx.doc
            nouns = numpy.flatnonzero(doc.to_array(POS) == NOUN).tolist()
            for tok in (doc[i] for i in nouns):
                if tok.pos_ != "NOUN" or tok.tag_ != "NN" or tok.lemma_.lower() not in (
                        person_words) or tok.dep_ not in ("nsubj", "nsubjpass", "dobj",
                                                          "pobj", "dative", "attr"):
                    continue
                determiners = [c for c in tok.children if c.dep_ in ("det", "poss")]
                if not determiners:
                    continue
                if determiners[0].lower_ in ("a", "an", "another") and tok.dep_ not in (
                        "nsubj", "nsubjpass"):
                    continue  # "as a pro-jihad activist": a predicate, not a new referent
                if any(c.dep_ == "appos" and (c.pos_ == "PROPN" or c.ent_type_ == "PERSON")
                       for c in tok.children):
                    continue  # "The mayor, John Smith, ...": the name is the mention
                if tok.i in self.ctx.ent_of:
                    continue
                heads.append(tok)
            self._descriptive = heads
        return self._descriptive

    def descriptive_tokens(self, head: Token) -> list[Token]:
        """The words naming a descriptive mention: its left modifiers and the head."""
        return contiguous([t for t in head.subtree if t.i <= head.i
                           and t.dep_ != "punct"], head) or [head]

    def is_person_like(self, tok: Token, source: dict) -> bool:
        """An unnamed singular speaker that is not an organisation, an office or a
        document ("the coach said", not "the company said")."""
        lemma = tok.lemma_.lower()
        return source["kind"] == "group" and tok.tag_ == "NN" and not (
            lemma in self.lex["group_descriptive_heads"] or lemma in self.lex["government_words"]
            or lemma in self.lex["document_nouns"])

    def is_plural(self, tok: Token) -> bool:
        return tok.tag_ in ("NNS", "NNPS") or tok.lower_ in (
            self.lex["pronouns_plural"] | self.lex["vague_quantifiers"])

    def gender_of_word(self, word: str) -> str | None:
        for gender, words in self.lex["gendered_person_words"].items():
            if word.lower() in words:
                return gender
        return None

    def mention_gender(self, tok: Token) -> str | None:
        """A named mention's gender when an honorific says it ("Ms. Lopez")."""
        ent = self.ctx.ent_of.get(tok.i)
        first = ent.start if ent is not None else tok.i
        for i in range(max(first - 1, 0), tok.i):
            gender = self.gender_of_word(self.ctx.doc[i].lower_)
            if gender is not None:
                return gender
        return None


def trim_det(tokens: list[Token]) -> list[Token]:
    while tokens and (tokens[0].dep_ in ("det", "punct", "nummod") and tokens[0].lower_ in (
            "a", "an", "the", "one", ",", "—", "–", "-", "(")):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    return tokens


def contiguous(tokens: list[Token], anchor: Token) -> list[Token]:
    idx = {t.i for t in tokens}
    if anchor.i not in idx:
        return tokens
    lo = hi = anchor.i
    while lo - 1 in idx:
        lo -= 1
    while hi + 1 in idx:
        hi += 1
    return list(anchor.doc[lo : hi + 1])


# --------------------------------------------------------------------------- assembly


def cue_token_indexes(doc: Doc) -> list[int]:
    """Indexes of the tokens tagged VERB or spelled "according" (any case), in order."""
    according = get_string_id("according")
    tags = doc.to_array([POS, LOWER])
    return numpy.flatnonzero((tags[:, 0] == VERB) | (tags[:, 1] == according)).tolist()


def find_attributions(doc: Doc) -> list[dict]:
    ctx = build_context(doc)
    candidates: list[Candidate] = []
    # Only verbs (verb_candidates) and "according" (according_to_candidates) can be cues:
    # pick them from one array rather than building every token of the doc.
    for i in cue_token_indexes(doc):
        tok = doc[i]
        candidates.extend(verb_candidates(tok, ctx))
        candidates.extend(according_to_candidates(tok, ctx))
    candidates.extend(signature_candidates(ctx))
    candidates.extend(colon_candidates(ctx))
    candidates.sort(key=lambda c: c.cue_start)
    resolver = SourceResolver(ctx)
    kept: list[Candidate] = []
    seen: set[tuple[int, int]] = set()
    for cand in candidates:
        if (cand.cue_start, cand.content_start) in seen:
            continue
        resolver.content = (cand.content_start, cand.content_end)
        described = resolver.describe(cand.source_head, cand.source_tokens_exclude)
        if described is None:
            continue
        source, tokens, resolved = described
        if not source.get("name"):
            continue
        if any(k.source["name"] == source["name"] and k.content_start < cand.content_end
               and cand.content_start < k.content_end for k in kept):
            continue  # the same report found twice ("According to X estimates")
        cand.source = source
        if tokens:
            cand.source_start, cand.source_end = tokens[0].idx, token_end(tokens[-1])
            cand.source_text = doc_text(doc)[cand.source_start : cand.source_end]
        cand.confidence = CONFIDENCE[cand.how] - (RESOLVED_PENALTY if resolved else 0.0)
        seen.add((cand.cue_start, cand.content_start))
        resolver.remember(cand.cue_start, source, cand.source_head)
        kept.append(cand)
    kept = [k for k in kept if not nested_in_other(k, kept)]
    kept.extend(carryovers(ctx, kept))
    kept.sort(key=lambda c: (c.content_start, c.cue_start))
    return [to_dict(doc, c) for c in kept]


def nested_in_other(cand: Candidate, kept: list[Candidate]) -> bool:
    """A report inside another report ('Trump said that Clinton once described X as Y'):
    the claim is the outer speaker's, who relays the inner one."""
    return any(
        other is not cand and other.content_start <= cand.cue_start < other.content_end
        and other.content_start <= cand.content_start and cand.content_end <= other.content_end
        and not (cand.content_start <= other.cue_start < cand.content_end)
        for other in kept
    )


def carryovers(ctx: DocContext, explicit: list[Candidate]) -> list[Candidate]:
    """Quotes that carry on an attributed quote: later quotes in the same paragraph and a
    quote left open at a paragraph end that resumes in the next paragraph. Conservative:
    it stops at the first sentence with its own attribution or in the author's voice."""
    doc = ctx.doc
    text = doc_text(doc)
    out: list[Candidate] = []
    covered = [(c.content_start, c.content_end) for c in explicit]
    cue_positions = [c.cue_start for c in explicit]

    def attributed(start: int, end: int) -> bool:
        if any(s < end and start < e for s, e in covered):
            return True
        return any(start <= p < end for p in cue_positions)

    for cand in explicit:
        if cand.mode != "direct" or cand.source is None:
            continue
        para = ctx.paragraph_of(cand.content_start)
        p_start, p_end = ctx.paragraphs[para]
        later = [q for q in ctx.quotes if q.start >= cand.content_end and q.paragraph == para]
        cursor = cand.content_end
        if cand.cue_start >= cand.content_end:
            # '"A," Smith said. "B."': carry on after the sentence holding the cue
            cue_sent = doc.char_span(cand.cue_start, cand.cue_end, alignment_mode="expand")
            if cue_sent is not None:
                cursor = max(cursor, cue_sent.sent.end_char)
        chain: list[tuple[int, int]] = []
        for q in later:
            if q.start < cursor and q.end <= cursor + 1:
                continue  # a quoted title in the cue's own sentence ('on "Meet the Press"')
            between = text[cursor : q.start]
            q_sent = doc.char_span(q.start, q.start + 1, alignment_mode="expand")
            sent_end = q_sent.sent.end_char if q_sent is not None else q.end
            if word_count(between) > 0 or attributed(q.start, max(q.end, sent_end)):
                break
            if not is_real_quote(text, q):
                break
            chain.append((q.start, q.end))
            cursor = q.end
        # the quote left open at the paragraph end resumes in the next paragraph(s)
        last_open = next((q for q in ctx.quotes if q.paragraph == para and not q.closed
                          and q.end >= cand.content_end - 1), None)
        next_para = para + 1
        while last_open is not None and next_para < len(ctx.paragraphs):
            n_start, n_end = ctx.paragraphs[next_para]
            first = next((q for q in ctx.quotes if q.paragraph == next_para), None)
            if first is None or first.start != n_start or attributed(n_start, n_end):
                break  # a paragraph with its own cue ('..." she continued.') is its own
            chain.append((first.start, first.end))
            last_open = first if not first.closed and first.start == n_start else None
            next_para += 1
        for start, end in chain:
            start, end = trim_span(text, start, end)
            if end <= start:
                continue
            # the speaker's mention stays that of the quote it carries on
            out.append(Candidate(cand.cue_start, cand.cue_end, start, end, "carryover", None,
                                 mode="carryover", source=dict(cand.source),
                                 source_start=cand.source_start, source_end=cand.source_end,
                                 source_text=cand.source_text,
                                 confidence=CONFIDENCE["carryover"]))
            covered.append((start, end))
    return out


def to_dict(doc: Doc, cand: Candidate) -> dict:
    text = doc_text(doc)
    source = dict(cand.source or {})
    source.setdefault("description", None)
    source.setdefault("affiliation", None)
    source["aliases"] = sorted({a for a in source.get("aliases", []) if a != source["name"]})
    return {
        "source": {
            "name": source["name"],
            "kind": source["kind"],
            "description": source["description"],
            "affiliation": source["affiliation"],
            "aliases": source["aliases"],
        },
        "source_text": cand.source_text,
        "source_start": cand.source_start,
        "source_end": cand.source_end,
        "cue": text[cand.cue_start : cand.cue_end],
        "cue_start": cand.cue_start,
        "cue_end": cand.cue_end,
        "mode": cand.mode,
        "confidence": round(max(0.05, cand.confidence), 2),
        "content_start": cand.content_start,
        "content_end": cand.content_end,
    }


class Attributor:
    def __init__(self, nlp: Language, name: str):
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        doc._.ct_attributions = find_attributions(doc)
        return doc


@Language.factory("claimtrack_attribution")
def make_attribution(nlp: Language, name: str):
    return Attributor(nlp, name)
