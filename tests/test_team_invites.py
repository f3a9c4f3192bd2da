"""Teams that invite: by username or e-mail address, with a mail and a notice in the app; a link
that works through sign-up; a colleague's note link that asks a stranger to sign in; new notes
in the visibility last used; sign-up that keeps the page; My notes grouped and filtered."""

import re
import uuid

import pytest
from django.core import mail
from django.test import Client

from annotations.models import Annotation, Invitation

HTMX = {"HX-Request": "true"}


def link_in(message) -> str:
    return re.search(r"https?://\S+(/teams/invitations/[0-9a-f-]+/)", message.body).group(1)


# Inviting ------------------------------------------------------------------------------------


def test_an_address_is_mailed_a_link_that_leads_through_sign_up_to_the_team(
    as_user, author, team, client
):
    owner = as_user(author)
    response = owner.post(f"/teams/{team.slug}/", {"username": "  Dora@Example.org "})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["Dora@Example.org"]]
    assert "Gender desk" in mail.outbox[0].subject and "amina" in mail.outbox[0].body
    assert "Dora@Example.org" in owner.get(f"/teams/{team.slug}/").text  # listed as invited
    link = link_in(mail.outbox[0])

    client.logout()
    response = client.get(link)
    assert response.status_code == 302 and response.url.startswith("/accounts/signup/?next=")
    signup = client.get(response.url)
    assert 'value="Dora@Example.org"' in signup.text  # the address is filled in
    assert f'name="next" value="{link}"' in signup.text
    response = client.post(
        response.url,
        {
            "username": "dora",
            "email": "Dora@Example.org",
            "password1": "a long enough passphrase 42",
            "password2": "a long enough passphrase 42",
            "next": link,
        },
    )
    assert response.status_code == 302 and response.url == link
    page = client.get(link)
    assert "Invitation to Gender desk" in page.text and ">Accept</button>" in page.text
    response = client.post(link, {"answer": "accept"})
    assert response.status_code == 302 and response.url == f"/teams/{team.slug}/"
    assert team.members.filter(username="dora").exists()
    # Used once: the link is gone, for its holder and for anyone else.
    assert client.get(link).status_code == 404
    assert as_user(author).get(link).status_code == 404


def test_a_username_invitation_mails_the_account_and_shows_in_the_header_and_on_teams(
    as_user, author, team, make_user
):
    invitee = make_user("emil", email="emil@example.org")
    as_user(author).post(f"/teams/{team.slug}/", {"username": "EMIL"})
    assert [m.to for m in mail.outbox] == [["emil@example.org"]]
    client = as_user(invitee)
    home = client.get("/annotations/")
    assert re.search(r">Teams <span class=\"badge\">1<", home.text)
    teams = client.get("/teams/")
    assert "Gender desk" in teams.text and ">Accept<" in teams.text
    assert client.post(f"/teams/{team.slug}/accept/").status_code == 302
    assert team.has_member(invitee)
    assert 'class="badge"' not in client.get("/annotations/").text


def test_the_owner_is_told_the_same_whoever_is_invited_and_nothing_is_mailed_twice(
    as_user, author, team, outsider
):
    owner = as_user(author)
    told = []
    for target in ("chen", "nobody-here", "someone@example.org", "someone@example.org"):
        response = owner.post(f"/teams/{team.slug}/", {"username": target}, follow=True)
        told.append(
            response.text.split('class="messages"')[1].split("</ul>")[0].replace(target, "X")
        )
    assert len(set(told)) == 1
    # chen has no address; the unknown name has none either; the address once, not twice.
    assert [m.to for m in mail.outbox] == [["someone@example.org"]]


def test_an_invitation_link_is_only_for_its_account_or_its_address(
    as_user, author, team, outsider, make_user
):
    as_user(author).post(f"/teams/{team.slug}/", {"username": "chen"})
    invitation = Invitation.objects.get(username="chen")
    stranger = make_user("eve", email="chen@example.org")
    assert as_user(stranger).get(invitation.get_absolute_url()).status_code == 404
    assert (
        as_user(stranger).post(invitation.get_absolute_url(), {"answer": "accept"}).status_code
        == 404
    )
    assert not team.has_member(stranger)
    # Made-up tokens lead nowhere, signed in; signed out they ask to sign up, like real ones.
    fake = f"/teams/invitations/{uuid.uuid4()}/"
    assert as_user(outsider).get(fake).status_code == 404
    page = as_user(outsider).get(invitation.get_absolute_url())
    assert page.status_code == 200 and ">Accept</button>" in page.text


