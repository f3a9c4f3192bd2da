"""Real resolutions as text extraction leaves them: pdftotext, with and without -layout."""

import re
from datetime import date
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"

# The README table in tests/fixtures/samples.
EXPECTED = [
    ("A_RES_72_309.pdftotext.txt", "A/RES/72/309", "pdftotext", 38, 50, 20, date(2018, 9, 10)),
    ("A_RES_73_8.pdftotext.txt", "A/RES/73/8", "pdftotext", 8, 5, 1, date(2018, 11, 1)),
    ("A_RES_79_62.pdftotext.txt", "A/RES/79/62", "pdftotext", 16, 12, 3, date(2024, 12, 2)),
    ("A_RES_79_62.layout.md", "A/RES/79/62", "layout", 16, 12, 3, date(2024, 12, 2)),
]
NAMES = [row[0] for row in EXPECTED]


@pytest.fixture(params=NAMES)
def parsed_sample(request, sample):
    return request.param, sample(request.param)


@pytest.mark.parametrize("row", EXPECTED, ids=NAMES)
def test_counts_and_adoption_date_match_the_readme(row, sample):
    name, symbol, form, preambular, operative, footnotes, adopted = row
    parsed = sample(name)
    kinds = [p.kind for p in parsed.paragraphs]
    assert parsed.symbol == symbol
    assert parsed.form == form
    assert kinds.count("preambular") == preambular
    assert kinds.count("operative") == operative
    assert len(parsed.footnotes) == footnotes
    assert parsed.adopted == adopted


def test_every_footnote_is_cited_and_every_marker_has_its_footnote(parsed_sample):
    _, parsed = parsed_sample
    cited = {m.number for p in parsed.paragraphs for m in p.footnotes}
    assert cited == {f.number for f in parsed.footnotes}


def test_no_page_furniture_leaks_into_paragraphs(parsed_sample):
    name, parsed = parsed_sample
    raw = (SAMPLES / name).read_text(encoding="utf-8")
    pages = set(re.findall(r"(?m)(?:^|\s{3})(\d{1,2}/\d{1,2})\s*$", raw))
    assert pages
    for paragraph in parsed.paragraphs:
        text = paragraph.text
        assert not re.search(r"\b\d{2}-\d{5}\b", text), paragraph.pid  # job number
        assert not re.search(r"\*\d{5,}\*", text), paragraph.pid  # barcode
        assert not any(re.search(rf"(?<![\d/]){page}(?![\d/])", text) for page in pages)
        assert not re.search(r"\b\d{6}\b", text), paragraph.pid  # date code
        assert parsed.symbol not in text, paragraph.pid  # running header
        assert "____" not in text
        assert "  " not in text


def test_running_title_does_not_repeat_inside_paragraphs(sample):
    parsed = sample("A_RES_72_309.pdftotext.txt")
    title = "Consolidating gains and accelerating efforts to control and eliminate"
    assert all(title not in p.text for p in parsed.paragraphs)
    pp14 = parsed.paragraph("pp14")
    assert "in May 2015, and the Action and Investment to Defeat Malaria" in pp14.text


def test_the_first_page_of_72_309_keeps_its_footnotes_in_order(sample):
    parsed = sample("A_RES_72_309.pdftotext.txt")
    texts = {f.number: f.text for f in parsed.footnotes}
    assert texts[1] == "Resolution 70/1."
    assert texts[2] == "Resolution 69/313, annex."
    assert texts[4].endswith("WHASS1/2006-WHA60/2007/REC/1 and WHA64/2011/REC/1.")
    assert texts[8] == "See A/55/240/Add.1, annex."
    assert texts[13].startswith("The package of core interventions")
    assert texts[14].startswith("The call in the Global Malaria Programme")
    assert parsed.footnote(16).treaties[0].volume == 2256


def test_bare_markers_are_told_from_numbers_in_the_text(sample):
    parsed = sample("A_RES_72_309.pdftotext.txt")
    pp4 = parsed.paragraph("pp4")
    assert [m.number for m in pp4.footnotes] == [4, 5, 6]
    assert "Millennium Development Goals and resolution 68.2" in pp4.text
    op20 = parsed.paragraph("op20")
    assert "children under 5 years of age;" in op20.text
    assert [m.number for m in op20.footnotes] == [6]
    assert "Goal 3, target 3.3, of the Sustainable Development Goals, as well" in (
        parsed.paragraph("op2").text
    )


def test_words_broken_by_a_stray_space_are_rejoined(sample):
    assert (
        "Latin America and the Caribbean"
        in sample("A_RES_73_8.pdftotext.txt").paragraph("pp3").text
    )
    malaria = sample("A_RES_72_309.pdftotext.txt")
    assert "to allocate at least 15 per cent" in malaria.paragraph("pp8").text
    assert "malaria in Africa," in malaria.paragraph("pp9").text
    assert "monitoring and evaluation" in malaria.paragraph("op45").text
    weapons = sample("A_RES_79_62.pdftotext.txt")
    assert "the work of the Group of Governmental Experts as observers" in (
        weapons.paragraph("op3").text
    )


def test_hyphens_lost_by_extraction_are_restored_where_the_document_has_the_word(sample):
    malaria = sample("A_RES_72_309.pdftotext.txt")
    assert "long-lasting insecticide-treated nets, insecticides" in malaria.paragraph("op16").text
    assert "High-level United Nations Conference" in malaria.paragraph("op48").text
    # "scale up" is also written spaced elsewhere, so a merged line leaves it alone.
    assert "factories to scale up production" in malaria.paragraph("op40").text
    weapons = sample("A_RES_79_62.pdftotext.txt")
    assert "report of the Secretary-General, and notes" in weapons.paragraph("op2").text
    assert "non-State actors" in weapons.paragraph("pp4").text


def test_layout_and_plain_extraction_of_one_resolution_agree(sample):
    plain = sample("A_RES_79_62.pdftotext.txt")
    layout = sample("A_RES_79_62.layout.md")
    assert [(p.pid, p.text) for p in layout.paragraphs] == [
        (p.pid, p.text) for p in plain.paragraphs
    ]
    assert [f.text for f in layout.footnotes] == [f.text for f in plain.footnotes]
    assert layout.agenda_items == [
        ("98 (ss)", "General and complete disarmament: lethal autonomous weapons systems")
    ]
    assert layout.committee == "First Committee"
    assert (layout.report_symbol, layout.report_paragraph) == ("A/79/408", "114")


def test_a_resolution_without_a_main_committee_names_its_draft(sample):
    cuba = sample("A_RES_73_8.pdftotext.txt")
    assert cuba.committee is None
    assert cuba.report_symbol == "A/73/L.3"
    assert cuba.report_paragraph is None
    assert cuba.distributed == date(2018, 11, 5)
    assert cuba.meeting == "30th plenary meeting"
    assert cuba.title.startswith("Necessity of ending the economic, commercial and financial")
    assert len(cuba.paragraph("pp6").documents) == 26
    assert cuba.footnote(1).text == "A/73/85."
