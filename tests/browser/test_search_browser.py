"""Search in a real browser: a symbol typed and submitted opens its paragraph, and every match
is a page away."""

import re

from playwright.sync_api import Page, expect


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
    page.get_by_label("Language").select_option("fr")
    expect(page.get_by_role("status")).to_contain_text("0 paragraphs match “trafficking”")
    expect(page).to_have_url(re.compile(r"lang=fr"))
