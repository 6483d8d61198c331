"""Check-worthiness: features, score and reason; transcripts as input; the lab's measure."""

import json
from importlib import resources

import pytest

from claimtrack.canned_queries import WORTH_CHECKING_LIMIT, worth_checking_sql
from claimtrack.cleaning import clean
from claimtrack.evaluate_checkworthy import (
    Line,
    Transcript,
    average_precision,
    precision_at,
    score_transcripts,
)
from claimtrack.nlp.checkworthiness import FEATURES, reason, weights
from claimtrack.readers import InputError, iter_inputs
from claimtrack.transcripts import looks_like_transcript, parse_transcript, transcript_article
from conftest import annotate


def one(nlp, text):
    found = annotate(nlp, text, "ct_claims")
    assert len(found) == 1, [c["text"] for c in found]
    return found[0]


# ---------------------------------------------------------------- features


@pytest.mark.parametrize("text,expected", [
    ("The county spent $14 million on the new bridge in 2019.",
     {"figure", "specific_date", "past_fact", "trend"}),
    ("Unemployment in Ohio has doubled since the plant closed.",
     {"comparison", "trend", "entity", "policy_topic"}),
    ("It was the highest murder rate the city has seen.", {"superlative", "policy_topic"}),
    ("The Census Bureau reported that incomes rose for a third year.",
     {"named_source", "trend", "entity", "past_fact", "policy_topic"}),
    ("What would you do about the price of medicine?", {"question"}),
    ("Thank you all for coming out tonight.", {"greeting"}),
    ("We'll take a break and come back with the next question.", {"procedure", "prediction"}),
    ("I think the council members are wonderful people.", {"opinion", "first_person"}),
    ("Believe me, nobody knows the system better.", {"rhetorical"}),
    ("The reform may possibly lower some bills.", {"hedged", "trend"}),
    ("Good luck.", {"no_verb", "greeting"}),
])
def test_features_fire(nlp, text, expected):
    claim = one(nlp, text)
    assert expected <= set(claim["features"]), claim["features"]
    assert set(claim["features"]) <= set(FEATURES)


@pytest.mark.parametrize("text,absent", [
    ("The mayor met voters in May.", {"hedged", "figure"}),  # "May" the month
    ("She will visit the plant next week.", {"past_fact"}),  # a prediction is not past fact
    ("The bridge carries 40,000 cars a day.", {"opinion", "question", "short"}),
])
def test_features_do_not_fire(nlp, text, absent):
    assert not absent & set(one(nlp, text)["features"])


def test_reason_names_what_fired_strongest_first():
    w = {"figure": 2.0, "entity": 0.5, "question": -1.0, "hedged": -0.3}
    text = reason({"entity": "Ohio", "figure": "$5 million", "hedged": "may", "question": ""}, w)
    assert text == ("figure ($5 million); named entity (Ohio); but question; hedged (may)")
    assert reason({"question": ""}, w) == "no checkable detail; but question"


def test_score_and_reason_on_a_claim(nlp):
    claim = one(nlp, "Our trade deficit with China reached $375 billion in 2017.")
    assert claim["checkworthiness_reason"].startswith("figure ($375 billion)")
    assert "named entity (China)" in claim["checkworthiness_reason"]
    assert claim["checkworthiness"] > 0.7


def test_checkable_statements_outrank_talk(nlp):
    ranked = [
        "The state cut school funding by 12 percent between 2010 and 2014.",
        "The Pentagon said 4,000 troops were sent to the border last year.",
        "My opponent voted against the highway bill in the Senate.",
        "We need leaders who care about working families.",
        "I will bring those jobs back, believe me.",
        "Is that what you really believe?",
        "Thank you so much, it's great to be here.",
    ]
    scores = [one(nlp, text)["checkworthiness"] for text in ranked]
    assert min(scores[:3]) > max(scores[3:])


def test_weights_file_has_provenance_and_known_features():
    data = weights()
    assert set(data["weights"]) == set(FEATURES)
    provenance = data["provenance"]
    assert provenance["script"] == "scripts/fit_checkworthy.py"
    assert "CLEF-2019" in provenance["data"]
    raw = json.loads(resources.files("claimtrack.nlp").joinpath(
        "data/checkworthiness_weights.json").read_text("utf-8"))
    assert raw["bias"] == data["bias"]


# ---------------------------------------------------------------- transcripts


