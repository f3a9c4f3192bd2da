"""The security review's findings (issue 13), each reproduced as the attack it was: imports that
stall the site or swell pages, CSV formulas, sign-in lockouts, malformed files, NUL characters,
former team members, leaking tags and usernames, caching of private pages, and a NUL in an
ingested text."""

import csv
import io
import itertools
import json
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from annotations.models import Annotation, Tag, Team, tag_slug, unique_slug
from annotations.webannotation import IMPORT_MAX_ITEMS
from resolutions.models import Citation, Footnote, Paragraph, Resolution
from tests.test_ingest import BUNDLED
from tests.test_security import all_patterns, fill, url_values  # noqa: F401 - a fixture

OP26_URL = "https://reader.example.org/resolutions/A/RES/79/154/op26/"
PASSWORD = "correct horse battery staple"


def item(note="A note", tags=(), quote=None, created=None, url=OP26_URL) -> dict:
    selector = {"type": "FragmentSelector", "value": url.rstrip("/").rsplit("/", 1)[-1]}
    if quote is not None:
        selector["refinedBy"] = {"type": "TextQuoteSelector", "exact": quote}
    data = {
        "type": "Annotation",
        "body": [{"type": "TextualBody", "value": note, "purpose": "commenting"}]
        + [{"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in tags],
        "target": {"source": url, "selector": selector},
    }
    if created is not None:
        data["created"] = created
    return data


def collection(*items) -> str:
    return json.dumps({"type": "AnnotationCollection", "items": list(items)})


def upload(client, raw: str | bytes):
    file = SimpleUploadedFile("notes.jsonld", raw if isinstance(raw, bytes) else raw.encode())
    return client.post("/annotations/import/", {"file": file})


def rows():
    return Annotation.objects.count(), Tag.objects.count()


@pytest.fixture
def importer(as_user, author, op26):
    return as_user(author)


# --- 1. an import that stalls the site --------------------------------------------------------


def test_a_note_with_a_thousand_tags_that_share_a_slug_is_refused_at_once(importer):
    marks = ["".join(p) for k in (1, 2, 3, 4) for p in itertools.product("!#$%&*~^", repeat=k)]
    names = [f"zq{mark}" for mark in marks[:1000]]  # all "zq" as slugs
    started = time.monotonic()
    response = upload(importer, collection(item(tags=names)))
    assert time.monotonic() - started < 2
    assert response.status_code == 400
    assert "Item 1 has 1,000 tags; a note has at most 20." in response.text
    assert rows() == (0, 0)


def test_tags_whose_names_share_a_slug_are_created_in_a_fixed_number_of_queries(
    db, django_assert_max_num_queries
):
    Tag.objects.get_or_create_all([f"zq{'!' * n}" for n in range(1, 40)])
    with django_assert_max_num_queries(4):
        tags = Tag.objects.get_or_create_all([f"zq{'#' * n}" for n in range(1, 21)])
    assert len({tag.slug for tag in tags}) == 20


def test_a_team_slug_is_found_in_one_query_however_many_teams_share_its_name(
    author, django_assert_num_queries
):
    for _ in range(12):
        Team.create(name="Desk", owner=author)
    with django_assert_num_queries(1):
        assert unique_slug(Team, "Desk", "team") == "desk-13"


@pytest.mark.parametrize(
    ("entry", "refusal"),
    [
        (item(tags=[f"t{n}" for n in range(21)]), "Item 1 has 21 tags; a note has at most 20."),
        (item(tags=["x" * 65]), "Item 1: a tag is longer than 64 characters."),
        (item(note="x" * 20001), "Item 1: the note has 20,001 characters; at most 20,000"),
        (item(quote="trafficking " * 500), "Item 1: the quote has 6,000 characters"),
    ],
    ids=["tags per note", "tag length", "note length", "quote length"],
)
def test_an_import_beyond_the_note_form_s_limits_is_refused(importer, entry, refusal):
    response = upload(importer, collection(entry))
    assert response.status_code == 400
    assert refusal in response.text
    assert rows() == (0, 0)


def test_an_import_of_more_items_than_the_limit_is_refused_before_any_is_read(importer):
    response = upload(importer, collection(*[item(note=f"n{n}") for n in range(1001)]))
    assert response.status_code == 400
    assert f"at most {IMPORT_MAX_ITEMS:,} are imported at once" in response.text
    assert rows() == (0, 0)


def test_an_import_writes_in_a_few_bulk_statements_not_statements_per_note(
    importer, django_assert_max_num_queries
):
    tags = [f"topic {k}" for k in range(20)]
    # A few statements per batch of 25 notes: 300 notes and 6,000 tag links in under 100.
    with django_assert_max_num_queries(100):
        response = upload(importer, collection(*[item(f"n{n}", tags) for n in range(300)]))
    assert response.status_code == 302
    assert Annotation.objects.count() == 300
    assert Annotation.objects.get(note="n299").tag_names() == sorted(tags, key=str.casefold)


def test_a_long_import_leaves_the_database_to_others_between_short_batches(
    importer, author, outsider, op26, monkeypatch
):
    """The largest import writes its notes a batch at a time, each in a transaction of its own
    and none around them all: another reader's note goes in between any two batches, and a
    writer waits at most for one batch, never for the whole file."""
    from django.db import connection

    from annotations import webannotation
    from annotations.models import create_note

    outer = len(connection.atomic_blocks)  # the test's own transaction, if any
    write, batches = webannotation._write, []

    def others_write_between(batch, tags):
        batches.append((len(batch), len(connection.atomic_blocks) - outer))
        create_note(paragraph=op26, author=outsider, note=f"written between, {len(batches)}")
        write(batch, tags)

    monkeypatch.setattr(webannotation, "_write", others_write_between)
    response = upload(importer, collection(*[item(f"n{n}", ["topic"]) for n in range(120)]))
    assert response.status_code == 302
    assert [size for size, _ in batches] == [25, 25, 25, 25, 20]
    assert {open_transactions for _, open_transactions in batches} == {0}
    assert Annotation.objects.filter(author=author).count() == 120
    assert Annotation.objects.filter(author=outsider).count() == 5


# --- 2. imported quotes of any length ---------------------------------------------------------


def test_an_imported_quote_that_is_not_in_the_paragraph_is_not_kept(importer, op26):
    response = upload(
        importer,
        collection(item(quote="words the paragraph never said"), item("b", quote="the question")),
    )
    assert response.status_code == 302
    absent, present = Annotation.objects.order_by("id")
    assert (absent.quote_exact, absent.note) == ("", "A note")
    assert present.quote_exact == "the question" and present.quote_found


# --- 3. CSV formula injection -----------------------------------------------------------------


def test_a_formula_after_a_separator_inside_a_csv_cell_stays_text(as_user, author, make_note):
    make_note(note="x;=1+1;y\n@SUM(A1)\t-2+3,+cmd", visibility="public")
    body = as_user(author).get("/annotations/export.csv").content.decode("utf-8-sig")
    for separator in (",", ";", "\t"):
        for row in csv.reader(io.StringIO(body), delimiter=separator):
            for cell in row:
                assert cell.strip().strip('"')[:1] not in ("=", "+", "-", "@"), (separator, cell)
    note = next(iter(csv.DictReader(io.StringIO(body))))["note"]
    assert note == "x;'=1+1;y\n'@SUM(A1)\t'-2+3,'+cmd"
    # Every cell is quoted, so a spreadsheet that splits on ";" keeps the note in one cell.
    assert body.splitlines()[0] == '"id","resolution","paragraph","paragraph_url","author",' + (
        '"visibility","tags","quote","note","created","modified"'
    )
    assert ",\"x;'=1+1;y\n" in body


# --- 4. anyone can lock anyone out ------------------------------------------------------------


def sign_in(username, password, forwarded_for, client=None):
    client = client or Client()
    response = client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR="127.0.0.1",  # every request arrives through the proxy
        headers={"X-Forwarded-For": forwarded_for},
    )
    return response, "_auth_user_id" in client.session


@pytest.fixture
def behind_a_proxy(settings, make_user):
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXY_COUNT = 1
    return make_user("amina"), make_user("bruno")


def test_behind_the_proxy_a_stranger_s_wrong_passwords_do_not_lock_the_account_owner_out(
    behind_a_proxy,
):
    for _ in range(6):
        response, _ = sign_in("amina", "wrong", "203.0.113.7")
    assert b"Too many sign-in attempts" in response.content  # the stranger is locked out
    _, signed_in = sign_in("amina", PASSWORD, "198.51.100.20")
    assert signed_in  # the owner, from their own address, is not


def test_an_address_written_by_the_client_in_the_header_does_not_dodge_the_lock(behind_a_proxy):
    for n in range(6):
        # The proxy appends the real address; what the client wrote stands to its left.
        sign_in("amina", "wrong", f"10.0.0.{n}, 203.0.113.7")
    response, signed_in = sign_in("amina", PASSWORD, "10.9.9.9, 203.0.113.7")
    assert not signed_in and b"Too many sign-in attempts" in response.content


def test_the_header_is_not_trusted_unless_the_deployment_names_it(settings, make_user):
    settings.TRUSTED_PROXY_HEADER = ""
    make_user("amina")
    for n in range(6):
        sign_in("amina", "wrong", f"203.0.113.{n}")
    response, signed_in = sign_in("amina", PASSWORD, "198.51.100.20")
    assert not signed_in and b"Too many sign-in attempts" in response.content


def test_one_address_guessing_at_many_accounts_is_stopped(settings, behind_a_proxy, make_user):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 20
    for n in range(20):
        make_user(f"user{n}")
        sign_in(f"user{n}", "wrong", "203.0.113.7")
    response, signed_in = sign_in("bruno", PASSWORD, "203.0.113.7")
    assert not signed_in and b"Too many sign-in attempts" in response.content
    _, signed_in = sign_in("bruno", PASSWORD, "198.51.100.20")
    assert signed_in  # other addresses are not affected


# --- 5. malformed imports ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "refusal"),
    [
        ("[" * 100_000 + "]" * 100_000, "The file nests its JSON too deeply"),
        (
            collection(item(note="\ud800 alone")),
            "Item 1: the note holds a character that is not valid Unicode",
        ),
        (
            collection(item(tags=["\udfff"])),
            "Item 1: a tag holds a character that is not valid Unicode",
        ),
    ],
    ids=["deep nesting", "lone surrogate in a note", "lone surrogate in a tag"],
)
def test_a_malformed_import_gets_a_clear_message(importer, raw, refusal):
    response = upload(importer, raw)
    assert response.status_code == 400
    assert refusal in response.text
    assert rows() == (0, 0)


