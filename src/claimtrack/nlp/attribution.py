"""Who said what (placeholder: owned by the attribution work)."""

from spacy.language import Language
from spacy.tokens import Doc

from claimtrack.nlp.extensions import register_extensions


class Attributor:
    def __init__(self, nlp: Language, name: str):
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        doc._.ct_attributions = []
        return doc


@Language.factory("claimtrack_attribution")
def make_attribution(nlp: Language, name: str):
    return Attributor(nlp, name)
