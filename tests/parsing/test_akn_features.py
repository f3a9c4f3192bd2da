"""The UN's Akoma Ntoso XML (AKN4UN): one feature of the markup per test, on small documents."""

import json
import re
from dataclasses import replace

import pytest
from django.core.management import call_command

from resolutions.parsing import ParseError, check_document, parse_akn, parse_document

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"


def meta(lang="eng", extra=""):
    return f"""<meta>
      <identification source="#DGACM">
        <FRBRWork><FRBRdate date="2022-12-15" name="adoption"/></FRBRWork>
        <FRBRExpression><FRBRlanguage language="{lang}"/></FRBRExpression>
      </identification>
      {extra}
      <references source="#DGACM">
        <TLCTerm eId="thirdCommittee" href="#thirdCommittee" showAs="Third Committee"/>
      </references>
    </meta>"""


def cover(symbol="A/RES/77/194"):
    return f"""<coverPage>
      <p><docNumber refersTo="#symbol">{symbol}</docNumber></p>
      <p><docDate date="2022-12-30" refersTo="#dateOfIssuance">30 December 2022</docDate></p>
      <p><session refersTo="#generalAssembly" value="77">Seventy-seventh session</session></p>
      <p><inline title="26" name="agenda item">Agenda item 26</inline></p>
      <p><inline name="agenda item name">Advancement of women</inline></p>
      <p><docProponent refersTo="#thirdCommittee">[on the report of the Third Committee
        (<inline name="originating document">A/77/456, para. 61</inline>)]</docProponent></p>
    </coverPage>"""


def statement(main, preamble="", lang="eng", meta_extra="", attachments="", title="Trafficking"):
    return f"""<?xml version="1.0" encoding="utf-8"?>
<akomaNtoso xmlns="{NS}">
  <statement name="resolution">
    {meta(lang, meta_extra)}
    {cover()}
    <preface><p><docNumber>77/194.</docNumber>
      <docTitle refersTo="#resolutionTitle"><span class="bold">{title}</span></docTitle></p>
    </preface>
    <preamble>
      <formula name="enactingFormula"><p><span class="italic">The General Assembly</span>,</p>
      </formula>
      {preamble}
    </preamble>
    <mainBody>{main}</mainBody>
    <conclusions><p><inline name="adoptionMeeting" title="54th">54th plenary meeting</inline>
      </p></conclusions>
    {attachments}
  </statement>
</akomaNtoso>
"""


def para(number, text, extra=""):
    num = f"<num>{number}.</num>" if number else ""
    return f"<paragraph>{num}<content><p>{text}</p></content>{extra}</paragraph>"


def pre(text):
    return f"<container><p>{text}</p></container>"


def ids(parsed):
    return [p.pid for p in parsed.paragraphs]


def test_the_cover_page_and_identification_give_the_resolution_data():
    parsed = parse_akn(statement(para(1, "Decides."), pre("Recalling.")), "77_194.xml")
    assert parsed.symbol == "A/RES/77/194"
    assert (parsed.session, parsed.number, parsed.title) == (77, "194", "Trafficking")
    assert parsed.adopted.isoformat() == "2022-12-15"
    assert parsed.distributed.isoformat() == "2022-12-30"
    assert parsed.agenda_items == [("26", "Advancement of women")]
    assert parsed.committee == "Third Committee"
    assert (parsed.report_symbol, parsed.report_paragraph) == ("A/77/456", "61")
    assert parsed.meeting == "54th plenary meeting"
    assert (parsed.language, parsed.form) == ("en", "akn")
    assert [(p.pid, p.kind, p.text) for p in parsed.paragraphs] == [
        ("pp1", "preambular", "Recalling."),
        ("op1", "operative", "Decides."),
    ]


@pytest.mark.parametrize(
    ("code", "language"),
    [("eng", "en"), ("fra", "fr"), ("spa", "es"), ("rus", "ru"), ("ara", "ar"), ("zho", "zh"),
     ("chi", "zh")],
)  # fmt: skip
def test_the_language_comes_from_the_markup_not_the_file_name(code, language):
    parsed = parse_akn(statement(para(1, "Decides."), lang=code), "A_RES_77_194-2228891E.xml")
    assert parsed.language == language


def test_a_language_that_is_not_an_official_un_language_is_refused_by_name():
    with pytest.raises(ParseError) as error:
        parse_akn(statement(para(1, "Beschließt."), lang="deu"), "A_RES_77_276-G.xml")
    assert "A_RES_77_276-G.xml" in str(error.value)
    assert '"deu" is not one of the six official languages' in str(error.value)
    assert error.value.line is not None


