"""Search over paragraph text: ranked, highlighted safely, each hit a permalink; the same on
PostgreSQL (full-text search) and SQLite (word matching)."""

import pytest
from django.db import connection
from django.db.models import Q

from resolutions.models import Citation, Instrument, Language, Paragraph, ParagraphText
from resolutions.search.query import highlight, parse_query, search_paragraphs
from resolutions.search.spelling import variants


def html_of(response):
    return response.content.decode()


def set_text(resolution, text):
    """Every paragraph of `resolution` worded `text`, in its every language version."""
    resolution.paragraphs.update(text=text)
    ParagraphText.objects.filter(paragraph__resolution=resolution).update(text=text)


def test_search_finds_paragraphs_and_links_each_hit_to_its_permalink(client, bundled):
    html = html_of(client.get("/search/", {"q": "sex tourism"}))
    assert (
        '<a href="/resolutions/A/RES/79/154/op26/?lang=en">A/RES/79/154, operative paragraph 26</a>'
        in html
    )
    assert "<mark>sex</mark> <mark>tourism</mark>" in html
    assert "match “sex tourism”" in html


def test_the_best_match_comes_first(client, bundled):
    hits = search_paragraphs("trafficking women girls migrant workers").hits
    assert hits, "expected at least one paragraph"
    assert [hit.rank for hit in hits] == sorted((hit.rank for hit in hits), reverse=True)


def test_words_to_leave_out_and_quoted_phrases_are_understood(bundled):
    with_tourism = {hit.paragraph.pid for hit in search_paragraphs('"sex tourism"').hits}
    without = {hit.paragraph.pid for hit in search_paragraphs("trafficking -tourism").hits}
    assert "op26" in with_tourism
    assert "op26" not in without and without


def test_a_query_with_markup_is_shown_escaped_never_run(client, bundled):
    html = html_of(client.get("/search/", {"q": '<script>alert("x")</script> trafficking'}))
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; trafficking" in html


def test_paragraph_text_with_markup_is_escaped_in_the_snippet(client, make_resolution):
    resolution = make_resolution(1)
    set_text(resolution, 'Notes <img src=x onerror="alert(1)"> the trafficking report')
    html = html_of(client.get("/search/", {"q": "trafficking"}))
    assert "<img" not in html and 'onerror="' not in html
    assert "<mark>trafficking</mark>" in html


def test_highlight_makes_marks_only_of_its_delimiters():
    assert highlight("a \ue000<b>\ue001 c") == "a <mark>&lt;b&gt;</mark> c"
    assert highlight("unclosed \ue000mark") == "unclosed <mark>mark</mark>"


def test_the_query_parser_knows_phrases_and_exclusions():
    assert parse_query('women "forced labour" -child or') == (["women", "forced labour"], ["child"])


def test_an_empty_query_shows_the_form_and_no_results(client, db):
    html = html_of(client.get("/search/", {"q": "  "}))
    assert '<input type="search" id="search-query" name="q" value=""' in html
    assert "match" not in html.split('id="search-results"')[1]


def test_nothing_found_says_so(client, bundled):
    assert "0 paragraphs match “zyxwvut”" in html_of(client.get("/search/", {"q": "zyxwvut"}))


def test_as_you_type_an_htmx_request_gets_the_results_alone(client, bundled):
    response = client.get("/search/", {"q": "sex tourism"}, HTTP_HX_REQUEST="true")
    html = html_of(response)
    assert "HX-Request" in response["Vary"]
    assert "<html" not in html and "<form" not in html
    assert "/resolutions/A/RES/79/154/op26/" in html


def test_the_search_box_searches_as_you_type_and_keeps_the_url_shareable(client, db):
    html = html_of(client.get("/search/"))
    assert 'hx-get="/search/" hx-trigger="input changed delay:300ms"' in html
    assert 'hx-replace-url="true"' in html
    assert '<form class="search-form" role="search" method="get" action="/search/">' in html


def test_search_can_be_limited_to_a_session(client, bundled, make_resolution):
    make_resolution(1)  # session 70, "Requests the report …"
    hits = search_paragraphs("report", session=70).hits
    assert hits
    assert all(hit.paragraph.resolution.session == 70 for hit in hits)


