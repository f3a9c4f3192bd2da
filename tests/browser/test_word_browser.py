"""Word in and out of a negotiation draft in a real Chromium, on a desk (1280 px) and a phone
(390 px): a delegate uploads a delegation's Word file to start a draft, a broken file is refused
with the label kept, the compilation offers its exports and the Word file downloaded carries the
proposal as a tracked change by its delegation; printed, the compilation drops its forms. Axe
finds nothing. Screenshots go to SCREENSHOTS_DIR when it is set."""

import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from playwright.sync_api import Page, expect

from tests.browser.test_compare_agreed_browser import SIZES, no_violations, shoot
from tests.drafts.test_word import word_file
from tests.drafts.test_word_views import propose

PASSWORD = "correct horse battery staple"
ZERO_DRAFT = [
    "A/C.3/81/L.23",
    "Trafficking in women and girls",
    ("The General Assembly,", ""),
    ("Recalling", " its resolution 79/154 of 17 December 2024,"),
    ("Deeply concerned", " at the increase in trafficking in women and girls,"),
    "1. Urges Governments to prevent trafficking in women and girls;",
    "2. Decides to remain seized of the matter.",
]


@pytest.fixture(params=list(SIZES))
def screen(request, page: Page):
    page.set_viewport_size(SIZES[request.param])
    return request.param


@pytest.fixture
def delegate(live, django_user_model):
    from annotations.models import Team

    user = django_user_model.objects.create_user(username="amina", password=PASSWORD)
    Team.create(name="Gender desk", owner=user)
    return user


def sign_in(page: Page, live: str):
    page.goto(live + "/accounts/login/")
    page.get_by_label("Username").fill("amina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_delegate_starts_a_draft_from_word_and_takes_it_away_as_word(
    page: Page, screen, live, delegate, tmp_path
):
    from drafts.models import Draft

    upload = tmp_path / "zero-draft.docx"
    upload.write_bytes(word_file(*ZERO_DRAFT))
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a Word file")
    sign_in(page, live)
    page.goto(live + "/drafts/new/")
    region = page.get_by_role("region", name="Or start from a document")

    region.get_by_label("Word file or text").set_input_files(str(broken))
    region.get_by_label("Label").fill("A/C.3/81/L.23, zero draft")
    region.get_by_role("button", name="Start the draft from this document").click()
    expect(page.get_by_text("This file cannot be read as a resolution")).to_be_visible()
    expect(region.get_by_label("Label")).to_have_value("A/C.3/81/L.23, zero draft")
    shoot(page, f"word-upload-refused-{screen}")
    no_violations(page)

    region.get_by_label("Word file or text").set_input_files(str(upload))
    region.get_by_role("button", name="Start the draft from this document").click()
    expect(page.get_by_role("heading", name="Trafficking in women and girls")).to_be_visible()
    expect(page.get_by_text("Urges Governments to prevent trafficking")).to_be_visible()

    op1 = Draft.objects.get().paragraphs.get(pid="op1")
    wording = "Urges all States to prevent and combat trafficking in women and girls;"
    propose(op1, "European Union", wording, delegate)
    page.reload()
    expect(page.get_by_role("insertion").filter(has_text="all States")).to_be_visible()
    exports = page.get_by_role("navigation", name="Take the draft away")
    expect(exports.get_by_role("link", name="JSON")).to_be_visible()
    shoot(page, f"word-compilation-{screen}")
    no_violations(page)

    with page.expect_download() as download:
        exports.get_by_role("link", name="Word, with tracked changes by delegation").click()
    document = docx.Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    body = document.element.body
    inserted = {
        (e.get(qn("w:author")), "".join(t.text for t in e.iter(qn("w:t"))))
        for e in body.iter(qn("w:ins"))
    }
    assert ("European Union", "all States") in inserted

    page.emulate_media(media="print")
    expect(exports).to_be_hidden()
    expect(page.get_by_role("insertion").filter(has_text="all States")).to_be_visible()
    expect(page.get_by_text("new paragraph")).to_have_count(0)
    shoot(page, f"word-compilation-print-{screen}")
