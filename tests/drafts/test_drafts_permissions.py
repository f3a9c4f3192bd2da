"""Every drafts route, asked plainly and by htmx, by an outsider, a signed-out visitor, a member,
a facilitator, the owner and a reader holding the read-only link: outsiders learn nothing (404),
readers who may not act are refused (403), the rest are served."""

import uuid

import pytest

from drafts.models import Proposal

OUTSIDER, ANONYMOUS, MEMBER, FACILITATOR, OWNER, LINK = (
    "outsider",
    "anonymous",
    "member",
    "facilitator",
    "owner",
    "link",
)
ROLES = [OUTSIDER, ANONYMOUS, MEMBER, FACILITATOR, OWNER, LINK]
DONE = "done"  # served: 200 for a page, a redirect (or htmx 200) after a change

# route -> what each role gets
READ = {OUTSIDER: 404, ANONYMOUS: 404, MEMBER: DONE, FACILITATOR: DONE, OWNER: DONE, LINK: DONE}
PROPOSE = {OUTSIDER: 404, ANONYMOUS: 404, MEMBER: DONE, FACILITATOR: DONE, OWNER: DONE, LINK: 403}
FACILITATE = {OUTSIDER: 404, ANONYMOUS: 404, MEMBER: 403, FACILITATOR: DONE, OWNER: DONE, LINK: 403}
OWN = {OUTSIDER: 404, ANONYMOUS: 404, MEMBER: 403, FACILITATOR: 403, OWNER: DONE, LINK: 403}


@pytest.fixture
def world(draft, author, teammate, outsider, facilitator, states):
    draft.share_token = uuid.uuid4()
    draft.save()
    op1 = draft.paragraphs.get(pid="op1")
    proposal = Proposal.objects.create(
        paragraph=op1,
        kind=Proposal.Kind.AMEND,
        delegation="European Union",
        text="Welcomes the report of the Secretary-General;",
        against_revision=op1.revision,
        against_text=op1.text,
        author=author,
    )
    users = {OUTSIDER: outsider, MEMBER: teammate, FACILITATOR: facilitator, OWNER: author}
    return draft, op1, proposal, users


def routes(draft, op1, proposal):
    slug = draft.slug
    opened = {"revision": op1.revision, "opened_status": op1.status, "stamp": ""}
    return {
        "compilation": ("get", f"/drafts/{slug}/", {}, READ),
        "paragraph": ("get", f"/drafts/{slug}/op1/", {}, READ),
        "propose": (
            "post",
            f"/drafts/{slug}/op1/propose/",
            {"kind": "retain", "delegation": "Canada", "revision": op1.revision},
            PROPOSE,
        ),
        "stance": (
            "post",
            f"/drafts/{slug}/proposals/{proposal.pk}/stance/",
            {"delegation": "Canada", "position": "support"},
            PROPOSE,
        ),
        "notes": ("post", f"/drafts/{slug}/op1/notes/", {"note": "Check with capital."}, PROPOSE),
        "status": (
            "post",
            f"/drafts/{slug}/op1/status/",
            {**opened, "status": "adref"},
            FACILITATE,
        ),
        "accept": ("post", f"/drafts/{slug}/proposals/{proposal.pk}/accept/", opened, FACILITATE),
        "share": ("post", f"/drafts/{slug}/share/", {"share": "off"}, OWN),
        "facilitators": ("post", f"/drafts/{slug}/facilitators/", {}, OWN),
    }


