"""A tag is one tag whatever its case ("ILO" and "ilo" share a page), but each note keeps the
spelling its author wrote, and a reader sees only spellings from notes they may see: a
spelling on someone's hidden note would tell them that the note exists."""

import csv
import io
import json

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from annotations.models import Annotation, Tag
from annotations.webannotation import import_collection

NOTES = "/resolutions/A/RES/79/154/op26/notes/"
READER = "/resolutions/A/RES/79/154/"


@pytest.fixture
def hidden_ilo(make_note):
    """Amina's private note, tagged "ILO" before anyone else wrote the tag."""
    return make_note(note="Amina's own thoughts", tags=["ILO"])


@pytest.fixture
def chen_ilo(hidden_ilo, as_user, outsider):
    """Then Chen, who cannot see Amina's note, tags a note of his "ilo"."""
    client = as_user(outsider)
    response = client.post(NOTES, {"note": "Chen's note", "tags": "ilo", "visibility": "private"})
    assert response.status_code == 302
    return client


def pages_chen_sees(client):
    note = Annotation.objects.get(author__username="chen")
    return {
        "note": client.get(note.get_absolute_url()),
        "paragraph": client.get(NOTES),
        "reader": client.get(READER),
        "notes list": client.get("/annotations/"),
        "tags": client.get("/tags/"),
        "tag page": client.get("/tags/ilo/"),
        "suggestions": client.get("/tags/", {"q": "I"}, headers={"HX-Request": "true"}),
        "search": client.get("/search/", {"q": "ilo"}),
        "csv": client.get("/annotations/export.csv"),
        "json-ld": client.get("/annotations/export.jsonld"),
    }


def test_a_hidden_note_s_spelling_shows_nowhere_to_someone_who_wrote_the_tag_otherwise(chen_ilo):
    for page, response in pages_chen_sees(chen_ilo).items():
        assert response.status_code == 200, page
        assert "ILO" not in response.text, page
        assert "ilo" in response.text, page


def test_the_note_keeps_the_spelling_its_author_wrote_and_shares_the_tag(chen_ilo, hidden_ilo):
    chen = Annotation.objects.get(author__username="chen")
    assert chen.tag_names() == ["ilo"]
    assert hidden_ilo.tag_names() == ["ILO"]
    assert Tag.objects.count() == 1  # one tag, one page, whatever the case
    assert chen.tags.get() == hidden_ilo.tags.get()


def test_suggestions_offer_only_spellings_from_notes_the_viewer_may_see(
    hidden_ilo, as_user, outsider, make_note
):
    client = as_user(outsider)
    suggestions = client.get("/tags/", {"tags": "data, i"}, headers={"HX-Request": "true"})
    assert suggestions.status_code == 200 and suggestions.text.strip() == ""
    make_note(by=outsider, tags=["Ilo"])
    suggestions = client.get("/tags/", {"tags": "data, i"}, headers={"HX-Request": "true"})
    assert suggestions.text == '<option value="data, Ilo">Ilo</option>'


def test_an_anonymous_reader_sees_nothing_of_a_private_tag(hidden_ilo, client):
    assert "ILO" not in client.get("/tags/").text
    assert "ILO" not in client.get("/tags/", {"q": "i"}, headers={"HX-Request": "true"}).text
    assert client.get("/tags/ilo/").status_code == 404
    assert "ILO" not in client.get(READER).text


def test_a_tag_is_named_with_the_viewer_s_spelling_and_otherwise_a_visible_one(
    hidden_ilo, as_user, client, outsider, make_note, author
):
    make_note(by=outsider, note="Public", tags=["Ilo"], visibility="public")
    make_note(by=outsider, note="Also public", tags=["Ilo"], visibility="public")
    # Amina sees her own "ILO" and Chen's public "Ilo": her tag is called as she wrote it.
    page = as_user(author).get("/tags/")
    assert ">ILO</a>" in page.text and "(3 notes)" in page.text
    assert "<h1>Paragraphs tagged “ILO”</h1>" in as_user(author).get("/tags/ilo/").text
    client.logout()
    # A reader who is not signed in sees only the public spelling.
    page = client.get("/tags/")
    assert ">Ilo</a>" in page.text and "(2 notes)" in page.text and "ILO" not in page.text
    tag_page = client.get("/tags/ilo/")
    assert "<h1>Paragraphs tagged “Ilo”</h1>" in tag_page.text and "ILO" not in tag_page.text


def test_each_note_card_shows_its_own_spelling(hidden_ilo, as_user, author, outsider, make_note):
    make_note(by=outsider, note="Chen in public", tags=["Ilo"], visibility="public")
    page = as_user(author).get("/tags/ilo/").text
    assert 'rel="tag">ILO</a>' in page and 'rel="tag">Ilo</a>' in page


def test_search_matches_tags_by_the_spellings_of_visible_notes_only(as_user, outsider, make_note):
    make_note(note="Amina's note", tags=["Follow-up"])  # private
    make_note(by=outsider, note="Chen's note", tags=["follow up"])
    client = as_user(outsider)
    # "follow-up" is not how Chen spelled his tag: finding his note would tell him that
    # someone else spelled it so.
    assert "Chen's note" not in client.get("/search/", {"q": "follow-up"}).text
    found = client.get("/search/", {"q": "follow up"}).text
    assert "Chen's note" in found and "Follow-up" not in found


