"""cleaning.clean: furniture out, title/authors/publication found, body text exact."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.cleaning import (
    Article,
    clean,
    date_line,
    find_date,
    parse_byline,
    person_name,
    split_units,
)
from claimtrack.readers import RawArticle


def raw(text: str, path: str = "page.txt", metadata: dict | None = None, fmt: str = "text"):
    return RawArticle(text, path, metadata or {}, fmt)


# ---------------------------------------------------------------------------- the seed


@pytest.fixture(scope="module")
def seed_article(seed_text) -> Article:
    return clean(raw(seed_text, "corpus/kazakhstans-xinjiang-dilemma.txt"))


def test_seed_metadata(seed_article):
    assert seed_article.title == "Kazakhstan\u2019s Xinjiang Dilemma"
    assert seed_article.authors == ["Nazira Kozhanova"]
    assert seed_article.publication == "The Diplomat"
    assert seed_article.path == "corpus/kazakhstans-xinjiang-dilemma.txt"
    assert seed_article.summary.startswith("China\u2019s crackdown on Muslims")
    assert seed_article.summary.endswith("Kazakh government.")


def test_seed_body_bounds(seed_article):
    text = seed_article.body
    assert text.startswith("Kazakhstan and China have developed strong economic")
    assert text.endswith("facilitate the further growth of trade in the region.")
    for furniture in (
        "Subscribe",
        "Leads",
        "Associated Press",
        "Already a subscriber",
        "The Authors",
        "Overview",
        "Master\u2019s student",
        "By Nazira",
        "China\u2019s crackdown on Muslims in its far west",
    ):
        assert furniture not in text, furniture


def test_seed_body_format(seed_article, seed_text):
    text = seed_article.body
    paragraphs = text.split("\n\n")
    # 28 paragraphs in the source's body, less the "Conclusion" heading.
    assert len(paragraphs) == 27
    assert "Conclusion" not in paragraphs
    assert "\n\n\n" not in text
    for paragraph in paragraphs:
        assert paragraph == paragraph.strip()
        assert not paragraph.endswith("\u00a0")
        # Every paragraph is verbatim source text (inner whitespace kept).
        assert paragraph in seed_text
    # Inner no-break spaces are kept as in the source.
    assert "Han Chinese \u2013\u00a0 disproportionately" in text


def test_seed_clean_is_deterministic(seed_text, seed_article):
    again = clean(raw(seed_text, "corpus/kazakhstans-xinjiang-dilemma.txt"))
    assert again == seed_article
    # Windows newlines give the same body.
    crlf = clean(raw(seed_text.replace("\n", "\r\n")))
    assert crlf.body == seed_article.body


# ---------------------------------------------------------------------------- other pages

NEWS_SITE_PAGE = """\
Skip to content
Menu
Search
News
Politics
Business
Opinion

The Riverside Ledger

Water utility raises rates for third year running | The Riverside Ledger

Water utility raises rates for third year running

Customers will pay about 9 percent more from July, the company said.

By Maria Gonzalez and Peter O'Neill
Published March 4, 2024 at 6:15 p.m. EST

Share this article
Facebook
Twitter
Email

A worker inspects a pipe at the Northside treatment plant in Riverside on Monday. \
Photo: Jane Doe/Reuters

Riverside Water will raise household rates by 9.2 percent from July 1, the utility announced on \
Monday, its third increase in as many years.

The company said the money would pay for replacing 40 miles of lead pipes, a project it estimates \
will cost $310 million over a decade.

Read more: City council delays vote on new reservoir

"Nobody likes paying more, but the pipes under this city are older than most of the people \
living here," chief executive Alan Brooks said in a statement.

Sign up for our Morning Briefing newsletter to get the day's top stories delivered to your inbox.

Consumer groups said the increase would hit low-income families hardest. The average bill \
will rise to $68 a month.

Related articles
City council delays vote on new reservoir
Drought warnings issued for three counties
Why your water bill keeps going up

Comments (14)

Jim R.
This is outrageous. They raise the rates every year and nothing gets fixed.

