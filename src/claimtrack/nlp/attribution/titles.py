"""Stage 4, sources: a title phrase before a person's name.

"Head of the city's transport authority Maria Lopez said", "Chief executive of the regional
water company Priya Shah admitted": the person speaks, the title phrase describes them.
(Titles whose "of" object is a proper name, "Mayor of Leeds Jane Doe", are
``SourceResolver.title_before_name``.)
"""

from __future__ import annotations

from spacy.tokens import Token

from claimtrack.nlp.attribution.source_types import Source, name_text, trim_det

# a title's organisation: "head of", "spokeswoman for", "economist at"
TITLE_PREPOSITIONS = ("of", "for", "at")


def title_phrase_name(resolver, head: Token, tokens: list[Token]) -> Source | None:
    """'Head of the city's transport authority Maria Lopez said', 'Chief executive of
    the regional water company Priya Shah admitted': a title whose "of" object is a
    common-noun phrase, right before a person's name. The parser hangs the title on the
    verb (the name is the subject) or the name on the object (the title is the
    subject); either way the person speaks and the title phrase is the description."""
    lex, doc, ctx = resolver.lex, head.doc, resolver.ctx
    if head.lower_ in lex.person_words or head.lemma_.lower() in lex.person_words:
        title = head
        of = next((c for c in head.children if c.dep_ == "prep"
                   and c.lower_ in TITLE_PREPOSITIONS), None)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        # the name hangs on the object or on the title ("President of the United
        # States Joe Biden"), right after the object's phrase
        person = next((c for h in (obj, head) for c in h.children if c.dep_ == "appos"
                       and c.pos_ == "PROPN" and c.i > obj.i), None) if obj is not None \
            else None
        name = resolver.named_span(person, list(person.subtree)) if person is not None else None
        if not name:
            return None
        in_name = {t.i for t in person.subtree}
        if name[0].i != max(t.i for t in obj.subtree if t.i not in in_name) + 1:
            return None
    elif head.pos_ == "PROPN":
        name = resolver.named_span(head, tokens)
        if not name or name[0].i == 0:
            return None
        title = _of_title(doc[name[0].i - 1], lex)
    else:
        return None
    if title is None or ctx.ent_of.get(name[-1].i) is None or (
            ctx.ent_of[name[-1].i].label_ != "PERSON"):
        return None
    first = title.left_edge
    if first.i > title.sent.start and not doc[first.i - 1].is_punct:
        return None  # "... told the head of the board Sam Patel": not a title phrase
    desc = trim_det(list(doc[first.i : name[0].i]))
    name_str = name_text(name)
    full = ctx.full_name_for(name_str) or name_str
    aliases = [name_str] if full != name_str else []
    description = name_text(desc)
    affiliation = resolver.affiliation_in(description, desc, {t.i for t in name})
    return Source(full, "person", description or None, affiliation, aliases)


def _of_title(last: Token, lex) -> Token | None:
    """The title whose "of" (or "for", "at") phrase ends with ``last`` ("Head" for
    "Head of the city's transport authority"), else None."""
    tok = last
    # Token objects are made per access: compare indices ("is" never holds at the root)
    while tok.dep_ != "pobj" and tok.head.i != tok.i and tok.head.i <= last.i:
        tok = tok.head
    of = tok.head
    if tok.dep_ != "pobj" or of.lower_ not in TITLE_PREPOSITIONS or tok.right_edge.i != last.i:
        return None
    title = of.head
    if title.i >= of.i or title.lemma_.lower() not in lex.person_words:
        return None
    return title
