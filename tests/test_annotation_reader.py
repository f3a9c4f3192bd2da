"""The notes inside the reader: per paragraph, filtered by tag and by whose they are, at a cost
that does not grow with the number of notes, and re-anchored when a corrected text arrives."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from annotations import reader
from annotations.invitations import forget_pending_invitations
from annotations.models import Annotation, NoteTag, Tag
from resolutions.cache import fragments
from resolutions.cache import pages as pagecache
from resolutions.notes import notes
from resolutions.reader.page import reader_page


def render_reader(user, resolution, **params):
    """The reader page as `user` sees it, rendered from the view's own context."""
    request = RequestFactory().get("/resolutions/A/RES/79/154/", params)
    request.user = user or AnonymousUser()
    request.htmx = False
    return reader_page(request, resolution).content.decode()


def many_notes(resolution, author, team, count):
    paragraphs = list(resolution.paragraphs.all())
    tags = Tag.objects.get_or_create_all(["trafficking", "data", "follow-up"])
    notes = Annotation.objects.bulk_create(
        Annotation(
            paragraph=paragraphs[i % len(paragraphs)],
            author=author,
            note=f"Note number {i} with *emphasis*",
            visibility=["private", "team", "public"][i % 3],
            team=team if i % 3 == 1 else None,
        )
        for i in range(count)
    )
    NoteTag.objects.bulk_create(
        NoteTag(annotation_id=note.pk, tag_id=tags[i % 3].pk, name=tags[i % 3].name)
        for i, note in enumerate(notes)
    )
    # Bulk writes send no signals: like any bulk writer, say which pages now show more.
    pagecache.changed(pagecache.resolution_scope(resolution.pk))


def count_queries(user, resolution):
    fragments.STORE.clear()  # what building the page costs, not the document kept for it
    if user is not None:
        forget_pending_invitations(user)  # the header's count is read, as on a first visit
    with CaptureQueriesContext(connection) as queries:
        html = render_reader(user, resolution)
    return len(queries), html


@pytest.mark.parametrize("role", ["anonymous", "author", "teammate"])
def test_the_reader_makes_as_many_queries_with_5000_notes_as_with_none(
    resolution, author, teammate, team, role
):
    user = {"anonymous": None, "author": author, "teammate": teammate}[role]
    before, _ = count_queries(user, resolution)
    many_notes(resolution, author, team, 5000)
    after, html = count_queries(user, resolution)
    # The document (language versions, paragraphs, footnotes, markers, citations, which cited
    # symbols the library has, who cites it), its previous and next versions, then the notes:
    # all visible, tags, first few; signed in, the invitations waiting.
    assert after == before == 7 + 1 + 3 + (user is not None)
    assert "Note number" in html and "Show all" in html
    visible = {"anonymous": 1666, "author": 5000, "teammate": 3333}[role]
    assert f"{visible} notes" in html  # in the toolbar's count


def test_a_paragraph_shows_its_first_few_notes_and_links_to_all_of_them(
    resolution, author, make_note
):
    for n in range(reader.INLINE_LIMIT + 2):
        make_note(note=f"Thought {n}")
    html = render_reader(author, resolution)
    assert f"{reader.INLINE_LIMIT + 2} notes" in html
    assert "Thought 0" in html and f"Thought {reader.INLINE_LIMIT}" not in html
    assert f"Show all {reader.INLINE_LIMIT + 2} notes" in html


def test_a_paragraph_shows_its_notes_with_a_count_and_an_add_note_button(
    resolution, author, make_note
):
    make_note(note="First thought")
    make_note(note="Second thought")
    html = render_reader(author, resolution)
    assert "2 notes" in html
    assert "First thought" in html and "Second thought" in html
    assert 'Add note<span class="visually-hidden"> to operative paragraph 26</span>' in html


def test_anonymous_readers_are_shown_the_notes_and_sent_to_sign_in_to_add_one(
    resolution, make_note
):
    make_note(note="Shared", visibility="public")
    html = render_reader(None, resolution)
    assert "Shared" in html
    assert "data-quote-for" not in html  # no note form for a reader who cannot save one
    assert 'href="/accounts/login/?next=/resolutions/A/RES/79/154/op26/" data-sign-in' in html
    assert (
        "1 public note here." in html
        and 'href="/accounts/signup/?next=/resolutions/A/RES/79/154/"' in html
    )