@pytest.mark.parametrize(
    "claimed",
    [
        "0001-01-01T00:00:00+05:00",
        "9999-12-31T23:59:59-01:00",
        "2999-01-01T00:00:00Z",
        "1990-01-01",
    ],
)
def test_an_unbelievable_date_is_kept_as_data_and_the_note_dated_by_its_import(
    importer, resolution, claimed
):
    from django.utils import timezone

    resolution.adopted = "2024-12-17"
    resolution.save()
    before = timezone.now()
    response = upload(importer, collection(item(created=claimed)))
    assert response.status_code == 302
    note = Annotation.objects.get()
    assert note.created >= before
    assert note.claimed_created == claimed


def test_a_believable_date_is_the_note_s_date(importer, resolution):
    resolution.adopted = "2024-12-17"
    resolution.save()
    assert upload(importer, collection(item(created="2025-01-02T03:04:05Z"))).status_code == 302
    note = Annotation.objects.get()
    assert note.created.isoformat() == "2025-01-02T03:04:05+00:00"
    assert note.claimed_created == ""


def test_the_import_command_refuses_a_malformed_file_without_a_traceback(tmp_path, author, op26):
    path = tmp_path / "deep.jsonld"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(CommandError, match=r"nests its JSON too deeply.*Nothing was imported"):
        call_command("import_annotations", str(path), user="amina")
    path.write_text(collection(item(created="0001-01-01T00:00:00+05:00")))
    call_command("import_annotations", str(path), user="amina", stdout=io.StringIO())
    assert Annotation.objects.get().claimed_created == "0001-01-01T00:00:00+05:00"


