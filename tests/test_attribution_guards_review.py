"""Guards found by review of the new rules: things, future and supposed acts, inverted
closings that are not reports, and datelines. Fresh sentences; each row names the source
expected (or none)."""

import pytest


def sources(nlp, text):
    doc = nlp(text)
    return [(a["source"]["name"], a["rule"]) for a in doc._.ct_attributions]


@pytest.mark.parametrize(("text", "expected"), [
    # a request for anonymity is how a source stays unnamed, not a claim of theirs
    ("The bill will fail, a senior aide who asked not to be named said on Monday.",
     [("senior aide", "clausal")]),
    # a trailing participle speaks for the clause's speaker, never a thing subject
    ("Markets fell sharply after the president spoke, warning that tariffs would rise.",
     [("the president", "clausal")]),
    ("The peso slid after the central bank cut rates, saying that inflation had peaked.",
     [("the central bank", "clausal")]),
    ("Protesters blocked the road on Monday, shouting that the mine must close.",
     [("Protesters", "clausal")]),
    # participle_stance: a thing does not take a stance
    ("Oil prices jumped 8 percent, supporting calls for a windfall tax.", []),
    ("The weak dollar lifted exports, backing the government's strategy.", []),
    # closing_inverted only for verbs that close a sentence inverted
    ("The minister visited the region, said the aid would continue, reassured Kyiv.",
     [("The minister", "clausal")]),
    ("The senator toured the plant on Monday, praised Ford.", [("The senator", "stance_np")]),
    ("The mayor noted that the bridge would reopen in May, reported the Harbour Gazette.",
     [("Harbour Gazette", "closing_inverted")]),
    # noun-phrase speech acts: nothing said yet, or a thing or the author's own piece
    ("The committee will discuss the proposal next week.", []),
    ("If the minister discusses the budget, unions will strike.", []),
    ("The table below states the figures for each county.", []),
    ("The film reflects on the meaning of loss.", []),
    ("This article discusses the risks of the new drug.", []),
    ("The ministry noted the steady rise in exports over the summer.",
     [("The ministry", "speech_np")]),
    # an acronym with a dashed aside is no dateline; a capitalised place and dash is one
    ("NATO - the Western military alliance - said on Monday that it would send more troops.",
     [("NATO", "clausal")]),
    ("NAIROBI — The president said the election would go ahead.",
     [("The president", "clausal")]),
])
def test_guard(nlp, text, expected):
    assert sources(nlp, text) == expected
