"""On SQLite, search, quoted phrases and agreed language's short phrases go through full-text
indexes (FTS5, migration 0018) and find exactly what they found by reading every text; the
indexes follow every write of a text, whatever writes it.

The indexes are SQLite's: PostgreSQL searches through its own (migrations 0009, 0012, 0013,
0022), so these tests do not apply there."""

import contextlib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from resolutions.across import agreed
from resolutions.models import (
    Instrument,
    MemberState,
    PageVersion,
    Paragraph,
    ParagraphText,
    Resolution,
    Subject,
)
from resolutions.search import fulltext
from resolutions.search.phrases import quoted_phrase, search_phrase
from resolutions.search.query import search_paragraphs
from tests.library_rows import make

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="SQLite's full-text indexes; PostgreSQL searches through its own text indexes",
)

AKN = Path(__file__).resolve().parent.parent / "data" / "akn"
# Trafficking, the climate, technology and waste in the six languages; two English texts of the
# newest session.
SAMPLE = [
    "A/RES/77/194",
    "A/RES/77/165",
    "A/RES/77/150",
    "A/RES/77/161",
    "A/RES/79/154",
    "A/RES/79/1",
]

# Searches of words (each with its language, or None for all): the benchmark's, and words too
# short for the trigram index, exclusions, spellings, an acronym, capitals, a second page.
WORDS = [
    ("trafficking in persons", None, 1),
    ("forced labor", None, 1),
    ("sustainable development", None, 2),
    ("CEDAW", None, 1),
    ("climate change", "en", 1),
    ("traite des personnes", "fr", 1),
    ("développement durable", None, 1),
    ("trata de personas", "es", 1),
    ("торговля людьми", "ru", 1),
    ("устойчивого развития", None, 1),
    ("الاتجار بالأشخاص", "ar", 1),
    ("贩运人口", "zh", 1),
    ("可持续发展", None, 1),
    ("妇女", "zh", 1),
    ("UN women", None, 1),
    ("women -girls", "en", 1),
    ('"information and communications" technologies', None, 1),
    ("Organisation", None, 1),
    ("TRAFFICK", None, 1),
    ("rare-word-absent", None, 1),
]
# Quoted phrases and agreed language's short phrases (a language each).
PHRASES = [
    ("trafficking in persons", None),
    ("the General Assembly", None),
    ("climate change", "en"),
    ("développement durable", None),
    ("торговля людьми", "ru"),
    ("الاتجار بالأشخاص", "ar"),
    ("可持续发展", None),
    ("回顾其", "zh"),
    ("greenhouse gas emissions", None),
    ("non-governmental organizations", "en"),
    ("forced labor", "en"),
    ("Member States", None),
    ("états membres", "fr"),
]


@pytest.fixture(scope="module")
def sample(django_db_setup, django_db_blocker):
    """Six resolutions of the UN's sessions, four of them in the six languages."""
    with django_db_blocker.unblock():
        with contextlib.suppress(CommandError):
            call_command(
                "load_library",
                str(AKN / "ga-77.tar.xz"),
                str(AKN / "ga-79-en.tar.xz"),
                "--lenient",
                "--symbols",
                ",".join(SAMPLE),
                stdout=StringIO(),
                stderr=StringIO(),
            )
        assert set(Resolution.objects.values_list("symbol", flat=True)) == set(SAMPLE)
    yield
    with django_db_blocker.unblock():
        Resolution.objects.all().delete()
        for model in (Instrument, MemberState, Subject, PageVersion):
            model.objects.all().delete()


@contextlib.contextmanager
def without_indexes():
    """The database as it was before migration 0018, for as long as the block lasts."""
    module = __import__("resolutions.migrations.0018_fts_search", fromlist=["DROP"])
    with transaction.atomic():
        with connection.cursor() as cursor:
            for sql in module.DROP:
                cursor.execute(sql)
        fulltext.refresh(connection.alias)
        try:
            yield
        finally:
            transaction.set_rollback(True)
    fulltext.refresh(connection.alias)


def word_results(query, language, page):
    found = search_paragraphs(query, language=language, page=page)
    hits = [(h.paragraph.pk, h.language, round(h.rank, 9), str(h.snippet)) for h in found.hits]
    return hits, found.matched, found.capped


def phrase_results(phrase, language):
    found = search_phrase(phrase, language=language)
    hits = [(h.paragraph.pk, h.language, str(h.snippet)) for h in found.hits]
    return hits, found.matched, found.capped


def agreed_results(phrase, language):
    found = agreed.for_phrase(phrase, language)
    return [(m.paragraph.pk, str(m.html)) for m in found.matches], found.total, found.by_year


@pytest.mark.django_db
def test_every_search_finds_what_reading_every_text_found_in_the_same_order(sample):
    assert fulltext.indexed(connection.alias)
    new_words = {q: word_results(*q) for q in WORDS}
    new_phrases = {p: phrase_results(*p) for p in PHRASES}
    new_agreed = {p: agreed_results(p[0], p[1] or "en") for p in PHRASES}
    with without_indexes():
        assert not fulltext.indexed(connection.alias)
        old_words = {q: word_results(*q) for q in WORDS}
        old_phrases = {p: phrase_results(*p) for p in PHRASES}
        old_agreed = {p: agreed_results(p[0], p[1] or "en") for p in PHRASES}
    assert fulltext.indexed(connection.alias)
    for query in WORDS:
        assert new_words[query] == old_words[query], query
    for phrase in PHRASES:
        assert new_phrases[phrase] == old_phrases[phrase], phrase
        assert new_agreed[phrase] == old_agreed[phrase], phrase
    # The comparison is of searches that find something, in every language.
    assert [q for q in WORDS if not new_words[q][1]] == [("rare-word-absent", None, 1)]
    assert [p for p in PHRASES if not new_phrases[p][1]] == []
    assert {h[1] for q in WORDS for h in new_words[q][0]} == {"ar", "zh", "en", "fr", "ru", "es"}


