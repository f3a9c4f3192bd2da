"""Teams: anyone creates one and owns it; the owner adds and removes members."""

from annotations.models import Team


def test_teams_ask_anonymous_visitors_to_sign_in(client, db):
    response = client.get("/teams/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_a_user_creates_a_team_and_becomes_its_owner_and_first_member(as_user, author):
    client = as_user(author)
    page = client.get("/teams/")
    assert ">Name</label>" in page.text and ">Create team</button>" in page.text
    response = client.post("/teams/", {"name": "  Legal   desk "})
    team = Team.objects.get()
    assert response.status_code == 302 and response.url == "/teams/legal-desk/"
    assert (team.name, team.owner) == ("Legal desk", author)
    assert list(team.members.all()) == [author]


def test_two_teams_with_the_same_name_get_different_slugs(as_user, author, outsider):
    as_user(author).post("/teams/", {"name": "Desk"})
    as_user(outsider).post("/teams/", {"name": "Desk"})
    assert sorted(Team.objects.values_list("slug", flat=True)) == ["desk", "desk-2"]


def test_a_team_needs_a_name(as_user, author):
    response = as_user(author).post("/teams/", {"name": "   "})
    assert response.status_code == 400
    assert "This field is required." in response.text


def test_the_owner_invites_a_member_by_username_who_joins_on_accepting(
    as_user, author, team, outsider
):
    client = as_user(author)
    page = client.get(f"/teams/{team.slug}/")
    assert ">Username or e-mail address</label>" in page.text
    assert ">Add member</button>" in page.text
    response = client.post(f"/teams/{team.slug}/", {"username": "CHEN"})
    assert response.status_code == 302
    assert not team.has_member(outsider)  # not without their consent
    assert "CHEN" in client.get(f"/teams/{team.slug}/").text  # listed as invited

    invitee = as_user(outsider)
    teams = invitee.get("/teams/")
    assert "Gender desk" in teams.text and ">Accept<" in teams.text
    assert invitee.get(f"/teams/{team.slug}/").status_code == 404  # not a member yet
    response = invitee.post(f"/teams/{team.slug}/accept/")
    assert response.status_code == 302 and response.url == f"/teams/{team.slug}/"
    assert team.has_member(outsider)
    assert ">Accept<" not in invitee.get("/teams/").text


def test_an_invitee_may_decline(as_user, author, team, outsider):
    as_user(author).post(f"/teams/{team.slug}/", {"username": "chen"})
    invitee = as_user(outsider)
    assert invitee.post(f"/teams/{team.slug}/decline/").status_code == 302
    assert not team.has_member(outsider)
    assert invitee.post(f"/teams/{team.slug}/accept/").status_code == 404


def test_only_the_invitee_can_accept_an_invitation(as_user, author, teammate, team, outsider):
    as_user(author).post(f"/teams/{team.slug}/", {"username": "chen"})
    third = type(outsider).objects.create_user("dara", password="a long passphrase 123")
    assert as_user(third).post(f"/teams/{team.slug}/accept/").status_code == 404
    assert as_user(third).get(f"/teams/{team.slug}/accept/").status_code == 405
    assert not team.has_member(third)


def test_inviting_says_the_same_whether_or_not_the_account_exists(as_user, author, team, outsider):
    """The answer never tells the owner which usernames exist."""
    client = as_user(author)

    def answer(username):
        response = client.post(f"/teams/{team.slug}/", {"username": username}, follow=True)
        said = [str(message).replace(username, "NAME") for message in response.context["messages"]]
        return response.redirect_chain, response.status_code, said

    assert answer("chen") == answer("nobody-at-all")
    assert not team.has_member(outsider)


def test_an_invitation_to_a_name_no_one_has_is_not_given_to_whoever_takes_the_name_later(
    as_user, author, team, django_user_model
):
    as_user(author).post(f"/teams/{team.slug}/", {"username": "later"})
    latecomer = django_user_model.objects.create_user("later", password="a long passphrase 123")
    client = as_user(latecomer)
    assert ">Accept<" not in client.get("/teams/").text
    assert client.post(f"/teams/{team.slug}/accept/").status_code == 404
    assert not team.has_member(latecomer)


def test_a_member_sees_the_team_page_but_may_not_add_members(as_user, teammate, team, outsider):
    client = as_user(teammate)
    page = client.get(f"/teams/{team.slug}/")
    assert page.status_code == 200 and "Add member" not in page.text
    assert client.post(f"/teams/{team.slug}/", {"username": "chen"}).status_code == 403
    assert not team.has_member(outsider)


def test_a_team_page_is_a_404_for_those_outside_it(as_user, outsider, staff, team):
    for user in (outsider, staff):
        assert as_user(user).get(f"/teams/{team.slug}/").status_code == 404


def test_the_team_page_lists_members_and_the_team_s_recent_notes(
    as_user, teammate, team, make_note
):
    make_note(note="Shared with the desk", visibility="team", team=team)
    make_note(note="Kept to myself")
    page = as_user(teammate).get(f"/teams/{team.slug}/")
    assert "amina" in page.text and "(owner)" in page.text and "bruno" in page.text
    assert "Shared with the desk" in page.text
    assert "Kept to myself" not in page.text


def test_only_the_owner_removes_others_and_the_owner_cannot_leave(
    as_user, author, teammate, outsider, team
):
    team.add_member(outsider)
    assert as_user(teammate).post(f"/teams/{team.slug}/members/chen/remove/").status_code == 403
    assert team.has_member(outsider)
    client = as_user(author)
    assert client.post(f"/teams/{team.slug}/members/chen/remove/").status_code == 302
    assert not team.has_member(outsider)
    assert client.post(f"/teams/{team.slug}/members/amina/remove/").status_code == 403


def test_a_member_leaves_a_team(as_user, teammate, team):
    response = as_user(teammate).post(f"/teams/{team.slug}/members/bruno/remove/")
    assert response.status_code == 302 and response.url == "/teams/"
    assert not team.has_member(teammate)


def test_the_team_list_shows_only_the_user_s_teams(as_user, teammate, outsider, team):
    Team.create(name="Someone else's", owner=outsider)
    page = as_user(teammate).get("/teams/")
    assert "Gender desk" in page.text and "Someone else" not in page.text


def test_the_team_list_makes_a_fixed_number_of_queries(as_user, author, django_assert_num_queries):
    client = as_user(author)
    for n in range(5):
        Team.create(name=f"Team {n}", owner=author)
    with django_assert_num_queries(4):  # session, user, teams, invitations
        client.get("/teams/")
