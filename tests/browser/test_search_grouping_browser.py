"""Search in a real browser at a desk and on a phone: the resolution titled with the query stands
first, a paragraph repeated in two versions of the series is listed once with the other version
linked, and each snippet's highlighted words are on screen. Screenshots go to $SCREENSHOTS_DIR
when it is set."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from resolutions.models import ParagraphText

SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
LONG = " ".join(["and calls upon all Member States to consider the matter further"] * 15)


@pytest.mark.parametrize("size", list(SIZES))
def test_titles_first_repeated_wording_once_and_marks_in_view(
    page: Page, live, trafficking_versions, size
):
    _older, newer = trafficking_versions
    # A long paragraph whose match comes at its very end.
    ParagraphText.objects.filter(paragraph__resolution=newer, paragraph__pid="op3").update(
        text=f"Encourages the collection of data {LONG} on trafficking in persons;"
    )
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live + "/search/?q=trafficking")

    titles = page.get_by_role("region", name="Titles with these words")
    expect(titles.get_by_role("link", name="A/RES/79/154")).to_be_visible()
    expect(titles.get_by_role("link", name="77/194")).to_be_visible()
    first_paragraph = page.locator("ol.hits > li").first
    assert titles.bounding_box()["y"] < first_paragraph.bounding_box()["y"]

    # The root-causes paragraph is in both versions: listed once, the older linked.
    repeated = page.locator("ol.hits > li", has_text="root causes")
    expect(repeated).to_have_count(1)
    expect(repeated.get_by_role("link", name="A/RES/79/154, operative paragraph 2")).to_be_visible()
    repeated.get_by_role("link", name="77/194").click()
    expect(page).to_have_url(live + "/resolutions/A/RES/77/194/op2/?lang=en")
    page.go_back()

    # Every snippet's highlighted word is within the snippet as shown, however long the text.
    for snippet in page.locator("ol.hits .snippet").all():
        mark = snippet.locator("mark").first
        expect(mark).to_be_visible()
        box, inside = snippet.bounding_box(), mark.bounding_box()
        assert box["y"] <= inside["y"] <= box["y"] + box["height"]
        assert snippet.inner_text().count(" ") < 60

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/search-grouping-{width}.png", full_page=True)
