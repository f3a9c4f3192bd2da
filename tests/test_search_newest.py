"""Search chooses the most recent matches of a common query by each text row's place in the
library (newest resolution first, then reading order). Every language version carries a copy of
that place (`ParagraphText.in_text`, `session`, `number_int`, `resolution`, `position`), which
ingest writes on both databases and PostgreSQL's triggers keep exact whatever else writes the
rows; these tests hold the copy to the paragraphs and resolutions it comes from, through ingest
and re-ingest, and check what a reader sees follows the text as it now stands."""

from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import F

from resolutions.ingest.writer import ingest_parsed
from resolutions.models import Paragraph, ParagraphText, Resolution
from resolutions.parsing import ParsedParagraph, ParsedResolution
from resolutions.search.query import search_paragraphs

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "A_RES_79_154.md"

only_on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the triggers following other writers"
)

PLACE = ("in_text", "session", "number_int", "resolution_id", "position")
SOURCE = (
    "paragraph__in_text",
    "paragraph__resolution__session",
    "paragraph__resolution__number_int",
    "paragraph__resolution_id",
    "paragraph__position",
)


def misplaced() -> list[tuple]:
    """Text rows whose copied place differs from their paragraph's and resolution's."""
    rows = ParagraphText.objects.values_list("pk", "language", *PLACE, *SOURCE)
    return [row for row in rows if row[2:7] != row[7:]]


def ingest(path):
    from io import StringIO

    from django.core.management import call_command

    call_command("ingest_resolution", str(path), stdout=StringIO())


def test_the_declared_place_is_what_the_table_holds(db):
    """Each copied column as the model declares it, on either database: PostgreSQL's made by
    migration 0012, SQLite's by 0023."""
    table = ParagraphText._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT column_name, data_type, is_nullable = 'YES' "
                "FROM information_schema.columns WHERE table_name = %s",
                [table],
            )
            actual = {name: (kind, null) for name, kind, null in cursor.fetchall()}
        else:
            cursor.execute(f"PRAGMA table_info({table})")
            actual = {row[1]: (row[2].lower(), not row[3]) for row in cursor.fetchall()}
    for name in ("in_text", "session", "number_int", "resolution", "position"):
        field = ParagraphText._meta.get_field(name)
        assert actual[field.column] == (field.db_type(connection).lower(), True), name


def test_every_ingested_text_carries_its_paragraph_s_place(db):
    ingest(BUNDLED)
    assert ParagraphText.objects.count() == 90
    assert misplaced() == []
    assert not ParagraphText.objects.filter(in_text__isnull=True).exists()


@only_on_postgresql
def test_texts_written_by_other_means_take_their_place_on_postgresql(db, make_resolution):
    make_resolution(5)
    assert ParagraphText.objects.count() == 5
    assert misplaced() == []


def test_the_places_follow_a_re_ingest_that_drops_a_paragraph(db, tmp_path):
    ingest(BUNDLED)
    text = BUNDLED.read_text(encoding="utf-8")
    shorter = text[: text.index("52. *Requests*")] + text[text.index("53rd plenary meeting") :]
    (tmp_path / "A_RES_79_154.md").write_text(shorter, encoding="utf-8")
    ingest(tmp_path / "A_RES_79_154.md")
    assert Paragraph.objects.get(pid="op52").in_text is False
    assert misplaced() == []


def _parsed(language, session, pids):
    words = {"en": "Decides to act on item {};", "fr": "Décide d'agir sur le point {} ;"}
    return ParsedResolution(
        symbol="A/RES/77/999", session=session, number="999", title=f"Title ({language})",
        adopted=date(2022, 12, 15), distributed=None, agenda_items=[], committee="",
        report_symbol=None, report_paragraph=None, meeting=None,
        paragraphs=[
            ParsedParagraph(pid, "operative", pid[2:], None, words[language].format(pid))
            for pid in pids
        ],
        footnotes=[], form="akn", language=language,
    )  # fmt: skip


