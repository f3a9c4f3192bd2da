"""Reader pages for anonymous readers come from the cache until something they show changes."""

import gzip
from pathlib import Path

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
    # One query: the tokens that say the page is current. No session, no user, no rendering.
    assert served == 1 < built
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


def test_a_cached_page_keeps_the_security_headers_and_sets_no_cookie(db, resolution):
    built = Client().get(READER)
    cached = Client().get(READER)
    for header in ("Content-Security-Policy", "X-Frame-Options", "Referrer-Policy"):
        assert cached[header] == built[header]
    assert cached["Content-Type"] == "text/html; charset=utf-8"
    assert not cached.cookies


def test_a_browser_with_a_message_waiting_gets_a_fresh_page(db, resolution):
    from django.contrib.messages.storage.cookie import CookieStorage

    get(Client(), READER)
    browser = Client()
    browser.cookies[CookieStorage.cookie_name] = "pending"
    _, queries = get(browser, READER)
    assert queries > 1  # built for this browser, not served from the shared copy


def test_a_resolution_added_to_the_library_turns_its_citations_into_links(db, bundled):
    internal = 'href="/resolutions/A/RES/64/293/"'
    assert internal not in get(Client(), READER)[0]
    from resolutions.models import Resolution

    Resolution.objects.create(
        symbol="A/RES/64/293", session=64, number="293", number_int=293, title="Global Plan"
    )
    assert internal in get(Client(), READER)[0]


def test_an_instrument_renamed_in_the_admin_reaches_anonymous_readers(db, bundled):
    from resolutions.models import Citation, Instrument

    instrument = Instrument.objects.get(title="Rome Statute of the International Criminal Court")
    paragraph = Citation.objects.filter(instrument=instrument, paragraph__isnull=False)[0].paragraph
    url = f"{READER}{paragraph.pid}/"  # the permalink lists what the paragraph cites, by name
    assert f">{instrument.name}</a>" in get(Client(), url)[0]
    instrument.short_name = "A name nobody has seen before"
    instrument.save()
    assert ">A name nobody has seen before</a>" in get(Client(), url)[0]


def test_a_renamed_tag_reaches_anonymous_readers(db, resolution, make_note, author):
    make_note(note="Tagged", visibility="public", tags=["ctoc"])
    assert "ctoc" in get(Client(), READER)[0]
    owner = Client()
    owner.force_login(author)
    assert owner.post("/tags/ctoc/rename/", {"name": "palermo-protocol"}).status_code == 302
    html = get(Client(), READER)[0]
    assert "palermo-protocol" in html


def test_a_deleted_account_takes_its_public_notes_off_the_page(db, resolution, make_note, author):
    make_note(note="Soon to be gone", visibility="public")
    assert "Soon to be gone" in get(Client(), READER)[0]
    author.delete()
    assert "Soon to be gone" not in get(Client(), READER)[0]


def test_notes_written_in_bulk_reach_anonymous_readers(db, resolution, author):
    from io import StringIO

    from django.core.management import call_command

    from annotations.models import Annotation

    get(Client(), READER)
    call_command(
        "generate_library", users=3, annotations=40, on=resolution.symbol, stdout=StringIO()
    )
    public = Annotation.objects.filter(paragraph__resolution=resolution, visibility="public")
    html = get(Client(), READER)[0]
    assert public and any(f'id="{note.dom_id}"' in html for note in public)


def test_a_corrected_text_loaded_by_the_ingest_reaches_anonymous_readers(db, bundled, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    from tests.conftest import BUNDLED_TEXT

    assert "criminalize all forms of trafficking" in get(Client(), PERMALINK)[0]
    corrected = tmp_path / "A_RES_79_154.md"
    text = Path(BUNDLED_TEXT).read_text(encoding="utf-8")
    corrected.write_text(text.replace("to criminalize all forms", "to criminalise all forms"))
    call_command("ingest_resolution", str(corrected), stdout=StringIO())
    html = get(Client(), PERMALINK)[0]
    assert "criminalise all forms of trafficking" in html


def test_publicly_imported_notes_reach_anonymous_readers_at_once(db, resolution, author):
    import json

    from annotations.webannotation import import_collection

    get(Client(), READER)
    item = {
        "type": "Annotation",
        "body": [{"type": "TextualBody", "value": "Imported **in bulk**"}],
        "target": {"source": "https://example.org" + PERMALINK},
    }
    import_collection(json.dumps([item] * 1), author, "public")
    html, _ = get(Client(), READER)
    assert "<strong>in bulk</strong>" in html
