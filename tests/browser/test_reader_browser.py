"""The reader in a real Chromium: permalinks, footnote and instrument panels, cross-links, the
page without JavaScript, copying links, and an axe-core check of every page. Elements are
found by role and label, as a screen reader finds them."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

READER = "/resolutions/A/RES/79/154/"
OP26 = READER + "op26/"
MARK = "rgb(255, 243, 196)"  # --mark in reader.css


@pytest.fixture
def reader(page: Page, live, bundled):
    page.goto(live + READER)
    page.evaluate("() => { window.__marker = 'same page'; }")
    return page


def same_page(page: Page) -> bool:
    return page.evaluate("() => window.__marker") == "same page"


def background(locator) -> str:
    return locator.evaluate("element => getComputedStyle(element).backgroundColor")


def test_a_permalink_opens_the_reader_scrolled_to_the_paragraph_and_marks_it(
    page: Page, live, bundled
):
    page.goto(live + OP26)
    expect(page).to_have_title("A/RES/79/154, operative paragraph 26 · Resolution Reader")
    number = page.get_by_role("link", name="Operative paragraph 26", exact=True)
    expect(number).to_be_in_viewport()
    marked = page.locator("[aria-current=location]")
    expect(marked).to_have_count(1)
    expect(marked).to_contain_text("Urges all Governments to criminalize")
    assert background(marked) == MARK


def test_a_link_to_a_quote_shows_the_quoted_words_rather_than_the_paragraph_s_start(
    browser: Browser, live, bundled
):
    context = browser.new_context(viewport={"width": 1000, "height": 480})
    page = context.new_page()
    page.goto(live + READER + "op5/#:~:text=Domestic%20Workers%20Convention")
    expect(page.get_by_text("Domestic Workers Convention, 2011")).to_be_in_viewport()
    context.close()


def test_a_hash_on_the_reader_scrolls_to_and_marks_the_paragraph(page: Page, live, bundled):
    page.goto(live + READER + "#op26")
    expect(page.get_by_role("link", name="Operative paragraph 26", exact=True)).to_be_in_viewport()
    assert page.evaluate("() => document.querySelector(':target').id") == "op26"
    assert (
        page.evaluate("() => getComputedStyle(document.querySelector(':target')).backgroundColor")
        == MARK
    )


def test_a_footnote_opens_in_a_panel_on_the_same_page_and_escape_returns_focus(reader: Page):
    marker = reader.get_by_role("link", name="Footnote 1", exact=True)
    marker.click()
    panel = reader.get_by_role("region", name="Details")
    expect(panel).to_be_visible()
    heading = panel.get_by_role("heading", name="Footnote 1")
    expect(heading).to_be_focused()
    expect(panel).to_contain_text("United Nations, Treaty Series, vol. 2225, No. 39574.")
    # The open footnote has its own address, the footnote's page, on the same page.
    assert reader.url.endswith(READER + "fn1/") and same_page(reader)
    reader.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(marker).to_be_focused()
    assert reader.url.endswith(READER) and same_page(reader)


def test_the_keyboard_alone_opens_and_closes_a_footnote(reader: Page):
    marker = reader.get_by_role("link", name="Footnote 3", exact=True)
    marker.focus()
    reader.keyboard.press("Enter")
    panel = reader.get_by_role("region", name="Details")
    expect(panel.get_by_role("heading", name="Footnote 3")).to_be_focused()
    reader.keyboard.press("Tab")
    expect(panel.get_by_role("link").first).to_be_focused()
    reader.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(marker).to_be_focused()


def test_a_panel_that_cannot_load_falls_back_to_its_page(reader: Page, live):
    reader.route(
        "**/instruments/a-res-73-195/",
        lambda route: (
            route.fulfill(status=500)
            if route.request.headers.get("hx-request")
            else route.continue_()
        ),
    )
    reader.get_by_role("link", name="resolution 73/195").click()
    expect(reader).to_have_url(live + "/instruments/a-res-73-195/")
    expect(reader.get_by_role("heading", level=1)).to_have_text("Resolution 73/195")


def test_an_instrument_opens_in_the_panel_with_the_paragraphs_citing_it(reader: Page):
    mention = reader.get_by_role("link", name="resolution 73/195")
    mention.click()
    panel = reader.get_by_role("region", name="Details")
    expect(panel.get_by_role("heading", level=2)).to_be_focused()
    expect(panel.get_by_role("heading", name="This resolution")).to_be_visible()
    expect(panel.get_by_role("link", name="Preambular paragraph 10")).to_be_visible()
    assert reader.url.endswith("/instruments/a-res-73-195/") and same_page(reader)
    panel.get_by_role("button", name="Close").click()
    expect(panel).to_be_hidden()
    expect(mention).to_be_focused()
    assert reader.url.endswith(READER) and same_page(reader)


def test_a_footnote_s_instrument_opens_in_the_same_panel_and_the_way_back_leads_to_the_marker(
    reader: Page,
):
    marker = reader.get_by_role("link", name="Footnote 22", exact=True)
    marker.click()
    panel = reader.get_by_role("region", name="Details")
    expect(panel.get_by_role("heading", name="Footnote 22")).to_be_focused()
    panel.get_by_role("link", name="Back to operative paragraph 5").click()
    expect(panel).to_be_hidden()
    expect(marker).to_be_focused()
    marker.click()
    panel.get_by_role("link").filter(has_text="Optional Protocol").first.click()
    expect(panel.get_by_role("heading", level=2)).to_contain_text("Optional Protocol")
    reader.keyboard.press("Escape")
    expect(marker).to_be_focused()
    assert same_page(reader)


def test_a_resolution_the_library_holds_is_a_link_to_its_reader(reader: Page, live, global_plan):
    reader.reload()
    reader.get_by_role("link", name="resolution 64/293", exact=True).click()
    expect(reader).to_have_url(live + "/resolutions/A/RES/64/293/")
    expect(reader.get_by_role("heading", level=1)).to_contain_text(
        "United Nations Global Plan of Action to Combat Trafficking in Persons"
    )
    cited_by = reader.get_by_role("region", name="Cited by")
    cited_by.get_by_role("link", name="Operative paragraph 6").click()
    expect(reader).to_have_url(live + READER + "op6/")


def test_back_closes_a_panel_forward_reopens_it_and_cross_links_follow_history(
    reader: Page, live, global_plan
):
    reader.reload()
    reader.evaluate("() => { window.__marker = 'same page'; }")
    panel = reader.get_by_role("region", name="Details")
    reader.get_by_role("link", name="Footnote 1", exact=True).click()
    expect(panel).to_be_visible()
    expect(reader).to_have_url(live + READER + "fn1/")
    reader.go_back()
    expect(reader).to_have_url(live + READER)
    expect(panel).to_be_hidden()
    reader.go_forward()
    expect(reader).to_have_url(live + READER + "fn1/")
    expect(panel).to_contain_text("United Nations, Treaty Series, vol. 2225")
    assert same_page(reader)
    reader.get_by_role("link", name="resolution 64/293", exact=True).click()
    expect(reader).to_have_url(live + "/resolutions/A/RES/64/293/")
    reader.go_back()
    expect(reader).to_have_url(live + READER + "fn1/")
    expect(reader.get_by_role("heading", level=1)).to_contain_text("Trafficking in women and girls")
    expect(panel).to_be_visible()
    reader.go_back()
    expect(reader).to_have_url(live + READER)
    expect(panel).to_be_hidden()


def test_without_javascript_footnotes_and_instruments_open_as_pages(
    browser: Browser, live, bundled
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live + READER)
    expect(page.get_by_role("button", name=re.compile("Copy link"))).to_have_count(0)
    page.get_by_role("link", name="Footnote 1", exact=True).click()
    expect(page).to_have_url(live + READER + "fn1/")
    expect(page).to_have_title("A/RES/79/154, footnote 1 · Resolution Reader")
    page.get_by_role("link", name="resolution 73/195").click()
    expect(page).to_have_url(live + "/instruments/a-res-73-195/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Resolution 73/195")
    context.close()


def test_copy_link_puts_the_paragraph_s_permalink_on_the_clipboard(browser: Browser, live, bundled):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live)
    page = context.new_page()
    page.goto(live + READER)
    button = page.get_by_role("button", name="Copy link to operative paragraph 26")
    button.click()
    expect(page.get_by_role("status").filter(has_text="Link copied")).to_have_count(1)
    assert page.evaluate("() => navigator.clipboard.readText()") == live + OP26
    context.close()


def test_selected_words_give_a_link_to_the_quote(browser: Browser, live, bundled):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live)
    page = context.new_page()
    page.goto(live + READER)
    menu = page.get_by_role("toolbar", name="Selected words")
    quote_button = menu.get_by_role("button", name="Copy quote link")
    expect(menu).to_be_hidden()
    # Select the words as a reader's mouse would, in operative paragraph 26's own text.
    page.evaluate(
        """() => {
          const walker = document.createTreeWalker(document.getElementById("op26"), 4);
          let text = walker.nextNode();
          while (text && !text.data.includes("sex tourism")) { text = walker.nextNode(); }
          const start = text.data.indexOf("sex tourism");
          const range = document.createRange();
          range.setStart(text, start);
          range.setEnd(text, start + "sex tourism".length);
          document.getSelection().removeAllRanges();
          document.getSelection().addRange(range);
        }"""
    )
    expect(menu.get_by_role("button", name="Annotate")).to_be_visible()
    quote_button.click()
    assert page.evaluate("() => navigator.clipboard.readText()") == (
        live + OP26 + "#:~:text=sex%20tourism"
    )
    context.close()


def test_search_shows_results_as_you_type_without_leaving_the_page(page: Page, live, bundled):
    page.goto(live + "/search/")
    page.evaluate("() => { window.__marker = 'same page'; }")
    page.get_by_label("Search paragraphs").fill("sex tourism")
    hit = page.get_by_role("link", name="A/RES/79/154, operative paragraph 26")
    expect(hit).to_be_visible()
    # The form's language filter ("All languages", empty) rides along in the shareable URL.
    expect(page).to_have_url(re.compile(r"/search/\?q=sex(\+|%20)tourism&lang=(&agenda=)?$"))
    assert same_page(page)
    hit.click()
    expect(page).to_have_url(live + OP26 + "?lang=en")
    # Back to the results as typed: the whole page, never the fragment from the browser's cache.
    page.go_back()
    expect(page).to_have_url(re.compile(r"/search/\?q=sex(\+|%20)tourism&lang=(&agenda=)?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    expect(page.get_by_role("link", name="A/RES/79/154, operative paragraph 26")).to_be_visible()


@pytest.mark.parametrize(
    "path",
    ["/", READER, OP26, "/instruments/", "/instruments/untoc/", "/search/?q=trafficking"],
)
def test_the_pages_have_no_accessibility_violations(page: Page, live, bundled, path):
    page.goto(live + path)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_an_open_panel_has_no_accessibility_violations(reader: Page):
    reader.get_by_role("link", name="Footnote 1", exact=True).click()
    expect(reader.get_by_role("region", name="Details")).to_be_visible()
    results = Axe().run(reader)
    assert results.violations_count == 0, results.generate_report()
