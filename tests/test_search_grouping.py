"""Search reads like the library: a paragraph worded the same in several versions of one series
is listed once, in the newest, with the others named; resolutions whose title holds the query
come first; every snippet shows its highlighted words; the page speaks the reader's language.
The same on SQLite and PostgreSQL."""

import pytest
from django.db import connection

from resolutions.models import Resolution, ResolutionText
from resolutions.search import query as search
from tests.library_rows import ROOT_CAUSES, TRAFFICKING, make

FILLER = " ".join(["and calls upon all Member States to consider the matter further"] * 20)


def html_of(response):
    return response.content.decode()


def series(*symbols, paragraphs, title=TRAFFICKING):
    """Versions of one resolution, oldest first, each the previous version of the next."""
    made, previous = [], None
    for symbol in symbols:
        resolution = make(symbol, title, paragraphs(symbol), previous_version=previous)
        made.append(resolution)
        previous = resolution
    return made


def hits_for(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return response.context["results"]


# --- Identical wording in one series, once ---------------------------------------------------


def test_wording_repeated_across_a_series_is_listed_once_in_the_newest_version(client, db):
    series(
        "A/RES/75/158",
        "A/RES/77/194",
        "A/RES/79/154",
        paragraphs=lambda symbol: [("op1", ROOT_CAUSES), ("op2", f"Welcomes trafficking {symbol}")],
    )
    results = hits_for(client, "trafficking")
    repeated = [hit for hit in results.hits if hit.paragraph.pid == "op1"]
    assert len(repeated) == 1
    assert repeated[0].paragraph.resolution.symbol == "A/RES/79/154"
    assert [other.short_symbol for other in repeated[0].also] == ["77/194", "75/158"]
    # Each version's own wording stays a hit of its own.
    assert len([h for h in results.hits if h.paragraph.pid == "op2"]) == 3
    html = html_of(client.get("/search/", {"q": "trafficking"}))
    assert (
        'Also in <a href="/resolutions/A/RES/77/194/op1/?lang=en">77/194</a>, '
        '<a href="/resolutions/A/RES/75/158/op1/?lang=en">75/158</a>'
    ) in html
    assert "shown once, in the newest version" in html
    # The count speaks of paragraphs matched, and of the results they make.
    assert "6 paragraphs match “trafficking” (4 results)" in html


def test_wording_differing_only_in_case_and_apostrophes_is_the_same_wording(client, db):
    curly = "Urges States\u2019 Governments to end trafficking;"
    straight = "urges States' governments to end trafficking;"
    series(
        "A/RES/77/194",
        "A/RES/79/154",
        paragraphs=lambda symbol: [("op1", curly if "79" in symbol else straight)],
    )
    results = hits_for(client, "trafficking")
    assert len(results.hits) == 1 and len(results.hits[0].also) == 1


def test_the_same_words_in_another_series_or_reworded_are_listed_apart(client, db):
    series("A/RES/77/194", "A/RES/79/154", paragraphs=lambda symbol: [("op1", ROOT_CAUSES)])
    make("A/RES/79/200", "Violence against women migrant workers", [("op1", ROOT_CAUSES)])
    make(
        "A/RES/79/201",
        "Another text",
        [("op1", ROOT_CAUSES.replace("Urges", "Encourages"))],
        previous_version=Resolution.objects.get(symbol="A/RES/79/154"),
    )
    results = hits_for(client, "vulnerable")
    shown = sorted(hit.paragraph.resolution.symbol for hit in results.hits)
    assert shown == ["A/RES/79/154", "A/RES/79/200", "A/RES/79/201"]


# --- Titles first -------------------------------------------------------------------------------


def test_a_query_in_a_title_lists_that_resolution_before_the_paragraphs(client, db):
    series(
        "A/RES/77/194",
        "A/RES/79/154",
        paragraphs=lambda symbol: [("op1", "Takes note of the report of the Secretary-General;")],
    )
    make("A/RES/79/300", "Oceans and the law of the sea", [("op1", "Condemns trafficking;")])
    results = hits_for(client, "trafficking")
    assert [match.resolution.symbol for match in results.titles] == ["A/RES/79/154"]
    assert [other.symbol for other in results.titles[0].also] == ["A/RES/77/194"]
    html = html_of(client.get("/search/", {"q": "Trafficking"}))
    titles = html.index("Titles with these words")
    assert titles < html.index("A/RES/79/300, operative paragraph 1")
    assert '<a href="/resolutions/A/RES/79/154/">A/RES/79/154</a>' in html[titles:]
    # A word inside another word is not a title match: "men" is not in "women".
    assert hits_for(client, "men girls").titles == []


def test_a_title_in_the_language_chosen_is_matched_and_shown_in_it(client, db):
    resolution = make("A/RES/79/154", TRAFFICKING, [("op1", "Takes note;")])
    ResolutionText.objects.create(
        resolution=resolution, language="fr", title="Traite des femmes et des filles"
    )
    results = hits_for(client, "traite", lang="fr")
    assert [(m.title, m.language) for m in results.titles] == [
        ("Traite des femmes et des filles", "fr")
    ]
    assert hits_for(client, "trafficking", lang="fr").titles == []
    # In every language, the title is found in any of them.
    assert [m.resolution.symbol for m in hits_for(client, "traite").titles] == ["A/RES/79/154"]


def test_titles_are_listed_on_the_first_page_only(client, db):
    make("A/RES/79/154", TRAFFICKING, [("op1", "Condemns trafficking;")])
    assert hits_for(client, "trafficking").titles
    assert hits_for(client, "trafficking", page=2).titles == []


# --- The highlighted words in view --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "query", "marked"),
    [
        (f"Urges Governments {FILLER} to end trafficking;", "trafficking", "trafficking"),
        (f"Urges Governments {FILLER} to end sex tourism;", '"sex tourism"', "sex tourism"),
        (f"敦促各国政府{'采取措施' * 120}打击贩运妇女行为", "贩运", "贩运"),
    ],
    ids=["word", "phrase", "chinese"],
)
def test_a_long_paragraph_s_snippet_shows_the_words_it_matched(client, db, text, query, marked):
    language = "zh" if "敦" in text else "en"
    resolution = make("A/RES/79/154", TRAFFICKING, [("op1", "Takes note;")])
    resolution.paragraphs.get().texts.update(text=text, language=language)
    results = hits_for(client, query)
    (hit,) = results.hits
    assert f"<mark>{marked}</mark>" in hit.snippet or marked in _marked_words(hit.snippet)
    assert len(hit.snippet) < len(text) / 2


