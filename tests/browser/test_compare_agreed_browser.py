"""The comparison built for negotiators and precedents from any selection, in a real Chromium on
a desk screen (1280 x 900) and a phone (390 x 844): changed paragraphs first with their summary
lines, the unchanged folded, insertions told from deletions in greyscale, a paragraph's wording
through the series; "Where else adopted" from selected words, grouped by resolution, with what
the lookup covers and the citations to copy. Elements are found by role and label; axe finds
nothing. Screenshots go to SCREENSHOTS_DIR when it is set, for a person to look at."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.library_rows import make

SIZES = {"desk": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
COMPARE = "/resolutions/A/RES/79/154/compare/A/RES/77/194/"
READER = "/resolutions/A/RES/79/154/"


@pytest.fixture(params=list(SIZES))
def screen(request, page: Page):
    page.set_viewport_size(SIZES[request.param])
    return request.param


def shoot(page: Page, name: str):
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def no_violations(page: Page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


# How the two marks look: the line drawn through or under the words, and how light the ground
# behind them is once the page is greyscale (0 black, 255 white).
MARKS = """() => {
  const grey = (el) => {
    const [r, g, b] = getComputedStyle(el).backgroundColor.match(/\\d+/g).map(Number);
    return Math.round(0.299 * r + 0.587 * g + 0.114 * b);
  };
  const ins = document.querySelector(".compare-rows ins");
  const del = document.querySelector(".compare-rows del");
  return {
    ins: getComputedStyle(ins).textDecorationLine, del: getComputedStyle(del).textDecorationLine,
    insGround: grey(ins), delGround: grey(del),
  };
}"""


def test_the_comparison_shows_what_changed_first_with_a_line_each(
    page: Page, screen, trafficking_versions, live
):
    page.goto(live + READER)
    page.get_by_role("link", name="Compare with A/RES/77/194").click()
    changes = page.get_by_role("list").filter(has_text="Takes note with appreciation").first
    rows = changes.get_by_role("listitem")
    # Changed paragraphs first, in document order, each with its summary line.
    expect(rows.nth(0)).to_contain_text("pp1: document symbols updated")
    expect(rows.nth(0)).to_contain_text("Routine")
    expect(rows.nth(1)).to_contain_text("op1: added “with appreciation”")
    expect(rows.nth(1)).to_contain_text("Substantive")
    expect(rows.nth(2)).to_contain_text("op3: new paragraph")
    expect(rows.nth(3)).to_contain_text("op4: session numbers updated")
    # The unchanged paragraph is folded under one line, and opens without a script.
    unchanged = page.get_by_text("1 unchanged paragraph — show")
    expect(unchanged).to_be_visible()
    paragraph = page.locator(".compare-text").filter(has_text="Urges Governments to strengthen")
    expect(paragraph).to_be_hidden()
    unchanged.click()
    expect(paragraph).to_be_visible()
    # The legend says how each mark looks.
    legend = page.get_by_role("note", name="How changes are marked")
    expect(legend).to_contain_text("underlined on a tinted background")
    expect(legend).to_contain_text("struck through on a grey background")
    no_violations(page)
    shoot(page, f"compare-{screen}")


def test_an_insertion_is_told_from_a_deletion_in_greyscale(
    page: Page, screen, trafficking_versions, live
):
    page.goto(live + COMPARE)
    # Through the style object: the CSP forbids a style element added to the page.
    page.evaluate("() => { document.documentElement.style.filter = 'grayscale(1)'; }")
    marks = page.evaluate(MARKS)
    assert marks["ins"] == "underline" and marks["del"] == "line-through"
    # The grounds differ in lightness, not in hue alone.
    assert abs(marks["insGround"] - marks["delGround"]) >= 12
    expect(page.get_by_role("deletion").filter(has_text="seventy-ninth")).to_be_visible()
    expect(page.get_by_role("insertion").filter(has_text="eighty-first")).to_be_visible()
    shoot(page, f"compare-greyscale-{screen}")


def test_substantive_changes_alone_and_a_paragraph_s_wording_through_the_series(
    page: Page, screen, trafficking_versions, live
):
    make(
        "A/RES/75/158",
        "Trafficking in women and girls",
        [("op1", "Takes note of the report;")],
    )
    from resolutions.across.series import link_versions

    link_versions()
    page.goto(live + COMPARE)
    page.get_by_role("link", name="Substantive changes only (2)").click()
    expect(page.get_by_role("status")).to_contain_text(
        "2 paragraphs changed in substance; 2 routine updates left out."
    )
    expect(page.get_by_text("session numbers updated")).to_have_count(0)
    assert "show=substantive" in page.url
    page.get_by_text("Wording in each version").first.click()
    history = page.get_by_role("list", name="Wording of operative paragraph 1 in each version")
    expect(history.get_by_role("listitem")).to_have_count(3)
    expect(history.get_by_role("listitem").last).to_contain_text("A/RES/75/158")
    expect(history.get_by_role("listitem").last).to_contain_text("earliest version")
    no_violations(page)
    shoot(page, f"compare-substantive-{screen}")


SELECT = """(words) => {
  const walker = document.createTreeWalker(document.getElementById("op2"), 4);
  let text = walker.nextNode();
  while (text && !text.data.includes(words)) { text = walker.nextNode(); }
  const start = text.data.indexOf(words);
  const range = document.createRange();
  range.setStart(text, start);
  range.setEnd(text, start + words.length);
  document.getSelection().removeAllRanges();
  document.getSelection().addRange(range);
}"""

PHRASE = "address the root causes that make women and girls"


@pytest.fixture
def precedents(trafficking_versions):
    from io import StringIO

    from django.core.management import call_command

    from tests.library_rows import ROOT_CAUSES

    make(
        "A/RES/78/1",
        "Migrant workers",
        [("op5", ROOT_CAUSES)],
        vote_outcome="without vote",
    )
    call_command("index_wording", stdout=StringIO())
    return trafficking_versions


def test_where_else_adopted_from_selected_words(browser: Browser, screen, precedents, live):
    context = browser.new_context(viewport=SIZES[screen])
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live)
    page = context.new_page()
    page.goto(live + READER)
    page.evaluate(SELECT, PHRASE)
    menu = page.get_by_role("toolbar", name="Selected words")
    expect(menu.get_by_role("button", name="Annotate")).to_be_visible()
    menu.get_by_role("button", name="Where else adopted").click()
    panel = page.get_by_role("region", name="Details")
    expect(panel.get_by_role("heading", name="Where else this phrase was adopted")).to_be_focused()
    expect(panel).to_contain_text(PHRASE)
    assert "q=address+the+root+causes" in page.url
    others = panel.get_by_role("list", name="In other resolutions")
    series = panel.get_by_role("list", name="In the versions of A/RES/79/154")
    expect(others.get_by_role("link", name="A/RES/78/1, operative paragraph 5")).to_be_visible()
    expect(others).to_contain_text("without a vote")
    expect(series.get_by_role("link", name="A/RES/77/194, operative paragraph 2")).to_be_visible()
    expect(series).to_contain_text("by a recorded vote of 2 to 1, with 0 abstentions")
    assert others.bounding_box()["y"] < series.bounding_box()["y"]
    expect(panel).to_contain_text("Looked up in English: sessions 79 (1), 78 (1), 77 (1).")
    expect(panel).to_contain_text("Earliest: A/RES/77/194 (17 December 2022)")
    citations = panel.get_by_label("Citations")
    expect(citations).to_have_value(
        "General Assembly resolution 77/194, para. 2; General Assembly resolution 78/1, para. 5"
    )
    panel.get_by_role("button", name="Copy citations").click()
    assert page.evaluate("() => navigator.clipboard.readText()") == citations.input_value()
    no_violations(page)
    shoot(page, f"agreed-selection-{screen}")
    context.close()


def test_the_agreed_page_quotes_its_paragraph_once_and_works_without_javascript(
    browser: Browser, screen, precedents, live
):
    context = browser.new_context(viewport=SIZES[screen], java_script_enabled=False)
    page = context.new_page()
    page.goto(live + "/resolutions/A/RES/79/154/op2/agreed/")
    sought = page.get_by_text("Urges Governments to strengthen measures").first
    expect(sought).to_be_visible()
    expect(page.get_by_role("link", name="A/RES/79/154, operative paragraph 2")).to_have_count(0)
    expect(page.get_by_role("link", name="A/RES/78/1, operative paragraph 5")).to_be_visible()
    expect(page.get_by_label("Citations")).to_have_value(
        "General Assembly resolution 77/194, para. 2; General Assembly resolution 78/1, para. 5"
    )
    shoot(page, f"agreed-page-{screen}")
    context.close()
    # axe runs as a script: in a page that may run one.
    context = browser.new_context(viewport=SIZES[screen])
    page = context.new_page()
    page.goto(live + "/resolutions/A/RES/79/154/op2/agreed/")
    expect(page.get_by_role("button", name="Copy citations")).to_be_visible()
    no_violations(page)
    context.close()