TRANSCRIPT = (
    "MODERATOR: Good evening and welcome to the debate.\n"
    "\n"
    "SMITH: Thank you.\n"
    "SYSTEM: (APPLAUSE)\n"
    "SMITH: Crime in this city fell 20 percent while I was mayor.\n"
    "JONES: That is simply not true.\n"
)


def test_parse_transcript_forms():
    colon = parse_transcript(TRANSCRIPT)
    assert [(u.line, u.speaker) for u in colon] == [
        (1, "MODERATOR"), (3, "SMITH"), (4, "SYSTEM"), (5, "SMITH"), (6, "JONES")]
    tabbed = parse_transcript("SMITH\tCrime fell.\nJONES\tNo, it did not.\n")
    assert [(u.speaker, u.text, u.label) for u in tabbed] == [
        ("SMITH", "Crime fell.", None), ("JONES", "No, it did not.", None)]
    clef = parse_transcript("7\tSMITH\tCrime fell 20 percent.\t1\n8\tSYSTEM\t(APPLAUSE)\t0\n")
    assert [(u.line, u.speaker, u.label) for u in clef] == [(7, "SMITH", 1), (8, "SYSTEM", 0)]
    # a line without a label continues the speaker's turn; mixed case is no label
    assert [u.speaker for u in parse_transcript("SMITH: One.\nNote: two.")] == ["SMITH"] * 2
    assert [u.speaker for u in parse_transcript("Q: Why?\nSEN. O'NEIL: Because.")] == [
        "Q", "SEN. O'NEIL"]


def test_transcript_article_drops_audience_reactions():
    text, spans = transcript_article(parse_transcript(TRANSCRIPT))
    assert "APPLAUSE" not in text
    assert [line for line, _, _ in spans] == [1, 3, 5, 6]
    assert text.split("\n\n")[2] == "SMITH: Crime in this city fell 20 percent while I was mayor."
    for _line, start, end in spans:
        assert text[start:end].split(": ", 1)[0] in {"MODERATOR", "SMITH", "JONES"}


def test_sniffing():
    assert looks_like_transcript(TRANSCRIPT)
    prose = ("The council met on Monday.\nIt voted: yes.\nNote: the vote was close.\n"
             "Members left early.\nThe mayor spoke.\n")
    assert not looks_like_transcript(prose)


