"""Reader pages for anonymous readers come from the cache until something they show changes."""

import gzip

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

READER = "/resolutions/A/RES/79/154/"
PERMALINK = READER + "op26/"


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


@pytest.mark.parametrize("url", [READER, PERMALINK])
def test_a_second_anonymous_reader_gets_the_same_page_from_the_cache(db, resolution, url):
    first, built = get(Client(), url)
    second, served = get(Client(), url)
    assert served == 4 < built  # the resolution, and the three stamps that say it is current
    assert second.replace("\n", "") != "" and "Decides to continue" in second
    assert first.split("hx-headers")[0] == second.split("hx-headers")[0]


def test_a_cached_page_carries_nobody_s_csrf_token(db, resolution):
    Client().get(READER)
    html = Client().get(READER).content.decode()
    assert '"X-CSRFToken": ""' in html


def test_a_cached_page_comes_compressed_to_browsers_that_accept_gzip(db, resolution):
    Client().get(READER)
    plain = Client().get(READER).content
    response = Client().get(READER, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    unpacked = gzip.decompress(response.content)
    assert unpacked == plain and b"Decides to continue" in unpacked


def test_a_new_public_note_reaches_anonymous_readers_at_once(db, resolution, make_note):
    get(Client(), READER)
    note = make_note(note="Watch the **eighty-first** session", visibility="public")
    html, _ = get(Client(), READER)
    assert "<strong>eighty-first</strong>" in html
    note.soft_delete()
    html, _ = get(Client(), READER)
    assert "<strong>eighty-first</strong>" not in html


def test_an_edited_note_and_a_changed_tag_reach_anonymous_readers(db, resolution, make_note):
    note = make_note(note="First words", visibility="public", tags=["ctoc"])
    assert "First words" in get(Client(), READER)[0]
    note.edit(
        by=note.author,
        expected_version=note.version,
        note="Second words",
        tags=["palermo"],
        visibility="public",
        team=None,
    )
    html, _ = get(Client(), READER)
    assert "Second words" in html and "palermo" in html and "First words" not in html


def test_a_corrected_paragraph_reaches_anonymous_readers(db, resolution, op26):
    get(Client(), PERMALINK)
    op26.text = "Decides to conclude its consideration of the question."
    op26.revision += 1
    op26.save()
    html, _ = get(Client(), PERMALINK)
    assert "Decides to conclude" in html


def test_a_private_note_never_enters_the_shared_page(db, resolution, make_note, author):
    make_note(note="My own thoughts", visibility="private")
    signed_in = Client()
    signed_in.force_login(author)
    page = signed_in.get(READER)
    assert "My own thoughts" in page.content.decode()
    assert "private" in page["Cache-Control"]
    assert "My own thoughts" not in get(Client(), READER)[0]
