"""The PolNeAR-format scorer, on a small brat corpus written here (not ../shared)."""

from claimtrack.evaluate import names_match, read_ann, score_polnear

TEXT = (
    "Budget fight\n\n"
    "The council approved the budget on Monday. Maria Lopez, the council president, said the "
    "vote was a relief. The library will close in June, according to the city manager.\n\n"
    "She said the cuts were painful."
)


def span(text, fragment):
    start = text.index(fragment)
    return start, start + len(fragment)


def brat(text, attributions):
    """brat standoff lines for (source, cue, content) triples, as PolNeAR writes them."""
    lines, t = [], 0
    for e, (source, cue, content) in enumerate(attributions, 1):
        ids = []
        for kind, fragment in (("Source", source), ("Cue", cue), ("Content", content)):
            t += 1
            s, end = span(text, fragment)
            lines.append(f"T{t}\t{kind} {s} {end}\t{fragment}")
            ids.append(f"{kind}:T{t}")
        lines.append(f"E{e}\tAttribution:T{t} {ids[2]} {ids[1]} {ids[0]}")
    return "\n".join(lines) + "\n"


GOLD = [
    ("Maria Lopez", "said", "the vote was a relief"),
    ("the city manager", "according to", "The library will close in June"),
    ("council", "approved", "The council approved the budget on Monday"),  # not speech
    ("She", "said the", "the cuts were painful"),  # pronoun source: not counted in recall
]


def write_corpus(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "city_budget.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "city_budget_ab12.ann").write_text(brat(TEXT, GOLD),
                                                                     encoding="utf-8")
    return tmp_path / "text", tmp_path / "attributions"


def test_read_ann_joins_source_cue_and_content(tmp_path):
    _, ann_dir = write_corpus(tmp_path)
    gold = read_ann(ann_dir / "city_budget_ab12.ann")
    assert [g.source_text for g in gold] == ["Maria Lopez", "the city manager", "council", "She"]
    assert TEXT[slice(*gold[0].content_spans[0])] == "the vote was a relief"
    assert gold[3].is_pronoun and not gold[0].is_pronoun


def test_names_match_on_words_not_case_or_articles():
    assert names_match(["Maria Lopez"], "Lopez")
    assert names_match(["City Manager"], "the city manager")
    assert not names_match(["Maria Lopez"], "the council")
    assert not names_match([None], "Lopez")


def test_score_counts_found_missed_and_skips_pronoun_sources(nlp, tmp_path):
    text_dir, ann_dir = write_corpus(tmp_path)
    result = score_polnear(text_dir, ann_dir, nlp, details=True)
    assert result["articles"] == 1
    assert result["gold_total"] == 3  # the pronoun-sourced attribution is left out
    assert result["tp"] == 2 and result["fn"] == 1  # Lopez and the city manager found
    assert [m["source"] for m in result["misses"]] == ["council"]
    assert result["precision"] == 1.0
    assert result["recall"] == round(2 / 3, 4)


SWAPPED_TEXT = (
    "Harbour works\n\n"
    "\u201cThe new pier will be finished before the summer season,\u201d said Hester Dunmore, "
    "the harbour engineer. Fishing boats will moor at the old quay until then, she added."
)


def test_gold_with_source_and_cue_swapped_is_scored_the_right_way_round(nlp, tmp_path):
    # the annotator marked "said" as the Source and the name as the Cue: the scorer swaps
    # them back (a Source that is only a reporting verb, a Cue naming someone)
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "pier.txt").write_text(SWAPPED_TEXT, encoding="utf-8")
    gold = [("said", "Hester Dunmore",
             "The new pier will be finished before the summer season,"),
            ("she", "added", "Fishing boats will moor at the old quay until then")]
    (tmp_path / "attributions" / "pier_ab12.ann").write_text(brat(SWAPPED_TEXT, gold),
                                                             encoding="utf-8")
    result = score_polnear(tmp_path / "text", tmp_path / "attributions", nlp, details=True)
    assert result["gold_roles_swapped"] == 1  # "she" / "added" is left as it is
    assert result["gold_total"] == 1 and result["tp"] == 1 and result["misses"] == []


def test_offset_skips_the_first_articles(nlp, tmp_path):
    text_dir, ann_dir = write_corpus(tmp_path)
    (text_dir / "zz_second.txt").write_text(SWAPPED_TEXT, encoding="utf-8")
    (ann_dir / "zz_second_ab12.ann").write_text("", encoding="utf-8")
    result = score_polnear(text_dir, ann_dir, nlp, offset=1)
    assert result["articles"] == 1 and result["gold_total"] == 0
