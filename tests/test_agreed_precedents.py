"""Precedents as a negotiator reads them: the matches of a lookup by resolution, other
resolutions before the paragraph's own series, each with how it was adopted, the earliest and
latest use, what the lookup covers, and the list as citations to copy."""

import io

import pytest
from django.core.management import call_command

from resolutions.across.series import link_versions
from resolutions.models import Resolution, ResolutionText
from tests.library_rows import make

TITLE = "Trafficking in women and girls"
SHARED = (
    "Urges Governments to strengthen measures to address the root causes, including external "
    "factors, that make women and girls vulnerable to trafficking, such as poverty;"
)
FRENCH = (
    "Exhorte les gouvernements à renforcer les mesures visant à éliminer les causes profondes "
    "qui rendent les femmes et les filles vulnérables à la traite;"
)


@pytest.fixture
def library(db):
    make("A/RES/75/158", TITLE, [("op1", SHARED)], vote_outcome="without vote")
    make(
        "A/RES/77/194",
        TITLE,
        [("op1", "Takes note of the report;"), ("op2", SHARED)],
        french={"op2": FRENCH},
        recalls=["A/RES/75/158"],
        vote_outcome="recorded",
        votes_in_favour=166,
        votes_against=3,
        votes_abstaining=15,
    )
    make("A/RES/76/10", "Rural women", [("op1", "Welcomes the report;"), ("op2", SHARED)])
    make("A/RES/78/1", "Migrant workers", [("op5", SHARED)], vote_outcome="without vote")
    make(
        "A/RES/79/154",
        TITLE,
        [("op1", SHARED)],
        french={"op1": FRENCH},
        recalls=["A/RES/77/194"],
    )
    for symbol in ("A/RES/77/194", "A/RES/79/154"):
        ResolutionText.objects.create(
            resolution=Resolution.objects.get(symbol=symbol),
            language="fr",
            title="Traite des femmes et des filles",
        )
    link_versions()
    call_command("index_wording", stdout=io.StringIO())


URL = "/resolutions/A/RES/79/154/op1/agreed/"


def test_other_resolutions_come_before_the_paragraph_s_own_series_each_with_its_adoption(
    client, library
):
    html = client.get(URL).content.decode()
    others = html.index("In other resolutions")
    series = html.index("In the versions of A/RES/79/154")
    assert others < html.index("A/RES/78/1, operative paragraph 5") < series
    assert others < html.index("A/RES/76/10, operative paragraph 2") < series
    assert series < html.index("A/RES/77/194, operative paragraph 2")
    assert series < html.index("A/RES/75/158, operative paragraph 1")
    assert "by a recorded vote of 166 to 3, with 15 abstentions" in html
    assert "without a vote" in html
    # The earliest and the latest use are said before the list.
    span = html.index("Earliest:")
    assert span < others
    assert "Earliest: <a" in html and "A/RES/75/158</a> (17 December 2020)" in html
    assert "Latest: <a" in html and "A/RES/78/1</a> (17 December 2023)" in html


def test_the_sought_paragraph_is_quoted_once_and_short(client, library):
    html = client.get(URL).content.decode()
    assert "A/RES/79/154, operative paragraph 1</a>" not in html
    # Its first words above the results; the rest behind a disclosure.
    summary = html[html.index('<details class="agreed-sought">') : html.index("</summary>")]
    assert "Urges Governments to strengthen measures" in summary
    assert summary.endswith(" …</span>")
    assert "such as poverty" not in summary


def test_the_citations_are_listed_oldest_first_ready_to_copy(client, library):
    html = client.get(URL).content.decode()
    assert (
        "General Assembly resolution 75/158, para. 1; General Assembly resolution 76/10, "
        "para. 2; General Assembly resolution 77/194, para. 2; General Assembly resolution "
        "78/1, para. 5</textarea>"
    ) in html
    assert "Copy citations" in html


def test_the_lookup_says_which_sessions_its_language_covers(client, library):
    english = client.get(URL).content.decode()
    assert "Looked up in English: sessions 79 (1), 78 (1), 77 (1), 76 (1), 75 (1)." in english
    # Asked in French, the page speaks French around the text too.
    french = client.get(URL, {"lang": "fr"}).content.decode()
    assert (
        "Recherché en Français : sessions 79 (1), 77 (1), parmi les sessions 79, 78, 77, 76, 75 "
        "que contient la bibliothèque."
    ) in french
    assert '<a href="/resolutions/A/RES/79/154/op1/agreed/?lang=en"' in french
    ResolutionText.objects.filter(resolution__symbol="A/RES/79/154").delete()
    french = client.get(URL, {"lang": "fr"}).content.decode()
    assert (
        "Recherché en Français : session 77 seulement (1 résolution), parmi les sessions" in french
    )


def test_a_phrase_shows_itself_once_and_groups_its_matches(client, library):
    html = client.get(URL, {"q": "address the root causes, including external factors"}).content
    html = html.decode()
    assert "Sought: <q" in html and "(from operative paragraph 1)" in html
    assert "In other resolutions" in html and "In the versions of A/RES/79/154" in html


def test_the_agreed_page_makes_a_fixed_number_of_queries(
    client, library, django_assert_num_queries
):
    # The paragraph, its text, the lookup, the matches and their texts, the series before and
    # after it, the sessions of each language, and the session's own reads.
    with django_assert_num_queries(10):
        assert client.get(URL).status_code == 200