\u00a9 2024 The Riverside Ledger. All rights reserved.
Privacy Policy
Terms of Use
"""


def test_news_site_page():
    article = clean(raw(NEWS_SITE_PAGE, "ledger.html.txt"))
    assert article.title == "Water utility raises rates for third year running"
    assert article.authors == ["Maria Gonzalez", "Peter O'Neill"]
    assert article.publication == "The Riverside Ledger"
    assert article.published == "2024-03-04"
    assert article.summary == "Customers will pay about 9 percent more from July, the company said."
    paragraphs = article.body.split("\n\n")
    assert paragraphs[0].startswith("Riverside Water will raise household rates")
    assert paragraphs[-1] == (
        "Consumer groups said the increase would hit low-income families hardest. "
        "The average bill will rise to $68 a month."
    )
    assert len(paragraphs) == 4
    for furniture in ("Photo:", "Reuters", "Read more", "newsletter", "Share", "Comments",
                      "outrageous", "rights reserved", "Drought warnings", "Menu"):
        assert furniture not in article.body, furniture


WIRE_PAGE = """\
WORLD NEWS
Home \u203a World \u203a Asia

Floods displace thousands in northern province

FILE - Residents wade through a flooded street in the provincial capital on Aug. 2, 2023. \
(AP Photo/Kim Lee, File)

Getty Images

August 14, 2024

BEIJING (AP) \u2014 Heavy rain has forced more than 12,000 people from their homes in the \
northern province, state media reported on Wednesday, and forecasters warned that more \
storms were on the way.

Rivers in four counties rose above warning levels overnight, according to the provincial \
water resources bureau. No deaths have been reported.

ADVERTISEMENT

Officials said 37 shelters had been opened in schools and sports halls.

Reporting by Kim Lee in Beijing; Editing by Sam Holt

Most read
Markets slide as oil prices jump
Tourist dies after fall on glacier trail

Cookie notice: We use cookies to improve your experience on our site. By continuing to use \
this site you agree to our cookie policy.
Accept all cookies
"""


def test_wire_page():
    article = clean(raw(WIRE_PAGE))
    assert article.title == "Floods displace thousands in northern province"
    assert article.authors == ["Kim Lee"]
    assert article.published == "2024-08-14"
    paragraphs = article.body.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("BEIJING (AP) \u2014 Heavy rain has forced")
    assert paragraphs[-1] == (
        "Officials said 37 shelters had been opened in schools and sports halls."
    )
    for furniture in ("AP Photo", "Getty", "ADVERTISEMENT", "Reporting by", "cookies",
                      "Markets slide", "WORLD NEWS"):
        assert furniture not in article.body, furniture


BLOG_PAGE = """\
Policy Notes

Home | About | Archive | Contact

Why rural hospitals are closing
Posted on 12 January 2023 by Dr. Ruth Adler

Written by Ruth Adler

Rural hospitals in the United States have been closing at a rate of roughly one a month \
since 2010, according to researchers at the University of North Carolina.

The main reason is money. Rural hospitals treat older and poorer patients, and more of their \
revenue comes from public insurance, which pays less than private plans.

Getty Images

What can be done

Some states have created a new category of "rural emergency hospital" that keeps an \
emergency room open without inpatient beds.

Like this post? Subscribe to our newsletter and get every new post by email.

Share:
Tweet
Share on Facebook

About the author
Ruth Adler is a health economist who writes about hospitals and insurance.

