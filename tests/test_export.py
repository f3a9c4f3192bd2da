"""Export as W3C Web Annotations (JSON-LD) and CSV; import of that JSON-LD, by form and command."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from annotations.models import Annotation
from annotations.webannotation import InvalidImport, import_collection


@pytest.fixture
def quoted(make_note, op26, team):
    note = make_note(
        note="See **also** op1", tags=["data", "follow-up"], visibility="team", team=team
    )
    note.set_quote(op26.text, "eighty-first session")
    note.save()
    return note


def export(client, **params):
    response = client.get("/annotations/export.jsonld", params)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/ld+json")
    return json.loads(response.content)


def test_the_export_is_a_w3c_annotation_collection(as_user, author, quoted, op26):
    collection = export(as_user(author))
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection" and collection["total"] == 1
    [item] = collection["first"]["items"]
    assert item["type"] == "Annotation"
    assert item["id"] == f"http://testserver/annotations/{quoted.uuid}/"
    assert item["creator"] == {"type": "Person", "nickname": "amina"}
    assert item["created"] == quoted.created.isoformat()
    assert item["modified"] == quoted.modified.isoformat()
    target = item["target"]
    assert target["source"].startswith("http://testserver/resolutions/A/RES/79/154/op26/")
    assert target["selector"] == {
        "type": "FragmentSelector",
        "conformsTo": "http://tools.ietf.org/rfc/rfc3987",
        "value": "op26",
        "refinedBy": {
            "type": "TextQuoteSelector",
            "exact": "eighty-first session",
            "prefix": op26.text[op26.text.index("eighty-first") - 32 : op26.text.index("eighty")],
            "suffix": ".",
        },
    }
    assert item["body"] == [
        {"type": "TextualBody", "value": "See **also** op1", "format": "text/markdown",
         "purpose": "commenting"},
        {"type": "TextualBody", "value": "data", "purpose": "tagging"},
        {"type": "TextualBody", "value": "follow-up", "purpose": "tagging"},
    ]  # fmt: skip


def test_exports_filter_by_resolution_team_and_tag(as_user, author, quoted, make_note):
    make_note(note="Untagged private")
    client = as_user(author)
    assert export(client)["total"] == 2
    assert export(client, tag="data")["total"] == 1
    assert export(client, team="gender-desk")["total"] == 1
    assert export(client, resolution="A/RES/79/154")["total"] == 2
    assert export(client, resolution="A/RES/1/1")["total"] == 0


def test_the_csv_export_has_one_row_per_note_and_defuses_formulas(as_user, author, make_note):
    make_note(note='=HYPERLINK("http://evil")', tags=["a", "b"])
    response = as_user(author).get("/annotations/export.csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 1
    assert rows[0]["note"] == '\'=HYPERLINK("http://evil")'
    assert rows[0]["tags"] == "a; b"
    assert rows[0]["paragraph"] == "op26" and rows[0]["resolution"] == "A/RES/79/154"


def test_exports_make_a_fixed_number_of_queries(
    as_user, author, make_note, django_assert_num_queries
):
    client = as_user(author)
    for _ in range(10):
        make_note(tags=["x", "y"])
    with django_assert_num_queries(5):  # session, user, how many notes, a page of them, tags
        client.get("/annotations/export.jsonld")
    with django_assert_num_queries(5):
        client.get("/annotations/export.csv")


def test_importing_an_export_recreates_the_notes_for_the_importer_and_skips_duplicates(
    as_user, author, outsider, quoted
):
    raw = as_user(author).get("/annotations/export.jsonld").content
    first = import_collection(raw, outsider)
    assert (first.created, first.skipped) == (1, 0)
    copy = Annotation.objects.get(author=outsider)
    assert copy.visibility == "private" and copy.team is None
    assert copy.note == quoted.note and copy.tag_names() == ["data", "follow-up"]
    assert copy.quote_exact == "eighty-first session" and copy.quote_start == quoted.quote_start
    assert copy.created == quoted.created
    again = import_collection(raw, outsider)
    assert (again.created, again.skipped) == (0, 1)


def test_the_import_form_takes_a_file_and_reports_what_it_did(as_user, author, outsider, quoted):
    raw = as_user(author).get("/annotations/export.jsonld").content
    client = as_user(outsider)
    upload = SimpleUploadedFile("notes.jsonld", raw, content_type="application/ld+json")
    response = client.post("/annotations/import/", {"file": upload}, follow=True)
    assert "Imported 1 notes" in response.text and "skipped 0" in response.text
    assert Annotation.objects.filter(author=outsider).count() == 1


def test_the_importer_chooses_who_sees_the_imported_notes(as_user, author, teammate, team, quoted):
    raw = as_user(author).get("/annotations/export.jsonld").content
    client = as_user(teammate)
    page = client.get("/annotations/import/").text
    assert f'value="team:{team.slug}"' in page and 'value="public"' in page
    upload = SimpleUploadedFile("notes.jsonld", raw, content_type="application/ld+json")
    response = client.post(
        "/annotations/import/", {"file": upload, "visibility": f"team:{team.slug}"}, follow=True
    )
    assert f"Imported 1 notes as “Team: {team.name}”" in response.text
    copy = Annotation.objects.get(author=teammate)
    assert (copy.visibility, copy.team) == ("team", team)


def test_an_import_cannot_share_with_a_team_the_importer_is_not_in(
    as_user, author, outsider, team, quoted
):
    raw = as_user(author).get("/annotations/export.jsonld").content
    upload = SimpleUploadedFile("notes.jsonld", raw, content_type="application/ld+json")
    response = as_user(outsider).post(
        "/annotations/import/", {"file": upload, "visibility": f"team:{team.slug}"}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    assert not Annotation.objects.filter(author=outsider).exists()
    with pytest.raises(InvalidImport, match="not a member of the team"):
        import_collection(raw, outsider, "team", team)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json", "The file is not valid JSON"),
        (b'{"type": "Something"}', "not a W3C AnnotationCollection"),
        (
            b'{"type": "AnnotationCollection", "first": {"items": [{"type": "Annotation", '
            b'"target": {"source": "http://x/resolutions/A/RES/1/1/op1/"}}]}}',
            "Item 1: there is no paragraph op1 in A/RES/1/1 here.",
        ),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_is_written(
    as_user, author, op26, content, message
):
    upload = SimpleUploadedFile("notes.jsonld", content)
    response = as_user(author).post("/annotations/import/", {"file": upload})
    assert response.status_code == 400
    assert message in response.text
    assert not Annotation.objects.exists()


def test_an_import_is_all_or_nothing(author, op26):
    half_good = {
        "type": "AnnotationCollection",
        "first": {"items": [
            {"type": "Annotation", "body": [{"type": "TextualBody", "value": "ok"}],
             "target": {"source": "http://x/resolutions/A/RES/79/154/op26/",
                        "selector": {"type": "FragmentSelector", "value": "op26"}}},
            {"type": "Annotation", "target": {"source": "http://x/elsewhere"}},
        ]},
    }  # fmt: skip
    before = Annotation.objects.count()
    with pytest.raises(InvalidImport, match="Item 2"):
        import_collection(json.dumps(half_good), author)
    assert Annotation.objects.count() == before == 0


def test_an_oversized_upload_is_refused(as_user, author, monkeypatch):
    monkeypatch.setattr("annotations.forms.IMPORT_MAX_BYTES", 10)
    upload = SimpleUploadedFile("notes.jsonld", b"{" + b" " * 20 + b"}")
    response = as_user(author).post("/annotations/import/", {"file": upload})
    assert response.status_code == 400
    assert "The file is larger than" in response.text


def test_the_import_command_imports_for_the_named_user(tmp_path, as_user, author, outsider, quoted):
    path = tmp_path / "notes.jsonld"
    path.write_bytes(as_user(author).get("/annotations/export.jsonld").content)
    out = io.StringIO()
    call_command("import_annotations", str(path), "--user", "chen", stdout=out)
    assert "imported 1 annotations for chen, skipped 0" in out.getvalue()
    assert Annotation.objects.get(author=outsider).visibility == "private"


def test_the_import_command_can_make_the_notes_public(tmp_path, as_user, author, outsider, quoted):
    path = tmp_path / "notes.jsonld"
    path.write_bytes(as_user(author).get("/annotations/export.jsonld").content)
    call_command(
        "import_annotations", str(path), "--user", "chen", "--visibility", "public",
        stdout=io.StringIO(),
    )  # fmt: skip
    assert Annotation.objects.get(author=outsider).visibility == "public"
    with pytest.raises(CommandError, match="No team has the slug 'nowhere'"):
        call_command("import_annotations", str(path), "--user", "chen", "--team", "nowhere")


def test_the_import_command_fails_loudly_on_a_bad_file_or_user(tmp_path, author):
    path = tmp_path / "bad.jsonld"
    path.write_text("[1, 2")
    with pytest.raises(CommandError, match=r"not valid JSON.*Nothing was imported"):
        call_command("import_annotations", str(path), "--user", "amina")
    with pytest.raises(CommandError, match="No user is called 'nobody'"):
        call_command("import_annotations", str(path), "--user", "nobody")


def test_both_exports_download_as_files_with_a_name(as_user, author, make_note):
    make_note(note="A note")
    client = as_user(author)
    jsonld = client.get("/annotations/export.jsonld")
    assert jsonld.headers["Content-Disposition"] == 'attachment; filename="annotations.jsonld"'
    spreadsheet = client.get("/annotations/export.csv")
    assert spreadsheet.headers["Content-Disposition"] == 'attachment; filename="annotations.csv"'


def test_the_csv_export_is_utf8_with_a_byte_order_mark_so_spreadsheets_keep_accents(
    as_user, author, make_note
):
    make_note(note="Coopération — États membres", tags=["ILO"])
    response = as_user(author).get("/annotations/export.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    row = next(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert row["note"] == "Coopération — États membres"
    assert row["tags"] == "ILO"  # as written