def test_a_multi_part_resolution_prefixes_each_part():
    def component(label, title, body):
        return f"""<component><statement name="resolution">{meta()}
          <preface><p><docNumber>{label}</docNumber><docTitle>{title}</docTitle></p></preface>
          <preamble>{pre("Recalling.")}</preamble><mainBody>{body}</mainBody>
        </statement></component>"""

    text = f"""<akomaNtoso xmlns="{NS}">
      <documentCollection name="publication">{meta()}{cover("A/RES/77/264 A-B")}
        <preface><p><docNumber>77/264.</docNumber><docTitle>Budget</docTitle></p></preface>
        <collectionBody/>
      </documentCollection>
      <components>
        {component("A", "Appropriations", para(1, "Resolves.") + para(2, "Decides."))}
        {component("B", "Income", para(1, "Approves."))}
      </components>
    </akomaNtoso>"""
    parsed = parse_document(text, "77_264.xml")
    assert parsed.symbol == "A/RES/77/264"
    assert [(p.label, p.title) for p in parsed.parts] == [("A", "Appropriations"), ("B", "Income")]
    assert ids(parsed) == ["a-pp1", "a-op1", "a-op2", "b-pp1", "b-op1"]
    assert [p.part for p in parsed.paragraphs] == ["a", "a", "a", "b", "b"]


def test_an_annex_keeps_its_paragraphs_numbered_and_unnumbered():
    annex = f"""<attachments><attachment><doc name="annex">{meta()}<mainBody>
        <paragraph class="H1"><heading>Annex</heading></paragraph>
        <paragraph class="H1"><content><p><subheading>Declaration</subheading></p></content>
        </paragraph>
        {para(None, "We, the Heads of State,")}
        {para(1, "Commit.")}
        {para(2, "Resolve.")}
      </mainBody></doc></attachment></attachments>"""
    parsed = parse_document(statement(para(1, "Adopts the declaration."), attachments=annex), "a")
    assert ids(parsed) == ["op1", "annex1-pp1", "annex1-op1", "annex1-op2"]
    assert [p.kind for p in parsed.paragraphs] == ["operative"] * 4
    assert [p.annex for p in parsed.paragraphs] == [None, 1, 1, 1]
    assert [(a.number, a.heading, a.title) for a in parsed.annexes] == [(1, "Annex", "Declaration")]
    assert [(h.pid, h.text, h.before, h.annex) for h in parsed.headings] == [
        ("h1", "Annex", "annex1-pp1", 1),
        ("h2", "Declaration", "annex1-pp1", 1),
    ]


def test_headings_sections_and_numbering_that_starts_again_in_a_section():
    main = f"""
      {para(1, "Decides.")}
      <paragraph class="H23"><subheading>I</subheading></paragraph>
      <paragraph class="H23"><subheading>Actions by African countries</subheading></paragraph>
      {para(2, "Urges.")}
      <section><num>B.</num><subheading>Danger pay</subheading>
        <crossHeading refersTo="#preamble"><span class="italic">Recalling</span> its
          resolution 70/244,</crossHeading>
        {para(1, "Decides.")}{para(2, "Requests.")}
      </section>"""
    parsed = parse_document(statement(main, pre("Noting.")), "h.xml")
    assert ids(parsed) == ["pp1", "op1", "op2", "pp2", "s2-op1", "s2-op2"]
    assert parsed.paragraph("pp2").kind == "preambular"
    assert parsed.paragraph("pp2").text == "Recalling its resolution 70/244,"
    assert parsed.paragraph("pp2").documents[0].symbol == "A/RES/70/244"
    assert [(h.pid, h.text, h.before) for h in parsed.headings] == [
        ("h1", "I", "op2"),
        ("h2", "Actions by African countries", "op2"),
        ("h3", "B. Danger pay", "pp2"),
    ]


def test_points_to_any_depth_take_their_ids_from_their_places():
    letters = "".join(
        f"<point><num>({c})</num><content><p>Item {c};</p></content></point>" for c in "abcdefgh"
    )
    main = f"""<paragraph><num>1.</num><list>
        <intro><p><span class="italic">Requests</span> the Secretary-General:</p></intro>
        {letters}
        <point><num>(i)</num><content><p>The ninth;</p></content></point>
        <sublist>
          <point><num>(i)</num><content><p>First under (i);</p></content></point>
          <point><num>(ii)</num><content><p>Second under (i);</p>
            </content><list><point><num>a.</num><content><p>Deeper.</p></content></point></list>
          </point>
        </sublist>
      </list></paragraph>"""
    parsed = parse_document(statement(main), "deep.xml")
    got = [(p.pid, p.kind, p.label, p.parent) for p in parsed.paragraphs]
    assert got[0] == ("op1", "operative", "1", None)
    assert parsed.paragraph("op1").text == "Requests the Secretary-General:"
    assert got[1] == ("op1a", "subparagraph", "(a)", "op1")
    assert got[9] == ("op1i", "subparagraph", "(i)", "op1")
    assert got[10:] == [
        ("op1i-i", "item", "(i)", "op1i"),
        ("op1i-ii", "item", "(ii)", "op1i"),
        ("op1i-ii-a", "item", "a.", "op1i-ii"),
    ]


