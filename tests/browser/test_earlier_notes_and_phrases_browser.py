"""In a real Chromium: the reader of a resolution showing the notes on its earlier versions, with
their tags, on the paragraphs they became, and the search's exact-phrase mode and subject filter
(with htmx, and without JavaScript); axe-core on each."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from playwright.sync_api import Browser, Page, expect

from annotations.models import Annotation
from tests.library_rows import ROOT_CAUSES, TRAFFICKING, make


@pytest.fixture
def oldest(live):
    """A/RES/75/158, made before the shared pair so that it becomes their earliest version."""
    return make(
        "A/RES/75/158",
        TRAFFICKING,
        [("pp1", "Recalling its resolution 73/146,"), ("op1", ROOT_CAUSES)],
    )


@pytest.fixture
def library(live, oldest, trafficking_versions):
    """Three versions, with a public note on the 2022 one's operative paragraph 2 and one on the
    2020 one's operative paragraph 1."""
    older, _ = trafficking_versions
    author = get_user_model().objects.create_user("amina", password="x")
    Annotation.objects.create(
        paragraph=older.paragraphs.get(pid="op2"),
        author=author,
        note="The **root causes** list was longer in 2020.",
        visibility="public",
    ).set_tags(["Root causes", "Palermo"])
    Annotation.objects.create(
        paragraph=oldest.paragraphs.get(pid="op1"),
        author=author,
        note="First agreed in 2020, after long talks on the wording.",
        visibility="public",
    ).set_tags(["Negotiation history"])
    return live


def test_the_reader_shows_the_previous_version_s_notes_where_they_belong(page: Page, library):
    page.goto(library + "/resolutions/A/RES/79/154/")
    earlier = page.get_by_role("group", name="On A/RES/77/194, para. 2 (previous version, 2022):")
    expect(earlier).to_contain_text("The root causes list was longer in 2020.")
    # On the paragraph the note's paragraph became, and only there.
    paragraph = page.locator("#op2")
    expect(paragraph.get_by_role("group", name="On A/RES/77/194, para. 2")).to_be_visible()
    expect(page.locator("#op1").get_by_text("root causes list")).to_have_count(0)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    earlier.get_by_role("link", name="A/RES/77/194, para. 2").click()
    expect(page).to_have_url(library + "/resolutions/A/RES/77/194/op2/")


@pytest.mark.parametrize("width", [1280, 390])
def test_an_earlier_note_shows_its_tags_and_a_note_two_versions_back_is_marked(
    page: Page, library, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(library + "/resolutions/A/RES/79/154/")
    paragraph = page.locator("#op2")
    previous = paragraph.get_by_role(
        "group", name="On A/RES/77/194, para. 2 (previous version, 2022):"
    )
    tags = previous.get_by_role("list", name="Tags")
    expect(tags.get_by_role("link")).to_have_text(["Palermo", "Root causes"])
    two_back = paragraph.get_by_role(
        "group", name="On A/RES/75/158, para. 1 (earlier version, 2020):"
    )
    expect(two_back).to_contain_text("First agreed in 2020, after long talks on the wording.")
    expect(two_back.get_by_role("link", name="Negotiation history")).to_be_visible()
    # The cards fit the paragraph's column at either width: nothing runs off the page.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    two_back.get_by_role("link", name="A/RES/75/158, para. 1").click()
    expect(page).to_have_url(library + "/resolutions/A/RES/75/158/op1/")
    page.go_back()
    tags.get_by_role("link", name="Palermo").click()
    expect(page).to_have_url(library + "/tags/palermo/")
    expect(page.get_by_text("The root causes list was longer in 2020.")).to_be_visible()


def test_a_quoted_phrase_finds_it_word_for_word_as_you_type(page: Page, library):
    page.goto(library + "/search/")
    page.get_by_label("Search paragraphs").fill('"the report of the Secretary-General"')
    status = page.get_by_role("status")
    expect(status).to_contain_text(
        "2 paragraphs contain the exact phrase “the report of the Secretary-General”"
    )
    expect(page.locator("mark").first).to_have_text("the report of the Secretary-General")
    assert "q=%22the%20report" in page.url  # shareable as it stands
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.get_by_label("Subject").select_option("sdg-5")
    expect(status).to_contain_text("1 paragraph contains the exact phrase")
    assert "subject=sdg-5" in page.url


def test_without_javascript_the_subject_filter_is_a_form(browser: Browser, library):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(library + "/search/?q=trafficking")
    page.get_by_label("Subject").select_option("sdg-5")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_contain_text("under Goal 5: Gender equality")
    expect(page.get_by_label("Subject")).to_have_value("sdg-5")
    context.close()