def test_the_other_languages_follow_when_a_load_moves_the_paragraphs(db):
    """A new English text that puts a paragraph first and corrects the session moves the
    French rows' places too, though the French text was not loaded again."""
    ingest_parsed(_parsed("en", 76, ["op1", "op2"]), source_name="en.xml", checksum="en1")
    ingest_parsed(_parsed("fr", 76, ["op1", "op2"]), source_name="fr.xml", checksum="fr1")
    ingest_parsed(_parsed("en", 77, ["op0", "op1", "op2"]), source_name="en.xml", checksum="en2")
    french = ParagraphText.objects.filter(language="fr")
    french = dict(french.values_list("paragraph__pid", "position"))
    assert french == {"op1": 2, "op2": 3}
    assert set(ParagraphText.objects.values_list("session", flat=True)) == {77}
    assert misplaced() == []
    # And search finds the French paragraph in its new session.
    assert [h.paragraph.pid for h in search_paragraphs("agir", session=77, language="fr").hits]


@only_on_postgresql
def test_the_places_follow_paragraphs_and_resolutions_however_they_are_changed(db, make_resolution):
    first = make_resolution(4)
    second = make_resolution(3, symbol="A/RES/71/2", session=71)
    Paragraph.objects.filter(resolution=first).update(position=F("position") + 10)
    moved = first.paragraphs.get(pid="op2")
    moved.in_text = False
    moved.save()
    Paragraph.objects.bulk_update(
        [Paragraph(pk=p.pk, position=100 - p.position) for p in second.paragraphs.all()],
        ["position"],
    )
    Resolution.objects.filter(pk=second.pk).update(session=72, number_int=9)
    text = ParagraphText.objects.filter(paragraph__resolution=first).first()
    text.paragraph = second.paragraphs.first()
    text.language = "fr"
    text.save()
    assert misplaced() == []


def test_a_paragraph_dropped_by_a_re_ingest_is_no_longer_found(db, tmp_path):
    ingest(BUNDLED)
    phrase = "successful interventions and strategies"
    before = [hit.paragraph.pid for hit in search_paragraphs(f'"{phrase}"').hits]
    assert "op52" in before
    text = BUNDLED.read_text(encoding="utf-8")
    shorter = text[: text.index("52. *Requests*")] + text[text.index("53rd plenary meeting") :]
    (tmp_path / "A_RES_79_154.md").write_text(shorter, encoding="utf-8")
    ingest(tmp_path / "A_RES_79_154.md")
    after = [hit.paragraph.pid for hit in search_paragraphs(f'"{phrase}"').hits]
    assert "op52" not in after


@pytest.fixture
def cap_of_60(monkeypatch):
    monkeypatch.setattr("resolutions.search.query.CANDIDATES", 60)


def test_past_the_cap_the_first_paragraphs_in_reading_order_are_ranked_as_they_now_stand(
    db, make_resolution, cap_of_60
):
    resolution = make_resolution(70)
    # A new version of the text puts the paragraphs in the opposite order.
    Paragraph.objects.bulk_update(
        [Paragraph(pk=p.pk, position=71 - p.position) for p in resolution.paragraphs.all()],
        ["position"],
    )
    results = search_paragraphs("report")
    assert results.capped
    pages = [search_paragraphs("report", page=page) for page in (1, 2)]
    ranked = {hit.paragraph.pid for page in pages for hit in page.hits}
    # Now first in reading order: op70 … op11; op1 … op10 stand last and fall past the cap.
    assert ranked == {f"op{n}" for n in range(11, 71)}


def test_a_capped_search_costs_the_same_queries_as_a_search_of_few_matches(
    client, make_resolution, cap_of_60, django_assert_num_queries
):
    make_resolution(3, symbol="A/RES/70/3")
    # The hits (found, then fetched with their snippets), the titles holding the words, the
    # series of those and of the hits, the sessions and the subjects for the form, then the
    # annotations hook: notes and their tags.
    queries = 8 if connection.vendor == "postgresql" else 7
    with django_assert_num_queries(queries):
        few = client.get("/search/", {"q": "report"}).content.decode()
    make_resolution(70, symbol="A/RES/71/70", session=71)
    with django_assert_num_queries(queries):
        many = client.get("/search/", {"q": "report"}).content.decode()
    assert "3 paragraphs match" in few
    assert "Showing the 60 most recent of more than 60 paragraphs" in many
