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

LANGUAGE_CONFIGS = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "ru": "russian",
    "ar": "arabic",
}
HAN = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"

BIGRAMS_FUNCTION = rf"""
CREATE OR REPLACE FUNCTION resolutions_han_bigrams(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(string_agg(substr(t, i, 2), ' ' ORDER BY i), '')
    FROM generate_series(1, length(t) - 1) AS i
    WHERE substr(t, i, 2) ~ '^{HAN}{{2}}$'
$$
"""


def vector_expression(collate: str) -> str:
    lowered = f"lower(text{collate})"
    cases = " ".join(
        f"WHEN '{code}' THEN to_tsvector('{config}'::regconfig, {lowered})"
        for code, config in LANGUAGE_CONFIGS.items()
    )
    han = (
        "WHEN 'zh' THEN to_tsvector('simple'::regconfig, resolutions_han_bigrams(text) || ' ' || "
        f"regexp_replace({lowered}, '[^a-z0-9]+', ' ', 'g'))"
    )
    return f"CASE language {cases} {han} ELSE to_tsvector('simple'::regconfig, {lowered}) END"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu'")
        collate = ' COLLATE "und-x-icu"' if cursor.fetchone() else ""
    schema_editor.execute(BIGRAMS_FUNCTION)
    schema_editor.execute(
        "ALTER TABLE resolutions_paragraphtext ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({vector_expression(collate)}) STORED"
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