def test_ids_are_the_same_in_every_language_even_where_arabic_writes_numbers_in_the_text():
    english = statement(
        para(1, "<span class='italic'>Decides</span> to act;")
        + """<paragraph><num>2.</num><list><intro><p>Requests:</p></intro>
          <point><num>(a)</num><content><p>First;</p></content></point>
          <point><num>(b)</num><content><p>Second.</p></content></point></list></paragraph>"""
    )
    arabic = statement(
        """<paragraph><content><p>\t1 -<span class="bold italic">\tتقرر</span> أن</p></content>
          </paragraph>
          <paragraph><content><p>\t2 <span class="bold">-\t</span>تطلب:</p></content>
          <list><point><num>(أ)</num><content><p>أولا؛</p></content></point>
          <point><num>(ب)</num><content><p>ثانيا.</p></content></point></list></paragraph>""",
        lang="ara",
    )
    chinese = statement(
        """<paragraph><num>1.</num><content><p>决定</p></content></paragraph>
          <paragraph><num>2.</num><list><intro><p>请</p></intro>
          <point><num>(a)</num><content><p>一</p></content></point>
          <point><num>(b)</num><content><p>二</p></content></point></list></paragraph>""",
        lang="zho",
    )
    parsed = [parse_document(text, "x.xml") for text in (english, arabic, chinese)]
    assert ids(parsed[0]) == ids(parsed[1]) == ids(parsed[2]) == ["op1", "op2", "op2a", "op2b"]
    assert parsed[1].paragraph("op1").text == "تقرر أن"
    assert parsed[1].paragraph("op1").label == "1"


def test_footnotes_markers_and_ibid_chains():
    main = para(
        1,
        "Calls upon States to ratify the Convention"
        '<authorialNote marker="1"><p>United Nations, <span class="italic">Treaty Series</span>,'
        " vol. 2225, No. 39574.</p></authorialNote> and its Protocol"
        '<authorialNote marker="2"><p>Ibid., vol. 2237, No. 39574.</p></authorialNote>, recalling'
        ' resolution 76/7<authorialNote marker="3"><p>See <a href="https://undocs.org/A/77/170">'
        "A/77/170</a>.</p></authorialNote>;",
    )
    parsed = parse_document(statement(main), "fn.xml")
    op1 = parsed.paragraph("op1")
    assert op1.text == (
        "Calls upon States to ratify the Convention and its Protocol, recalling resolution 76/7;"
    )
    assert [(m.number, op1.text[: m.offset][-8:]) for m in op1.footnotes] == [
        (1, "nvention"),
        (2, "Protocol"),
        (3, "ion 76/7"),
    ]
    assert [d.symbol for d in op1.documents] == ["A/RES/76/7"]
    notes = {f.number: f for f in parsed.footnotes}
    assert notes[1].text == "United Nations, Treaty Series, vol. 2225, No. 39574."
    assert [(t.volume, t.number) for t in notes[1].treaties] == [(2225, 39574)]
    assert notes[2].ibid
    assert [(t.volume, t.number) for t in notes[2].treaties] == [(2237, 39574)]
    assert [d.symbol for d in notes[3].documents] == ["A/77/170"]
    assert notes[1].emphasis[0].style == "italic"


def test_a_footnote_on_the_title_is_kept_and_counts_as_referred_to():
    text = statement(
        para(1, "Decides."),
        title='Revitalization<authorialNote marker="1"><p>See A/77/1.</p></authorialNote>',
    )
    parsed = parse_document(text, "t.xml")
    assert parsed.title == "Revitalization"
    assert [m.number for m in parsed.title_footnotes] == [1]
    assert parsed.to_json()["title_footnotes"] == [1]


def test_recorded_votes_with_the_states_and_adoption_without_a_vote():
    voting = f"""<analysis><parliamentary><voting outcome="adoptedRecordedVote">
      <count value="2" refersTo="inFavour"><voters xmlns="http://un.org/akn4un">
        <organization xmlns="{NS}" refersTo="memberState">ALBANIA</organization>
        <organization xmlns="{NS}" refersTo="memberState">ANDORRA</organization></voters></count>
      <count value="1" refersTo="against"><voters xmlns="http://un.org/akn4un">
        <organization xmlns="{NS}" refersTo="memberState">BELARUS</organization></voters></count>
      </voting></parliamentary></analysis>"""
    parsed = parse_document(statement(para(1, "Decides."), meta_extra=voting), "v.xml")
    assert parsed.votes.to_json() == {
        "outcome": "recorded",
        "in_favour": 2,
        "against": 1,
        "abstaining": 0,
        "states": {"in_favour": ["ALBANIA", "ANDORRA"], "against": ["BELARUS"], "abstaining": []},
    }
    without = """<analysis><parliamentary><voting outcome="adoptedWithoutVote"><quorum value=""/>
      </voting></parliamentary></analysis>"""
    parsed = parse_document(statement(para(1, "Decides."), meta_extra=without), "w.xml")
    assert parsed.votes.outcome == "without vote"
    assert parse_document(statement(para(1, "Decides.")), "n.xml").votes is None


