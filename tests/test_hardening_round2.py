"""The second security review's findings (issue 23), each reproduced as the attack it was:
anonymous exports of every public note, phrases of single letters and words of a thousand
letters, junk parameters swelling the page cache, a Host header poisoning it, a removed member
renaming a team's tag, a NUL in a cookie, a formula after a space in a CSV cell, and no limit on
teams, invitations, accounts or notes."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from annotations.models import Annotation, Invitation, Team, build_note
from resolutions.cache import pages as pagecache
from tests.test_versions import series  # noqa: F401 - a fixture

READER = "/resolutions/A/RES/79/154/"
PERMALINK = READER + "op26/"
PASSWORD = "correct horse battery staple"


def budget(settings, **limits):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, **limits}


def queries_of(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, [q["sql"] for q in queries.captured_queries]


# --- 1. anonymous exports and unbounded volume ------------------------------------------------


@pytest.fixture
def many_public_notes(op26, author):
    Annotation.objects.bulk_create(
        build_note(paragraph=op26, author=author, note=f"Public {n}", visibility="public")
        for n in range(1005)
    )


def test_an_anonymous_csv_export_of_every_public_note_comes_a_thousand_at_a_time(
    client, many_public_notes
):
    response = client.get("/annotations/export.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1000
    assert '<http://testserver/annotations/export.csv?page=2>; rel="next"' in response["Link"]
    rest = client.get("/annotations/export.csv", {"page": 2}).content.decode("utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(rest)))) == 5


def test_an_anonymous_json_ld_export_is_a_page_of_the_collection_with_a_link_to_the_next(
    client, many_public_notes
):
    collection = json.loads(client.get("/annotations/export.jsonld").content)
    assert collection["total"] == 1005
    assert len(collection["first"]["items"]) == 1000
    assert collection["first"]["next"] == "http://testserver/annotations/export.jsonld?page=2"
    second = json.loads(client.get("/annotations/export.jsonld", {"page": 2}).content)
    assert second["first"]["startIndex"] == 1000 and len(second["first"]["items"]) == 5


def test_exports_from_one_address_past_its_budget_are_refused_until_the_hour_is_over(
    client, settings, db
):
    budget(settings, export=(2, 3600))
    assert client.get("/annotations/export.csv").status_code == 200
    assert client.get("/annotations/export.jsonld").status_code == 200
    refused = client.get("/annotations/export.csv")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "Too many exports: at most 2 every hour" in refused.text
    # Another address has its own budget.
    assert client.get("/annotations/export.csv", REMOTE_ADDR="10.0.0.2").status_code == 200


def upload(client, note="Imported"):
    data = {
        "type": "AnnotationCollection",
        "items": [
            {
                "type": "Annotation",
                "body": [{"type": "TextualBody", "value": note, "purpose": "commenting"}],
                "target": {
                    "source": "https://reader.example.org/resolutions/A/RES/79/154/op26/",
                    "selector": {"type": "FragmentSelector", "value": "op26"},
                },
            }
        ],
    }
    file = SimpleUploadedFile("notes.jsonld", json.dumps(data).encode())
    return client.post("/annotations/import/", {"file": file})


def test_imports_past_the_account_s_hourly_budget_are_refused(as_user, author, op26, settings):
    budget(settings, **{"import": (1, 3600)})
    client = as_user(author)
    assert upload(client, "First").status_code == 302
    refused = upload(client, "Second")
    assert refused.status_code == 429 and "Too many imports" in refused.text
    assert list(Annotation.objects.values_list("note", flat=True)) == ["First"]


def test_an_account_holding_as_many_notes_as_allowed_can_write_no_more(
    as_user, author, op26, make_note, settings
):
    settings.MAX_NOTES_PER_ACCOUNT = 2
    make_note(note="One")
    make_note(note="Two")
    client = as_user(author)
    response = client.post(
        "/resolutions/A/RES/79/154/op26/notes/", {"note": "Three", "visibility": "private"}
    )
    assert response.status_code == 400
    assert "You have 2 notes, as many as one account may hold" in response.text
    assert "Three" in response.text  # what was typed is kept
    imported = upload(client, "Four")
    assert imported.status_code == 400 and "your account may hold 0 more" in imported.text
    assert Annotation.objects.count() == 2


# --- 2. quoted phrases as a CPU lever -----------------------------------------------------------


def text_reads(sql: list[str]) -> int:
    """Queries reading paragraphs' texts or their fingerprints: what a lookup costs."""
    return sum("paragraphtext" in query or "wording" in query for query in sql)


@pytest.mark.parametrize(
    "phrase",
    ['"a b c d e f g h i j k l m n"', '"1 2 3 4 5 6 7 8 9 0"', '"of the in a to"'],
)
def test_a_phrase_of_single_letters_or_common_words_is_too_common_to_look_up(
    client, resolution, phrase
):
    response, sql = queries_of(client, "/search/", data={"q": phrase})
    assert response.status_code == 200
    assert "Too common to look up" in response.text
    assert text_reads(sql) == 0


