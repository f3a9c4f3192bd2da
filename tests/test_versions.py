"""Versions of a resolution: which one follows which, and two versions compared paragraph by
paragraph with the words inserted and deleted."""

import difflib
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from resolutions.across import alignment, descent, diff
from resolutions.across.series import (
    ORDINALS,
    link_versions,
    next_version,
    normalise_title,
    series_of,
    series_summary,
)
from resolutions.models import Paragraph, Resolution
from tests.library_rows import make

TITLE = "Trafficking in women and girls"

OLD = [
    ("pp1", "Recalling its resolution 73/146 of 17 December 2018,"),
    ("pp2", "Reaffirming the Universal Declaration of Human Rights,"),
    ("pp3", "Deeply concerned about the trafficking of women and girls in conflict,"),
    ("pp4", "Noting the work of the Special Rapporteur on trafficking in persons,"),
    ("op1", "Takes note of the report of the Secretary-General;"),
    ("op2", "Urges Member States to ratify the Protocol;"),
    ("op3", "Calls upon Governments to criminalize trafficking and to punish offenders;"),
    (
        "op4",
        "Decides to continue its consideration of the question at its seventy-seventh session.",
    ),
]
NEW = [
    ("pp1", "Recalling its resolution 75/158 of 16 December 2020,"),
    ("pp2", "Reaffirming the Universal Declaration of Human Rights,"),
    (
        "pp3",
        "Deeply concerned about the trafficking of women and girls in conflict, and noting the "
        "work of the Special Rapporteur on trafficking in persons,",
    ),
    ("op1", "Urges Member States to ratify the Protocol;"),
    ("op2", "Takes note with appreciation of the report of the Secretary-General;"),
    ("op3", "Calls upon Governments to criminalize trafficking,"),
    ("op4", "and to punish offenders;"),
    ("op5", "Encourages the use of data on victims;"),
    ("op6", "Decides to continue its consideration of the question at its seventy-ninth session."),
]


@pytest.fixture
def series(db):
    older = make("A/RES/75/158", TITLE, OLD, recalls=["A/RES/73/146"])
    newer = make("A/RES/77/194", TITLE, NEW, recalls=["A/RES/75/158"])
    link_versions()
    older.refresh_from_db()
    newer.refresh_from_db()
    return older, newer


INSERTED = re.compile(r"note <ins>with appreciation</ins> of")


# --- Series -------------------------------------------------------------------------------------


def test_a_resolution_citing_an_earlier_one_of_the_same_title_is_its_next_version(series):
    older, newer = series
    assert newer.previous_version == older
    assert newer.previous_version_found_by == "title+recalls"
    assert older.previous_version is None
    assert next_version(older) == newer


def test_the_same_title_without_other_evidence_links_nothing(db):
    make("A/RES/75/158", TITLE, [("op1", "Welcomes the report;"), ("op2", "Decides to act.")])
    newer = make("A/RES/77/194", TITLE, [("op1", "Urges States;"), ("op2", "Calls for data.")])
    link_versions()
    newer.refresh_from_db()
    assert newer.previous_version is None


def test_an_older_text_naming_the_newer_one_s_session_is_its_previous_version(db):
    older = make(
        "A/RES/77/194",
        TITLE,
        [("op1", "Decides to consider the question at its seventy-ninth session.")],
    )
    newer = make("A/RES/79/154", TITLE, [("op1", "Takes note of the report;")])
    link_versions()
    newer.refresh_from_db()
    assert (newer.previous_version, newer.previous_version_found_by) == (older, "title+schedules")


def test_the_nearest_earlier_text_sharing_much_wording_is_the_previous_version(db):
    shared = [
        ("pp1", "Reaffirming the Universal Declaration of Human Rights,"),
        ("op1", "Urges Member States to ratify the Protocol;"),
    ]
    older = make("A/RES/77/1", TITLE, [*shared, ("op2", "Decides to act.")])
    newer = make(
        "A/RES/79/1", TITLE, [*shared, ("op2", "Decides to act now."), ("op3", "Calls for data.")]
    )
    link_versions()
    newer.refresh_from_db()
    assert (newer.previous_version, newer.previous_version_found_by) == (older, "title+text")