def test_editing_a_note_respells_its_tag(chen_ilo, hidden_ilo):
    chen = Annotation.objects.get(author__username="chen")
    response = chen_ilo.post(
        chen.edit_url(),
        {"note": "Chen's note", "tags": "Ilo, data", "visibility": "private", "version": 1},
    )
    assert response.status_code == 302
    assert chen.tag_names() == ["data", "Ilo"]
    assert chen.revisions.get().tags == ["ilo"]
    assert hidden_ilo.tag_names() == ["ILO"]
    assert Annotation.objects.filter(tags__key="ilo").count() == 2


def test_renaming_one_s_spelling_leaves_others_notes_as_they_wrote_them(chen_ilo, hidden_ilo):
    response = chen_ilo.post("/tags/ilo/rename/", {"name": "I.L.O."})
    assert response.status_code == 302
    assert Annotation.objects.get(author__username="chen").tag_names() == ["I.L.O."]
    assert hidden_ilo.tag_names() == ["ILO"]
    message = chen_ilo.get(response.url).text
    assert "Your notes tagged “ilo” are now tagged “I.L.O.”" in message
    chen_ilo.post(f"{response.url}rename/", {"name": "Ilo"})
    assert Annotation.objects.get(author__username="chen").tag_names() == ["Ilo"]
    assert hidden_ilo.tag_names() == ["ILO"]


def test_an_import_keeps_the_file_s_spelling_and_an_export_gives_it_back(
    hidden_ilo, as_user, outsider, teammate, op26
):
    raw = json.dumps(
        {
            "type": "AnnotationCollection",
            "items": [
                {
                    "type": "Annotation",
                    "body": [
                        {"type": "TextualBody", "value": "Imported", "purpose": "commenting"},
                        {"type": "TextualBody", "value": "ilo", "purpose": "tagging"},
                    ],
                    "target": {
                        "source": f"https://elsewhere.example/resolutions/{op26.resolution.symbol}/op26/"
                    },
                }
            ],
        }
    )
    assert import_collection(raw, outsider).created == 1
    client = as_user(outsider)
    exported = client.get("/annotations/export.jsonld").content
    assert b"ILO" not in exported
    [item] = json.loads(exported)["first"]["items"]
    assert {"type": "TextualBody", "value": "ilo", "purpose": "tagging"} in item["body"]
    rows = list(csv.reader(io.StringIO(client.get("/annotations/export.csv").text)))
    assert rows[1][rows[0].index("tags")] == "ilo"
    # Round trip: the export imported by someone else keeps "ilo", and the second import of
    # the same file is recognised as the same notes.
    assert import_collection(exported, teammate).created == 1
    assert Annotation.objects.get(author=teammate).tag_names() == ["ilo"]
    again = import_collection(exported, teammate)
    assert (again.created, again.skipped) == (0, 1)


def test_the_tags_page_and_suggestions_make_a_fixed_number_of_queries(
    as_user, author, make_note, django_assert_num_queries
):
    client = as_user(author)
    make_note(tags=["data"])
    with django_assert_num_queries(3):  # session, user, tags with their spellings
        client.get("/tags/")
    with django_assert_num_queries(3):
        client.get("/tags/", {"q": "da"}, headers={"HX-Request": "true"})
    for n in range(10):
        make_note(tags=["Data" if n % 2 else "data", f"more {n}"])
    with django_assert_num_queries(3):
        client.get("/tags/")
    with django_assert_num_queries(3):
        client.get("/tags/", {"q": "da"}, headers={"HX-Request": "true"})


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_every_existing_link_the_tag_s_spelling():
    from django.contrib.auth import get_user_model

    from resolutions.models import Paragraph, Resolution

    executor = MigrationExecutor(connection)
    before = [("annotations", "0004_quote_language")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    OldAnnotation = apps.get_model("annotations", "Annotation")
    OldTag = apps.get_model("annotations", "Tag")
    # Resolutions and accounts are as they are today; only the notes' tables are older.
    user = get_user_model().objects.create(username="amina")
    resolution = Resolution.objects.create(
        symbol="A/RES/70/1", session=70, number="1", title="Transforming our world"
    )
    paragraph = Paragraph.objects.create(
        resolution=resolution, pid="op1", kind="operative", label="1", position=1, text="Adopts."
    )
    note = OldAnnotation.objects.create(paragraph_id=paragraph.pk, author_id=user.pk, note="x")
    ilo = OldTag.objects.create(name="ILO", key="ilo", slug="ilo")
    data = OldTag.objects.create(name="data", key="data", slug="data")
    note.tags.add(ilo, data)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    from annotations.models import NoteTag

    migrated = Annotation.objects.get(note="x")
    assert migrated.tag_names() == ["data", "ILO"]
    # The links' table is the one it was: a second link to the same tag is still refused.
    with pytest.raises(IntegrityError), transaction.atomic():
        NoteTag.objects.create(annotation=migrated, tag=Tag.objects.get(key="ilo"), name="ilo")
    assert migrated.tag_names() == ["data", "ILO"]
    Annotation.objects.all().delete()
    Resolution.objects.all().delete()
    user.delete()
