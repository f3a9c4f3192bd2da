"""Votes a person can read: the tally at a glance, the States by the UN's regional groups with
those absent or not voting, the changes since the previous version folded; a State's votes
paged and filtered, with its votes against the majority marked; two States side by side."""

import re

import pytest

from resolutions.across.series import link_versions
from resolutions.browse import regions
from resolutions.ingest.writer import _sync_votes
from resolutions.models import MemberState, Vote
from resolutions.parsing.model import ParsedVotes
from tests.library_rows import make, subject, vote

TITLE = "Unilateral economic measures"


def html_of(response):
    return response.content.decode()


def text_of(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def voted(db):
    older = make("A/RES/77/200", TITLE, [("op1", "Urges;")])
    vote(older, in_favour=["GHANA", "CHILE", "UNITED STATES"], against=["ISRAEL"])
    newer = make(
        "A/RES/79/300", TITLE, [("pp1", "Recalling its resolution 77/200,"), ("op1", "Urges;")],
        recalls=["A/RES/77/200"],
    )  # fmt: skip
    vote(
        newer,
        in_favour=["GHANA", "UNITED STATES"],
        against=["ISRAEL", "CHILE"],
        abstaining=["UKRAINE"],
    )
    link_versions()
    return older, newer


# --- The vote block on the reader ---------------------------------------------------------------


def test_the_regional_groups_hold_the_193_members_each_once():
    members = [m for g in regions.groups() for m in g.members]
    assert len(members) == len(set(members)) == regions.member_count() == 193
    assert [g.name for g in regions.groups()] == [
        "African States",
        "Asia-Pacific States",
        "Eastern European States",
        "Latin American and Caribbean States",
        "Western European and other States",
    ]
    assert regions.group_of("KIRIBATI").name == "Asia-Pacific States"
    assert regions.group_of("United States").name == "Western European and other States"
    assert regions.group_of("TURKEY").name == "Western European and other States"
    assert regions.group_of("ISRAEL").name == "Western European and other States"


def test_the_tally_gives_each_count_in_words_beside_the_bar(client, voted):
    html = html_of(client.get("/resolutions/A/RES/79/300/"))
    legend = text_of(html[html.index('<ul class="tally-legend"') :].split("</ul>")[0])
    assert legend == "2 in favour 2 against 1 abstaining 188 absent or not voting"
    assert '<svg class="tally-bar"' in html and 'aria-hidden="true"' in html


def test_the_states_stand_in_their_regional_groups_with_those_not_voting(client, voted):
    html = html_of(client.get("/resolutions/A/RES/79/300/"))
    detail = html[html.index('<details class="vote-detail">') :].split("</details>")[0]
    text = text_of(detail)
    assert "African States (54) In favour (1): Ghana Absent or not voting (53):" in text
    western = text[text.index("Western European and other States") :]
    assert western.startswith(
        "Western European and other States (29) In favour (1): United States Against (1): Israel"
    )
    asia = text[text.index("Asia-Pacific States") : text.index("Eastern European States")]
    assert "Kiribati" in asia
    # A State the library has a page for is a link; the others are names.
    assert '<a href="/states/chile/">Chile</a>' in detail


def test_the_changes_since_the_previous_version_wait_until_asked_for(client, voted):
    html = html_of(client.get("/resolutions/A/RES/79/300/"))
    changes = html[html.index('<details class="vote-changes">') :].split("</details>")[0]
    assert "<summary>1 State voted otherwise this time</summary>" in changes
    assert "Chile</a> (in favour → against)" in changes
    # Folded: the list is inside a closed disclosure, not above the preamble.
    assert '<details class="vote-changes" open' not in html
    assert html.index("vote-changes") < html.index('id="pp1"')


def test_a_vote_without_recorded_states_shows_no_region_lists(client, db):
    resolution = make("A/RES/79/5", "Counts only", [("op1", "Decides;")])
    resolution.vote_outcome = "recorded"
    resolution.votes_in_favour, resolution.votes_against, resolution.votes_abstaining = 100, 2, 3
    resolution.save()
    html = html_of(client.get("/resolutions/A/RES/79/5/"))
    assert "absent or not voting" not in html
    assert "100 in favour" in html


def test_the_records_many_spellings_of_a_state_are_one_state(db):
    first = make("A/RES/75/1", "One", [("op1", "Decides;")])
    second = make("A/RES/79/1", "Two", [("op1", "Decides;")])
    _sync_votes(first, ParsedVotes("recorded", ["TURKEY"], [], []))
    _sync_votes(second, ParsedVotes("recorded", ["TÜRKİYE", "NETHERLANDS"], [], []))
    assert sorted(MemberState.objects.values_list("name", flat=True)) == [
        "NETHERLANDS (KINGDOM OF THE)",
        "TÜRKIYE",
    ]
    assert Vote.objects.filter(state__name="TÜRKIYE").count() == 2


# --- A State's page -----------------------------------------------------------------------------


@pytest.fixture
def many_votes(db):
    """Ghana in 60 recorded votes of session 70, against the majority on every fifth; and one
    vote of session 71 under an SDG."""
    for n in range(1, 61):
        resolution = make(f"A/RES/70/{n}", f"Title {n}", [("op1", "Decides;")])
        if n % 5 == 0:
            vote(resolution, in_favour=["CHILE", "BRAZIL"], against=["GHANA"])
        else:
            vote(resolution, in_favour=["GHANA", "CHILE"], abstaining=["BRAZIL"])
    later = make("A/RES/71/1", "Oceans", [("op1", "Decides;")])
    vote(later, in_favour=["GHANA"])
    subject(later, "SDG", "SDG 14", "sdg-14")


def test_a_state_s_votes_come_fifty_to_a_page_newest_first(client, many_votes):
    html = html_of(client.get("/states/ghana/"))
    assert (
        "61 recorded votes: 49 in favour, 12 against, 0 abstaining. 12 against the majority."
        in (text_of(html))
    )
    assert html.count("<tr") == 51  # the head and 50 votes
    assert html.index("A/RES/71/1<") < html.index("A/RES/70/60<")
    assert "Page 1 of 2" in html
    second = html_of(client.get("/states/ghana/", {"page": 2}))
    assert second.count("<tr") == 12 and "A/RES/70/1<" in second


def test_a_vote_against_the_majority_is_marked_in_words(client, many_votes):
    html = html_of(client.get("/states/ghana/", {"session": 70}))
    row = html[html.index("A/RES/70/60<") :].split("</tr>")[0]
    assert 'Against <strong class="majority-flag">against the majority</strong>' in row
    row = html[html.index("A/RES/70/59<") :].split("</tr>")[0]
    assert "against the majority" not in row


def test_a_state_s_votes_filter_by_vote_and_subject_and_pages_keep_them(client, many_votes):
    html = html_of(client.get("/states/ghana/", {"vote": "against_majority"}))
    assert "Showing 12 against the majority." in html
    assert html.count("majority-flag") == 12
    html = html_of(client.get("/states/ghana/", {"vote": "in_favour", "session": 70}))
    assert "Showing 48 in favour." in html and html.count("<tr") == 49
    html = html_of(client.get("/states/ghana/", {"session": 70}))
    assert 'href="?session=70&amp;page=2"' in html
    html = html_of(client.get("/states/ghana/", {"subject": "sdg-14"}))
    assert "1 recorded vote on Goal 14: Life below water" in html
    assert '<option value="sdg-14" selected>Goal 14: Life below water</option>' in html


def test_a_state_s_page_makes_as_many_queries_for_sixty_votes_as_for_one(
    client, db, django_assert_num_queries
):
    only = make("A/RES/69/1", "First", [("op1", "Decides;")])
    vote(only, in_favour=["GHANA"])
    # The State; its sessions, its subjects; the tally (which counts the pages too); the page.
    with django_assert_num_queries(5):
        client.get("/states/ghana/")
    for n in range(1, 61):
        resolution = make(f"A/RES/70/{n}", f"Title {n}", [("op1", "Decides;")])
        vote(resolution, in_favour=["GHANA"], against=["CHILE"])
        subject(resolution, "EuroVoc", f"Term {n}", f"eurovoc-{n}")
    with django_assert_num_queries(5):
        html = html_of(client.get("/states/ghana/", {"vote": "in_favour"}))
    assert "0 against the majority" in html and "Showing 61 in favour." in html
    with django_assert_num_queries(5):
        html = html_of(client.get("/states/ghana/", {"page": "2", "session": "70"}))
    assert "Page 2 of 2" in html


def test_htmx_gets_the_page_of_votes_alone(client, many_votes):
    response = client.get("/states/ghana/", {"page": 2}, HTTP_HX_REQUEST="true")
    html = html_of(response)
    assert "<h1>" not in html and "Page 2 of 2" in html


# --- Two States side by side --------------------------------------------------------------------


def test_two_states_compared_say_how_often_they_voted_alike(client, many_votes):
    html = html_of(client.get("/states/compare/", {"a": "ghana", "b": "chile"}))
    assert "<h1>Ghana and Chile</h1>" in html
    assert (
        "On 60 recorded votes both cast, they voted alike 48 times (80%) and differently 12 times."
        in html
    )
    table = html[html.index("<h2>Where they differed</h2>") :]
    assert "A/RES/70/60<" in table and "A/RES/70/59<" not in table
    row = table[table.index("A/RES/70/60<") :].split("</tr>")[0]
    assert "A/RES/70/60 Against In favour Title 60" in text_of(row)


def test_the_comparison_pages_and_keeps_its_states_and_session(client, db):
    for n in range(1, 56):
        resolution = make(f"A/RES/70/{n}", f"Title {n}", [("op1", "Decides;")])
        vote(resolution, in_favour=["GHANA"], against=["CHILE"])
    html = html_of(client.get("/states/compare/", {"a": "ghana", "b": "chile"}))
    assert "Page 1 of 2" in html
    assert 'href="?a=ghana&amp;b=chile&amp;page=2"' in html
    assert "differently 55 times" in html


def test_a_comparison_makes_as_many_queries_for_many_votes(client, db, django_assert_num_queries):
    first = make("A/RES/69/1", "First", [("op1", "Decides;")])
    vote(first, in_favour=["GHANA"], against=["CHILE"])
    # The States; the sessions both voted in; the counts; the count and page of differences.
    with django_assert_num_queries(5):
        client.get("/states/compare/", {"a": "ghana", "b": "chile"})
    for n in range(1, 80):
        resolution = make(f"A/RES/70/{n}", f"Title {n}", [("op1", "Decides;")])
        vote(resolution, in_favour=["GHANA", "CHILE"])
    with django_assert_num_queries(5):
        html = html_of(client.get("/states/compare/", {"a": "ghana", "b": "chile"}))
    assert "alike 79 times" in html


@pytest.mark.parametrize(
    "query, message",
    [
        ({"a": "ghana", "b": "ghana"}, "Choose two different States."),
        ({"a": "ghana", "b": "atlantis"}, "Choose two States the library has votes of."),
    ],
)
def test_a_comparison_that_cannot_be_made_says_why_and_keeps_the_choice(
    client, many_votes, query, message
):
    html = html_of(client.get("/states/compare/", query))
    assert message in html
    assert '<option value="ghana" selected>Ghana</option>' in html


def test_the_comparison_form_stands_alone_and_refuses_writes(client, many_votes):
    html = html_of(client.get("/states/compare/"))
    assert '<label for="compare-a">First State</label>' in html and 'role="alert"' not in html
    assert client.post("/states/compare/").status_code == 405
