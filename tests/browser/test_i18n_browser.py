"""The interface in the reader's language, in a real browser: Arabic right to left from the
header to the inputs, Chinese and Russian pages, the French text as the UN wrote it, and the
language switch that keeps the page, with JavaScript and without. axe-core on each page;
screenshots at 1280 and 390 px wide are written to $I18N_SCREENSHOTS when it is set."""

import os
import tarfile
from io import StringIO
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

ARCHIVE_77 = Path(__file__).resolve().parents[2] / "data" / "akn" / "ga-77.tar.xz"
READER = "/resolutions/A/RES/77/194/"
WIDTHS = (1280, 390)


def load_77_194(folder: Path, *letters: str) -> None:
    """A/RES/77/194 from the UN's XML, in English and the languages named by the letter that
    ends their files (A, C, F, R, S)."""
    wanted = {"E", *letters}
    with tarfile.open(ARCHIVE_77, "r:xz") as archive:
        for member in archive:
            if "A_RES_77_194-2228891" in member.name and member.name[-5] in wanted:
                (folder / Path(member.name).name).write_bytes(archive.extractfile(member).read())
    files = sorted(str(path) for path in folder.glob("*.xml"))
    call_command("ingest_resolution", *files, "--lenient", stdout=StringIO())


def no_violations(page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def look_at(page, name: str) -> None:
    """Screenshots at a desk's and a phone's width, for a person to look at."""
    folder = os.environ.get("I18N_SCREENSHOTS")
    if not folder:
        return
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=False)


def direction_of(locator) -> str:
    return locator.evaluate("element => getComputedStyle(element).direction")


def test_arabic_runs_right_to_left_throughout(browser, live, tmp_path):
    load_77_194(tmp_path, "A")
    context = browser.new_context(locale="ar", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live + READER + "?lang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    # The header's first item, the site's name, stands at the right.
    name = page.get_by_role("link", name="قارئ القرارات")
    box = name.bounding_box()
    assert box["x"] > 1280 / 2, box
    expect(page.get_by_role("link", name="المكتبة", exact=True)).to_be_visible()
    # The masthead and the text are the Arabic text's own, right to left.
    expect(page.locator(".doc-opening")).to_have_text("إن الجمعية العامة،")
    assert direction_of(page.locator(".doc-header")) == "rtl"
    assert direction_of(page.locator("#op1 .para-text")) == "rtl"
    # Inputs too: the language switch, and the phrase box of "where else adopted".
    assert direction_of(page.get_by_label("لغة الواجهة")) == "rtl"
    page.goto(live + READER + "op1/agreed/?lang=ar")
    phrase = page.get_by_label("العبارة")
    expect(phrase).to_have_attribute("dir", "rtl")
    assert direction_of(phrase) == "rtl"
    no_violations(page)
    page.goto(live + READER + "?lang=ar")
    no_violations(page)
    look_at(page, "reader-ar")
    page.goto(live + "/")
    search = page.get_by_label("البحث في جميع الفقرات")
    search.fill("الاتجار")
    assert direction_of(search) == "rtl"
    look_at(page, "library-ar")
    context.close()


def test_a_page_in_chinese(browser, live, bundled):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(live + "/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", level=1)).to_have_text("图书馆")
    expect(page.get_by_label("搜索所有段落")).to_be_visible()
    expect(page.get_by_text("1 项决议")).to_be_visible()
    no_violations(page)
    look_at(page, "library-zh")
    page.goto(live + "/resolutions/A/RES/79/154/")
    expect(page.get_by_role("button", name="复制链接").first).to_be_attached()
    expect(page.locator(".bar-contents summary")).to_have_text("目录")
    no_violations(page)
    look_at(page, "reader-zh")
    context.close()


def test_a_page_in_russian_with_the_russian_text(browser, live, tmp_path):
    load_77_194(tmp_path, "R")
    context = browser.new_context(locale="ru-RU")
    page = context.new_page()
    page.goto(live + READER + "?lang=ru")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator(".doc-opening")).to_have_text("Генеральная Ассамблея,")
    expect(page.locator(".doc-session")).to_have_text("Семьдесят седьмая сессия")
    expect(page.get_by_role("link", name="Библиотека")).to_be_visible()
    expect(page.locator(".doc-facts")).to_contain_text("15 декабря 2022")
    no_violations(page)
    look_at(page, "reader-ru")
    context.close()


def test_the_french_reader_opens_as_the_un_wrote_it(browser, live, tmp_path):
    load_77_194(tmp_path, "F")
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(live + READER + "?lang=fr")
    expect(page.locator(".doc-opening")).to_have_text("L’Assemblée générale,")
    expect(page.locator(".doc-organ")).to_have_text("Assemblée générale")
    expect(page.locator(".doc-meeting")).to_contain_text("54e séance plénière")
    header = page.locator(".doc-header").inner_text()
    for english in ("General Assembly", "Agenda item", "Seventy", "plenary", "Distr.:"):
        assert english not in header, english
    no_violations(page)
    look_at(page, "reader-fr")
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_the_language_switch_keeps_the_page(browser, live, bundled, javascript):
    context = browser.new_context(locale="en-GB", java_script_enabled=javascript)
    page = context.new_page()
    page.goto(live + "/resolutions/A/RES/79/154/op2/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Interface language").select_option("es")
    page.get_by_role("button", name="Change").click()
    expect(page).to_have_url(live + "/resolutions/A/RES/79/154/op2/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("link", name="Biblioteca")).to_be_visible()
    # Remembered: another page is in Spanish too, whatever the browser asks for.
    page.goto(live + "/search/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Buscar")
    page.get_by_label("Idioma de la interfaz").select_option("en")
    page.get_by_role("button", name="Cambiar").click()
    expect(page).to_have_url(live + "/search/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    context.close()
