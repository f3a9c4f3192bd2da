"""Search reads each language version of a paragraph (`ParagraphText`) with that language's own
stemming: on PostgreSQL a stored tsvector per row, generated from the text with the language's
text-search configuration, and its GIN index. The English-only vector on `Paragraph` goes.

Chinese has no stemmer and no spaces between words: its vector holds the text's overlapping
pairs of Chinese characters (a "bigram" index, the usual answer for CJK full-text search),
plus its Latin words and numbers, so that a phrase of any length is found as a chain of pairs.

A database whose collation is "C" lower-cases only ASCII letters, so the text is lower-cased
with ICU's root collation where the server has ICU: "États" and "états" are then one word.
"""

from django.db import migrations

from resolutions.search.fulltext import BIGRAMS_FUNCTION, vector_expression

# The languages' configurations, the Chinese characters and the vector's SQL are the code's own
# (resolutions/search/fulltext.py), not copies: 0022 makes the column and its indexes again from
# the same code, so whatever this makes on a new database is replaced there.


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu'")
        collate = ' COLLATE "und-x-icu"' if cursor.fetchone() else ""
    schema_editor.execute(BIGRAMS_FUNCTION)
    schema_editor.execute(
        "ALTER TABLE resolutions_paragraphtext ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({vector_expression('text', collate)}) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX paragraphtext_search_vector ON resolutions_paragraphtext "
        "USING gin (search_vector)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS paragraph_search_vector")
    schema_editor.execute("ALTER TABLE resolutions_paragraph DROP COLUMN IF EXISTS search_vector")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE resolutions_paragraph ADD COLUMN search_vector tsvector "
        "GENERATED ALWAYS AS (to_tsvector('english'::regconfig, text)) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX paragraph_search_vector ON resolutions_paragraph USING gin (search_vector)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS paragraphtext_search_vector")
    schema_editor.execute(
        "ALTER TABLE resolutions_paragraphtext DROP COLUMN IF EXISTS search_vector"
    )
    schema_editor.execute("DROP FUNCTION IF EXISTS resolutions_han_bigrams(text)")


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0008_resolutiontext_problems")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
