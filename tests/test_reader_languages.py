"""The reader in every language loaded, side by side, and with the structure the official text
has: parts, annexes with tables, section headings, bold, italic and links; notes belong to the
paragraph in every language, and notes on paragraphs gone from the text are kept, detached."""

from annotations.models import Annotation, Quote, create_note
from resolutions.models import Paragraph

READER = "/resolutions/A/RES/77/264/"


def test_english_is_the_default_with_every_text_carrying_its_language(client, parts):
    html = client.get(READER).text
    assert 'lang="en" dir="ltr"' in html
    assert "Decides to act;" not in html  # marked up, as the official text is
    assert "<strong>Decides</strong>" in html
    assert '<a href="https://undocs.org/A/RES/76/1" class="source-link">act;</a>' in html


def test_lang_shows_that_language_and_the_switch_lists_every_language_loaded(client, parts):
    # The browser asks for English: the interface stays English, the document is French.
    html = client.get(READER + "?lang=fr", headers={"Accept-Language": "en"}).text
    assert "FR Decides to act;" in html and "Financement" in html
    for code, name in [("ar", "العربية"), ("en", "English"), ("fr", "Français")]:
        assert f'href="{READER}?lang={code}" lang="{code}" hreflang="{code}"' in html
        assert name in html
    assert "missing from the Français text" in html  # b-op1 has no French version


def test_arabic_reads_right_to_left(client, parts):
    html = client.get(READER + "?lang=ar").text
    assert 'id="document" aria-labelledby="resolution-title" lang="ar" dir="rtl">' in html
    assert 'lang="ar" dir="rtl"' in html and "نص a-op1" in html


def test_two_languages_side_by_side_align_paragraph_by_paragraph(client, parts):
    html = client.get(READER + "?lang=en&also=fr").text
    english, french = (
        html.index("Requests the Secretary-General"),
        html.index("missing from the Français text"),
    )
    assert english < french < html.index("Goal one of the programme.")
    assert html.index("<strong>Decides</strong>") < html.index("FR Decides to act;") < english


def test_a_language_not_loaded_falls_back_and_says_so(client, parts):
    html = client.get(READER + "?lang=ru", headers={"Accept-Language": "en"}).text
    assert "not in the library in Русский; showing English" in html
    # Without a language of its own, the browser reads the interface in the language asked for.
    html = client.get(READER + "?lang=ru").text
    assert "Этой резолюции нет в библиотеке на языке Русский" in html


def test_parts_annexes_and_headings_stand_where_the_official_text_has_them(client, parts):
    html = client.get(READER).text
    part_a, part_b, annex = (
        html.index('id="part-a"'),
        html.index('id="part-b"'),
        html.index('id="annex1"'),
    )
    assert part_a < html.index('id="a-op1"') < part_b < html.index('id="h1"') < annex
    assert "Programme of action" in html and '<th scope="col">Goal</th>' in html
    toc = html[html.index('class="toc"') : html.index("</nav>", html.index('class="toc"'))]
    for entry in [
        'href="#part-a">A. Budget',
        'href="#part-b">B. Staff',
        'href="#h1">I. Staff matters',
        'href="#annex1">Annex: Programme of action',
    ]:
        assert entry in toc


def test_a_heading_has_a_permalink_but_no_note_button(as_user, author, parts):
    response = as_user(author).get(READER + "h1/")
    assert response.status_code == 200
    html = response.text
    assert (
        'id="h1"' in html
        and 'Add note<span class="visually-hidden"> to section heading' not in html
    )


def test_the_adoption_data_and_the_source_head_the_page(client, parts):
    html = client.get(READER).text
    assert '<dt>Committee</dt><dd lang="en" dir="ltr">Fifth Committee</dd>' in html
    assert "Adopted without a vote" in html
    assert "<dt>Source</dt><dd>United Nations" in html


def test_a_note_shows_in_every_language_and_its_quote_keeps_its_own(client, parts, author):
    _, made = parts
    create_note(
        paragraph=made["a-op1"],
        author=author,
        note="Shared everywhere",
        visibility="public",
        quote=Quote("FR Decides", language="fr"),
    )
    for lang in ("en", "fr", "ar"):
        html = client.get(READER + f"?lang={lang}").text
        assert "Shared everywhere" in html
        assert '<blockquote class="note-quote" lang="fr">FR Decides</blockquote>' in html


def test_notes_on_a_paragraph_gone_from_the_text_are_shown_detached(client, parts, author):
    _, made = parts
    create_note(paragraph=made["b-op1"], author=author, note="Still here", visibility="public")
    Paragraph.objects.filter(pk=made["b-op1"].pk).update(in_text=False)
    html = client.get(READER).text
    detached = html.index('id="detached"')
    assert html.index("Still here") > detached
    assert "Detached notes" in html


def test_the_page_costs_the_same_queries_in_any_language(parts, client, django_assert_num_queries):
    client.get(READER)  # warm the page cache's tables
    for query in ("?lang=fr&x=1", "?lang=en&also=ar&x=2"):
        # The resolution, its tokens and again after them, the language versions, paragraphs,
        # their texts, footnotes, footnote texts, markers, citations, library, cited-by; the
        # previous and next versions; notes.
        with django_assert_num_queries(16):
            client.get(READER + query)


def test_create_note_is_the_one_way_a_note_is_made(parts, author):
    _, made = parts
    note = create_note(
        paragraph=made["a-op1"],
        author=author,
        note="*Why*",
        tags=["ILO"],
        quote=Quote("to act", language="en"),
    )
    note = Annotation.objects.get(pk=note.pk)
    assert note.note_html.strip() == "<p><em>Why</em></p>"
    assert note.quote_found and note.quote_language == "en"
    assert note.paragraph_revision == made["a-op1"].revision


def test_a_permalink_keeps_its_language_in_previous_and_next(client, parts):
    html = client.get(READER + "a-op1/?lang=fr").text
    assert f'<a rel="prev" href="{READER}a-pp1/?lang=fr">' in html
    assert f'<a rel="next" href="{READER}h1/?lang=fr">' in html
