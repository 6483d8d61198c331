"""Claims: one per sentence, with kind (placeholder: owned by the claims work)."""

from spacy.language import Language
from spacy.tokens import Doc

from claimtrack.nlp.extensions import register_extensions


def links(content_start, content_end, claim_start, claim_end) -> bool:
    """An attribution's content belongs to a claim when they overlap by at least half
    of the shorter of the two (see docs/architecture.md)."""
    overlap = min(content_end, claim_end) - max(content_start, claim_start)
    if overlap <= 0:
        return False
    return overlap * 2 >= min(content_end - content_start, claim_end - claim_start)


class ClaimSplitter:
    def __init__(self, nlp: Language, name: str):
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        claims = []
        text = doc.text
        paragraph = 0
        last_end = 0
        for sent in doc.sents:
            start, end = sent.start_char, sent.end_char
            while end > start and text[end - 1].isspace():
                end -= 1
            while start < end and text[start].isspace():
                start += 1
            if end <= start:
                continue
            paragraph += text.count("\n\n", last_end, start)
            last_end = start
            attrs = [
                i for i, a in enumerate(doc._.ct_attributions or [])
                if links(a["content_start"], a["content_end"], start, end)
            ]
            claims.append({
                "seq": len(claims), "paragraph": paragraph, "start": start, "end": end,
                "text": text[start:end], "kind": "attributed" if attrs else "fact",
                "hedged": False, "checkworthiness": 0.0, "checkworthiness_reason": "",
                "attributions": attrs,
            })
        doc._.ct_claims = claims
        return doc


@Language.factory("claimtrack_claims")
def make_claims(nlp: Language, name: str):
    return ClaimSplitter(nlp, name)
