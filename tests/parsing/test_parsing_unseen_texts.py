"""Real resolutions the parser was not written against, from the UN's own markup shipped in
data/akn, written out as pdftotext gives their PDFs: each loads with exactly the paragraphs,
sub-paragraphs, headings and footnotes its XML holds."""

import importlib.util
import tarfile
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from resolutions.parsing import parse_document

REPO = Path(__file__).resolve().parents[2]
ARCHIVE = REPO / "data" / "akn" / "ga-79-en.tar.xz"
NS = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
# Headings, sub-paragraphs and items, long operative parts, participles followed by names.
SYMBOLS = [
    "79_141", "79_172", "79_174", "79_189", "79_192", "79_194", "79_214", "79_217",
    "79_295", "79_299", "79_301", "79_327",
]  # fmt: skip


def _converter():
    path = REPO / "tests" / "fixtures" / "texts" / "akn_to_pdftext.py"
    spec = importlib.util.spec_from_file_location("akn_to_pdftext", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def resolutions() -> dict[str, str]:
    found = {}
    with tarfile.open(ARCHIVE) as archive:
        for member in archive:
            name = member.name.rsplit("/", 1)[-1]
            symbol = next((s for s in SYMBOLS if name.startswith(f"A_RES_{s}-")), None)
            if symbol:
                found[symbol] = archive.extractfile(member).read().decode("utf-8")
    assert sorted(found) == sorted(SYMBOLS)
    return found


def xml_counts(xml: str) -> tuple[int, int, int, int, int]:
    root = ET.fromstring(xml)[0]  # noqa: S314 - the UN's own files, shipped with the project
    preamble, body = root.find(f"{NS}preamble"), root.find(f"{NS}mainBody")
    headings = [e for e in body if e.find(f"{NS}subheading") is not None]
    operative = [e for e in body if e.find(f"{NS}subheading") is None]
    return (
        len(preamble.findall(f"{NS}container")),
        len(operative),
        len(list(body.iter(f"{NS}point"))),
        len(headings),
        len({note.get("marker") for note in root.iter(f"{NS}authorialNote")}),
    )


@pytest.mark.parametrize("symbol", SYMBOLS)
def test_a_resolution_as_pdftotext_gives_it_loads_whole(resolutions, symbol):
    xml = resolutions[symbol]
    text = _converter().convert(xml, "24-12345 (E)")
    parsed = parse_document(text, f"A_RES_{symbol}.txt")
    kinds = Counter(p.kind for p in parsed.paragraphs)
    assert (
        kinds["preambular"],
        kinds["operative"],
        kinds["subparagraph"] + kinds["item"],
        len(parsed.headings),
        len(parsed.footnotes),
    ) == xml_counts(xml)
    assert parsed.symbol == f"A/RES/{symbol.replace('_', '/')}"