You might also like
How Medicaid pays for nursing homes
The hidden cost of ambulance rides
"""


def test_blog_page():
    article = clean(raw(BLOG_PAGE))
    assert article.title == "Why rural hospitals are closing"
    assert article.authors == ["Ruth Adler"]
    assert article.published == "2023-01-12"
    assert article.publication == "Policy Notes"
    paragraphs = article.body.split("\n\n")
    assert paragraphs[0].startswith("Rural hospitals in the United States have been closing")
    # The subheading is dropped, the paragraph after it kept.
    assert "What can be done" not in article.body
    assert paragraphs[-1].startswith("Some states have created")
    assert len(paragraphs) == 3
    for furniture in ("Subscribe", "newsletter", "Tweet", "health economist", "Medicaid",
                      "Getty", "Archive"):
        assert furniture not in article.body, furniture


# ---------------------------------------------------------------------------- plain inputs


def test_plain_article_with_title_line():
    text = (
        "Council approves harbour plan\n\n"
        "The town council approved the harbour redevelopment plan on Tuesday by a vote of "
        "seven to two.\n\n"
        "Mayor Ann Lee said the project would create 400 jobs.\n"
    )
    article = clean(raw(text))
    assert article.title == "Council approves harbour plan"
    assert article.authors == []
    assert article.publication is None
    assert article.body == (
        "The town council approved the harbour redevelopment plan on Tuesday by a vote of "
        "seven to two.\n\nMayor Ann Lee said the project would create 400 jobs."
    )


def test_plain_article_without_title_keeps_first_paragraph():
    text = (
        "The town council approved the harbour redevelopment plan on Tuesday by a vote of "
        "seven to two, ending a debate that had lasted almost three years.\n\n"
        "Mayor Ann Lee said the project would create 400 jobs."
    )
    article = clean(raw(text))
    assert article.title is None
    assert article.body == text


def test_polnear_style_sentence_case_title_with_full_stop():
    text = (
        "Federal court rules against state's purge of voter rolls.\n\n"
        "A federal appeals court ruled on Friday that the state violated federal law when it "
        "removed thousands of people from its voter rolls.\n\n"
        "The ruling could affect the November election, lawyers for the plaintiffs said.\n"
    )
    article = clean(raw(text))
    assert article.title == "Federal court rules against state's purge of voter rolls."
    assert article.body.startswith("A federal appeals court ruled on Friday")
    assert article.body.endswith("lawyers for the plaintiffs said.")


def test_markdown_heading_is_title_and_subheadings_dropped():
    text = (
        "# Harbour plan wins approval\n\n"
        "The council approved the plan on *Tuesday* by a vote of seven to two.\n\n"
        "## Reaction\n\n"
        "Critics said the [cost](https://example.com/cost) was too high.\n"
    )
    article = clean(raw(text, "note.md", fmt="markdown"))
    assert article.title == "Harbour plan wins approval"
    assert article.body == (
        "The council approved the plan on *Tuesday* by a vote of seven to two.\n\n"
        "Critics said the [cost](https://example.com/cost) was too high."
    )


def test_hard_wrapped_paragraphs_stay_whole():
    text = (
        "Rail strike called off\n\n"
        "Union leaders called off a planned rail strike on Friday after the\n"
        "government offered a pay rise of 5 percent over two years, a spokesman\n"
        "for the union said.\n\n"
        "Trains will run normally next week.\n"
    )
    article = clean(raw(text))
    paragraphs = article.body.split("\n\n")
    # Unwrapped: a line break inside a sentence would split the claim in two.
    assert paragraphs[0] == (
        "Union leaders called off a planned rail strike on Friday after the "
        "government offered a pay rise of 5 percent over two years, a spokesman "
        "for the union said."
    )
    assert paragraphs[1] == "Trains will run normally next week."


def test_trailing_spaces_and_nbsp_stripped_inner_kept():
    text = (
        "Budget passes\n\n"
        "The budget passed  by 60 votes\u00a0 to 40.\u00a0 \n\n"
        "It takes effect in April.   \n"
    )
    article = clean(raw(text))
    assert article.body == (
        "The budget passed  by 60 votes\u00a0 to 40.\n\nIt takes effect in April."
    )


def test_metadata_wins_over_guesses():
    text = (
        "Council approves harbour plan\n\n"
        "By John Smith\n\n"
        "The town council approved the harbour redevelopment plan on Tuesday by a vote of "
        "seven to two."
    )
    metadata = {
        "title": "Harbour plan approved",
        "authors": ["Jane Roe"],
        "publication": "The Coastal Herald",
        "published": "2024-03-05",
        "url": "https://herald.example.com/harbour",
    }
    article = clean(raw(text, metadata=metadata))
    assert article.title == "Harbour plan approved"
    assert article.authors == ["Jane Roe"]
    assert article.publication == "The Coastal Herald"
    assert article.published == "2024-03-05"
    assert article.url == "https://herald.example.com/harbour"
    assert article.body.startswith("The town council approved")


def test_html_reader_output_title_paragraph_removed():
    # What readers.html_to_raw yields: the <h1> repeated as the first paragraph.
    text = (
        "Harbour plan approved after long debate\n\n"
        "The town council approved the harbour redevelopment plan on Tuesday.\n\n"
        "Construction is expected to begin next spring."
    )
    metadata = {"title": "Harbour plan approved after long debate", "authors": ["Jane Smith"]}
    article = clean(raw(text, "page.html", metadata, "html"))
    assert article.title == "Harbour plan approved after long debate"
    assert article.body.startswith("The town council approved")


def test_no_prose_falls_back_to_the_text():
    text = "Apple prices up 4 percent\nPear harvest down by half\nPlum growers expect rain"
    article = clean(raw(text))
    assert "Pear harvest down by half" in article.body  # a list of items is kept


def test_labels_only_leave_no_article_text():
    assert clean(raw("Apples\nPears\nPlums")).body == ""  # ingest refuses it


def test_body_sentence_starting_with_by_is_not_a_byline():
    text = (
        "Tensions rise in the region\n\n"
        "By 2009, the tensions in the region had escalated into large protests.\n\n"
        "By Tuesday, Mr Lee said, the talks had failed."
    )
    article = clean(raw(text))
    assert article.authors == []
    assert article.body.startswith("By 2009, the tensions")
    assert article.body.endswith("the talks had failed.")


# ---------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("line", "names", "date"),
    [
        ("By Nazira Kozhanova", ["Nazira Kozhanova"], None),
        ("By JANE SMITH and TOM BROWN", ["Jane Smith", "Tom Brown"], None),
        ("By Jane Smith, Staff Writer | March 5, 2024", ["Jane Smith"], "2024-03-05"),
        ("Written by Ana de la Cruz for The Coastal Herald", ["Ana de la Cruz"], None),
        ("By J. R. Smith in Washington", ["J. R. Smith"], None),
        ("Posted on 12 January 2023 by Dr. Ruth Adler", ["Ruth Adler"], "2023-01-12"),
        ("Political editor Laura Kent", ["Laura Kent"], None),
    ],
)
def test_parse_byline(line, names, date):
    assert parse_byline(line) == (names, date)


@pytest.mark.parametrize(
    "line",
    [
        "By 2009, the tensions had escalated.",
        "By the end of the year, prices had doubled",
        "Byline",
        "By Tuesday",
        "Editor of the year",
        "The editor said the paper would appeal",
    ],
)
def test_not_a_byline(line):
    assert parse_byline(line) is None


def test_person_name():
    assert person_name("Nazira Kozhanova") == "Nazira Kozhanova"
    assert person_name("The Diplomat") is None
    assert person_name("Kozhanova") is None
    assert person_name("March 5") is None


def test_dates():
    assert find_date("Updated: March 5, 2024")[0] == "2024-03-05"
    assert find_date("12 Jan. 2023")[0] == "2023-01-12"
    assert find_date("2019-04-18T09:00:00Z")[0] == "2019-04-18"
    assert date_line("Published March 4, 2024 at 6:15 p.m. EST") == "2024-03-04"
    assert date_line("Mon 4 Mar 2024 10.02 GMT") == "2024-03-04"
    assert date_line("On March 4, 2024, the council voted to raise rates.") is None


def test_split_units_menu_block_vs_wrapped_paragraph():
    units = split_units("Home\nNews\nSport\n\nA long line of text that goes on and on and on and\n"
                        "continues here on the next line.")
    assert [u.text for u in units] == [
        "Home",
        "News",
        "Sport",
        "A long line of text that goes on and on and on and continues here on the next line.",
    ]


def test_a_sentence_running_on_into_the_next_line_is_one_paragraph():
    text = ("Council raises rates\n\n"
            "The city council voted on Tuesday to raise water rates by 4 percent,\n"
            "a move the mayor said was needed to repair aging pipes. Critics said the\n"
            "increase would hurt low-income families.\n\n"
            "The increase takes effect in March, officials said.\n")
    paragraphs = clean(raw(text)).body.split("\n\n")
    assert paragraphs == [
        "The city council voted on Tuesday to raise water rates by 4 percent, a move the mayor "
        "said was needed to repair aging pipes. Critics said the increase would hurt "
        "low-income families.",
        "The increase takes effect in March, officials said.",
    ]


RICH_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Glacier retreat speeds up, survey finds - Alpine Times</title>
<meta name="description" content="Swiss glaciers lost 4 percent of their volume in a year.">
<meta property="og:site_name" content="Alpine Times">
<meta name="author" content="Lena Vogt">
<meta property="article:published_time" content="2023-09-28T08:30:00+02:00">
</head><body>
<header><a href="/">Alpine Times</a><nav><a href="/news">News</a>
<a href="/climate">Climate</a> <a href="/subscribe">Subscribe</a></nav></header>
<div class="cookie-banner"><p>We use cookies to improve your experience. By continuing to
use this site you accept our cookie policy.</p><button>Accept all cookies</button></div>
<main><article>
<h1>Glacier retreat speeds up, survey finds</h1>
<p class="standfirst">Swiss glaciers lost 4 percent of their volume in a year.</p>
<div class="byline">By <a href="/authors/lena-vogt">Lena Vogt</a> | September 28, 2023</div>
<div class="share"><a>Share on Facebook</a> <a>Share on X</a> <a>Copy link</a></div>
<figure><img src="g.jpg"><figcaption>The Rhone glacier near Gletsch in August.
Photo: Marco Rossi/Keystone</figcaption></figure>
<p>Switzerland's glaciers shrank by 4 percent this year, the second-biggest loss on record,
according to the Swiss glacier monitoring network GLAMOS.</p>
<p>The loss followed a winter with little snow and a hot summer, scientists said on
Thursday. In 2022 the glaciers lost a record 6 percent.</p>
<aside class="related"><h3>Related articles</h3><ul><li><a href="/a">Heatwave grips the
Alps</a></li><li><a href="/b">Ski resorts face snowless winters</a></li></ul></aside>
<p>Read more: <a href="/c">Why the Alps are warming twice as fast</a></p>
<p>"Preserving the glaciers is no longer possible," said Matthias Huss, head of GLAMOS.</p>
<div class="newsletter"><p>Sign up for our weekly climate newsletter and get the latest news
delivered to your inbox.</p><input type="email" placeholder="Enter your email"></div>
<p>The network measures about 180 glaciers across the country.</p>
<div class="author-box"><h4>About the author</h4>
<p>Lena Vogt is a science reporter based in Zurich.</p></div>
</article></main>
<footer><p>&copy; 2023 Alpine Times AG. All rights reserved.</p>
<a href="/privacy">Privacy policy</a></footer>
</body></html>
"""


