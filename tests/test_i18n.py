"""The interface in the six official languages: chosen by the switch, else the browser, else the
document; right to left in Arabic; the document's own words in the document's language; and a
cached page never served in one language to a reader of another."""

import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from resolutions.models import Resolution
from resolutions.parsing.languages import direction

ARCHIVE_77 = Path(__file__).resolve().parent.parent / "data" / "akn" / "ga-77.tar.xz"
READER = "/resolutions/A/RES/77/194/"
LIBRARY = "/"


@pytest.fixture(scope="module")
def trafficking_77(django_db_setup, django_db_blocker, tmp_path_factory):
    """A/RES/77/194 in the six languages, as `make run` loads it from the UN's XML: loaded once
    for this module (six files take a while), emptied afterwards as a transactional test is."""
    folder = tmp_path_factory.mktemp("ga77")
    with tarfile.open(ARCHIVE_77, "r:xz") as archive:
        for member in archive:
            if "A_RES_77_194-2228891" in member.name:
                (folder / Path(member.name).name).write_bytes(archive.extractfile(member).read())
    files = sorted(str(path) for path in folder.glob("*.xml"))
    with django_db_blocker.unblock():
        call_command("ingest_resolution", *files, "--lenient", stdout=StringIO())
        yield Resolution.objects.get(symbol="A/RES/77/194")
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def trafficking(trafficking_77, db):
    return trafficking_77


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# --- Which language ------------------------------------------------------------------------------


def test_the_interface_follows_the_browsers_language(client, bundled):
    html = html_of(client.get(LIBRARY, headers={"Accept-Language": "fr-CH, en;q=0.5"}))
    assert '<html lang="fr" dir="ltr">' in html
    assert ">Bibliothèque</a>" in html and "Rechercher" in html


def test_arabic_runs_right_to_left_from_the_page_down_to_the_inputs(client, bundled):
    html = html_of(client.get(LIBRARY, headers={"Accept-Language": "ar"}))
    assert '<html lang="ar" dir="rtl">' in html
    assert 'name="q" autocomplete="off" dir="auto"' in html  # typed text finds its own way


def test_django_s_own_pages_run_the_way_the_language_tables_say(settings):
    # The admin reads Django's list of right-to-left languages; the reader, the tables' rule.
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            assert translation.get_language_bidi() == (direction(code) == "rtl"), code
    assert [code for code, _ in settings.LANGUAGES if direction(code) == "rtl"] == ["ar"]


def test_chinese_is_simplified_chinese(client, bundled):
    html = html_of(client.get(LIBRARY, headers={"Accept-Language": "zh-CN"}))
    assert '<html lang="zh-hans" dir="ltr">' in html and "图书馆" in html


def test_the_switch_wins_over_the_browser(client, bundled):
    client.cookies["django_language"] = "ru"
    html = html_of(client.get(LIBRARY, headers={"Accept-Language": "fr"}))
    assert '<html lang="ru"' in html and "Библиотека" in html


def test_without_a_choice_the_interface_speaks_the_documents_language(client, trafficking):
    html = html_of(client.get(READER + "?lang=es"))
    assert '<html lang="es"' in html
    html = html_of(client.get(READER + "?lang=es", headers={"Accept-Language": "en"}))
    assert '<html lang="en"' in html


def test_urls_carry_no_language_prefix(client, bundled):
    assert client.get("/fr/").status_code == 404


# --- The switch ----------------------------------------------------------------------------------