def test_notes_the_viewer_may_see_are_searched_too(client, make_note):
    make_note(note="Zanzibar follow-up", visibility="public")
    html = html_of(client.get("/search/", {"q": "Zanzibar"}))
    assert "Zanzibar follow-up" in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index exists on PostgreSQL")
def test_postgresql_has_a_gin_index_for_each_language(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE tablename = 'resolutions_paragraphtext' AND indexdef LIKE '%%search_vector%%'"
        )
        definitions = dict(cursor.fetchall())
    assert set(definitions) == {f"paragraphtext_search_vector_{code}" for code in Language.values}
    for code in Language.values:
        definition = definitions[f"paragraphtext_search_vector_{code}"]
        assert "gin (search_vector)" in definition and f"'{code}'" in definition


def filler(make_resolution, size: int, languages=tuple(Language.values)):
    """A resolution of `size` paragraphs in `languages`, about nothing searched for: a library
    large enough that the planner reads the text indexes rather than every row of a language."""
    resolution = make_resolution(0, symbol="A/RES/70/900")
    paragraphs = Paragraph.objects.bulk_create(
        Paragraph(
            resolution=resolution,
            pid=f"op{n}",
            kind=Paragraph.Kind.OPERATIVE,
            label=str(n),
            position=n,
            text=f"Filler {n}",
        )
        for n in range(1, size + 1)
    )
    ParagraphText.objects.bulk_create(
        ParagraphText(paragraph=p, language=code, text=f"Lorem ipsum {code} {p.position}")
        for p in paragraphs
        for code in languages
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE resolutions_paragraph")
        cursor.execute("ANALYZE resolutions_paragraphtext")
    return resolution


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index exists on PostgreSQL")
@pytest.mark.parametrize("language", [None, "en"])
def test_postgresql_answers_a_search_from_each_language_s_gin_index(
    bundled, make_resolution, language
):
    from django.test.utils import CaptureQueriesContext

    filler(make_resolution, 2000)
    with CaptureQueriesContext(connection) as queries:
        search_paragraphs("sex tourism", language=language)
    with connection.cursor() as cursor:
        # Whether the query can be answered from each language's index, not which index the
        # planner prefers on a table this small: its statistics move whenever autovacuum looks
        # at the test database, and the b-tree on the language can then look cheaper. The other
        # indexes go for this test's transaction only (rolled back with it).
        # The one-text-per-language constraint's index can look cheaper too: it goes as well,
        # once the rows' deferred checks have run (a table with pending checks cannot change).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = "
            "'resolutions_paragraphtext'::regclass AND contype = 'u'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'ALTER TABLE resolutions_paragraphtext DROP CONSTRAINT "{name}"')
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'resolutions_paragraphtext' "
            "AND indexdef NOT LIKE '%%USING gin%%' AND indexdef NOT LIKE 'CREATE UNIQUE%%'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + queries.captured_queries[0]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # Each language's rows from its own index; no other table is read to choose the newest.
    for code in [language] if language else Language.values:
        assert f"Bitmap Index Scan on paragraphtext_search_vector_{code}" in plan, plan
    assert "resolutions_paragraph " not in plan, plan


def test_search_only_answers_reads(client, db):
    assert client.post("/search/", {"q": "x"}).status_code == 405


def test_the_search_form_offers_the_library_s_sessions(client, bundled, make_resolution):
    make_resolution(1)
    html = html_of(client.get("/search/", {"q": "report", "session": "70"}))
    assert '<option value="70" selected>Session 70</option>' in html
    assert '<option value="79">Session 79</option>' in html
    assert "/resolutions/A/RES/70/500/op1/" in html
    assert "/resolutions/A/RES/79/154/" not in html.split('id="search-results"')[1]


def test_control_characters_in_a_query_are_dropped(client, bundled):
    response = client.get("/search/", {"q": "sex\x07 tourism"})
    assert response.status_code == 200
    assert "/resolutions/A/RES/79/154/op26/" in html_of(response)
    # A NUL, which no database stores, is refused before any view (tests/test_hardening.py).
    assert client.get("/search/", {"q": "sex\x00 tourism"}).status_code == 400


def test_search_costs_the_same_few_queries_for_few_hits_and_many(
    client, make_resolution, django_assert_num_queries
):
    make_resolution(3, symbol="A/RES/70/3")
    # The hits (PostgreSQL finds them, then fetches them with their snippets), the resolutions
    # with the words in their title, the series of those and of the hits, the sessions and the
    # subjects for the form, then the annotations hook: notes and their tags.
    queries = 8 if connection.vendor == "postgresql" else 7
    with django_assert_num_queries(queries):
        few = html_of(client.get("/search/", {"q": "report"}))
    make_resolution(40, symbol="A/RES/70/40")
    with django_assert_num_queries(queries):
        many = html_of(client.get("/search/", {"q": "report"}))
    assert few.count('class="hit"') == 3 and many.count('class="hit"') == 43


# --- When a search matches more paragraphs than are ranked --------------------------------------

only_on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's ranked full-text search"
)


