"""In a real Chromium: the reader of a resolution showing the notes on its previous version on
the paragraphs they match, and the search's exact-phrase mode and subject filter (with htmx,
and without JavaScript); axe-core on each."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from playwright.sync_api import Browser, Page, expect

from annotations.models import Annotation


@pytest.fixture
def library(live, trafficking_versions):
    """The two versions, with a public note on the older one's operative paragraph 2."""
    older, _ = trafficking_versions
    author = get_user_model().objects.create_user("amina", password="x")
    Annotation.objects.create(
        paragraph=older.paragraphs.get(pid="op2"),
        author=author,
        note="The **root causes** list was longer in 2020.",
        visibility="public",
    )
    return live


def test_the_reader_shows_the_previous_version_s_notes_where_they_belong(page: Page, library):
    page.goto(library + "/resolutions/A/RES/79/154/")
    earlier = page.get_by_role("group", name="On A/RES/77/194, para. 2 (previous version):")
    expect(earlier).to_contain_text("The root causes list was longer in 2020.")
    # On the paragraph the note's paragraph became, and only there.
    paragraph = page.locator("#op2")
    expect(paragraph.get_by_role("group", name="On A/RES/77/194, para. 2")).to_be_visible()
    expect(page.locator("#op1").get_by_text("root causes list")).to_have_count(0)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    earlier.get_by_role("link", name="A/RES/77/194, para. 2").click()
    expect(page).to_have_url(library + "/resolutions/A/RES/77/194/op2/")


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