def test_the_switch_keeps_the_page_and_remembers_the_choice(bundled):
    client = Client(enforce_csrf_checks=True)
    page = "/resolutions/A/RES/79/154/op26/"
    response = client.post(
        "/i18n/setlang/",
        {"language": "es", "next": page},
        headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 302 and response["Location"] == page
    assert response.cookies["django_language"].value == "es"
    assert response.cookies["django_language"]["httponly"]
    html = html_of(client.get(page, headers={"Accept-Language": "fr"}))
    assert '<html lang="es"' in html and "Biblioteca" in html


def test_the_switch_refuses_another_sites_form(bundled):
    client = Client(enforce_csrf_checks=True)
    for headers in (
        {"Origin": "https://elsewhere.example", "Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Origin": "https://elsewhere.example"},
        {},  # a browser that says nothing must bring the CSRF token
    ):
        response = client.post("/i18n/setlang/", {"language": "ar", "next": "/"}, headers=headers)
        assert response.status_code == 403, headers
        assert "django_language" not in response.cookies


def test_the_switch_with_its_token_works_for_a_browser_that_sends_no_origin(bundled):
    client = Client(enforce_csrf_checks=True)
    client.get(LIBRARY, headers={"Cookie": "sessionid=none"})  # a page that sets the CSRF cookie
    html = html_of(client.get("/accounts/login/"))
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = client.post(
        "/i18n/setlang/", {"language": "ru", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302 and response.cookies["django_language"].value == "ru"


def test_the_switch_is_on_every_page_as_a_form_that_posts_the_current_address(client, bundled):
    html = html_of(client.get("/resolutions/A/RES/79/154/?lang=en"))
    form = html[html.index('<form class="language-switch"') :]
    form = form[: form.index("</form>")]
    assert 'method="post" action="/i18n/setlang/"' in form
    assert 'name="next" value="/resolutions/A/RES/79/154/?lang=en"' in form
    for code, name in [
        ("ar", "العربية"),
        ("zh-hans", "中文"),
        ("ru", "Русский"),
        ("es", "Español"),
    ]:
        assert f'<option value="{code}" lang="{code}">{name}</option>' in form
    assert '<option value="en" lang="en" selected>English</option>' in form


# --- The page cache ------------------------------------------------------------------------------


def test_a_cached_page_is_never_served_in_another_language(client, bundled):
    page = "/resolutions/A/RES/79/154/"
    french = client.get(page, headers={"Accept-Language": "fr"})
    assert '<html lang="fr"' in html_of(french)
    english = client.get(page, headers={"Accept-Language": "en"})
    assert '<html lang="en"' in html_of(english)
    again = client.get(page, headers={"Accept-Language": "fr"})  # from the cache now
    assert '<html lang="fr"' in html_of(again)
    for response in (french, english, again):
        vary = {v.strip().lower() for v in response["Vary"].split(",")}
        assert {"accept-language", "cookie"} <= vary
    client.cookies["django_language"] = "ar"
    assert '<html lang="ar" dir="rtl">' in html_of(client.get(page))


# --- The document's own words --------------------------------------------------------------------


def test_the_french_text_opens_as_the_un_wrote_it_with_no_english_from_the_document(
    client, trafficking
):
    html = html_of(client.get(READER + "?lang=fr", headers={"Accept-Language": "fr"}))
    header = html[
        html.index('<header class="doc-header"') : html.index(
            "</header>", html.index('<header class="doc-header"')
        )
    ]
    assert 'lang="fr" dir="ltr"' in header
    for words in [
        "Assemblée générale",
        "Distr. générale",
        "Soixante-dix-septième session",
        "Point 26 de l’ordre du jour",
        "Promotion des femmes",
        "Résolution adoptée par l’Assemblée générale le 15 décembre 2022",
        "[sur la base du rapport de la Troisième Commission",
        "Traite des femmes et des filles",
    ]:
        assert words in header, words
    assert "<em>L’Assemblée générale,</em>" in html
    assert "54e séance plénière<br>15 décembre 2022" in html
    for english in [
        "The General Assembly",
        "General Assembly",
        "Seventy-seventh session",
        "Agenda item",
        "Resolution adopted by",
        "plenary meeting",
        "on the report of",
        "Distr.: General",
        "Advancement of women",
    ]:
        assert english not in html, english


def test_each_language_opens_with_its_own_enacting_words(client, trafficking):
    for code, opening, organ in [
        ("ar", "إن الجمعية العامة،", "الجمعية العامة"),
        ("zh", "大会，", "大会"),
        ("ru", "Генеральная Ассамблея,", "Генеральная Ассамблея"),
        ("es", "La Asamblea General,", "Asamblea General"),
        ("en", "The General Assembly,", "General Assembly"),
    ]:
        html = html_of(client.get(f"{READER}?lang={code}"))
        assert f"<em>{opening}</em>" in html, code
        assert f'<p class="doc-organ">{organ}</p>' in html, code


def test_the_arabic_masthead_runs_right_to_left(client, trafficking):
    html = html_of(client.get(READER + "?lang=ar"))
    assert '<header class="doc-header" lang="ar" dir="rtl">' in html


def test_a_text_without_its_own_masthead_keeps_the_librarys_english(client, bundled):
    html = html_of(client.get("/resolutions/A/RES/79/154/", headers={"Accept-Language": "fr"}))
    assert '<header class="doc-header" lang="en" dir="ltr">' in html
    assert "<em>The General Assembly,</em>" in html
    assert "Seventy-ninth session" in html


def test_dates_and_the_interfaces_words_follow_the_interfaces_language(client, trafficking):
    html = html_of(client.get(READER + "?lang=fr", headers={"Accept-Language": "fr"}))
    facts = html[html.index('<dl class="doc-facts"') :]
    facts = facts[: facts.index("</dl>")]
    assert 'lang="fr"' in facts and "Adoptée" in facts and "15 décembre 2022" in facts
    html = html_of(client.get(READER + "?lang=fr", headers={"Accept-Language": "ru"}))
    assert "15 декабря 2022" in html


# --- Library and search in the chosen language ----------------------------------------------------


def test_the_library_in_a_language_lists_its_titles_and_opens_its_texts(
    client, trafficking, bundled
):
    html = html_of(client.get(LIBRARY + "?lang=fr"))
    assert f'href="{READER}?lang=fr"' in html
    assert 'lang="fr" dir="ltr">Traite des femmes et des filles</span>' in html
    # Session 79 is in English only: the page says French covers session 77 alone.
    assert "for session 77 only" in html
    html = html_of(client.get(LIBRARY + "?lang=ar"))
    assert 'lang="ar" dir="rtl">الاتّجار بالنساء والفتيات</span>' in html


def test_a_language_that_covers_every_session_needs_no_note(client, trafficking):
    html = html_of(client.get(LIBRARY + "?lang=fr"))
    assert "only; the other sessions" not in html


def test_search_shows_a_hits_title_in_the_hits_language(client, trafficking):
    html = html_of(client.get("/search/?q=traite&lang=fr"))
    assert f"{READER}" in html and "?lang=fr" in html
    assert '<span lang="fr" dir="ltr">Traite des femmes et des filles</span>' in html


def test_a_text_loaded_before_its_masthead_was_kept_gets_it_on_the_next_load(db, tmp_path):
    from resolutions.models import ResolutionText

    with tarfile.open(ARCHIVE_77, "r:xz") as archive:
        for member in archive:
            if "A_RES_77_194-2228891" in member.name and member.name[-5] in "EF":
                path = tmp_path / member.name  # the UN's layout: 77session/French/…
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(archive.extractfile(member).read())
    files = sorted(str(path) for path in tmp_path.rglob("*.xml"))
    call_command("ingest_resolution", *files, stdout=StringIO())
    ResolutionText.objects.update(front={})  # as a library loaded before migration 0017 has it

    out = StringIO()
    call_command("load_library", str(tmp_path), stdout=out, stderr=StringIO())
    french = ResolutionText.objects.get(language="fr")
    assert french.front["opening"] == "L’Assemblée générale,"
    out = StringIO()
    call_command("load_library", str(tmp_path), stdout=out, stderr=StringIO())
    assert "2 unchanged" in out.getvalue()


def test_the_library_and_search_in_a_language_read_a_fixed_number_of_queries(
    client, trafficking, make_resolution
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, headers={"Accept-Language": "en"}).status_code == 200
        return len(captured)

    pages = [LIBRARY + "?lang=fr", "/search/?q=traite&lang=fr"]
    before = [queries(url) for url in pages]
    make_resolution(3, symbol="A/RES/70/501", session=70)
    make_resolution(3, symbol="A/RES/70/502", session=70)
    assert [queries(url) for url in pages] == before