def _marked_words(snippet: str) -> str:
    """The highlighted words of a snippet, each run of marks joined as a reader sees them."""
    return snippet.replace("</mark> <mark>", " ").replace("</mark><mark>", "")


def test_a_stemmed_match_is_highlighted_by_its_stem(db):
    text = f"Urges Governments {FILLER} to end trafficking;"
    found = search._python_snippet(
        search.Plan(["trafficked"], [["trafficked"]], [], ["en"]),
        type("Row", (), {"text": text})(),
    )
    assert "<mark>trafficking</mark>" in found


# --- Plain words --------------------------------------------------------------------------------


def test_too_many_matches_are_told_in_plain_words(client, db, monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 2)
    make("A/RES/79/154", TRAFFICKING, [(f"op{n}", f"Condemns trafficking {n};") for n in range(5)])
    html = html_of(client.get("/search/", {"q": "trafficking"}))
    assert (
        "Showing the 2 most recent of more than 2 paragraphs matching “trafficking”; "
        "add a session or a language to narrow the search."
    ) in html
    assert "ranked among" not in html


# --- Queries: as many however long the series and however many hits ----------------------------


def _library(versions: int, extra: int):
    symbols = [f"A/RES/{60 + 2 * k}/{100 + k}" for k in range(versions)]
    series(
        *symbols,
        paragraphs=lambda symbol: [
            ("op1", ROOT_CAUSES),
            *((f"op{n}", f"Condemns trafficking {symbol} {n};") for n in range(2, 2 + extra)),
        ],
    )


