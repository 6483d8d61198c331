"""Doc extensions that carry claimtrack's annotations.

Every value is a list of plain dicts (str/int/float/bool/None/list/dict only) with
character offsets into ``doc.text``: plain data survives ``nlp.pipe(n_process=N)``,
which ships docs between processes with msgpack, and maps one-to-one onto table rows.
"""

from spacy.tokens import Doc

# name -> what each dict holds (documented in docs/architecture.md)
DOC_EXTENSIONS = ("ct_entities", "ct_figures", "ct_attributions", "ct_claims")


def register_extensions() -> None:
    """Register the Doc extensions once; safe to call from every component factory."""
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