def test_no_link_skips_a_version_of_the_same_title_in_between(db):
    make("A/RES/75/1", TITLE, [("op1", "Alpha;")])
    make("A/RES/77/1", TITLE, [("op1", "Beta;")])
    newer = make("A/RES/79/1", TITLE, [("op1", "Gamma;")], recalls=["A/RES/75/1"])
    link_versions()
    newer.refresh_from_db()
    assert newer.previous_version is None


def test_two_equally_likely_previous_versions_link_neither(db):
    make("A/RES/77/1", TITLE, [("op1", "Alpha;")])
    make("A/RES/77/2", TITLE, [("op1", "Beta;")])
    newer = make("A/RES/79/1", TITLE, [("op1", "Gamma;")], recalls=["A/RES/77/1", "A/RES/77/2"])
    link_versions()
    newer.refresh_from_db()
    assert newer.previous_version is None


def test_session_ordinals_are_read_as_numbers():
    assert ORDINALS["seventy-ninth"] == 79
    assert ORDINALS["eightieth"] == 80
    assert ORDINALS["eighty-first"] == 81
    assert ORDINALS["fifteenth"] == 15


def test_a_citation_of_a_resolution_with_another_title_links_nothing(db):
    make("A/RES/75/158", "Violence against women migrant workers", OLD)
    newer = make("A/RES/77/194", TITLE, NEW, recalls=["A/RES/75/158"])
    link_versions()
    newer.refresh_from_db()
    assert newer.previous_version is None


def test_titles_differing_only_in_case_spacing_and_dashes_are_the_same_title():
    assert normalise_title("Trafficking in  women and girls.") == normalise_title(
        "Trafficking in Women and Girls"
    )
    assert normalise_title("Follow-up to X") == normalise_title("Follow\u2010up to X")
    assert normalise_title("Rights of the child") != normalise_title("Rights of youth")


def test_the_most_recent_earlier_version_cited_is_the_previous_one(db):
    first = make("A/RES/73/146", TITLE, OLD)
    second = make("A/RES/75/158", TITLE, OLD, recalls=["A/RES/73/146"])
    third = make("A/RES/77/194", TITLE, NEW, recalls=["A/RES/73/146", "A/RES/75/158"])
    link_versions()
    third.refresh_from_db()
    second.refresh_from_db()
    assert third.previous_version == second
    assert second.previous_version == first
    assert [r.symbol for r in series_of(first)] == [
        "A/RES/73/146",
        "A/RES/75/158",
        "A/RES/77/194",
    ]
    assert series_summary() == {"series": 1, "longest": 3, "linked": 2}


def test_a_later_resolution_cited_by_an_earlier_one_is_never_its_previous_version(db):
    make("A/RES/77/194", TITLE, NEW)
    older = make("A/RES/75/158", TITLE, OLD, recalls=["A/RES/77/194"])
    link_versions()
    older.refresh_from_db()
    assert older.previous_version is None


