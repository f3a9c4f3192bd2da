"""The reader: a resolution laid out like the official document, made for the screen."""

import re
from itertools import pairwise

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

READER = "/resolutions/A/RES/79/154/"
# Resolution, its language versions, paragraphs, footnotes, markers, citations, which cited
# symbols the library has, who cites it; its previous and next versions; then the viewer's
# notes: all they may see (counts, filters), their tags, the first few shown. An anonymous
# reader's page is built once and cached: building it adds the page cache's tokens, read before
# anything on the page, and the resolution read again after them.
DOCUMENT_QUERIES = 8 + 1 + 3
READER_QUERIES = DOCUMENT_QUERIES + 2


def html_of(response):
    return response.content.decode()


def test_the_reader_shows_the_document_header_as_the_official_text_does(client, bundled):
    html = html_of(client.get(READER))
    assert "<title>A/RES/79/154: Trafficking in women and girls · Resolution Reader</title>" in html
    for line in [
        "General Assembly",
        "Distr.: General<br>19 December 2024",
        "Seventy-ninth session",
        "Agenda item 27",
        "Advancement of women",
        "Resolution adopted by the General Assembly on 17 December 2024",
        "[on the report of the Third Committee (",
        "<em>The General Assembly,</em>",
        "53rd plenary meeting",
    ]:
        assert line in html
    assert re.search(r"<h1 [^>]*>.*79/154\..*Trafficking in women and girls</h1>", html)
    assert html.count("<h1") == 1


def test_the_report_symbol_links_to_the_official_document_when_the_library_lacks_it(
    client, bundled
):
    assert '<a href="https://undocs.org/A/79/451">A/79/451</a>, para. 65)]' in html_of(
        client.get(READER)
    )


def test_every_paragraph_has_its_id_number_link_and_copy_link_button(client, bundled):
    html = html_of(client.get(READER))
    for pid in ["pp1", "pp38", "op1", "op26", "op52"]:
        assert f'id="{pid}"' in html
    assert (
        '<a class="para-number" href="/resolutions/A/RES/79/154/op26/" '
        'aria-label="Operative paragraph 26">26.</a>'
    ) in html
    assert 'data-copy-link="/resolutions/A/RES/79/154/op26/"' in html
    assert 'Copy link<span class="visually-hidden"> to operative paragraph 26</span>' in html
    assert html.count("data-copy-link=") == bundled.paragraphs.count()


def test_preambular_paragraphs_keep_their_italic_opening_words(client, bundled):
    html = html_of(client.get(READER))
    assert "<em>Recognizing</em> the crucial importance" in html


def test_the_table_of_contents_links_every_operative_paragraph(client, bundled):
    html = html_of(client.get(READER))
    toc = html[html.index('class="toc"') : html.index("</nav>", html.index('class="toc"'))]
    assert len(set(re.findall(r'<a href="#op\d+">', toc))) == 52
    assert '<a href="#footnotes">Footnotes (39)</a>' in toc


def test_a_footnote_marker_links_to_its_footnote_which_links_back(client, bundled):
    html = html_of(client.get(READER))
    assert (
        '<a id="pp2-fn1" href="/resolutions/A/RES/79/154/fn1/" '
        'hx-get="/resolutions/A/RES/79/154/fn1/" hx-target="#panel" '
        "data-opens-panel "
        'aria-label="Footnote 1">1</a>'
    ) in html
    assert '<li id="fn1" class="footnote" lang="en">' in html
    assert '<a class="fn-back" href="#pp2-fn1" aria-label="Back to preambular paragraph 2">' in html


def test_a_document_named_in_the_text_opens_its_instrument_panel(client, bundled):
    html = html_of(client.get(READER))
    assert (
        '<a href="/instruments/a-res-73-195/" class="cite" hx-get="/instruments/a-res-73-195/" '
        'hx-target="#panel" data-opens-panel="">resolution 73/195</a>'
    ) in html


def test_a_resolution_in_the_library_is_linked_to_the_reader_and_shows_who_cites_it(
    client, bundled, global_plan
):
    html = html_of(client.get(READER))
    assert (
        '<a href="/resolutions/A/RES/64/293/" class="cite cite-library">resolution 64/293</a>'
        in (html)
    )
    cited = html_of(client.get("/resolutions/A/RES/64/293/"))
    assert "Cited by" in cited
    assert '<a href="/resolutions/A/RES/79/154/">A/RES/79/154</a>' in cited
    assert '<a href="/resolutions/A/RES/79/154/pp12/">Preambular paragraph 12</a>' in cited
    assert '<a href="/resolutions/A/RES/79/154/op6/">Operative paragraph 6</a>' in cited


def test_the_reader_makes_as_many_queries_for_100_paragraphs_as_for_10(
    client, make_resolution, django_assert_num_queries
):
    make_resolution(10, symbol="A/RES/70/10")
    make_resolution(100, symbol="A/RES/70/100")
    with django_assert_num_queries(READER_QUERIES):
        small = client.get("/resolutions/A/RES/70/10/")
    with CaptureQueriesContext(connection) as queries:
        large = client.get("/resolutions/A/RES/70/100/")
    assert len(queries) == READER_QUERIES
    assert html_of(small).count("data-paragraph") == 10
    assert html_of(large).count("data-paragraph") == 100
    assert html_of(large).count('class="cite"') == 100
    assert html_of(large).count('class="fn-ref"') == 100