def test_an_invitation_declined_through_its_link_is_gone(as_user, author, team, outsider):
    as_user(author).post(f"/teams/{team.slug}/", {"username": "chen"})
    url = Invitation.objects.get().get_absolute_url()
    client = as_user(outsider)
    assert client.post(url, {"answer": "maybe"}).status_code == 400
    assert Invitation.objects.exists()
    response = client.post(url, {"answer": "decline"})
    assert response.status_code == 302 and not team.has_member(outsider)
    assert not Invitation.objects.exists()


def test_the_invitation_link_refuses_other_methods_and_writes_without_csrf(author, team, outsider):
    invitation, _ = team.invite("chen", by=author)
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(outsider)
    url = invitation.get_absolute_url()
    assert csrf_client.post(url, {"answer": "accept"}).status_code == 403
    plain = Client()
    plain.force_login(outsider)
    assert plain.put(url).status_code == 405 and plain.delete(url).status_code == 405
    assert not team.has_member(outsider)


def test_only_the_owner_invites(as_user, author, team, teammate, outsider):
    assert (
        as_user(teammate).post(f"/teams/{team.slug}/", {"username": "x@example.org"}).status_code
        == 403
    )
    assert (
        as_user(outsider).post(f"/teams/{team.slug}/", {"username": "x@example.org"}).status_code
        == 404
    )
    assert not Invitation.objects.exists() and not mail.outbox


