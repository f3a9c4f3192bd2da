"""Instruments: what the resolutions cite, and every paragraph citing each."""

import re

import pytest


def html_of(response):
    return response.content.decode()


def test_the_instruments_page_groups_cited_instruments_by_kind_with_counts(client, bundled):
    html = html_of(client.get("/instruments/"))
    assert "<h1>Instruments</h1>" in html
    assert (
        html.index(">Treaty <") < html.index(">Resolution <") < html.index(">Report or document <")
    )
    assert '<a href="/instruments/cedaw/">' in html
    assert "cited in 2 paragraphs" in html


def test_an_instrument_page_shows_its_facts_and_every_paragraph_citing_it(client, bundled):
    html = html_of(client.get("/instruments/untoc/"))
    assert "<h1>" in html
    assert "United Nations, Treaty Series, vol. 2225, No. 39574" in html
    assert 'href="/resolutions/A/RES/79/154/pp2/">Preambular paragraph 2</a>' in html
    assert "Recalling all international conventions" in html


def test_an_instrument_cited_in_two_resolutions_lists_both(client, bundled, make_resolution):
    from resolutions.models import Citation, Instrument

    other = make_resolution(1)
    Citation.objects.create(
        instrument=Instrument.objects.get(slug="untoc"),
        resolution=other,
        paragraph=other.paragraphs.get(),
        via="text",
    )
    html = html_of(client.get("/instruments/untoc/"))
    assert '<a href="/resolutions/A/RES/79/154/">A/RES/79/154</a>' in html
    assert '<a href="/resolutions/A/RES/70/500/">A/RES/70/500</a>' in html
    assert "Cited in 2 paragraphs" in html


def test_an_instrument_as_a_fragment_is_a_panel_naming_this_resolution(client, bundled):
    response = client.get(
        "/instruments/a-res-64-293/", {"from": "A/RES/79/154"}, HTTP_HX_REQUEST="true"
    )
    html = html_of(response)
    assert "HX-Request" in response["Vary"]
    assert "<html" not in html
    assert "data-panel-focus>A/RES/64/293</h2>" in html or "data-panel-focus>" in html
    assert "<h4>This resolution</h4>" in html
    assert '<a href="/resolutions/A/RES/79/154/op6/">Operative paragraph 6</a>' in html
    assert '<a href="https://undocs.org/A/RES/64/293" rel="external">' in html
    assert "data-panel-close" in html


def test_an_instrument_in_the_library_links_to_the_reader(client, bundled, global_plan):
    html = html_of(client.get("/instruments/a-res-64-293/"))
    assert '<a href="/resolutions/A/RES/64/293/">Read A/RES/64/293 in the library</a>' in html


def test_the_instrument_page_makes_as_many_queries_however_many_cite_it(
    client, make_resolution, django_assert_max_num_queries
):
    make_resolution(2, symbol="A/RES/70/2")
    with django_assert_max_num_queries(6) as few:
        client.get("/instruments/test-convention/")
    make_resolution(60, symbol="A/RES/70/60")
    with django_assert_max_num_queries(6) as many:
        html = html_of(client.get("/instruments/test-convention/"))
    assert len(few.captured_queries) == len(many.captured_queries)
    assert "Cited in 62 paragraphs" in html


def test_an_unknown_instrument_is_a_404(client, db):
    assert client.get("/instruments/no-such-thing/").status_code == 404
    assert client.get("/instruments/no-such-thing/", HTTP_HX_REQUEST="true").status_code == 404


def test_an_htmx_request_for_the_list_gets_the_list_alone(client, bundled):
    html = html_of(client.get("/instruments/", HTTP_HX_REQUEST="true"))
    assert "<html" not in html and "/instruments/cedaw/" in html


@pytest.mark.parametrize("url", ["/instruments/", "/instruments/untoc/"])
def test_instrument_pages_only_answer_reads(client, bundled, url):
    assert client.post(url).status_code == 405


