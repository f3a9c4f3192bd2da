"""The cells of a table that joined the paragraph introducing it are searched with that
paragraph: each text row keeps them in `table_words`, and on PostgreSQL the row's search vector
is made of its text and those words (the vector and its per-language indexes made again)."""

from django.db import migrations, models

from resolutions.search import fulltext

# The vector's SQL is the code's own (`fulltext.make_search_vector`), not a copy: it drops and
# makes the column and its indexes whole, so a later change of the vector comes with a migration
# that makes it again, and a database made from scratch meanwhile gets the same.


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        fulltext.make_search_vector(schema_editor, "(text || ' ' || table_words)")
    else:
        # SQLite rebuilt the text table to add the column, and dropped its triggers with it.
        fulltext.ensure_triggers(schema_editor.connection)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        fulltext.make_search_vector(schema_editor, "text")


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