# --- 6. NUL on PostgreSQL ---------------------------------------------------------------------

NUL_QUERY = "resolution=%00&team=%00&tag=%00&q=%00&tags=%00&notes=%00&page=%00&next=%00&%00=x"


def test_a_nul_in_any_query_or_address_part_is_refused_clearly_on_every_url(url_values):  # noqa: F811
    """On PostgreSQL a NUL compared with a column is a DataError: 36 of them on 9 routes."""
    owner, values, pick_slug = url_values
    visitors = {
        "a passer-by": Client(raise_request_exception=False),
        "the owner": Client(raise_request_exception=False),
    }
    visitors["the owner"].force_login(owner)
    answered, wrong = 0, []
    for route, _pattern in all_patterns():
        path = fill(route, values, pick_slug)
        # The query, and each part of the address with a NUL added to it.
        parts = [segment for segment in path.split("/") if segment]
        candidates = [f"{path}?{NUL_QUERY}"] + [
            "/" + "/".join(p + "%00" if i == n else p for i, p in enumerate(parts)) + "/"
            for n in range(len(parts))
        ]
        for url in candidates:
            for who, client in visitors.items():
                for method in (client.get, client.post):
                    response = method(url)
                    answered += 1
                    if response.status_code != 400 or b"NUL character" not in response.content:
                        wrong.append(f"{method.__name__} {url} for {who}: {response.status_code}")
    assert not wrong, "\n".join(wrong[:40])
    assert answered > 400


