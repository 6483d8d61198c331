"""Entity mentions with canonical names (placeholder: owned by the entities work)."""

from spacy.language import Language
from spacy.tokens import Doc

from claimtrack.nlp.extensions import register_extensions


class EntityCanonicalizer:
    def __init__(self, nlp: Language, name: str):
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        doc._.ct_entities = [
            {"text": e.text, "label": e.label_, "start": e.start_char, "end": e.end_char,
             "canonical": e.text}
            for e in doc.ents
        ]
        return doc


@Language.factory("claimtrack_entities")
def make_entities(nlp: Language, name: str):
    return EntityCanonicalizer(nlp, name)


def add_entity_pipes(nlp: Language) -> None:
    nlp.add_pipe("claimtrack_entities", after="ner" if "ner" in nlp.pipe_names else None)
