"""The pipeline's last step: drop what only claimtrack's components needed.

After the pipeline, claimtrack reads a Doc's text and its ``doc._.ct_*`` dicts
(claimtrack.extract), nothing else of what the components left behind. Two of those are
large: ``doc.tensor`` (tok2vec's output, 96 floats a token: two thirds of the bytes of a
serialised Doc) and the entity span_ruler's span group, which spaCy rebuilds span by
span. With ``nlp.pipe(n_process=N)`` every Doc is serialised in its worker and parsed
again in the main process, so both cost twice for nothing; dropped here, they are never
shipped.
"""

from __future__ import annotations

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from claimtrack.nlp.entity_rules import RULES_KEY

RELEASE_PIPE = "claimtrack_release"


@Language.component(RELEASE_PIPE)
def release(doc: Doc) -> Doc:
    # The value a new Doc has (spacy.tokens.Doc.__init__): an empty float32 array.
    doc.tensor = numpy.zeros((0,), dtype="float32")
    if RULES_KEY in doc.spans:
        del doc.spans[RULES_KEY]
    return doc