def test_an_htmx_request_gets_the_document_alone_and_the_response_varies_on_it(client, bundled):
    page = client.get(READER)
    fragment = client.get(READER, HTTP_HX_REQUEST="true")
    assert "HX-Request" in page["Vary"] and "HX-Request" in fragment["Vary"]
    assert "<html" in html_of(page)
    assert "<html" not in html_of(fragment)
    assert 'id="op26"' in html_of(fragment)


def test_an_htmx_history_restore_gets_the_whole_page(client, bundled):
    response = client.get(READER, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in html_of(response)


def test_a_symbol_not_in_the_library_is_a_404_page(client, db):
    response = client.get("/resolutions/A/RES/12/345/")
    assert response.status_code == 404
    assert "Page not found" in html_of(response)


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_reader_only_answers_reads(client, bundled, method):
    assert getattr(client, method)(READER).status_code == 405


def test_notes_from_the_annotations_app_appear_inside_their_paragraph(client, make_note):
    make_note(note="Watch this date", visibility="public")
    html = html_of(client.get(READER))
    op1 = html[html.index('id="op1"') : html.index('id="op26"')]
    op26 = html[html.index('id="op26"') : html.index("</article>")]
    assert "Watch this date" in op26 and "Watch this date" not in op1


def test_a_tag_filter_from_the_annotations_app_shows_only_tagged_paragraphs(
    client, make_note, resolution
):
    make_note(visibility="public", tags=["follow-up"])
    html = html_of(client.get(READER, {"tag": "follow-up"}))
    assert 'id="op26"' in html
    assert 'id="op1"' not in html and 'id="pp1"' not in html
    assert "Showing 1 of 3 paragraphs" in html


def test_the_reader_loads_only_our_stylesheet_and_scripts(client, bundled):
    html = html_of(client.get(READER))
    assert "style=" not in html
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []


def test_a_footnote_whose_words_name_no_document_links_its_instrument_after_them(client, bundled):
    html = html_of(client.get(READER))
    fn2 = html[html.index('<li id="fn2"') : html.index('<li id="fn3"')]
    assert "Ibid., vol. 2237, No. 39574." in fn2
    assert 'href="/instruments/trafficking-protocol/"' in fn2
    fn9 = html[html.index('<li id="fn9"') : html.index('<li id="fn10"')]
    assert fn9.count('href="/instruments/ctoc-cop-2020-10/"') == 1


@pytest.mark.parametrize("path", [READER, READER + "op26/", READER + "fn1/"])
def test_the_page_s_headings_start_with_its_one_h1_and_never_skip_a_level(
    client, bundled, global_plan, path
):
    levels = [int(n) for n in re.findall(r"<h([1-6])\b", html_of(client.get(path)))]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(later - earlier <= 1 for earlier, later in pairwise(levels))


def test_a_signed_in_reader_costs_two_queries_more_whatever_the_length(
    client, make_resolution, author
):
    make_resolution(10, symbol="A/RES/70/10")
    make_resolution(100, symbol="A/RES/70/100")
    client.force_login(author)
    counts = []
    for symbol in ["A/RES/70/10", "A/RES/70/100"]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/resolutions/{symbol}/").status_code == 200
        counts.append(len(queries))
    assert counts == [DOCUMENT_QUERIES + 2] * 2  # the session and the user; never cached


def test_a_permalink_costs_what_the_reader_costs(client, make_resolution):
    make_resolution(40)
    with CaptureQueriesContext(connection) as queries:
        client.get("/resolutions/A/RES/70/500/op33/")
    assert len(queries) == READER_QUERIES


def test_a_symbol_with_control_characters_is_simply_not_found(client, bundled):
    assert client.get("/resolutions/A%01B/").status_code == 404
    assert client.get("/resolutions/A/RES/79/154%01/op1/").status_code == 404
    # A NUL, which no database stores, is refused before any view (tests/test_hardening.py).
    assert client.get("/resolutions/A/RES/79/154%00/op1/").status_code == 400


def test_a_symbol_in_other_capitals_redirects_to_the_reader(client, bundled):
    response = client.get("/resolutions/a/res/79/154/")
    assert response.status_code == 301 and response["Location"] == READER
    response = client.get("/resolutions/a/res/79/154/op26/")
    assert response.status_code == 301 and response["Location"] == READER + "op26/"


def test_a_symbol_not_in_the_library_offers_the_official_text(client, db):
    html = html_of(client.get("/resolutions/A/RES/12/345/"))
    assert (
        '<a href="https://undocs.org/A/RES/12/345">Look for A/RES/12/345 on undocs.org</a>' in html
    )
    response = client.get("/resolutions/A/RES/12/345/op1/")
    assert response.status_code == 404
    assert "https://undocs.org/A/RES/12/345" in html_of(response)
