"""Embedded social posts (post_rules.py, rule ``post_signature``): the post's words, a
dash, the author's name, the bracketed handle and the date, as an embed leaves them once
the page is extracted. Fresh sentences asserting source, handle, cue, rule id and content,
with a negative row per guard."""

import pytest

SIGNED = [
    # (text, source, handle, content)
    ("Commuters were angry after the vote.\n\nThe new toll will double the cost of my "
     "commute. Nobody asked us. pic.twitter.com/xyz— Maria Lopez (@marialopez) March 4, 2024"
     "\n\nThe council defended its decision.",
     "Maria Lopez", "@marialopez",
     "The new toll will double the cost of my commute. Nobody asked us."),
    # the signature on a line of its own: the post is the paragraph before it
    ("Commuters were angry after the vote.\n\nThe ferry has been cancelled for the third day "
     "running https://t.co/abc123\n\n— Dan Whitaker (@dwhitaker) May 2, 2023\n\nThe port "
     "authority blamed the weather.",
     "Dan Whitaker", "@dwhitaker", "The ferry has been cancelled for the third day running"),
    # an account of an organisation, the month abbreviated
    ("Flood warnings now cover all of the lower valley until Friday. — Valley "
     "Weather Service (@valleywx) Oct. 9, 2022",
     "Valley Weather Service", "@valleywx",
     "Flood warnings now cover all of the lower valley until Friday."),
    # two embeds run into one paragraph: the later post starts after the earlier signature
    ("The pier is closed again and nobody told us. — Priya Nair (@priyanair) March 3, 2025 "
     "Sorry, the ferry is late today as well. — Tom Reyes (@tomreyes) March 4, 2025",
     "Tom Reyes", "@tomreyes", "Sorry, the ferry is late today as well."),
]


@pytest.mark.parametrize("text,source,handle,content", SIGNED)
def test_a_signed_post_is_its_authors(nlp, text, source, handle, content):
    doc = nlp(text)
    posts = [a for a in doc._.ct_attributions if a["rule"] == "post_signature"]
    assert [(a["source"]["name"], a["source"]["aliases"],
             text[a["content_start"]:a["content_end"]], text[a["cue_start"]:a["cue_end"]])
            for a in posts] == [(source, [handle], content, "—")]
    assert posts[0]["mode"] == "direct"
    assert text[posts[0]["source_start"]:posts[0]["source_end"]] == source


NOT_SIGNED = [
    # a dash in running prose, then a handle and no date closing the paragraph
    "The toll will rise next year — Maria Lopez (@marialopez) told the meeting that it "
    "would not.",
    # the date does not close the paragraph: the line goes on
    "Bridge shut again today. — Dan Whitaker (@dwhitaker) May 2, 2023, and the mayor "
    "promised to act.",
    # a post that is only a link says nothing
    "https://t.co/abc123 — Dan Whitaker (@dwhitaker) May 2, 2023",
    # a lower-case run before the brackets is a sentence, not a display name
    "The ferry was late again — as usual for the crew (@ferryco) May 2, 2023",
    # a paragraph still wrapped in the embed's raw tag is markup, not extracted text
    '<tweet id="1" author="@valleywx">Flood warnings now cover the lower valley until '
    "Friday. — Valley Weather Service (@valleywx) Oct. 9, 2022</tweet>",
]


@pytest.mark.parametrize("text", NOT_SIGNED)
def test_no_signature_no_post(nlp, text):
    doc = nlp(text)
    assert [a for a in doc._.ct_attributions if a["rule"] == "post_signature"] == []


# (text, name, kind, description, aliases, source span) for a speaker written with a
# title the model's ORG swallowed, a bracketed handle, or a name the model cut short
NAMED = [
    ("Ade Bello (@adebello) tweeted that both sides must get back to the table tonight.",
     "Ade Bello", "person", None, ["@adebello"], "Ade Bello (@adebello)"),
    ("Councillor Ade Bello (@adebello) tweeted: “Both sides need to get back to the table "
     "tonight.”",
     "Ade Bello", "person", "Councillor", ["@adebello"], "Councillor Ade Bello (@adebello)"),
    ("Councilwoman Ada Bell said the bridge toll would have to rise next year.",
     "Ada Bell", "person", "Councilwoman", [], "Councilwoman Ada Bell"),
    ("Rep. Tom Hale (D-Ohio) said the bridge bill would pass by Friday.",
     "Tom Hale", "person", "Rep., D-Ohio", [], "Rep. Tom Hale (D-Ohio)"),
    # the model's ORG on a person whose appositive gives a title: a person
    ("“The ministry is underestimating the problem,” said Kiprono Cheruiyot, the "
     "association's chairman.",
     "Kiprono Cheruiyot", "person", "association's chairman", [],
     "Kiprono Cheruiyot, the association's chairman"),
    # the model's ORG on "Rights Watch" only: the capitalised compound is part of the name
    ("Human Rights Watch, the advocacy group, said the figures were far too low.",
     "Human Rights Watch", "organization", "advocacy group", [],
     "Human Rights Watch, the advocacy group"),
    # a role a firm holds as well as a person does not make the model's ORG a person
    ("Goldman Sachs, an adviser to the city, said the bonds were safe to buy.",
     "Goldman Sachs", "organization", "adviser to the city", [],
     "Goldman Sachs, an adviser to the city"),
    # a descriptor before an ORG is not part of its name ("Human Rights Watch" is)
    ("Watchdog Transparency International said bribery had worsened in the ports.",
     "Transparency International", "organization", "Watchdog", [],
     "Watchdog Transparency International"),
    # a title word and one more name is a company, not a titled person ("General Motors")
    ("General Motors said it would cut 5,000 jobs at its plants in Ohio.",
     "General Motors", "organization", None, [], "General Motors"),
    ("General Dynamics said the navy contract was worth $2 billion.",
     "General Dynamics", "organization", None, [], "General Dynamics"),
]


@pytest.mark.parametrize("text,name,kind,description,aliases,span", NAMED)
def test_names_around_the_models_entities(nlp, text, name, kind, description, aliases, span):
    doc = nlp(text)
    assert [(a["source"]["name"], a["source"]["kind"], a["source"]["description"],
             a["source"]["aliases"], text[a["source_start"]:a["source_end"]])
            for a in doc._.ct_attributions] == [(name, kind, description, aliases, span)]


def test_a_surname_resolves_to_a_name_the_model_took_for_an_org(nlp):
    # the model labels "Daniel Okafor" ORG; its appositive makes him a person, so the
    # surname alone later in the article is his
    text = ("“We had no other option,” said Daniel Okafor, a local union organiser. Okafor "
            "added that the city lost $2 million in the spring.")
    doc = nlp(text)
    assert [(a["source"]["name"], a["source"]["kind"], a["cue"])
            for a in doc._.ct_attributions] == [("Daniel Okafor", "person", "said"),
                                                ("Daniel Okafor", "person", "added")]
