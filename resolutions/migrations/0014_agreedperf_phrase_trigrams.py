"""On PostgreSQL, trigram indexes (pg_trgm) on paragraphs' texts lower-cased, so that a phrase
too short for the agreed-language fingerprints finds the texts holding each of its words through
an index instead of reading every text in the language (resolutions/agreed.py, `_scan`).

Lower-cased with ICU's root collation where the server has it, as the search vectors are (a "C"
database lower-cases only ASCII letters); the lookup asks which expression was indexed. SQLite
has no such index: it reads the texts of the language.
"""

from django.db import migrations

TABLES = {
    "paragraphtext_lower_trgm": "resolutions_paragraphtext",
    "paragraph_lower_trgm": "resolutions_paragraph",
}


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu'")
        collate = ' COLLATE "und-x-icu"' if cursor.fetchone() else ""
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for index, table in TABLES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} "
            f"USING gin (lower(text{collate}) gin_trgm_ops)"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0013_across2_phrase_vector")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
