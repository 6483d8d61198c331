"""Quantities in the text (placeholder: owned by the figures work)."""

from spacy.language import Language
from spacy.tokens import Doc

from claimtrack.nlp.extensions import register_extensions


class FigureFinder:
    def __init__(self, nlp: Language, name: str):
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        doc._.ct_figures = []
        return doc


@Language.factory("claimtrack_figures")
def make_figures(nlp: Language, name: str):
    return FigureFinder(nlp, name)
