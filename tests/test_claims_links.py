"""claims.ContentIndex links exactly the attributions a comparison with every attribution
links (claims.links), in list order."""

import itertools

from claimtrack.nlp.claims import ContentIndex, links

# content spans: long carry-over, nested, touching, zero-length, missing
ATTRIBUTIONS = [
    {"content_start": 0, "content_end": 400},
    {"content_start": 10, "content_end": 40},
    {"content_start": 40, "content_end": 90},
    {"content_start": 95, "content_end": 95},
    {"content_start": None, "content_end": None},
    {"content_start": 120, "content_end": 180},
    {"content_start": 150, "content_end": 600},
    {"content_start": 30, "content_end": 70},
    {"content_start": 250, "content_end": 500, "cue_start": 230},  # cue before the content
]


def every_attribution(start, end):
    return [i for i, a in enumerate(ATTRIBUTIONS) if a.get("content_start") is not None
            and links(a["content_start"], a["content_end"], start, end, a.get("cue_start"))]


def test_same_links_as_comparing_every_attribution():
    index = ContentIndex(ATTRIBUTIONS)
    bounds = [0, 5, 10, 25, 40, 41, 60, 90, 95, 96, 119, 150, 180, 300, 400, 601]
    checked = 0
    for start, end in itertools.combinations(bounds, 2):
        assert index.linked(start, end) == every_attribution(start, end), (start, end)
        checked += bool(every_attribution(start, end))
    assert checked > 50  # most spans link something: the table tests real links


def test_no_attributions():
    assert ContentIndex([]).linked(0, 100) == []
    assert ContentIndex([{"content_start": None}]).linked(0, 100) == []


def test_the_claim_holding_the_cue_and_the_contents_start_links():
    # 'Wrote one reader, who signs as Night Owl: "I have no car.' (claim 0..70) holds the
    # cue (0) and the first 28 characters of a 100-character quotation (42..142): linked,
    # though the overlap is under half of either span
    assert links(42, 142, 0, 70, cue_start=0)
    assert not links(42, 142, 0, 70)  # without the cue: the overlap rule alone
    # the cue outside the claim, or the content starting before it: the overlap rule
    assert not links(42, 142, 0, 70, cue_start=80)
    assert not links(20, 100, 80, 200, cue_start=90)


def test_a_long_introduction_links_to_its_quotation(nlp):
    text = ("Commuters were less patient. Wrote one reader, who signs as Night Owl: \"I have "
            "no car and two jobs. Somebody tell me how I get to work on Wednesday.\"")
    doc = nlp(text)
    claims = {c["text"]: [doc._.ct_attributions[i]["source"]["name"]
                          for i in c["attributions"]] for c in doc._.ct_claims}
    assert claims['Wrote one reader, who signs as Night Owl: "I have no car and two jobs.'] == [
        "one reader"]
    assert claims["Commuters were less patient."] == []