def test_subjects_come_from_the_classification_named_for_who_assigned_them():
    classification = """<classification source="http://metadata.un.org/sdg">
      <keyword value="5" href="http://metadata.un.org/sdg/5" showAs="sdg_5" dictionary="SDGO"/>
      <keyword value="women" href="http://metadata.un.org/thesaurus/1007029" dictionary="UNBIS"/>
      <keyword value="gender_equality" href="http://eurovoc.europa.eu/3913" dictionary="EuroVoc"/>
      <keyword value="gender_equality" href="http://eurovoc.europa.eu/3913" dictionary="EuroVoc"/>
      <keyword value="WOMEN" showAs="WOMEN" dictionary="UNBIS Thesaurus"/>
      <keyword refersTo="agenda" value="26" showAs="Advancement of women." dictionary="A/77/251"/>
    </classification>
    <classification source="DHLAUTH">
      <keyword value="TRAFFICKING IN PERSONS" href="http://metadata.un.org/thesaurus/1006622"
               dictionary="UNBIS Thesaurus"/>
      <keyword value="UN-Women" showAs="UN-Women" dictionary="DHLAUTH"/>
    </classification>"""
    parsed = parse_document(statement(para(1, "Decides."), meta_extra=classification), "s.xml")
    assert [s.to_json() for s in parsed.subjects] == [
        {"scheme": "SDG", "label": "SDG 5", "uri": "http://metadata.un.org/sdg/5"},
        {"scheme": "UNBIS", "label": "Women", "uri": "http://metadata.un.org/thesaurus/1007029"},
        {"scheme": "EuroVoc", "label": "Gender equality", "uri": "http://eurovoc.europa.eu/3913"},
        {
            "scheme": "UNBIS-library",
            "label": "Trafficking in persons",
            "uri": "http://metadata.un.org/thesaurus/1006622",
        },
    ]


def test_bold_italic_and_links_become_spans_over_the_plain_text():
    main = para(
        1,
        '<span class="bold italic">Strongly   urges</span> States, <span class="bold">all'
        '</span> of them, to read <a href="https://undocs.org/en/A/RES/70/1">70/1</a> and'
        ' <a href="javascript:alert(1)">this</a>;',
    )
    op1 = parse_document(statement(main), "b.xml").paragraph("op1")
    assert op1.text == "Strongly urges States, all of them, to read 70/1 and this;"
    spans = {(op1.text[s.start : s.end], s.style) for s in op1.emphasis}
    assert spans == {("Strongly urges", "italic"), ("Strongly urges", "bold"), ("all", "bold")}
    assert [(op1.text[s.start : s.end], s.href) for s in op1.links] == [
        ("70/1", "https://undocs.org/en/A/RES/70/1")
    ]


def test_a_table_is_part_of_the_paragraph_that_introduces_it_with_its_rows_and_cells():
    main = f"""{para(1, "Approves the following:")}
      <container><table><tr><th><p>Section</p></th><th><p>Amount</p></th></tr>
        <tr><td><p>1. Policymaking</p></td><td><p>41 295.1</p></td></tr></table></container>
      <paragraph class="FootnoteText"><content><p>a See A/75/383.</p></content></paragraph>
      {para(2, "Decides.")}"""
    parsed = parse_document(statement(main), "t.xml")
    assert [p.pid for p in parsed.paragraphs] == ["op1", "op2"]
    op1 = parsed.paragraph("op1")
    assert op1.text == "Approves the following:"
    rows = [["Section", "Amount"], ["1. Policymaking", "41 295.1"], ["a See A/75/383."]]
    assert op1.table == rows
    assert op1.to_json()["table"] == op1.table
    assert [r.split(":")[0] for r in parsed.repairs] == ["table", "table note"]


def test_a_table_with_nothing_before_it_is_a_paragraph_of_its_own():
    annex = """<attachments><attachment><doc name="annex"><mainBody>
      <container><table><tr><th><p>Section</p></th></tr><tr><td><p>1</p></td></tr></table>
      </container></mainBody></doc></attachment></attachments>"""
    parsed = parse_document(statement(para(1, "Decides."), attachments=annex), "t.xml")
    table = parsed.paragraph("annex1-pp1")
    assert table.table == [["Section"], ["1"]]
    assert table.text == "Section\n1"


def test_a_malformed_file_is_refused_with_its_name_and_line():
    text = statement(para(1, "Decides.")).replace("</mainBody>", "</mainBody></doc>")
    with pytest.raises(ParseError) as error:
        parse_document(text, "A_RES_77_104-2228250S.xml")
    assert error.value.source == "A_RES_77_104-2228250S.xml"
    assert error.value.line == text[: text.index("</doc>")].count("\n") + 1
    assert "not well-formed XML" in str(error.value)


def test_entities_are_never_expanded_and_a_doctype_is_refused():
    text = (
        '<?xml version="1.0"?><!DOCTYPE akomaNtoso [<!ENTITY big "boom">]>'
        f'<akomaNtoso xmlns="{NS}"><statement>&big;</statement></akomaNtoso>'
    )
    with pytest.raises(ParseError) as error:
        parse_document(text, "evil.xml")
    assert "boom" not in str(error.value)
    with pytest.raises(ParseError, match="not an Akoma Ntoso document"):
        parse_document('<?xml version="1.0"?><html/>', "page.xml")


def test_xml_is_recognised_after_a_byte_order_mark_and_whitespace():
    text = "\ufeff\n  " + statement(para(1, "Decides.")).split("?>", 1)[1].lstrip()
    assert parse_document(text, "bom.xml").form == "akn"


