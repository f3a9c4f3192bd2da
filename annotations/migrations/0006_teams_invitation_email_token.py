"""Invitations by e-mail address: the address they were mailed to and the secret token of the
link in the mail, filled with a distinct value for each invitation already waiting."""

import uuid

from django.db import migrations, models


def fill_tokens(apps, schema_editor):
    Invitation = apps.get_model("annotations", "Invitation")
    for invitation in Invitation.objects.only("pk"):
        Invitation.objects.filter(pk=invitation.pk).update(token=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0005_tags_spelling"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="email",
            field=models.EmailField(blank=True, default="", max_length=254),
        ),
        migrations.AddField(
            model_name="invitation",
            name="token",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="invitation",
            name="token",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
