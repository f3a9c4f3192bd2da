"""Notes on the previous version of a resolution, shown in the reader of the newer one on the
paragraphs they match: marked as such, read-only there, as far as the viewer may see them, and
never copied."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from annotations.models import Annotation, Team
from resolutions import versions
from tests.library_rows import make
from tests.test_versions import NEW, OLD, TITLE

READER = "/resolutions/A/RES/77/194/"


@pytest.fixture
def series(db):
    older = make("A/RES/75/158", TITLE, OLD, recalls=["A/RES/73/146"])
    newer = make("A/RES/77/194", TITLE, NEW, recalls=["A/RES/75/158"])
    versions.link_versions()
    return older, newer


def note_on(resolution, pid, author, text, visibility="public", team=None):
    return Annotation.objects.create(
        paragraph=resolution.paragraphs.get(pid=pid),
        author=author,
        note=text,
        visibility=visibility,
        team=team,
    )


def paragraph_html(html: str, pid: str) -> str:
    """The markup of one paragraph of the reader, up to the next one."""
    start = html.index(f'<div id="{pid}" class="para')
    following = re.compile(r'<div id="[a-z0-9-]+" class="para').search(html, start + 1)
    return html[start : following.start() if following else len(html)]


def test_a_note_on_the_older_paragraph_shows_on_the_paragraph_it_became(client, series, make_user):
    older, _ = series
    author = make_user("amina")
    # Old op2 ("Urges Member States to ratify the Protocol;") moved to new op1.
    note_on(older, "op2", author, "Only 12 ratifications in 2020")
    html = client.get(READER).content.decode()
    op1 = paragraph_html(html, "op1")
    assert "Only 12 ratifications in 2020" in op1
    assert 'On <a href="/resolutions/A/RES/75/158/op2/">A/RES/75/158, para. 2</a>' in op1
    assert "(previous version)" in op1
    # Only there: not on the paragraph that now stands second.
    assert "Only 12 ratifications" not in paragraph_html(html, "op2")


def test_earlier_notes_are_read_only_in_the_newer_reader(client, series, make_user):
    older, _ = series
    author = make_user("amina")
    note_on(older, "op2", author, "My own older note", visibility="private")
    client.force_login(author)
    op1 = paragraph_html(client.get(READER).content.decode(), "op1")
    earlier = op1[op1.index('class="earlier-notes"') :]
    assert "My own older note" in earlier
    assert "Edit" not in earlier and "Delete" not in earlier
    assert 'class="note ' not in earlier  # not a card the page could edit or anchor a quote of


def test_each_viewer_sees_the_older_notes_they_may_see_and_no_others(client, series, make_user):
    older, _ = series
    author, teammate, outsider = make_user("amina"), make_user("bruno"), make_user("chen")
    team = Team.create(name="Gender desk", owner=author)
    team.add_member(teammate)
    note_on(older, "op2", author, "Public remark")
    note_on(older, "op2", author, "Team remark", visibility="team", team=team)
    note_on(older, "op2", author, "Private remark", visibility="private")
    deleted = note_on(older, "op2", author, "Deleted remark")
    Annotation.objects.filter(pk=deleted.pk).update(deleted_at=timezone.now())

    def seen(user):
        client.logout()
        if user:
            client.force_login(user)
        op1 = paragraph_html(client.get(READER).content.decode(), "op1")
        return {
            text
            for text in ("Public remark", "Team remark", "Private remark", "Deleted remark")
            if text in op1
        }

    assert seen(None) == {"Public remark"}
    assert seen(outsider) == {"Public remark"}
    assert seen(teammate) == {"Public remark", "Team remark"}
    assert seen(author) == {"Public remark", "Team remark", "Private remark"}


def test_nothing_is_copied_to_the_newer_version(client, series, make_user):
    older, newer = series
    author = make_user("amina")
    note_on(older, "op2", author, "Stays on 75/158")
    client.force_login(author)
    client.get(READER)
    assert Annotation.objects.filter(paragraph__resolution=newer).count() == 0
    assert Annotation.objects.filter(paragraph__resolution=older).count() == 1


def test_merged_and_split_paragraphs_carry_the_notes_of_each_part(client, series, make_user):
    older, _ = series
    author = make_user("amina")
    note_on(older, "pp3", author, "On the conflict paragraph")
    note_on(older, "pp4", author, "On the Special Rapporteur")
    note_on(older, "op3", author, "On criminalizing")
    html = client.get(READER).content.decode()
    pp3 = paragraph_html(html, "pp3")  # old pp3 and pp4 merged into new pp3
    assert "On the conflict paragraph" in pp3 and "On the Special Rapporteur" in pp3
    assert "A/RES/75/158, preambular para. 3" in pp3 and "A/RES/75/158, preambular para. 4" in pp3
    # Old op3 split into new op3 and op4: its note is read on both, and kept once.
    assert "On criminalizing" in paragraph_html(html, "op3")
    assert "On criminalizing" in paragraph_html(html, "op4")


def test_notes_on_a_dropped_paragraph_are_counted_with_a_link_to_the_comparison(
    client, db, make_user
):
    older = make(
        "A/RES/75/1",
        TITLE,
        [("op1", "Alpha beta gamma;"), ("op2", "Delta epsilon;"), ("op3", "Zeta eta theta.")],
    )
    make(
        "A/RES/77/1",
        TITLE,
        [("op1", "Alpha beta gamma;"), ("op2", "Zeta eta theta.")],
        recalls=["A/RES/75/1"],
    )
    versions.link_versions()
    author = make_user("amina")
    note_on(older, "op2", author, "Why was this dropped?")
    html = client.get("/resolutions/A/RES/77/1/").content.decode()
    assert "Why was this dropped?" not in html
    assert (
        '<a href="/resolutions/A/RES/77/1/compare/A/RES/75/1/?show=dropped">'
        "1 note on paragraphs this version dropped</a>" in html
    )
    compare = client.get("/resolutions/A/RES/77/1/compare/A/RES/75/1/?show=dropped")
    assert "Why was this dropped?" in compare.content.decode()


def test_a_paragraph_shows_the_first_older_notes_and_links_to_all(client, series, make_user):
    older, _ = series
    author = make_user("amina")
    for k in range(1, 6):
        note_on(older, "op2", author, f"Remark number {k}")
    op1 = paragraph_html(client.get(READER).content.decode(), "op1")
    assert [k for k in range(1, 6) if f"Remark number {k}" in op1] == [1, 2, 3]
    assert (
        '<a href="/resolutions/A/RES/75/158/op2/notes/">All 5 notes on A/RES/75/158, para. 2</a>'
        in op1
    )


def test_the_show_notes_choice_applies_to_the_older_notes(client, series, make_user):
    older, _ = series
    author, other = make_user("amina"), make_user("bruno")
    note_on(older, "op2", author, "Mine, on the older text", visibility="private")
    note_on(older, "op2", other, "Someone else's, public")
    client.force_login(author)
    mine = client.get(READER + "?notes=mine").content.decode()
    assert "Mine, on the older text" in mine and "Someone else's, public" not in mine
    none = client.get(READER + "?notes=none").content.decode()
    assert "Mine, on the older text" not in none and "Someone else's" not in none


def test_the_permalink_and_its_htmx_fragment_show_the_older_notes(client, series, make_user):
    older, _ = series
    note_on(older, "op2", make_user("amina"), "Seen on the permalink")
    assert "Seen on the permalink" in client.get(READER + "op1/").content.decode()
    fragment = client.get(READER + "op1/", headers={"HX-Request": "true"})
    assert "Seen on the permalink" in fragment.content.decode()


def test_a_note_written_on_the_older_version_refreshes_the_cached_newer_page(
    client, series, make_user
):
    older, _ = series
    assert "Written later" not in client.get(READER).content.decode()  # cached now
    note_on(older, "op2", make_user("amina"), "Written later")
    assert "Written later" in client.get(READER).content.decode()


def test_a_reader_without_a_previous_version_shows_no_older_notes(client, series, make_user):
    older, _ = series
    note_on(older, "op2", make_user("amina"), "Only on the newer")
    html = client.get("/resolutions/A/RES/75/158/").content.decode()
    assert 'class="earlier-notes"' not in html


def reader_queries(client, url):
    cache.clear()  # what building the page costs, not a page the cache kept
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("role", ["anonymous", "author"])
def test_the_reader_makes_as_many_queries_with_many_older_notes_as_with_one(
    client, series, make_user, role
):
    older, _ = series
    author = make_user("amina")
    if role == "author":
        client.force_login(author)
    note_on(older, "op2", author, "The first")
    one, html = reader_queries(client, READER)
    assert "The first" in html
    paragraphs = list(older.paragraphs.all())
    Annotation.objects.bulk_create(
        Annotation(
            paragraph=paragraphs[k % len(paragraphs)],
            author=author,
            note=f"Bulk note {k}",
            visibility="private" if k % 3 else "public",
        )
        for k in range(600)
    )
    many, html = reader_queries(client, READER)
    assert many == one
    assert "All " in html and "notes on A/RES/75/158" in html
