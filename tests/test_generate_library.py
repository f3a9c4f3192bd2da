"""The synthetic library generator used by the benchmarks: realistic, right-sized, idempotent."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from annotations.management.commands.generate_library import synthetic_text
from resolutions.models import Citation, Footnote, FootnoteMarker, Paragraph, Resolution
from resolutions.parsing import parse_resolution


def generate(**options):
    call_command("generate_library", **options)


def counts():
    from annotations.models import Annotation, Team

    return {
        "resolutions": Resolution.objects.count(),
        "paragraphs": Paragraph.objects.count(),
        "footnotes": Footnote.objects.count(),
        "markers": FootnoteMarker.objects.count(),
        "citations": Citation.objects.count(),
        "users": get_user_model().objects.count(),
        "teams": Team.objects.count(),
        "annotations": Annotation.objects.count(),
    }


def test_synthetic_texts_have_the_bundled_shape_with_their_own_symbol_and_words():
    template = parse_resolution(synthetic_text(0, share=0))
    first, second = parse_resolution(synthetic_text(0)), parse_resolution(synthetic_text(1))
    assert (first.symbol, second.symbol) == ("A/RES/78/1", "A/RES/78/2")
    assert first.session == 78 and first.adopted.year == 2023
    for parsed in (first, second):
        assert [p.pid for p in parsed.paragraphs] == [p.pid for p in template.paragraphs]
        assert len(parsed.footnotes) == 39
    texts = [p.text for p in first.paragraphs]
    assert texts != [p.text for p in template.paragraphs]
    assert texts != [p.text for p in second.paragraphs]


def test_a_seed_gives_the_same_text_every_time_and_another_seed_another_text():
    assert synthetic_text(5, seed=1) == synthetic_text(5, seed=1)
    assert synthetic_text(5, seed=1) != synthetic_text(5, seed=2)


def test_generated_resolutions_come_with_paragraphs_footnotes_markers_and_citations(db, capsys):
    generate(resolutions=3, seed=7)
    assert Resolution.objects.count() == 3
    assert Paragraph.objects.filter(kind="preambular").count() == 3 * 38
    assert Paragraph.objects.filter(kind="operative").count() == 3 * 52
    assert Footnote.objects.count() == 3 * 39
    assert FootnoteMarker.objects.count() == 3 * 39
    assert Citation.objects.filter(via=Citation.Via.FOOTNOTE).exists()
    assert "Resolutions: 3 created, 0 updated, 0 unchanged" in capsys.readouterr().out


def test_running_it_again_with_the_same_arguments_changes_nothing(db, capsys):
    options = {"resolutions": 2, "users": 4, "teams": 2, "annotations": 25, "seed": 3}
    generate(**options)
    first = counts()
    assert first["resolutions"] == 2 and first["users"] == 4 and first["teams"] == 2
    assert first["annotations"] == 25
    capsys.readouterr()
    generate(**options)
    assert counts() == first
    out = capsys.readouterr().out
    assert "Resolutions: 0 created, 0 updated, 2 unchanged" in out
    assert "Annotations: 25 or more already there" in out


def test_larger_sizes_top_the_library_up(db):
    generate(resolutions=1, users=2, annotations=10)
    generate(resolutions=2, users=3, annotations=30)
    after = counts()
    assert (after["resolutions"], after["users"], after["annotations"]) == (2, 3, 30)


def test_annotations_can_be_put_on_one_resolution_with_every_visibility(db):
    from annotations.models import Annotation

    generate(resolutions=2, users=6, teams=2, annotations=200, on="A/RES/78/2", seed=1)
    on_target = Annotation.objects.filter(paragraph__resolution__symbol="A/RES/78/2")
    assert on_target.count() == Annotation.objects.count() == 200
    assert set(on_target.values_list("visibility", flat=True)) == {"private", "team", "public"}
    # A team note belongs to a team its author is in.
    for note in on_target.filter(visibility="team").select_related("team"):
        assert note.team.has_member(note.author)


def test_annotations_on_an_unknown_resolution_are_refused_clearly(db):
    with pytest.raises(CommandError, match="No resolution A/RES/1/1 in the library"):
        generate(users=1, annotations=5, on="A/RES/1/1")


def test_annotations_without_any_paragraph_are_refused_clearly(db):
    with pytest.raises(CommandError, match="need paragraphs"):
        generate(users=1, annotations=5)


def test_negative_sizes_are_refused(db):
    with pytest.raises(CommandError, match="--resolutions cannot be negative"):
        generate(resolutions=-1)
