"""Word and JSON on the drafts pages: starting a draft from an uploaded document (refused with
nothing written when it cannot be read), the compilation and revisions exported as Word, the
draft as JSON, each for exactly those who may read the draft."""

import io
import uuid

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx.oxml.ns import qn

from drafts.models import Draft, DraftParagraph, Proposal, Revision, Stance
from tests.drafts.test_drafts_permissions import LINK, MEMBER, OUTSIDER, OWNER, READ, ROLES
from tests.drafts.test_word import word_file

UPLOAD = [
    "A/C.3/81/L.23",
    "Trafficking in women and girls",
    "The General Assembly,",
    ("Recalling", " its resolution 79/154,"),
    "1. Urges Governments to act;",
    "2. Decides to remain seized of the matter.",
]


def upload(client, team, data: bytes, name="zero-draft.docx", label="A/C.3/81/L.23, zero draft"):
    return client.post(
        "/drafts/new/",
        {
            "form": "upload",
            "document": SimpleUploadedFile(name, data),
            "label": label,
            "team": team.slug,
        },
    )


# --- starting from a document ------------------------------------------------------------------


def test_a_member_starts_a_draft_from_a_word_file(client, team, author):
    client.force_login(author)
    response = upload(client, team, word_file(*UPLOAD))
    draft = Draft.objects.get()
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    assert draft.team == team and draft.base is None
    assert draft.title == "Trafficking in women and girls"
    assert draft.opening == "The General Assembly,"
    rows = list(draft.paragraphs.values_list("pid", "kind", "label", "text", "emphasis"))
    assert rows == [
        ("pp1", "preambular", "", "Recalling its resolution 79/154,", [[0, 9]]),
        ("op1", "operative", "1", "Urges Governments to act;", []),
        ("op2", "operative", "2", "Decides to remain seized of the matter.", []),
    ]
    page = client.get(draft.get_absolute_url())
    assert "Urges Governments to act;" in page.content.decode()


def test_a_text_form_the_library_reads_starts_a_draft_too(client, team, author):
    client.force_login(author)
    markdown = (
        "# General Assembly\n\n### 79/154. Trafficking in women and girls\n\n"
        "*The General Assembly,*\n\n*Recalling* its resolutions,\n\n1\\. Urges States to act.\n"
    )
    response = upload(client, team, markdown.encode(), name="draft.md")
    assert response.status_code == 302
    draft = Draft.objects.get()
    assert list(draft.paragraphs.values_list("pid", flat=True)) == ["pp1", "op1"]


def test_a_word_files_footnotes_become_the_drafts_footnotes(client, team, author):
    from drafts.word.writing import Paragraph, Text, revision_docx

    data = revision_docx(
        Text("L.23", "Title"),
        [
            Paragraph("pp1", "preambular", "", "Recalling the Convention,", [[0, 9]]),
            Paragraph(
                "op1", "operative", "1", "Urges States;", footnotes=["A/RES/77/194, para. 25."]
            ),
        ],
    )
    client.force_login(author)
    assert upload(client, team, data).status_code == 302
    op1 = DraftParagraph.objects.get(pid="op1")
    assert [f.text for f in op1.footnotes.all()] == ["A/RES/77/194, para. 25."]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le"), "encrypted"),
        (b"PK\x03\x04 broken", "not a Word document"),
        (b"\xff\xfe\x00binary", "neither a Word document"),
    ],
    ids=["encrypted", "malformed", "binary"],
)
def test_a_file_that_cannot_be_read_is_refused_with_nothing_written(
    client, team, author, data, says
):
    client.force_login(author)
    response = upload(client, team, data, label="Kept label")
    assert response.status_code == 400
    page = response.content.decode()
    assert says in page
    assert 'value="Kept label"' in page  # what the user typed is kept
    assert Draft.objects.count() == 0 and DraftParagraph.objects.count() == 0


def test_a_text_of_more_than_five_thousand_paragraphs_is_refused(client, team, author):
    client.force_login(author)
    text = "The General Assembly,\n\n" + "*Recalling* its resolutions,\n\n" * 5000
    text += "1\\. Decides to act.\n"
    response = upload(client, team, ("# A/RES/79/154\n\n" + text).encode(), name="long.md")
    assert response.status_code == 400
    assert "5,001 paragraphs; a draft may have at most 5,000" in response.content.decode()
    assert Draft.objects.count() == 0


