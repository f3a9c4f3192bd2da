"""The ingest's back end with language versions, structure, votes and subjects: what a parse
in any source form becomes in the library, and the refusals that keep notes safe."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from resolutions.ingest.writer import IngestError, RemovalRefused, ingest_parsed
from resolutions.models import (
    Footnote,
    FootnoteText,
    MemberState,
    Paragraph,
    ParagraphText,
    Resolution,
    ResolutionText,
    Subject,
    Vote,
)
from resolutions.parsing import (
    FootnoteMarker,
    ParsedAnnex,
    ParsedFootnote,
    ParsedHeading,
    ParsedParagraph,
    ParsedPart,
    ParsedResolution,
    ParsedSubject,
    ParsedVotes,
    Span,
)

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "A_RES_79_154.md"
WORDS = {
    "en": ("Recalling its earlier resolutions,", "Decides to act;", "Requests a report;"),
    "fr": ("Rappelant ses résolutions antérieures,", "Décide d'agir ;", "Demande un rapport ;"),
}


def parsed(language="en", operative=2, extra=(), votes=None, subjects=(), headings=()):
    pp, op1, op2 = WORDS[language]
    paragraphs = [
        ParsedParagraph(
            "pp1",
            "preambular",
            "",
            None,
            pp,
            emphasis=[Span(0, 9)],
            footnotes=[FootnoteMarker(1, len(pp) - 1, "resolutions")],
        ),
        ParsedParagraph("op1", "operative", "1", None, op1),
    ]
    if operative >= 2:
        paragraphs.append(ParsedParagraph("op2", "operative", "2", None, op2))
    paragraphs += list(extra)
    return ParsedResolution(
        symbol="A/RES/77/999", session=77, number="999", title=f"Title ({language})",
        adopted=date(2022, 12, 15), distributed=None, agenda_items=[("28", "Women")],
        committee="Third Committee", report_symbol=None, report_paragraph=None, meeting=None,
        paragraphs=paragraphs,
        footnotes=[ParsedFootnote(1, f"Resolution 76/7 ({language}).")],
        form="akn", language=language, votes=votes, subjects=list(subjects),
        headings=list(headings),
    )  # fmt: skip


def load(document, checksum=None, **options):
    return ingest_parsed(
        document,
        source_name=f"{document.language}.xml",
        checksum=checksum or f"{document.language}-{len(document.paragraphs)}-{document.title}",
        **options,
    )


def test_two_language_versions_share_one_set_of_paragraphs(db):
    load(parsed("en"))
    load(parsed("fr"))
    resolution = Resolution.objects.get()
    assert resolution.primary_language == "en" and resolution.title == "Title (en)"
    assert sorted(resolution.texts.values_list("language", "title")) == [
        ("en", "Title (en)"),
        ("fr", "Title (fr)"),
    ]
    assert Paragraph.objects.count() == 3
    op1 = Paragraph.objects.get(pid="op1")
    assert op1.text == "Decides to act;"
    assert dict(op1.texts.values_list("language", "text")) == {
        "en": "Decides to act;",
        "fr": "Décide d'agir ;",
    }
    footnote = Footnote.objects.get()
    assert footnote.text == "Resolution 76/7 (en)."
    assert FootnoteText.objects.get(language="fr").text == "Resolution 76/7 (fr)."
    pp1_fr = ParagraphText.objects.get(paragraph__pid="pp1", language="fr")
    assert pp1_fr.markers == [[len(WORDS["fr"][0]) - 1, 1]] and pp1_fr.emphasis == [[0, 9]]


def test_english_becomes_the_primary_text_when_it_arrives_after_french(db):
    load(parsed("fr"))
    assert Resolution.objects.get().primary_language == "fr"
    assert Paragraph.objects.get(pid="op1").text == "Décide d'agir ;"
    load(parsed("en"))
    resolution = Resolution.objects.get()
    assert resolution.primary_language == "en" and resolution.title == "Title (en)"
    assert Paragraph.objects.get(pid="op1").text == "Decides to act;"
    assert ParagraphText.objects.count() == 6


def test_a_paragraph_only_one_language_has_is_kept_in_its_place(db):
    load(parsed("en"))
    extra = ParsedParagraph("op3", "operative", "3", None, "Décide de rester saisi.")
    load(parsed("fr", extra=[extra]))
    order = list(Paragraph.objects.order_by("position").values_list("pid", "in_text"))
    assert order == [("pp1", True), ("op1", True), ("op2", True), ("op3", True)]
    assert list(Paragraph.objects.get(pid="op3").texts.values_list("language", flat=True)) == ["fr"]
    # Loading the English again leaves the French paragraph where it is.
    load(parsed("en"), checksum="en-again")
    assert Paragraph.objects.get(pid="op3").in_text


def test_headings_parts_and_annexes_are_stored_in_document_order(db):
    annex_paragraph = ParsedParagraph("annex1-op1", "operative", "1", None, "Annex text;", annex=1)
    document = parsed(
        extra=[annex_paragraph],
        headings=[ParsedHeading("h1", "I. Actions", before="op1")],
    )
    document.parts = [ParsedPart("A", "First part")]
    document.annexes = [ParsedAnnex(1, "Programme of action", heading="Annex")]
    load(document)
    order = list(Paragraph.objects.order_by("position").values_list("pid", "kind", "annex"))
    assert order == [
        ("pp1", "preambular", None),
        ("h1", "heading", None),
        ("op1", "operative", None),
        ("op2", "operative", None),
        ("annex1-op1", "operative", 1),
    ]
    version = ResolutionText.objects.get()
    assert version.parts == [{"label": "A", "title": "First part"}]
    assert version.annexes == [{"number": 1, "title": "Programme of action", "heading": "Annex"}]


def test_a_recorded_vote_and_the_subjects_are_stored(db):
    votes = ParsedVotes(
        "recorded", in_favour=["ALGERIA", "BRAZIL"], against=["CHAD"], abstaining=[],
        counts=(2, 1, 0),
    )  # fmt: skip
    subjects = [ParsedSubject("SDG", "5", "http://metadata.un.org/sdg/5")]
    load(parsed(votes=votes, subjects=subjects))
    resolution = Resolution.objects.get()
    assert (resolution.vote_outcome, resolution.votes_in_favour, resolution.votes_against) == (
        "recorded",
        2,
        1,
    )
    assert sorted(Vote.objects.values_list("state__name", "position")) == [
        ("ALGERIA", "in_favour"),
        ("BRAZIL", "in_favour"),
        ("CHAD", "against"),
    ]
    # The SDG from the file, and the agenda item from the header every text prints.
    assert sorted(resolution.subjects.values_list("scheme", "label")) == [
        ("SDG", "5"),
        ("agenda", "Women"),
    ]
    # A second resolution reuses the States and subjects it shares.
    other = parsed(votes=votes, subjects=subjects)
    other.symbol = "A/RES/77/998"
    load(other)
    assert MemberState.objects.count() == 3 and Subject.objects.count() == 2


@pytest.fixture
def annotated(db, make_user):
    """The English text loaded, with a note on op2."""
    from annotations.models import Annotation

    load(parsed("en"))
    note = Annotation.objects.create(
        paragraph=Paragraph.objects.get(pid="op2"), author=make_user("amina"), note="Keep this"
    )
    return note


def test_a_text_that_drops_an_annotated_paragraph_is_refused_and_nothing_changes(annotated):
    before = list(Paragraph.objects.values_list("pid", "text", "in_text", "position"))
    with pytest.raises(RemovalRefused) as refused:
        load(parsed("en", operative=1), checksum="cut")
    assert "op2" in str(refused.value) and "--allow-removals" in str(refused.value)
    assert list(Paragraph.objects.values_list("pid", "text", "in_text", "position")) == before
    assert ResolutionText.objects.get().source_checksum != "cut"


def test_allowed_removals_keep_the_notes_on_their_detached_paragraph(annotated):
    result = load(parsed("en", operative=1), checksum="cut", allow_removals=True)
    assert result.removed_paragraphs == ["op2"]
    annotated.refresh_from_db()
    assert annotated.paragraph.pid == "op2" and not annotated.paragraph.in_text


def test_a_paragraph_without_notes_may_leave_the_text(db):
    load(parsed("en"))
    result = load(parsed("en", operative=1), checksum="cut")
    assert result.removed_paragraphs == ["op2"]
    assert not Paragraph.objects.get(pid="op2").in_text


def test_the_command_refuses_a_cut_text_and_names_the_paragraphs(make_user, tmp_path, capsys):
    from annotations.models import Annotation

    call_command("ingest_resolution", str(BUNDLED), stdout=StringIO())
    op40 = Paragraph.objects.get(resolution__symbol="A/RES/79/154", pid="op40")
    Annotation.objects.create(paragraph=op40, author=make_user("amina"), note="on op40")
    before = list(Paragraph.objects.values_list("pid", "text", "in_text", "position"))
    text = BUNDLED.read_text(encoding="utf-8")
    cut = tmp_path / "A_RES_79_154.md"
    cut.write_text(text[: text.index("40.")] + "\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("ingest_resolution", str(cut), stdout=StringIO())
    error = capsys.readouterr().err
    assert "op40" in error and "nothing was written" in error
    assert list(Paragraph.objects.values_list("pid", "text", "in_text", "position")) == before
    call_command("ingest_resolution", str(cut), "--allow-removals", stdout=StringIO())
    op40.refresh_from_db()
    assert not op40.in_text and op40.annotations.get().note == "on op40"


def test_a_value_too_long_for_its_column_is_refused_before_any_write(db):
    document = parsed()
    document.title = "x" * 600
    with pytest.raises(IngestError):
        load(document)
    assert not Resolution.objects.exists() and not ResolutionText.objects.exists()


def test_a_text_loaded_leniently_shows_its_faults_to_readers(client, db):
    document = parsed()
    document.problems = ["a.xml, line 9: op3: operative paragraph 3 follows 1"]
    load(document)
    html = client.get("/resolutions/A/RES/77/999/").content.decode()
    # In a reader's words, with the way to the official text; never the file and its line.
    assert "skips operative paragraph 2; the text is shown as the file has it." in html
    assert 'href="https://undocs.org/A/RES/77/999"' in html
    assert "a.xml" not in html and "line 9" not in html


def test_a_resolution_loaded_by_ingest_resolution_is_indexed_for_agreed_language(db, capsys):
    from resolutions.models import Wording

    call_command("ingest_resolution", str(BUNDLED), stdout=StringIO())
    assert Wording.objects.filter(paragraph__resolution__symbol="A/RES/79/154").exists()
    # Loading it again unchanged leaves the index as it is.
    count = Wording.objects.count()
    call_command("ingest_resolution", str(BUNDLED), stdout=StringIO())
    assert Wording.objects.count() == count


ARCHIVE_77 = Path(__file__).resolve().parent.parent / "data" / "akn" / "ga-77.tar.xz"


def test_77_104_in_spanish_loads_with_the_end_tags_missing_at_its_end_closed(db, tmp_path):
    import tarfile

    with tarfile.open(ARCHIVE_77, "r:xz") as archive:
        texts = {
            member.name[-5]: archive.extractfile(member).read()
            for member in archive
            if "A_RES_77_104-2228250" in member.name and member.name[-5] in "ES"
        }
    for code, data in texts.items():
        (tmp_path / f"77_104{code}.xml").write_bytes(data)
    spanish = str(tmp_path / "77_104S.xml")
    call_command("ingest_resolution", str(tmp_path / "77_104E.xml"), stdout=StringIO())
    call_command("ingest_resolution", spanish, stdout=StringIO(), stderr=StringIO())
    resolution = Resolution.objects.get(symbol="A/RES/77/104")
    assert resolution.texts.get(language="es").problems == []
    texts = ParagraphText.objects.filter(paragraph__resolution=resolution).exclude(
        paragraph__kind=Paragraph.Kind.HEADING
    )
    # Every paragraph of the annex is there: as many as the English has.
    assert texts.filter(language="es").count() == texts.filter(language="en").count() == 60
