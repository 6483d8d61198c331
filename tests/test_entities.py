"""Entities: label fixes from context and canonical names within and across documents."""

import pytest

from claimtrack.name_index import CanonicalIndex
from claimtrack.nlp.entities import canonical_map, same_name_word, strip_name
from conftest import annotate


def entities(nlp, text):
    return annotate(nlp, text, "ct_entities")


def labels_of(found, text):
    return {e["label"] for e in found if e["text"] == text}


def canonicals_of(found, text):
    return {e["canonical"] for e in found if e["text"] == text}


@pytest.fixture(scope="module")
def seed_entities(nlp, seed_body):
    return entities(nlp, seed_body)


# ---------------------------------------------------------------- name comparison


def test_same_name_word_accepts_slips_and_rejects_feminine_forms():
    assert same_name_word("Nazarbayev", "Nazarvbayev")  # insertion
    assert same_name_word("Nazarbayev", "Nazrabayev")  # transposition
    assert not same_name_word("Nazarbayev", "Nazarbayeva")  # a different person
    assert not same_name_word("Ivanov", "Ivanova")
    assert not same_name_word("Kowalski", "Kowalska")
    assert not same_name_word("Smith", "Smyth2")
    assert not same_name_word("Lee", "Lea")  # too short to guess


def test_strip_name():
    assert strip_name("Nazarbayev’s") == "Nazarbayev"
    assert strip_name("the Soviet Union") == "Soviet Union"
    assert strip_name("“Ata Zhurt”") == "Ata Zhurt"


# ---------------------------------------------------------------- label fixes


def test_nationality_adjective_is_norp(nlp):
    found = entities(nlp, "The Kazakh government denied it. Kazakh courts refused. "
                          "Uyghurs and Kazakhs were detained.")
    assert labels_of(found, "Kazakh") == {"NORP"}
    assert labels_of(found, "Uyghurs") == {"NORP"}
    assert labels_of(found, "Kazakhs") == {"NORP"}


def test_surname_labelled_org_elsewhere_is_person(nlp):
    found = entities(nlp, "Nursultan Nazarbayev resigned in March. Nazarbayev will retain "
                          "power. Critics say Nazarbayev still rules.")
    assert labels_of(found, "Nazarbayev") == {"PERSON"}
    assert canonicals_of(found, "Nazarbayev") == {"Nursultan Nazarbayev"}


def test_possessive_is_stripped_and_split(nlp):
    found = entities(nlp, "Kassym-Jomart Tokayev spoke. Tokayev’s announcement came in April. "
                          "Nicholas Bequelin spoke to The Intercept’s Mehdi Hasan last August.")
    assert "Tokayev’s" not in {e["text"] for e in found}
    assert canonicals_of(found, "Tokayev") == {"Kassym-Jomart Tokayev"}
    assert labels_of(found, "Mehdi Hasan") == {"PERSON"}


def test_organisation_named_in_apposition_is_org(nlp):
    found = entities(nlp, "Publicity grew with the work of a new organization, Ata Zhurt. "
                          "Ata Zhurt founder Serikzhan Bilash was warned. "
                          "His applications to register Ata Zhurt were denied.")
    assert labels_of(found, "Ata Zhurt") == {"ORG"}
    assert labels_of(found, "Serikzhan Bilash") == {"PERSON"}


def test_number_label_on_a_place_name(nlp):
    found = entities(nlp, "Following the suppression of protests in Zhanaozen in 2011, the "
                          "government changed course.")
    assert labels_of(found, "Zhanaozen") <= {"GPE"}


# ---------------------------------------------------------------- canonical names in a doc