@pytest.fixture
def cap_of_60(monkeypatch):
    """At most 60 paragraphs ranked, so that a test library of a few dozen can pass the cap."""
    monkeypatch.setattr("resolutions.search.query.CANDIDATES", 60)


def best_report(make_resolution):
    """An older resolution whose one paragraph is the best match for "report"."""
    old = make_resolution(1, symbol="A/RES/60/1", session=60)
    set_text(old, "Requests a report, the report of reports, on the report;")
    return old.paragraphs.get()


def test_a_search_matching_more_than_are_ranked_says_so(client, make_resolution, cap_of_60):
    make_resolution(70)
    html = html_of(client.get("/search/", {"q": "report"}))
    assert (
        "Showing the 60 most recent of more than 60 paragraphs matching “report”; add a session"
        " or a language to narrow the search."
    ) in html
    assert "Showing 1–50." in html  # noqa: RUF001
    assert html.count('class="hit"') == 50


def test_a_search_whose_every_match_is_ranked_says_how_many_match(
    client, make_resolution, cap_of_60
):
    make_resolution(55)
    html = html_of(client.get("/search/", {"q": "report"}))
    assert "55 paragraphs match “report”: showing 1–50, best first" in html  # noqa: RUF001
    assert "most recent" not in html and "More than" not in html
    assert html.count('class="hit"') == 50


def test_past_the_cap_the_most_recent_matches_are_ranked(make_resolution, cap_of_60):
    best = best_report(make_resolution)
    make_resolution(70)  # session 70: newer
    results = search_paragraphs("report")
    assert results.capped
    assert best not in [hit.paragraph for hit in results.hits]
    assert {hit.paragraph.resolution.session for hit in results.hits} == {70}
    # Narrowed to its session, the older paragraph is found, and first.
    narrowed = search_paragraphs("report", session=60)
    assert not narrowed.capped and narrowed.hits[0].paragraph == best


def test_under_the_cap_the_best_match_comes_first_however_old(make_resolution, cap_of_60):
    best = best_report(make_resolution)
    make_resolution(55)
    results = search_paragraphs("report")
    assert not results.capped and results.matched == 56
    assert results.hits[0].paragraph == best


def test_a_capped_search_in_one_session_stays_in_it(make_resolution, cap_of_60):
    make_resolution(70)
    make_resolution(70, symbol="A/RES/71/1", session=71)
    results = search_paragraphs("report", session=70)
    assert results.capped
    assert {hit.paragraph.resolution.session for hit in results.hits} == {70}


@only_on_postgresql
def test_many_old_matches_are_all_ranked_when_the_newest_resolutions_hold_few(
    make_resolution, cap_of_60, monkeypatch
):
    monkeypatch.setattr("resolutions.search.query.NEWEST_RESOLUTIONS", 1)
    best = best_report(make_resolution)
    make_resolution(70, symbol="A/RES/70/2")
    make_resolution(5, symbol="A/RES/70/9")  # the newest: too few matches to fill the cap
    results = search_paragraphs("report")
    assert not results.capped and results.matched == 76
    assert results.hits[0].paragraph == best