def test_a_phrase_with_one_informative_word_is_looked_up(client, resolution):
    response = client.get("/search/", {"q": '"consideration of the question"'})
    assert "1 paragraph contains the exact phrase" in response.text


def test_an_agreed_language_phrase_of_one_word_of_a_thousand_letters_is_refused_at_once(
    client, resolution
):
    word = "-".join("abcdefghij" * 50)
    response, sql = queries_of(client, PERMALINK + "agreed/", data={"q": word})
    assert response.status_code == 200
    assert "No paragraph holds a word of more than 64 letters" in response.text
    assert "Nowhere in the library" not in response.text  # not looked up, so not said
    assert text_reads(sql) == 1  # the paragraph's own text, shown above the phrase


def test_phrase_lookups_from_one_address_past_its_budget_are_refused(client, resolution, settings):
    budget(settings, lookup=(2, 60))
    for _ in range(2):
        assert client.get("/search/", {"q": '"the question"'}).status_code == 200
    refused = client.get(PERMALINK + "agreed/", {"q": "consideration of the question"})
    assert refused.status_code == 429 and "Too many phrase searches" in refused.text
    # Words without quotes, the reader, a refused phrase: none of them is an expensive lookup.
    assert client.get("/search/", {"q": "question"}).status_code == 200
    assert client.get("/search/", {"q": '"a b c"'}).status_code == 200


def test_a_comparison_is_built_once_for_every_anonymous_reader(client, series):  # noqa: F811
    url = "/resolutions/A/RES/77/194/compare/A/RES/75/158/"
    queries_of(client, url)
    again, sql = queries_of(Client(), url)
    assert again.status_code == 200
    assert "A/RES/77/194 compared with A/RES/75/158" in again.content.decode()
    assert len(sql) == 1  # the tokens, nothing else


def test_a_comparison_of_a_new_pair_is_within_the_address_s_budget(client, series, settings):  # noqa: F811
    budget(settings, lookup=(1, 60))
    assert client.get("/resolutions/A/RES/77/194/compare/A/RES/75/158/").status_code == 200
    refused = client.get("/resolutions/A/RES/77/194/compare/A/RES/75/158/?show=new")
    assert refused.status_code == 429


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_on_postgresql_a_statement_of_an_anonymous_lookup_stops_at_the_time_limit(db, settings):
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from web.budget import TooCostly, time_limited

    settings.ANONYMOUS_STATEMENT_TIMEOUT_MS = 20
    request = RequestFactory().get("/search/")
    request.user = AnonymousUser()
    with pytest.raises(TooCostly), time_limited(request), connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(0.5)")


# --- 3. page-cache memory amplification -----------------------------------------------------------


def test_junk_parameters_all_name_one_cached_page(resolution):
    for n in range(20):
        assert Client().get(READER, {"cb": n, "utm_source": "x" * 500}).status_code == 200
    assert len(pagecache.STORE) == 1
    plain, sql = queries_of(Client(), READER)
    assert len(sql) == 1  # served from the copy the junk requests made
    assert "cb=" not in plain.content.decode() and "utm_source" not in plain.content.decode()


def test_the_page_cache_keeps_to_its_size_in_bytes(resolution, settings):
    page = len(Client().get(READER).content)
    settings.PAGE_CACHE_BYTES = int(page * 2.5)
    for lang, notes in [("en", "all"), ("en", "public"), ("en", "team"), ("en", "mine")]:
        Client().get(READER, {"lang": lang, "notes": notes})
    assert 0 < pagecache.STORE.bytes <= settings.PAGE_CACHE_BYTES
    assert len(pagecache.STORE) <= 2


# --- 4. page-cache poisoning through the Host header -------------------------------------------


def test_a_host_header_and_forwarded_scheme_never_reach_the_cached_page(resolution, settings):
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
    for url in (READER, PERMALINK):
        for _ in range(3):
            Client().get(url, HTTP_HOST="127.0.0.1:1", HTTP_X_FORWARDED_PROTO="https")
        page = Client().get(url).content.decode()
        assert f'<link rel="canonical" href="http://testserver{url}">' in page
        assert "127.0.0.1:1" not in page and "https://" not in page.split("</head>")[0]


def test_exports_name_the_configured_site_whatever_host_was_asked(
    as_user, author, make_note, settings
):
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
    settings.SITE_URL = "https://reader.example.org"
    make_note(note="Mine")
    body = as_user(author).get("/annotations/export.csv", HTTP_HOST="127.0.0.1:1").text
    assert "https://reader.example.org/resolutions/A/RES/79/154/op26/" in body
    assert "127.0.0.1" not in body


