"""The search's subject filter: only the resolutions the UN classed under a subject, as on the
library page; offered and shown in the form, kept from page to page, with or without htmx."""

import pytest

from resolutions.search.query import search_paragraphs
from tests.library_rows import make, subject


def html_of(response):
    return response.content.decode()


@pytest.fixture
def library(db):
    gender = make(
        "A/RES/79/154",
        "Trafficking in women and girls",
        [("op1", "Condemns trafficking in women and girls;")],
    )
    crime = make(
        "A/RES/79/1",
        "Crime prevention",
        [("op1", "Condemns trafficking in firearms;")],
    )
    subject(gender, "SDG", "Goal 5: Gender equality", "sdg-5")
    subject(crime, "UNBIS", "CRIME PREVENTION", "unbis-crime-prevention")
    return gender, crime


def symbols(results):
    return [hit.paragraph.resolution.symbol for hit in results.hits]


def test_a_subject_keeps_only_the_resolutions_classed_under_it(client, library):
    html = html_of(client.get("/search/", {"q": "trafficking", "subject": "sdg-5"}))
    assert "A/RES/79/154, operative paragraph 1" in html
    assert "A/RES/79/1, operative paragraph 1" not in html
    assert "1 paragraph matches “trafficking” under Goal 5: Gender equality" in html
    everywhere = html_of(client.get("/search/", {"q": "trafficking"}))
    assert "A/RES/79/1, operative paragraph 1" in everywhere


def test_the_form_offers_the_subjects_grouped_and_shows_the_one_chosen(client, library):
    html = html_of(client.get("/search/", {"q": "trafficking", "subject": "sdg-5"}))
    assert '<label for="search-subject">Subject</label>' in html
    assert html.index('<optgroup label="SDG, assigned automatically by the UN">') < html.index(
        '<optgroup label="UNBIS Thesaurus, assigned automatically with the SDGs">'
    )
    assert '<option value="sdg-5" selected>Goal 5: Gender equality</option>' in html
    assert '<option value="unbis-crime-prevention">CRIME PREVENTION</option>' in html


def test_the_pages_keep_the_subject(client, db):
    resolution = make(
        "A/RES/79/2",
        "Reports",
        [(f"op{n}", f"Requests a report on item {n};") for n in range(1, 61)],
    )
    subject(resolution, "SDG", "Goal 16: Peace", "sdg-16")
    html = html_of(client.get("/search/", {"q": "report", "subject": "sdg-16"}))
    assert 'href="?q=report&amp;subject=sdg-16&amp;page=2"' in html
    second = html_of(client.get("/search/", {"q": "report", "subject": "sdg-16", "page": "2"}))
    assert second.count('class="hit"') == 10
    assert '<option value="sdg-16" selected>' in second


def test_htmx_gets_the_filtered_results_alone(client, library):
    response = client.get(
        "/search/", {"q": "trafficking", "subject": "sdg-5"}, headers={"HX-Request": "true"}
    )
    html = html_of(response)
    assert "<form" not in html
    assert "A/RES/79/154" in html and "A/RES/79/1," not in html


def test_an_unknown_subject_says_so_and_finds_nothing(client, library):
    response = client.get("/search/", {"q": "trafficking", "subject": "no-such-thing"})
    assert response.status_code == 200
    html = html_of(response)
    assert "The library has no subject “no-such-thing”" in html
    assert 'class="hit"' not in html


def test_without_a_query_the_subject_is_kept_in_the_form(client, library):
    html = html_of(client.get("/search/", {"subject": "sdg-5"}))
    assert '<option value="sdg-5" selected>' in html and 'class="hit"' not in html


@pytest.fixture
def cap_of_3(monkeypatch):
    monkeypatch.setattr("resolutions.search.query.CANDIDATES", 3)


def test_a_search_matching_more_than_are_ranked_stays_in_the_subject(db, cap_of_3):
    classed = make(
        "A/RES/75/9", "Old reports", [(f"op{n}", f"Requests a report {n};") for n in range(1, 6)]
    )
    subject(classed, "SDG", "Goal 16: Peace", "sdg-16")
    make("A/RES/79/9", "New reports", [(f"op{n}", f"Requests a report {n};") for n in range(1, 9)])
    from resolutions.models import Subject

    pk = Subject.objects.get(slug="sdg-16").pk
    results = search_paragraphs("report", subject=pk)
    assert set(symbols(results)) == {"A/RES/75/9"}
    assert len(results.hits) == 3 and results.capped  # the three most recent of the subject's