@only_on_postgresql
@pytest.mark.parametrize("query", ["sex tourism", "trafficking", "women and girls", "victims"])
def test_the_best_hits_are_those_of_ranking_every_match(bundled, make_resolution, query):
    make_resolution(3)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.id FROM resolutions_paragraphtext t "
            "JOIN resolutions_paragraph p ON p.id = t.paragraph_id "
            "JOIN resolutions_resolution r ON r.id = p.resolution_id, "
            "plainto_tsquery('english', %s) q "
            "WHERE p.in_text AND t.search_vector @@ q "
            "ORDER BY ts_rank(t.search_vector, q) DESC, r.session DESC, r.number_int DESC, "
            "p.position LIMIT 50",
            [query],
        )
        expected = [row[0] for row in cursor.fetchall()]
    assert expected
    assert [hit.paragraph.pk for hit in search_paragraphs(query).hits] == expected


# --- British and American spellings --------------------------------------------------------------


@pytest.mark.parametrize(
    ("british", "american"),
    [
        ("labour", "labor"),
        ("labourers", "laborers"),
        ("organisation", "organization"),
        ("organisations", "organizations"),
        ("recognising", "recognizing"),
        ("criminalise", "criminalize"),
        ("programme", "program"),
        ("programmes", "programs"),
        ("centre", "center"),
        ("defence", "defense"),
        ("travelled", "traveled"),
        ("analyse", "analyze"),
        ("favourable", "favorable"),
        ("neighbouring", "neighboring"),
        ("judgement", "judgment"),
        ("ageing", "aging"),
    ],
)
def test_each_spelling_has_the_other_among_its_variants(british, american):
    assert american in variants(british)
    assert british in variants(american)


@pytest.mark.parametrize("word", ["advise", "exercise", "otherwise", "promise", "women", "size"])
def test_words_spelt_one_way_everywhere_have_no_variant(word):
    assert variants(word) == [word]


@pytest.mark.parametrize(
    ("typed", "in_text"),
    [
        ("forced labor", "forced labour"),
        ('"forced labor"', "forced labour"),
        ("non-governmental organisations", "organizations"),
        ("programs", "programmes"),
        ("center", "centre"),
    ],
)
def test_a_search_in_one_spelling_finds_the_text_in_the_other(client, bundled, typed, in_text):
    assert search_paragraphs(typed).hits
    html = html_of(client.get("/search/", {"q": typed}))
    results = html.split('id="search-results"')[1]
    assert in_text in results.replace("<mark>", "").replace("</mark>", "").lower()


def test_an_american_text_is_found_by_its_british_spelling(client, make_resolution):
    set_text(make_resolution(1), "Supports programs of the labor organization;")
    hits = search_paragraphs("labour organisation programmes").hits
    assert [hit.paragraph.pid for hit in hits] == ["op1"]


# --- Instruments by acronym and short name -------------------------------------------------------


def test_an_acronym_finds_the_instrument_and_the_paragraphs_that_cite_it(client, bundled):
    cedaw = Instrument.objects.get(slug="cedaw")
    citing = set(
        Paragraph.objects.filter(
            Q(citations__instrument=cedaw)
            | Q(footnote_markers__footnote__citations__instrument=cedaw)
        ).values_list("pid", flat=True)
    )
    assert citing
    html = html_of(client.get("/search/", {"q": "CEDAW"}))
    assert f'<a href="{cedaw.get_absolute_url()}">{cedaw.title}</a>' in html
    assert "cited by" in html
    found = {hit.paragraph.pid for hit in search_paragraphs("CEDAW").hits}
    assert citing <= found


@pytest.mark.parametrize("name", ["cedaw", "UNTOC", "Palermo Protocol", "CRC"])
def test_each_acronym_names_its_instrument_and_its_citing_paragraphs(bundled, name):
    results = search_paragraphs(name)
    assert results.instruments, name
    assert results.hits and results.cited_by


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("ICCPR", "International Covenant on Civil and Political Rights"),
        ("ICESCR", "International Covenant on Economic, Social and Cultural Rights"),
    ],
)
def test_an_acronym_finds_the_paragraphs_naming_the_instrument_in_full(bundled, name, title):
    hits = search_paragraphs(name).hits
    assert hits and all(title in hit.paragraph.text for hit in hits)


