"""The system check that says when a PostgreSQL database lacks the index of words as agreed
language reads them (it needs ICU when the migrations run): without it, short phrases and quoted
phrases still work, reading every text of their language, so the database is told, not refused."""

import pytest
from django.core import checks
from django.db import connection

from resolutions.search import fulltext


def warnings_of_the_database() -> list:
    found = checks.run_checks(databases=["default"], tags=[checks.Tags.database])
    return [message for message in found if message.id == "resolutions.W001"]


def test_a_database_migrated_as_usual_gets_no_warning(db):
    assert warnings_of_the_database() == []


def test_the_check_runs_only_when_asked_about_databases(db):
    assert [m for m in checks.run_checks() if m.id == "resolutions.W001"] == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's index of words")
def test_a_dropped_index_of_words_is_warned_of_by_name(db):
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX paragraphtext_agreed_words")
    [warning] = warnings_of_the_database()
    assert warning.level == checks.WARNING
    assert "the index paragraphtext_agreed_words" in warning.msg
    assert "paragraph_agreed_words," not in warning.msg
    assert "remake_word_index('default')" in warning.hint


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's index of words")
def test_a_missing_function_is_warned_of_and_remade_as_the_hint_says(db):
    with connection.cursor() as cursor:
        cursor.execute(f"DROP FUNCTION {fulltext.WORDS_FUNCTION}(text) CASCADE")
    [warning] = warnings_of_the_database()
    assert f"the function {fulltext.WORDS_FUNCTION}(text)" in warning.msg
    assert "the index paragraphtext_agreed_words" in warning.msg
    assert fulltext.remake_word_index("default")
    assert warnings_of_the_database() == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's index of words")
def test_a_search_without_the_function_is_logged_and_still_finds_the_phrase(db, caplog):
    from resolutions.across.agreed import holding_any
    from resolutions.models import ParagraphText
    from tests.library_rows import make

    make("A/RES/70/1", "A title", [("op1", "Decides to combat trafficking in persons;")])
    with connection.cursor() as cursor:
        cursor.execute(f"DROP FUNCTION {fulltext.WORDS_FUNCTION}(text) CASCADE")
    fulltext.words_indexed.cache_clear()
    try:
        rows = holding_any(ParagraphText.objects.all(), [["trafficking", "in", "persons"]])
        assert [text.paragraph.pid for text in rows] == ["op1"]
    finally:
        fulltext.words_indexed.cache_clear()
    assert "resolutions.W001" in caplog.text
