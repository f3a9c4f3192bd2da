"""The reader's layout on a desk screen (1280 x 900) and a phone (390 x 844): the document first,
a readable column, notes beside the text where there is room, panels that behave like places,
touch targets a finger can hit, no accessibility violations; and the language versions, parts,
annexes and headings of a resolution. Elements are found by role and label."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

READER = "/resolutions/A/RES/79/154/"
SIZES = {"desk": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

# Targets smaller than 24 px that WCAG 2.2 (2.5.8) allows: links inside a sentence.
SMALL_TARGETS = """() => {
  const found = [];
  for (const el of document.querySelectorAll("a, button, summary, select, input, textarea")) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === "hidden") continue;
    if (el.type === "hidden") continue;
    if (el.closest("[hidden], details:not([open]) > :not(summary)")) continue;
    const parent = el.parentElement;
    const inSentence = style.display === "inline" &&
      parent.textContent.trim().length > el.textContent.trim().length;
    if (inSentence) continue;
    if (box.width < 24 || box.height < 24) {
      const name = el.textContent.trim().slice(0, 30);
      found.push(`${el.tagName} "${name}" ${box.width}x${box.height}`);
    }
  }
  return found;
}"""

# How many characters of the paragraph's own text fit on one line of its column.
CHARACTERS_PER_LINE = """(paragraph) => {
  const text = paragraph.querySelector("[data-quote-source]");
  const probe = document.createElement("span");
  probe.style.whiteSpace = "nowrap";
  probe.textContent = text.textContent.slice(0, 80);
  text.parentElement.appendChild(probe);
  const perCharacter = probe.getBoundingClientRect().width / probe.textContent.length;
  probe.remove();
  return text.parentElement.getBoundingClientRect().width / perCharacter;
}"""


@pytest.fixture(params=list(SIZES))
def screen(request, page: Page):
    page.set_viewport_size(SIZES[request.param])
    return request.param


def test_the_title_and_the_first_paragraph_are_on_the_first_screen(page, screen, live, bundled):
    page.goto(live + READER)
    height = SIZES[screen]["height"]
    title = page.get_by_role("heading", level=1)
    expect(title).to_contain_text("Trafficking in women and girls")
    first = page.locator("#pp1")  # the first paragraph, found by its permalink's id
    expect(page.get_by_role("link", name="Preambular paragraph 1", exact=True)).to_be_visible()
    assert title.bounding_box()["y"] + title.bounding_box()["height"] < height
    assert first.bounding_box()["y"] + 40 < height  # its first lines, at least


def test_the_text_column_holds_at_most_80_characters(page, screen, live, bundled):
    page.goto(live + READER)
    per_line = page.locator("#op26").evaluate(CHARACTERS_PER_LINE)
    assert per_line <= 80
    if screen == "desk":
        assert per_line >= 60


def test_notes_sit_beside_the_text_on_a_wide_screen_and_fold_under_it_on_a_phone(
    page, screen, live, make_note
):
    make_note(note="Beside the text", visibility="public")
    page.goto(live + READER + "#op26")
    notes = page.get_by_role("group", name="Notes on operative paragraph 26")
    text = page.locator("#op26 [data-quote-source]")
    if screen == "desk":
        expect(notes.get_by_text("Beside the text")).to_be_visible()
        assert notes.bounding_box()["x"] >= text.bounding_box()["x"] + text.bounding_box()["width"]
        assert abs(notes.bounding_box()["y"] - text.bounding_box()["y"]) < 80
    else:
        expect(notes.get_by_text("Beside the text")).to_be_hidden()
        notes.get_by_role("button", name="Show 1 note").click()
        expect(notes.get_by_text("Beside the text")).to_be_visible()
        assert notes.bounding_box()["y"] > text.bounding_box()["y"] + text.bounding_box()["height"]


def test_a_panel_never_covers_the_text_and_back_closes_it(page, screen, live, bundled):
    page.goto(live + READER)
    marker = page.get_by_role("link", name="Footnote 1", exact=True)
    marker.click()
    panel = page.get_by_role("region", name="Details")
    expect(panel.get_by_role("heading", name="Footnote 1")).to_be_visible()
    expect(page).to_have_url(live + READER + "fn1/")
    paragraph = page.locator("#pp2 [data-quote-source]").bounding_box()
    box = panel.bounding_box()
    if screen == "desk":
        assert box["x"] >= paragraph["x"] + paragraph["width"]
    else:
        # A sheet at the bottom; the page can scroll the text clear of it.
        assert box["y"] + box["height"] == pytest.approx(SIZES[screen]["height"], abs=2)
    page.go_back()
    expect(panel).to_be_hidden()
    expect(page).to_have_url(live + READER)


def test_paragraph_tools_appear_on_hover_focus_or_tap(page, screen, live, bundled):
    page.goto(live + READER)
    paragraph = page.locator("#op26")
    copy = paragraph.get_by_role("button", name="Copy link to operative paragraph 26")
    cite = paragraph.get_by_text(re.compile(r"^Cite"))
    if screen == "desk":
        paragraph.hover()
    else:
        paragraph.locator("[data-quote-source]").click()
    expect(copy).to_be_visible()
    cite.click()
    expect(paragraph.get_by_text("General Assembly resolution 79/154, para. 26")).to_be_visible()


def test_no_touch_target_is_smaller_than_24_pixels(page, screen, live, make_note):
    make_note(note="A note", visibility="public")
    page.goto(live + READER)
    page.locator("#op26").hover()
    assert page.evaluate(SMALL_TARGETS) == []


def test_the_reader_has_no_accessibility_violations(page, screen, live, make_note):
    make_note(note="A note", visibility="public")
    page.goto(live + READER)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_the_header_invites_a_passer_by_to_sign_up(page, live, bundled):
    page.goto(live + READER)
    site = page.get_by_role("navigation", name="Site")
    expect(site.get_by_role("link", name="Sign up")).to_be_visible()
    expect(page.get_by_text(re.compile("to annotate any paragraph"))).to_be_visible()


def test_the_language_switch_and_the_side_by_side_view(page, live, parts):
    page.goto(live + "/resolutions/A/RES/77/264/")
    # The reader's own language menu, not the header's interface language.
    page.locator("summary").filter(has_text="Language").first.click()
    page.get_by_role("list", name="Read in").get_by_role("link", name="Français").click()
    expect(page).to_have_url(re.compile(r"\?lang=fr$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Financement")
    page.locator("summary").filter(has_text="Language").first.click()
    side = page.get_by_role("list", name="Side by side with Français")
    side.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"\?lang=fr&also=en$"))
    french = page.get_by_text("FR Decides to act;")
    english = page.locator("#a-op1 [lang=en]")
    assert french.bounding_box()["y"] == pytest.approx(english.bounding_box()["y"], abs=4)
    assert english.bounding_box()["x"] > french.bounding_box()["x"]
    expect(page.get_by_text("This paragraph is missing from the Français text.")).to_be_visible()


def test_an_arabic_page_reads_right_to_left(page, live, parts):
    page.goto(live + "/resolutions/A/RES/77/264/?lang=ar")
    article = page.get_by_role("article")
    expect(article).to_have_attribute("dir", "rtl")
    expect(article).to_have_attribute("lang", "ar")
    text = page.get_by_text("نص a-op1")
    assert text.evaluate("e => getComputedStyle(e).direction") == "rtl"


def test_parts_annexes_and_headings_in_the_text_and_the_contents(page, live, parts):
    page.goto(live + "/resolutions/A/RES/77/264/")
    expect(page.get_by_role("heading", name="A", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Annex", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="2030")).to_be_visible()
    page.get_by_text("Contents", exact=True).click()
    contents = page.get_by_role("navigation", name="Contents")
    for entry in ["A. Budget", "B. Staff", "I. Staff matters", "Annex: Programme of action"]:
        expect(contents.get_by_role("link", name=entry)).to_be_visible()
    contents.get_by_role("link", name="I. Staff matters").click()
    expect(page).to_have_url(re.compile("#h1$"))
    expect(page.get_by_role("heading", name="I. Staff matters")).to_be_in_viewport()


def test_the_resolution_prints_as_the_document_with_notes_only_if_asked(page, live, make_note):
    make_note(note="Printed beside the paragraph", visibility="public")
    page.goto(live + READER)
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trafficking in women and girls")
    last = page.locator(".para").last
    expect(last).to_be_visible()  # the whole text, to its last paragraph
    for chrome in (
        page.get_by_role("banner"),
        page.get_by_role("button", name="Add note to operative paragraph 26"),
        page.get_by_text("Notes ("),
    ):
        expect(chrome).to_be_hidden()
    expect(page.get_by_text("Printed beside the paragraph")).to_be_hidden()

    page.emulate_media(media="screen")
    page.get_by_text("Notes (").click()
    page.get_by_label("Print with notes").check()
    page.emulate_media(media="print")
    expect(page.get_by_text("Printed beside the paragraph")).to_be_visible()
    expect(page.get_by_role("button", name="Add note to operative paragraph 26")).to_be_hidden()
