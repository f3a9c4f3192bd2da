"""Each text row's copy of where its paragraph stands (whether it is in the text, the
resolution's session, number and id, the paragraph's position), which search chooses the most
recent matches by, is declared on the model on both databases.

PostgreSQL has had the columns since 0012, filled and kept by its triggers: only Django's view
of the table changes there. SQLite gets them here, filled from the paragraphs and resolutions;
from now on ingest writes them on both databases (`writer.search_place`).
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

PLACE = ["in_text", "session", "number_int", "resolution", "position"]


def _columns(schema_editor, table) -> set[str]:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, table)}


def forward(apps, schema_editor):
    ParagraphText = apps.get_model("resolutions", "ParagraphText")
    Paragraph = apps.get_model("resolutions", "Paragraph")
    present = _columns(schema_editor, ParagraphText._meta.db_table)
    added = False
    for name in PLACE:
        field = ParagraphText._meta.get_field(name)
        if field.column not in present:
            # Nullable without a default: SQLite adds the column in place, and the table keeps
            # the full-text triggers of 0018.
            schema_editor.add_field(ParagraphText, field)
            added = True
    if not added:
        return
    paragraph = Paragraph.objects.filter(pk=OuterRef("paragraph_id"))
    ParagraphText.objects.using(schema_editor.connection.alias).update(
        in_text=Subquery(paragraph.values("in_text")),
        session=Subquery(paragraph.values("resolution__session")),
        number_int=Subquery(paragraph.values("resolution__number_int")),
        resolution_id=Subquery(paragraph.values("resolution_id")),
        position=Subquery(paragraph.values("position")),
    )


def backward(apps, schema_editor):
    # PostgreSQL keeps the columns 0012 made; SQLite drops those made here.
    if schema_editor.connection.vendor == "postgresql":
        return
    ParagraphText = apps.get_model("resolutions", "ParagraphText")
    for name in PLACE:
        schema_editor.remove_field(ParagraphText, ParagraphText._meta.get_field(name))


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0022_akn_table_words_searchable")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="paragraphtext",
                    name="in_text",
                    field=models.BooleanField(editable=False, null=True),
                ),
                migrations.AddField(
                    model_name="paragraphtext",
                    name="session",
                    field=models.IntegerField(editable=False, null=True),
                ),
                migrations.AddField(
                    model_name="paragraphtext",
                    name="number_int",
                    field=models.IntegerField(editable=False, null=True),
                ),
                migrations.AddField(
                    model_name="paragraphtext",
                    name="resolution",
                    field=models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="resolutions.resolution",
                    ),
                ),
                migrations.AddField(
                    model_name="paragraphtext",
                    name="position",
                    field=models.IntegerField(editable=False, null=True),
                ),
            ],
        ),
        # After the state has the fields, so that the function sees them.
        migrations.RunPython(forward, backward, elidable=False),
    ]
