"""Long documents on a phone and a desk: the toolbar stays in reach as the text scrolls, its
contents jump to a section below it, paragraph tools open by keyboard and by touch without
hover, and a fault in the UN's markup is told in a reader's words."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

READER = "/resolutions/A/RES/79/154/"
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}
FAULT = "A-RES-79-154-EN.xml, line 1234: op27: operative paragraph 27 follows 25"


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def faulty(bundled):
    from resolutions.models import ResolutionText

    ResolutionText.objects.filter(resolution=bundled, language="en").update(problems=[FAULT])
    return bundled


def toolbar_of(page):
    return page.locator("[data-reader-bar]")


def test_the_toolbar_stays_in_reach_on_a_phone_and_its_contents_jump_to_a_section(
    phone, live, bundled
):
    phone.goto(live + READER)
    phone.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    bar = toolbar_of(phone)
    expect(bar).to_be_in_viewport()
    assert bar.bounding_box()["y"] == pytest.approx(0, abs=1)
    assert bar.bounding_box()["height"] < 60  # one compact row
    bar.get_by_text("Contents", exact=True).click()
    phone.get_by_role("navigation", name="Contents").get_by_role("link", name="26").click()
    target = phone.locator("#op26")
    expect(target).to_be_in_viewport()
    # The section lands just below the toolbar, not under it (once a smooth scroll has ended).
    phone.wait_for_function(
        """() => {
          const bar = document.querySelector("[data-reader-bar]").getBoundingClientRect();
          const top = document.querySelector("#op26").getBoundingClientRect().top;
          return top >= bar.bottom - 1 && top < bar.bottom + 40;
        }"""
    )


def test_the_toolbar_searches_in_this_document(phone, live, bundled):
    phone.goto(live + READER)
    bar = toolbar_of(phone)
    bar.get_by_role("searchbox", name="Search in this document").fill("trafficking")
    bar.get_by_role("button", name="Search").click()
    expect(phone.get_by_role("checkbox", name="Only in A/RES/79/154")).to_be_checked()
    expect(phone.get_by_text("A/RES/79/154, operative paragraph 1").first).to_be_visible()


def test_paragraph_tools_are_reached_by_tab_without_hover(page, live, bundled):
    page.set_viewport_size(DESK)
    page.goto(live + READER)
    copy = page.locator("#op26").get_by_role("button", name="Copy link to operative paragraph 26")
    page.get_by_role("link", name="Operative paragraph 26", exact=True).focus()
    expect(copy).to_have_css("opacity", "1")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#op26 .para-tools') !== null"):
            break
    assert page.evaluate("document.activeElement.closest('#op26 .para-tools') !== null")
    expect(copy).to_be_visible()


def test_paragraph_tools_open_by_touch_with_the_tools_button(phone, live, bundled):
    phone.goto(live + READER)
    paragraph = phone.locator("#op26")
    copy = paragraph.get_by_role("button", name="Copy link to operative paragraph 26")
    toggle = paragraph.get_by_role("button", name="Tools for operative paragraph 26")
    expect(copy).to_be_hidden()
    toggle.tap()
    expect(copy).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    toggle.tap()
    expect(copy).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    # Opening another paragraph's tools closes these.
    paragraph.locator("[data-quote-source]").tap()
    expect(copy).to_be_visible()
    phone.locator("#op25 [data-quote-source]").tap()
    expect(copy).to_be_hidden()


def test_without_script_a_touch_screen_shows_every_paragraph_s_tools(browser, live, bundled):
    context = browser.new_context(
        viewport=PHONE, has_touch=True, is_mobile=True, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(live + READER)
    expect(page.locator("#op26").get_by_role("link", name="Where else adopted")).to_be_visible()
    context.close()


def test_a_markup_fault_says_what_it_affects_without_paths_or_lines(phone, live, faulty):
    phone.goto(live + READER)
    notice = phone.get_by_role("note")
    expect(notice).to_contain_text(
        "The UN's file for this text skips operative paragraph 26; "
        "the text is shown as the file has it."
    )
    expect(
        notice.get_by_role("link", name="Read the official text of A/RES/79/154")
    ).to_have_attribute("href", "https://undocs.org/A/RES/79/154")
    assert ".xml" not in notice.inner_text() and "line 1234" not in notice.inner_text()


@pytest.mark.parametrize("size", [PHONE, DESK], ids=["phone", "desk"])
def test_the_long_document_reader_has_no_accessibility_violations(page, live, faulty, size):
    page.set_viewport_size(size)
    page.goto(live + READER)
    page.evaluate("window.scrollTo(0, 3000)")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_the_toolbar_reads_right_to_left_in_arabic(browser, live, bundled):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    context.add_cookies([{"name": "django_language", "value": "ar", "url": live}])
    page = context.new_page()
    page.goto(live + READER)
    bar = toolbar_of(page)
    expect(bar).to_have_css("direction", "rtl")
    contents = bar.locator(".bar-contents > summary").bounding_box()
    search = bar.locator(".bar-search").bounding_box()
    assert contents["x"] > search["x"]  # the first item at the right
    page.evaluate("window.scrollTo(0, 4000)")
    expect(bar).to_be_in_viewport()
    context.close()


def test_on_a_touch_screen_the_tools_button_is_reached_by_tab_and_opens_with_enter(
    phone, live, bundled
):
    phone.goto(live + READER)
    paragraph = phone.locator("#op26")
    copy = paragraph.get_by_role("button", name="Copy link to operative paragraph 26")
    toggle = paragraph.get_by_role("button", name="Tools for operative paragraph 26")
    phone.get_by_role("link", name="Operative paragraph 26", exact=True).focus()
    for _ in range(8):
        phone.keyboard.press("Tab")
        if toggle.evaluate("el => el === document.activeElement"):
            break
    expect(toggle).to_be_focused()
    phone.keyboard.press("Enter")
    expect(copy).to_be_visible()
    phone.keyboard.press("Tab")
    expect(paragraph.locator(".para-tools :focus")).to_have_count(1)