def test_the_tag_filter_keeps_only_paragraphs_carrying_the_tag(resolution, author, make_note):
    make_note(note="Tagged", tags=["follow-up"])
    html = render_reader(author, resolution, tag="follow-up")
    assert 'id="op26"' in html
    assert 'id="op1"' not in html and 'id="pp1"' not in html
    assert render_reader(author, resolution, tag="no-such-tag").count("data-paragraph") == 0


def test_the_show_filter_narrows_to_mine_my_teams_public_or_none(
    resolution, author, teammate, team, make_note
):
    make_note(note="Mine alone")
    make_note(note="For the team", visibility="team", team=team, by=teammate)
    make_note(note="For everyone", visibility="public", by=teammate)
    shown = {
        show: render_reader(author, resolution, notes=show)
        for show in ("all", "mine", "team", "public", "none")
    }
    assert all(n in shown["all"] for n in ("Mine alone", "For the team", "For everyone"))
    assert "Mine alone" in shown["mine"] and "For the team" not in shown["mine"]
    assert "For the team" in shown["team"] and "Mine alone" not in shown["team"]
    assert "For everyone" in shown["public"] and "Mine alone" not in shown["public"]
    assert "note-body" not in shown["none"]


def test_a_quoted_span_is_given_to_the_page_to_highlight(resolution, op26, author, make_note):
    note = make_note(note="On the session")
    note.set_quote(op26.text, "eighty-first session")
    note.save()
    html = render_reader(author, resolution)
    assert 'data-quote-exact="eighty-first session"' in html
    assert 'data-pid="op26"' in html
    start = op26.text.index("eighty-first session")
    assert f'data-quote-start="{start}" data-quote-end="{start + 20}"' in html


def place_given(resolution, op26, author, make_note, text, quote, **context):
    """Where the reader page says a note's quote of `quote` stands, once op26 reads `text`."""
    change_text(op26, text)
    note = make_note(note="Quoted")
    op26.refresh_from_db()
    note.set_quote(op26.text, quote, **context)
    note.save()
    html = render_reader(author, resolution)
    found = re.search(r'data-quote-start="(\d+)" data-quote-end="(\d+)"', html)
    return int(found[1]), int(found[2])


def test_of_repeated_words_the_page_marks_the_ones_quoted_told_apart_by_what_follows(
    resolution, op26, author, make_note
):
    # The same words after the same words: only what follows them says which was selected.
    text = "Decides to act now, and to act later, at its next session."
    place = place_given(resolution, op26, author, make_note, text, "to act", suffix=" later")
    start = text.index("to act later")
    assert place == (start, start + len("to act"))


def test_the_quote_s_place_counts_as_the_browser_counts_a_string(
    resolution, op26, author, make_note
):
    # A character beyond the Basic Multilingual Plane is two units of a JavaScript string.
    text = "Decides \U00020000 to consider the question."
    place = place_given(resolution, op26, author, make_note, text, "the question")
    start = text.index("the question") + 1
    assert place == (start, start + len("the question"))


def change_text(paragraph, text):
    """A corrected text, as the ingest writes it: the paragraph, then word to what hangs on it."""
    paragraph.text = text
    paragraph.revision += 1
    paragraph.save()
    notes().revised([paragraph])


def test_after_a_corrected_text_a_note_says_the_paragraph_changed_and_its_quote_is_found_again(
    resolution, op26, author, make_note
):
    note = make_note(note="Quoted")
    note.set_quote(op26.text, "the question", suffix=" again")
    note.save()
    change_text(op26, "Decides, with thanks, to consider the question again at its next session.")
    html = render_reader(author, resolution)
    assert "The paragraph text changed since this note was written." in html
    note.refresh_from_db()
    assert note.quote_found
    assert op26.text[note.quote_start :].startswith("the question again")
    assert note.anchored_revision == 2


def test_a_quote_that_is_gone_stays_as_a_paragraph_note_marked_as_such(
    resolution, op26, author, make_note
):
    note = make_note(note="Kept anyway")
    note.set_quote(op26.text, "eighty-first session")
    note.save()
    change_text(op26, "Decides to consider the question at a later session.")
    html = render_reader(author, resolution)
    assert "Kept anyway" in html
    assert "Quote no longer found in the paragraph" in html
    note.refresh_from_db()
    assert not note.quote_found and note.quote_start is None


