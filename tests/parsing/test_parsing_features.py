"""One small text per parser feature, in tests/parsing/fixtures."""

from datetime import date

from resolutions.parsing import TreatyRef, parse_resolution


def parse(fixture_text, name):
    return parse_resolution(fixture_text(name), name)


def test_markdown_paragraphs_continue_across_a_page_break_and_its_footnotes(fixture_text):
    parsed = parse(fixture_text, "markdown_page_split.md")
    assert [p.pid for p in parsed.paragraphs] == ["pp1", "pp2", "op1", "op2"]
    assert parsed.paragraph("pp1").text == (
        "Recalling the Convention on the Rights of the Child and the commitments made by States"
        " in the outcome documents of the relevant summits,"
    )
    assert parsed.paragraph("op1").text.endswith(
        "and to report thereon to the General Assembly at its eightieth session;"
    )
    assert parsed.paragraph("pp1").line == 20
    assert parsed.footnote(1).treaties == [TreatyRef(1577, 27531)]
    assert parsed.agenda_items == [("71 (b)", "Promotion and protection of human rights")]
    assert parsed.report_symbol == "A/78/481/Add.2"


def test_pdftotext_bare_markers_and_footnotes_printed_apart_from_their_numbers(fixture_text):
    parsed = parse(fixture_text, "pdftotext_bare_markers.txt")
    assert parsed.form == "pdftotext"
    pp1 = parsed.paragraph("pp1")
    assert [m.number for m in pp1.footnotes] == [1, 2]
    assert pp1.text.startswith("Recalling the Paris Agreement, adopted under the United Nations")
    # Numbers that are not markers stay in the text.
    assert parsed.paragraph("pp2").text == (
        "Noting with concern that 3 million people in 12 countries remain at risk,"
    )
    assert "children under 5 years of age;" in parsed.paragraph("op2").text
    assert [m.number for m in parsed.paragraph("op2").footnotes] == [1]
    assert parsed.footnote(1).treaties == [TreatyRef(3156, 54113)]
    assert parsed.footnote(2).treaties == [TreatyRef(1771, 30822)]
    assert parsed.footnote(3).text == "A/77/217."
    assert parsed.paragraph("op3").text.startswith("Decides to include")
    assert all("22-28999" not in p.text for p in parsed.paragraphs)


def test_old_plain_text_style_markers_written_1_slash(fixture_text):
    parsed = parse(fixture_text, "old_style.txt")
    assert parsed.form == "plaintext"
    assert parsed.symbol == "A/RES/46/999"
    assert parsed.adopted == date(1991, 12, 17)
    assert parsed.distributed == date(1991, 12, 19)
    pp1 = parsed.paragraph("pp1")
    assert pp1.text == (
        "Recalling the International Covenant on Civil and Political Rights and resolution"
        " 2200 A (XXI) of 16 December 1966,"
    )
    assert [(m.number, m.cited_words) for m in pp1.footnotes] == [
        (1, "the International Covenant on Civil and Political Rights")
    ]
    assert [m.number for m in parsed.paragraph("op1").footnotes] == [1, 2]
    assert parsed.footnote(2).text == "Resolution 44/25, annex."


def test_sub_paragraphs_and_items_get_their_own_ids(fixture_text):
    parsed = parse(fixture_text, "subparagraphs.md")
    assert [(p.pid, p.kind, p.label, p.parent) for p in parsed.paragraphs[:9]] == [
        ("pp1", "preambular", "", None),
        ("op1", "operative", "1", None),
        ("op1a", "subparagraph", "a", "op1"),
        ("op1b", "subparagraph", "b", "op1"),
        ("op1b-i", "item", "i", "op1b"),
        ("op1b-ii", "item", "ii", "op1b"),
        ("op1c", "subparagraph", "c", "op1"),
        ("op1c-i", "item", "i", "op1c"),
        ("op2", "operative", "2", None),
    ]
    assert parsed.paragraph("op1a").text == "Meet annually;"
    # After (h), "(i)" is the ninth letter, not a roman one.
    assert parsed.paragraph("op2i").kind == "subparagraph"
    assert parsed.paragraph("op2i").text == "The ninth."


def test_ibid_chain_multi_volume_treaties_old_symbols_and_sales_numbers(fixture_text):
    parsed = parse(fixture_text, "footnote_sources.md")
    assert [d.symbol for d in parsed.footnote(1).documents] == ["A/RES/217 A (III)"]
    assert [d.symbol for d in parsed.footnote(2).documents] == ["A/RES/2200 A (XXI)"]
    assert parsed.footnote(3).treaties == [
        TreatyRef(1577, 27531),
        TreatyRef(2171, 27531),
        TreatyRef(2173, 27531),
    ]
    fn4 = parsed.footnote(4)
    assert fn4.ibid and fn4.treaties == [TreatyRef(2237, 39574)]
    assert parsed.footnote(5).publications == ["E.96.IV.13"]
    fn6 = parsed.footnote(6)
    assert fn6.ibid and fn6.publications == ["E.96.IV.13"] and fn6.treaties == []


def test_resolutions_of_other_organs_get_their_own_symbols(fixture_text):
    parsed = parse(fixture_text, "footnote_sources.md")
    pp1 = parsed.paragraph("pp1")
    assert [d.symbol for d in pp1.documents] == ["E/RES/2004/35", "A/HRC/RES/53/2"]
    mention = pp1.documents[1]
    assert pp1.text[mention.start : mention.end] == "resolution 53/2"
    assert [d.symbol for d in parsed.paragraph("op1").documents] == ["A/HRC/56/60"]


def test_a_resolution_of_another_body_in_a_footnote_is_not_taken_for_the_assemblys(bundled):
    # Footnote 9: "CTOC/COP/2020/10, sect. I.A, resolution 10/1." is the Conference's.
    assert [d.symbol for d in bundled.footnote(9).documents] == ["CTOC/COP/2020/10"]


def test_plain_text_opening_phrases_are_marked_as_emphasis(fixture_text):
    parsed = parse(fixture_text, "pdftotext_bare_markers.txt")
    pp2 = parsed.paragraph("pp2")
    assert [pp2.text[s.start : s.end] for s in pp2.emphasis] == ["Noting with concern"]
    op2 = parsed.paragraph("op2")
    assert [op2.text[s.start : s.end] for s in op2.emphasis] == ["Calls upon"]
