"""Speaker labels of transcripts keep their case: "McCain" stays "McCain", and an
all-capitals label is put in name case ("MCCAIN" -> "McCain", "O'ROURKE" -> "O'Rourke")."""

from __future__ import annotations

import pytest

from claimtrack.cleaning import clean
from claimtrack.readers import iter_inputs
from claimtrack.text import paragraph_spans
from claimtrack.transcripts import Utterance, paragraph, speaker_name, turn_labels


@pytest.mark.parametrize("label,name", [
    ("MCCAIN", "McCain"),
    ("MCCONNELL", "McConnell"),
    ("O'ROURKE", "O'Rourke"),
    ("O\u2019ROURKE", "O\u2019Rourke"),
    ("OCASIO-CORTEZ", "Ocasio-Cortez"),
    ("SEN. KAINE", "Sen. Kaine"),
    ("MS. ORTEGA", "Ms. Ortega"),
    ("JANE DOE", "Jane Doe"),
    ("MACRON", "Macron"),  # "Mac" is not split: Macron, Machado, Mack
    ("MACDONALD", "Macdonald"),
    ("MC", "Mc"),
    ("Q", "Q"),
    # mixed case is the input's own spelling, kept as written
    ("McCain", "McCain"),
    ("MacDonald", "MacDonald"),
    ("LaHood", "LaHood"),
    ("de Blasio", "de Blasio"),
    ("DeSantis", "DeSantis"),
])
def test_speaker_name(label, name):
    assert speaker_name(label) == name


@pytest.mark.parametrize("speaker,expected", [
    ("McCain", "McCain: We will cut the deficit."),
    ("MCCAIN", "MCCAIN: We will cut the deficit."),
    ("holt", "HOLT: We will cut the deficit."),  # no capital at all: put in capitals
    ("Sen. LaHood", "Sen. LaHood: We will cut the deficit."),
    ("de Blasio", "de Blasio: We will cut the deficit."),
    ("Speaker 1", "Speaker 1: We will cut the deficit."),
    ("\u00c1ngela Merkel", "\u00c1ngela Merkel: We will cut the deficit."),
    # a label turn_labels would not read as written is put in capitals
    ("Unidentified male", "UNIDENTIFIED MALE: We will cut the deficit."),
    ("", "We will cut the deficit."),
])
def test_a_paragraph_keeps_the_label_as_written(speaker, expected):
    assert paragraph(Utterance(1, speaker, "We  will cut\tthe deficit.")) == expected


def labels_of(text: str) -> list[str]:
    labels = turn_labels(text, paragraph_spans(text))
    return [text[slice(*labels[number])] for number in sorted(labels)]


@pytest.mark.parametrize("speaker", [
    "de Blasio", "Speaker 1", "\u00c1ngela Merkel", "Unidentified male", "McCain", "holt"])
def test_every_label_a_paragraph_writes_is_read_back(speaker):
    turns = [Utterance(1, "Holt", "Good evening."), Utterance(2, speaker, "Rents rose."),
             Utterance(3, "McCain", "Thank you."), Utterance(4, speaker, "They did.")]
    text = "\n\n".join(paragraph(turn) for turn in turns)
    label = paragraph(turns[1]).split(": ")[0] + ": "
    assert labels_of(text) == ["Holt: ", label, "McCain: ", label]


def test_turn_labels():
    transcript = ("McCain: The tax cut pays for itself.\n\nObama: It does not.\n\n"
                  "Lehrer: Two minutes each.\n\nMcCain: Thank you.")
    assert labels_of(transcript) == ["McCain: ", "Obama: ", "Lehrer: ", "McCain: "]
    # news prose: one mixed-case "Name: ..." opening is a headline form, not a turn
    news = ("Pence: the budget vote is set for Friday.\n\nThe senator said the vote would "
            "be close.\n\nAides expect a delay of a week.")
    assert labels_of(news) == []
    # a capitals label is a label wherever it opens a paragraph, as before
    assert labels_of("HOLT: Good evening.\n\nThe debate began late.") == ["HOLT: "]


def sources_of_claims(nlp, text: str) -> list[tuple[str, list[str]]]:
    doc = nlp(text)
    links = doc._.ct_attributions
    return [(c["text"], [links[i]["source"]["name"] for i in c["attributions"]])
            for c in doc._.ct_claims]


def test_a_mixed_case_label_names_its_speaker_as_written(tmp_path, nlp):
    path = tmp_path / "debate.tsv"
    path.write_text("Lehrer\tWelcome to the second debate of the season.\n"
                    "McCain\tThank you.\n"
                    "McCain\tSpending rose by 40 percent over eight years.\n"
                    "Obama\tThat figure is wrong.\n", encoding="utf-8")
    [raw] = list(iter_inputs([str(path)]))
    article = clean(raw)
    assert article.text.split("\n\n")[1:3] == [
        "McCain: Thank you.", "McCain: Spending rose by 40 percent over eight years."]
    assert sources_of_claims(nlp, article.text) == [
        ("Welcome to the second debate of the season.", ["Lehrer"]),
        ("Thank you.", ["McCain"]),
        ("Spending rose by 40 percent over eight years.", ["McCain"]),
        ("That figure is wrong.", ["Obama"]),
    ]


def test_an_all_capitals_label_is_put_in_name_case(nlp):
    text = ("MCCAIN: Spending rose by 40 percent over eight years.\n\n"
            "O'ROURKE: That figure is wrong.\n\nMCCAIN: Thank you.")
    assert sources_of_claims(nlp, text) == [
        ("Spending rose by 40 percent over eight years.", ["McCain"]),
        ("That figure is wrong.", ["O'Rourke"]),
        ("Thank you.", ["McCain"]),
    ]


def test_a_transcript_with_a_particle_name_attributes_every_turn(tmp_path, nlp):
    path = tmp_path / "forum.tsv"
    path.write_text("Holt\tTonight the candidates discuss housing in the city.\n"
                    "McCain\tRents have doubled over the last decade.\n"
                    "de Blasio\tWe built twenty thousand affordable homes last year.\n"
                    "McCain\tThat number is far too low.\n", encoding="utf-8")
    [raw] = list(iter_inputs([str(path)]))
    article = clean(raw)
    assert sources_of_claims(nlp, article.text) == [
        ("Tonight the candidates discuss housing in the city.", ["Holt"]),
        ("Rents have doubled over the last decade.", ["McCain"]),
        ("We built twenty thousand affordable homes last year.", ["de Blasio"]),
        ("That number is far too low.", ["McCain"]),
    ]


def test_text_without_a_colon_looks_for_no_speaker_labels(nlp, monkeypatch):
    # the label search reads every paragraph: news text with no colon never pays for it
    import claimtrack.nlp.attribution.phrase_rules as phrase_rules
    import claimtrack.nlp.claims as claims

    def refuse(*_):
        raise AssertionError("turn_labels called on a text with no colon")

    monkeypatch.setattr(phrase_rules, "turn_labels", refuse)
    monkeypatch.setattr(claims, "turn_labels", refuse)
    text = "The council said rents rose by 12 percent last year.\n\nTenants disagreed."
    assert sources_of_claims(nlp, text) == [
        ("The council said rents rose by 12 percent last year.", ["The council"]),
        ("Tenants disagreed.", [])]
