"""The parts of a reader page kept for every reader (resolutions/fragments.py): a signed-in
page built from them shows the viewer's own notes and nobody else's, costs fewer queries once
they are kept, and follows a corrected text at once."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from annotations.models import Annotation, Team
from resolutions.cache import fragments
from resolutions.cache import pages as pagecache

READER = "/resolutions/A/RES/79/154/"


@pytest.fixture
def loaded(bundled):
    """79/154 with the tokens a load leaves (the bundled fixture may restore its rows in bulk)."""
    pagecache.changed(pagecache.LIBRARY, pagecache.text_scope(bundled.pk))
    return bundled


def team_note(user, team, text, resolution):
    op26 = resolution.paragraphs.get(pid="op26")
    return Annotation.objects.create(
        paragraph=op26,
        author=user,
        note=text,
        visibility=Annotation.Visibility.TEAM,
        team=team,
        paragraph_revision=op26.revision,
        anchored_revision=op26.revision,
    )


def page(client, url=READER) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_two_desks_each_see_only_their_own_team_notes_on_a_warm_page(loaded, make_user):
    amina, chen = make_user("amina"), make_user("chen")
    desk_a = Team.create(name="Gender desk", owner=amina)
    desk_b = Team.create(name="Labour desk", owner=chen)
    team_note(amina, desk_a, "Gender desk sees this only", loaded)
    team_note(chen, desk_b, "Labour desk sees this only", loaded)
    anonymous = Client()
    as_amina, as_chen = Client(), Client()
    as_amina.force_login(amina)
    as_chen.force_login(chen)

    first = page(as_amina)
    assert len(fragments.STORE) > 0  # the shared parts are kept: the rest comes from them
    # Each reads after the others have warmed the same paragraph, twice over.
    for _ in range(2):
        for_chen, for_amina, for_anyone = page(as_chen), page(as_amina), page(anonymous)
        assert "Labour desk sees this only" in for_chen
        assert "Gender desk sees this only" not in for_chen
        assert "Gender desk sees this only" in for_amina
        assert "Labour desk sees this only" not in for_amina
        assert "desk sees this only" not in for_anyone
        # Signed in, the tools write a note; signed out, they send to sign in, whoever came first.
        assert '<button type="submit" class="tool add-note">Add note' in for_amina
        assert '<button type="submit" class="tool add-note">' not in for_anyone
    assert "Gender desk sees this only" in first and "Labour desk" not in first
    # Only the author's own note carries Edit and Delete, on the kept page as on the first.
    assert for_amina.count('class="note-actions"') == 1
    assert for_chen.count('class="note-actions"') == 1
    assert "Sign up" in for_anyone and 'class="tool add-note" href="/accounts/login/' in for_anyone


def test_a_warm_signed_in_page_is_the_same_page_for_fewer_queries(client, loaded, author):
    client.force_login(author)
    with CaptureQueriesContext(connection) as cold:
        first = page(client)
    with CaptureQueriesContext(connection) as warm:
        second = page(client)
    # The document's nine queries are not made again; the session, the user, the resolution
    # (with its tokens), its versions and the viewer's notes are.
    assert (len(cold), len(warm)) == (16, 7)

    def without_tokens(html):
        """Without what differs on every request: the CSRF token and the scripts' nonce."""
        for pattern in pagecache.TOKEN_PATTERNS:
            html = pattern.sub(lambda m: m.group(1) + m.group(3), html)
        return re.sub(r'nonce="[^"]*"', "", html)

    assert without_tokens(second) == without_tokens(first)


def test_a_corrected_text_reaches_a_signed_in_reader_at_once(client, loaded, author, tmp_path):
    client.force_login(author)
    assert "especially women and children;" in page(client)
    source = Path("data/A_RES_79_154.md").read_text(encoding="utf-8")
    corrected = tmp_path / "A_RES_79_154.md"
    corrected.write_text(
        source.replace(
            "on trafficking in persons, especially women and children;",
            "on trafficking in persons, especially women and girls;",
            1,
        ),
        encoding="utf-8",
    )
    call_command("ingest_resolution", str(corrected), stdout=StringIO())
    html = page(client)
    assert "especially women and girls;" in html


def test_another_language_is_kept_apart(client, loaded, author):
    client.force_login(author)
    page(client)
    asked = page(client, READER + "?lang=xx")
    assert "not in the library in" in asked
    assert "not in the library in" not in page(client)