def test_invitation_mails_are_rate_limited(as_user, author, team, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "invite": (2, 3600)}
    owner = as_user(author)
    statuses = [
        owner.post(f"/teams/{team.slug}/", {"username": f"p{n}@example.org"}).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert len(mail.outbox) == 2 and Invitation.objects.count() == 2


# A colleague's link ---------------------------------------------------------------------------


def test_a_signed_out_colleague_on_a_team_note_signs_in_and_sees_it(
    client, author, team, teammate, make_note
):
    note = make_note(by=author, note="Team words", visibility="team", team=team)
    response = client.get(note.get_absolute_url())
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next=/annotations/{note.uuid}/"
    fragment = client.get(note.get_absolute_url(), headers=HTMX)
    assert fragment.headers["HX-Redirect"].startswith("/accounts/login/?next=")
    # Any note's address asks the same, so a stranger learns nothing of which exist.
    unknown = client.get(f"/annotations/{uuid.uuid4()}/")
    assert unknown.status_code == 302 and unknown.url.startswith("/accounts/login/?next=")
    signed = client.post(
        response.url,
        {
            "username": "bruno",
            "password": "correct horse battery staple",
            "next": note.get_absolute_url(),
        },
    )
    assert signed.status_code == 302 and signed.url == note.get_absolute_url()
    assert "Team words" in client.get(signed.url).text


def test_a_signed_in_outsider_still_finds_nothing(as_user, author, team, outsider, make_note):
    note = make_note(by=author, visibility="team", team=team)
    assert as_user(outsider).get(note.get_absolute_url()).status_code == 404


# The visibility last used --------------------------------------------------------------------


def test_a_new_note_starts_with_the_visibility_last_used(as_user, author, team, op26):
    client = as_user(author)
    form_url = f"/resolutions/{op26.resolution.symbol}/{op26.pid}/notes/new/"
    selected = re.compile(r'<option value="([^"]+)" selected>')
    assert selected.search(client.get(form_url).text).group(1) == "private"
    client.post(
        f"/resolutions/{op26.resolution.symbol}/{op26.pid}/notes/",
        {"note": "For the desk", "visibility": f"team:{team.slug}", "tags": ""},
    )
    assert Annotation.objects.get().team == team
    assert selected.search(client.get(form_url).text).group(1) == f"team:{team.slug}"
    assert selected.search(client.get(form_url, headers=HTMX).text).group(1) == f"team:{team.slug}"


def test_a_team_left_since_is_not_the_default(as_user, author, teammate, team, op26):
    client = as_user(teammate)
    client.post(
        f"/resolutions/{op26.resolution.symbol}/{op26.pid}/notes/",
        {"note": "x", "visibility": f"team:{team.slug}", "tags": ""},
    )
    team.remove_member(teammate)
    page = client.get(f"/resolutions/{op26.resolution.symbol}/{op26.pid}/notes/new/")
    assert '<option value="private" selected>' in page.text


# Sign up keeps the page ----------------------------------------------------------------------


def test_sign_up_in_the_header_keeps_the_page(client, db, fast_passwords):
    page = client.get("/search/?q=women")
    assert 'href="/accounts/signup/?next=/search/%3Fq%3Dwomen"' in page.text
    signup = client.get("/accounts/signup/?next=/search/%3Fq%3Dwomen")
    assert 'href="/accounts/login/?next=/search/%3Fq%3Dwomen"' in signup.text
    fields = {"username": "fatou", "password1": "a long enough passphrase 42"}
    fields["password2"] = fields["password1"]
    response = client.post("/accounts/signup/", {**fields, "next": "/search/?q=women"})
    assert response.status_code == 302 and response.url == "/search/?q=women"


def test_sign_up_refuses_to_send_anyone_elsewhere(client, db, fast_passwords):
    fields = {"username": "gil", "password1": "a long enough passphrase 42"}
    fields["password2"] = fields["password1"]
    response = client.post("/accounts/signup/", {**fields, "next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == "/"


# My notes ------------------------------------------------------------------------------------


@pytest.fixture
def two_resolutions(op26, make_resolution):
    other = make_resolution(2, symbol="A/RES/70/501")
    return op26, other.paragraphs.order_by("position").first()


def test_my_notes_are_grouped_by_resolution_and_filtered_by_team_and_tag(
    as_user, author, team, make_note, two_resolutions
):
    first, second = two_resolutions
    make_note(first, note="Alpha", tags=["gender"])
    make_note(second, note="Beta", visibility="team", team=team)
    make_note(second, note="Gamma", tags=["gender"])
    client = as_user(author)
    page = client.get("/annotations/").text
    headings = re.findall(r'<h2 id="group-\d+">([^<]+)', page)
    assert [h.strip() for h in headings] == ["A/RES/70/501", first.resolution.symbol]
    assert page.index("Beta") < page.index("Gamma") < page.index("Alpha")
    assert '<option value="gender-desk">Gender desk</option>' in page
    by_team = client.get(f"/annotations/?team={team.slug}").text
    assert "Beta" in by_team and "Alpha" not in by_team and "Gamma" not in by_team
    assert f'<option value="{team.slug}" selected>' in by_team
    by_tag = client.get("/annotations/?tag=gender").text
    assert "Alpha" in by_tag and "Gamma" in by_tag and "Beta" not in by_tag


def test_my_notes_cost_the_same_queries_however_many_notes_and_groups(
    as_user, author, team, make_note, two_resolutions, django_assert_num_queries
):
    client = as_user(author)
    first, second = two_resolutions
    make_note(first, tags=["a"])
    with django_assert_num_queries(7):
        client.get("/annotations/")
    for n in range(10):
        make_note(second if n % 2 else first, tags=["a", f"t{n}"], visibility="team", team=team)
    with django_assert_num_queries(7):
        client.get("/annotations/")
    with django_assert_num_queries(7):
        client.get(f"/annotations/?team={team.slug}&tag=a")


@pytest.mark.django_db(transaction=True)
def test_invitations_waiting_before_the_upgrade_get_links_of_their_own():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("annotations", "0005_tags_spelling")]
    after = [("annotations", "0006_teams_invitation_email_token")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    User = apps.get_model("auth", "User")
    Team = apps.get_model("annotations", "Team")
    Invitation = apps.get_model("annotations", "Invitation")
    owner = User.objects.create(username="owner")
    team = Team.objects.create(name="Desk", slug="desk", owner=owner)
    for name in ("one", "two", "three"):
        Invitation.objects.create(team=team, username=name, username_key=name)

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    Invitation = executor.loader.project_state(after).apps.get_model("annotations", "Invitation")
    tokens = list(Invitation.objects.values_list("token", flat=True))
    assert len(set(tokens)) == 3 and None not in tokens
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