def test_a_file_over_ten_megabytes_is_refused_before_it_is_read(client, team, author):
    client.force_login(author)
    response = upload(client, team, b"PK\x03\x04" + b"\0" * (10 * 1024 * 1024 + 10))
    assert response.status_code == 400
    assert "at most 10 MB" in response.content.decode()
    assert Draft.objects.count() == 0


def test_an_upload_to_a_team_the_user_is_not_in_is_refused(client, team, outsider):
    client.force_login(outsider)
    response = upload(client, team, word_file(*UPLOAD))
    assert response.status_code == 400
    assert Draft.objects.count() == 0


def test_the_start_page_offers_the_upload_form(client, author, team):
    client.force_login(author)
    page = client.get("/drafts/new/").content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert "Word file or text" in page


# --- exports -----------------------------------------------------------------------------------


def propose(paragraph, delegation: str, wording: str, author) -> Proposal:
    """A new wording for the paragraph, proposed on behalf of the delegation (the paragraph
    touched, as the workspace does, so the compilation shows it)."""
    paragraph.touch()
    return Proposal.objects.create(
        paragraph=paragraph,
        kind=Proposal.Kind.AMEND,
        delegation=delegation,
        text=wording,
        against_revision=paragraph.revision,
        against_text=paragraph.text,
        author=author,
    )


@pytest.fixture
def negotiated(draft, author, states):
    op1 = draft.paragraphs.get(pid="op1")
    op1.status = "adref"
    op1.save()
    wording = "Welcomes the report of the Secretary-General on trafficking in women and girls;"
    proposal = propose(op1, "European Union", wording, author)
    Stance.objects.create(
        proposal=proposal, delegation="Canada", position="support", recorded_by=author
    )
    Revision.objects.create(
        draft=draft,
        number=1,
        issued_by=author,
        paragraphs=[
            {"pid": "pp1", "kind": "preambular", "label": "", "text": "Recalling,", "emphasis": []},
            {"pid": "op1", "kind": "operative", "label": "1", "text": op1.text, "emphasis": []},
            {"pid": "op2", "kind": "operative", "label": "2", "text": "Decides.", "emphasis": []},
        ],
    )
    draft.share_token = uuid.uuid4()
    draft.save()
    return draft


def opened(response):
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    return docx.Document(io.BytesIO(response.content))