def test_html_page_end_to_end(tmp_path):
    from claimtrack.readers import iter_inputs

    path = tmp_path / "glacier.html"
    path.write_text(RICH_HTML, encoding="utf-8")
    (item,) = iter_inputs([path])
    article = clean(item)
    assert article.title == "Glacier retreat speeds up, survey finds"
    assert article.authors == ["Lena Vogt"]
    assert article.publication == "Alpine Times"
    assert article.published == "2023-09-28"
    assert article.summary == "Swiss glaciers lost 4 percent of their volume in a year."
    assert article.body.split("\n\n") == [
        "Switzerland's glaciers shrank by 4 percent this year, the second-biggest loss on "
        "record, according to the Swiss glacier monitoring network GLAMOS.",
        "The loss followed a winter with little snow and a hot summer, scientists said on "
        "Thursday. In 2022 the glaciers lost a record 6 percent.",
        '"Preserving the glaciers is no longer possible," said Matthias Huss, head of GLAMOS.',
        "The network measures about 180 glaciers across the country.",
    ]


# ---------------------------------------------------------------------------- invariants

LINE_POOL = [
    "Home", "Share this article", "By Jane Smith", "March 5, 2024", "Getty Images",
    "Related articles", "Comments", "Want to read more?", "Subscribe for full access.",
    "The Authors", "Conclusion", "Read more: Other story here",
    "The council approved the plan on Tuesday by a vote of seven to two.",
    "Critics said the cost, estimated at $45 million, was too high for the town.",
    "\u201cWe will build it,\u201d the mayor said.\u00a0 ",
    "He refused.", "   indented line with trailing space   ", "\t", "",
]


