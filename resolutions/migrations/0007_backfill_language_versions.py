"""Resolutions loaded before language versions existed get their one version: a ResolutionText
for the resolution and a ParagraphText and FootnoteText for each paragraph and footnote, in
the primary language, so that the reader and search find them like any other."""

from django.db import migrations


def backfill(apps, schema_editor):
    Resolution = apps.get_model("resolutions", "Resolution")
    ResolutionText = apps.get_model("resolutions", "ResolutionText")
    Paragraph = apps.get_model("resolutions", "Paragraph")
    ParagraphText = apps.get_model("resolutions", "ParagraphText")
    Footnote = apps.get_model("resolutions", "Footnote")
    FootnoteText = apps.get_model("resolutions", "FootnoteText")
    FootnoteMarker = apps.get_model("resolutions", "FootnoteMarker")

    for resolution in Resolution.objects.filter(texts__isnull=True).iterator():
        language = resolution.primary_language or "en"
        ResolutionText.objects.create(
            resolution=resolution,
            language=language,
            title=resolution.title,
            source_name=resolution.source_name,
            source_form=resolution.source_form,
            source_checksum=resolution.source_checksum,
        )
        markers: dict[int, list] = {}
        for paragraph_id, offset, number in FootnoteMarker.objects.filter(
            paragraph__resolution=resolution
        ).values_list("paragraph_id", "offset", "footnote__number"):
            markers.setdefault(paragraph_id, []).append([offset, number])
        ParagraphText.objects.bulk_create(
            [
                ParagraphText(
                    paragraph=paragraph,
                    language=language,
                    text=paragraph.text,
                    emphasis=paragraph.emphasis,
                    markers=markers.get(paragraph.pk, []),
                )
                for paragraph in Paragraph.objects.filter(resolution=resolution, in_text=True)
            ],
            batch_size=500,
        )
        FootnoteText.objects.bulk_create(
            [
                FootnoteText(
                    footnote=footnote,
                    language=language,
                    text=footnote.text,
                    emphasis=footnote.emphasis,
                )
                for footnote in Footnote.objects.filter(resolution=resolution)
            ],
            batch_size=500,
        )


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0006_languages_structure_votes_subjects")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