def test_misspellings_reorderings_surnames_share_canonical(seed_entities):
    nazarbayev = {e["canonical"] for e in seed_entities
                  if e["text"] in {"Nazarbayev", "Nazarvbayev", "Nazrabayev",
                                   "Nursultan Nazarvbayev"}}
    assert nazarbayev == {"Nursultan Nazarbayev"}
    bilash = {e["canonical"] for e in seed_entities
              if e["text"] in {"Bilash", "Serikzhan Bilash", "Bilash Serikzhan"}}
    assert bilash == {"Serikzhan Bilash"}
    assert canonicals_of(seed_entities, "Tokayev") == {"Kassym-Jomart Tokayev"}


def test_feminine_surname_stays_a_different_person(seed_entities):
    assert canonicals_of(seed_entities, "Nazarbayeva") == {"Dariga Nazarbayeva"}
    assert canonicals_of(seed_entities, "Dariga Nazarbayeva") == {"Dariga Nazarbayeva"}


def test_acronym_shares_canonical_with_its_expansion(seed_entities):
    assert canonicals_of(seed_entities, "BRI") == {"Belt and Road Initiative"}
    assert labels_of(seed_entities, "BRI") == labels_of(seed_entities,
                                                       "Belt and Road Initiative")


def test_seed_label_fixes(seed_entities):
    assert labels_of(seed_entities, "Kazakh") == {"NORP"}
    assert labels_of(seed_entities, "Nazarbayev") == {"PERSON"}
    assert labels_of(seed_entities, "Sauytbay") == {"PERSON"}
    assert labels_of(seed_entities, "Sairagul Sauytbay") == {"PERSON"}
    assert labels_of(seed_entities, "Ata Zhurt") == {"ORG"}
    assert "Neither Tokayev" not in {e["text"] for e in seed_entities}


def test_two_people_sharing_a_surname_stay_apart(nlp):
    found = entities(nlp, "John Smith met Mary Smith in London. John Smith said the talks "
                          "went well, and Mary Smith agreed.")
    assert canonicals_of(found, "John Smith") == {"John Smith"}
    assert canonicals_of(found, "Mary Smith") == {"Mary Smith"}


# ---------------------------------------------------------------- across articles


def people(*names):
    return [(n, "PERSON") for n in names]


def test_canonical_map_across_articles():
    known = people("Nursultan Nazarbayev", "Dariga Nazarbayeva", "John Smith",
                   "Serikzhan Bilash") + [("Human Rights Watch", "ORG")]
    names = people("Nursultan Nazarvbayev", "Nazarbayeva", "Jane Smith", "Bilash Serikzhan",
                   "nursultan nazarbayev", "Kassym-Jomart Tokayev") + [("HRW", "ORG")]
    mapped = {name: canonical for (name, _), canonical in canonical_map(names, known).items()}
    assert mapped["Nursultan Nazarvbayev"] == "Nursultan Nazarbayev"
    assert mapped["nursultan nazarbayev"] == "Nursultan Nazarbayev"
    assert mapped["Nazarbayeva"] == "Dariga Nazarbayeva"
    assert mapped["HRW"] == "Human Rights Watch"
    assert mapped["Jane Smith"] == "Jane Smith"  # shares a surname only
    assert mapped["Bilash Serikzhan"] == "Serikzhan Bilash"
    assert mapped["Kassym-Jomart Tokayev"] == "Kassym-Jomart Tokayev"
    assert canonical_map([], known) == {}


def test_canonical_map_surnames_acronyms_and_namesakes():
    known = people("Nursultan Nazarbayev", "Jane Smith", "Donald Trump", "George W. Bush") + [
        ("Human Rights Watch", "ORG")]
    names = people("Nazarbayev", "Nazarbayeva", "John Smith", "Donald J. Trump",
                   "George H.W. Bush") + [("HRW", "ORG")]
    mapped = {name: canonical for (name, _), canonical in canonical_map(names, known).items()}
    assert mapped["Nazarbayev"] == "Nursultan Nazarbayev"  # the one known full name
    assert mapped["HRW"] == "Human Rights Watch"
    assert mapped["Nazarbayeva"] == "Nazarbayeva"  # feminine form: another person
    assert mapped["John Smith"] == "John Smith"  # a shared surname only
    assert mapped["Donald J. Trump"] == "Donald Trump"  # a middle initial on one side
    assert mapped["George H.W. Bush"] == "George H.W. Bush"  # different initials
    smiths = people("Jane Smith", "John Smith")
    assert canonical_map(people("Smith"), smiths) == {("Smith", "PERSON"): "Smith"}