@given(
    st.lists(
        st.one_of(st.sampled_from(LINE_POOL), st.text(max_size=60)),
        min_size=1,
        max_size=30,
    )
)
@settings(max_examples=150, deadline=None)
def test_clean_invariants(lines):
    text = "\n".join(lines)
    article = clean(raw(text))
    body = article.body
    assert body == body.strip()
    assert "\n\n\n" not in body
    for paragraph in body.split("\n\n"):
        if body:
            assert paragraph.strip()
        assert "\n" not in paragraph.strip("\n") or all(
            line == line.rstrip() for line in paragraph.split("\n"))
        # Body text is source text: nothing rewritten, only trimmed and unwrapped.
        source_words = " ".join(text.split())
        assert " ".join(paragraph.split()) in source_words
    assert clean(raw(text)) == article


def test_body_sentences_that_resemble_furniture_are_kept():
    sentences = [
        "Reporting by the Times showed that the contracts were never signed.",
        "Research by the university found that rents rose 12 percent.",
        "Copyright law was changed in 1998 to extend protection by 20 years.",
        "Support rose to 41 percent, according to a Reuters/Ipsos poll conducted last week.",
        "Advertisement spending rose 5 percent in the first quarter, the group said.",
        "Ad-hoc committees will review the plan before the end of the year.",
        "He said the photo by the agency had been altered before publication.",
        "By the end of the year, prices had doubled, according to the statistics office.",
        "Getty Images said on Monday it would cut 200 jobs.",
        "He told Reuters.",
    ]
    text = "Rules that must not misfire\n\n" + "\n\n".join(sentences)
    article = clean(raw(text))
    assert article.body.split("\n\n") == sentences
    assert article.authors == []


