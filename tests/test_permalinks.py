"""Paragraph permalinks: the link people send each other, its preview, its aliases, its 404."""

import pytest

from resolutions.models import Paragraph

OP26 = "/resolutions/A/RES/79/154/op26/"


def html_of(response):
    return response.content.decode()


def test_a_permalink_shows_the_reader_marking_that_paragraph(client, bundled):
    html = html_of(client.get(OP26))
    assert 'id="op26" class="para para-operative depth-0 is-focus" aria-current="location"' in html
    assert html.count('aria-current="location"') == 1
    assert 'id="op1"' in html and 'id="op52"' in html


def test_a_permalink_has_a_title_a_canonical_link_and_a_preview_quoting_the_paragraph(
    client, bundled
):
    html = html_of(client.get(OP26))
    assert "<title>A/RES/79/154, operative paragraph 26 · Resolution Reader</title>" in html
    assert '<link rel="canonical" href="http://testserver/resolutions/A/RES/79/154/op26/">' in html
    assert '<meta property="og:title" content="A/RES/79/154, operative paragraph 26">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert '<meta name="twitter:title" content="A/RES/79/154, operative paragraph 26">' in html
    assert (
        '<meta property="og:description" content="Urges all Governments to criminalize all forms '
        "of trafficking in persons"
    ) in html
    assert (
        '<meta property="og:url" content="http://testserver/resolutions/A/RES/79/154/op26/">'
        in (html)
    )


def test_the_reader_s_canonical_link_is_the_reader(client, bundled):
    html = html_of(client.get("/resolutions/A/RES/79/154/?notes=mine"))
    assert '<link rel="canonical" href="http://testserver/resolutions/A/RES/79/154/">' in html


def test_an_htmx_request_for_a_permalink_gets_that_paragraph_alone(client, bundled):
    response = client.get(OP26, HTTP_HX_REQUEST="true")
    html = html_of(response)
    assert "HX-Request" in response["Vary"]
    assert html.count("data-paragraph") == 1 and 'id="op26"' in html
    assert "<html" not in html


def test_a_footnote_permalink_marks_the_footnote_in_the_whole_page(client, bundled):
    html = html_of(client.get("/resolutions/A/RES/79/154/fn1/"))
    assert "<title>A/RES/79/154, footnote 1 · Resolution Reader</title>" in html
    assert '<li id="fn1" class="footnote is-focus" aria-current="location" lang="en">' in html
    assert "<h1" in html


def test_a_footnote_as_a_fragment_shows_its_text_instruments_and_a_way_back(client, bundled):
    response = client.get("/resolutions/A/RES/79/154/fn1/", HTTP_HX_REQUEST="true")
    html = html_of(response)
    assert "<html" not in html
    assert "Footnote 1</h2>" in html
    assert "United Nations, <em>Treaty Series</em>, vol. 2225, No. 39574." in html
    assert 'href="/instruments/untoc/" hx-get="/instruments/untoc/"' in html
    assert '<a href="#pp2-fn1" data-panel-back>Back to preambular paragraph 2</a>' in html


@pytest.mark.parametrize(
    "alias, pid",
    [("para_26", "op26"), ("preamble__p_3", "pp3"), ("para_5__list_1__point_a", "op5a")],
)
def test_akoma_ntoso_ids_redirect_permanently_to_the_short_form(client, bundled, alias, pid):
    response = client.get(f"/resolutions/A/RES/79/154/{alias}/")
    assert response.status_code == 301
    assert response["Location"] == f"/resolutions/A/RES/79/154/{pid}/"


def test_a_sub_paragraph_and_its_item_have_permalinks_of_their_own(client, make_resolution):
    resolution = make_resolution(5)
    op5 = resolution.paragraphs.get(pid="op5")
    op5a = Paragraph.objects.create(
        resolution=resolution,
        pid="op5a",
        kind="subparagraph",
        label="a",
        parent=op5,
        position=6,
        text="To report on progress;",
    )
    Paragraph.objects.create(
        resolution=resolution,
        pid="op5a-ii",
        kind="item",
        label="ii",
        parent=op5a,
        position=7,
        text="On data;",
    )
    html = html_of(client.get("/resolutions/A/RES/70/500/op5a-ii/"))
    assert "operative paragraph 5 (a) (ii)" in html
    assert 'id="op5a-ii" class="para para-item depth-2 is-focus"' in html
    assert 'id="op5a" class="para para-subparagraph depth-1"' in html
    assert 'aria-label="Operative paragraph 5 (a)">(a)</a>' in html


