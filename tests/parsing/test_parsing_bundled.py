"""The bundled resolution, A/RES/79/154, read from its Markdown form."""

from datetime import date

from resolutions.parsing import (
    DocumentMention,
    ParsedResolution,
    TreatyRef,
    load_catalogue,
)


def test_it_has_38_preambular_and_52_operative_paragraphs_and_39_footnotes(bundled):
    kinds = [p.kind for p in bundled.paragraphs]
    assert kinds.count("preambular") == 38
    assert kinds.count("operative") == 52
    assert [p.pid for p in bundled.paragraphs if p.kind == "operative"] == [
        f"op{n}" for n in range(1, 53)
    ]
    assert [f.number for f in bundled.footnotes] == list(range(1, 40))
    assert bundled.form == "markdown"


def test_the_header_says_what_the_resolution_is(bundled: ParsedResolution):
    assert bundled.symbol == "A/RES/79/154"
    assert bundled.session == 79
    assert bundled.number == "154"
    assert bundled.title == "Trafficking in women and girls"
    assert bundled.adopted == date(2024, 12, 17)
    assert bundled.distributed == date(2024, 12, 19)
    assert bundled.agenda_items == [("27", "Advancement of women")]
    assert bundled.committee == "Third Committee"
    assert bundled.report_symbol == "A/79/451"
    assert bundled.report_paragraph == "65"
    assert bundled.meeting == "53rd plenary meeting"


def test_paragraphs_split_by_page_breaks_read_whole(bundled):
    joins = {
        "pp2": "the sale of children, child prostitution and child pornography, and the Convention",
        "pp25": "the adverse impacts of climate change, pandemic situations",
        "pp33": "intersecting forms of discrimination and violence, including on the grounds",
        "op2": "United Nations entities that have not done so to submit",
        "op16": "gender stereotypes and negative social norms, discrimination",
        "op41": "responsive to the particular situation of women and girls",
        "op48": "informational materials and to provide training for law enforcement",
    }
    for pid, words in joins.items():
        assert words in bundled.paragraph(pid).text, pid


def test_operative_paragraph_26_reads_whole_across_the_long_footnote_37(bundled):
    op26 = bundled.paragraph("op26")
    assert op26.text.startswith("Urges all Governments to criminalize all forms of trafficking")
    assert "sex tourism, and to bring to justice and punish the offenders" in op26.text
    assert op26.text.endswith("victims of trafficking in persons in their custody;")
    assert "Bali Process" not in op26.text
    assert bundled.paragraph("op27").text.startswith("Urges Governments, in accordance")


def test_text_is_plain_without_markers_links_or_emphasis_markup(bundled):
    for paragraph in bundled.paragraphs:
        for junk in ("<sup>", "*", "](#)", "\\(", "  ", "---"):
            assert junk not in paragraph.text, (paragraph.pid, junk)
    pp2 = bundled.paragraph("pp2")
    assert "Transnational Organized Crime and the Protocols thereto" in pp2.text


def test_footnote_markers_sit_where_they_stood(bundled):
    pp2 = bundled.paragraph("pp2")
    assert [m.number for m in pp2.footnotes] == [1, 2, 3, 4, 5, 6, 7, 8]
    first = pp2.footnotes[0]
    assert pp2.text[: first.offset].endswith(
        "United Nations Convention against Transnational Organized Crime"
    )
    assert (
        first.cited_words == "the United Nations Convention against Transnational Organized Crime"
    )
    op5 = bundled.paragraph("op5")
    assert [m.number for m in op5.footnotes] == list(range(22, 35))
    assert op5.footnotes[4].cited_words == "the Forced Labour Convention, 1930 (No. 29)"
    assert bundled.paragraph("pp17").footnotes[0].cited_words == (
        "the Rome Statute of the International Criminal Court"
    )


