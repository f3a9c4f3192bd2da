"""Section headings, parts, annexes and unnumbered paragraphs in the text forms, in English and
French; and lines that belong nowhere refused rather than dropped."""

from pathlib import Path

import pytest

from resolutions.parsing import ParseError, parse_resolution

TEXTS = Path(__file__).resolve().parents[1] / "fixtures" / "texts"
# A/RES/77/10 in its AKN4UN XML: 12 preambular paragraphs, 48 operative ones under seven
# unnumbered section headings (the first before operative paragraph 9), two footnotes.
HEADINGS_77_10 = [
    ("h1", "Human rights, governance and the rule of law", "op9"),
    ("h2", "Security, counter-terrorism and counter-narcotics", "op17"),
    ("h3", "Humanitarian assistance", "op25"),
    ("h4", "Social and economic development", "op29"),
    ("h5", "Refugees", "op33"),
    ("h6", "Regional cooperation", "op39"),
    ("h7", "United Nations Assistance Mission in Afghanistan", "op45"),
]


def parse_text(name: str):
    return parse_resolution((TEXTS / name).read_text(encoding="utf-8"), name)


def parse_fixture(fixture_text, name: str):
    return parse_resolution(fixture_text(name), name)


def test_every_paragraph_after_a_section_heading_loads():
    parsed = parse_text("A_RES_77_10.pdftotext.txt")
    kinds = [p.kind for p in parsed.paragraphs]
    assert kinds.count("preambular") == 12
    assert [p.pid for p in parsed.paragraphs if p.kind == "operative"] == [
        f"op{n}" for n in range(1, 49)
    ]
    assert [(h.pid, h.text, h.before) for h in parsed.headings] == HEADINGS_77_10
    # The heading is not glued to the paragraph before it.
    assert parsed.paragraph("op8").text.endswith("widely shared by the international community;")
    assert parsed.paragraph("op48").text == (
        "Decides to include in the provisional agenda of its seventy-ninth session the item"
        " entitled “The situation in Afghanistan”."
    )
    assert [m.number for m in parsed.paragraph("op11").footnotes] == [2]
    assert parsed.meeting == "33rd plenary meeting"
    assert parsed.language == "en"


def test_a_french_text_reads_with_the_french_table_into_the_same_ids():
    english = parse_text("A_RES_77_10.pdftotext.txt")
    french = parse_text("A_RES_77_10.fr.pdftotext.txt")
    assert french.language == "fr"
    assert french.title == "La situation en Afghanistan"
    assert [(p.pid, p.kind) for p in french.paragraphs] == [
        (p.pid, p.kind) for p in english.paragraphs
    ]
    assert [(h.pid, h.before) for h in french.headings] == [
        (h.pid, h.before) for h in english.headings
    ]
    assert french.headings[0].text == "Droits humains, gouvernance et état de droit"
    assert french.paragraph("pp7").text.startswith("Se déclarant de nouveau gravement préoccupée")
    assert [m.number for m in french.paragraph("pp9").footnotes] == [1]
    assert [m.number for m in french.paragraph("op11").footnotes] == [2]
    assert french.adopted.isoformat() == "2022-11-10"
    assert french.distributed.isoformat() == "2022-11-14"
    assert french.meeting == "33e séance plénière"
    assert french.agenda_items == [("34", "La situation en Afghanistan")]
    assert french.report_symbol == "A/77/L.11"
    pp1 = french.paragraph("pp1")
    assert pp1.text[pp1.emphasis[0].start : pp1.emphasis[0].end] == "Rappelant"


def test_markdown_headings_in_the_preamble_and_the_operative_part(fixture_text):
    parsed = parse_fixture(fixture_text, "headings.md")
    assert [p.pid for p in parsed.paragraphs] == ["pp1", "pp2", "op1", "op2", "op3", "op4"]
    assert [(h.pid, h.text, h.before) for h in parsed.headings] == [
        ("h1", "A. Context", "pp1"),
        ("h2", "B. Concerns", "pp2"),
        ("h3", "I. Actions by Member States", "op2"),
        ("h4", "II. Follow-up", "op4"),
    ]


def test_each_part_has_its_title_and_its_own_numbering(fixture_text):
    parsed = parse_fixture(fixture_text, "parts.txt")
    assert parsed.title == "Questions relating to the programme budget"
    assert [(p.label, p.title) for p in parsed.parts] == [
        ("A", "Special subjects relating to the programme budget"),
        ("B", "Revised estimates for the special political missions"),
    ]
    assert [(p.pid, p.part) for p in parsed.paragraphs] == [
        ("a-pp1", "a"),
        ("a-pp2", "a"),
        ("a-op1", "a"),
        ("a-op2", "a"),
        ("b-pp1", "b"),
        ("b-op1", "b"),
        ("b-op2", "b"),
    ]
    assert parsed.paragraph("b-op2").text == "Requests the Secretary-General to report thereon."


def test_an_annex_with_headings_and_an_unnumbered_operative_paragraph(fixture_text):
    parsed = parse_fixture(fixture_text, "annex.txt")
    assert [(a.number, a.heading, a.title) for a in parsed.annexes] == [
        (1, "Annex", "Political declaration on example matters")
    ]
    assert [(p.pid, p.kind, p.annex) for p in parsed.paragraphs] == [
        ("op-u1", "operative", None),
        ("annex1-pp1", "preambular", 1),
        ("annex1-pp2", "preambular", 1),
        ("annex1-op1", "operative", 1),
        ("annex1-op2", "operative", 1),
        ("annex1-op2a", "subparagraph", 1),
        ("annex1-op2b", "subparagraph", 1),
        ("annex1-op3", "operative", 1),
    ]
    assert parsed.paragraph("op-u1").text.endswith(
        "as contained in the annex to the present resolution."
    )
    assert parsed.paragraph("annex1-op2a").parent == "annex1-op2"
    assert [(h.pid, h.text, h.before, h.annex) for h in parsed.headings] == [
        ("h1", "I. Commitments", "annex1-op1", 1),
        ("h2", "II. Follow-up", "annex1-op3", 1),
    ]
    assert parsed.adopted.isoformat() == "2025-06-10"


def refusal(text: str, name: str = "stray.txt") -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse_resolution(text, name)
    return caught.value


def test_a_line_after_the_closing_meeting_that_begins_nothing_is_refused(fixture_text):
    text = fixture_text("parts.txt").replace(
        "58th plenary meeting\n30 December 2022\nB\n",
        "58th plenary meeting\n30 December 2022\nSome words of no part\nB\n",
    )
    error = refusal(text)
    assert error.line == 31
    assert "Some words of no part" in error.message


def test_an_operative_number_that_skips_one_is_refused_not_swallowed(fixture_text):
    text = fixture_text("parts.txt").replace("2.\nDecides to keep", "3.\nDecides to keep")
    error = refusal(text)
    assert error.line == 27
    assert "operative paragraph 3 found where paragraph 2 was expected" in error.message


def test_footnote_text_with_no_footnote_number_is_refused():
    text = (TEXTS / "A_RES_77_10.pdftotext.txt").read_text(encoding="utf-8")
    text = text.replace("1 A/HRC/51/6.", "A/HRC/51/6.")
    error = refusal(text)
    assert error.line == 73
    assert "footnote text with no footnote number" in error.message
