"""How resolutions were adopted, Member States' votes, subjects, and a resolution downloaded as
JSON or Akoma Ntoso XML."""

import json
from xml.etree import ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resolutions.across.series import link_versions
from resolutions.browse.exports import AKN, AKN4UN
from tests.library_rows import make, subject, vote

TITLE = "Unilateral economic measures"


@pytest.fixture
def voted(db):
    older = make("A/RES/77/200", TITLE, [("pp1", "Recalling its resolutions,"), ("op1", "Urges;")])
    vote(older, in_favour=["Ghana", "Brazil", "Chile"], against=["Israel"], abstaining=["Ukraine"])
    newer = make(
        "A/RES/79/300",
        TITLE,
        [("pp1", "Recalling its resolution 77/200,"), ("op1", "Urges States;")],
        recalls=["A/RES/77/200"],
    )
    vote(newer, in_favour=["Ghana", "Brazil"], against=["Israel", "Chile"], abstaining=["Ukraine"])
    quiet = make("A/RES/79/301", "Oceans", [("op1", "Welcomes;")], vote_outcome="without vote")
    sdg = subject(newer, "SDG", "Goal 16: Peace, justice and strong institutions", "sdg-16")
    subject(older, "SDG", "Goal 16: Peace, justice and strong institutions", "sdg-16")
    subject(quiet, "UNBIS", "OCEANS", "unbis-oceans")
    link_versions()
    newer.refresh_from_db()
    return {"older": older, "newer": newer, "quiet": quiet, "sdg": sdg}


# --- On the reader ------------------------------------------------------------------------------


def test_the_reader_says_a_recorded_vote_with_its_counts_and_states(client, voted):
    html = client.get("/resolutions/A/RES/79/300/").content.decode()
    assert "Adopted by a recorded vote of 2 in favour to 2 against, with 1 abstention" in html
    assert 'aria-labelledby="region-4"' in html  # Latin American and Caribbean States
    assert '<strong>Against (1):</strong> <a href="/states/chile/">Chile</a></p>' in html
    assert '<strong>Against (1):</strong> <a href="/states/israel/">Israel</a></p>' in html


def test_the_reader_compares_the_vote_with_the_previous_version_s(client, voted):
    html = client.get("/resolutions/A/RES/79/300/").content.decode()
    assert "Previous version, A/RES/77/200: recorded vote, 3\u20131\u20131." in html
    assert "<summary>1 State voted otherwise this time</summary>" in html
    assert '<li><a href="/states/chile/">Chile</a> (in favour → against)</li>' in html


def test_the_reader_says_a_resolution_was_adopted_without_a_vote(client, voted):
    html = client.get("/resolutions/A/RES/79/301/").content.decode()
    assert "Adopted without a vote." in html


def test_a_resolution_whose_source_says_nothing_of_its_adoption_claims_nothing(client, db):
    make("A/RES/79/5", "Quiet", [("op1", "Welcomes;")])
    html = client.get("/resolutions/A/RES/79/5/").content.decode()
    assert "without a vote" not in html and "recorded vote" not in html


# --- Member States ------------------------------------------------------------------------------


def test_the_states_page_lists_every_state_with_its_recorded_votes(client, voted):
    html = client.get("/states/").content.decode()
    assert (
        '<a href="/states/ghana/">Ghana</a> <span class="muted">(2 recorded votes)</span>' in html
    )


def test_a_state_s_page_lists_its_votes_newest_first(client, voted):
    response = client.get("/states/chile/")
    html = response.content.decode()
    assert "<h1>Chile</h1>" in html
    assert "2 recorded votes: 1 in favour, 1 against, 0 abstaining." in html
    assert html.index("A/RES/79/300") < html.index("A/RES/77/200")


def test_a_state_s_votes_filter_by_session_and_subject(client, voted):
    html = client.get("/states/chile/", {"session": 77}).content.decode()
    assert "1 recorded vote in session 77: 1 in favour" in html
    assert "A/RES/79/300</a>" not in html
    html = client.get("/states/ghana/", {"subject": "sdg-16"}).content.decode()
    assert "2 recorded votes on Goal 16: Peace, justice and strong institutions" in html


