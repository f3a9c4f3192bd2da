"""Hardening: security headers, sign-in throttling, and CSRF on every URL that takes a POST."""

import logging
import re
import subprocess
import sys

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, include, path, resolve
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.decorators.csrf import csrf_exempt

from drafts import revisions, workspace
from resolutions.ingest.writer import ingest_parsed, source_checksum
from resolutions.models import Instrument, MemberState, Resolution, Subject
from resolutions.parsing import parse_resolution
from tests.test_ingest import BUNDLED

PASSWORD = "a long and unguessable passphrase"
PRIVATE_NOTE = "Private-note-7f3a of the team owner"
TEAM_NOTE = "Team-note-91c2 for the legal desk"


# --- headers -------------------------------------------------------------------------------


def test_pages_carry_the_production_security_headers(client, db):
    response = client.get("/accounts/login/", secure=True)
    assert response.status_code == 200
    headers = response.headers
    directives = {}
    for part in headers["Content-Security-Policy"].split(";"):
        name, _, sources = part.strip().partition(" ")
        directives[name] = sources
    assert directives["script-src"].split()[0] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]
    assert "unsafe-eval" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in headers["Strict-Transport-Security"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_cookies_are_secure_and_the_session_cookie_is_out_of_reach_of_scripts(
    client, django_user_model
):
    django_user_model.objects.create_user("amina", password=PASSWORD)
    response = client.post(
        "/accounts/login/", {"username": "amina", "password": PASSWORD}, secure=True
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert response.cookies["csrftoken"]["secure"]


def test_production_settings_send_plain_http_to_https():
    script = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/accounts/login/'); print(r.status_code, r.headers.get('Location'))"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "0",
        "SECRET_KEY": "s" * 20 + "-production-like-secret-key-with-enough-entropy-0123456789",
        "ALLOWED_HOSTS": "testserver",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.stdout.split() == ["301", "https://testserver/accounts/login/"], result.stderr


# --- sign-in throttling ----------------------------------------------------------------------


def sign_in(client, username, password, address):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def two_accounts(django_user_model):
    django_user_model.objects.create_user("amina", password=PASSWORD)
    django_user_model.objects.create_user("bruno", password=PASSWORD)


def test_a_wrong_password_says_so_and_keeps_the_username(client, two_accounts):
    response = sign_in(client, "amina", "wrong", "203.0.113.7")
    assert response.status_code == 200
    assert not signed_in(client)
    assert b'value="amina"' in response.content


def test_after_five_wrong_passwords_even_the_right_one_is_refused_with_a_clear_message(
    client, two_accounts
):
    for _ in range(5):
        sign_in(client, "amina", "wrong", "203.0.113.7")
    response = sign_in(client, "amina", PASSWORD, "203.0.113.7")
    assert response.status_code in {403, 429}
    assert b"Too many sign-in attempts" in response.content
    assert not signed_in(client)


def test_four_wrong_passwords_do_not_lock_the_account(client, two_accounts):
    for _ in range(4):
        sign_in(client, "amina", "wrong", "203.0.113.7")
    assert sign_in(client, "amina", PASSWORD, "203.0.113.7").status_code == 302
    assert signed_in(client)


def test_a_locked_account_does_not_lock_other_accounts_or_other_addresses(two_accounts):
    attacker = Client()
    for _ in range(6):
        sign_in(attacker, "amina", "wrong", "203.0.113.7")

    colleague = Client()
    assert sign_in(colleague, "bruno", PASSWORD, "203.0.113.7").status_code == 302
    owner_elsewhere = Client()
    assert sign_in(owner_elsewhere, "amina", PASSWORD, "198.51.100.20").status_code == 302
    assert signed_in(colleague) and signed_in(owner_elsewhere)


# --- CSRF on every URL ----------------------------------------------------------------------


def all_patterns(patterns=None, prefix=""):
    """Every URL pattern with its full route, through every include()."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + route_text(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from all_patterns(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern


def route_text(pattern) -> str:
    route = getattr(pattern, "_route", None)  # path() routes; re_path() ones have a regex
    return route if route is not None else pattern._regex


def fill(route: str, values: dict, pick_slug) -> str:
    """A path for the route, with each parameter taken from a real object."""
    missing = []

    def value(name: str) -> str:
        if name == "slug":
            return pick_slug(route)
        if name not in values:
            missing.append(name)
            return "?"
        return str(values[name])

    path = route
    # Regular-expression routes (the admin's): replace each named group, nesting included.
    while (start := path.find("(?P<")) != -1:
        name = path[start + 4 : path.index(">", start)]
        depth, end = 0, start
        for end in range(start, len(path)):
            depth += {"(": 1, ")": -1}.get(path[end], 0)
            if depth == 0:
                break
        path = path[:start] + value(name) + path[end + 1 :]
    # An Akoma Ntoso id (para_26) stands where a short paragraph id would.
    path = re.sub(
        r"<(?:([^>:]+):)?([^>]+)>",
        lambda m: "para_26" if m[1] == "akn" else value(m[2]),
        path,
    )
    path = path.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")
    if missing:
        pytest.fail(f"The CSRF test cannot fill {missing} in the URL pattern {route!r}: add them")
    return "/" + path


@pytest.fixture
def url_values(db, django_user_model):
    from annotations.models import Annotation, Tag, Team

    ingest_parsed(
        parse_resolution(BUNDLED.read_text(encoding="utf-8")),
        source_name=BUNDLED.name,
        checksum=source_checksum(BUNDLED.read_text(encoding="utf-8")),
    )
    resolution = Resolution.objects.get(symbol="A/RES/79/154")
    paragraph = resolution.paragraphs.get(pid="op26")
    owner = django_user_model.objects.create_user("amina", password=PASSWORD)
    member = django_user_model.objects.create_user("bruno", password=PASSWORD)
    team = Team.create(name="Legal desk", owner=owner)
    team.add_member(member)
    annotation = Annotation.objects.create(paragraph=paragraph, author=owner, note=PRIVATE_NOTE)
    Annotation.objects.create(
        paragraph=paragraph, author=owner, note=TEAM_NOTE, visibility="team", team=team
    )
    tag = Tag.objects.create(name="labour", slug="labour")
    annotation.tags.add(tag, through_defaults={"name": "labour"})
    instrument = Instrument.objects.filter(in_catalogue=True).first()
    state = MemberState.objects.create(name="Ghana", slug="ghana")
    subject = Subject.objects.create(scheme="SDG", label="Gender equality", slug="sdg-5")
    # A team's negotiation draft: its notes and a proposal's reason are the team's alone.
    draft = workspace.start_from(resolution, team=team, label="L.23", user=owner)
    on_op26 = draft.paragraphs.get(pid=paragraph.pid)
    workspace.add_note(on_op26, note=TEAM_NOTE, user=owner)
    proposal = workspace.propose(
        on_op26,
        kind="amend",
        delegation="European Union",
        text="Urges States to act.",
        reason=TEAM_NOTE,
        against_revision=on_op26.revision,
        user=owner,
    ).proposal
    revisions.issue(draft, owner)
    slugs = {
        "drafts": draft.slug,
        "teams": team.slug,
        "tags": tag.slug,
        "instruments": instrument.slug,
        "states": state.slug,
        "subjects": subject.slug,
    }

    def pick_slug(route: str) -> str:
        segment = route.lstrip("^").split("/", 1)[0]
        if segment not in slugs:
            pytest.fail(f"The CSRF test does not know which object's slug {route!r} takes")
        return slugs[segment]

    values = {
        "symbol": resolution.symbol,
        "other": resolution.symbol,
        "pid": paragraph.pid,
        "uuid": annotation.uuid,
        "username": member.username,
        "object_id": owner.pk,
        "id": owner.pk,
        "app_label": "auth",
        "content_type_id": ContentType.objects.get_for_model(Resolution).pk,
        "uidb64": urlsafe_base64_encode(force_bytes(owner.pk)),
        "token": default_token_generator.make_token(owner),
        "url": "anything/",
        "pk": proposal.pk,
        "number": 1,
        "a": 0,
        "b": 1,
    }
    return owner, values, pick_slug


def posts_let_through(owner, values, pick_slug, caplog) -> tuple[list[str], int]:
    """POST without a token to every URL pattern; those that did not refuse it for CSRF."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    checked, let_through = 0, []
    for route, _pattern in all_patterns():
        path = fill(route, values, pick_slug)
        # A pattern another one shadows (auth's own login/ behind ours) is unreachable; the
        # POST then tests the view that does answer, which is what an attacker would reach.
        resolve(path)
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="django.security.csrf"):
            response = client.post(path, {"note": "x", "name": "x"})
        # Refused for the missing token itself, not for a missing Referer or a permission.
        refused_for_csrf = response.status_code == 403 and any(
            record.name == "django.security.csrf" and "CSRF cookie not set" in record.getMessage()
            for record in caplog.records
        )
        if not refused_for_csrf:
            let_through.append(f"{route} -> {response.status_code}")
        checked += 1
    return let_through, checked


def test_every_url_refuses_a_post_without_a_csrf_token(url_values, caplog):
    let_through, checked = posts_let_through(*url_values, caplog)
    assert not let_through, "POST without a CSRF token accepted by: " + ", ".join(let_through)
    assert checked > 20  # the admin's and auth's URLs and ours


@csrf_exempt
def careless_endpoint(request):
    return HttpResponse("written")


urlpatterns = [path("careless/", careless_endpoint), path("", include("config.urls"))]


@override_settings(ROOT_URLCONF=__name__)
def test_the_enumeration_catches_a_new_endpoint_without_csrf_protection(url_values, caplog):
    let_through, _ = posts_let_through(*url_values, caplog)
    assert let_through == ["careless/ -> 200"]


def test_a_post_with_the_csrf_token_gets_through(client, django_user_model, caplog):
    django_user_model.objects.create_user("amina", password=PASSWORD)
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/", secure=True)
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/accounts/login/",
        {"username": "amina", "password": PASSWORD, "csrfmiddlewaretoken": token},
        secure=True,
        headers={"Referer": "https://testserver/accounts/login/"},
    )
    assert response.status_code == 302


# --- visibility on every URL ----------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_no_url_shows_a_private_note_to_anyone_else_or_a_team_note_outside_the_team(
    url_values, django_user_model, htmx
):
    _owner, values, pick_slug = url_values
    outsider = django_user_model.objects.create_user("carla", password=PASSWORD)
    member = django_user_model.objects.get(username="bruno")
    viewers = {"a passer-by": Client(), "someone outside the team": Client(), "a member": Client()}
    viewers["someone outside the team"].force_login(outsider)
    viewers["a member"].force_login(member)
    headers = {"HX-Request": "true"} if htmx else {}
    leaks, seen_by_member = [], 0
    for route, _pattern in all_patterns():
        path = fill(route, values, pick_slug)
        for who, client in viewers.items():
            response = client.get(path, headers=headers)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if PRIVATE_NOTE.encode() in body:
                leaks.append(f"{path} shows the private note to {who}")
            if TEAM_NOTE.encode() in body and who != "a member":
                leaks.append(f"{path} shows the team note to {who}")
            seen_by_member += who == "a member" and TEAM_NOTE.encode() in body
    assert not leaks, "\n".join(leaks)
    assert seen_by_member  # the notes are there to be seen, by those allowed
