"""A paragraph that a better reading of the UN's markup gives another id keeps its notes, tags
and permalink: 75/161's sub-paragraphs lettered in their text only were `op-u1`... and are
the document's 6 (a)-(n) and 7 (a)-(c)."""

import tarfile
from pathlib import Path

import pytest

from resolutions.ingest.writer import RemovalRefused, ingest_parsed
from resolutions.models import Paragraph, ParagraphAlias, Resolution
from resolutions.parsing import parse_document
from resolutions.parsing.frontends import akn

ARCHIVE = Path(__file__).resolve().parents[1] / "data" / "akn" / "ga-75-en.tar.xz"
NAME = "75session/English/75_161_E.xml"
READER = "/resolutions/A/RES/75/161/"


@pytest.fixture(scope="module")
def text():
    with tarfile.open(ARCHIVE, "r:xz") as tar:
        member = next(m for m in tar if m.name.removeprefix("./") == NAME)
        return tar.extractfile(member).read().decode("utf-8")


def earlier_reading(text, monkeypatch):
    """The file as the parser read it before sub-paragraphs lettered in their text were
    taken for sub-paragraphs (ingest version 5)."""
    with monkeypatch.context() as patch:
        patch.setattr(akn._Reader, "_lettered_in_text", lambda self, el, body: False)
        return parse_document(text, NAME)


@pytest.fixture
def noted(db, text, monkeypatch, django_user_model):
    """75/161 loaded as read before, with notes on two of its unlabelled sub-paragraphs."""
    from annotations.models import Annotation

    old = earlier_reading(text, monkeypatch)
    assert old.paragraph("op-u5").text.startswith("(e) Preventing, combating")
    ingest_parsed(old, source_name=NAME, checksum="earlier")
    author = django_user_model.objects.create_user("delegate", password="x")
    notes = {}
    for pid, words in (("op-u5", "Trafficking: our red line"), ("op-u15", "Victims first")):
        paragraph = Paragraph.objects.get(resolution__symbol="A/RES/75/161", pid=pid)
        note = Annotation.objects.create(
            paragraph=paragraph,
            author=author,
            note=words,
            visibility="private",
            paragraph_revision=paragraph.revision,
            anchored_revision=paragraph.revision,
        )
        note.set_tags(["trafficking"])
        notes[pid] = note
    return author, notes


def test_reloading_moves_every_note_and_tag_to_the_paragraph_the_document_names(text, noted):
    _author, notes = noted
    result = ingest_parsed(parse_document(text, NAME), source_name=NAME, checksum="now")
    assert ("op-u5", "op6e") in result.renamed_paragraphs
    assert ("op-u15", "op7a") in result.renamed_paragraphs
    resolution = Resolution.objects.get(symbol="A/RES/75/161")
    assert not resolution.paragraphs.filter(pid__startswith="op-u").exists()
    op6e = resolution.paragraphs.get(pid="op6e")
    assert (op6e.kind, op6e.label, op6e.parent.pid) == ("subparagraph", "(e)", "op6")
    assert op6e.text.startswith("Preventing, combating and eliminating trafficking")
    for pid, new in (("op-u5", "op6e"), ("op-u15", "op7a")):
        notes[pid].refresh_from_db()
        assert notes[pid].paragraph.pid == new
        assert list(notes[pid].tags.values_list("name", flat=True)) == ["trafficking"]
    assert set(ParagraphAlias.objects.values_list("pid", "paragraph__pid")) >= {
        ("op-u5", "op6e"),
        ("op-u15", "op7a"),
    }
    # Loading it once more changes nothing.
    again = ingest_parsed(parse_document(text, NAME), source_name=NAME, checksum="now")
    assert again.status == "unchanged"


def test_the_old_permalink_redirects_for_good_to_the_paragraph_as_the_document_labels_it(
    client, text, noted
):
    ingest_parsed(parse_document(text, NAME), source_name=NAME, checksum="now")
    response = client.get(f"{READER}op-u5/?lang=en")
    assert response.status_code == 301
    assert response["Location"] == f"{READER}op6e/?lang=en"
    page = client.get(f"{READER}op6e/").content.decode()
    assert "A/RES/75/161, operative paragraph 6 (e)" in page
    assert "General Assembly resolution 75/161, para. 6 (e)" in page
    assert 'aria-label="Operative paragraph 6 (e)">(e)</a>' in page
    assert "u5." not in page and "para. u5" not in page
    # An id nothing ever had is still a plain not-found page.
    assert client.get(f"{READER}op-u99/").status_code == 404


def test_notes_on_a_table_read_before_as_a_paragraph_go_to_the_paragraph_introducing_it(
    client, db, monkeypatch, django_user_model
):
    from annotations.models import Annotation
    from tests.parsing.test_akn_features import para, statement

    main = f"""{para(1, "Approves the following appropriations:")}
      <container><table><tr><th><p>Section</p></th><th><p>Amount</p></th></tr>
        <tr><td><p>Policymaking organs</p></td><td><p>41 295.1</p></td></tr></table></container>
      {para(2, "Decides to remain seized of the matter.")}"""
    text = statement(main)
    with monkeypatch.context() as patch:
        patch.setattr(akn._Reader, "_join_table", lambda self, el, body: False)
        earlier = parse_document(text, "t.xml")
    assert [p.pid for p in earlier.paragraphs] == ["op1", "op-u1", "op2"]
    ingest_parsed(earlier, source_name="t.xml", checksum="earlier")
    table = Paragraph.objects.get(pid="op-u1")
    author = django_user_model.objects.create_user("delegate", password="x")
    note = Annotation.objects.create(
        paragraph=table, author=author, note="Check the amount", visibility="private"
    )
    note.set_tags(["budget"])

    result = ingest_parsed(parse_document(text, "t.xml"), source_name="t.xml", checksum="now")
    assert ("op-u1", "op1") in result.renamed_paragraphs
    note.refresh_from_db()
    assert note.paragraph.pid == "op1"
    assert list(note.tags.values_list("name", flat=True)) == ["budget"]
    assert not Paragraph.objects.filter(pid="op-u1").exists()
    response = client.get("/resolutions/A/RES/77/194/op-u1/")
    assert response.status_code == 301
    assert response["Location"] == "/resolutions/A/RES/77/194/op1/"
    # A paragraph that left the text without joining another is still refused.
    gone = statement(para(1, "Approves the following appropriations:"))
    Annotation.objects.create(paragraph=Paragraph.objects.get(pid="op2"), author=author, note="x")
    with pytest.raises(RemovalRefused):
        ingest_parsed(parse_document(gone, "t.xml"), source_name="t.xml", checksum="gone")
