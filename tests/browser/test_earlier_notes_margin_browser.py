"""In a real Chromium: notes on an earlier version beside the paragraph they reached, in the
margin on a desk and under it on a phone, counted in the notes total and flagged when the words
they quote have since changed; axe-core on each."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from annotations.models import Annotation
from resolutions.across.series import link_versions
from tests.library_rows import TRAFFICKING, make

AGENDA_OLD = (
    "Decides to include in the provisional agenda of its sixty-seventh and sixty-eighth "
    "sessions, under the item entitled \u201cAdvancement of women\u201d, a sub-item entitled "
    "\u201cTrafficking in women and girls\u201d, and requests the Secretary-General to report "
    "to it at those sessions on the implementation of the present resolution, including on "
    "the measures taken by Member States and by the entities of the United Nations system."
)
AGENDA_NEW = AGENDA_OLD.replace(
    "sixty-seventh and sixty-eighth", "sixty-ninth and seventieth"
).replace("including on", "including in particular on")
FIRST = (
    "Urges Governments to strengthen measures to address the root causes that make women and "
    "girls vulnerable to trafficking, such as poverty, inequality and discrimination;"
)
SECOND = "Encourages the collection of data on victims, disaggregated by age and sex;"
QUOTE = "sixty-seventh and sixty-eighth sessions"


@pytest.fixture
def library(live):
    older = make("A/RES/77/194", TRAFFICKING, [("op1", FIRST), ("op2", AGENDA_OLD)])
    make(
        "A/RES/79/154",
        TRAFFICKING,
        [("op1", FIRST), ("op2", SECOND), ("op3", AGENDA_NEW)],
        recalls=["A/RES/77/194"],
    )
    link_versions()
    paragraph = older.paragraphs.get(pid="op2")
    start = AGENDA_OLD.index(QUOTE)
    Annotation.objects.create(
        paragraph=paragraph,
        author=get_user_model().objects.create_user("amina", password="x"),
        note="The sessions move on every two years.",
        visibility="public",
        quote_exact=QUOTE,
        quote_prefix=AGENDA_OLD[start - 30 : start],
        quote_suffix=AGENDA_OLD[start + len(QUOTE) : start + len(QUOTE) + 30],
        quote_language="en",
    )
    return live


def box(locator) -> dict:
    found = locator.bounding_box()
    assert found is not None
    return found


@pytest.mark.parametrize("width", [1280, 390])
def test_an_earlier_note_sits_by_its_paragraph_and_flags_the_changed_words(
    page: Page, library, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(library + "/resolutions/A/RES/79/154/")
    paragraph = page.locator("#op3")
    earlier = paragraph.get_by_role(
        "group", name="On A/RES/77/194, para. 2 (previous version, 2022):"
    )
    expect(earlier).to_contain_text("The sessions move on every two years.")
    flag = earlier.locator(".note-changed")
    expect(flag).to_be_visible()
    expect(flag).to_have_text(
        "Since changed: sixty-seventh and sixty-eighth now reads sixty-ninth and seventieth."
    )
    expect(page.locator(".bar-notes summary")).to_have_text(
        "Notes (0, and 1 from earlier versions)"
    )
    text, note = box(paragraph.locator(".para-texts")), box(earlier)
    if width == 1280:
        # In the margin column, its top level with the paragraph's own lines.
        assert text["y"] <= note["y"] < text["y"] + text["height"]
        assert note["x"] >= text["x"] + text["width"]
    else:
        # Under the paragraph's text, inside the page.
        assert note["y"] >= text["y"] + text["height"] - 1
        assert note["x"] + note["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    earlier.scroll_into_view_if_needed()
    if folder := os.environ.get("SCREENSHOTS_DIR"):  # to look at them
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/earlier-margin-{width}.png", full_page=True)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
