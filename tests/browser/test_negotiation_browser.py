"""Issue 19 walked end to end in a real Chromium, on the UN's own texts of A/RES/79/154 and
A/RES/77/194: a draft started from 79/154, an amendment to op25 for the European Union that
Canada supports, its inserted words found in 77/194 and footnoted in one click, op3 agreed ad
ref, op5bis for the African Group accepted, Rev.1 issued and compared with 79/154, the
compilation taken away as Word with the pending amendment as the European Union's tracked
change. On a desk (1280 px) and a phone (390 px);
axe finds nothing on any page. Screenshots go to SCREENSHOTS_DIR when it is set."""

import io
import os
import tarfile
from pathlib import Path

import docx
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from docx.oxml.ns import qn
from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parent.parent.parent
ARCHIVE_77 = ROOT / "data" / "akn" / "ga-77.tar.xz"
MEMBER_77 = "77session/English/A_RES_77_194-2228891E.xml"
SIZES = {"desk": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
PASSWORD = "correct horse battery staple"
# Words 77/194 has in its op24 and 79/154 dropped: the EU puts them back into op25.
FROM_77 = "in particular for recruiting children"
NEW_OP5BIS = (
    "Encourages Member States to support survivor-led organizations in designing "
    "and evaluating programmes for victims of trafficking;"
)


@pytest.fixture(params=list(SIZES))
def screen(request, page: Page):
    page.set_viewport_size(SIZES[request.param])
    return request.param


@pytest.fixture
def library(live, tmp_path):
    """A/RES/79/154 from the bundled text and A/RES/77/194 from the UN's archive, linked as
    versions and indexed for agreed language, with the Member States the stances name."""
    from resolutions.across import series
    from resolutions.models import MemberState

    with tarfile.open(ARCHIVE_77, "r:xz") as archive:
        archive.extract(MEMBER_77, tmp_path, filter="data")
    quiet = io.StringIO()
    call_command("ingest_resolution", str(tmp_path / MEMBER_77), stdout=quiet)
    call_command("ingest_resolution", str(ROOT / "data" / "A_RES_79_154.md"), stdout=quiet)
    series.link_versions()
    call_command("index_wording", stdout=quiet)
    for name in ("Canada", "Mexico"):
        MemberState.objects.get_or_create(name=name, defaults={"slug": name.lower()})


@pytest.fixture
def facilitator(live, django_user_model):
    from annotations.models import Team

    user = django_user_model.objects.create_user(username="amina", password=PASSWORD)
    Team.create(name="Gender desk", owner=user)
    return user


def shoot(page: Page, name: str):
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def shoot_part(locator, name: str):
    """One part of a long page, for a person to look at closely."""
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        locator.screenshot(path=str(Path(folder) / f"{name}.png"))


def no_violations(page: Page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def paragraph_page(page: Page, live: str, slug: str, pid: str):
    page.goto(f"{live}/drafts/{slug}/{pid}/")


def test_a_facilitator_negotiates_the_next_text_from_79_154_to_rev1_and_word(
    page: Page, screen, live, library, facilitator
):
    from drafts.models import Draft

    page.goto(live + "/accounts/login/")
    page.get_by_label("Username").fill("amina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # Start the next text from A/RES/79/154.
    page.goto(live + "/drafts/new/?from=A/RES/79/154")
    form = page.locator("#start-form")
    expect(form.get_by_label("Start from resolution")).to_have_value("A/RES/79/154")
    form.get_by_label("Label").fill("A/C.3/81/L.23, zero draft")
    form.get_by_role("button", name="Start the draft").click()
    expect(page.get_by_role("heading", name="Trafficking in women and girls")).to_be_visible()
    slug = Draft.objects.get().slug

    # The European Union proposes to amend op25, putting back words of 77/194.
    paragraph_page(page, live, slug, "op25")
    propose = page.get_by_role("group", name="Propose on OP 25")
    current = page.locator("#row-op25 .draft-text").inner_text()
    amended = current.replace(
        "to address the problem of trafficking in persons through",
        f"to address the problem of trafficking in persons, {FROM_77}, through",
        1,
    )
    assert amended != current
    propose.get_by_label("New wording").check()
    propose.get_by_label("On behalf of").fill("European Union")
    propose.get_by_role("textbox", name="Wording").fill(amended)
    propose.get_by_role("button", name="Propose").click()
    proposal = page.locator(".proposal").filter(has_text="European Union")
    expect(proposal.get_by_role("insertion").first).to_contain_text("recruiting children")

    # Canada supports it.
    stance = proposal.get_by_role(
        "group", name="Record a delegation on the proposal of European Union"
    )
    stance.get_by_label("Delegation").fill("Canada")
    stance.get_by_label("Supports").check()
    stance.get_by_role("button", name="Record").click()
    proposal = page.locator(".proposal").filter(has_text="European Union")
    expect(proposal.get_by_text("Supported by: Canada.")).to_be_visible()

    # Its inserted words: agreed language of 77/194 (or new), footnoted in one click.
    check = proposal.locator(".agreed-inline")
    check.scroll_into_view_if_needed()  # where the check loads, as the reader reaches it
    expect(check).to_contain_text(FROM_77)
    expect(check.get_by_role("link", name="A/RES/77/194, para. 24")).to_be_visible()
    check.get_by_role(
        "button", name="Add footnote “Agreed language: A/RES/77/194, para. 24”"
    ).click()
    expect(page.get_by_text("Footnote added: A/RES/77/194, para. 24")).to_be_visible()

    # op3 agreed ad ref.
    paragraph_page(page, live, slug, "op3")
    status = page.get_by_role("group", name="Status of OP 3")
    status.get_by_label("Agreed ad ref").check()
    status.get_by_role("button", name="Set status").click()
    expect(page.locator("#row-op3 .draft-status")).to_contain_text("Agreed ad ref")

    # op5bis for the African Group, accepted into the text.
    paragraph_page(page, live, slug, "op5")
    propose = page.get_by_role("group", name="Propose on OP 5")
    propose.get_by_label("New paragraph after").check()
    propose.get_by_label("On behalf of").fill("African Group")
    propose.get_by_role("textbox", name="Wording").fill(NEW_OP5BIS)
    propose.get_by_role("button", name="Propose").click()
    expect(page.get_by_text("African Group proposes a new paragraph, op5bis.")).to_be_visible()
    paragraph_page(page, live, slug, "op5bis")
    page.get_by_role("button", name="Accept the proposal of African Group").click()
    expect(page.locator("#row-op5bis .draft-text")).to_contain_text("survivor-led organizations")

    # The compilation as negotiators read it.
    page.goto(f"{live}/drafts/{slug}/")
    expect(page.get_by_text("agreed ad ref").first).to_be_visible()
    expect(page.get_by_text("Agreed language: A/RES/77/194, para. 24")).to_be_visible()
    shoot(page, f"negotiation-compilation-{screen}")
    shoot_part(page.locator("#row-op25"), f"negotiation-compilation-op25-{screen}")
    shoot_part(page.locator("#row-op3"), f"negotiation-compilation-op3-{screen}")
    shoot_part(page.locator(".draft-header"), f"negotiation-compilation-top-{screen}")
    no_violations(page)

    # Rev.1 issued, then compared with 79/154.
    page.get_by_role("link", name="Revisions: read, compare, issue").click()
    page.get_by_role("button", name="Issue Rev.1").click()
    expect(page.get_by_role("heading", name="A/C.3/81/L.23, zero draft, Rev.1")).to_be_visible()
    expect(page.get_by_text("survivor-led organizations")).to_be_visible()
    shoot(page, f"negotiation-rev1-{screen}")
    shoot_part(page.locator("#op5bis"), f"negotiation-rev1-op5bis-{screen}")
    no_violations(page)
    page.get_by_role("link", name="A/RES/79/154").last.click()
    expect(page.get_by_role("heading", name="Rev.1 compared with A/RES/79/154")).to_be_visible()
    new_row = page.locator("#op5bis")
    expect(new_row.get_by_text("New", exact=True)).to_be_visible()
    expect(new_row.get_by_role("insertion")).to_contain_text("survivor-led organizations")
    shoot(page, f"negotiation-compare-{screen}")
    no_violations(page)

    # The new paragraph's wording from the base through Rev.1: new there.
    paragraph_page(page, live, slug, "op5bis")
    history = page.get_by_role("region", name="Through the revisions")
    expect(history.get_by_role("link", name="Rev.1")).to_be_visible()
    expect(history.get_by_text("new in this text")).to_be_visible()

    # Taken away as Word: the European Union's pending wording as its tracked change.
    page.goto(f"{live}/drafts/{slug}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Word, with tracked changes by delegation").click()
    document = docx.Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    inserted = {
        (e.get(qn("w:author")), "".join(t.text for t in e.iter(qn("w:t"))))
        for e in document.element.body.iter(qn("w:ins"))
    }
    assert any(
        author == "European Union" and "recruiting children" in words for author, words in inserted
    ), inserted