def test_a_panel_opened_from_the_reader_knows_which_resolution_is_being_read(client, bundled):
    html = html_of(
        client.get(
            "/instruments/a-res-64-293/",
            HTTP_HX_REQUEST="true",
            HTTP_HX_CURRENT_URL="http://testserver/resolutions/A/RES/79/154/op6/",
        )
    )
    assert "<h4>This resolution</h4>" in html


def test_a_panel_opened_elsewhere_names_each_resolution(client, bundled):
    html = html_of(
        client.get(
            "/instruments/a-res-64-293/",
            HTTP_HX_REQUEST="true",
            HTTP_HX_CURRENT_URL="http://testserver/search/?q=plan",
        )
    )
    assert '<h4><a href="/resolutions/A/RES/79/154/">A/RES/79/154</a></h4>' in html


def test_an_instrument_page_marks_the_words_that_cite_it(client, bundled):
    html = html_of(client.get("/instruments/untoc/"))
    assert (
        "such as <mark>the United Nations Convention against Transnational Organized Crime</mark>"
        in (html)
    )
    html = html_of(client.get("/instruments/a-res-73-195/"))
    assert "<mark>resolution 73/195</mark>" in html


def test_the_instruments_page_makes_one_query_however_many_instruments(
    client, make_resolution, django_assert_num_queries
):
    make_resolution(30)
    with django_assert_num_queries(1):
        html = html_of(client.get("/instruments/"))
    assert "cited in 30 paragraphs" in html


@pytest.fixture
def many_instruments(make_resolution):
    """450 treaties and 50 reports, each cited once in a paragraph of one resolution."""
    from resolutions.models import Citation, Instrument

    resolution = make_resolution(10, symbol="A/RES/70/10")
    paragraph = resolution.paragraphs.first()
    instruments = Instrument.objects.bulk_create(
        [
            Instrument(slug=f"treaty-{n:03}", kind="treaty", title=f"Convention number {n:03}")
            for n in range(450)
        ]
        + [
            Instrument(slug=f"report-{n:02}", kind="document", title=f"Report on item {n:02}")
            for n in range(50)
        ]
    )
    Citation.objects.bulk_create(
        Citation(instrument=i, resolution=resolution, paragraph=paragraph, via="text")
        for i in instruments
    )
    return instruments


def test_the_instruments_page_shows_a_page_at_a_time_and_reaches_every_instrument(
    client, many_instruments, django_assert_num_queries
):
    seen = set()
    url = "/instruments/"
    for _ in range(10):
        with django_assert_num_queries(1):
            html = html_of(client.get(url))
        seen |= set(re.findall(r'href="/instruments/((?:treaty|report)-\d+)/"', html))
        found = re.search(r'<a rel="next" href="([^"]+)"', html)
        if not found:
            break
        url = "/instruments/" + found[1].replace("&amp;", "&")
    assert seen >= {i.slug for i in many_instruments}
    first = html_of(client.get("/instruments/"))
    # The library's own treaty among them; the site's menu links the list itself.
    assert len(re.findall(r'<li><a href="/instruments/[^"]+/">', first)) == 200
    assert "Page 1 of 3" in first and "Treaty <span" in first and "(460)" not in first


def test_the_instruments_page_finds_by_name_and_by_kind(client, many_instruments):
    html = html_of(client.get("/instruments/?q=convention+042"))
    assert re.findall(r'<a href="/instruments/(treaty-\d+)/">', html) == ["treaty-042"]
    reports = html_of(client.get("/instruments/?kind=document"))
    assert reports.count('<li><a href="/instruments/report-') == 50
    assert "/instruments/treaty-" not in reports
    assert 'value="document" selected' in reports
    nothing = html_of(client.get("/instruments/?q=no+such+instrument"))
    assert "No instrument cited matches." in nothing


def test_a_page_past_the_last_shows_the_last(client, many_instruments):
    html = html_of(client.get("/instruments/?page=99"))
    assert "Page 3 of 3" in html and 'rel="next"' not in html
    assert "Page 1 of 3" in html_of(client.get("/instruments/?page=x"))
