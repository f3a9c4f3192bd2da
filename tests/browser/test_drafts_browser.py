"""The compilation of a negotiation draft in a real Chromium, on a desk screen (1280 x 900) and a
phone (390 x 844): a member opens a paragraph in place and proposes for a delegation, records
another delegation's support, a facilitator marks a paragraph agreed ad ref; a change someone
else makes appears at the next poll without a reload; two facilitators deciding one paragraph at
once, the second is told and nothing is overwritten. Elements are found by role and label; axe
finds nothing. Screenshots go to SCREENSHOTS_DIR when it is set."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from playwright.sync_api import Browser, Page, expect

from drafts import workspace
from drafts.models import Proposal
from resolutions.models import MemberState
from tests.drafts.helpers import proposed

SIZES = {"desk": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=list(SIZES))
def screen(request):
    return request.param


def shoot(page: Page, name: str):
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def shoot_top(page: Page, name: str):
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def shoot_part(locator, name: str):
    """One part of a long page, as a person would look at it."""
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        locator.page.wait_for_timeout(500)  # htmx settles a swapped fragment
        Path(folder).mkdir(parents=True, exist_ok=True)
        locator.screenshot(path=str(Path(folder) / f"{name}.png"))


def no_violations(page: Page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def signed_in_page(browser: Browser, live: str, user, size: str) -> Page:
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=SIZES[size])
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live}]
    )
    return context.new_page()


@pytest.fixture
def facilitator(make_user, team):
    user = make_user("efua")
    team.add_member(user)
    return user


@pytest.fixture
def negotiation(live, bundled, team, author, teammate, facilitator):
    """A/RES/79/154 started as a draft, with a few proposals already on the table."""
    for name in ("Canada", "Mexico", "Norway"):
        MemberState.objects.get_or_create(name=name, defaults={"slug": name.lower()})
    draft = workspace.start_from(bundled, team=team, label="A/C.3/81/L.23, zero draft", user=author)
    draft.facilitators.add(facilitator)
    op1 = draft.paragraphs.get(pid="op1")
    made = proposed(
        op1,
        teammate,
        "Group of 77 and China",
        kind="amend",
        text=op1.text.replace("Takes note with appreciation of", "Welcomes"),
    )
    workspace.record_stance(made, delegation="Mexico", position="support", user=teammate)
    op2 = draft.paragraphs.get(pid="op2")
    proposed(op2, teammate, "Norway", kind="delete", reason="Covered by op5.")
    pp1 = draft.paragraphs.get(pid="pp1")
    workspace.set_status(pp1, status="agreed", user=author, opened_revision=1, opened_status="open")
    return draft


def test_a_member_proposes_in_place_and_a_facilitator_marks_status(
    browser: Browser, screen, negotiation, live, facilitator
):
    draft = negotiation
    page = signed_in_page(browser, live, facilitator, screen)
    page.goto(live + draft.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Trafficking in women and girls")
    expect(page.get_by_text("1 of ")).to_contain_text("agreed")
    no_violations(page)
    shoot_top(page, f"drafts-compilation-top-{screen}")
    shoot_part(page.locator("#row-op1"), f"drafts-row-op1-{screen}")

    # Propose a new wording to op25 for the European Union, in place.
    page.get_by_role("link", name="Propose or decide on OP 25").click()
    row = page.locator("#row-op25")
    form = row.get_by_role("group", name="Propose on OP 25")
    expect(form).to_be_visible()
    form.get_by_label("On behalf of").fill("European Union")
    wording = form.get_by_label("Wording", exact=True)
    text = wording.input_value()
    wording.fill("Strongly " + text[0].lower() + text[1:])
    form.get_by_role("button", name="Propose").click()
    proposal = row.get_by_role("listitem").filter(has_text="European Union")
    expect(proposal).to_contain_text("new wording")
    expect(proposal.get_by_role("insertion")).to_contain_text("Strongly")
    assert page.url.endswith(draft.get_absolute_url())  # no reload, no navigation

    # Canada supports it.
    stance = proposal.get_by_role("group", name="Record a delegation on the proposal of")
    stance.get_by_label("Delegation").fill("Canada")
    stance.get_by_label("Supports").check()
    stance.get_by_role("button", name="Record").click()
    expect(row.get_by_text("Supported by: Canada.")).to_be_visible()
    no_violations(page)
    shoot_part(row, f"drafts-row-editing-{screen}")

    # Mark op3 agreed ad ref, on its own page.
    page.goto(live + f"/drafts/{draft.slug}/op3/")
    status = page.get_by_role("group", name="Status of OP 3")
    status.get_by_label("Agreed ad ref").check()
    status.get_by_role("button", name="Set status").click()
    expect(page.locator("#row-op3").get_by_text("Agreed ad ref").first).to_be_visible()
    no_violations(page)
    shoot_top(page, f"drafts-paragraph-{screen}")

    page.goto(live + draft.get_absolute_url())
    expect(page.get_by_text("1 agreed ad ref")).to_be_visible()
    # Greyscale: status told by its word and mark, insertions and deletions by their lines.
    page.evaluate("() => { document.documentElement.style.filter = 'grayscale(1)'; }")
    lines = page.evaluate(
        """() => [getComputedStyle(document.querySelector('.proposal ins')).textDecorationLine,
                  getComputedStyle(document.querySelector('.proposal del')).textDecorationLine]"""
    )
    assert lines == ["underline", "line-through"]
    shoot_part(page.locator("#row-op1"), f"drafts-row-op1-greyscale-{screen}")
    shoot_part(page.locator("#row-op2"), f"drafts-row-op2-greyscale-{screen}")


def test_others_changes_appear_at_the_next_poll_and_a_second_facilitator_gets_a_conflict(
    browser: Browser, negotiation, live, author, facilitator
):
    draft = negotiation
    watcher = signed_in_page(browser, live, facilitator, "desk")
    watcher.clock.install()
    watcher.goto(live + draft.get_absolute_url())
    expect(watcher.get_by_text("Covered by op5.")).to_be_visible()
    op26 = draft.paragraphs.get(pid="op26")
    proposed(op26, author, "Arab Group", kind="retain", reason="Keep as adopted.")
    watcher.clock.fast_forward("00:11")
    expect(watcher.get_by_text("Keep as adopted.")).to_be_visible()

    # Two facilitators open op1 at once; the owner accepts the G77 wording first.
    other = signed_in_page(browser, live, author, "desk")
    # A clock of its own (the watcher's is frozen between polls) for the htmx swaps.
    watcher = signed_in_page(browser, live, facilitator, "desk")
    for page in (watcher, other):
        page.goto(live + f"/drafts/{draft.slug}/op1/")
    accept = other.get_by_role("button", name="Accept the proposal of Group of 77 and China")
    accept.click()
    expect(other.get_by_text("is accepted")).to_be_visible()
    status = watcher.get_by_role("group", name="Status of OP 1")
    status.get_by_label("Agreed", exact=True).check()
    status.get_by_role("button", name="Set status").click()
    expect(watcher.get_by_role("alert")).to_contain_text("Another facilitator changed")
    expect(watcher.locator("#row-op1 .draft-text")).to_contain_text("Welcomes")
    assert Proposal.objects.get(delegation="Group of 77 and China").state == "accepted"
    assert draft.paragraphs.get(pid="op1").status == "open"