def test_italic_opening_phrases_are_emphasis_spans(bundled):
    def emphasised(pid):
        p = bundled.paragraph(pid)
        return [p.text[s.start : s.end] for s in p.emphasis]

    assert emphasised("pp1") == []
    assert emphasised("pp24") == ["Recognizing also"]
    assert emphasised("pp7") == ["Reaffirming also", "inter alia"]
    assert emphasised("op1") == ["Takes note with appreciation"]
    assert emphasised("op26") == ["Urges"]
    assert "Global Report on Trafficking in Persons" in emphasised("op46")


def test_paragraphs_name_the_documents_they_cite(bundled):
    pp10 = bundled.paragraph("pp10")
    assert pp10.documents == [
        DocumentMention(
            "A/RES/73/195",
            pp10.text.index("resolution 73/195"),
            pp10.text.index("resolution 73/195") + len("resolution 73/195"),
        )
    ]
    assert [d.symbol for d in bundled.paragraph("pp12").documents] == ["A/RES/64/293"]
    assert [d.symbol for d in bundled.footnote(20).documents] == ["A/79/322"]
    assert [d.symbol for d in bundled.footnote(9).documents] == ["CTOC/COP/2020/10"]
    assert [d.symbol for d in bundled.footnote(16).documents] == ["E/2024/27"]
    assert [d.symbol for d in bundled.footnote(21).documents] == ["A/79/161", "A/HRC/56/60"]
    assert [d.symbol for d in bundled.footnote(37).documents] == ["A/C.3/55/3"]
    assert [d.symbol for d in bundled.footnote(13).documents] == ["A/RES/70/1"]


def test_treaty_footnotes_give_volume_and_number(bundled):
    assert bundled.footnote(1).treaties == [TreatyRef(2225, 39574)]
    assert bundled.footnote(2).treaties == [TreatyRef(2237, 39574)]
    assert bundled.footnote(2).ibid
    assert bundled.footnote(22).treaties == [
        TreatyRef(2171, 27531),
        TreatyRef(2173, 27531),
        TreatyRef(2983, 27531),
    ]
    assert bundled.footnote(18).treaties == [TreatyRef(2187, 38544)]
    assert bundled.footnote(20).treaties == []
    assert bundled.footnote(11).publications == ["E.96.IV.13"]
    assert bundled.footnote(12).publications == ["E.95.XIII.18"]


def test_ibid_without_its_own_reference_takes_the_previous_footnotes_source(bundled):
    fn38, fn39 = bundled.footnote(38), bundled.footnote(39)
    assert [d.symbol for d in fn38.documents] == ["A/RES/2200 A (XXI)"]
    assert fn39.ibid and fn39.text == "Ibid."
    assert [d.symbol for d in fn39.documents] == ["A/RES/2200 A (XXI)"]


def test_every_treaty_series_footnote_resolves_in_the_catalogue(bundled):
    catalogue = load_catalogue()
    refs = [t for f in bundled.footnotes for t in f.treaties]
    assert len(refs) == 24
    missing = [t for t in refs if catalogue.by_treaty(t.volume, t.number) is None]
    assert missing == []
    assert catalogue.by_treaty(2237, 39574).short_name == "Trafficking in Persons Protocol"


def test_to_json_has_the_shape_design_md_promises(bundled):
    data = bundled.to_json()
    assert list(data)[:6] == ["symbol", "session", "title", "adopted", "paragraphs", "footnotes"]
    assert data["symbol"] == "A/RES/79/154"
    assert data["adopted"] == "2024-12-17"
    first = data["paragraphs"][0]
    assert list(first)[:5] == ["id", "kind", "text", "footnotes", "documents"]
    assert first["id"] == "pp1" and first["text"].startswith("Reiterating its strong")
    pp2 = next(p for p in data["paragraphs"] if p["id"] == "pp2")
    assert pp2["footnotes"] == [1, 2, 3, 4, 5, 6, 7, 8]
    fn1 = data["footnotes"][0]
    assert list(fn1)[:4] == ["number", "text", "treaties", "documents"]
    assert fn1 == fn1 | {
        "number": 1,
        "text": "United Nations, Treaty Series, vol. 2225, No. 39574.",
        "treaties": [{"volume": 2225, "number": 39574}],
        "documents": [],
    }
    import json

    assert json.loads(json.dumps(data)) == data