def test_htmx_gets_the_votes_alone_and_unknown_filters_are_ignored(client, voted):
    response = client.get(
        "/states/chile/", {"session": "x", "subject": "nope"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<h1>" not in html and "2 recorded votes:" in html
    assert "HX-Request" in response["Vary"]


def test_an_unknown_state_is_not_found_and_a_post_refused(client, voted):
    assert client.get("/states/atlantis/").status_code == 404
    assert client.post("/states/chile/").status_code == 405


def test_a_state_s_page_makes_as_many_queries_for_many_votes(client, voted):
    with CaptureQueriesContext(connection) as few:
        client.get("/states/ghana/")
    for n in range(20):
        resolution = make(f"A/RES/70/{n + 1}", f"Title {n}", [("op1", "Decides;")])
        vote(resolution, in_favour=["Ghana"])
        subject(resolution, "EuroVoc", f"Term {n}", f"eurovoc-{n}")
    with CaptureQueriesContext(connection) as many:
        assert "22 recorded votes" in client.get("/states/ghana/").content.decode()
    assert len(many) == len(few)


# --- Subjects -----------------------------------------------------------------------------------


def test_the_subjects_page_groups_them_by_scheme(client, voted):
    html = client.get("/subjects/").content.decode()
    assert '<h2 id="scheme-1">SDG, assigned automatically by the UN</h2>' in html
    assert '<a href="/subjects/sdg-16/">Goal 16: Peace, justice and strong institutions</a>' in html
    assert '<span class="muted">(2)</span>' in html
    assert "UNBIS Thesaurus, assigned automatically with the SDGs" in html


def test_a_subject_s_page_lists_its_resolutions_newest_first(client, voted):
    html = client.get("/subjects/sdg-16/").content.decode()
    assert "2 resolutions" in html
    assert html.index("A/RES/79/300") < html.index("A/RES/77/200")
    assert "A/RES/79/301" not in html


def test_an_unknown_subject_is_not_found(client, voted):
    assert client.get("/subjects/nothing/").status_code == 404


# --- Downloads ----------------------------------------------------------------------------------


def test_the_json_download_has_the_paragraphs_versions_and_votes(client, voted):
    response = client.get("/resolutions/A/RES/79/300/download.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content)
    assert data["symbol"] == "A/RES/79/300" and data["title"] == TITLE
    assert data["adopted"] == "2024-12-17" and data["language"] == "en"
    assert [p["id"] for p in data["paragraphs"]] == ["pp1", "op1"]
    assert data["paragraphs"][0] == {
        "id": "pp1",
        "kind": "preambular",
        "text": "Recalling its resolution 77/200,",
        "footnotes": [],
        "documents": ["A/RES/77/200"],
        "label": "",
        "parent": None,
        "part": None,
        "annex": None,
    }
    assert data["versions"] == {
        "previous": "A/RES/77/200",
        "previous_found_by": "title+recalls",
        "next": None,
    }
    assert data["votes"] == {
        "outcome": "recorded",
        "in_favour": 2,
        "against": 2,
        "abstaining": 1,
        "states": {
            "in_favour": ["Brazil", "Ghana"],
            "against": ["Chile", "Israel"],
            "abstaining": ["Ukraine"],
        },
    }
    assert data["subjects"][0]["scheme"] == "SDG"


def test_the_akn_download_has_the_paragraphs_versions_and_votes(client, voted):
    response = client.get("/resolutions/A/RES/79/300/download.xml")
    assert response["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)  # noqa: S314 - the app's own output
    ns = {"akn": AKN, "akn4un": AKN4UN}
    statement = root.find("akn:statement", ns)
    assert statement.find(".//akn:preface//akn:docTitle", ns).text == TITLE
    containers = statement.findall("akn:preamble/akn:container", ns)
    assert [c.find("akn:p", ns).text for c in containers] == ["Recalling its resolution 77/200,"]
    paragraph = statement.find("akn:mainBody/akn:paragraph", ns)
    assert paragraph.find("akn:num", ns).text == "1."
    assert paragraph.find("akn:content/akn:p", ns).text == "Urges States;"
    voting = statement.find(".//akn:voting", ns)
    assert voting.get("outcome") == "adoptedRecordedVote"
    against = voting.find("akn:count[@refersTo='against']", ns)
    assert against.get("value") == "2"
    assert [o.text for o in against.findall("akn4un:voters/akn:organization", ns)] == [
        "Chile",
        "Israel",
    ]
    previous = statement.find(".//akn:references/akn:passiveRef", ns)
    assert previous.get("showAs") == "A/RES/77/200"


def test_downloading_an_unknown_resolution_is_not_found(client, db):
    assert client.get("/resolutions/A/RES/1/1/download.json").status_code == 404
    assert client.get("/resolutions/A/RES/1/1/download.xml").status_code == 404


def test_the_reader_links_both_downloads(client, voted):
    html = client.get("/resolutions/A/RES/79/300/").content.decode()
    assert 'href="/resolutions/A/RES/79/300/download.xml">Akoma Ntoso XML</a>' in html
    assert 'href="/resolutions/A/RES/79/300/download.json">JSON</a>' in html


def test_state_names_given_in_capitals_read_as_people_write_them(client, db):
    from resolutions.models import MemberState

    for name in ("BOLIVIA (PLURINATIONAL STATE OF)", "CÔTE D\u2019IVOIRE", "Ghana"):
        MemberState.objects.create(name=name, slug=name.lower()[:6].replace(" ", "-"))
    assert [s.display_name for s in MemberState.objects.order_by("name")] == [
        "Bolivia (Plurinational State of)",
        "Côte d\u2019Ivoire",
        "Ghana",
    ]
