"""A GIN index for full-text search over paragraph text, on PostgreSQL only: SQLite searches
without it (see resolutions/search.py)."""

from django.db import migrations

INDEX_NAME = "paragraph_text_fts"


def make_index():
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    # The very expression resolutions/search.py filters on, so the planner uses the index.
    return GinIndex(SearchVector("text", config="english"), name=INDEX_NAME)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.add_index(apps.get_model("resolutions", "Paragraph"), make_index())


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.remove_index(apps.get_model("resolutions", "Paragraph"), make_index())


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0001_initial")]

    operations = [migrations.RunPython(add_index, remove_index, elidable=False)]
