"""Search in a real browser: a symbol typed and submitted opens its paragraph, every match is a
page away, and on a phone the filters leave room for the first result."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect


def test_a_symbol_typed_and_submitted_opens_its_paragraph(page: Page, live, bundled):
    page.goto(live + "/search/")
    box = page.get_by_label("Search paragraphs")
    box.fill("A/RES/79/154 op26")
    # While typing, the results offer the way without leaving the page.
    expect(page.get_by_role("link", name="A/RES/79/154, operative paragraph 26")).to_be_visible()
    box.press("Enter")
    expect(page).to_have_url(live + "/resolutions/A/RES/79/154/op26/")


def test_the_next_page_shows_the_matches_after_the_first_fifty(page: Page, live, make_resolution):
    make_resolution(60)
    page.goto(live + "/search/?q=report")
    pages = page.get_by_role("navigation", name="Pages of results")
    expect(pages).to_contain_text("Page 1 of 2")
    pages.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile(r"[?&]page=2$"))
    expect(pages).to_contain_text("Page 2 of 2")
    expect(page.get_by_role("link", name="A/RES/70/500, operative paragraph 60")).to_be_visible()
    pages.get_by_role("link", name="Previous page").click()
    expect(pages).to_contain_text("Page 1 of 2")


def test_a_language_chosen_searches_that_language(page: Page, live, bundled):
    page.goto(live + "/search/?q=trafficking")
    expect(page.get_by_role("status")).to_contain_text("match “trafficking”")
    page.get_by_label("Language", exact=True).select_option("fr")
    expect(page.get_by_role("status")).to_contain_text("0 paragraphs match “trafficking”")
    expect(page).to_have_url(re.compile(r"lang=fr"))


def first_result_top(page: Page) -> float:
    first = page.locator("#search-results").get_by_role("listitem").first
    expect(first).to_be_visible()
    return first.bounding_box()["y"]


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_on_a_phone_the_first_result_shows_on_the_first_screen(
    browser: Browser, live, trafficking_versions, javascript
):
    """The three filters (two sessions, a subject) take a row or two, not a screen."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto(live + "/search/")
    page.get_by_label("Search paragraphs").fill("trafficking")
    if not javascript:
        page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_contain_text("match “trafficking”")
    for name in ("Language", "Session", "Subject"):
        expect(page.get_by_label(name, exact=True)).to_be_visible()
    assert first_result_top(page) < 600
    if javascript:  # axe runs in the page; the page is the same without it
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
    context.close()


def test_on_a_desktop_the_filters_stand_in_one_row(browser: Browser, live, trafficking_versions):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live + "/search/?q=trafficking")
    tops = {
        round(page.get_by_label(name, exact=True).bounding_box()["y"])
        for name in ("Language", "Session", "Subject")
    }
    assert len(tops) == 1, tops
    assert first_result_top(page) < 500
    context.close()