# --- 5. a removed member renames a team's tag --------------------------------------------------


def test_a_removed_member_cannot_rename_a_tag_on_their_old_team_note(
    as_user, author, teammate, team, make_note
):
    note = make_note(by=teammate, note="Team view", visibility="team", team=team, tags=["ilo"])
    team.remove_member(teammate)
    response = as_user(teammate).post("/tags/ilo/rename/", {"name": "Propaganda"})
    assert response.status_code == 404
    assert note.tag_names() == ["ilo"]
    assert "Propaganda" not in as_user(author).get("/teams/gender-desk/").text


def test_a_removed_member_s_rename_still_reaches_their_own_private_notes(
    as_user, teammate, team, make_note
):
    kept = make_note(by=teammate, note="Team view", visibility="team", team=team, tags=["ilo"])
    own = make_note(by=teammate, note="Mine", tags=["ilo"])
    team.remove_member(teammate)
    assert as_user(teammate).post("/tags/ilo/rename/", {"name": "labour"}).status_code == 302
    assert (own.tag_names(), kept.tag_names()) == (["labour"], ["ilo"])


# --- 6. a NUL in a cookie -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cookie",
    ['sessionid="abcdefgh\\000ijklmnop"', "sessionid=abcdefgh\x00ijklmnop; csrftoken=x\x00"],
)
def test_a_nul_in_the_session_cookie_is_a_reader_who_is_not_signed_in(resolution, cookie):
    Client().get(READER)
    response, sql = queries_of(Client(), READER, HTTP_COOKIE=cookie)
    assert response.status_code == 200
    assert not any("django_session" in query for query in sql)
    assert "Sign in" in response.content.decode()


# --- 7. a formula after a space in a CSV cell -----------------------------------------------------


@pytest.mark.parametrize(
    ("note", "exported"),
    [
        ("x =1+1", "x '=1+1"),
        ("x  +cmd", "x  '+cmd"),
        ("a\u00a0@SUM(A1)", "a\u00a0'@SUM(A1)"),
        ("a|-2+3", "a|'-2+3"),
        ("a:=1", "a:'=1"),
        ("   =1", "   '=1"),
    ],
)
def test_a_formula_after_any_separator_a_spreadsheet_offers_stays_text(
    as_user, author, make_note, note, exported
):
    make_note(note=note)
    body = as_user(author).get("/annotations/export.csv").content.decode("utf-8-sig")
    assert next(iter(csv.DictReader(io.StringIO(body))))["note"] == exported


# --- 8. limits on teams, invitations and accounts -------------------------------------------------


def test_an_account_owns_at_most_so_many_teams(as_user, author, settings):
    settings.MAX_TEAMS_PER_ACCOUNT = 2
    client = as_user(author)
    for name in ("One", "Two"):
        assert client.post("/teams/", {"name": name}).status_code == 302
    refused = client.post("/teams/", {"name": "Three"})
    assert refused.status_code == 400
    assert "You own 2 teams, as many as one account may" in refused.text
    assert 'value="Three"' in refused.text
    assert Team.objects.filter(owner=author).count() == 2


def test_new_teams_past_the_hourly_budget_are_refused(as_user, author, settings):
    budget(settings, team=(1, 3600))
    client = as_user(author)
    assert client.post("/teams/", {"name": "One"}).status_code == 302
    assert client.post("/teams/", {"name": "Two"}).status_code == 429
    assert client.get("/teams/").status_code == 200  # reading is not spending


def test_a_team_holds_at_most_so_many_invitations_waiting(as_user, author, team, settings):
    settings.MAX_PENDING_INVITATIONS_PER_TEAM = 2
    client = as_user(author)
    for name in ("spam1", "spam2"):
        client.post("/teams/gender-desk/", {"username": name})
    refused = client.post("/teams/gender-desk/", {"username": "spam3"})
    assert refused.status_code == 400
    assert "Gender desk has 2 invitations waiting" in refused.text
    assert Invitation.objects.count() == 2


def test_invitations_past_the_hourly_budget_are_refused(as_user, author, team, settings):
    budget(settings, invite=(2, 3600))
    client = as_user(author)
    for name in ("spam1", "spam2"):
        assert client.post("/teams/gender-desk/", {"username": name}).status_code == 302
    assert client.post("/teams/gender-desk/", {"username": "spam3"}).status_code == 429
    assert Invitation.objects.count() == 2


def test_sign_ups_from_one_address_past_the_hourly_budget_are_refused(
    client, db, settings, fast_passwords, django_user_model
):
    budget(settings, signup=(2, 3600))

    def sign_up(name):
        data = {"username": name, "password1": PASSWORD, "password2": PASSWORD}
        return Client().post("/accounts/signup/", data)

    assert [sign_up(f"bot{n}").status_code for n in range(3)] == [302, 302, 429]
    assert django_user_model.objects.count() == 2
