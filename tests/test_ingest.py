"""Loading resolution texts: the command, the round trip, and bad input."""

import dataclasses
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from resolutions.ingest.writer import ingest_parsed, source_checksum
from resolutions.models import Citation, Footnote, FootnoteMarker, Instrument, Paragraph, Resolution
from resolutions.parsing import FootnoteMarker as ParsedMarker
from resolutions.parsing import parse_resolution

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "A_RES_79_154.md"
SAMPLES = Path(__file__).resolve().parent / "fixtures" / "samples"


def ingest(*paths, **options):
    call_command("ingest_resolution", *[str(p) for p in paths], **options)


def table_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Resolution, Paragraph, Footnote, FootnoteMarker, Instrument, Citation)
    }


def snapshot():
    """Every row the ingest writes, by its natural key, with its primary key."""
    return {
        "paragraphs": sorted(Paragraph.objects.values_list("pid", "pk", "text", "revision")),
        "footnotes": sorted(Footnote.objects.values_list("number", "pk", "text")),
        "instruments": sorted(Instrument.objects.values_list("slug", "pk", "title")),
        "citations": sorted(
            Citation.objects.values_list(
                "instrument__slug", "paragraph__pid", "footnote__number", "via", "start"
            ),
            key=repr,
        ),
    }


@pytest.fixture
def corrected_copy(tmp_path):
    """The bundled text with a typo fixed in operative paragraph 3 and a word added to op26."""
    text = BUNDLED.read_text(encoding="utf-8")
    fixed = text.replace(
        "on trafficking in persons, especially women and children;",
        "on trafficking in persons, especially women and girls;",
        1,
    )
    assert fixed != text
    path = tmp_path / "A_RES_79_154.md"
    path.write_text(fixed, encoding="utf-8")
    return path


def test_the_bundled_resolution_loads_with_every_paragraph_and_footnote(db, capsys):
    ingest(BUNDLED)
    resolution = Resolution.objects.get(symbol="A/RES/79/154")
    assert resolution.title == "Trafficking in women and girls"
    assert resolution.adopted.isoformat() == "2024-12-17"
    assert resolution.committee == "Third Committee"
    assert resolution.report_symbol == "A/79/451"
    counts = {
        kind: resolution.paragraphs.filter(kind=kind).count()
        for kind in ("preambular", "operative")
    }
    assert counts == {"preambular": 38, "operative": 52}
    assert resolution.footnotes.count() == 39
    assert "A/RES/79/154: created" in capsys.readouterr().out


def test_paragraphs_keep_document_order_and_their_italic_opening_phrase(db):
    ingest(BUNDLED)
    pids = list(Paragraph.objects.values_list("pid", flat=True))
    assert pids[:2] == ["pp1", "pp2"] and pids[38] == "op1" and pids[-1] == "op52"
    op1 = Paragraph.objects.get(pid="op1")
    start, end = op1.emphasis[0]
    assert op1.text[start:end] == "Takes note with appreciation"


def test_footnote_treaties_resolve_to_named_catalogue_instruments(db):
    ingest(BUNDLED)
    trafficking_protocol = Instrument.objects.get(unts_volume=2237, unts_number=39574)
    assert trafficking_protocol.in_catalogue
    assert "Trafficking in Persons" in trafficking_protocol.title
    fn22 = Footnote.objects.get(number=22)
    assert fn22.citations.filter(paragraph=None).count() == 3
    # Every treaty the text cites is a named catalogue entry, not a placeholder.
    assert not Instrument.objects.filter(kind="treaty", in_catalogue=False).exists()


def test_a_paragraph_cites_what_its_footnote_cites_and_what_it_names(db):
    ingest(BUNDLED)
    pp2 = Paragraph.objects.get(pid="pp2")
    cited = set(pp2.citations.values_list("instrument__unts_volume", flat=True))
    assert {2225, 2237, 2241} <= cited
    mention = Citation.objects.get(
        paragraph__resolution__symbol="A/RES/79/154",
        instrument__symbol="A/RES/73/195",
        via="text",
    )
    assert mention.words.endswith("73/195")
    assert mention.paragraph.text[mention.start : mention.end] == mention.words


def test_loading_the_same_text_again_changes_nothing(db, capsys):
    ingest(BUNDLED)
    before = snapshot()
    ingest(BUNDLED)
    assert snapshot() == before
    assert "A/RES/79/154: unchanged" in capsys.readouterr().out


def test_a_corrected_text_updates_paragraphs_in_place(db, corrected_copy, capsys):
    ingest(BUNDLED)
    before = {p.pid: p for p in Paragraph.objects.all()}
    ingest(corrected_copy)
    after = {p.pid: p for p in Paragraph.objects.all()}
    assert {pid: p.pk for pid, p in after.items()} == {pid: p.pk for pid, p in before.items()}
    assert after["op3"].text.endswith("especially women and girls;")
    assert after["op3"].revision == 2
    assert {pid for pid, p in after.items() if p.revision != 1} == {"op3"}
    assert "1 changed, 0 added, 0 no longer in the text" in capsys.readouterr().out


