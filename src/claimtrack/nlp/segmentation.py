"""Sentence boundaries the parser must respect: a sentence never spans paragraphs."""

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("claimtrack_segmentation")
def paragraph_boundaries(doc: Doc) -> Doc:
    # A token after a line break starts a sentence; the parser keeps preset starts.
    for i, token in enumerate(doc[:-1]):
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[i + 1].is_sent_start = True
    return doc
