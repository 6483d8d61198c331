"""Wire datelines ("NAIROBI (Reuters) - ", "CLEVELAND, July 19 (UPI) — "): where a story
was filed, never a speaker (attribution) and never a claim (claims)."""

from __future__ import annotations

import re

from spacy.tokens import Token

# a wire dateline opening a paragraph: capitalised place, optional date and agency, dash
DATELINE_PARTS = (r"[A-Z][A-Z.' -]*[A-Z.](?P<date>, [^—―–\n]{1,40}?)?"
                  r"(?P<agency> ?\([A-Za-z .]{1,30}\))? ?(?:—|―|–|--|-)")
DATELINE = re.compile(DATELINE_PARTS + r" (?P<next>\S)")
# the same dateline as a sentence of its own, as the sentence splitter sometimes leaves it
DATELINE_SENTENCE = re.compile(DATELINE_PARTS)


def dateline_end(sent) -> int:
    """The character offset where a dateline opening the sentence's paragraph ends
    ("CLEVELAND, July 19 (UPI) — ", "WASHINGTON (AP) ― "), or -1 when there is none."""
    doc = sent.doc
    if not doc[sent.start].is_upper:  # "CLEVELAND", "LOS ANGELES": no regex for the rest
        return -1
    if sent.start > 0 and "\n" not in doc[sent.start - 1].whitespace_ + doc[sent.start - 1].text:
        return -1
    match = DATELINE.match(sent.text)
    if match is None:
        return -1
    # A bare capitalised word and a dash is a dateline only when the sentence starts
    # after it ("NAIROBI — The president ..."), not an acronym with an aside ("NATO - the
    # Western military alliance - said ...").
    if not (match["date"] or match["agency"] or match["next"].isupper()):
        return -1
    return sent.start_char + match.start("next")


def past_dateline(subject: Token) -> tuple[Token | None, bool]:
    """(speaker, changed): a subject inside a dateline is no speaker ("CLEVELAND, July 19
    (UPI) — Former Attorney General X told ..." parsed with CLEVELAND as the subject);
    the parser then hangs the real subject on it as an appositive after the dateline."""
    end = dateline_end(subject.sent)
    if end < 0 or subject.idx >= end:
        return subject, False
    after = next((c for c in subject.subtree if c.dep_ == "appos" and c.idx >= end
                  and c.head.idx < end), None) or next(
        (c for c in subject.head.children if c.dep_ == "nsubj" and c.idx >= end), None)
    return after, True
