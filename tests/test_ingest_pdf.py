"""ingest_resolution and load_library over the official PDFs: loaded as any other form is,
loaded once, refused whole with the file (and the page and line) named."""

import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from resolutions.models import Footnote, Paragraph, Resolution, ResolutionText

PDFS = Path(__file__).resolve().parent / "fixtures" / "pdf"


def ingest(*args) -> tuple[str, str, bool]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("ingest_resolution", *map(str, args), stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue() + str(error), False
    return out.getvalue(), err.getvalue(), True


def test_an_official_pdf_loads_with_its_paragraphs_and_footnotes(db):
    _out, err, ok = ingest(PDFS / "A_RES_79_62.pdf")
    assert ok, err
    resolution = Resolution.objects.get(symbol="A/RES/79/62")
    assert str(resolution.adopted) == "2024-12-02"
    paragraphs = Paragraph.objects.filter(resolution=resolution)
    assert paragraphs.filter(pid__startswith="pp").count() == 16
    assert paragraphs.filter(pid__startswith="op").count() == 12
    assert Footnote.objects.filter(resolution=resolution).count() == 3
    text = ResolutionText.objects.get(resolution=resolution, language="en")
    assert text.source_name == "A_RES_79_62.pdf"


def test_loading_the_same_pdf_again_changes_nothing(db):
    assert ingest(PDFS / "A_RES_73_8.pdf")[2]
    out, err, ok = ingest(PDFS / "A_RES_73_8.pdf")
    assert ok, err
    assert "unchanged" in out


def test_dry_run_json_of_a_pdf_prints_the_document_and_writes_nothing(db):
    out, err, ok = ingest(PDFS / "A_RES_79_62.pdf", "--dry-run", "--json")
    assert ok, err
    parsed = json.loads(out)
    assert parsed["symbol"] == "A/RES/79/62"
    assert parsed["form"] == "pdf"
    assert parsed["paragraphs"][6]["footnotes"] == [1]
    assert not Resolution.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.7\n" + b"\x00garbage" * 50, "the PDF cannot be read"),
        (b"The General Assembly,\n", "not a PDF file"),
    ],
    ids=["corrupt", "text named .pdf"],
)
def test_a_file_that_is_no_readable_pdf_is_refused_naming_it_and_nothing_is_written(
    db, tmp_path, content, message
):
    bad = tmp_path / "A_RES_79_62.pdf"
    bad.write_bytes(content)
    _out, err, ok = ingest(bad)
    assert not ok
    assert f"{bad}: {message}" in err
    assert not Resolution.objects.exists()


def test_a_truncated_pdf_is_refused_and_the_good_files_beside_it_load(db, tmp_path):
    shutil.copy(PDFS / "A_RES_73_8.pdf", tmp_path)
    data = (PDFS / "A_RES_79_62.pdf").read_bytes()
    (tmp_path / "A_RES_79_62.pdf").write_bytes(data[: len(data) // 3])
    _out, err, ok = ingest(tmp_path)
    assert not ok
    assert "A_RES_79_62.pdf: the PDF cannot be read" in err
    assert list(Resolution.objects.values_list("symbol", flat=True)) == ["A/RES/73/8"]


def test_load_library_reads_a_folder_of_pdfs(db, tmp_path):
    for name in ("A_RES_73_8.pdf", "A_RES_79_62.pdf"):
        shutil.copy(PDFS / name, tmp_path)
    out = io.StringIO()
    call_command("load_library", str(tmp_path), stdout=out, stderr=io.StringIO())
    assert "2 created" in out.getvalue()
    assert set(Resolution.objects.values_list("symbol", flat=True)) == {
        "A/RES/73/8",
        "A/RES/79/62",
    }
    again = io.StringIO()
    call_command("load_library", str(tmp_path), stdout=again, stderr=io.StringIO())
    assert "2 unchanged" in again.getvalue()
