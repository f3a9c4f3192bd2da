"""Votes and subjects in a real Chromium at a desk's and a phone's width: the tally and the
regional groups on the reader, the changes since the previous version folded until asked for,
a State's votes filtered, two States side by side, and the subjects with the agenda filter;
axe-core on each."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.library_rows import subject

SIZES = {"desk": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=list(SIZES))
def sized(request, page: Page):
    page.set_viewport_size(SIZES[request.param])
    return page


@pytest.fixture
def library(live, trafficking_versions):
    older, newer = trafficking_versions
    subject(newer, "agenda", "Advancement of women", "agenda-advancement-of-women")
    subject(newer, "SDG", "SDG 10", "sdg-10")
    subject(older, "SDG", "SDG 2", "sdg-2")
    return live


def no_violations(page: Page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_the_vote_reads_at_a_glance_with_the_changes_folded(sized: Page, library):
    page = sized
    page.goto(library + "/resolutions/A/RES/79/154/")
    tally = page.get_by_role("list", name="Tally")
    expect(tally).to_contain_text("1 in favour")
    expect(tally).to_contain_text("2 against")
    expect(tally).to_contain_text("189 absent or not voting")
    changes = page.get_by_text("Chile (in favour → against)")
    expect(changes).to_be_hidden()
    page.get_by_text("1 State voted otherwise this time").click()
    expect(changes).to_be_visible()
    page.get_by_text("How each State voted, by regional group").click()
    region = page.get_by_role("region", name="Latin American and Caribbean States")
    expect(region).to_contain_text("Against (1): Chile")
    expect(region).to_contain_text("Absent or not voting (32)")
    no_violations(page)


def test_a_state_s_votes_filter_by_vote_and_mark_the_majority(sized: Page, library):
    page = sized
    # On 79/154 most States voted against; Ghana voted in favour.
    page.goto(library + "/states/ghana/")
    expect(page.get_by_role("status")).to_contain_text("1 against the majority")
    page.get_by_label("Vote").select_option(label="Against the majority")
    expect(page.get_by_role("status")).to_contain_text("Showing 1 against the majority")
    expect(page.get_by_role("row").filter(has_text="A/RES/79/154")).to_contain_text(
        "against the majority"
    )
    assert "vote=against_majority" in page.url
    no_violations(page)


def test_two_states_side_by_side(sized: Page, library):
    page = sized
    page.goto(library + "/states/chile/")
    page.get_by_role("link", name="Compare Chile with another State").click()
    page.get_by_label("Second State").select_option(label="Ghana")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chile and Ghana")
    expect(page.get_by_role("status")).to_contain_text(
        "On 2 recorded votes both cast, they voted alike 1 time (50%) and differently 1 time."
    )
    expect(page.get_by_role("row").filter(has_text="A/RES/79/154")).to_contain_text(
        "Against In favour"
    )
    no_violations(page)


def test_the_subjects_are_named_and_the_library_filters_by_agenda_item(sized: Page, library):
    page = sized
    page.goto(library + "/subjects/")
    expect(
        page.get_by_role("heading", name="SDG, assigned automatically by the UN")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Goal 2: Zero hunger")).to_be_visible()
    no_violations(page)
    page.goto(library + "/")
    page.get_by_text("Filter by session, committee, subject, agenda item").click()
    page.get_by_label("Agenda item").select_option(label="Advancement of women")
    expect(page.get_by_role("status")).to_contain_text("1 resolution matches these filters")
    assert "agenda=agenda-advancement-of-women" in page.url
    no_violations(page)
