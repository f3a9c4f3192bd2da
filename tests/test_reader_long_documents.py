"""Long documents in the reader: the toolbar's search in this document, the "Tools" button of
each paragraph, and a fault in the UN's markup told in a reader's words."""

import pytest

from resolutions.reader.faults import describe
from tests.library_rows import make


def html_of(response):
    return response.content.decode()


@pytest.fixture
def two(db):
    pact = make(
        "A/RES/79/1",
        "The Pact for the Future",
        [("op1", "Decides to strengthen cooperation on trafficking;"), ("op2", "Welcomes it;")],
    )
    other = make(
        "A/RES/79/154",
        "Trafficking in women and girls",
        [("op1", "Condemns trafficking in women and girls;")],
    )
    return pact, other


def test_the_toolbar_searches_in_this_document_without_script(client, two):
    html = html_of(client.get("/resolutions/A/RES/79/1/"))
    assert 'action="/search/"' in html and 'name="within" value="A/RES/79/1"' in html
    found = html_of(client.get("/search/", {"q": "trafficking", "within": "A/RES/79/1"}))
    assert "A/RES/79/1, operative paragraph 1" in found
    assert "A/RES/79/154" not in found.split('id="search-results"')[1]
    # The scope is shown and can be dropped; unchecked, the search is everywhere again.
    assert 'name="within" value="A/RES/79/1" checked' in found
    everywhere = html_of(client.get("/search/", {"q": "trafficking"}))
    assert "A/RES/79/154, operative paragraph 1" in everywhere


def test_a_quoted_phrase_searches_in_this_document_too(client, two):
    found = html_of(
        client.get("/search/", {"q": '"cooperation on trafficking"', "within": "a/res/79/1"})
    )
    assert "A/RES/79/1, operative paragraph 1" in found
    nothing = html_of(client.get("/search/", {"q": '"women and girls"', "within": "A/RES/79/1"}))
    assert "0 paragraphs contain the exact phrase" in nothing


def test_an_unknown_resolution_to_search_in_is_said_and_nothing_searched(client, two):
    html = html_of(client.get("/search/", {"q": "trafficking", "within": "A/RES/1/1"}))
    assert "The library has no resolution A/RES/1/1 to search in." in html
    assert "operative paragraph 1" not in html


def test_each_paragraph_has_a_tools_button_for_touch_screens(client, two):
    html = html_of(client.get("/resolutions/A/RES/79/1/"))
    assert 'aria-controls="tools-op2"' in html and 'id="tools-op2"' in html
    assert '<span class="visually-hidden">Tools for operative paragraph 2</span>' in html


@pytest.mark.parametrize(
    ("problem", "words"),
    [
        (
            "A-RES-79-1.xml, line 1200: op23: operative paragraph 23 follows 21: "
            "paragraph 22 is missing",
            "The UN's file for this text skips operative paragraph 22; "
            "the text is shown as the file has it.",
        ),
        (
            "x.xml, line 5: a-op7: operative paragraph 7 follows 4 in annex II: "
            "paragraphs 5 to 6 are missing",
            "The UN's file for this text skips operative paragraphs 5 to 6 in annex II; "
            "the text is shown as the file has it.",
        ),
        (
            "x.xml, line 5: b-op4: operative paragraph 4 follows 5 in part B: "
            "paragraph 4 comes again after paragraph 5",
            "The UN's file for this text numbers operative paragraph 4 twice in part B; "
            "the text is shown as the file has it.",
        ),
        (
            "x.xml, line 3: op2: footnote marker 4 has no footnote text",
            "The UN's file for this text refers to footnote 4 but does not include its text.",
        ),
        (
            "x.xml, line 3: footnote 5 is never referred to in the text",
            "The UN's file for this text includes footnote 5 but nothing in the text refers to it.",
        ),
        (
            "x.xml, line 991: not well-formed XML: Premature end of data; the elements left open "
            "were closed where the file ends",
            "The UN's file for this text is not closed properly at its end; "
            "the text is shown as the file has it.",
        ),
        (
            "x.xml, line 3: op1: the id is given twice (first on line 2)",
            "The UN's file for this text has a fault in its markup; the text is shown as is.",
        ),
    ],
)
def test_a_markup_fault_is_told_by_what_it_affects_never_by_file_and_line(problem, words):
    assert describe(problem) == words


def test_the_fault_notice_links_the_official_text_and_keeps_details_for_staff(
    client, two, admin_user
):
    from resolutions.models import ResolutionText

    ResolutionText.objects.create(
        resolution=two[0],
        language="en",
        title=two[0].title,
        problems=["A-RES-79-1.xml, line 1200: op3: operative paragraph 3 follows 1"],
    )
    html = html_of(client.get("/resolutions/A/RES/79/1/"))
    assert "skips operative paragraph 2; the text is shown as the file has it." in html
    assert "Read the official text of A/RES/79/1 on undocs.org" in html
    assert "A-RES-79-1.xml" not in html and "line 1200" not in html
    client.force_login(admin_user)
    staff = html_of(client.get("/resolutions/A/RES/79/1/"))
    assert "A-RES-79-1.xml, line 1200" in staff
