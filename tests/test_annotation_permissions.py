"""Who may see and change a note: anonymous readers, its author, a team-mate, someone outside
the team and staff, against every view and endpoint that reads or writes notes."""

import json

import pytest
from django.test import RequestFactory

from annotations import reader
from annotations.models import Annotation
from resolutions.reader.document import read_document

ROLES = ["anonymous", "author", "teammate", "outsider", "staff"]
VISIBILITIES = ["private", "team", "public"]
SEES = {
    "private": {"author"},
    "team": {"author", "teammate"},
    "public": set(ROLES),
}
HTMX = {"HX-Request": "true"}


@pytest.fixture
def people(author, teammate, outsider, staff):
    return {"anonymous": None, "author": author, "teammate": teammate, "outsider": outsider,
            "staff": staff}  # fmt: skip


@pytest.fixture
def note_for(make_note, team):
    def make(visibility):
        return make_note(
            note=f"Secret-ish {visibility} words",
            visibility=visibility,
            team=team if visibility == "team" else None,
            tags=[f"only {visibility}"],
        )

    return make


def matrix():
    return [
        pytest.param(role, visibility, role in SEES[visibility], id=f"{role}-{visibility}")
        for role in ROLES
        for visibility in VISIBILITIES
    ]


@pytest.mark.parametrize(("role", "visibility", "sees"), matrix())
def test_the_annotation_link_opens_only_for_those_who_may_see_it(
    as_user, people, note_for, role, visibility, sees
):
    client = as_user(people[role])
    note = note_for(visibility)
    page = client.get(note.get_absolute_url())
    fragment = client.get(note.get_absolute_url(), headers=HTMX)
    if role == "anonymous" and not sees:
        # Sent to sign in, as for every note a stranger may not see (or that does not exist).
        assert page.status_code == 302 and page.url.startswith("/accounts/login/?next=")
        assert fragment.headers["HX-Redirect"].startswith("/accounts/login/?next=")
        return
    assert page.status_code == fragment.status_code == (200 if sees else 404)
    if sees:
        assert note.note in page.text and note.note in fragment.text
        assert "<html" not in fragment.text


@pytest.mark.parametrize(("role", "visibility", "sees"), matrix())
def test_the_paragraph_notes_page_and_fragment_show_a_note_only_to_those_who_may_see_it(
    as_user, people, note_for, role, visibility, sees
):
    client = as_user(people[role])
    note = note_for(visibility)
    url = "/resolutions/A/RES/79/154/op26/notes/"
    for response in (client.get(url), client.get(url, headers=HTMX)):
        assert response.status_code == 200
        assert (note.note in response.text) is sees


@pytest.mark.parametrize(("role", "visibility", "sees"), matrix())
def test_a_tag_page_exists_only_for_those_who_may_see_a_note_carrying_it(
    as_user, people, note_for, role, visibility, sees
):
    client = as_user(people[role])
    note_for(visibility)
    response = client.get(f"/tags/only-{visibility}/")
    assert response.status_code == (200 if sees else 404)
    assert (f"only {visibility}" in client.get("/tags/").text) is sees


@pytest.mark.parametrize(("role", "visibility", "sees"), matrix())
def test_search_finds_a_note_only_for_those_who_may_see_it(
    people, note_for, role, visibility, sees
):
    from django.contrib.auth.models import AnonymousUser

    note_for(visibility)
    request = RequestFactory().get("/search/", {"q": "secret-ish"})
    request.user = people[role] or AnonymousUser()
    found = reader.search_context(request, "secret-ish")["annotations_found"]
    assert bool(found) is sees


@pytest.mark.parametrize(("role", "visibility", "sees"), matrix())
def test_the_reader_hook_shows_a_note_only_to_those_who_may_see_it(
    people, note_for, resolution, role, visibility, sees
):
    from django.contrib.auth.models import AnonymousUser

    note = note_for(visibility)
    request = RequestFactory().get("/resolutions/A/RES/79/154/")
    request.user = people[role] or AnonymousUser()
    notes = reader.reader_notes(request, read_document(resolution))
    shown = [n.pk for on_paragraph in notes.index.values() for n in on_paragraph]
    assert (note.pk in shown) is sees


