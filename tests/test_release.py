"""The pipeline's last step drops what only claimtrack's components needed (the tok2vec
tensor, the entity rules' span group), so worker processes do not ship it back."""

from spacy.tokens import Doc

from claimtrack.extract import article_rows
from claimtrack.nlp.entity_rules import RULES_KEY
from claimtrack.nlp.release import RELEASE_PIPE

TEXT = (
    "Food Bank Network chief executive Ali Khan said on Monday that 3,000 families asked "
    "for help in March, up from 2,100 a year earlier.\n\n"
    "\"We cannot keep up,\" Khan told reporters in Leeds, according to the BBC."
)


def test_release_is_last_and_leaves_no_tensor_and_no_rule_spans(nlp):
    assert nlp.pipe_names[-1] == RELEASE_PIPE
    with nlp.select_pipes(disable=[RELEASE_PIPE]):
        kept = nlp(TEXT)
    # What the release step drops is there before it: the components made it.
    assert kept.tensor.shape == (len(kept), 96)
    assert RULES_KEY in kept.spans and len(kept.spans[RULES_KEY]) > 0
    doc = nlp(TEXT)
    assert doc.tensor.size == 0
    assert RULES_KEY not in doc.spans
    # Everything claimtrack reads afterwards is the same with or without it.
    for name in ("ct_claims", "ct_attributions", "ct_entities", "ct_figures"):
        assert getattr(doc._, name) == getattr(kept._, name), name
    assert [(e.text, e.label_) for e in doc.ents] == [(e.text, e.label_) for e in kept.ents]


def test_a_released_doc_gives_the_same_rows_after_the_trip_from_a_worker(nlp):
    from claimtrack.cleaning import Article

    doc = nlp(TEXT)
    shipped = doc.to_bytes()
    with nlp.select_pipes(disable=[RELEASE_PIPE]):
        assert len(shipped) < len(nlp(TEXT).to_bytes()) / 2
    back = Doc(nlp.vocab).from_bytes(shipped)
    article = Article(title=None, authors=[], publication=None, published=None, url=None,
                      path="t.txt", text=TEXT)
    expected = article_rows(article, doc)
    rows = article_rows(article, back)
    assert expected.claims and expected.attributions and expected.figures
    for part in ("claims", "sources", "attributions", "entities", "figures"):
        assert getattr(rows, part) == getattr(expected, part), part
