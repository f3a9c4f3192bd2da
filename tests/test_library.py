"""The library: every resolution, newest first, with a session filter and a search box."""

import pytest


def html_of(response):
    return response.content.decode()


def test_the_library_lists_resolutions_newest_first_with_their_counts(client, bundled, global_plan):
    html = html_of(client.get("/"))
    assert html.index("A/RES/79/154") < html.index("A/RES/64/293")
    assert "Trafficking in women and girls" in html
    assert '<time datetime="2024-12-17">17 Dec 2024</time>' in html
    assert "Third Committee" in html
    assert "38 preambular, 52 operative" in html
    assert "2 resolutions" in html


def test_the_library_has_a_search_box_that_searches_paragraphs(client, db):
    html = html_of(client.get("/"))
    assert '<form class="search-form" role="search" method="get" action="/search/">' in html
    assert '<label for="library-search">Search all paragraphs</label>' in html


def test_the_library_filters_by_session(client, bundled, global_plan):
    html = html_of(client.get("/", {"session": "64"}))
    assert "A/RES/64/293" in html and "A/RES/79/154" not in html.split('id="resolution-list"')[1]
    assert '<option value="64" selected>Session 64</option>' in html


def test_an_unknown_session_shows_every_resolution(client, bundled, global_plan):
    html = html_of(client.get("/", {"session": "abc"}))
    assert "A/RES/64/293" in html and "2 resolutions" in html


def test_an_htmx_filter_request_gets_only_the_list(client, bundled, global_plan):
    response = client.get("/", {"session": "79"}, HTTP_HX_REQUEST="true")
    html = html_of(response)
    assert "HX-Request" in response["Vary"]
    assert "<html" not in html and "<h1" not in html
    assert "A/RES/79/154" in html and "A/RES/64/293" not in html


def test_the_library_makes_as_many_queries_for_many_resolutions_as_for_one(
    client, make_resolution, django_assert_num_queries
):
    make_resolution(3, symbol="A/RES/70/1")
    with django_assert_num_queries(2):
        client.get("/")
    for n in range(2, 12):
        make_resolution(1, symbol=f"A/RES/70/{n}")
    with django_assert_num_queries(2):
        html = html_of(client.get("/"))
    assert "11 resolutions" in html


def test_an_empty_library_says_so(client, db):
    assert "No resolutions in the library yet." in html_of(client.get("/"))


@pytest.mark.parametrize("method", ["post", "delete"])
def test_the_library_only_answers_reads(client, db, method):
    assert getattr(client, method)("/").status_code == 405
