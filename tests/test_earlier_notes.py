"""Notes on the earlier versions of a resolution, shown in the reader of the newest one on the
paragraphs they became: marked with the version they were written on, with their tags,
read-only there, as far as the viewer may see them, and never copied."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from annotations.models import Annotation, Team
from resolutions.across.series import link_versions
from resolutions.cache import fragments
from resolutions.cache import pages as pagecache
from resolutions.models import Paragraph
from tests.library_rows import make
from tests.test_versions import NEW, OLD, TITLE

READER = "/resolutions/A/RES/77/194/"


@pytest.fixture
def series(db):
    older = make("A/RES/75/158", TITLE, OLD, recalls=["A/RES/73/146"])
    newer = make("A/RES/77/194", TITLE, NEW, recalls=["A/RES/75/158"])
    link_versions()
    return older, newer


def note_on(resolution, pid, author, text, visibility="public", team=None, tags=()):
    note = Annotation.objects.create(
        paragraph=resolution.paragraphs.get(pid=pid),
        author=author,
        note=text,
        visibility=visibility,
        team=team,
    )
    if tags:
        note.set_tags(list(tags))
    return note


def paragraph_html(html: str, pid: str) -> str:
    """The markup of one paragraph of the reader, up to the next one."""
    start = html.index(f'<div id="{pid}" class="para')
    following = re.compile(r'<div id="[a-z0-9-]+" class="para').search(html, start + 1)
    return html[start : following.start() if following else len(html)]


def test_in_another_interface_language_the_earlier_note_cites_its_paragraph_in_that_language(
    client, series, make_user
):
    older, _ = series
    note_on(older, "op2", make_user("amina"), "Only 12 ratifications in 2020")
    html = client.get(READER, headers={"Accept-Language": "fr"}).content.decode()
    assert '<a href="/resolutions/A/RES/75/158/op2/">A/RES/75/158, par. 2</a>' in html


def test_a_note_on_the_older_paragraph_shows_on_the_paragraph_it_became(client, series, make_user):
    older, _ = series
    author = make_user("amina")
    # Old op2 ("Urges Member States to ratify the Protocol;") moved to new op1.
    note_on(older, "op2", author, "Only 12 ratifications in 2020")
    html = client.get(READER).content.decode()
    op1 = paragraph_html(html, "op1")
    assert "Only 12 ratifications in 2020" in op1
    assert 'On <a href="/resolutions/A/RES/75/158/op2/">A/RES/75/158, para. 2</a>' in op1
    assert "(previous version, 2020)" in op1
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
    link_versions()
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
    pagecache.STORE.clear()
    fragments.STORE.clear()
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


# --- Tags ---------------------------------------------------------------------------------------


def test_an_earlier_note_shows_its_tags_linked_to_the_tag_pages(client, series, make_user):
    older, _ = series
    note_on(older, "op2", make_user("amina"), "Ratifications lag", tags=["Palermo Protocol"])
    op1 = paragraph_html(client.get(READER).content.decode(), "op1")
    earlier = op1[op1.index('class="earlier-notes"') :]
    assert '<ul class="note-tags" aria-label="Tags">' in earlier
    assert '<a href="/tags/palermo-protocol/" rel="tag">Palermo Protocol</a>' in earlier


def test_the_tags_of_an_earlier_note_the_viewer_may_not_see_do_not_show(client, series, make_user):
    older, _ = series
    author = make_user("amina")
    note_on(older, "op2", author, "Everyone reads this", tags=["open-tag"])
    note_on(older, "op2", author, "Mine alone", visibility="private", tags=["desk-secret"])
    html = client.get(READER).content.decode()
    assert "open-tag" in html
    assert "desk-secret" not in html and "Mine alone" not in html
    client.force_login(author)
    assert "desk-secret" in paragraph_html(client.get(READER).content.decode(), "op1")


# --- A series of three versions -----------------------------------------------------------------

NEWEST = "/resolutions/A/RES/79/154/"
CRIMINALIZE = "Calls upon Governments to criminalize trafficking in women and girls and to punish "
FORUM = "Invites the regional commissions to hold an annual forum on trafficking;"


@pytest.fixture
def three(db):
    """75/158 <- 77/194 <- 79/154. 75/158 op3 is 77/194 op4 and, reworded, 79/154 op5; 75/158 op4
    was dropped in 77/194 and came back, word for word, as 79/154 op4."""
    v75 = make(
        "A/RES/75/158",
        TITLE,
        [
            ("pp1", "Recalling its resolution 73/146 of 17 December 2018,"),
            ("op1", "Takes note of the report of the Secretary-General;"),
            ("op2", "Urges Member States to ratify the Protocol;"),
            ("op3", CRIMINALIZE + "offenders;"),
            ("op4", FORUM),
            ("op5", "Decides to continue its consideration of the question at its 77th session."),
        ],
        recalls=["A/RES/73/146"],
    )
    v77 = make(
        "A/RES/77/194",
        TITLE,
        [
            ("pp1", "Recalling its resolution 75/158 of 16 December 2020,"),
            ("op1", "Takes note with appreciation of the report of the Secretary-General;"),
            ("op2", "Urges Member States to ratify the Protocol;"),
            ("op3", "Encourages the collection of data on victims;"),
            ("op4", CRIMINALIZE + "offenders;"),
            ("op5", "Decides to continue its consideration of the question at its 79th session."),
        ],
        recalls=["A/RES/75/158"],
    )
    v79 = make(
        "A/RES/79/154",
        TITLE,
        [
            ("pp1", "Recalling its resolution 77/194 of 15 December 2022,"),
            ("op1", "Takes note with appreciation of the report of the Secretary-General;"),
            ("op2", "Urges Member States to ratify and implement the Protocol;"),
            ("op3", "Encourages the collection of data on victims;"),
            ("op4", FORUM),
            ("op5", CRIMINALIZE + "all offenders;"),
            ("op6", "Decides to continue its consideration of the question at its 81st session."),
        ],
        recalls=["A/RES/77/194"],
    )
    link_versions()
    return v75, v77, v79


def test_a_note_two_versions_back_shows_on_the_paragraph_its_wording_became(
    client, three, make_user
):
    v75, _, _ = three
    note_on(v75, "op3", make_user("amina"), "Written on the 2020 text", tags=["criminal-law"])
    html = client.get(NEWEST).content.decode()
    op5 = paragraph_html(html, "op5")
    assert "Written on the 2020 text" in op5
    assert (
        'On <a href="/resolutions/A/RES/75/158/op3/">A/RES/75/158, para. 3</a> '
        '<span class="earlier-label">(earlier version, 2020)</span>' in op5
    )
    assert '<a href="/tags/criminal-law/" rel="tag">criminal-law</a>' in op5
    assert html.count("Written on the 2020 text") == 1
    # The middle version shows it too, as its previous version's.
    middle = paragraph_html(client.get("/resolutions/A/RES/77/194/").content.decode(), "op4")
    assert "Written on the 2020 text" in middle and "(previous version, 2020)" in middle


def test_notes_from_each_version_are_shown_newest_version_first(client, three, make_user):
    v75, v77, _ = three
    author = make_user("amina")
    note_on(v75, "op2", author, "From the 2020 text")
    note_on(v77, "op2", author, "From the 2022 text")
    op2 = paragraph_html(client.get(NEWEST).content.decode(), "op2")
    assert op2.index("From the 2022 text") < op2.index("From the 2020 text")
    assert 'A/RES/77/194, para. 2</a> <span class="earlier-label">(previous version, 2022)' in op2
    assert 'A/RES/75/158, para. 2</a> <span class="earlier-label">(earlier version, 2020)' in op2


def test_a_note_on_a_paragraph_dropped_in_between_stays_on_its_version(client, three, make_user):
    v75, _, _ = three
    note_on(v75, "op4", make_user("amina"), "On the forum, 2020")
    html = client.get(NEWEST).content.decode()
    # 79/154 op4 has the very words, but 77/194 dropped the paragraph: the chain is broken.
    assert "On the forum, 2020" not in html
    assert "dropped" not in paragraph_html(html, "op4")
    assert "On the forum, 2020" in client.get("/resolutions/A/RES/75/158/").content.decode()


def test_each_viewer_sees_the_notes_two_versions_back_they_may_see(client, three, make_user):
    v75, _, _ = three
    author, teammate, outsider = make_user("amina"), make_user("bruno"), make_user("chen")
    team = Team.create(name="Gender desk", owner=author)
    team.add_member(teammate)
    note_on(v75, "op3", author, "Public remark")
    note_on(v75, "op3", author, "Team remark", visibility="team", team=team)
    note_on(v75, "op3", author, "Private remark", visibility="private")

    def seen(user):
        client.logout()
        if user:
            client.force_login(user)
        op5 = paragraph_html(client.get(NEWEST).content.decode(), "op5")
        return {t for t in ("Public remark", "Team remark", "Private remark") if t in op5}

    assert seen(None) == {"Public remark"}
    assert seen(outsider) == {"Public remark"}
    assert seen(teammate) == {"Public remark", "Team remark"}
    assert seen(author) == {"Public remark", "Team remark", "Private remark"}


def test_a_note_written_two_versions_back_refreshes_the_cached_newest_page(
    client, three, make_user
):
    v75, _, _ = three
    assert "Written later" not in client.get(NEWEST).content.decode()  # cached now
    note_on(v75, "op3", make_user("amina"), "Written later")
    assert "Written later" in client.get(NEWEST).content.decode()


def test_a_corrected_middle_text_moves_the_older_notes_with_it(client, three, make_user):
    v75, v77, _ = three
    author = make_user("amina")
    note_on(v75, "op3", author, "Followed through 2022")
    client.force_login(author)  # never from the page cache: the alignment's own cache is tested
    assert "Followed through 2022" in paragraph_html(client.get(NEWEST).content.decode(), "op5")
    # 77/194 op4 corrected to other words: 75/158 op3 no longer leads anywhere in 79/154.
    paragraph = v77.paragraphs.get(pid="op4")
    paragraph.text = "Welcomes the work of the Special Rapporteur;"
    paragraph.save()
    assert "Followed through 2022" not in client.get(NEWEST).content.decode()


def test_a_signed_in_reader_s_second_visit_does_not_align_the_versions_again(
    client, three, make_user
):
    v75, _, _ = three
    author = make_user("amina")
    note_on(v75, "op3", author, "A remark")
    client.force_login(author)
    cache.clear()
    pagecache.STORE.clear()
    first, _ = reader_queries_kept(client, NEWEST)
    second, html = reader_queries_kept(client, NEWEST)
    assert "A remark" in html
    # The paragraphs of the three versions, read to align them, the document (seven queries)
    # and the header's count of invitations waiting, all kept from the first visit.
    assert second == first - 1 - 7 - 1


def reader_queries_kept(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def series_of(title, first_session, length):
    """A series of `length` versions, every other session from `first_session`, each keeping
    the paragraphs of the one before; the newest is returned."""
    newest = None
    for k in range(length):
        session = first_session + 2 * k
        kept = [(f"op{n}", f"{title}: operative text {n}, kept since;") for n in range(1, 4)]
        newest = make(
            f"A/RES/{session}/10",
            title,
            [("pp1", f"Recalling its resolution {session - 2}/10,"), *kept],
            recalls=[f"A/RES/{session - 2}/10"],
        )
    link_versions()
    newest.refresh_from_db()
    return newest


@pytest.mark.parametrize("role", ["anonymous", "author"])
def test_more_versions_and_notes_cost_the_reader_no_more_queries(client, db, make_user, role):
    author = make_user("amina")
    if role == "author":
        client.force_login(author)
    short = series_of("Short series", 61, 2)  # 61/10 <- 63/10
    note_on(short.previous_version, "op1", author, "The one")
    few, html = reader_queries(client, short.get_absolute_url())
    assert "The one" in html

    long = series_of("Longer series", 71, 6)  # 71/10 <- 73/10 <- … <- 81/10
    older = list(Paragraph.objects.filter(resolution__session__range=(71, 79), pid__regex="^op"))
    Annotation.objects.bulk_create(
        Annotation(
            paragraph=older[k % len(older)],
            author=author,
            note=f"Bulk note {k}",
            visibility="private" if k % 2 else "public",  # 15 paragraphs: each gets both
        )
        for k in range(900)
    )
    many, html = reader_queries(client, long.get_absolute_url())
    assert many == few
    assert "A/RES/71/10, para. 1" in html and "A/RES/79/10, para. 3" in html
    assert "(earlier version, 2016)" in html  # five versions back


def test_the_comparison_shows_an_earlier_note_with_its_tags_as_far_as_the_viewer_may_see(
    client, series, make_user
):
    older, _ = series
    author = make_user("amina")
    note_on(older, "op2", author, "Ratifications lag", tags=["Palermo Protocol"])
    note_on(older, "op2", author, "Mine alone", visibility="private", tags=["desk-secret"])
    compare = "/resolutions/A/RES/77/194/compare/A/RES/75/158/"
    html = client.get(compare).content.decode()
    notes = html[html.index('class="earlier-notes"') :]
    assert "Ratifications lag" in notes
    assert '<a href="/tags/palermo-protocol/" rel="tag">Palermo Protocol</a>' in notes
    assert "desk-secret" not in html and "Mine alone" not in html
    client.force_login(author)
    html = client.get(compare).content.decode()
    assert '<a href="/tags/desk-secret/" rel="tag">desk-secret</a>' in html