def test_the_instrument_page_hook_groups_notes_by_paragraph(resolution, op26, author, make_note):
    note = make_note(note="Cited here")
    request = RequestFactory().get("/instruments/x/")
    request.user = author
    context = reader.paragraph_context(request, [op26])
    assert context["annotations_index"] == {op26.pk: [note]}


def test_reading_a_page_never_writes(client, resolution, op26, author, make_note):
    note = make_note(note="Quoted", visibility="public")
    note.set_quote(op26.text, "the question")
    note.save()
    op26.text, op26.revision = "Decides to consider the question later.", op26.revision + 1
    op26.save()  # changed without telling the notes: the page finds the quote for itself
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/resolutions/A/RES/79/154/").text
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []
    assert 'data-quote-exact="the question"' in html


def test_search_finds_notes_by_their_words_and_by_their_tags(author, make_note):
    by_words = make_note(note="About victims' compensation")
    by_tag = make_note(note="Nothing here", tags=["compensation schemes"])
    make_note(note="Unrelated")
    request = RequestFactory().get("/search/")
    request.user = author
    found = reader.search_context(request, "compensation")["annotations_found"]
    assert set(found) == {by_words, by_tag}
    assert reader.search_context(request, "  ")["annotations_found"] == []


# Through the reader's own pages --------------------------------------------------------------


def page_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("role", ["anonymous", "author"])
def test_the_reader_page_makes_as_many_queries_with_5000_notes_as_with_none(
    client, resolution, author, team, role
):
    if role == "author":
        client.force_login(author)
    cache.clear()  # both pages built from nothing kept: the header's invitation count included
    before, _ = page_queries(client, "/resolutions/A/RES/79/154/")
    many_notes(resolution, author, team, 5000)
    cache.clear()  # what building the page costs, without checking the page built before
    pagecache.STORE.clear()
    fragments.STORE.clear()
    after, response = page_queries(client, "/resolutions/A/RES/79/154/")
    assert after == before
    assert "Show all" in response.text


def test_the_reader_page_shows_notes_under_their_paragraph_and_filters_by_tag(
    as_user, author, make_note, resolution
):
    make_note(note="Watch this date", tags=["deadlines"])
    client = as_user(author)
    page = client.get("/resolutions/A/RES/79/154/")
    op26 = page.text[page.text.index('<div id="op26"') :]
    assert "Watch this date" in op26[: op26.index('<div class="notes"') + 3000]
    filtered = client.get("/resolutions/A/RES/79/154/?tag=deadlines").text
    assert '<div id="op26"' in filtered and '<div id="op1"' not in filtered


def test_the_paragraph_permalink_carries_the_viewer_s_notes(as_user, author, make_note):
    make_note(note="On the permalink")
    assert "On the permalink" in as_user(author).get("/resolutions/A/RES/79/154/op26/").text


def test_the_search_page_lists_the_notes_the_viewer_may_see(as_user, client, author, make_note):
    make_note(note="Compensation for victims, see op26")
    make_note(note="Compensation, public", visibility="public")
    page = as_user(author).get("/search/?q=compensation")
    assert "Compensation for victims" in page.text and "Compensation, public" in page.text
    client.logout()
    anonymous = client.get("/search/?q=compensation")
    assert "Compensation, public" in anonymous.text
    assert "Compensation for victims" not in anonymous.text


def test_the_notes_under_each_paragraph_are_not_each_a_landmark(client, resolution, make_note):
    """Screen readers list a page's landmarks; one per paragraph would bury the page's own."""
    from html.parser import HTMLParser

    make_note(visibility="public")

    class Landmarks(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found, self.note_groups = [], 0

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            named = "aria-label" in attrs or "aria-labelledby" in attrs
            role = attrs.get("role")
            if role == "region" or (tag in ("section", "form") and named and role is None):
                self.found.append(attrs.get("aria-label") or attrs.get("aria-labelledby"))
            if role == "group" and (attrs.get("aria-label") or "").startswith("Notes on "):
                self.note_groups += 1

    page = Landmarks()
    page.feed(client.get("/resolutions/A/RES/79/154/").text)
    # A paragraph with notes shows them in a group; one without, to a passer-by, shows nothing.
    assert page.note_groups == 1
    assert not [name for name in page.found if name.startswith("Notes on")]