def test_the_catalogue_gives_the_core_treaties_their_acronyms():
    from resolutions.parsing.catalogue import load_catalogue

    catalogue = load_catalogue()
    for acronym, slug in [
        ("CEDAW", "cedaw"),
        ("UNTOC", "untoc"),
        ("CRC", "crc"),
        ("ICCPR", "iccpr"),
        ("ICESCR", "icescr"),
        ("CRPD", "crpd"),
        ("ICERD", "cerd"),
        ("CAT", "cat"),
    ]:
        assert [entry.slug for entry in catalogue.named(acronym)] == [slug]


def test_an_acronym_within_other_words_finds_the_instrument_s_full_name(bundled):
    hits = search_paragraphs("CRPD optional protocol").hits
    assert any("Rights of Persons with Disabilities" in hit.paragraph.text for hit in hits)


# --- A symbol typed in the box -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "target"),
    [
        ("A/RES/79/154 op26", "/resolutions/A/RES/79/154/op26/"),
        ("a/res/79/154 OP26", "/resolutions/A/RES/79/154/op26/"),
        ("79/154 para 26", "/resolutions/A/RES/79/154/op26/"),
        ("resolution 79/154, paragraph 26", "/resolutions/A/RES/79/154/op26/"),
        ("A/RES/79/154/op26", "/resolutions/A/RES/79/154/op26/"),
        ("79/154 pp3", "/resolutions/A/RES/79/154/pp3/"),
        ("A/RES/79/154", "/resolutions/A/RES/79/154/"),
        ("79/154", "/resolutions/A/RES/79/154/"),
    ],
)
def test_a_symbol_typed_in_the_box_goes_straight_there(client, bundled, typed, target):
    response = client.get("/search/", {"q": typed})
    assert response.status_code == 302
    assert response["Location"] == target


def test_the_jump_keeps_the_language_asked_for(client, bundled):
    response = client.get("/search/", {"q": "A/RES/79/154 op26", "lang": "fr"})
    assert response["Location"] == "/resolutions/A/RES/79/154/op26/?lang=fr"


def test_a_sub_paragraph_is_reached_by_its_letter(client, make_resolution):
    resolution = make_resolution(5)
    Paragraph.objects.create(
        resolution=resolution,
        pid="op5a",
        kind=Paragraph.Kind.SUBPARAGRAPH,
        label="a",
        position=6,
        text="Its first sub-paragraph;",
        parent=resolution.paragraphs.get(pid="op5"),
    )
    for typed in ("70/500 op5a", "70/500 op 5(a)", "A/RES/70/500 para 5 (a)"):
        assert client.get("/search/", {"q": typed})["Location"].endswith("/op5a/"), typed


def test_an_unknown_symbol_says_the_library_lacks_it(client, bundled):
    response = client.get("/search/", {"q": "A/RES/80/999 op2"})
    assert response.status_code == 200
    assert "The library has no resolution A/RES/80/999." in html_of(response)


def test_an_unknown_paragraph_says_so_and_offers_the_resolution(client, bundled):
    response = client.get("/search/", {"q": "A/RES/79/154 op99"})
    html = html_of(response)
    assert response.status_code == 200
    assert "A/RES/79/154 has no operative paragraph 99." in html
    assert 'Go to <a href="/resolutions/A/RES/79/154/">A/RES/79/154</a>' in html