def test_canonical_map_keeps_places_and_people_apart():
    known = people("Michael Jordan", "George Washington") + [("Georgia", "GPE")]
    names = [("Jordan", "GPE"), ("Washington", "GPE"), ("Jordan", "PERSON"),
             ("Washington", "PERSON"), ("Georgia", "PERSON")]
    assert canonical_map(names, known) == {
        ("Jordan", "GPE"): "Jordan", ("Washington", "GPE"): "Washington",
        ("Jordan", "PERSON"): "Michael Jordan", ("Washington", "PERSON"): "George Washington",
        ("Georgia", "PERSON"): "Georgia",  # a known place is no person's name
    }


def test_canonical_map_slips_stay_within_a_label_family():
    known = [("Kazakhstan", "GPE"), ("Human Rights Watch", "ORG")]
    names = [("Kazakstan", "GPE"), ("Kazakhstani", "NORP"), ("Human Rights Wacth", "ORG"),
             ("Human Rights Wacth", "WORK_OF_ART")]
    assert canonical_map(names, known) == {
        ("Kazakstan", "GPE"): "Kazakhstan",  # a slip in the country's name
        ("Kazakhstani", "NORP"): "Kazakhstani",  # a nationality is not the country
        ("Human Rights Wacth", "ORG"): "Human Rights Watch",
        ("Human Rights Wacth", "WORK_OF_ART"): "Human Rights Wacth",
    }


def test_canonical_map_acronyms_both_ways_and_only_between_organisations():
    assert canonical_map([("Human Rights Watch", "ORG")], [("HRW", "ORG")]) == {
        ("Human Rights Watch", "ORG"): "HRW"}
    assert canonical_map([("HRW", "ORG")], [("Human Rights Watch", "ORG")]) == {
        ("HRW", "ORG"): "Human Rights Watch"}
    assert canonical_map([("U.N.", "ORG")], [("United Nations", "ORG")]) == {
        ("U.N.", "ORG"): "United Nations"}
    # A person's initials are not an acronym of them, nor a person of an organisation's.
    assert canonical_map([("JS", "ORG")], people("John Smith")) == {("JS", "ORG"): "JS"}
    assert canonical_map(people("Hillary Rodham Watson"), [("HRW", "ORG")]) == {
        ("Hillary Rodham Watson", "PERSON"): "Hillary Rodham Watson"}
    # Two known names with the same initials: no guess.
    assert canonical_map([("NRA", "ORG")], [("National Rifle Association", "ORG"),
                                            ("National Recovery Administration", "ORG")]) == {
        ("NRA", "ORG"): "NRA"}


def test_canonical_map_feminine_surnames_and_titles():
    known = people("Jan Kowalski", "Maria Ivanova")
    mapped = canonical_map(people("Anna Kowalska", "Kowalska", "Ivanov", "Sen. Jan Kowalski"),
                           known)
    assert mapped[("Anna Kowalska", "PERSON")] == "Anna Kowalska"
    assert mapped[("Kowalska", "PERSON")] == "Kowalska"
    assert mapped[("Ivanov", "PERSON")] == "Ivanov"
    assert mapped[("Sen. Jan Kowalski", "PERSON")] == "Jan Kowalski"  # a title is no name


