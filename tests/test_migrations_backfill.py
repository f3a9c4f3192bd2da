"""A library loaded before language versions existed keeps every paragraph readable: the
migration gives each resolution its one language version."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_resolutions_loaded_before_languages_get_their_one_language_version():
    executor = MigrationExecutor(connection)
    before = [("resolutions", "0006_languages_structure_votes_subjects")]
    after = [("resolutions", "0007_backfill_language_versions")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    Resolution = apps.get_model("resolutions", "Resolution")
    Paragraph = apps.get_model("resolutions", "Paragraph")
    Footnote = apps.get_model("resolutions", "Footnote")
    FootnoteMarker = apps.get_model("resolutions", "FootnoteMarker")
    resolution = Resolution.objects.create(
        symbol="A/RES/70/1", session=70, number="1", title="Transforming our world"
    )
    paragraph = Paragraph.objects.create(
        resolution=resolution, pid="op1", kind="operative", label="1", position=1,
        text="Adopts the 2030 Agenda;", emphasis=[[0, 6]],
    )  # fmt: skip
    footnote = Footnote.objects.create(resolution=resolution, number=1, text="See annex.")
    FootnoteMarker.objects.create(paragraph=paragraph, footnote=footnote, offset=22)

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    apps = executor.loader.project_state(after).apps
    ParagraphText = apps.get_model("resolutions", "ParagraphText")
    ResolutionText = apps.get_model("resolutions", "ResolutionText")
    FootnoteText = apps.get_model("resolutions", "FootnoteText")
    text = ParagraphText.objects.get(paragraph__pid="op1")
    assert (text.language, text.text, text.emphasis, text.markers) == (
        "en",
        "Adopts the 2030 Agenda;",
        [[0, 6]],
        [[22, 1]],
    )
    assert ResolutionText.objects.get().title == "Transforming our world"
    assert FootnoteText.objects.get().text == "See annex."
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
