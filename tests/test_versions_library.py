"""The synthetic library of earlier versions the agreed-language benchmark measures: series that
go back through the sessions, each version edited from the next, the same for the same seed."""

import pytest
from django.db import connection

from benchmarks.versions_library import SOURCE, fill_versions, move_sessions, ordinal
from resolutions.models import Paragraph, ParagraphText, Resolution
from tests.library_rows import make

TITLE = "Trafficking in women and girls"
PARAGRAPHS = [
    ("pp1", "Recalling all international conventions that deal specifically with trafficking;"),
    (
        "pp2",
        "Reaffirming the provisions pertaining to trafficking in women and girls contained in the "
        "outcome documents of relevant international conferences and summits,",
    ),
    ("op1", "Takes note with appreciation of the report of the Secretary-General;"),
    (
        "op2",
        "Urges Governments to strengthen measures to address the root causes, including external "
        "factors, that make women and girls vulnerable to trafficking, such as poverty;",
    ),
    (
        "op3",
        "Calls upon Governments to allocate resources, as appropriate, for comprehensive "
        "programmes for the physical, psychological and social recovery of victims;",
    ),
    (
        "op4",
        "Requests the Secretary-General to submit to the General Assembly at its eighty-first "
        "session a report on the implementation of the present resolution.",
    ),
]

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the library is written with COPY"
)


def test_the_sessions_a_text_names_move_with_its_version():
    assert (
        ordinal(79) == "seventy-ninth" and ordinal(80) == "eightieth" and ordinal(12) == ("twelfth")
    )
    text = "Decides to include in the provisional agenda of its eightieth session the item"
    assert move_sessions(text, -2) == (
        "Decides to include in the provisional agenda of its seventy-eighth session the item"
    )
    # A session named as history stays where it was.
    assert move_sessions("adopted during the seventy-sixth session", -2) == (
        "adopted during the seventy-sixth session"
    )


def synthetic():
    return Resolution.objects.filter(source_name=SOURCE)


def texts():
    return list(
        Paragraph.objects.filter(resolution__source_name=SOURCE)
        .order_by("resolution__session", "resolution__number_int", "position")
        .values_list("resolution__symbol", "pid", "text")
    )


@postgresql_only
def test_each_series_goes_back_through_the_sessions_in_versions_edited_one_from_the_next(db):
    newest = make("A/RES/79/154", TITLE, PARAGRAPHS)
    make("A/RES/77/194", TITLE, PARAGRAPHS[:-1])
    make("A/RES/78/1", "Oceans", [("op1", "Calls for the protection of the oceans;")])
    total = fill_versions(400, progress=lambda message: None)
    assert total == Paragraph.objects.count() >= 400
    made = synthetic()
    # Symbols no real session reaches; a date in the December of each version's session.
    assert all(r.number_int > 1000 and r.symbol.startswith(f"A/RES/{r.session}/") for r in made)
    assert all(r.adopted.year == 1945 + r.session and r.session >= 30 for r in made)
    # The real series goes back from its oldest version, each version linked to the one before.
    oldest = Resolution.objects.get(symbol="A/RES/77/194").previous_version
    assert oldest.source_name == SOURCE and oldest.title == TITLE and oldest.session < 77
    assert newest.previous_version is None  # the real library's own links are its own
    # Most paragraphs of a version are its successor's word for word; not all.
    same = total_before = 0
    for later in Resolution.objects.filter(previous_version__source_name=SOURCE):
        kept = set(later.paragraphs.values_list("text", flat=True))
        before = list(later.previous_version.paragraphs.values_list("text", flat=True))
        assert later.previous_version.session < later.session
        same += sum(text in kept for text in before)
        total_before += len(before)
    assert 0.4 < same / total_before < 0.95
    # Every paragraph has its English text row, placed by the database's triggers.
    rows = ParagraphText.objects.filter(paragraph__resolution__source_name=SOURCE)
    assert rows.count() == Paragraph.objects.filter(resolution__source_name=SOURCE).count()
    assert all(row.language == "en" for row in rows)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM resolutions_paragraphtext t JOIN resolutions_paragraph p "
            "ON p.id = t.paragraph_id JOIN resolutions_resolution r ON r.id = p.resolution_id "
            "WHERE r.source_name = %s AND t.session IS DISTINCT FROM r.session",
            [SOURCE],
        )
        assert cursor.fetchone()[0] == 0


@postgresql_only
def test_the_same_seed_makes_the_same_library(db):
    make("A/RES/79/154", TITLE, PARAGRAPHS)
    fill_versions(300, seed=5, progress=lambda message: None)
    first = texts()
    synthetic().delete()
    fill_versions(300, seed=5, progress=lambda message: None)
    assert texts() == first
    synthetic().delete()
    fill_versions(300, seed=6, progress=lambda message: None)
    assert texts() != first
