"""Adding, editing, deleting and restoring notes, each as a whole page and as an htmx fragment."""

import pytest
from django.test import Client

from annotations.models import Annotation, AnnotationRevision

NOTES = "/resolutions/A/RES/79/154/op26/notes/"
HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/resolutions/A/RES/79/154/"}


@pytest.fixture(autouse=True)
def _paragraph(op26):
    """Every test here works on operative paragraph 26 of A/RES/79/154."""


def new_note(**overrides):
    return {"note": "Worth *following up*", "tags": "Follow-up,  Data ", "visibility": "private",
            **overrides}  # fmt: skip


def test_the_add_note_form_has_the_named_fields_and_the_user_s_teams(as_user, author, team):
    response = as_user(author).get(NOTES + "new/")
    assert response.status_code == 200
    for label in (">Note</label>", ">Tags</label>", ">Visibility</label>", ">Save</button>"):
        assert label in response.text
    assert '<option value="team:gender-desk">Team: Gender desk</option>' in response.text
    assert "Only me" in response.text and "Public" in response.text


def test_the_add_note_form_arrives_alone_for_htmx_with_the_selected_quote(as_user, author, op26):
    response = as_user(author).get(NOTES + "new/?quote_exact=the+question", headers=HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert '<blockquote class="note-quote">the question</blockquote>' in response.text


def test_adding_a_note_redirects_a_plain_request_to_the_new_note(as_user, author, op26):
    response = as_user(author).post(NOTES, new_note())
    note = Annotation.objects.get()
    assert response.status_code == 302 and response.url == note.get_absolute_url()
    assert note.author == author and note.paragraph == op26
    assert note.tag_names() == ["Data", "Follow-up"]
    assert note.paragraph_revision == op26.revision


def test_adding_a_note_with_htmx_returns_the_paragraph_s_notes_and_announces_it(
    as_user, author, op26
):
    response = as_user(author).post(NOTES, new_note(), headers=HTMX)
    note = Annotation.objects.get()
    assert response.status_code == 200
    assert response.text.strip().startswith('<div class="notes" role="group" id="notes-op26"')
    assert "1 note" in response.text and "<em>following up</em>" in response.text
    assert '"annotationSaved"' in response.headers["HX-Trigger"]
    assert str(note.uuid) in response.headers["HX-Trigger"]
    assert "HX-Request" in response.headers["Vary"]
    assert "private" in response.headers["Cache-Control"]


def test_a_team_note_is_shared_with_the_chosen_team(as_user, author, team):
    as_user(author).post(NOTES, new_note(visibility="team:gender-desk"))
    note = Annotation.objects.get()
    assert note.visibility == "team" and note.team == team


def test_one_cannot_share_with_a_team_one_is_not_in(as_user, outsider, team):
    response = as_user(outsider).post(NOTES, new_note(visibility="team:gender-desk"))
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Annotation.objects.exists()


def test_an_empty_note_is_refused_in_the_same_fragment_keeping_what_was_typed(as_user, author):
    response = as_user(author).post(
        NOTES, {"note": "  ", "tags": "", "visibility": "nonsense"}, headers=HTMX
    )
    assert response.status_code == 200
    assert "Write a note, add a tag, or quote the paragraph." in response.text
    assert "Select a valid choice" in response.text
    assert 'id="note-op26-note"' in response.text
    assert not Annotation.objects.exists()


def test_typed_text_is_kept_when_a_note_is_refused(as_user, author):
    response = as_user(author).post(NOTES, new_note(visibility="nonsense"), headers=HTMX)
    assert "Worth *following up*" in response.text
    assert 'value="Follow-up,  Data "' in response.text


def test_a_quote_is_anchored_in_the_paragraph_text(as_user, author, op26):
    as_user(author).post(NOTES, new_note(quote_exact="the  question", quote_suffix=" again"))
    note = Annotation.objects.get()
    assert note.quote_found
    assert op26.text[note.quote_start :].startswith("the question again")


def test_a_quote_not_in_the_paragraph_is_dropped_rather_than_stored_wrong(as_user, author):
    as_user(author).post(NOTES, new_note(quote_exact="words from elsewhere"))
    assert Annotation.objects.get().quote_exact == ""


def test_an_unknown_paragraph_is_a_404(as_user, author):
    client = as_user(author)
    assert client.get("/resolutions/A/RES/79/154/op99/notes/").status_code == 404
    assert client.post("/resolutions/A/RES/1/1/op1/notes/", new_note()).status_code == 404


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_notes_endpoints_refuse_other_methods_with_405(as_user, author, make_note, method):
    client = as_user(author)
    note = make_note()
    url = note.get_absolute_url()
    for endpoint in (NOTES, NOTES + "new/", url, url + "edit/", url + "delete/", url + "restore/"):
        assert getattr(client, method)(endpoint).status_code == 405, endpoint
    assert client.get(url + "restore/").status_code == 405


# Editing -------------------------------------------------------------------------------------


def test_the_edit_form_opens_in_place_for_htmx_with_the_note_s_current_values(
    as_user, author, make_note
):
    note = make_note(note="Before", tags=["one", "two"])
    response = as_user(author).get(note.get_absolute_url() + "edit/", headers=HTMX)
    assert response.text.strip().startswith(
        f'<article class="note note-editing" id="{note.dom_id}"'
    )
    assert ">\nBefore</textarea>" in response.text
    assert 'value="one, two"' in response.text
    assert f'name="version" value="{note.version}"' in response.text


def test_editing_keeps_the_previous_text_as_a_revision(as_user, author, make_note):
    note = make_note(note="Before", tags=["old"])
    client = as_user(author)
    response = client.post(
        note.get_absolute_url() + "edit/",
        {"note": "After", "tags": "new", "visibility": "public", "version": note.version},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert response.text.strip().startswith(f'<article class="note note-own" id="{note.dom_id}"')
    assert "After" in response.text and "(edited)" in response.text
    note.refresh_from_db()
    assert (note.note, note.visibility, note.version) == ("After", "public", 2)
    revision = AnnotationRevision.objects.get()
    assert (revision.note, revision.tags, revision.visibility) == ("Before", ["old"], "private")
    page = client.get(note.get_absolute_url())
    assert "Earlier versions" in page.text and "Before" in page.text


def test_a_stale_edit_is_refused_showing_the_current_text_and_keeping_the_user_s_own(
    as_user, author, make_note
):
    note = make_note(note="Original")
    client = as_user(author)
    edit = note.get_absolute_url() + "edit/"
    first = {"note": "Saved in the other tab", "tags": "", "visibility": "private", "version": 1}
    second = {"note": "My careful rewrite", "tags": "", "visibility": "private", "version": 1}
    assert client.post(edit, first).status_code == 302
    for headers, status in (({}, 409), (HTMX, 200)):
        response = client.post(edit, second, headers=headers)
        assert response.status_code == status
        assert "Someone saved this note while you were editing it." in response.text
        assert "Saved in the other tab" in response.text
        assert ">\nMy careful rewrite</textarea>" in response.text
        assert 'name="version" value="2"' in response.text
    note.refresh_from_db()
    assert note.note == "Saved in the other tab"
    # Having seen the current text, the user may now save theirs.
    assert client.post(edit, {**second, "version": 2}).status_code == 302
    note.refresh_from_db()
    assert note.note == "My careful rewrite"
    assert note.revisions.count() == 2


# Deleting and undoing ------------------------------------------------------------------------


def test_deleting_with_htmx_leaves_an_undo_button_and_undo_brings_the_note_back(
    as_user, author, make_note
):
    note = make_note(note="Regrettable")
    client = as_user(author)
    response = client.post(note.get_absolute_url() + "delete/", headers=HTMX)
    assert response.status_code == 200
    assert response.text.strip().startswith(
        f'<article class="note note-deleted" id="{note.dom_id}"'
    )
    assert "Note deleted." in response.text and ">Undo</button>" in response.text
    assert "Regrettable" not in response.text
    assert '"annotationSaved"' in response.headers["HX-Trigger"]
    note.refresh_from_db()
    assert note.deleted_at is not None
    response = client.post(note.get_absolute_url() + "restore/", headers=HTMX)
    assert response.text.strip().startswith(f'<article class="note note-own" id="{note.dom_id}"')
    assert "Regrettable" in response.text
    assert '"annotationSaved"' in response.headers["HX-Trigger"]
    note.refresh_from_db()
    assert note.deleted_at is None


def test_a_paragraph_s_count_refreshes_itself_from_its_notes_page_when_a_note_is_saved(
    as_user, author, make_note
):
    make_note()
    section = as_user(author).get(NOTES, headers=HTMX).text
    badge = section[section.index('<p class="notes-count"') :].split(">")[0]
    assert 'id="notes-count-op26"' in badge
    assert f'hx-get="{NOTES}"' in badge
    assert 'hx-trigger="annotationSaved from:closest .notes"' in badge
    assert 'hx-select="#notes-count-op26"' in badge


def test_deleting_without_javascript_confirms_then_offers_undo_on_the_note_s_page(
    as_user, author, make_note
):
    note = make_note(note="Regrettable")
    client = as_user(author)
    assert "Delete this note" in client.get(note.get_absolute_url() + "delete/").text
    response = client.post(note.get_absolute_url() + "delete/")
    assert response.status_code == 302 and response.url == note.get_absolute_url()
    assert "You deleted this note" in client.get(response.url).text
    response = client.post(note.get_absolute_url() + "restore/")
    assert response.status_code == 302
    assert "Regrettable" in client.get(response.url).text


def test_a_deleted_note_cannot_be_edited(as_user, author, make_note):
    note = make_note()
    note.soft_delete()
    client = as_user(author)
    assert client.get(note.get_absolute_url() + "edit/").status_code == 404
    assert client.get(note.get_absolute_url(), headers=HTMX).status_code == 404


def test_the_paragraph_notes_page_stays_out_of_shared_caches(client, make_note):
    make_note(visibility="public")
    response = client.get(NOTES)
    assert "private" in response.headers["Cache-Control"]
    assert "HX-Request" in response.headers["Vary"]


# CSRF ----------------------------------------------------------------------------------------


@pytest.fixture
def strict_client():
    return Client(enforce_csrf_checks=True)


def test_every_write_refuses_a_request_without_a_csrf_token_htmx_included(
    strict_client, author, team, teammate, make_note, op26
):
    note = make_note(tags=["t"])
    strict_client.force_login(author)
    url = note.get_absolute_url()
    writes = [
        (NOTES, new_note()),
        (url + "edit/", {"note": "x", "visibility": "private", "version": 1}),
        (url + "delete/", {}),
        (url + "restore/", {}),
        ("/tags/t/rename/", {"name": "u"}),
        ("/teams/", {"name": "Another"}),
        (f"/teams/{team.slug}/", {"username": "bruno"}),
        (f"/teams/{team.slug}/members/bruno/remove/", {}),
        ("/annotations/import/", {}),
        ("/accounts/logout/", {}),
    ]
    for path, data in writes:
        for headers in ({}, {"HX-Request": "true"}):
            assert strict_client.post(path, data, headers=headers).status_code == 403, path
    note.refresh_from_db()
    assert note.version == 1 and note.deleted_at is None
    assert Annotation.objects.count() == 1


def test_a_write_with_the_csrf_token_in_the_htmx_header_goes_through(strict_client, author, op26):
    strict_client.force_login(author)
    page = strict_client.get(NOTES)
    token = page.text.split('"X-CSRFToken": "')[1].split('"')[0]
    response = strict_client.post(NOTES, new_note(), headers={**HTMX, "X-CSRFToken": token})
    assert response.status_code == 200
    assert Annotation.objects.count() == 1


# The list of notes and the reader's live count ----------------------------------------------


def test_the_notes_list_shows_what_the_viewer_may_see_filtered_like_the_exports(
    as_user, teammate, team, make_note
):
    make_note(note="Team one", visibility="team", team=team, tags=["data"])
    make_note(note="Private one")
    make_note(note="Public one", visibility="public", by=teammate)
    client = as_user(teammate)
    page = client.get("/annotations/")
    assert "Team one" in page.text and "Public one" in page.text
    assert "Private one" not in page.text
    assert "2 notes" in page.text
    assert "Public one" not in client.get("/annotations/?tag=data").text
    assert "Team one" not in client.get("/annotations/?notes=mine").text


def test_the_live_count_comes_alone_for_htmx_and_refreshes_on_annotation_saved(
    as_user, author, make_note
):
    make_note()
    response = as_user(author).get("/annotations/?resolution=A/RES/79/154&notes=all", headers=HTMX)
    assert response.text.strip().startswith('<p class="notes-summary" id="notes-summary"')
    assert 'hx-trigger="annotationSaved from:body"' in response.text
    assert ">1 note</a>" in response.text


def test_the_notes_list_makes_a_fixed_number_of_queries(
    as_user, author, make_note, django_assert_num_queries
):
    client = as_user(author)
    for _ in range(12):
        make_note(tags=["a"])
    # session, user, count, notes, their tags, the teams and the tags to filter by
    with django_assert_num_queries(7):
        client.get("/annotations/")
