"""Team invitations, tags that keep their case (told apart by `key`), and imported notes' claimed
dates."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill_tag_keys(apps, schema_editor):
    """Tags were lower case already; "follow-up" and "follow up", now one tag, may both exist:
    the second keeps its own name as its key."""
    Tag = apps.get_model("annotations", "Tag")
    used = set()
    for tag in Tag.objects.order_by("id").iterator():
        key = " ".join(tag.name.replace("-", " ").split()).casefold()[:64]
        tag.key = key if key not in used else tag.name
        used.add(tag.key)
        tag.save(update_fields=["key"])


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0002_note_html"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="tag",
            name="key",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(fill_tag_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="tag",
            name="key",
            field=models.CharField(max_length=64, unique=True),
        ),
        migrations.AlterModelOptions(name="tag", options={"ordering": ["key"]}),
        migrations.AddField(
            model_name="annotation",
            name="claimed_created",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.CreateModel(
            name="Invitation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("username", models.CharField(max_length=150)),
                ("username_key", models.CharField(max_length=150)),
                ("created", models.DateTimeField(auto_now_add=True)),
                (
                    "invited_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "team",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="invitations",
                        to="annotations.team",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="team_invitations",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["created"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("team", "username_key"), name="unique_team_invitation"
                    )
                ],
            },
        ),
    ]