def test_canonical_map_keeps_an_honorific_apart():
    # "Mrs Mwangi" stayed apart from "Daniel Mwangi" in her article: not merged here either;
    # a title that is no honorific still falls away.
    known = people("Daniel Mwangi", "Mrs Mwangi")
    mapped = canonical_map(people("Mrs Mwangi", "Mrs Osei", "President Mwangi"),
                           known + people("Kwame Osei"))
    assert mapped[("Mrs Mwangi", "PERSON")] == "Mrs Mwangi"
    assert mapped[("Mrs Osei", "PERSON")] == "Mrs Osei"
    assert mapped[("President Mwangi", "PERSON")] == "Daniel Mwangi"


def test_canonical_map_index_is_kept_across_articles():
    index = CanonicalIndex(people("Nursultan Nazarbayev"))
    assert canonical_map(people("Nazarbayev"), index) == {
        ("Nazarbayev", "PERSON"): "Nursultan Nazarbayev"}
    index.add("Kassym-Jomart Tokayev", "PERSON")  # a later article's name
    assert canonical_map(people("Tokayev"), index) == {
        ("Tokayev", "PERSON"): "Kassym-Jomart Tokayev"}


def test_canonical_map_dates_match_only_exactly():
    known = [("March 2019", "DATE")]
    assert canonical_map([("March 2018", "DATE"), ("march 2019", "DATE")], known) == {
        ("March 2018", "DATE"): "March 2018", ("march 2019", "DATE"): "March 2019"}


# ---------------------------------------------------------------- rule names


def test_organisation_named_by_its_head_noun(seed_entities, nlp):
    assert labels_of(seed_entities, "Human Rights Watch") == {"ORG"}
    assert canonicals_of(seed_entities, "Human Rights Watch") == {"Human Rights Watch"}
    found = entities(nlp, "Stefan Larsen, of the Central and East European Coalition, said "
                          "the vote mattered. He studied at the Beijing Chinese Language "
                          "Institute.")
    assert labels_of(found, "Central and East European Coalition") == {"ORG"}
    assert labels_of(found, "the Beijing Chinese Language Institute") == {"ORG"}


def test_organisation_rule_keeps_other_names_apart(nlp):
    found = entities(nlp, "The Supreme Court on Monday refused to hear the case. The FBI and "
                          "Justice Department declined to comment. After the dissolution of "
                          "the Soviet Union, the Kremlin lost its grip.")
    texts = {e["text"] for e in found}
    assert "Supreme Court on Monday" not in texts
    assert "FBI and Justice Department" not in texts
    assert labels_of(found, "FBI") == {"ORG"}
    assert labels_of(found, "Justice Department") == {"ORG"}
    assert labels_of(found, "the Soviet Union") == {"GPE"}  # a place headed by "Union"


def test_publications_are_organisations(seed_entities, nlp):
    assert labels_of(seed_entities, "Foreign Policy") == {"ORG"}
    found = entities(nlp, "He told The Intercept that Politico and Axios were wrong, and "
                          "later said on Twitter that Reuters had it right.")
    for name in ("The Intercept", "Politico", "Axios", "Twitter", "Reuters"):
        assert labels_of(found, name) == {"ORG"}, name


def test_publication_names_that_are_common_phrases(nlp):
    found = entities(nlp, "Obama's Foreign Policy Legacy Is Under Attack\n\nHis foreign "
                          "policy was criticised. Michael Bloomberg said that Bloomberg would "
                          "not run.")
    assert not labels_of(found, "Foreign Policy")
    assert labels_of(found, "Bloomberg") == {"PERSON"}
    assert canonicals_of(found, "Bloomberg") == {"Michael Bloomberg"}


def test_publication_split_from_a_following_name(nlp):
    found = entities(nlp, "Donald Trump spoke on Friday. The Washington Post Trump said on "
                          "Monday that he would win.")
    assert "The Washington Post Trump" not in {e["text"] for e in found}
    assert labels_of(found, "The Washington Post") == {"ORG"}
    assert canonicals_of(found, "Trump") == {"Donald Trump"}