@pytest.mark.django_db
def test_the_search_page_reads_the_indexes_not_every_text(client, sample):
    """Each search asks the index for its rows: a word, and a quoted phrase."""
    with connection.execute_wrapper(recorder := Recorder()):
        assert client.get("/search/", {"q": "trafficking"}).status_code == 200
        assert client.get("/search/", {"q": '"trafficking in persons"'}).status_code == 200
    assert any(f"{fulltext.TRIGRAMS} MATCH" in sql for sql in recorder.sql)
    assert any(f"{fulltext.WORDS} MATCH" in sql for sql in recorder.sql)
    assert quoted_phrase('"trafficking in persons"')


class Recorder:
    def __init__(self):
        self.sql = []

    def __call__(self, execute, sql, params, many, context):
        self.sql.append(sql)
        return execute(sql, params, many, context)


# --- The indexes follow every write ---------------------------------------------------------------


def one(text):
    resolution = make("A/RES/78/5", "A title", [("op1", text)])
    return ParagraphText.objects.get(paragraph__resolution=resolution, language="en")


# The texts these tests write are of session 78, which the sample loaded above has none of.
def pids(query):
    return [(h.paragraph.pid, h.language) for h in search_paragraphs(query, session=78).hits]


def phrase_pids(phrase):
    return [(h.paragraph.pid, h.language) for h in search_phrase(phrase, session=78).hits]


@pytest.mark.django_db
def test_a_text_written_is_found_and_a_text_corrected_by_its_new_words_only():
    row = one("Condemns the trafficking of cultural property;")
    assert pids("trafficking") == [("op1", "en")]
    assert phrase_pids("cultural property") == [("op1", "en")]
    row.text = "Welcomes the restitution of cultural heritage;"
    row.save()
    assert pids("trafficking") == []
    assert phrase_pids("cultural property") == []
    assert pids("restitution") == [("op1", "en")]
    assert phrase_pids("cultural heritage") == [("op1", "en")]


@pytest.mark.django_db
def test_a_text_deleted_is_no_longer_found():
    row = one("Condemns the trafficking of cultural property;")
    row.delete()
    assert pids("trafficking") == []
    assert phrase_pids("cultural property") == []


@pytest.mark.django_db
def test_texts_written_in_bulk_or_in_sql_are_found():
    """Ingest writes rows in bulk, or in SQL of its own: the triggers index them as they come."""
    resolution = make("A/RES/78/6", "A title", [("op1", "Notes the report;")])
    paragraph = resolution.paragraphs.get()
    ParagraphText.objects.bulk_create(
        [ParagraphText(paragraph=paragraph, language="fr", text="Prend note du rapport ﬁnal;")]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ParagraphText._meta.db_table} "  # noqa: S608
            "(paragraph_id, language, text, emphasis, links, markers, citations) "
            "VALUES (%s, 'es', 'Toma nota del informe FINAL;', '[]', '[]', '[]', '[]')",
            [paragraph.pk],
        )
    assert pids("rapport") == [("op1", "fr")]
    assert pids("informe final") == [("op1", "es")]
    # The ligature "ﬁ" is two letters to a phrase, as agreed language reads it.
    assert phrase_pids("rapport final") == [("op1", "fr")]
    ParagraphText.objects.filter(language__in=["fr", "es"]).update(text="Rien;")
    assert pids("rapport") == [] and pids("informe") == []
    assert phrase_pids("rien") == [("op1", "fr"), ("op1", "es")]


@pytest.mark.django_db
def test_a_paragraph_deleted_with_its_resolution_takes_its_texts_out_of_the_indexes():
    one("Condemns the trafficking of cultural property;")
    Resolution.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {fulltext.WORDS}")  # noqa: S608
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            f"SELECT count(*) FROM {fulltext.TRIGRAMS} WHERE {fulltext.TRIGRAMS} MATCH 'traffick'"  # noqa: S608
        )
        assert cursor.fetchone()[0] == 0


@pytest.mark.django_db
def test_a_phrase_with_nothing_to_look_up_is_checked_against_every_text():
    """Words the index keeps no token of ("_") leave the phrase to the word-by-word check."""
    one("Recalls item _ of the agenda;")
    assert fulltext.phrases_query([["_"]]) is None
    assert phrase_pids("_") == [("op1", "en")]
    # Words shorter than three letters go to the same check as before, and are found.
    assert fulltext.substrings_query([["of"]]) is None
    assert pids("of agenda") == [("op1", "en")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_indexes_the_texts_already_loaded():
    migration = __import__("resolutions.migrations.0018_fts_search", fromlist=["CREATE"])
    with connection.cursor() as cursor:
        for sql in migration.DROP:
            cursor.execute(sql)
    fulltext.refresh(connection.alias)
    assert not fulltext.indexed(connection.alias)
    one("Condemns the trafficking of cultural property;")
    assert pids("trafficking") == [("op1", "en")]  # every text read, as before
    # The migration's own step, on a library loaded before it.
    with connection.schema_editor() as editor:
        migration.Migration.operations[0].code(None, editor)
    fulltext.refresh(connection.alias)
    assert fulltext.indexed(connection.alias)
    with connection.execute_wrapper(recorder := Recorder()):
        assert pids("trafficking") == [("op1", "en")]
        assert phrase_pids("cultural property") == [("op1", "en")]
    assert any(f"{fulltext.TRIGRAMS} MATCH" in sql for sql in recorder.sql)
    assert any(f"{fulltext.WORDS} MATCH" in sql for sql in recorder.sql)
    Paragraph.objects.all().delete()