BODY = (
    "The council approved the harbour redevelopment plan on Tuesday by a vote of seven to "
    "two, ending a debate that had lasted almost three years."
)


@pytest.mark.parametrize(
    ("head", "title", "publication"),
    [
        # site name, then the headline; the site name also closes the page
        ("The Coastal Herald\n\nHarbour plan approved\n\n", "Harbour plan approved",
         "The Coastal Herald"),
        # headline and subtitle (no full stop) in one block
        ("Harbour plan approved\nCouncil votes after a three-year debate\n\n",
         "Harbour plan approved", None),
        # Title Case headline, sentence subtitle
        ("Harbour Plan Approved\nThe vote ends a three-year debate.\n\n",
         "Harbour Plan Approved", None),
        # breadcrumb and menu bar before the headline
        ("Home \u203a News \u203a Local\nHome | Sport | Business | Weather\n\n"
         "Harbour plan approved after long debate\n\n",
         "Harbour plan approved after long debate", None),
    ],
)
def test_title_and_publication_guesses(head, title, publication):
    tail = "\n\nThe Coastal Herald\n" if publication else "\n"
    article = clean(raw(head + BODY + tail))
    assert article.title == title
    assert article.publication == publication
    assert article.body == BODY


@pytest.mark.parametrize(
    "credit",
    [
        "Scott Olson via Getty Images.",
        "Jane Doe/AFP via Getty Images",
        "Carlos Barria / Reuters.",
        "(AP Photo/Kim Lee, File)",
        "Associated Press, Dake Kang",
        "A crowd gathers outside the court on Monday. Photo: Marco Rossi/Keystone",
        "Image credit: Wikimedia Commons",
        "The mayor opened the bridge to traffic on Friday. Reuters/Ana Silva",
        "SCOTT OLSON VIA GETTY IMAGES",
    ],
)
def test_photo_credits_dropped_from_body(credit):
    first = "The court ruled on Monday that the law was unconstitutional, lawyers said."
    second = "The government said it would appeal the decision within 30 days."
    article = clean(raw(f"Court strikes down law\n\n{first}\n\n{credit}\n\n{second}\n"))
    assert article.body == f"{first}\n\n{second}"


BROADCASTER_PAGE = """\
Skip to content
Home
News
Sport
Weather

HOSPITAL WAITING LISTS FALL FOR FIRST TIME IN TWO YEARS

Published
3 hours ago

Share
Save

Health correspondent Tom Hale

Image source, Getty Images
Image caption, Ambulances queue outside an emergency department in March

The number of people waiting for hospital treatment in England has fallen for the first time \
in two years, official figures show.

The waiting list stood at 7.5 million in September, down from 7.6 million in August, according \
to NHS England.

Advertisement

Health Secretary Jo Park said the fall was "a sign that the plan is working".

Related Topics
Hospitals
NHS

More on this story
Waiting lists hit record high
"""