def test_a_link_set_by_staff_survives_detection(series, admin_client):
    _, newer = series
    other = make("A/RES/76/1", "Something else", OLD)
    response = admin_client.post(
        f"/admin/resolutions/resolution/{newer.pk}/change/",
        {
            "symbol": newer.symbol,
            "session": newer.session,
            "number": newer.number,
            "number_int": newer.number_int,
            "title": newer.title,
            "adopted": newer.adopted.isoformat(),
            "agenda_items": "[]",
            "primary_language": "en",
            "previous_version": other.pk,
            "paragraphs-TOTAL_FORMS": 0,
            "paragraphs-INITIAL_FORMS": 0,
            "texts-TOTAL_FORMS": 0,
            "texts-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    newer.refresh_from_db()
    assert (newer.previous_version, newer.previous_version_found_by) == (other, "staff")
    call_command("link_versions", stdout=io.StringIO())
    newer.refresh_from_db()
    assert newer.previous_version == other


def test_link_versions_reports_the_series_it_found(series, capsys):
    call_command("link_versions")
    out = capsys.readouterr().out
    assert "1 resolutions follow an earlier version" in out
    assert "1 series" in out


# --- Alignment and words ------------------------------------------------------------------------


def test_a_word_diff_marks_insertions_and_deletions_and_escapes_the_text():
    html = str(
        diff.word_diff(
            "Takes note of the <report>;", "Takes note with appreciation of the <report>;"
        )
    )
    assert html == "Takes note <ins>with appreciation</ins> of the &lt;report&gt;;"
    html = str(diff.word_diff("at its seventy-seventh session.", "at its seventy-ninth session."))
    assert html == "at its <del>seventy-seventh</del><ins>seventy-ninth</ins> session."
    html = str(diff.word_diff("Urges all States to act", "Urges States to act"))
    assert html == "Urges <del>all</del> States to act"


def test_every_paragraph_is_marked_unchanged_changed_new_or_dropped(series):
    older, newer = series
    comparison = alignment.compare(older, newer)
    by_new = {row.new.pid: row for row in comparison.rows if row.new}
    assert by_new["pp2"].status == "unchanged"
    assert by_new["pp1"].status == "changed"
    assert by_new["op1"].status == "unchanged" and by_new["op1"].moved
    assert by_new["op1"].old_one.pid == "op2"
    assert by_new["op2"].status == "changed" and by_new["op2"].old_one.pid == "op1"
    assert INSERTED.search(str(by_new["op2"].html))
    assert by_new["op5"].status == "new"
    assert by_new["op6"].status == "changed" and by_new["op6"].old_one.pid == "op4"
    # Merged: old pp3 and pp4 in new pp3. Split: old op3 into new op3 and op4.
    assert [p.pid for p in by_new["pp3"].old] == ["pp3", "pp4"]
    assert by_new["pp3"].note == "merged from pp3 and pp4"
    assert by_new["op3"].note == "split from op3" and by_new["op4"].note == "split from op3"
    assert {row.new.pid for row in comparison.rows if row.new} == {pid for pid, _ in NEW}
    assert comparison.counts == {"unchanged": 2, "changed": 6, "new": 1, "dropped": 0}


def test_a_paragraph_left_out_is_dropped_where_it_stood(db):
    older = make(
        "A/RES/75/1",
        TITLE,
        [("op1", "Alpha beta gamma;"), ("op2", "Delta epsilon;"), ("op3", "Zeta eta theta.")],
    )
    newer = make("A/RES/77/1", TITLE, [("op1", "Alpha beta gamma;"), ("op2", "Zeta eta theta.")])
    rows = alignment.compare(older, newer).rows
    assert [(r.status, r.new and r.new.pid, r.old_one and r.old_one.pid) for r in rows] == [
        ("unchanged", "op1", "op1"),
        ("dropped", None, "op2"),
        ("unchanged", "op2", "op3"),
    ]


def test_a_paragraph_s_history_says_when_its_wording_appeared_and_where_it_changed(db):
    first = make(
        "A/RES/73/1", TITLE, [("op1", "Urges States to act;"), ("op2", "Decides to meet.")]
    )
    second = make(
        "A/RES/75/1",
        TITLE,
        [("op1", "Urges States to act;"), ("op2", "Decides to meet again.")],
        recalls=["A/RES/73/1"],
    )
    third = make(
        "A/RES/77/1",
        TITLE,
        [
            ("op1", "Urges States to act;"),
            ("op2", "Decides to meet again."),
            ("op3", "Asks for a report."),
        ],
        recalls=["A/RES/75/1"],
    )
    link_versions()
    series = series_of(Resolution.objects.get(pk=third.pk))
    histories = descent.series_histories(series)
    op1, op2, op3 = (third.paragraphs.get(pid=pid) for pid in ("op1", "op2", "op3"))
    assert [s.resolution.symbol for s in histories[op1.pk]] == [
        "A/RES/73/1",
        "A/RES/75/1",
        "A/RES/77/1",
    ]
    # op1's words stand unchanged since the first version; op2's were changed in the second.
    assert [s.status for s in histories[op1.pk]] == ["", "unchanged", "unchanged"]
    assert [(s.resolution, s.status) for s in histories[op2.pk]] == [
        (first, ""),
        (second, "changed"),
        (third, "unchanged"),
    ]
    assert [s.resolution for s in histories[op3.pk]] == [third]
    assert descent.history(op2, series)[1].status == "changed"


# --- The comparison page ------------------------------------------------------------------------

COMPARE = "/resolutions/A/RES/77/194/compare/A/RES/75/158/"


def test_the_comparison_page_shows_each_paragraph_s_status_and_the_counts(client, series):
    response = client.get(COMPARE)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "<h1>Trafficking in women and girls: A/RES/77/194 compared with A/RES/75/158</h1>" in html
    )
    assert "2 unchanged" in html and "6 changed" in html and "1 new" in html and "0 dropped" in html
    assert INSERTED.search(html)
    assert "merged from pp3 and pp4" in html
    assert "HX-Request" in response["Vary"]


def test_the_comparison_is_the_same_whichever_symbol_comes_first(client, series):
    a = client.get(COMPARE).content.decode()
    b = client.get("/resolutions/A/RES/75/158/compare/A/RES/77/194/").content.decode()
    assert a.count("status-changed") == b.count("status-changed") == 6


def test_htmx_gets_only_the_rows_and_a_filter_narrows_them(client, series):
    response = client.get(COMPARE + "?show=new", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<h1>" not in html and "<html" not in html
    assert html.count('class="compare-row ') == 1 and "Encourages the use of data" in html


def test_comparing_with_an_unknown_resolution_is_not_found(client, series):
    assert client.get("/resolutions/A/RES/77/194/compare/A/RES/1/1/").status_code == 404
    assert client.get("/resolutions/A/RES/77/194/compare/A/RES/77/194/").status_code == 404


def test_the_comparison_refuses_a_post(client, series):
    assert client.post(COMPARE).status_code == 405


def test_the_comparison_of_versions_shows_the_paragraph_history(client, series):
    html = client.get(COMPARE).content.decode()
    assert "In the series since A/RES/75/158; changed in A/RES/77/194." in html
    assert "In the series since A/RES/75/158." in html


def test_notes_on_the_older_paragraph_show_on_the_newer_one_for_those_who_may_see_them(
    client, series, make_user
):
    from annotations.models import Annotation

    older, _ = series
    author, stranger = make_user("amina"), make_user("bruno")
    old_op1 = older.paragraphs.get(pid="op1")
    Annotation.objects.create(
        paragraph=old_op1, author=author, note="Check the 2020 report", visibility="public"
    )
    Annotation.objects.create(
        paragraph=old_op1, author=author, note="My private remark", visibility="private"
    )
    client.force_login(stranger)
    html = client.get(COMPARE).content.decode()
    assert "Notes on A/RES/75/158 (earlier version)" in html
    assert "Check the 2020 report" in html and "My private remark" not in html
    client.force_login(author)
    assert "My private remark" in client.get(COMPARE).content.decode()
    # Nothing is copied: the notes stay on the older paragraph.
    assert Annotation.objects.filter(paragraph__resolution__symbol="A/RES/77/194").count() == 0


def test_the_comparison_makes_as_many_queries_for_many_paragraphs_and_notes(client, db, make_user):
    from annotations.models import Annotation

    author = make_user("amina")

    def queries_for(n, session):
        old = make(
            f"A/RES/{session}/1",
            f"Title {n}",
            [(f"op{k}", f"Paragraph {k} says word{k} here;") for k in range(1, n + 1)],
        )
        new = make(
            f"A/RES/{session + 2}/1",
            f"Title {n}",
            [(f"op{k}", f"Paragraph {k} says word{k} there;") for k in range(1, n + 1)],
            recalls=[old.symbol],
        )
        Annotation.objects.bulk_create(
            Annotation(paragraph=p, author=author, note="n", visibility="public")
            for p in old.paragraphs.all()
        )
        link_versions()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/resolutions/{new.symbol}/compare/{old.symbol}/").status_code == 200
        return len(queries)

    assert queries_for(5, 60) == queries_for(60, 70)


# --- On the reader ------------------------------------------------------------------------------


def test_the_reader_links_the_previous_and_next_versions(client, series):
    html = client.get("/resolutions/A/RES/77/194/").content.decode()
    assert (
        'Previous version: <a href="/resolutions/A/RES/75/158/" rel="prev">A/RES/75/158</a>' in html
    )
    assert (
        'href="/resolutions/A/RES/77/194/compare/A/RES/75/158/">Compare with A/RES/75/158</a>'
        in html
    )
    html = client.get("/resolutions/A/RES/75/158/").content.decode()
    assert 'Next version: <a href="/resolutions/A/RES/77/194/" rel="next">A/RES/77/194</a>' in html


def test_relinking_versions_refreshes_a_cached_reader_page(client, db):
    make("A/RES/75/158", TITLE, OLD)
    make("A/RES/77/194", TITLE, NEW, recalls=["A/RES/75/158"])
    assert "Previous version" not in client.get("/resolutions/A/RES/77/194/").content.decode()
    call_command("link_versions", stdout=io.StringIO())
    assert "Previous version" in client.get("/resolutions/A/RES/77/194/").content.decode()


def test_headings_are_left_out_of_a_comparison(db):
    older = make("A/RES/75/1", TITLE, [("op1", "Alpha;")])
    Paragraph.objects.create(
        resolution=older, pid="h1", kind="heading", position=0, text="I. General"
    )
    newer = make("A/RES/77/1", TITLE, [("op1", "Alpha;")])
    assert [r.status for r in alignment.compare(older, newer).rows] == ["unchanged"]


def test_a_non_breaking_hyphen_is_no_change(db):
    older = make("A/RES/75/1", TITLE, [("op1", "Urges non-governmental organizations to act;")])
    newer = make(
        "A/RES/77/1", TITLE, [("op1", "Urges non\u2011governmental organizations to act;")]
    )
    assert [r.status for r in alignment.compare(older, newer).rows] == ["unchanged"]


WORDS = st.sampled_from(["the", "States", "women", "girls", "and", "of", ",", ";", "(a)", "\u2013"])
SPACES = st.sampled_from([" ", "  ", "\n", "\u00a0"])


@st.composite
def texts(draw):
    """Texts of a few words, spaces and punctuation, many repeated: what makes a word diff
    hard."""
    out = []
    for word in draw(st.lists(WORDS, max_size=40)):
        out.append(word)
        if draw(st.booleans()):
            out.append(draw(SPACES))
    return "".join(out)


@settings(max_examples=300, deadline=None)
@given(texts(), texts())
def test_the_word_diff_finds_what_difflib_finds(old, new):
    a = [diff._key(t) for t in diff.tokens(old)]
    b = [diff._key(t) for t in diff.tokens(new)]
    expected = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    assert diff._SpacedMatcher(a, b).get_opcodes() == expected


def test_the_history_from_a_comparison_s_rows_is_the_history_made_afresh(series):
    older, newer = series
    comparison = alignment.compare(older, newer)
    chain = [older, newer]
    again = descent.series_histories(chain)
    reused = descent.series_histories(chain, known={(older.pk, newer.pk): comparison.rows})
    assert reused.keys() == again.keys()
    for pk, steps in again.items():
        assert [(s.resolution.pk, s.paragraph.pk, s.status) for s in reused[pk]] == [
            (s.resolution.pk, s.paragraph.pk, s.status) for s in steps
        ]
