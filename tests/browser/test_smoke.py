from playwright.sync_api import Page, expect


def test_a_visitor_sees_the_library_with_its_heading_and_skip_link(page: Page, live):
    page.goto(live + "/")
    expect(page).to_have_title("Library · Resolution Reader")
    expect(page.get_by_role("heading", level=1)).to_have_text("Library")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