ROUTE_NAMES = [
    "compilation",
    "paragraph",
    "propose",
    "stance",
    "notes",
    "status",
    "accept",
    "share",
    "facilitators",
]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ROUTE_NAMES)
def test_every_route_answers_each_role_as_the_rule_says(client, world, name, role, htmx):
    draft, op1, proposal, users = world
    method, url, data, expected = routes(draft, op1, proposal)[name]
    if role in users:
        client.force_login(users[role])
    if role == LINK:
        url += f"?key={draft.share_token}"
    headers = {"HX-Request": "true"} if htmx else {}
    response = getattr(client, method)(url, data, headers=headers)
    want = expected[role]
    if want == DONE:
        assert response.status_code in (200, 302), (name, role, response.status_code)
        if htmx and method == "post" and name not in ("share", "facilitators"):
            assert response.status_code == 200  # the fragment, not a redirect
    else:
        assert response.status_code == want, (name, role)
        assert b"European Union" not in response.content  # nothing of the draft leaks


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_withdrawing_is_for_the_author_or_a_facilitator(client, world, htmx):
    draft, _op1, proposal, users = world
    url = f"/drafts/{draft.slug}/proposals/{proposal.pk}/withdraw/"
    headers = {"HX-Request": "true"} if htmx else {}
    client.force_login(users[MEMBER])  # a member, not the proposal's author
    assert client.post(url, headers=headers).status_code == 403
    client.force_login(users[OUTSIDER])
    assert client.post(url, headers=headers).status_code == 404
    client.logout()
    assert client.post(url + f"?key={draft.share_token}", headers=headers).status_code == 403
    client.force_login(users[OWNER])  # its author
    assert client.post(url, headers=headers).status_code in (200, 302)
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.WITHDRAWN


@pytest.mark.parametrize("name", ["propose", "stance", "notes", "status", "accept", "share"])
def test_actions_refuse_a_get(client, world, name):
    draft, op1, proposal, users = world
    client.force_login(users[OWNER])
    _method, url, _data, _expected = routes(draft, op1, proposal)[name]
    assert client.get(url).status_code == 405


def test_a_proposal_of_another_draft_is_not_found_through_this_one(
    client, world, resolution, team, author
):
    from drafts import workspace

    _draft, _op1, proposal, users = world
    other = workspace.start_from(resolution, team=team, label="Another draft", user=author)
    client.force_login(users[OWNER])
    response = client.post(f"/drafts/{other.slug}/proposals/{proposal.pk}/accept/", {})
    assert response.status_code == 404


def test_the_list_shows_a_member_their_teams_drafts_and_an_outsider_none(client, world):
    draft, _op1, _proposal, users = world
    client.force_login(users[MEMBER])
    assert draft.label in client.get("/drafts/").content.decode()
    client.force_login(users[OUTSIDER])
    page = client.get("/drafts/")
    assert page.status_code == 200 and draft.label not in page.content.decode()
    client.logout()
    assert client.get("/drafts/").status_code == 302  # to sign in
    assert client.get("/drafts/new/").status_code == 302


def test_a_read_only_link_that_is_turned_off_stops_working(client, world):
    draft, _op1, _proposal, users = world
    url = f"/drafts/{draft.slug}/?key={draft.share_token}"
    assert client.get(url).status_code == 200
    client.force_login(users[OWNER])
    client.post(f"/drafts/{draft.slug}/share/", {"share": "off"})
    client.logout()
    assert client.get(url).status_code == 404


def test_the_list_costs_the_same_queries_for_one_draft_or_many(
    client, world, resolution, team, author, django_assert_num_queries
):
    from drafts import workspace

    _draft, _op1, _proposal, users = world
    client.force_login(users[MEMBER])
    client.get("/drafts/")
    with django_assert_num_queries(3):  # session, user, the drafts with their teams and bases
        client.get("/drafts/")
    for n in range(5):
        workspace.start_from(resolution, team=team, label=f"Draft {n}", user=author)
    with django_assert_num_queries(3):
        page = client.get("/drafts/")
    assert page.content.decode().count("A/RES/79/154</a>") == 6


def test_a_write_without_the_csrf_token_is_refused_and_changes_nothing(world):
    from django.test import Client

    draft, op1, _proposal, users = world
    client = Client(enforce_csrf_checks=True)
    client.force_login(users[MEMBER])
    for headers in ({}, {"HX-Request": "true"}):
        response = client.post(
            f"/drafts/{draft.slug}/op1/propose/",
            {"kind": "retain", "delegation": "Canada", "revision": op1.revision},
            headers=headers,
        )
        assert response.status_code == 403
    assert not Proposal.objects.filter(delegation="Canada").exists()


def test_a_paragraph_the_draft_does_not_hold_is_not_found(client, world):
    draft, _op1, _proposal, users = world
    client.force_login(users[MEMBER])
    assert client.get(f"/drafts/{draft.slug}/op99/").status_code == 404
    assert client.get("/drafts/no-such-draft/op1/").status_code == 404
