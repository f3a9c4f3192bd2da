"""Across the library in a real Chromium: two versions compared, the agreed-language panel (with
htmx, and as a page without JavaScript) and a Member State's votes; axe-core on each."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect


@pytest.fixture
def library(live, trafficking_versions):
    return live


COMPARE = "/resolutions/A/RES/79/154/compare/A/RES/77/194/"


def test_the_comparison_marks_what_changed_and_filters_by_status(page: Page, library):
    page.goto(library + "/resolutions/A/RES/79/154/")
    page.get_by_role("link", name="Compare with A/RES/77/194").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("compared with A/RES/77/194")
    # The first: each paragraph's wording through the series, folded, marks them again.
    expect(page.locator("ins", has_text="with appreciation").first).to_be_visible()
    expect(page.locator("del", has_text="seventy-ninth").first).to_be_visible()
    expect(
        page.get_by_role("listitem").filter(has_text="Encourages the collection")
    ).to_contain_text("New")
    page.get_by_role("link", name="1 new").click()
    expect(page.get_by_role("list").locator("li.compare-row")).to_have_count(1)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_where_else_adopted_opens_in_the_panel_and_finds_a_phrase(page: Page, library):
    page.goto(library + "/resolutions/A/RES/79/154/")
    page.evaluate("() => { window.__marker = 'same page'; }")
    page.get_by_role("link", name="Where else adopted (operative paragraph 2)").click()
    panel = page.get_by_role("region", name="Details")
    expect(panel.get_by_role("heading", name="Where else this wording was adopted")).to_be_focused()
    expect(panel).to_contain_text("2 paragraphs in English")
    expect(panel.get_by_role("link", name="A/RES/77/194, operative paragraph 2")).to_be_visible()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    panel.get_by_label("Phrase").fill("the report of the Secretary-General")
    panel.get_by_role("button", name="Find phrase").click()
    expect(panel.get_by_role("heading", name="Where else this phrase was adopted")).to_be_visible()
    expect(panel.locator("mark").first).to_have_text("the report of the Secretary-General")
    assert page.evaluate("() => window.__marker") == "same page"


def test_without_javascript_where_else_adopted_is_a_page(browser: Browser, library):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(library + "/resolutions/A/RES/79/154/")
    page.get_by_role("link", name="Where else adopted (operative paragraph 2)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Where else adopted: operative paragraph 2 of A/RES/79/154"
    )
    page.get_by_label("Phrase").fill("Takes note")
    page.get_by_role("button", name="Find phrase").click()
    expect(page.get_by_role("status")).to_contain_text("2 paragraphs in English")
    context.close()


def test_a_state_s_page_lists_its_votes_and_filters_them(page: Page, library):
    page.goto(library + "/resolutions/A/RES/79/154/")
    page.get_by_text("How each State voted, by regional group").click()
    page.get_by_role("link", name="Chile").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chile")
    expect(page.get_by_role("status")).to_contain_text("2 recorded votes: 1 in favour, 1 against")
    page.get_by_label("Session").select_option("77")
    expect(page.get_by_role("status")).to_contain_text("1 recorded vote in session 77")
    assert "session=77" in page.url
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize(
    "path",
    [
        "/resolutions/A/RES/79/154/",
        "/resolutions/A/RES/79/154/op2/agreed/",
        "/resolutions/A/RES/79/154/op2/agreed/?q=Takes+note",
        "/states/",
        "/subjects/",
        "/subjects/sdg-5/",
    ],
)
def test_the_lists_have_no_accessibility_violations(page: Page, library, path):
    page.goto(library + path)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
