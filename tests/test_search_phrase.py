"""The search's exact-phrase mode: the whole query in double quotes finds the paragraphs holding
those words in a row, in every language or one, highlighted and a page at a time; a query
without quotes searches as before."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resolutions.search.phrases import quoted_phrase, search_phrase
from tests.library_rows import make, subject

PLAN = (
    "Recalls the United Nations Global Plan of Action to Combat Trafficking in Persons, and "
    "calls for its full implementation;"
)
APART = "Resolves to combat all trafficking, in particular in persons with disabilities;"
STEMMED = "Welcomes efforts combating trafficking in persons;"
FRENCH = (
    "Rappelle le Plan d\u2019action mondial des Nations Unies pour lutter contre la traite des "
    "personnes;"
)


def html_of(response):
    return response.content.decode()


@pytest.fixture
def library(db):
    newer = make(
        "A/RES/79/154",
        "Trafficking in women and girls",
        [("op1", PLAN), ("op2", APART), ("op3", STEMMED)],
        french={"op1": FRENCH},
    )
    older = make(
        "A/RES/77/194",
        "Trafficking in women and girls",
        [("op1", "Notes that efforts to combat trafficking in persons must continue;")],
    )
    subject(newer, "SDG", "Goal 5: Gender equality", "sdg-5")
    return newer, older


def found(response) -> list[str]:
    """The hits of a search page, as "symbol pid language"."""
    html = html_of(response)
    out = []
    for piece in html.split('<li class="hit">')[1:]:
        href = piece[piece.index('href="') + 6 : piece.index('">')]
        path, _, query = href.partition("?lang=")
        symbol, pid = path.removeprefix("/resolutions/").rstrip("/").rsplit("/", 1)
        out.append(f"{symbol} {pid} {query}")
    return out


def test_a_quoted_phrase_finds_only_those_words_in_a_row(client, library):
    response = client.get("/search/", {"q": '"combat trafficking in persons"'})
    assert found(response) == ["A/RES/79/154 op1 en", "A/RES/77/194 op1 en"]
    html = html_of(response)
    assert "2 paragraphs contain the exact phrase “combat trafficking in persons”" in html
    # Marked as written in the text, whatever the capitals typed.
    assert "<mark>Combat Trafficking in Persons</mark>" in html
    assert "<mark>combat trafficking in persons</mark>" in html


def test_the_same_words_without_quotes_search_as_before(client, library):
    hits = found(client.get("/search/", {"q": "combat trafficking in persons"}))
    assert "A/RES/79/154 op2 en" in hits  # the words apart are found without quotes
    assert "A/RES/79/154 op1 en" in hits


def test_a_phrase_is_searched_in_every_language_or_in_the_one_chosen(client, library):
    phrase = '"lutter contre la traite des personnes"'
    assert found(client.get("/search/", {"q": phrase})) == ["A/RES/79/154 op1 fr"]
    assert found(client.get("/search/", {"q": phrase, "lang": "en"})) == []
    assert found(client.get("/search/", {"q": phrase, "lang": "fr"})) == ["A/RES/79/154 op1 fr"]


def test_an_apostrophe_typed_straight_finds_the_curly_one_of_the_text(client, library):
    typed = '"Plan d\'action mondial des Nations Unies"'
    assert found(client.get("/search/", {"q": typed})) == ["A/RES/79/154 op1 fr"]


def test_a_chinese_phrase_is_found_character_by_character(db):
    from resolutions.models import ParagraphText

    resolution = make("A/RES/79/4", "Title", [("op1", "Condemns trafficking;")])
    ParagraphText.objects.create(
        paragraph=resolution.paragraphs.get(),
        language="zh",
        text="谴责以强迫劳动为目的贩运妇女和女童行为",
    )
    assert [h.language for h in search_phrase("贩运妇女").hits] == ["zh"]
    assert search_phrase("贩运女童").matched == 0


def test_a_phrase_typed_plainly_finds_it_written_in_compatibility_forms(db, monkeypatch):
    """Agreed language reads a text's compatibility forms as their plain letters and digits
    (subscripts, ligatures, full-width digits, accents written as a letter and a combining
    mark): the phrase search finds what it reads."""
    assert_compatibility_forms_found(monkeypatch)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's text index")
def test_without_the_index_of_words_postgresql_finds_them_too(db, monkeypatch):
    """A PostgreSQL database without ICU has no index of words as agreed language reads them
    (migration 0013): the paragraphs are narrowed as on SQLite, and none is missed."""
    monkeypatch.setattr("resolutions.search.fulltext.words_indexed", lambda alias: False)
    assert_compatibility_forms_found(monkeypatch)


def assert_compatibility_forms_found(monkeypatch):
    # Newer paragraphs without the phrases' words, more than are checked: only paragraphs that
    # may hold a phrase are, or these would crowd out the older ones that do.
    monkeypatch.setattr("resolutions.search.phrases.CHECKED", 4)
    make("A/RES/80/1", "Other", [(f"op{n}", "Takes note of the report;") for n in range(1, 6)])
    make(
        "A/RES/79/6",
        "Climate",
        [
            ("op1", "Notes the rising concentration of CO\u2082 in the atmosphere;"),
            ("op2", "Calls for the 2030 Agenda, to be achieved by \uff12\uff10\uff13\uff10;"),
            ("op3", "Welcomes the fall of CO2 emissions;"),
        ],
        french={
            "op1": "Souligne le r\u00f4le du \ufb01nancement durable;",
            "op2": "Rappelle le de\u0301veloppement durable;",
        },
    )
    assert [h.paragraph.pid for h in search_phrase("concentration of CO2").hits] == ["op1"]
    assert [h.paragraph.pid for h in search_phrase("by 2030").hits] == ["op2"]
    assert [h.paragraph.pid for h in search_phrase("financement durable").hits] == ["op1"]
    assert [h.paragraph.pid for h in search_phrase("développement durable").hits] == ["op2"]
    # Word for word still: the words apart are not the phrase.
    assert search_phrase("of CO2 in").matched == 1
    assert search_phrase("CO2 in the fall").matched == 0


def test_a_chinese_phrase_is_found_across_punctuation_and_digits(db):
    """A Chinese text's characters and digits are words of their own, whatever stands between
    them: "回顾其199" is in "回顾其1994年…", and after a full-width comma in full-width digits
    too, as agreed language reads them."""
    from resolutions.models import ParagraphText

    resolution = make(
        "A/RES/79/7",
        "Title",
        [("pp1", "Recalling its resolution 49/184;"), ("pp2", "Recalling its resolution;")],
    )
    first, second = resolution.paragraphs.order_by("position")
    ParagraphText.objects.create(
        paragraph=first, language="zh", text="回顾其1994年12月23日第49/184号决议"
    )
    ParagraphText.objects.create(
        paragraph=second,
        language="zh",
        text="回顾其\uff0c\uff11\uff19\uff19\uff15年的决议",
    )
    hits = search_phrase("回顾其199").hits
    assert [(h.paragraph.pid, h.language) for h in hits] == [("pp1", "zh"), ("pp2", "zh")]
    assert search_phrase("其1995年", language="zh").matched == 1
    assert search_phrase("回顾其199年").matched == 0


def test_case_punctuation_apostrophes_and_hyphens_do_not_break_a_phrase(db):
    make(
        "A/RES/79/2",
        "Cooperation",
        [
            (
                "op1",
                "Invites non\u2011governmental organizations, and the Member States\u2019 own, "
                "\u201cCrime prevention and criminal justice\u201d;",
            )
        ],
    )
    assert [h.paragraph.pid for h in search_phrase("NON-GOVERNMENTAL organizations").hits] == [
        "op1"
    ]
    assert search_phrase("organizations and the member states' own").matched == 1
    assert search_phrase("governmental organizations invites").matched == 0
    assert search_phrase("own crime prevention").matched == 1


def test_a_phrase_in_one_spelling_finds_it_in_the_other(client, db):
    make("A/RES/79/5", "Labour", [("op1", "Condemns forced labour and child labour;")])
    html = html_of(client.get("/search/", {"q": '"forced labor"'}))
    assert "1 paragraph contains the exact phrase “forced labor”" in html
    assert "<mark>forced labour</mark>" in html


def test_curly_quotes_make_a_phrase_too_and_a_mixed_query_does_not(client, library):
    assert quoted_phrase("“combat trafficking in persons”") == "combat trafficking in persons"
    assert quoted_phrase('"combat trafficking" persons') == ""
    assert quoted_phrase('"combat" "persons"') == ""
    assert quoted_phrase('""') == "" and quoted_phrase('" , "') == ""
    curly = client.get("/search/", {"q": "“combat trafficking in persons”"})
    assert found(curly) == ["A/RES/79/154 op1 en", "A/RES/77/194 op1 en"]


def test_newest_first_in_reading_order(db):
    for session in (75, 79, 77):
        make(
            f"A/RES/{session}/1",
            "Title",
            [("op1", "Stresses the rule of law;"), ("op2", "Recalls the rule of law;")],
        )
    hits = search_phrase("the rule of law").hits
    assert [(h.paragraph.resolution.session, h.paragraph.pid) for h in hits] == [
        (79, "op1"),
        (79, "op2"),
        (77, "op1"),
        (77, "op2"),
        (75, "op1"),
        (75, "op2"),
    ]


def many(count, phrase="the rule of law"):
    return make(
        "A/RES/70/1",
        "Title",
        [(f"op{n}", f"Paragraph {n} upholds {phrase};") for n in range(1, count + 1)],
    )


def test_every_occurrence_can_be_reached_page_by_page(client, db):
    many(60)
    first = html_of(client.get("/search/", {"q": '"the rule of law"'}))
    assert (
        "60 paragraphs contain the exact phrase “the rule of law”: showing 1–50, newest first"  # noqa: RUF001
        in first
    )
    assert first.count('class="hit"') == 50
    assert '<a rel="next" href="?q=%22the+rule+of+law%22&amp;page=2"' in first
    second = html_of(client.get("/search/", {"q": '"the rule of law"', "page": "2"}))
    assert second.count('class="hit"') == 10 and '<ol class="hits" start="51">' in second
    pids = {
        h.paragraph.pid for page in (1, 2) for h in search_phrase("the rule of law", page=page).hits
    }
    assert pids == {f"op{n}" for n in range(1, 61)}


def test_past_the_paragraphs_checked_the_page_says_so(client, db, monkeypatch):
    monkeypatch.setattr("resolutions.search.phrases.CHECKED", 20)
    many(30)
    html = html_of(client.get("/search/", {"q": '"the rule of law"'}))
    assert (
        "20 paragraphs contain the exact phrase “the rule of law”, found among the 20 most recent"
        " paragraphs with these words; add a session or a language to look through them all"
    ) in html


def test_a_phrase_search_stays_in_the_session_and_subject_chosen(client, library):
    phrase = '"combat trafficking in persons"'
    assert found(client.get("/search/", {"q": phrase, "session": "77"})) == ["A/RES/77/194 op1 en"]
    assert found(client.get("/search/", {"q": phrase, "subject": "sdg-5"})) == [
        "A/RES/79/154 op1 en"
    ]


def test_markup_in_a_phrase_or_a_text_is_shown_escaped(client, db):
    make("A/RES/79/3", "Title", [("op1", "Notes <b>bold</b> claims & counter-claims;")])
    html = html_of(client.get("/search/", {"q": '"<b>bold</b> claims"'}))
    assert "<b>bold" not in html
    assert "Notes &lt;<mark>b&gt;bold&lt;/b&gt; claims</mark>" in html  # words, not signs


def test_as_you_type_htmx_gets_the_phrase_results_alone(client, library):
    response = client.get(
        "/search/", {"q": '"combat trafficking in persons"'}, headers={"HX-Request": "true"}
    )
    html = html_of(response)
    assert "<form" not in html and "exact phrase" in html


def test_the_notes_the_viewer_may_see_are_searched_for_the_phrase(client, library, make_user):
    from annotations.models import Annotation

    newer, _ = library
    Annotation.objects.create(
        paragraph=newer.paragraphs.get(pid="op1"),
        author=make_user("amina"),
        note="Our line: combat trafficking in persons at sea",
        visibility="public",
    )
    html = html_of(client.get("/search/", {"q": '"combat trafficking in persons"'}))
    assert "Our line: combat trafficking in persons at sea" in html


def test_a_phrase_search_costs_the_same_few_queries_for_few_hits_and_many(client, db):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/search/", {"q": '"the rule of law"'})
        return len(captured), response

    many(2)
    few_count, few = queries()
    make("A/RES/71/1", "Other", [(f"op{n}", f"{n}: the rule of law;") for n in range(1, 80)])
    many_count, more = queries()
    assert few_count == many_count
    assert html_of(few).count('class="hit"') == 2 and html_of(more).count('class="hit"') == 50


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's text index")
def test_on_postgresql_the_paragraphs_to_check_come_from_the_index_of_agreed_words(library):
    """(On the whole library the plan is a bitmap scan of this index; a test table is too small
    for the planner to prefer it, so the test holds the query to the indexed expression.) The
    index of words as written that served before is gone: nothing reads it."""
    from resolutions.across.folding import words_of
    from resolutions.search.phrases import _candidates

    with CaptureQueriesContext(connection) as captured:
        _candidates(
            "combat trafficking in persons",
            [words_of("combat trafficking in persons")],
            ["en", "fr"],
            None,
            None,
        )
    sql = captured.captured_queries[0]["sql"]
    assert (
        "resolutions_agreed_words(resolutions_paragraphtext.text) @@ "
        "(plainto_tsquery('simple'::regconfig, 'combat trafficking in persons') "
        "|| 'agreed_unsure'::tsquery)"
    ) in sql
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'paragraphtext_agreed_words'"
        )
        assert "resolutions_agreed_words(text)" in cursor.fetchone()[0]
        cursor.execute(
            "SELECT 1 FROM information_schema.columns "
            "WHERE table_name = 'resolutions_paragraphtext' AND column_name = 'phrase_vector'"
        )
        assert cursor.fetchone() is None