def test_a_gap_in_the_operative_numbering_is_refused_with_the_place():
    text = statement(para(1, "Decides.") + para(3, "Requests."))
    with pytest.raises(ParseError) as error:
        parse_document(text, "gap.xml")
    assert "op3: operative paragraph 3 follows 1: paragraph 2 is missing" in str(error.value)
    assert error.value.line is not None
    lenient = parse_document(text, "gap.xml", strict=False)
    assert lenient.problems and "paragraph 2 is missing" in lenient.problems[0]


def test_sub_paragraph_letters_out_of_order_are_refused():
    main = """<paragraph><num>1.</num><list><intro><p>Requests:</p></intro>
      <point><num>(a)</num><content><p>One;</p></content></point>
      <point><num>(c)</num><content><p>Three.</p></content></point></list></paragraph>"""
    with pytest.raises(ParseError, match=r'op1b: sub-paragraph "\(c\)" stands where the 2nd'):
        parse_document(statement(main), "letters.xml")


@pytest.mark.parametrize(
    "labels",
    [["(أ)", "(ب)", "(ج)"], ["’1‘", "’2‘"], ["㈠", "㈡", "㈢"], ["а)", "b)", "с)"],  # noqa: RUF001
     ["(i)", "(ii)", "(iii)"]],
)  # fmt: skip
def test_letters_in_every_script_the_un_uses_are_read_in_order(labels):
    points = "".join(
        f"<point><num>{label}</num><content><p>x</p></content></point>" for label in labels
    )
    main = (
        f"<paragraph><num>1.</num><list><intro><p>Requests:</p></intro>{points}</list></paragraph>"
    )
    parsed = parse_document(statement(main), "scripts.xml")
    assert len(parsed.paragraphs) == len(labels) + 1


def test_the_checks_name_a_footnote_without_text_or_marker_and_a_duplicate_id():
    main = para(1, 'Decides<authorialNote marker="1"><p>A/77/1.</p></authorialNote>.')
    parsed = parse_document(statement(main + para(2, "Requests.")), "c.xml")
    no_text = replace(parsed, footnotes=[])
    with pytest.raises(ParseError, match="op1: footnote marker 1 has no footnote text"):
        check_document(no_text, "c.xml")
    op1 = parsed.paragraph("op1")
    unmarked = replace(parsed, paragraphs=[replace(op1, footnotes=[]), *parsed.paragraphs[1:]])
    with pytest.raises(ParseError, match="footnote 1 is never referred to in the text"):
        check_document(unmarked, "c.xml")
    twice = replace(parsed, paragraphs=[op1, replace(parsed.paragraphs[1], pid="op1")])
    with pytest.raises(ParseError, match="op1: the id is given twice"):
        check_document(twice, "c.xml")


def test_the_command_prints_the_parsed_xml_in_the_contract_shape(tmp_path, capsys):
    path = tmp_path / "A_RES_77_194.xml"
    path.write_text(statement(para(1, "Decides."), pre("Recalling.")), encoding="utf-8")
    call_command("ingest_resolution", str(path), dry_run=True, json=True)
    data = json.loads(capsys.readouterr().out)
    assert list(data)[:6] == ["symbol", "session", "title", "adopted", "paragraphs", "footnotes"]
    for key in ("language", "parts", "annexes", "headings", "votes", "subjects"):
        assert key in data
    assert data["paragraphs"][1] == {
        "id": "op1",
        "kind": "operative",
        "text": "Decides.",
        "footnotes": [],
        "documents": [],
        "label": "1",
        "parent": None,
        "part": None,
        "annex": None,
    }
    assert (data["symbol"], data["language"], data["form"]) == ("A/RES/77/194", "en", "akn")


def test_a_paragraph_in_a_heading_style_is_a_heading_and_plain_text_letters_stay_text():
    main = f"""
      <paragraph class="H23"><content><p><span class="bold">Progress and gaps</span></p>
      </content></paragraph>
      {para(1, "Decides: (a) to act; (b) to report.")}"""
    parsed = parse_document(statement(main), "styles.xml")
    assert [(h.pid, h.text, h.before) for h in parsed.headings] == [
        ("h1", "Progress and gaps", "op1")
    ]
    assert ids(parsed) == ["op1"]
    assert parsed.paragraph("op1").text == "Decides: (a) to act; (b) to report."


# --- what the markup sets out as a paragraph and a reader does not read as one ----------------


def kinds(parsed):
    return [(p.pid, p.kind, p.label) for p in parsed.paragraphs]


def repaired(parsed):
    return [r.split(":", 1)[0] for r in parsed.repairs]


def test_sub_paragraphs_lettered_only_in_their_text_are_lettered_and_lose_the_letter():
    main = f"""{para(1, "Urges States to take action, including by:")}
      {para(None, "\t(a)\tDesigning policies;")}
      <paragraph><content><p>(b) Preventing trafficking;</p></content></paragraph>
      <paragraph><num>(c)</num><content><p>Ending impunity;</p></content></paragraph>
      {para(None, "(i)\tthrough laws;")}
      {para(2, "Decides.")}"""
    parsed = parse_document(statement(main), "t.xml")
    assert kinds(parsed) == [
        ("op1", "operative", "1"),
        ("op1a", "subparagraph", "(a)"),
        ("op1b", "subparagraph", "(b)"),
        ("op1c", "subparagraph", "(c)"),
        ("op1c-i", "item", "(i)"),
        ("op2", "operative", "2"),
    ]
    assert parsed.paragraph("op1a").text == "Designing policies;"
    assert parsed.paragraph("op1c-i").text == "through laws;"
    assert repaired(parsed) == ["sub-paragraph", "sub-paragraph", "sub-paragraph"]