def test_while_typing_a_symbol_the_results_offer_the_way_without_leaving(client, bundled):
    response = client.get("/search/", {"q": "A/RES/79/154 op26"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert (
        'Go to <a href="/resolutions/A/RES/79/154/op26/">A/RES/79/154, operative paragraph 26</a>'
        in html_of(response)
    )


# --- Pages of results ----------------------------------------------------------------------------


def test_every_match_can_be_reached_page_by_page(client, make_resolution):
    make_resolution(84)
    first = html_of(client.get("/search/", {"q": "report"}))
    assert "84 paragraphs match “report”: showing 1–50, best first" in first  # noqa: RUF001
    assert "Page 1 of 2" in first
    assert '<a rel="next" href="?q=report&amp;page=2"' in first
    second = html_of(client.get("/search/", {"q": "report", "page": "2"}))
    assert "showing 51–84" in second  # noqa: RUF001
    assert '<ol class="hits" start="51">' in second
    assert '<a rel="prev" href="?q=report&amp;page=1"' in second and 'rel="next"' not in second
    pids = {
        hit.paragraph.pid for page in (1, 2) for hit in search_paragraphs("report", page=page).hits
    }
    assert pids == {f"op{n}" for n in range(1, 85)}


def test_the_pages_keep_the_filters(client, make_resolution):
    make_resolution(60)
    html = html_of(client.get("/search/", {"q": "report", "session": "70", "lang": "en"}))
    assert 'href="?q=report&amp;session=70&amp;lang=en&amp;page=2"' in html


def test_a_page_past_the_last_says_so(client, make_resolution):
    make_resolution(3)
    html = html_of(client.get("/search/", {"q": "report", "page": "9"}))
    assert "There is no page 9 of these results." in html


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999999999"])
def test_a_nonsense_page_number_shows_the_first_page(client, make_resolution, page):
    make_resolution(3)
    response = client.get("/search/", {"q": "report", "page": page})
    assert response.status_code == 200
    assert html_of(response).count('class="hit"') == 3


def test_a_capped_search_pages_through_the_ranked_matches(client, make_resolution, cap_of_60):
    make_resolution(70)
    html = html_of(client.get("/search/", {"q": "report", "page": "2"}))
    assert html.count('class="hit"') == 10
    assert "Page 2 of 2" in html


def test_later_pages_cost_the_same_few_queries(client, make_resolution, django_assert_num_queries):
    make_resolution(120)
    # As for the first page (see above), titles aside: every match is read and ranked, the
    # page is cut.
    queries = 7 if connection.vendor == "postgresql" else 6
    with django_assert_num_queries(queries):
        client.get("/search/", {"q": "report", "page": "3"})


only_on_postgresql_stemming = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming is PostgreSQL's; SQLite matches words"
)


# --- Languages -----------------------------------------------------------------------------------


TEXTS = {
    "en": "Condemns trafficking in women and girls for forced labour;",
    "fr": "Condamne la traite des femmes et des filles aux fins du travail forcé;",
    "es": "Condena la trata de mujeres y niñas con fines de trabajo forzoso;",
    "ru": "Осуждает торговлю женщинами и девочками в целях принудительного труда;",
    "ar": "تدين الاتجار بالنساء والفتيات لأغراض العمل القسري؛",
    "zh": "谴责以强迫劳动为目的贩运妇女和女童行为；",  # noqa: RUF001
}


@pytest.fixture
def six_languages(make_resolution):
    resolution = make_resolution(1, symbol="A/RES/70/7")
    paragraph = resolution.paragraphs.get()
    set_text(resolution, TEXTS["en"])
    for language, text in TEXTS.items():
        if language != "en":
            ParagraphText.objects.create(paragraph=paragraph, language=language, text=text)
    return paragraph


# Words as they stand in the text: found on every database.
AS_WRITTEN = [
    ("en", "trafficking women"),
    ("fr", "traite des filles"),
    ("es", "trata de mujeres"),
    ("ru", "торговлю женщинами"),
    ("ar", "الاتجار"),
    ("zh", "强迫劳动"),
    ("zh", "贩运妇女"),
]
# Other forms of those words, found through each language's stemming (PostgreSQL), and the
# capitals a "C" collation does not lower-case.
STEMMED = [
    ("en", "condemning trafficked women"),
    ("fr", "condamner la traite des filles"),
    ("fr", "Forcé"),
    ("es", "condenar niña"),
    ("ru", "Принудительный труд"),
    ("zh", "劳"),
]


@pytest.mark.parametrize(
    ("language", "typed"),
    AS_WRITTEN + [pytest.param(*case, marks=only_on_postgresql_stemming) for case in STEMMED],
)
def test_each_language_is_searched_in_its_own_words(client, six_languages, language, typed):
    results = search_paragraphs(typed, language=language)
    assert [(hit.paragraph, hit.language) for hit in results.hits] == [(six_languages, language)]
    html = html_of(client.get("/search/", {"q": typed, "lang": language}))
    assert f'href="/resolutions/A/RES/70/7/op1/?lang={language}"' in html
    assert f'<p class="snippet" lang="{language}"' in html
    assert "<mark>" in html


def test_a_search_of_all_languages_says_each_hit_s_language(client, six_languages):
    html = html_of(client.get("/search/", {"q": "traite"}))
    assert 'href="/resolutions/A/RES/70/7/op1/?lang=fr"' in html
    assert '<span class="hit-language">Français</span>' in html


def test_a_language_filter_leaves_the_other_languages_out(six_languages):
    assert search_paragraphs("traite", language="en").hits == []
    assert search_paragraphs("trafficking", language="fr").hits == []


def test_arabic_snippets_read_right_to_left(client, six_languages):
    html = html_of(client.get("/search/", {"q": "الاتجار", "lang": "ar"}))
    assert '<p class="snippet" lang="ar" dir="rtl">' in html


def test_the_form_offers_every_language(client, db):
    html = html_of(client.get("/search/"))
    assert '<option value="">All languages</option>' in html
    for code in ("ar", "zh", "en", "fr", "ru", "es"):
        assert f'<option value="{code}" lang="{code}">' in html


def test_an_unknown_language_searches_them_all(client, six_languages):
    response = client.get("/search/", {"q": "traite", "lang": "xx"})
    assert response.status_code == 200
    assert "?lang=fr" in html_of(response)


def test_an_acronym_search_costs_the_same_few_queries_however_many_paragraphs_cite_it(
    client, make_resolution, django_assert_num_queries
):
    cedaw = Instrument.objects.create(
        slug="cedaw",
        kind="treaty",
        title="Convention on the Elimination of All Forms of Discrimination against Women",
        short_name="CEDAW",
        in_catalogue=True,
    )

    def citing(size, symbol):
        resolution = make_resolution(size, symbol=symbol)
        Citation.objects.bulk_create(
            Citation(instrument=cedaw, resolution=resolution, paragraph=p, via="text")
            for p in resolution.paragraphs.all()
        )

    citing(3, "A/RES/70/3")
    # The instrument, the paragraphs citing it, then as for any search (see above).
    queries = 10 if connection.vendor == "postgresql" else 9
    with django_assert_num_queries(queries):
        few = html_of(client.get("/search/", {"q": "CEDAW"}))
    citing(40, "A/RES/70/40")
    with django_assert_num_queries(queries):
        many = html_of(client.get("/search/", {"q": "CEDAW"}))
    assert "cited by 3 paragraphs" in few and "cited by 43 paragraphs" in many
    assert many.count('class="hit"') == 43


# --- A library loaded before language versions ---------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_library_loaded_before_language_versions_is_searchable_after_migrating():
    from django.db.migrations.executor import MigrationExecutor

    before = [("resolutions", "0006_languages_structure_votes_subjects")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    resolution = old.get_model("resolutions", "Resolution").objects.create(
        symbol="A/RES/60/9", session=60, number="9", number_int=9, title="Piracy"
    )
    old.get_model("resolutions", "Paragraph").objects.create(
        resolution=resolution, pid="op1", kind="operative", position=1, text="Condemns piracy;"
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    hits = search_paragraphs("piracy").hits
    assert [(hit.paragraph.pid, hit.language, hit.paragraph.text) for hit in hits] == [
        ("op1", "en", "Condemns piracy;")
    ]


def test_a_table_is_found_by_its_cells_under_the_paragraph_that_introduces_it(client, db):
    from resolutions.ingest.writer import ingest_parsed
    from resolutions.parsing import parse_document
    from tests.parsing.test_akn_features import para, statement

    main = f"""{para(1, "Approves the following appropriations:")}
      <container><table><tr><th><p>Section</p></th><th><p>Amount</p></th></tr>
        <tr><td><p>Policymaking organs</p></td><td><p>41 295.1</p></td></tr></table></container>
      {para(2, "Decides to remain seized of the matter.")}"""
    parsed = parse_document(statement(main), "t.xml")
    ingest_parsed(parsed, source_name="t.xml", checksum="t")
    hits = search_paragraphs("policymaking organs").hits
    assert [hit.paragraph.pid for hit in hits] == ["op1"]
    # The reader still shows the paragraph's own words, the table under them.
    text = ParagraphText.objects.get(paragraph__pid="op1")
    assert text.text == "Approves the following appropriations:"
    html = html_of(client.get("/resolutions/A/RES/77/194/"))
    assert html.count("Policymaking organs") == 1
    assert not search_paragraphs("policymaking -organs").hits
