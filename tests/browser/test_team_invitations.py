"""Team invitations in a real Chromium: the owner invites by username, the invitee accepts on
their Teams page and only then becomes a member; an invitation by e-mail accepted after signing
up; a signed-out colleague reaching a team note through sign-in. Found by role and label."""

import os
import re

from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from playwright.sync_api import expect

from tests.browser.test_annotations_notes import PASSWORD, sign_in  # noqa: F401 - a fixture

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
    expect(invitee.get_by_role("link", name="Teams 1 invitations waiting")).to_be_visible()
    shoot(invitee, "teams-invited")
    invitee.get_by_role("button", name="Accept the invitation to Gender desk").click()
    expect(invitee).to_have_url(live + TEAM)
    expect(invitee.get_by_role("heading", name="Gender desk")).to_be_visible()
    expect(invitee.get_by_text("You are now a member of Gender desk.")).to_be_visible()
    expect(invitee.get_by_role("button", name="Leave team")).to_be_visible()

    owner.reload()
    expect(owner.get_by_role("button", name="Remove chen")).to_be_visible()


def check_axe(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def shoot(page, name):
    """With SCREENSHOT_DIR set, the page at a desk's and a phone's width, to look at."""
    if folder := os.environ.get("SCREENSHOT_DIR"):
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})


def test_an_invitation_by_e_mail_is_accepted_after_signing_up(
    sign_in,  # noqa: F811
    live,
    team,
    make_note,
):
    make_note(note="Shared with the desk", visibility="team", team=team, tags=["gender"])
    owner = sign_in("amina")
    owner.goto(live + TEAM)
    owner.get_by_label("Username").fill("dora@example.org")
    owner.get_by_role("button", name="Add member").click()
    expect(owner.get_by_text("Invited “dora@example.org”.")).to_be_visible()
    check_axe(owner)
    shoot(owner, "team")
    owner.goto(live + "/annotations/")
    expect(owner.get_by_role("heading", name="A/RES/79/154")).to_be_visible()
    check_axe(owner)
    shoot(owner, "my-notes")

    assert [message.to for message in mail.outbox] == [["dora@example.org"]]
    link = re.search(r"https?://\S+(/teams/invitations/\S+/)", mail.outbox[0].body).group(1)
    dora = sign_in(None)
    dora.goto(live + link)
    expect(dora.get_by_role("heading", name="Create an account")).to_be_visible()
    expect(dora.get_by_label("Email")).to_have_value("dora@example.org")
    dora.get_by_label("Username").fill("dora")
    dora.get_by_label("Password", exact=True).fill("a long enough passphrase 42")
    dora.get_by_label("Password confirmation").fill("a long enough passphrase 42")
    dora.get_by_role("button", name="Create account").click()
    expect(dora.get_by_role("heading", name="Invitation to Gender desk")).to_be_visible()
    check_axe(dora)
    dora.get_by_role("button", name="Accept").click()
    expect(dora).to_have_url(live + TEAM)
    expect(dora.get_by_text("You are now a member of Gender desk.")).to_be_visible()
    expect(dora.get_by_text("Shared with the desk")).to_be_visible()


def test_a_signed_out_colleague_reaches_a_team_note_after_signing_in(
    sign_in,  # noqa: F811
    live,
    team,
    make_note,
):
    note = make_note(note="For the desk only", visibility="team", team=team)
    colleague = sign_in(None)
    colleague.goto(live + note.get_absolute_url())
    expect(colleague.get_by_role("heading", name="Sign in")).to_be_visible()
    check_axe(colleague)
    colleague.get_by_label("Username").fill("bruno")
    colleague.get_by_label("Password").fill(PASSWORD)
    colleague.get_by_role("button", name="Sign in").click()
    expect(colleague).to_have_url(live + note.get_absolute_url())
    expect(colleague.get_by_text("For the desk only")).to_be_visible()
    check_axe(colleague)


def test_a_reader_link_to_a_team_note_asks_a_signed_out_colleague_to_sign_in(
    sign_in,  # noqa: F811
    live,
    team,
    make_note,
):
    note = make_note(note="For the desk only", visibility="team", team=team)
    reader_link = note.paragraph.get_absolute_url() + "#" + note.dom_id
    colleague = sign_in(None)
    colleague.goto(live + reader_link)
    notice = colleague.get_by_role("status").filter(has_text="The note this link points to")
    expect(notice).to_be_visible()
    expect(colleague.get_by_text("For the desk only")).to_have_count(0)
    check_axe(colleague)
    notice.get_by_role("link", name="Sign in").click()
    colleague.get_by_label("Username").fill("bruno")
    colleague.get_by_label("Password").fill(PASSWORD)
    colleague.get_by_role("button", name="Sign in").click()
    expect(colleague).to_have_url(live + reader_link)
    expect(colleague.locator("#" + note.dom_id)).to_contain_text("For the desk only")
    expect(colleague.get_by_text("The note this link points to")).to_be_hidden()


def test_a_public_note_link_shows_no_sign_in_notice(sign_in, live, make_note):  # noqa: F811
    note = make_note(note="For everyone", visibility="public")
    reader = sign_in(None)
    reader.goto(live + note.paragraph.get_absolute_url() + "#" + note.dom_id)
    expect(reader.locator("#" + note.dom_id)).to_contain_text("For everyone")
    expect(reader.get_by_text("The note this link points to")).to_be_hidden()