def test_letters_in_other_scripts_written_in_the_text_are_letters():
    heh = "\ufeeb"  # the initial form of heh, as 77/196 writes "(هـ)"
    main = f"""{para(1, "تقرر ما يلي:")}{para(None, "(أ) الأول؛")}{para(None, f"({heh}) خطأ")}"""
    parsed = parse_document(statement(main, lang="ara"), "t.xml", strict=False)
    assert [p.pid for p in parsed.paragraphs] == ["op1", "op1a", "op-u1"]
    main = f"""{para(1, "决定")}{para(None, "(子) 第一")}{para(None, "(丑) 第二。")}"""
    parsed = parse_document(statement(main, lang="zho"), "t.xml")
    assert [p.pid for p in parsed.paragraphs] == ["op1", "op1a", "op1b"]


def test_a_letter_in_the_text_that_continues_no_run_stays_in_the_text():
    main = f"""{para(1, "Decides:")}{para(None, "(c) Out of order;")}"""
    parsed = parse_document(statement(main), "t.xml")
    assert kinds(parsed) == [("op1", "operative", "1"), ("op-u1", "operative", "")]
    assert parsed.paragraph("op-u1").text == "(c) Out of order;"


def test_an_unlabelled_paragraph_amid_lettered_ones_does_not_break_their_run():
    points = (
        "<list><point><num>(a)</num><content><p>One;</p></content></point>"
        "<point><num>(b)</num><content><p>Themes:</p></content></point></list>"
    )
    main = f"""{para(1, "Decides:", points)}
      {para(None, "Panel 1: health;")}
      <paragraph><num>(c)</num><content><p>Co-chairs;</p></content></paragraph>
      {para(2, "Requests.")}"""
    parsed = parse_document(statement(main), "t.xml")
    assert [p.pid for p in parsed.paragraphs] == ["op1", "op1a", "op1b", "op-u1", "op1c", "op2"]


def test_headings_set_out_as_paragraphs_are_headings():
    main = f"""{para(1, "Decides.")}
      <paragraph><content><p><span class="bold">I</span></p></content></paragraph>
      <paragraph><content><p><span class="bold">Implementation of the Convention</span></p>
      </content></paragraph>
      {para(2, "Welcomes.")}
      <paragraph><content><p>* * *</p></content></paragraph>
      <paragraph class="H1"><num>B.</num><content><p><span class="bold">Office of
        Investment Management</span></p></content></paragraph>
      {para(3, "Notes.")}"""
    parsed = parse_document(statement(main), "t.xml")
    assert ids(parsed) == ["op1", "op2", "op3"]
    assert [(h.text, h.before) for h in parsed.headings] == [
        ("I", "op2"),
        ("Implementation of the Convention", "op2"),
        ("* * *", "op3"),
        ("B. Office of Investment Management", "op3"),
    ]
    assert repaired(parsed) == ["heading"] * 4


def test_a_heading_nested_as_a_point_is_a_heading():
    points = """<list><point><num>(a)</num><content><p>Advance;</p></content></point>
      <sublist><point><num>II.</num><content><p><span class="bold">International peace and
      security</span></p></content></point></sublist></list>"""
    main = para(1, "We decide to:", points) + para(2, "The landscape changes.")
    parsed = parse_document(statement(main), "t.xml")
    assert ids(parsed) == ["op1", "op1a", "op2"]
    assert [(h.text, h.before) for h in parsed.headings] == [
        ("II. International peace and security", "op2")
    ]


def test_the_closing_meeting_line_set_out_in_the_main_body_is_the_meeting():
    line = '<span class="italic">الجلسة العامة (المستأنفة) 56</span>'
    main = f"""{para(1, "تقرر.")}<paragraph><content><p>{line}</p></content></paragraph>"""
    text = statement(main, lang="ara")
    # The conclusions name the same meeting, in other words or not at all.
    for conclusions in ("الجلسة العامة 56 (المستأنفة)", ""):
        named = f'<inline name="adoptionMeeting">{conclusions}</inline>' if conclusions else ""
        parsed = parse_document(
            re.sub(r"<inline name=.adoptionMeeting.*?</inline>", named, text), "t.xml"
        )
        assert ids(parsed) == ["op1"]
        assert parsed.meeting == (conclusions or "الجلسة العامة (المستأنفة) 56")
        assert repaired(parsed) == ["meeting line"]
    # Another meeting's line is not this one's: the paragraph stays.
    assert ids(parse_document(text.replace("54th", "57th"), "t.xml")) == ["op1", "op-u1"]


