"""One id allocator for every source form: the same structure written as Markdown, as the text
of a PDF and as the UN's markup gets the same paragraph ids (DESIGN.md, "Paragraph ids")."""

import pytest

from resolutions.parsing import parse_document
from tests.parsing.conftest import FIXTURES
from tests.parsing.test_akn_features import meta, para, pre, statement

# A budget resolution whose second section numbers its paragraphs from 1 again.
MARKDOWN = """### 79/997. Questions relating to the programme budget

*The General Assembly,*

*Recalling* its resolution 78/1,

*Having considered* the report of the Secretary-General,

## I

## Revised estimates

1. *Approves* the revised estimates;

2. *Decides* that:

(a) The first amount shall be appropriated;

(b) The second amount shall be charged, with:

(i) A first share;

(ii) A second share;

## II

## Special political missions

1. *Takes note* of the report;

2. *Requests* the Secretary-General to report to it.

10th plenary meeting
1 October 2024
"""

POINTS = """<list><intro><p><span class="italic">Decides</span> that:</p></intro>
  <point><num>(a)</num><content><p>The first amount shall be appropriated;</p></content></point>
  <point><num>(b)</num><content><p>The second amount shall be charged, with:</p></content>
    <list>
      <point><num>(i)</num><content><p>A first share;</p></content></point>
      <point><num>(ii)</num><content><p>A second share;</p></content></point>
    </list>
  </point>
</list>"""

XML = statement(
    f"""
    <section><num>I</num><heading>Revised estimates</heading>
      {para(1, "Approves the revised estimates;")}
      <paragraph><num>2.</num>{POINTS}</paragraph>
    </section>
    <section><num>II</num><heading>Special political missions</heading>
      {para(1, "Takes note of the report;")}
      {para(2, "Requests the Secretary-General to report to it.")}
    </section>""",
    pre("Recalling its resolution 78/1,") + pre("Having considered the report,"),
)

EXPECTED = [
    ("pp1", "preambular", None),
    ("pp2", "preambular", None),
    ("op1", "operative", None),
    ("op2", "operative", None),
    ("op2a", "subparagraph", "op2"),
    ("op2b", "subparagraph", "op2"),
    ("op2b-i", "item", "op2b"),
    ("op2b-ii", "item", "op2b"),
    ("s2-op1", "operative", None),
    ("s2-op2", "operative", None),
]


def structure(parsed):
    return [(p.pid, p.kind, p.parent) for p in parsed.paragraphs]


def test_numbering_that_starts_again_gets_the_same_ids_from_markdown_and_from_the_markup():
    markdown = parse_document(MARKDOWN, "budget.md")
    xml = parse_document(XML, "budget.xml")
    assert structure(markdown) == EXPECTED
    assert structure(xml) == EXPECTED
    # The second section's headings stand before its first paragraph in both.
    assert [h.before for h in markdown.headings][-1] == "s2-op1"
    assert [h.before for h in xml.headings][-1] == "s2-op1"
    # Readers see the document's own numbers, never the run.
    assert markdown.paragraph("s2-op1").label == xml.paragraph("s2-op1").label == "1"


@pytest.mark.parametrize(
    "second_section",
    ["II. Special political missions\n", "II\n"],
    ids=["number and title", "number alone"],
)
def test_a_pdf_text_with_a_section_numbered_from_one_again_gets_the_run_ids(second_section):
    # As pdftotext gives it: no Markdown, no blank lines, the sections' numbers on lines of
    # their own (the second with its title or without one).
    sections = MARKDOWN.replace("## I\n\n## ", "I. ").replace(
        "## II\n\n## Special political missions\n\n", second_section
    )
    body = sections.replace("### 79/997. ", "").replace("*", "").replace("\n\n", "\n")
    parsed = parse_document("A/RES/79/997\n\n79/997.\n\n" + body, "budget.txt")
    assert structure(parsed) == EXPECTED
    assert parsed.headings[-1].before == "s2-op1"


def test_a_number_out_of_turn_without_a_heading_before_it_opens_no_run():
    # Only a heading starts a run of numbers again: "1." straight after a paragraph is not
    # read as a new section, in the text as before.
    text = MARKDOWN.replace("## II\n\n## Special political missions\n\n", "")
    parsed = parse_document(text, "budget.md")
    assert not [p.pid for p in parsed.paragraphs if p.pid.startswith("s2-")]


def test_a_section_that_goes_on_with_the_numbers_of_the_first_is_no_new_run():
    text = MARKDOWN.replace("1. *Takes note*", "3. *Takes note*").replace(
        "2. *Requests*", "4. *Requests*"
    )
    parsed = parse_document(text, "budget.md")
    assert [p.pid for p in parsed.paragraphs if p.parent is None][-2:] == ["op3", "op4"]


def test_an_annex_whose_sections_number_from_one_again_gets_the_same_ids_from_text_and_markup():
    fixture = (FIXTURES / "annex.txt").read_text(encoding="utf-8")
    text = fixture.replace("II. Follow-up\n3.\n", "II. Follow-up\n1.\n")
    text += "2.\nDecide to review the declaration.\n"
    annex = f"""<attachments><attachment><doc name="annex">{meta()}<mainBody>
      <paragraph class="H1"><heading>Annex</heading></paragraph>
      <paragraph class="H1"><content><p><subheading>Political declaration</subheading></p>
      </content></paragraph>
      {para(None, "We, Heads of State and Government, assembled,")}
      {para(None, "Recognizing that the example matters concern all States,")}
      <section><num>I.</num><heading>Commitments</heading>
        {para(1, "Commit to act without delay;")}
        <paragraph><num>2.</num><list>
          <intro><p>Commit to report on the actions taken:</p></intro>
          <point><num>(a)</num><content><p>Every two years;</p></content></point>
          <point><num>(b)</num><content><p>To the General Assembly.</p></content></point>
        </list></paragraph>
      </section>
      <section><num>II.</num><heading>Follow-up</heading>
        {para(1, "Request the Secretary-General to support the follow-up.")}
        {para(2, "Decide to review the declaration.")}
      </section>
    </mainBody></doc></attachment></attachments>"""
    xml = statement(para(None, "Adopts the political declaration."), attachments=annex)
    expected = [
        ("annex1-pp1", None),
        ("annex1-pp2", None),
        ("annex1-op1", None),
        ("annex1-op2", None),
        ("annex1-op2a", "annex1-op2"),
        ("annex1-op2b", "annex1-op2"),
        ("annex1-s2-op1", None),
        ("annex1-s2-op2", None),
    ]
    for parsed in (parse_document(text, "annex.txt"), parse_document(xml, "annex.xml")):
        assert [(p.pid, p.parent) for p in parsed.paragraphs if p.annex] == expected