def test_programmes_are_org_and_acts_are_law(seed_entities, nlp):
    assert labels_of(seed_entities, "Belt and Road Initiative") == {"ORG"}
    assert labels_of(seed_entities, "BRI") == {"ORG"}
    found = entities(nlp, "The lawsuit cited the National Voter Registration Act. Reporters "
                          "filed requests under the Freedom of Information Act.")
    assert labels_of(found, "the National Voter Registration Act") == {"LAW"}
    assert labels_of(found, "the Freedom of Information Act") == {"LAW"}


def test_annexed_place_is_not_an_organisation(seed_entities, nlp):
    assert labels_of(seed_entities, "Crimea") == {"GPE"}
    found = entities(nlp, "Russia annexed Crimea in 2014. Critics say Clinton wants to "
                          "occupy the White House again.")
    assert labels_of(found, "Crimea") == {"GPE"}
    assert "GPE" not in labels_of(found, "the White House")


def test_person_before_campaign_or_spokesman_stays_a_person(nlp):
    found = entities(nlp, "Donald Trump spoke in Ohio. The Trump campaign said it would "
                          "respond. Hillary Clinton was in Iowa. Clinton spokesman Brian Fallon "
                          "said the Clinton campaign was ready.")
    assert labels_of(found, "Trump") == {"PERSON"}
    assert canonicals_of(found, "Trump") == {"Donald Trump"}
    assert labels_of(found, "Clinton") == {"PERSON"}
    assert canonicals_of(found, "Clinton") == {"Hillary Clinton"}


# ---------------------------------------------------------------- people in one document


def test_given_name_and_middle_initial_share_the_canonical(nlp):
    found = entities(nlp, "Donald J. Trump spoke first. Hillary Clinton replied. Trump said "
                          "Hillary was wrong. Donald Trump later left. Xi Jinping was in Beijing. "
                          "Xi met officials, and Xi spoke.")
    people = {e["text"]: e["canonical"] for e in found if e["label"] == "PERSON"}
    assert people["Donald J. Trump"] == people["Trump"] == people["Donald Trump"]
    assert canonicals_of(found, "Hillary") == {"Hillary Clinton"}
    assert canonicals_of(found, "Xi") == {"Xi Jinping"}


def test_ambiguous_surname_stays_itself(nlp):
    found = entities(nlp, "Bill Clinton spoke in Ohio. Hillary Clinton spoke in Iowa. Clinton "
                          "said the economy was strong.")
    assert canonicals_of(found, "Bill Clinton") == {"Bill Clinton"}
    assert canonicals_of(found, "Hillary Clinton") == {"Hillary Clinton"}
    assert canonicals_of(found, "Clinton") == {"Clinton"}


def test_surname_keeps_naming_the_person_it_named_first(nlp):
    found = entities(nlp, "Ted Cruz endorsed the nominee. Cruz said he had no choice. His wife "
                          "Heidi Cruz agreed. Cruz later told reporters he was at peace.")
    assert canonicals_of(found, "Cruz") == {"Ted Cruz"}
    assert canonicals_of(found, "Heidi Cruz") == {"Heidi Cruz"}


def test_two_word_surname_takes_the_full_name(nlp):
    found = entities(nlp, "Mexican President Enrique Peña Nieto met the candidate. Peña Nieto "
                          "later said the meeting was useful.")
    assert canonicals_of(found, "Peña Nieto") == {"Enrique Peña Nieto"}


def test_name_after_a_role_or_a_publication_is_a_person(nlp):
    found = entities(nlp, "The debate was guided by moderator Lester Holt. NBC's Lester Holt "
                          "asked about taxes, and Holt pressed the candidates. He spoke to "
                          "CNN's Washington Bureau on Monday.")
    assert labels_of(found, "Lester Holt") == {"PERSON"}
    assert canonicals_of(found, "Holt") == {"Lester Holt"}
    assert labels_of(found, "Washington Bureau") == {"ORG"}  # an organisation noun heads it