def test_several_annexes_in_one_attachment_are_annexes_of_their_own():
    annex = f"""<attachments><attachment><doc name="annex">{meta()}<mainBody>
        <paragraph class="H1"><heading>Annex I</heading></paragraph>
        <paragraph class="H1"><heading>Provisional agenda</heading></paragraph>
        {para(1, "Opening.")}{para(2, "Closing.")}
        <paragraph class="H1"><heading>Annex II</heading></paragraph>
        <paragraph class="H1"><heading>Organization of work</heading></paragraph>
        {para(None, "The Conference meets.")}{para(1, "Plenary.")}
        </mainBody></doc></attachment></attachments>"""
    parsed = parse_document(statement(para(1, "Decides."), attachments=annex), "t.xml")
    assert ids(parsed) == ["op1", "annex1-op1", "annex1-op2", "annex2-pp1", "annex2-op1"]
    assert [a.to_json() for a in parsed.annexes] == [
        {"number": 1, "title": "Provisional agenda", "heading": "Annex I"},
        {"number": 2, "title": "Organization of work", "heading": "Annex II"},
    ]
    assert repaired(parsed) == ["annex"]


def test_a_collection_with_empty_metadata_takes_the_language_of_its_parts():
    def component(label, body):
        return f"""<component><statement name="resolution">{meta("fra")}
          <preface><p><docNumber>{label}</docNumber><docTitle>Budget</docTitle></p></preface>
          <mainBody>{body}</mainBody></statement></component>"""

    text = f"""<akomaNtoso xmlns="{NS}">
      <documentCollection name="publication"><meta/>{cover("A/RES/77/264 A-B")}
        <preface><p><docNumber>77/264.</docNumber><docTitle>Budget</docTitle></p></preface>
        <collectionBody/>
      </documentCollection>
      <components>{component("A", para(1, "Décide."))}{component("B", para(1, "Approuve."))}
      </components>
    </akomaNtoso>"""
    parsed = parse_document(text, "77_264.xml")
    assert parsed.language == "fr"
    assert ids(parsed) == ["a-op1", "b-op1"]
    assert repaired(parsed) == ["language"]


def test_an_operative_paragraph_left_in_the_preamble_is_operative_paragraph_one():
    preamble = pre("Recalling.") + pre("1.\tReaffirms the right of peoples;")
    parsed = parse_document(statement(para(2, "Decides."), preamble=preamble), "t.xml")
    assert kinds(parsed) == [
        ("pp1", "preambular", ""),
        ("op1", "operative", "1"),
        ("op2", "operative", "2"),
    ]
    assert parsed.paragraph("op1").text == "Reaffirms the right of peoples;"
    assert repaired(parsed) == ["operative paragraph"]


def test_a_mistyped_number_between_its_neighbours_is_the_number_due():
    points = "<list><point><num>(a)</num><content><p>One;</p></content></point></list>"
    main = para(1, "Notes.") + para(2, "Welcomes.") + para(34, "Urges:", points) + para(4, "Ends.")
    parsed = parse_document(statement(main), "t.xml")
    assert ids(parsed) == ["op1", "op2", "op3", "op3a", "op4"]
    assert parsed.paragraph("op3").label == "3"
    assert parsed.paragraph("op3a").parent == "op3"
    assert repaired(parsed) == ["number"]
    # The next number typed twice: 64, 66, 66 are 64, 65, 66.
    main = para(1, "Notes.") + para(3, "Welcomes.") + para(3, "Urges.") + para(4, "Ends.")
    parsed = parse_document(statement(main), "t.xml")
    assert ids(parsed) == ["op1", "op2", "op3", "op4"]
    assert [p.text for p in parsed.paragraphs] == ["Notes.", "Welcomes.", "Urges.", "Ends."]


def test_a_number_typed_twice_in_a_row_counts_one_paragraph_twice_and_the_rest_follow():
    # 1, 2, 2, 3 as the Arabic 77/313 and 77/315 number them: the reader's 1, 2, 3, 4.
    points = "<list><point><num>(a)</num><content><p>One;</p></content></point></list>"
    main = para(1, "Notes.") + para(2, "Welcomes.") + para(2, "Urges:", points) + para(3, "Ends.")
    parsed = parse_document(statement(main), "t.xml")
    assert ids(parsed) == ["op1", "op2", "op3", "op3a", "op4"]
    assert [p.label for p in parsed.paragraphs] == ["1", "2", "3", "(a)", "4"]
    assert parsed.paragraph("op3a").parent == "op3"
    assert repaired(parsed) == ["number"]
    # A section numbered from 1 again is a run of its own, not a repeated number.
    main = para(1, "Notes.") + para(2, "Welcomes.") + para(1, "Again.") + para(2, "Ends.")
    parsed = parse_document(statement(main), "t.xml", strict=False)
    assert ids(parsed) == ["op1", "op2", "s2-op1", "s2-op2"]


def test_the_number_due_glued_to_a_word_cut_short_is_the_number_between_its_neighbours():
    # 77/315 in Russian: "9-членами сумму ..." between 8 and 10, the first words lost.
    main = para(1, "Decides.") + para(None, "2-ates the amount;") + para(3, "Ends.")
    parsed = parse_document(statement(main), "t.xml")
    assert ids(parsed) == ["op1", "op2", "op3"]
    assert parsed.paragraph("op2").text == "ates the amount;"
    assert repaired(parsed) == ["number"]
    # Without the number after it to confirm it, the text keeps what it says.
    main = para(1, "Decides.") + para(None, "2-year plans are welcome.")
    parsed = parse_document(statement(main), "t.xml", strict=False)
    assert ids(parsed) == ["op1", "op-u1"]
    assert parsed.paragraph("op-u1").text == "2-year plans are welcome."