@pytest.mark.parametrize(("role", "visibility", "sees"), matrix())
def test_exports_hold_a_note_only_for_those_who_may_see_it(
    as_user, people, note_for, role, visibility, sees
):
    client = as_user(people[role])
    note = note_for(visibility)
    collection = json.loads(client.get("/annotations/export.jsonld").content)
    assert (str(note.uuid) in json.dumps(collection)) is sees
    assert (str(note.uuid) in client.get("/annotations/export.csv").text) is sees


def write_requests(note):
    url = note.get_absolute_url()
    return [
        ("get", f"{url}edit/", {}),
        ("post", f"{url}edit/", {"note": "Overwritten", "tags": "", "visibility": "private",
                                 "version": note.version}),
        ("get", f"{url}delete/", {}),
        ("post", f"{url}delete/", {}),
        ("post", f"{url}restore/", {}),
    ]  # fmt: skip


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize(("role", "visibility", "sees"), matrix())
def test_only_the_author_may_edit_delete_or_restore_a_note(
    as_user, people, note_for, role, visibility, sees, htmx
):
    client = as_user(people[role])
    note = note_for(visibility)
    headers = HTMX if htmx else {}
    for method, url, data in write_requests(note):
        response = getattr(client, method)(url, data, headers=headers)
        if role == "anonymous":
            if htmx:
                assert response.status_code == 200
                assert response.headers["HX-Redirect"].startswith("/accounts/login/")
            else:
                assert response.status_code == 302
                assert response.url.startswith("/accounts/login/")
        elif role == "author":
            assert response.status_code in (200, 302), (method, url)
        else:
            assert response.status_code == (403 if sees else 404), (method, url)
    note.refresh_from_db()
    if role != "author":
        assert note.note == f"Secret-ish {visibility} words"
        assert note.deleted_at is None


@pytest.mark.parametrize("role", ROLES)
def test_a_deleted_note_is_gone_for_everyone_but_its_author(as_user, people, note_for, role):
    note = note_for("public")
    note.soft_delete()
    response = as_user(people[role]).get(note.get_absolute_url())
    if role == "anonymous":
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
        return
    assert response.status_code == (200 if role == "author" else 404)
    if role == "author":
        assert "You deleted this note" in response.text


@pytest.mark.parametrize("role", ROLES)
def test_anyone_signed_in_may_import_for_themselves_and_anonymous_readers_are_sent_to_sign_in(
    as_user, people, role
):
    response = as_user(people[role]).get("/annotations/import/")
    if role == "anonymous":
        assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    else:
        assert response.status_code == 200


def test_staff_status_grants_no_view_of_private_or_team_notes(as_user, staff, note_for):
    notes = [note_for("private"), note_for("team")]
    client = as_user(staff)
    for note in notes:
        assert client.get(note.get_absolute_url()).status_code == 404
    assert Annotation.objects.visible_to(staff).count() == 0


def test_leaving_a_team_ends_access_to_its_notes_at_once(as_user, teammate, team, note_for):
    note = note_for("team")
    client = as_user(teammate)
    assert client.get(note.get_absolute_url()).status_code == 200
    client.post(f"/teams/{team.slug}/members/{teammate.username}/remove/")
    assert client.get(note.get_absolute_url()).status_code == 404


def test_being_removed_from_a_team_ends_access_to_its_notes_at_once(
    client, author, teammate, team, note_for
):
    note = note_for("team")
    client.force_login(author)
    assert client.post(f"/teams/{team.slug}/members/{teammate.username}/remove/").status_code == 302
    client.force_login(teammate)
    assert client.get(note.get_absolute_url()).status_code == 404
