"""Notes in a real Chromium: adding a team note, who sees it, inert Markdown, edit conflicts,
delete and undo. Elements are found by role and label, as a screen reader finds them."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from annotations.models import Annotation

READER = "/resolutions/A/RES/79/154/"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def sign_in(browser: Browser, live):
    """A fresh browser, signed in as the given user (or anonymous with None)."""
    contexts = []

    def open_as(username) -> Page:
        context = browser.new_context()
        contexts.append(context)
        page = context.new_page()
        if username:
            page.goto(live + "/accounts/login/?next=" + READER)
            page.get_by_label("Username").fill(username)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            expect(page.get_by_role("button", name=f"Sign out ({username})")).to_be_visible()
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_a_team_note_with_tags_is_seen_by_the_team_and_by_no_one_else(
    sign_in, live, team, outsider, op26
):
    page = sign_in("amina")
    expect(page).to_have_url(live + READER)
    page.get_by_role("button", name="Add note to operative paragraph 26").click()
    expect(page.get_by_label("Note", exact=True)).to_be_focused()  # the form is ready to type in
    page.get_by_label("Note", exact=True).fill("Ask the **desk** about the follow-up report")
    page.get_by_label("Tags", exact=True).fill("Follow-up, Reporting")
    page.get_by_label("Visibility").select_option(label="Team: Gender desk")
    page.get_by_role("button", name="Save").click()
    notes = page.get_by_role("group", name="Notes on operative paragraph 26")
    expect(notes.get_by_role("article", name="Note by amina")).to_contain_text(
        "Ask the desk about the follow-up report"
    )
    expect(notes.get_by_role("link", name="1 note")).to_be_visible()
    expect(notes.get_by_role("link", name="follow-up")).to_be_visible()
    expect(notes.get_by_role("link", name="reporting")).to_be_visible()
    assert page.url == live + READER  # added without leaving the page

    teammate = sign_in("bruno")
    teammate.goto(live + READER)
    expect(teammate.get_by_text("Ask the desk about the follow-up report")).to_be_visible()
    expect(teammate.get_by_role("link", name="Edit note")).to_have_count(0)

    for stranger in (sign_in("chen"), sign_in(None)):
        stranger.goto(live + READER)
        expect(stranger.get_by_role("heading", level=1)).to_be_visible()
        expect(stranger.get_by_text("Ask the desk")).to_have_count(0)
        stranger.goto(live + Annotation.objects.get().get_absolute_url())
        expect(stranger.get_by_text("Ask the desk")).to_have_count(0)


def test_a_note_holding_html_and_script_renders_inert_with_no_dialog(sign_in, live, op26, author):
    dialogs = []
    page = sign_in("amina")
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Add note to operative paragraph 26").click()
    expect(page.get_by_label("Note", exact=True)).to_be_focused()  # the form is ready to type in
    attack = "<img src=x onerror=alert(1)> <script>alert(2)</script> [x](javascript:alert(3))"
    page.get_by_label("Note", exact=True).fill(attack)
    page.get_by_label("Visibility").select_option(label="Public")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("<img src=x onerror=alert(1)>", exact=False)).to_be_visible()

    reader = sign_in(None)
    reader.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    reader.goto(live + READER)
    expect(reader.get_by_text("<script>alert(2)</script>", exact=False)).to_be_visible()
    link = reader.get_by_role("link", name="x", exact=True)
    if link.count():
        link.click()
    reader.wait_for_timeout(300)
    assert dialogs == []
    assert reader.locator(".note-body img, .note-body script").count() == 0


def test_a_stale_edit_is_refused_with_the_current_text_shown_and_the_user_s_own_kept(
    sign_in, live, make_note, author
):
    make_note(note="First wording")
    first = sign_in("amina")
    second = first.context.new_page()
    for page in (first, second):
        page.goto(live + READER)
        page.get_by_role("link", name="Edit note").click()
        expect(page.get_by_label("Note", exact=True)).to_have_value("First wording")

    first.get_by_label("Note", exact=True).fill("Wording from the first tab")
    first.get_by_role("button", name="Save").click()
    expect(first.get_by_text("Wording from the first tab")).to_be_visible()

    second.get_by_label("Note", exact=True).fill("Wording from the second tab")
    second.get_by_role("button", name="Save").click()
    alert = second.get_by_role("alert")
    expect(alert).to_contain_text("Someone saved this note while you were editing it.")
    expect(alert).to_contain_text("Wording from the first tab")
    expect(second.get_by_label("Note", exact=True)).to_have_value("Wording from the second tab")

    second.get_by_role("button", name="Save").click()
    expect(second.get_by_role("alert")).to_have_count(0)
    expect(second.get_by_text("Wording from the second tab")).to_be_visible()
    assert Annotation.objects.get().note == "Wording from the second tab"


def test_a_deleted_note_can_be_brought_back_with_undo(sign_in, live, make_note):
    make_note(note="Hasty thought")
    page = sign_in("amina")
    notes = page.get_by_role("group", name="Notes on operative paragraph 26")
    count = notes.get_by_role("link", name="1 note", exact=True)
    # The page's count of notes is in the toolbar's "Notes" disclosure.
    page.get_by_text(re.compile(r"^Notes \(\d+\)$")).click()
    summary = page.get_by_role("link", name=re.compile(r"^\d+ notes?$")).first
    expect(count).to_be_visible()
    expect(summary).to_have_text("1 note")
    notes.get_by_role("button", name="Delete note").click()
    expect(notes.get_by_role("status")).to_contain_text("Note deleted.")
    expect(page.get_by_text("Hasty thought")).to_have_count(0)
    expect(count).to_have_count(0)  # the paragraph's count follows,
    expect(summary).to_have_text("0 notes")  # and so does the page's
    notes.get_by_role("button", name="Undo").click()
    expect(page.get_by_text("Hasty thought")).to_be_visible()
    expect(count).to_be_visible()
    expect(summary).to_have_text("1 note")
    page.reload()
    expect(page.get_by_text("Hasty thought")).to_be_visible()


def test_selected_words_become_the_note_s_quote_and_are_highlighted(sign_in, live, op26, author):
    page = sign_in("amina")
    page.evaluate(
        """() => {
          const text = document.querySelector("#op26 [data-quote-source]").firstChild;
          const start = text.data.indexOf("eighty-first session");
          const range = document.createRange();
          range.setStart(text, start);
          range.setEnd(text, start + "eighty-first session".length);
          document.getSelection().removeAllRanges();
          document.getSelection().addRange(range);
        }"""
    )
    page.get_by_role("button", name="Add note to operative paragraph 26").click()
    expect(page.get_by_label("Note", exact=True)).to_be_focused()  # the form is ready to type in
    form = page.get_by_role("form", name="New note on operative paragraph 26")
    expect(form.locator("blockquote")).to_have_text("eighty-first session")
    page.get_by_label("Note", exact=True).fill("The date to watch")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The date to watch")).to_be_visible()
    # The section swapped in marks the quote at once, where the server says it stands.
    page.wait_for_function("() => CSS.highlights.get('annotation-quote')?.size === 1")
    note = Annotation.objects.get()
    assert note.quote_exact == "eighty-first session" and note.quote_found
    assert re.search(r"again at its $", note.quote_prefix)
    page.reload()
    highlighted = page.evaluate(
        "() => [...CSS.highlights.get('annotation-quote')].map(r => r.toString())"
    )
    assert highlighted == ["eighty-first session"]


def test_the_tags_field_suggests_tags_already_in_use_as_one_types(sign_in, live, make_note):
    make_note(note="Earlier", tags=["follow-up", "forced labour"])
    page = sign_in("amina")
    page.get_by_role("button", name="Add note to operative paragraph 26").click()
    expect(page.get_by_label("Note", exact=True)).to_be_focused()  # the form is ready to type in
    tags = page.get_by_role("combobox", name="Tags")  # a text field with a list of suggestions
    tags.press_sequentially("Reporting, fo")
    suggestions = page.locator(f"#{tags.get_attribute('list')} option")
    expect(suggestions).to_have_count(2)
    values = sorted(option.get_attribute("value") for option in suggestions.all())
    # Each suggestion completes the tag being typed and keeps the ones before it.
    assert values == ["Reporting, follow-up", "Reporting, forced labour"]
    tags.press_sequentially("l")
    expect(suggestions).to_have_count(1)
    expect(suggestions).to_have_attribute("value", "Reporting, follow-up")


def test_a_hidden_note_s_tag_spelling_is_never_suggested_or_shown_to_another_reader(
    sign_in, live, make_note, outsider
):
    make_note(note="Amina's private thoughts", tags=["ILO"])
    page = sign_in("chen")
    page.get_by_role("button", name="Add note to operative paragraph 26").click()
    expect(page.get_by_label("Note", exact=True)).to_be_focused()
    page.get_by_label("Note", exact=True).fill("The labour office's report")
    tags = page.get_by_role("combobox", name="Tags")
    with page.expect_response(lambda response: "/tags/" in response.url):
        tags.press_sequentially("i")
    suggestions = page.locator(f"#{tags.get_attribute('list')} option")
    expect(suggestions).to_have_count(0)  # nothing tells Chen that "ILO" exists
    tags.press_sequentially("lo")
    page.get_by_role("button", name="Save").click()
    notes = page.get_by_role("group", name="Notes on operative paragraph 26")
    card = notes.get_by_role("article", name="Note by chen")
    expect(card.get_by_role("link", name="ilo", exact=True)).to_be_visible()
    expect(page.get_by_text("ILO", exact=True)).to_have_count(0)
    page.goto(live + "/tags/")
    expect(page.get_by_role("link", name="ilo", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="ILO", exact=True)).to_have_count(0)