def test_the_operative_part_opened_as_a_list_in_the_preamble_is_operative():
    # 77/264 and 77/266 in Chinese: "正式决定" with items 1., 2. in the preamble's last
    # container, the rest of the paragraphs in the main body.
    opening = """<container><blockList>
      <listIntroduction><span class="bold">Resolves</span> that:</listIntroduction>
      <item><num>1.</num><p>\tThe fund is set at 250 million;</p></item>
      <item><num>2.</num><p>\tStates shall advance:</p></item>
    </blockList></container>"""
    main = "<paragraph><num>(a)</num><content><p>Credits;</p></content></paragraph>" + para(
        3, "Ends."
    )
    parsed = parse_document(statement(main, preamble=pre("Recalling.") + opening), "t.xml")
    assert kinds(parsed) == [
        ("pp1", "preambular", ""),
        ("op-u1", "operative", ""),
        ("op1", "operative", "1"),
        ("op2", "operative", "2"),
        ("op2a", "subparagraph", "(a)"),
        ("op3", "operative", "3"),
    ]
    assert parsed.paragraph("op-u1").text == "Resolves that:"
    assert parsed.paragraph("op1").text == "The fund is set at 250 million;"
    assert repaired(parsed) == ["operative paragraph"]
    # A list in a preambular paragraph that is followed by more preamble stays preamble.
    parsed = parse_document(statement(para(1, "Ends."), preamble=opening + pre("Noting.")), "t.xml")
    assert ids(parsed) == ["pp1", "pp2", "op1"]


def point(label, text):
    return f"<point><num>{label}</num><content><p>{text}</p></content></point>"


def test_letters_nested_one_level_too_deep_go_on_with_the_letters_before_them():
    # 77/221 in Russian: "d)" to "l)" in a sublist after "c)".
    nested = f"<sublist>{point('d)', 'Four;')}{point('e)', 'Five.')}</sublist>"
    items = point("a)", "One;") + point("b)", "Two;") + point("c)", "Three;") + nested
    parsed = parse_document(statement(para(1, "Urges:", f"<list>{items}</list>")), "t.xml")
    assert ids(parsed) == ["op1", "op1a", "op1b", "op1c", "op1d", "op1e"]
    assert {p.parent for p in parsed.paragraphs[1:]} == {"op1"}
    assert repaired(parsed) == ["sub-paragraph"]
    # Items (i), (ii) under "(c)" are the items of (c).
    nested = f"<sublist>{point('(i)', 'Four;')}{point('(ii)', 'Five.')}</sublist>"
    items = point("(a)", "One;") + point("(b)", "Two;") + point("(c)", "Three;") + nested
    parsed = parse_document(statement(para(1, "Urges:", f"<list>{items}</list>")), "t.xml")
    assert ids(parsed)[-2:] == ["op1c-i", "op1c-ii"]
    assert repaired(parsed) == []


def test_end_tags_missing_only_at_the_very_end_are_closed_there_and_named():
    # 77/104 in Spanish: the statement is never closed.
    text = statement(para(1, "Decides.")).replace("</statement>", "")
    parsed = parse_document(text, "t.xml")
    assert ids(parsed) == ["op1"]
    assert repaired(parsed) == ["end tags"]
    assert "closed where the file ends" in parsed.repairs[0]
    assert parsed.meeting == "54th plenary meeting"


def test_a_preambular_paragraph_set_out_in_the_main_body_is_preambular():
    # 77/262 in English: "Having further considered ...," before operative paragraph 1.
    main = para(None, "<i>Having further considered</i> the note,") + para(1, "Reaffirms.")
    parsed = parse_document(statement(main, preamble=pre("Recalling,")), "t.xml")
    assert kinds(parsed) == [
        ("pp1", "preambular", ""),
        ("pp2", "preambular", ""),
        ("op1", "operative", "1"),
    ]
    assert repaired(parsed) == ["preambular paragraph"]
    # The words that open the operative part end with a colon: operative.
    main = para(None, "Resolves that:") + para(1, "Appropriations are approved.")
    parsed = parse_document(statement(main, preamble=pre("Recalling,")), "t.xml")
    assert ids(parsed) == ["pp1", "op-u1", "op1"]


def test_sections_of_one_paragraph_numbered_from_one_again_are_runs_of_their_own():
    # 77/263: sections numbered 1; 1, 2, 3 under their headings, not a number typed twice.
    def section(title, paras):
        return f"<section><heading>{title}</heading>{paras}</section>"

    main = section("A", para(1, "One.")) + section("B", para(1, "Again.") + para(2, "Two."))
    parsed = parse_document(statement(main), "t.xml", strict=False)
    assert [p.pid for p in parsed.paragraphs] == ["op1", "s2-op1", "s2-op2"]
    assert repaired(parsed) == []
    main = section("A", para(1, "One.") + para(2, "Two.")) + section("B", para(2, "Again."))
    parsed = parse_document(statement(main), "t.xml", strict=False)
    assert "number" not in repaired(parsed)