def test_a_paragraph_dropped_from_a_corrected_text_is_kept_out_of_the_text(db, tmp_path):
    ingest(BUNDLED)
    text = BUNDLED.read_text(encoding="utf-8")
    last = text.index("52. *Requests*")
    shorter = text[:last] + text[text.index("53rd plenary meeting") :]
    path = tmp_path / "A_RES_79_154.md"
    path.write_text(shorter, encoding="utf-8")
    ingest(path)
    op52 = Paragraph.objects.get(pid="op52")
    assert op52.in_text is False
    assert Paragraph.objects.filter(in_text=True).count() == 90 - 1


def test_dry_run_json_prints_the_documented_shape_and_writes_nothing(db, capsys):
    ingest(BUNDLED, dry_run=True, json=True)
    data = json.loads(capsys.readouterr().out)
    assert list(data)[:6] == ["symbol", "session", "title", "adopted", "paragraphs", "footnotes"]
    assert data["symbol"] == "A/RES/79/154" and data["session"] == 79
    first = data["paragraphs"][0]
    assert list(first)[:5] == ["id", "kind", "text", "footnotes", "documents"]
    assert first["id"] == "pp1" and first["kind"] == "preambular"
    fn1 = data["footnotes"][0]
    assert fn1["text"] == "United Nations, Treaty Series, vol. 2225, No. 39574."
    assert fn1["treaties"] == [{"volume": 2225, "number": 39574}]
    assert table_counts() == dict.fromkeys(table_counts(), 0)


def test_several_files_load_each_on_its_own(db):
    ingest(BUNDLED, SAMPLES / "A_RES_73_8.pdftotext.txt")
    assert set(Resolution.objects.values_list("symbol", flat=True)) == {
        "A/RES/79/154",
        "A/RES/73/8",
    }


def test_a_file_that_cannot_be_parsed_is_named_with_its_line_and_nothing_is_written(
    db, tmp_path, capsys
):
    ingest(BUNDLED)
    before = table_counts()
    bad = tmp_path / "broken.md"
    bad.write_text("# General Assembly\n\nNothing here is a resolution.\n", encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        ingest(bad)
    assert raised.value.returncode == 1
    error = capsys.readouterr().err
    assert "broken.md" in error and "line" in error
    assert table_counts() == before


def test_one_bad_file_does_not_stop_the_good_ones(db, tmp_path, capsys):
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    with pytest.raises(CommandError):
        ingest(bad, BUNDLED)
    assert Resolution.objects.filter(symbol="A/RES/79/154").exists()
    assert "empty.txt" in capsys.readouterr().err


def test_a_missing_file_and_a_binary_file_get_clear_errors(db, tmp_path, capsys):
    binary = tmp_path / "scan.md"
    binary.write_bytes(b"\xff\xfe\x00\x01garbage")
    with pytest.raises(CommandError):
        ingest(tmp_path / "nowhere.md", binary)
    error = capsys.readouterr().err
    assert "nowhere.md" in error and "No such file" in error
    assert "scan.md" in error and "not UTF-8" in error
    assert table_counts() == dict.fromkeys(table_counts(), 0)


def test_a_load_that_fails_halfway_leaves_the_database_as_it_was(db):
    ingest(BUNDLED)
    before = snapshot()
    text = BUNDLED.read_text(encoding="utf-8")
    parsed = parse_resolution(text, source="A_RES_79_154.md")
    # A marker pointing at a footnote the document lacks fails after paragraphs were written.
    broken = dataclasses.replace(parsed.paragraphs[0], text="Changed " + parsed.paragraphs[0].text)
    broken.footnotes = [*broken.footnotes, ParsedMarker(number=999, offset=0, cited_words="x")]
    parsed.paragraphs[0] = broken
    with pytest.raises(KeyError):
        ingest_parsed(parsed, source_name="x.md", checksum=source_checksum(text + "changed"))
    assert snapshot() == before


def test_a_title_longer_than_the_library_holds_is_refused_clearly_on_every_database(
    db, tmp_path, capsys
):
    text = BUNDLED.read_text(encoding="utf-8")
    long_title = "Trafficking in women and girls " + "and more " * 70
    path = tmp_path / "A_RES_79_154.md"
    path.write_text(text.replace("79/154. Trafficking in women and girls", "79/154. " + long_title))
    with pytest.raises(CommandError):
        ingest(path)
    error = capsys.readouterr().err
    assert "A_RES_79_154.md" in error and "title" in error and "at most 500" in error
    assert table_counts() == dict.fromkeys(table_counts(), 0)
