"""Word in and out: a delegation's `.docx` read into paragraphs, refused when unsafe, and a
draft written back as Word with tracked changes by delegation or as a clean revision."""

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml

from drafts.word import DocxError, read_docx
from drafts.word.writing import Paragraph, Proposal, Text, compilation_docx, revision_docx
from resolutions.parsing import parse_document

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "A_RES_79_154.md"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def saved(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def word_file(*lines) -> bytes:
    """A Word document of these paragraphs; a paragraph given as a tuple is (italic opener,
    rest)."""
    document = docx.Document()
    for line in lines:
        p = document.add_paragraph()
        if isinstance(line, tuple):
            p.add_run(line[0]).italic = True
            p.add_run(line[1])
        else:
            p.add_run(line)
    return saved(document)


def paragraphs_of(parsed):
    return [(p.pid, p.kind, p.label, p.text) for p in parsed.paragraphs]


# --- reading -----------------------------------------------------------------------------------


def test_a_typed_draft_reads_as_preambular_and_operative_paragraphs_with_italic_openers():
    parsed = read_docx(
        word_file(
            "A/C.3/81/L.23",
            "Trafficking in women and girls",
            ("The General Assembly,", ""),
            ("Recalling", " its resolution 79/154 of 17 December 2024,"),
            ("Deeply concerned", " at the increase in trafficking,"),
            "1. Urges Governments to act;",
            "2. Decides to remain seized of the matter.",
        ),
        "zero-draft.docx",
    )
    assert parsed.symbol == "A/C.3/81/L.23"
    assert parsed.session == 81
    assert parsed.title == "Trafficking in women and girls"
    assert paragraphs_of(parsed) == [
        ("pp1", "preambular", "", "Recalling its resolution 79/154 of 17 December 2024,"),
        ("pp2", "preambular", "", "Deeply concerned at the increase in trafficking,"),
        ("op1", "operative", "1", "Urges Governments to act;"),
        ("op2", "operative", "2", "Decides to remain seized of the matter."),
    ]
    assert [(s.start, s.end) for s in parsed.paragraphs[1].emphasis] == [(0, 16)]


def level(number: int, form: str, text: str) -> str:
    return (
        f'<w:lvl w:ilvl="{number}"><w:start w:val="1"/><w:numFmt w:val="{form}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
    )


NUMBERING = (
    f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="90">'
    + level(0, "decimal", "%1.")
    + level(1, "lowerLetter", "(%2)")
    + level(2, "lowerRoman", "(%3)")
    + '</w:abstractNum><w:num w:numId="90"><w:abstractNumId w:val="90"/></w:num></w:numbering>'
)


def numbered(document, paragraph, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(
            f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'
        )
    )


def test_words_automatic_numbering_gives_operative_paragraphs_and_lettered_sub_paragraphs():
    document = docx.Document()
    definitions = parse_xml(NUMBERING)
    numbering = document.part.numbering_part.element
    for element in definitions:
        numbering.append(element)
    document.add_paragraph("Trafficking in women and girls")
    document.add_paragraph("The General Assembly,")
    document.add_paragraph("Recalling its earlier resolutions,")
    for level, text in [
        (0, "Urges Governments:"),
        (1, "To prevent trafficking;"),
        (1, "To protect victims, by:"),
        (2, "Training the police;"),
        (2, "Funding shelters;"),
        (0, "Decides to remain seized of the matter."),
    ]:
        numbered(document, document.add_paragraph(text), level)
    parsed = read_docx(saved(document), "numbered.docx")
    assert paragraphs_of(parsed) == [
        ("pp1", "preambular", "", "Recalling its earlier resolutions,"),
        ("op1", "operative", "1", "Urges Governments:"),
        ("op1a", "subparagraph", "a", "To prevent trafficking;"),
        ("op1b", "subparagraph", "b", "To protect victims, by:"),
        ("op1b-i", "item", "i", "Training the police;"),
        ("op1b-ii", "item", "ii", "Funding shelters;"),
        ("op2", "operative", "2", "Decides to remain seized of the matter."),
    ]


def test_tracked_changes_in_an_uploaded_file_are_read_as_accepted():
    document = docx.Document()
    document.add_paragraph("The General Assembly,")
    document.add_paragraph("Recalling its resolutions,")
    p = document.add_paragraph("1. Urges ")
    p._p.append(
        parse_xml(
            f'<w:del xmlns:w="{W}" w:id="1" w:author="EU"><w:r><w:delText>all </w:delText>'
            "</w:r></w:del>"
        )
    )
    p._p.append(
        parse_xml(
            f'<w:ins xmlns:w="{W}" w:id="2" w:author="EU"><w:r><w:t>Member </w:t></w:r></w:ins>'
        )
    )
    p.add_run("States to act.")
    parsed = read_docx(saved(document))
    assert parsed.paragraphs[-1].text == "Urges Member States to act."


def test_a_revision_exported_as_word_reads_back_as_the_same_paragraphs():
    library = parse_document(SAMPLE.read_text(), "A_RES_79_154.md")
    notes = {f.number: f.text for f in library.footnotes}
    revision = [
        Paragraph(
            p.pid,
            p.kind,
            p.label,
            p.text,
            [[s.start, s.end] for s in p.emphasis],
            footnotes=[(m.offset, notes[m.number]) for m in p.footnotes],
        )
        for p in library.paragraphs
    ]
    revision[30].text = revision[30].text.replace("Urges", "Strongly urges", 1)
    data = revision_docx(
        Text("A/C.3/81/L.23", "Trafficking in women and girls", revision="Rev.1"), revision
    )

    again = read_docx(data, "rev1.docx")

    assert again.title == "Trafficking in women and girls"
    assert len(again.paragraphs) == 90
    assert [(p.pid, p.kind, p.label, p.text) for p in again.paragraphs] == [
        (p.pid, p.kind, p.label, p.text) for p in revision
    ]
    assert [[[s.start, s.end] for s in p.emphasis] for p in again.paragraphs] == [
        p.emphasis for p in revision
    ]
    # Every footnote comes back with its number, its text and where it is called.
    assert [(f.number, f.text) for f in again.footnotes] == [
        (f.number, f.text) for f in library.footnotes
    ]
    assert len(again.footnotes) == 39
    assert [[(m.number, m.offset) for m in p.footnotes] for p in again.paragraphs] == [
        [(m.number, m.offset) for m in p.footnotes] for p in library.paragraphs
    ]


def test_a_revision_numbers_a_paragraph_added_as_bis_in_its_place():
    revision = [
        Paragraph("pp1", "preambular", "", "Recalling its resolutions,", [[0, 9]]),
        Paragraph("op1", "operative", "1", "Urges States to act;"),
        Paragraph("op1bis", "operative", "1 bis", "Encourages regional cooperation;"),
        Paragraph("op2", "operative", "2", "Decides to remain seized of the matter."),
    ]
    document = docx.Document(io.BytesIO(revision_docx(Text("L.23", "Title"), revision)))
    texts = [p.text for p in document.paragraphs]
    assert "2.\tEncourages regional cooperation;" in texts
    assert "3.\tDecides to remain seized of the matter." in texts
    again = read_docx(revision_docx(Text("L.23", "Title"), revision))
    assert [p.text for p in again.paragraphs] == [p.text for p in revision]


# --- refusing ----------------------------------------------------------------------------------


def refusal(data: bytes) -> str:
    with pytest.raises(DocxError) as raised:
        read_docx(data, "upload.docx")
    return str(raised.value)


def test_a_file_that_is_not_word_is_refused():
    assert "is not a Word document" in refusal(b"%PDF-1.7 not a docx at all")


def test_a_damaged_word_file_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document")
    assert "not a readable Word document" in refusal(out.getvalue())


def test_a_password_protected_word_file_is_refused_as_encrypted():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "EncryptionInfo".encode("utf-16-le")
    assert "encrypted" in refusal(ole + b"\0" * 512)


def test_an_old_word_97_file_is_refused_with_what_to_do():
    message = refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048)
    assert "old Word file (.doc)" in message and "save it as" in message


