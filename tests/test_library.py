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
    # Sessions, committees, subjects and agenda items for the filters; the count, the page's
    # ids, its rows with their paragraph counts, and their languages; whether a load is under
    # way.
    with django_assert_num_queries(8):
        client.get("/")
    for n in range(2, 12):
        make_resolution(1, symbol=f"A/RES/70/{n}")
    with django_assert_num_queries(8):
        html = html_of(client.get("/"))
    assert "11 resolutions" in html


def test_an_empty_library_says_so(client, db):
    assert "No resolutions in the library yet." in html_of(client.get("/"))


@pytest.mark.parametrize("method", ["post", "delete"])
def test_the_library_only_answers_reads(client, db, method):
    assert getattr(client, method)("/").status_code == 405


@pytest.fixture
def shelf(db):
    """Sixty resolutions of two sessions, committees, languages, votes and subjects."""
    from resolutions.models import Resolution, ResolutionText, Subject

    sdg5 = Subject.objects.create(scheme="SDG", label="5", slug="sdg-5")
    women = Subject.objects.create(scheme="UNBIS", label="WOMEN", slug="unbis-women")
    for n in range(1, 61):
        session = 77 if n <= 30 else 79
        resolution = Resolution.objects.create(
            symbol=f"A/RES/{session}/{n}",
            session=session,
            number=str(n),
            number_int=n,
            title=f"Resolution number {n}",
            committee="Third Committee" if n % 2 else "Sixth Committee",
            vote_outcome="recorded" if n % 3 == 0 else "without vote",
            votes_in_favour=150 if n % 3 == 0 else None,
            votes_against=3 if n % 3 == 0 else None,
            votes_abstaining=12 if n % 3 == 0 else None,
        )
        ResolutionText.objects.create(resolution=resolution, language="en", title=resolution.title)
        if n % 10 == 0:
            ResolutionText.objects.create(resolution=resolution, language="fr", title="Résolution")
        resolution.subjects.add(sdg5 if n % 4 == 0 else women)


def listed(html):
    """The symbols the list shows, in order."""
    import re

    return re.findall(r'<a class="resolution-link" href="/resolutions/([^"]+)/">', html)


def test_the_library_pages_through_hundreds_of_resolutions(client, shelf):
    first = html_of(client.get("/"))
    assert "60 resolutions" in first and "page 1 of 2" in first
    assert len(listed(first)) == 50
    assert 'href="/?page=2" rel="next">Next page</a>' in first
    second = html_of(client.get("/", {"page": "2"}))
    assert len(listed(second)) == 10 and not set(listed(first)) & set(listed(second))
    assert 'rel="prev">Previous page</a>' in second


def test_the_library_filters_by_committee_language_vote_and_subject(client, shelf):
    html = html_of(client.get("/", {"committee": "Sixth Committee", "lang": "fr"}))
    assert "6 resolutions match these filters" in html
    assert all(int(symbol.rsplit("/", 1)[1]) % 10 == 0 for symbol in listed(html))
    html = html_of(client.get("/", {"vote": "recorded", "session": "79"}))
    assert "10 resolutions match these filters" in html
    assert "Recorded vote: 150 in favour, 3 against, 12 abstaining" in html
    html = html_of(client.get("/", {"subject": "sdg-5", "vote": "without vote"}))
    assert "10 resolutions match these filters" in html
    assert '<option value="sdg-5" selected>5</option>' in html


def test_a_page_link_keeps_the_filters(client, shelf):
    html = html_of(client.get("/", {"lang": "en", "page": "1"}))
    assert "60 resolutions match these filters" in html
    assert 'href="/?lang=en&amp;page=2" rel="next"' in html


def test_unknown_filter_values_are_ignored_and_a_page_past_the_end_shows_the_last(client, shelf):
    html = html_of(client.get("/", {"lang": "xx", "vote": "maybe", "page": "99"}))
    assert "60 resolutions" in html and "page 2 of 2" in html
    html = html_of(client.get("/", {"subject": "no-such-subject"}))
    assert "60 resolutions" in html


def test_each_resolution_links_its_language_versions(client, shelf):
    html = html_of(client.get("/", {"session": "77"}))
    link = '<a href="/resolutions/A/RES/77/30/?lang=fr" lang="fr" hreflang="fr" title="Français">'
    assert link + "FR</a>" in html


def test_the_library_names_the_united_nations_as_the_source(client, db):
    assert "Texts: <strong>United Nations</strong>" in html_of(client.get("/"))
