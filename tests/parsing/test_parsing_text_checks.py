"""Every text form passes the checks a parse must pass before it is written (parse_document),
and a text that fails one is refused with the place named."""

from pathlib import Path

import pytest

from resolutions.parsing import ParseError, parse_document

TESTS = Path(__file__).resolve().parents[1]
TEXTS = [
    *sorted((TESTS / "fixtures" / "samples").glob("A_RES_*")),
    *sorted((TESTS / "fixtures" / "texts").glob("*.txt")),
    *sorted((TESTS / "parsing" / "fixtures").iterdir()),
    TESTS.parent / "data" / "A_RES_79_154.md",
]


@pytest.mark.parametrize("path", TEXTS, ids=[path.name for path in TEXTS])
def test_every_text_fixture_passes_the_checks(path):
    parsed = parse_document(path.read_text(encoding="utf-8"), path.name)
    assert parsed.problems == []


def refusal(text: str, name: str) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse_document(text, name)
    return caught.value


def test_a_footnote_no_paragraph_refers_to_is_refused_at_its_line(fixture_text):
    text = fixture_text("markdown_page_split.md") + "\n<sup>3</sup> A/78/999.\n"
    error = refusal(text, "markdown_page_split.md")
    assert "footnote 3 is never referred to in the text" in error.message
    assert error.line == text.split("\n").index("<sup>3</sup> A/78/999.") + 1


def test_a_footnote_marker_with_no_footnote_text_is_refused_in_its_paragraph(fixture_text):
    text = fixture_text("markdown_page_split.md").replace(
        "*Noting* the report of the Secretary-General,<sup>2</sup>",
        "*Noting* the report of the Secretary-General,<sup>2</sup><sup>4</sup>",
    )
    error = refusal(text, "markdown_page_split.md")
    assert "footnote marker 4 in pp2 has no footnote text" in error.message
    assert text.split("\n")[error.line - 1].startswith("*Noting* the report")


def test_a_gap_in_the_operative_numbering_of_a_part_is_refused_at_the_line(fixture_text):
    text = fixture_text("parts.txt").replace("2.\nRequests the", "3.\nRequests the")
    error = refusal(text, "parts.txt")
    assert "operative paragraph 3 found where paragraph 2 was expected" in error.message
    assert text.split("\n")[error.line - 1 : error.line + 1] == [
        "3.",
        "Requests the Secretary-General to report thereon.",
    ]


def test_sub_paragraph_letters_out_of_order_are_refused_at_the_line(fixture_text):
    text = fixture_text("subparagraphs.md").replace("(b) Report on:", "(c) Report on:", 1)
    error = refusal(text, "subparagraphs.md")
    assert "sub-paragraph (c) found where (b) was expected" in error.message
    assert error.line == 11


def test_a_heading_and_paragraph_ids_are_unique_in_every_text_form():
    # The ids check: a text form builds its ids from structure, so they cannot repeat; the
    # check still runs on each (see test_every_text_fixture_passes_the_checks).
    path = TESTS / "fixtures" / "texts" / "A_RES_77_10.pdftotext.txt"
    parsed = parse_document(path.read_text(encoding="utf-8"), path.name)
    ids = [p.pid for p in parsed.paragraphs] + [h.pid for h in parsed.headings]
    assert len(ids) == len(set(ids)) == 48 + 12 + 7
