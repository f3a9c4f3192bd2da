"""The cells of a table that joined the paragraph introducing it are searched with that
paragraph: each text row keeps them in `table_words`, and on PostgreSQL the row's search vector
is made of its text and those words (the vector and its per-language indexes made again)."""

import importlib

from django.db import migrations, models

TEXTS = "resolutions_paragraphtext"
LANGUAGES = ["ar", "zh", "en", "fr", "ru", "es"]
search_0009 = importlib.import_module("resolutions.migrations.0009_search_paragraph_text")


def _vector(schema_editor, source: str) -> None:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu'")
        collate = ' COLLATE "und-x-icu"' if cursor.fetchone() else ""
    expression = search_0009.vector_expression(collate).replace("(text", f"({source}")
    for code in LANGUAGES:
        schema_editor.execute(f"DROP INDEX IF EXISTS paragraphtext_search_vector_{code}")
    schema_editor.execute(f"ALTER TABLE {TEXTS} DROP COLUMN IF EXISTS search_vector")
    schema_editor.execute(
        f"ALTER TABLE {TEXTS} ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({expression}) STORED"
    )
    for code in LANGUAGES:
        schema_editor.execute(
            f"CREATE INDEX paragraphtext_search_vector_{code} ON {TEXTS} "
            f"USING gin (search_vector) WHERE language = '{code}'"
        )
    schema_editor.execute(f"ANALYZE {TEXTS}")


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _vector(schema_editor, "(text || ' ' || table_words)")
    else:
        # SQLite rebuilt the text table to add the column, and dropped its triggers with it.
        from resolutions.search.fulltext import ensure_triggers

        ensure_triggers(schema_editor.connection)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _vector(schema_editor, "text")


class Migration(migrations.Migration):
    dependencies = [
        ("resolutions", "0021_votes_subjects"),
    ]

    operations = [
        migrations.AddField(
            model_name="paragraphtext",
            name="table_words",
            field=models.TextField(blank=True, default="", db_default=""),
        ),
        migrations.RunPython(forward, backward),
    ]
