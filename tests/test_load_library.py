"""load_library: the UN's sessions as folders or archives, loaded file by file, unchanged files
skipped, failures listed at the end without stopping the rest."""

import io
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from resolutions.models import Paragraph, ParagraphText, Resolution, ResolutionText

ARCHIVE_77 = Path(__file__).resolve().parent.parent / "data" / "akn" / "ga-77.tar.xz"
SERIES = "A_RES_77_194-2228891"


def members(*wanted: str) -> dict[str, bytes]:
    """Files of the shipped session-77 archive whose names contain one of `wanted`."""
    found = {}
    with tarfile.open(ARCHIVE_77, "r:xz") as archive:
        for member in archive:
            if member.isfile() and any(w in member.name for w in wanted):
                found[member.name] = archive.extractfile(member).read()
    return found


@pytest.fixture(scope="module")
def series_files():
    files = members(f"{SERIES}E.xml", f"{SERIES}F.xml", f"{SERIES}A.xml", "German/A_RES_77_276")
    assert len(files) == 4
    return files


def write_archive(path: Path, files: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:xz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("load_library", *map(str, args), stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue() + str(error), False
    return out.getvalue(), err.getvalue(), True


def test_an_archive_loads_every_language_version_of_a_resolution(db, tmp_path, series_files):
    archive = write_archive(tmp_path / "ga-77.tar.xz", series_files)
    out, err, ok = run(archive)
    assert ok, err
    assert "3 created" in out or "1 created, 2 updated" in out
    assert "1 file(s) in German skipped (not an official UN language)" in out
    resolution = Resolution.objects.get(symbol="A/RES/77/194")
    assert resolution.primary_language == "en"
    assert sorted(resolution.texts.values_list("language", flat=True)) == ["ar", "en", "fr"]
    assert resolution.title == "Trafficking in women and girls"
    op1 = Paragraph.objects.get(resolution=resolution, pid="op1")
    assert sorted(op1.texts.values_list("language", flat=True)) == ["ar", "en", "fr"]


def test_a_second_run_skips_what_is_unchanged(db, tmp_path, series_files):
    archive = write_archive(tmp_path / "ga-77.tar.xz", series_files)
    run(archive)
    texts = ParagraphText.objects.count()
    out, _err, ok = run(archive)
    assert ok and "0 created, 0 updated, 3 unchanged" in out
    assert ParagraphText.objects.count() == texts


def test_a_folder_in_the_same_layout_loads_too(db, tmp_path, series_files):
    for name, data in series_files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    _out, err, ok = run(tmp_path, "--languages", "en,fr")
    assert ok, err
    assert sorted(ResolutionText.objects.values_list("language", flat=True)) == ["en", "fr"]


def test_a_broken_file_is_listed_at_the_end_and_the_others_load(db, tmp_path, series_files):
    files = dict(series_files)
    english = next(name for name in files if name.endswith("E.xml"))
    files["77session/English/A_RES_77_999-broken.xml"] = files[english][:5000]
    archive = write_archive(tmp_path / "ga-77.tar.xz", files)
    _out, err, ok = run(archive)
    assert not ok
    assert "A_RES_77_999-broken.xml" in err and "line" in err
    assert "1 of 4 file(s) could not be loaded" in err
    assert ResolutionText.objects.count() == 3


def test_a_path_that_is_not_a_library_is_a_clear_error(db, tmp_path):
    (tmp_path / "notes.zip").write_bytes(b"PK")
    for path, message in [
        (tmp_path / "missing.tar.xz", "no such file or folder"),
        (tmp_path / "notes.zip", "not a folder or a .tar.xz archive"),
    ]:
        _out, err, ok = run(path)
        assert not ok and message in err
    damaged = tmp_path / "damaged.tar.xz"
    damaged.write_bytes(b"\xfd7zXZ\x00 not really")
    _out, err, ok = run(damaged)
    assert not ok and "cannot read the archive" in err
    assert not Resolution.objects.exists()


def test_a_source_with_a_numbering_gap_is_refused_unless_loaded_leniently(db, tmp_path):
    files = members("Arabic/A_RES_77_151")
    assert len(files) == 1
    archive = write_archive(tmp_path / "ga-77.tar.xz", files)
    _out, err, ok = run(archive)
    assert not ok and "A_RES_77_151" in err and "line" in err
    assert not Resolution.objects.exists()
    _out, err, ok = run(archive, "--lenient")
    assert ok, err
    assert "warning:" in err and "loaded with" in err
    version = ResolutionText.objects.get(resolution__symbol="A/RES/77/151", language="ar")
    assert version.problems


def test_symbols_select_a_multi_part_resolution_by_its_one_symbol(db, tmp_path):
    files = members("English/A_RES_77_264 A-C", "English/A_RES_77_256 A-B")
    archive = write_archive(tmp_path / "ga-77.tar.xz", files)
    out, err, ok = run(archive, "--symbols", "A/RES/77/264", "--lenient")
    assert ok, err
    assert "1 not among --symbols" in out
    assert list(Resolution.objects.values_list("symbol", flat=True)) == ["A/RES/77/264"]


def test_a_document_symbol_written_in_another_case_is_the_same_document(db, tmp_path):
    # 77/167's English footnotes cite "UNEP/EA.3/Res.4"; its Spanish, Arabic and Chinese
    # versions write "UNEP/EA.3/RES.4". Every version loads and cites the one document.
    from resolutions.models import Instrument

    files = members("A_RES_77_167-2228785")
    assert len(files) == 6
    archive = write_archive(tmp_path / "ga-77.tar.xz", files)
    _, err, ok = run(archive)
    assert ok, err
    assert ResolutionText.objects.filter(resolution__symbol="A/RES/77/167").count() == 6
    documents = Instrument.objects.filter(symbol__iexact="UNEP/EA.3/Res.4")
    assert documents.count() == 1
    assert documents.get().symbol == "UNEP/EA.3/Res.4"