def test_a_file_over_ten_megabytes_is_refused():
    message = refusal(b"PK\x03\x04" + b"\0" * (10 * 1024 * 1024 + 1))
    assert "10.0 MB" in message and "at most 10 MB" in message


def test_a_zip_bomb_is_refused_before_it_is_opened():
    bomb = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(word_file("The General Assembly,"))) as source,
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for item in source.infolist():
            archive.writestr(item, source.read(item))
        archive.writestr("word/media/padding.xml", b"\0" * (8 * 1024 * 1024))
    assert len(bomb.getvalue()) < 100_000
    assert "possible zip bomb" in refusal(bomb.getvalue())


def test_a_document_of_more_than_five_thousand_paragraphs_is_refused():
    document = docx.Document()
    body = document.element.body
    template = parse_xml(f'<w:p xmlns:w="{W}"><w:r><w:t>Recalling,</w:t></w:r></w:p>')
    for _ in range(5001):
        body.append(template.__copy__())
    assert "5,001 paragraphs; a draft may have at most 5,000" in refusal(saved(document))


def test_a_document_without_the_opening_words_is_refused():
    assert 'no paragraph "The General Assembly,"' in refusal(word_file("Minutes of a meeting"))


def test_a_numbering_gap_is_refused_naming_the_paragraph_of_the_document():
    message = refusal(
        word_file("The General Assembly,", "Recalling,", "1. Urges States;", "3. Decides.")
    )
    assert "upload.docx, paragraph 4" in message
    assert "operative paragraph 3 found where paragraph 2 was expected" in message