@pytest.mark.parametrize("name,content", [
    ("debate.transcript", TRANSCRIPT),
    ("debate.txt", TRANSCRIPT),  # sniffed
    ("debate.tsv", "1\tMODERATOR\tGood evening and welcome to the debate.\t0\n"
                   "2\tSMITH\tThank you.\t0\n3\tSYSTEM\t(APPLAUSE)\t0\n"
                   "4\tSMITH\tCrime in this city fell 20 percent while I was mayor.\t1\n"
                   "5\tJONES\tThat is simply not true.\t0\n"),
])
def test_transcript_files_become_one_article(tmp_path, nlp, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    [raw] = list(iter_inputs([str(tmp_path)]))
    assert raw.format == "transcript"
    article = clean(raw)
    assert article.title == "debate"  # no title line: the file name
    assert article.text.split("\n\n") == [
        "MODERATOR: Good evening and welcome to the debate.",
        "SMITH: Thank you.",
        "SMITH: Crime in this city fell 20 percent while I was mayor.",
        "JONES: That is simply not true.",
    ]
    found = annotate(nlp, article.text, "ct_claims")
    # the speaker label is not part of the claim; the claim is attributed to the speaker
    assert [c["text"] for c in found] == [
        "Good evening and welcome to the debate.", "Thank you.",
        "Crime in this city fell 20 percent while I was mayor.", "That is simply not true."]
    top = max(found, key=lambda c: c["checkworthiness"])
    assert top["text"].startswith("Crime in this city fell 20 percent")
    assert "named source" not in top["checkworthiness_reason"]  # the speaker is no citation


def test_a_transcript_title_line_becomes_the_title(tmp_path):
    path = tmp_path / "council_2024-03-05.transcript"
    path.write_text("Council hearing on bus fares, Riverside Hall\n\n" + TRANSCRIPT,
                    encoding="utf-8")
    article = clean(next(iter_inputs([str(path)])))
    assert article.title == "Council hearing on bus fares, Riverside Hall"
    assert article.text.split("\n\n")[0] == "MODERATOR: Good evening and welcome to the debate."
    # A first line that is a sentence is said, not a title: the file name is the title.
    path.write_text("The hearing opened late.\n" + TRANSCRIPT, encoding="utf-8")
    article = clean(next(iter_inputs([str(path)])))
    assert article.title == "council 2024 03 05"
    assert article.text.startswith("The hearing opened late.\n\nMODERATOR: Good evening")


@pytest.mark.parametrize("content,reason", [
    ("country\tcapital\tpopulation\nKenya\tNairobi\t54000000\nPeru\tLima\t34000000\n",
     "its first line is a header of column names"),
    ("Kenya\t54000000\nPeru\t34000000\nChile\t19600000\n", "its second column is not prose"),
    ("12.5\tThe river rose above its banks overnight.\n"
     "14.0\tFarmers moved their cattle to higher ground.\n",
     "its first column does not hold speaker names"),
    ("Kenya\tNairobi\tshilling\tEast Africa\nPeru\tLima\tsol\tSouth America\n",
     "it has rows of 4 columns"),
])
def test_a_tsv_data_table_is_refused_not_read_as_a_transcript(tmp_path, content, reason):
    path = tmp_path / "table.tsv"
    path.write_text(content, encoding="utf-8")
    [error] = list(iter_inputs([str(path)]))
    assert isinstance(error, InputError)
    assert str(error) == (f"{path}: a data table, not a transcript ({reason}); a transcript "
                          "has one turn a line: SPEAKER<TAB>text")
    assert not looks_like_transcript(content * 3)  # nor sniffed as one in a .txt file


def test_a_tsv_transcript_without_line_numbers_is_read(tmp_path):
    path = tmp_path / "hearing.tsv"
    path.write_text("CHAIR\tWelcome\nQ\tWhy did the fares rise?\n"
                    "MS. ORTEGA\tFuel costs rose by a third last year.\n"
                    "CHAIR\tThe committee thanks you.\n", encoding="utf-8")
    [raw] = list(iter_inputs([str(path)]))
    assert raw.format == "transcript"
    assert raw.text.split("\n\n") == [  # one word first, but CHAIR speaks again: no header
        "CHAIR: Welcome", "Q: Why did the fares rise?",
        "MS. ORTEGA: Fuel costs rose by a third last year.", "CHAIR: The committee thanks you."]


SHORT_TURNS = [  # (speaker, turn): greetings, thanks and one-word answers are turns too
    ("OKAFOR", "Good morning, everyone."),
    ("LINDQVIST", "Thank you."),
    ("OKAFOR", "Thanks. The ferry carried 310,000 passengers last year."),
    ("LINDQVIST", "Wrong."),
    ("OKAFOR", "Yes, it did."),
]


@pytest.mark.parametrize("name,content,case", [
    ("press.transcript", "".join(f"{who}: {said}\n" for who, said in SHORT_TURNS), str.upper),
    # a mixed-case label is kept as written and still known as a turn's label
    ("press.tsv", "".join(f"{who.title()}\t{said}\n" for who, said in SHORT_TURNS), str.title),
])
def test_every_claim_of_a_turn_is_attributed_to_its_speaker(tmp_path, nlp, name, content,
                                                             case):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    [raw] = list(iter_inputs([str(path)]))
    article = clean(raw)
    assert article.text.split("\n\n") == [f"{case(who)}: {said}" for who, said in SHORT_TURNS]
    doc = nlp(article.text)
    links = doc._.ct_attributions
    found = [(c["text"], [(links[i]["source"]["name"], links[i]["rule"])
                          for i in c["attributions"]]) for c in doc._.ct_claims]
    assert found == [
        ("Good morning, everyone.", [("Okafor", "speaker_label")]),
        ("Thank you.", [("Lindqvist", "speaker_label")]),
        ("Thanks.", [("Okafor", "speaker_label")]),
        ("The ferry carried 310,000 passengers last year.", [("Okafor", "speaker_label")]),
        ("Wrong.", [("Lindqvist", "speaker_label")]),
        ("Yes, it did.", [("Okafor", "speaker_label")]),
    ]
    scores = {c["text"]: c for c in doc._.ct_claims}
    for thanks in ("Good morning, everyone.", "Thank you.", "Thanks."):
        assert "greeting" in scores[thanks]["features"]
        assert "named_source" not in scores[thanks]["features"]  # the speaker is no citation
        assert scores[thanks]["checkworthiness"] < 0.2
    assert scores["The ferry carried 310,000 passengers last year."]["checkworthiness"] > 0.5


def test_empty_transcript_is_refused(tmp_path):
    path = tmp_path / "empty.tsv"
    path.write_text("1\tSYSTEM\t(APPLAUSE)\t0\n", encoding="utf-8")
    [error] = list(iter_inputs([str(path)]))
    assert isinstance(error, InputError)
    assert str(error) == f"{path}: no utterances in transcript"


# ---------------------------------------------------------------- the lab's measure


def test_average_precision_and_precision_at_k():
    labels = [0, 1, 0, 0, 1, 0]
    scores = [0.9, 0.8, 0.1, 0.2, 0.7, 0.0]
    # ranking: 0, 1, 4, 3, 2, 5 -> positives at ranks 2 and 3
    assert average_precision(labels, scores) == pytest.approx((1 / 2 + 2 / 3) / 2)
    assert precision_at(5, labels, scores) == pytest.approx(2 / 5)
    # ties keep transcript order: the positive at index 1 ranks second
    assert average_precision([0, 1], [0.5, 0.5]) == pytest.approx(0.5)
    assert average_precision([0, 0], [0.5, 0.1]) == 0.0


def test_score_transcripts_takes_the_best_claim_of_a_line():
    def line(number, label, *values):
        return Line(number, label, [{"checkworthiness": v, "features": []} for v in values])

    transcript = Transcript("t", [line(1, 0, 0.4), line(2, 1, 0.1, 0.9), line(3, 0)])
    result = score_transcripts([transcript])
    assert result["map"] == 1.0
    assert result["per_transcript"][0]["positives"] == 1
    model = {"bias": 0.0, "weights": {"figure": 1.0}}
    refit = Transcript("u", [Line(1, 0, [{"checkworthiness": 0.9, "features": []}]),
                             Line(2, 1, [{"checkworthiness": 0.1, "features": ["figure"]}])])
    assert score_transcripts([refit], {"u": model})["map"] == 1.0
    assert score_transcripts([refit])["map"] == 0.5


# ---------------------------------------------------------------- the ranked list


def test_worth_checking_query(seed_db):
    rows = [dict(r) for r in seed_db.query(worth_checking_sql())]
    assert len(rows) == min(WORTH_CHECKING_LIMIT, seed_db["claims"].count)
    scores = [r["checkworthiness"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    best = seed_db.execute(
        "select max(checkworthiness) from claims").fetchone()[0]
    assert rows[0]["checkworthiness"] == best
    assert all(r["checkworthiness_reason"] and r["article_id"] for r in rows)
    assert list(rows[0]) == ["claim_id", "checkworthiness", "checkworthiness_reason", "claim",
                             "kind", "hedged", "sources", "article", "article_id"]


# ---------------------------------------------------------------- the seed


def test_seed_top_ten_are_specific_checkable_statements(nlp, seed_body):
    found = annotate(nlp, seed_body, "ct_claims")
    top = sorted(found, key=lambda c: (-c["checkworthiness"], c["seq"]))[:10]
    starts = sorted(c["text"][:49] for c in top)
    assert starts == sorted([
        "According to Human Rights Watch estimates, more t",
        "Over time, trade between Kazakhstan and China has",
        "Sauytbay, after her arrest, said that she would a",
        "For now, circumstances work in China’s favor, and",
        "Other avenues of economic cooperation include dir",
        "Further increasing the stakes is the fact that Xi",
        "Another expression of discontent, this time with ",
        "Nicholas Bequelin, the East Asia director at Amne",
        "Protests continued and resulted in mass sentencin",
        "In addition, after joining the Eurasian Economic ",
    ])
    for claim in top:
        reason = claim["checkworthiness_reason"]
        specific = "figure (" in reason or "named source (" in reason
        assert specific or ("named entity" in reason and "past-tense" in reason), reason
        assert claim["kind"] not in {"opinion", "prediction"} and not claim["hedged"]
    assert sum("figure (" in c["checkworthiness_reason"] for c in top) >= 6
    # the author's hedged opinions rank in the bottom tenth
    ranked = sorted(found, key=lambda c: -c["checkworthiness"])
    vulnerable = next(c for c in found if c["text"].startswith("Kazakhstan may be particularly"))
    assert ranked.index(vulnerable) >= len(found) * 0.9