def test_broadcaster_page():
    article = clean(raw(BROADCASTER_PAGE))
    assert article.title == "HOSPITAL WAITING LISTS FALL FOR FIRST TIME IN TWO YEARS"
    assert article.authors == ["Tom Hale"]
    paragraphs = article.body.split("\n\n")
    assert paragraphs[0].startswith("The number of people waiting for hospital treatment")
    assert paragraphs[-1] == (
        'Health Secretary Jo Park said the fall was "a sign that the plan is working".'
    )
    assert len(paragraphs) == 3
    for furniture in ("Image", "Getty", "Advertisement", "Related", "record high", "Share",
                      "hours ago"):
        assert furniture not in article.body, furniture


def test_several_bylines():
    text = (
        "Talks collapse\n\nBy Jane Smith\nBy John Doe\nMay 2, 2024\n\n"
        "Talks between the two unions collapsed on Thursday, both sides said."
    )
    article = clean(raw(text))
    assert article.authors == ["Jane Smith", "John Doe"]
    assert article.published == "2024-05-02"
    assert article.body == "Talks between the two unions collapsed on Thursday, both sides said."


def test_explain_lists_every_line_with_its_fate(seed_text):
    from claimtrack.cleaning import explain

    report = explain(raw(seed_text))
    kinds = dict((text, kind) for kind, text in report)
    assert kinds["The Diplomat"] == "short"
    assert kinds["Kazakhstan\u2019s Xinjiang Dilemma"] == "title"
    assert kinds["Associated Press, Dake Kang"] == "credit"
    assert kinds["By Nazira Kozhanova"] == "byline"
    assert kinds["Conclusion"] == "short"
    assert kinds["The Authors"] == "end"
    assert kinds["Want to read more?"] == "end"
    body = [text for kind, text in report if kind == "body"]
    assert "\n\n".join(body) == clean(raw(seed_text)).body


def test_publication_from_copyright_line_only():
    text = (
        "Harbour plan approved after long debate\n\n" + BODY + "\n\n"
        "Section 230(c) of the act was not at issue, the judge said.\n\n"
        "Copyright 2024 The Coastal Herald. All rights reserved.\n"
    )
    article = clean(raw(text))
    assert article.publication == "The Coastal Herald"
    assert "Copyright" not in article.body
    no_footer = clean(raw(text.rsplit("Copyright", 1)[0]))
    assert no_footer.publication is None
    assert no_footer.body.endswith("the judge said.")


def test_trailing_headline_links_are_not_body():
    text = (
        "Harbour plan approved after long debate\n\n" + BODY + "\n\n"
        "Leads\nIs the Harbour Plan Worth the Money?\nLeads\nWhat Happens to the Old Pier?\n"
    )
    article = clean(raw(text))
    assert article.body == BODY


def test_one_paragraph_per_line_is_split_into_paragraphs():
    lines = [
        "The council met on Tuesday to discuss the harbour plan in detail.",
        "Mayor Ann Lee said the project would create 400 jobs.",
        "Critics said the cost, estimated at $45 million, was far too high for the town.",
    ]
    article = clean(raw("Harbour plan debated\n\n" + "\n".join(lines) + "\n"))
    assert article.body.split("\n\n") == lines


@pytest.mark.parametrize("line", [
    "The mayor opened the bridge to traffic on Friday. Reuters/Ana Silva",
    "Jane Doe/AFP via Getty Images", "Carlos Barria / Reuters.", "(AP Photo/Kim Lee, File)",
    "Scott Olson via Getty Images.", "SCOTT OLSON VIA GETTY IMAGES",
])
def test_every_credit_tail_has_the_hint_the_long_pattern_waits_for(line):
    # The long credit_tail_pattern runs only on lines CREDIT_TAIL_HINT_RE finds.
    from claimtrack.cleaning.lexicon import CREDIT_TAIL_HINT_RE, lexicon

    assert lexicon().credit_tail_pattern.search(line)
    assert CREDIT_TAIL_HINT_RE.search(line)
