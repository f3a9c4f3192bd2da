"""Team invitations in a real Chromium: the owner invites by username, the invitee accepts on
their Teams page and only then becomes a member. Found by role and label."""

from playwright.sync_api import expect

from tests.browser.test_annotations_notes import sign_in  # noqa: F401 - a fixture

TEAM = "/teams/gender-desk/"


def test_an_invited_reader_joins_the_team_only_when_they_accept(
    sign_in,  # noqa: F811
    live,
    team,
    outsider,
):
    owner = sign_in("amina")
    owner.goto(live + TEAM)
    owner.get_by_label("Username").fill("chen")
    owner.get_by_role("button", name="Add member").click()
    expect(owner.get_by_text("Invited “chen”.")).to_be_visible()
    members = owner.get_by_role("list").filter(has_text="amina (owner)")
    expect(members).not_to_contain_text("chen")

    # The same answer for a name no one has: nothing says which accounts exist.
    owner.get_by_label("Username").fill("nobody-here")
    owner.get_by_role("button", name="Add member").click()
    expect(owner.get_by_text("Invited “nobody-here”.")).to_be_visible()

    invitee = sign_in("chen")
    invitee.goto(live + "/teams/")
    invitee.get_by_role("button", name="Accept the invitation to Gender desk").click()
    expect(invitee).to_have_url(live + TEAM)
    expect(invitee.get_by_role("heading", name="Gender desk")).to_be_visible()
    expect(invitee.get_by_text("You are now a member of Gender desk.")).to_be_visible()
    expect(invitee.get_by_role("button", name="Leave team")).to_be_visible()

    owner.reload()
    expect(owner.get_by_role("button", name="Remove chen")).to_be_visible()
