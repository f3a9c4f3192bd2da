"""Search in a real browser: a symbol typed and submitted opens its paragraph, every match is a
page away, and on a phone the filters leave room for the first result."""

import os
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


@pytest.mark.parametrize("width", [1280, 390])
def test_a_paragraph_in_three_versions_shows_once_across_the_pages(browser: Browser, live, width):
    """A series of three versions sharing a paragraph, and 60 other paragraphs with the word:
    two pages of results, the shared paragraph on one of them only, its versions named."""
    from tests.library_rows import ROOT_CAUSES, TRAFFICKING, make

    previous = None
    for symbol in ("A/RES/75/158", "A/RES/77/194", "A/RES/79/154"):
        previous = make(symbol, TRAFFICKING, [("op1", ROOT_CAUSES)], previous_version=previous)
    make(
        "A/RES/79/300",
        "Oceans and the law of the sea",
        [(f"op{n}", f"Notes that vulnerable migrants face risk {n} at sea;") for n in range(1, 61)],
    )
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    shared = 0
    for number in (1, 2):
        page.goto(f"{live}/search/?q=vulnerable&page={number}")
        expect(page.get_by_role("status")).to_contain_text(
            "63 paragraphs match “vulnerable” (61 results)"
        )
        expect(page.get_by_role("navigation", name="Pages of results")).to_contain_text(
            f"Page {number} of 2"
        )
        found = page.get_by_role("link", name="A/RES/79/154, operative paragraph 1")
        shared += found.count()
        for older in ("A/RES/77/194", "A/RES/75/158"):
            expect(page.get_by_role("link", name=f"{older}, operative paragraph 1")).to_have_count(
                0
            )
        if found.count():
            expect(page.get_by_text("Also in 77/194, 75/158")).to_be_visible()
        # For a person to look at, when SCREENSHOTS_DIR is set.
        if folder := os.environ.get("SCREENSHOTS_DIR"):
            page.screenshot(path=f"{folder}/search-grouped-{width}-page{number}.png")
        assert Axe().run(page).violations_count == 0
    assert shared == 1
    context.close()