# --- writing the compilation -------------------------------------------------------------------


def test_the_compilation_carries_each_delegations_proposal_as_tracked_changes_it_authored():
    when = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)
    text = "Urges Governments to prevent trafficking in women and girls;"
    paragraphs = [
        Paragraph("pp1", "preambular", "", "Recalling its resolutions,", [[0, 9]], "agreed"),
        Paragraph(
            "op1",
            "operative",
            "1",
            text,
            status="open",
            proposals=[
                Proposal(
                    "amend",
                    "European Union",
                    "Urges all States to prevent and combat trafficking in women and girls;",
                    text,
                    when,
                    supporters=["Canada"],
                    opponents=["Egypt"],
                ),
                Proposal("delete", "Group of 77 and China", against_text=text, created=when),
                Proposal("add", "African Group", "Encourages regional cooperation;", created=when),
            ],
        ),
    ]
    document = docx.Document(
        io.BytesIO(compilation_docx(Text("A/C.3/81/L.23", "Trafficking"), paragraphs))
    )
    body = document.element.body
    inserted = {
        (e.get(qn("w:author")), "".join(t.text for t in e.iter(qn("w:t"))))
        for e in body.iter(qn("w:ins"))
    }
    deleted = {
        (e.get(qn("w:author")), "".join(t.text for t in e.iter(qn("w:delText"))))
        for e in body.iter(qn("w:del"))
    }
    assert ("European Union", "all States") in inserted
    assert ("European Union", "and combat") in inserted
    assert ("European Union", "Governments") in deleted
    assert ("Group of 77 and China", text) in deleted
    assert ("African Group", "Encourages regional cooperation;") in inserted
    assert {e.get(qn("w:date")) for e in body.iter(qn("w:ins"))} == {"2026-11-20T15:30:00Z"}
    assert document.settings.element.find(qn("w:trackRevisions")) is not None
    texts = [p.text for p in document.paragraphs]
    assert "PP1\tRecalling its resolutions, [Agreed]" in texts
    assert f"OP1\t{text} [Open]" in texts
    assert any("(supported by Canada; opposed by Egypt)" in t for t in texts)


def test_a_paragraph_added_as_bis_in_a_word_file_keeps_its_place_and_its_name():
    parsed = read_docx(
        word_file(
            "The General Assembly,",
            ("Recalling", " its resolutions,"),
            "1. Urges States:",
            "(a) To act;",
            "1 bis. Encourages regional cooperation;",
            "1 ter. Invites donors to contribute;",
            "2. Decides to remain seized of the matter.",
        )
    )
    assert [(p.pid, p.label, p.text) for p in parsed.paragraphs] == [
        ("pp1", "", "Recalling its resolutions,"),
        ("op1", "1", "Urges States:"),
        ("op1a", "a", "To act;"),
        ("op1bis", "1 bis", "Encourages regional cooperation;"),
        ("op1ter", "1 ter", "Invites donors to contribute;"),
        ("op2", "2", "Decides to remain seized of the matter."),
    ]


def test_a_bis_paragraph_after_no_such_paragraph_is_refused():
    message = refusal(
        word_file("The General Assembly,", "Recalling,", "1. Urges;", "4 bis. Encourages.")
    )
    assert "paragraph 4 bis follows no paragraph 4" in message


def test_a_symbol_in_a_text_box_is_read_once_and_the_title_beside_it():
    document = docx.Document()
    heading = document.add_paragraph("Trafficking in women and girls")
    heading._p.append(
        parse_xml(
            f'<w:r xmlns:w="{W}" xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape>'
            "<v:textbox><w:txbxContent><w:p><w:r><w:t>A/C.3/81/L.23</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    document.add_paragraph("The General Assembly,")
    document.add_paragraph("Recalling its resolutions,")
    document.add_paragraph("1. Urges States to act.")
    parsed = read_docx(saved(document))
    assert parsed.symbol == "A/C.3/81/L.23"
    assert parsed.title == "Trafficking in women and girls"
