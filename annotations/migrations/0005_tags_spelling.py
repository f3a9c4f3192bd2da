"""Each note's tags keep the spelling its author wrote: the links between notes and tags become
`NoteTag` rows (the same table) with a `name`, filled from the tag's name of today."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_spellings(apps, schema_editor):
    NoteTag = apps.get_model("annotations", "NoteTag")
    Tag = apps.get_model("annotations", "Tag")
    NoteTag.objects.update(
        name=Subquery(Tag.objects.filter(pk=OuterRef("tag_id")).values("name")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0004_quote_language"),
    ]

    operations = [
        # The table Django made for the links is kept as it is; only the project's picture of
        # it changes, to a model of its own.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="NoteTag",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "annotation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="tag_links",
                                to="annotations.annotation",
                            ),
                        ),
                        (
                            "tag",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="note_links",
                                to="annotations.tag",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "annotations_annotation_tags",
                        "unique_together": {("annotation", "tag")},
                    },
                ),
                migrations.AlterField(
                    model_name="annotation",
                    name="tags",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="annotations",
                        through="annotations.NoteTag",
                        to="annotations.tag",
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="notetag",
            name="name",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(fill_spellings, migrations.RunPython.noop),
    ]