@pytest.mark.parametrize(("versions", "extra"), [(2, 1), (6, 5)], ids=["small", "large"])
def test_search_with_grouping_and_titles_makes_as_many_queries_however_many_hits(
    client, db, django_assert_num_queries, versions, extra
):
    _library(versions, extra)
    client.get("/search/", {"q": "trafficking"})  # the subject menus and caches warmed alike
    with django_assert_num_queries(QUERIES):
        results = hits_for(client, "trafficking")
    assert len(results.hits) == 1 + versions * extra
    (repeated,) = [hit for hit in results.hits if hit.paragraph.pid == "op1"]
    assert len(repeated.also) == versions - 1
    assert len(results.titles) == 1 and len(results.titles[0].also) == versions - 1


# The hits (on PostgreSQL found, then fetched with their snippets), the series of every
# candidate hit (to gather identical wording before the page is cut), the resolutions with the
# words in their title and their series, the sessions and the subjects for the form, then the
# annotations hook: notes and their tags.
QUERIES = 9 if connection.vendor == "postgresql" else 8


# --- Across pages ------------------------------------------------------------------------------


def _three_versions_and_filler(per_page_of_filler: int):
    """A series of three versions sharing one paragraph word for word, and enough other
    paragraphs with the word, each worded its own way, to fill more than one page."""
    series(
        "A/RES/75/158",
        "A/RES/77/194",
        "A/RES/79/154",
        paragraphs=lambda symbol: [("op1", ROOT_CAUSES)],
    )
    make(
        "A/RES/79/300",
        "Oceans and the law of the sea",
        [
            (f"op{n}", f"Notes that vulnerable migrants face risk number {n} at sea;")
            for n in range(1, per_page_of_filler + 1)
        ],
    )


@pytest.mark.parametrize("phrase", [False, True], ids=["words", "phrase"])
def test_a_paragraph_in_three_versions_is_listed_once_across_all_pages(client, db, phrase):
    # 60 other paragraphs rank above or below the shared one by their length: whatever the
    # order, the three versions are one result, on one page.
    _three_versions_and_filler(60)
    query = '"vulnerable"' if phrase else "vulnerable"
    first, second = (hits_for(client, query, page=page) for page in (1, 2))
    everywhere = first.hits + second.hits
    shared = [hit for hit in everywhere if hit.text == ROOT_CAUSES]
    assert len(shared) == 1
    assert shared[0].short_symbol == "79/154"
    assert [other.short_symbol for other in shared[0].also] == ["77/194", "75/158"]
    # 63 paragraphs, 61 results: 50 on the first page, 11 on the second, none twice.
    assert first.matched == second.matched == 63
    assert first.ranked == second.ranked == 61 and first.pages == 2
    assert (len(first.hits), len(second.hits)) == (50, 11)
    shown = [(hit.short_symbol, hit.paragraph.pid) for hit in everywhere]
    assert len(shown) == len(set(shown)) == 61
    html = html_of(client.get("/search/", {"q": query, "page": 2}))
    assert "(61 results)" in html
    assert "51\u201361" in html


def test_the_pages_keep_their_query_count_however_many_versions_repeat(
    client, db, django_assert_num_queries
):
    _three_versions_and_filler(60)
    client.get("/search/", {"q": "vulnerable", "page": 2})
    # Page 2 lists no titles: neither they nor their series are read.
    with django_assert_num_queries(QUERIES - 2):
        results = hits_for(client, "vulnerable", page=2)
    assert len(results.hits) == 11