def test_the_compilation_exports_as_word_with_the_delegations_tracked_changes(
    client, negotiated, author, django_assert_num_queries
):
    client.force_login(author)
    with django_assert_num_queries(8):
        response = client.get(f"/drafts/{negotiated.slug}/export.docx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document = opened(response)
    body = document.element.body
    authors = {e.get(qn("w:author")) for e in [*body.iter(qn("w:ins")), *body.iter(qn("w:del"))]}
    assert authors == {"European Union"}
    inserted = " ".join(t.text for e in body.iter(qn("w:ins")) for t in e.iter(qn("w:t")))
    assert "Welcomes" in inserted
    texts = "\n".join(p.text for p in document.paragraphs)
    assert "[Agreed ad ref]" in texts
    assert "supported by Canada" in texts
    assert "0 of 3 paragraphs agreed, 1 agreed ad ref, 2 open" in texts


def test_a_revision_exports_as_a_clean_word_text_that_reads_back(client, negotiated, author):
    from drafts.word import read_docx

    client.force_login(author)
    response = client.get(f"/drafts/{negotiated.slug}/export.docx?rev=1")
    assert response.status_code == 200
    assert not list(opened(response).element.body.iter(qn("w:ins")))
    again = read_docx(response.content)
    assert [(p.pid, p.text) for p in again.paragraphs] == [
        (p["pid"], p["text"]) for p in negotiated.revisions.get().paragraphs
    ]


def test_revision_zero_is_the_resolution_the_draft_started_from(client, negotiated, author):
    client.force_login(author)
    response = client.get(f"/drafts/{negotiated.slug}/export.docx?rev=0")
    texts = [p.text for p in opened(response).paragraphs]
    assert "A/RES/79/154" in texts
    assert any("Takes note of the report" in t for t in texts)


@pytest.mark.parametrize("rev", ["7", "x", "-1", "99999"])
def test_a_revision_that_does_not_exist_is_not_found(client, negotiated, author, rev):
    client.force_login(author)
    assert client.get(f"/drafts/{negotiated.slug}/export.docx?rev={rev}").status_code == 404


def test_the_draft_exports_as_json(client, negotiated, author, django_assert_num_queries):
    client.force_login(author)
    with django_assert_num_queries(8):
        data = client.get(f"/drafts/{negotiated.slug}/export.json").json()
    assert data["label"] == "A/C.3/81/L.23, zero draft"
    assert data["base"] == "A/RES/79/154"
    op1 = next(p for p in data["paragraphs"] if p["id"] == "op1")
    assert op1["status"] == "adref"
    assert op1["proposals"][0]["delegation"] == "European Union"
    assert op1["proposals"][0]["supporters"] == ["Canada"]
    assert [r["number"] for r in data["revisions"]] == [1]


EXPORTS = ["export.docx", "export.docx?rev=1", "export.json"]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", EXPORTS)
def test_exports_answer_each_role_as_reading_does(
    client, negotiated, author, teammate, outsider, facilitator, role, path, htmx
):
    users = {OUTSIDER: outsider, MEMBER: teammate, OWNER: author, "facilitator": facilitator}
    if role in users:
        client.force_login(users[role])
    url = f"/drafts/{negotiated.slug}/{path}"
    if role == LINK:
        url += ("&" if "?" in url else "?") + f"key={negotiated.share_token}"
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get(url, headers=headers)
    if READ[role] == 404:
        assert response.status_code == 404
        assert b"European Union" not in response.content
    else:
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-cache"


@pytest.mark.parametrize("path", ["export.docx", "export.json"])
def test_exports_refuse_a_post(client, negotiated, author, path):
    client.force_login(author)
    assert client.post(f"/drafts/{negotiated.slug}/{path}").status_code == 405


def test_the_compilation_links_its_exports_with_the_read_only_key(client, negotiated):
    page = client.get(f"/drafts/{negotiated.slug}/?key={negotiated.share_token}")
    html = page.content.decode()
    assert f"/drafts/{negotiated.slug}/export.docx?key={negotiated.share_token}" in html
    assert f"/drafts/{negotiated.slug}/export.json?key={negotiated.share_token}" in html


def test_the_word_export_reads_a_bigger_draft_in_as_many_queries(
    client, negotiated, author, django_assert_num_queries
):
    from drafts.models import DraftFootnote

    for paragraph in negotiated.paragraphs.all():
        DraftFootnote.objects.create(paragraph=paragraph, text="A/RES/77/194.", added_by=author)
        for delegation in ("Canada", "Mexico"):
            proposal = Proposal.objects.create(
                paragraph=paragraph,
                kind=Proposal.Kind.RETAIN,
                delegation=delegation,
                against_revision=1,
                against_text=paragraph.text,
                author=author,
            )
            Stance.objects.create(
                proposal=proposal, delegation="Norway", position="oppose", recorded_by=author
            )
    client.force_login(author)
    with django_assert_num_queries(8):
        assert client.get(f"/drafts/{negotiated.slug}/export.docx").status_code == 200
    with django_assert_num_queries(8):
        assert client.get(f"/drafts/{negotiated.slug}/export.json").status_code == 200


def test_a_revision_keeps_the_base_resolutions_footnotes_after_the_words_they_cite(
    client, negotiated, author, resolution
):
    from drafts.word import read_docx
    from resolutions.models import Footnote, FootnoteMarker

    # As every preambular paragraph does, the fixture's ends with a comma.
    resolution.paragraphs.filter(pid="pp1").update(text="Reiterating its condemnation,")
    base_op1 = resolution.paragraphs.get(pid="op1")
    cited = "the report of the Secretary-General"
    FootnoteMarker.objects.create(
        paragraph=base_op1,
        footnote=Footnote.objects.create(resolution=resolution, number=1, text="A/79/500."),
        offset=base_op1.text.index(cited) + len(cited),
        cited_words=cited,
    )
    client.force_login(author)
    # Rev.1 reworded op1 ("Welcomes the report…"): the call still follows the cited words.
    again = read_docx(client.get(f"/drafts/{negotiated.slug}/export.docx?rev=1").content)
    op1 = again.paragraph("op1")
    assert [f.text for f in again.footnotes] == ["A/79/500."]
    assert [m.offset for m in op1.footnotes] == [op1.text.index(cited) + len(cited)]
    # The resolution itself, and the compilation, carry it too.
    base = read_docx(client.get(f"/drafts/{negotiated.slug}/export.docx?rev=0").content)
    assert [m.offset for m in base.paragraph("op1").footnotes] == [
        base_op1.text.index(cited) + len(cited)
    ]
    compilation = docx.Document(
        io.BytesIO(client.get(f"/drafts/{negotiated.slug}/export.docx").content)
    )
    notes = compilation.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
    )
    assert b"A/79/500." in notes.blob