def test_an_unknown_paragraph_is_a_404_offering_the_resolution_s_paragraphs(client, bundled):
    response = client.get("/resolutions/A/RES/79/154/op99/")
    html = html_of(response)
    assert response.status_code == 404
    assert "A/RES/79/154 has no paragraph “op99”" in html
    assert '<a href="/resolutions/A/RES/79/154/op52/">Operative paragraph 52</a>' in html
    assert '<a href="/resolutions/A/RES/79/154/fn39/">Footnote 39</a>' in html


def test_a_path_that_is_no_paragraph_id_is_a_404_offering_the_paragraphs(client, bundled):
    response = client.get("/resolutions/A/RES/79/154/operative-26/")
    assert response.status_code == 404
    assert "Preambular paragraph 1" in html_of(response)


def test_an_htmx_request_for_an_unknown_paragraph_is_a_404_too(client, bundled):
    response = client.get("/resolutions/A/RES/79/154/op99/", HTTP_HX_REQUEST="true")
    assert response.status_code == 404


def test_a_permalink_in_a_resolution_not_in_the_library_is_a_404(client, db):
    response = client.get("/resolutions/A/RES/1/1/op1/")
    assert response.status_code == 404
    assert "Page not found" in html_of(response)


@pytest.mark.parametrize("method", ["post", "patch"])
def test_permalinks_only_answer_reads(client, bundled, method):
    assert getattr(client, method)(OP26).status_code == 405


def test_an_akoma_ntoso_alias_redirects_htmx_too_and_only_answers_reads(client, bundled):
    response = client.get("/resolutions/A/RES/79/154/para_26/", HTTP_HX_REQUEST="true")
    assert response.status_code == 301
    assert client.post("/resolutions/A/RES/79/154/para_26/").status_code == 405


def test_an_akoma_ntoso_id_deeper_than_an_item_is_not_found(client, bundled):
    url = "/resolutions/A/RES/79/154/para_5__list_1__point_a__list_1__point_i__list_1__point_x/"
    assert client.get(url).status_code == 404


def test_a_paragraph_page_has_previous_and_next_and_keeps_the_language(client, bundled):
    html = client.get(OP26).text
    assert '<a rel="prev" href="/resolutions/A/RES/79/154/op25/">' in html
    assert '<a rel="next" href="/resolutions/A/RES/79/154/op27/">' in html


def test_cite_gives_the_conventional_citation_and_the_permalink(client, bundled):
    html = client.get(OP26).text
    assert '<p class="cite-text">General Assembly resolution 79/154, para. 26</p>' in html
    assert (
        'href="/resolutions/A/RES/79/154/op26/">http://testserver/resolutions/A/RES/79/154/op26/'
        in html
    )


def test_a_footnote_page_opens_the_panel_without_javascript(client, bundled):
    html = client.get("/resolutions/A/RES/79/154/fn1/").text
    panel = html[html.index('<div id="panel"') :]
    assert " hidden>" not in panel[: panel.index(">") + 1]
    assert "Footnote 1</h2>" in panel
    assert 'href="/resolutions/A/RES/79/154/" data-panel-close>Close</a>' in panel


def test_a_footnote_asked_for_by_htmx_is_the_panel_alone(client, bundled):
    response = client.get("/resolutions/A/RES/79/154/fn1/", headers={"HX-Request": "true"})
    assert response.text.lstrip().startswith('<div class="panel-body">')
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    "pid", ["s2-op1", "b-s2-op1", "annex1-s2-op1a", "op-u2a", "a-op-u1b-ii", "باء-op3"]
)
def test_every_form_of_paragraph_id_has_a_permalink(client, make_resolution, pid):
    resolution = make_resolution(1)
    Paragraph.objects.create(
        resolution=resolution,
        pid=pid,
        kind="operative",
        label="1",
        position=2,
        text="Decides to remain seized of the matter.",
    )
    paragraph = resolution.paragraphs.get(pid=pid)
    response = client.get(paragraph.get_absolute_url())
    assert response.status_code == 200
    assert f'id="{pid}"' in html_of(response)
    assert "Decides to remain seized of the matter." in html_of(response)