# --- 7. a removed member keeps publishing to the team -----------------------------------------


@pytest.fixture
def former_member_note(team, teammate, make_note):
    note = make_note(by=teammate, note="Old text", visibility="team", team=team)
    team.remove_member(teammate)
    return note


def test_a_former_member_s_edit_form_no_longer_offers_the_team(
    as_user, teammate, former_member_note
):
    page = as_user(teammate).get(f"/annotations/{former_member_note.uuid}/edit/")
    assert page.status_code == 200
    assert "Team: Gender desk" not in page.text


def test_a_former_member_cannot_publish_new_text_to_the_team(as_user, teammate, former_member_note):
    response = as_user(teammate).post(
        f"/annotations/{former_member_note.uuid}/edit/",
        {"note": "New text", "visibility": f"team:{former_member_note.team.slug}", "version": 1},
    )
    assert response.status_code == 200  # the form again, with the choice refused
    assert "Select a valid choice" in response.text
    former_member_note.refresh_from_db()
    assert former_member_note.note == "Old text"


def test_a_former_member_s_restored_team_note_comes_back_as_theirs_alone(
    as_user, teammate, author, former_member_note
):
    client = as_user(teammate)
    client.post(f"/annotations/{former_member_note.uuid}/delete/")
    client.post(f"/annotations/{former_member_note.uuid}/restore/")
    former_member_note.refresh_from_db()
    assert former_member_note.deleted_at is None
    assert (former_member_note.visibility, former_member_note.team) == ("private", None)
    assert "Old text" not in as_user(author).get("/teams/gender-desk/").text


# --- 8. tags and usernames leak ---------------------------------------------------------------


def test_a_new_tag_named_like_someone_s_hidden_tag_does_not_show_that_it_exists(
    as_user, author, outsider, make_note
):
    make_note(tags=["Secret plan!"])  # private, its slug taken first
    client = as_user(outsider)
    client.post(
        "/resolutions/A/RES/79/154/op26/notes/",
        {"note": "mine", "tags": "Secret plan?", "visibility": "private"},
    )
    mine = Annotation.objects.get(author=outsider).tags.get()
    # The slug is what it would be if the hidden tag did not exist.
    assert mine.slug == tag_slug("secret plan?")
    assert not mine.slug.endswith("-2")
    assert "Secret plan!" not in client.get("/tags/").text


# --- 9. private pages without Cache-Control: private ------------------------------------------


def test_pages_showing_a_signed_in_reader_s_notes_are_private_to_their_browser(
    bundled, as_user, author
):
    from resolutions.models import Instrument

    client = as_user(author)
    instrument = Instrument.objects.filter(in_catalogue=True).first()
    for url in ("/search/?q=trafficking", f"/instruments/{instrument.slug}/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"], url


# --- 10. a NUL inside an ingested text --------------------------------------------------------


def test_a_nul_inside_a_paragraph_is_refused_with_the_file_and_line_and_nothing_written(
    db, tmp_path, capsys
):
    lines = BUNDLED.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines, start=1) if "especially women" in line)
    lines[number - 1] = lines[number - 1].replace("especially", "espe\x00cially", 1)
    path = tmp_path / "A_RES_79_154.md"
    path.write_text("".join(lines), encoding="utf-8")

    def counts():
        return [m.objects.count() for m in (Resolution, Paragraph, Footnote, Citation)]

    before = counts()
    with pytest.raises(CommandError) as refused:
        call_command("ingest_resolution", str(path))
    assert refused.value.returncode == 1
    err = capsys.readouterr().err
    assert "A_RES_79_154.md" in err and f"line {number}" in err and "NUL" in err
    assert "Traceback" not in err and "DataError" not in err
    assert counts() == before
