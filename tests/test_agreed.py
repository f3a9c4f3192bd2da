"""Agreed language: where else the library adopted a paragraph's wording, or a phrase."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from resolutions.across import agreed, folding
from resolutions.models import ParagraphText, Wording
from tests.library_rows import make

TITLE = "Trafficking in women and girls"
SHARED = (
    "Urges Governments to strengthen measures to address the root causes, including external "
    "factors, that make women and girls vulnerable to trafficking, such as poverty;"
)
NEARLY = (
    "Urges Governments to strengthen measures to address the root causes, including external "
    "factors, that make women and girls vulnerable to trafficking, such as poverty and conflict;"
)
FRENCH = (
    "Exhorte les gouvernements à renforcer les mesures visant à éliminer les causes profondes "
    "qui rendent les femmes et les filles vulnérables à la traite;"
)
ONCE = "Decides to convene a high-level meeting on the question in two thousand and twenty-six;"


@pytest.fixture
def library(db):
    oldest = make(
        "A/RES/75/158",
        TITLE,
        [("op1", SHARED), ("op2", "Takes note of the report of the Secretary-General;")],
        french={"op1": FRENCH},
    )
    middle = make(
        "A/RES/77/194",
        TITLE,
        [("op1", "Takes note of the report;"), ("op2", SHARED)],
        french={"op2": FRENCH},
    )
    other = make("A/RES/76/10", "Rural women", [("op1", NEARLY), ("op2", "Welcomes the report;")])
    newest = make(
        "A/RES/79/154",
        TITLE,
        [("op1", SHARED), ("op2", ONCE)],
        french={"op1": FRENCH},
    )
    unrelated = make("A/RES/78/1", "Oceans", [("op1", "Calls for the protection of the oceans;")])
    call_command("index_wording", stdout=io.StringIO())
    return {"oldest": oldest, "middle": middle, "other": other, "newest": newest, "x": unrelated}


def symbols(found):
    return [(m.paragraph.resolution.symbol, m.paragraph.pid) for m in found.matches]


def test_a_paragraph_s_wording_elsewhere_comes_exact_first_newest_first(library):
    paragraph = library["newest"].paragraphs.get(pid="op1")
    found = agreed.for_paragraph(paragraph, "en", paragraph.text)
    assert symbols(found) == [
        ("A/RES/79/154", "op1"),  # the paragraph itself
        ("A/RES/77/194", "op2"),
        ("A/RES/75/158", "op1"),
        ("A/RES/76/10", "op1"),  # nearly the same: "and conflict" added
    ]
    assert [m.exact for m in found.matches] == [True, True, True, False]
    assert found.total == 4
    assert found.by_year == [(2024, 1), (2022, 1), (2021, 1), (2020, 1)]


def test_a_phrase_adopted_only_once_lists_only_itself(library):
    paragraph = library["newest"].paragraphs.get(pid="op2")
    found = agreed.for_paragraph(paragraph, "en", paragraph.text)
    assert symbols(found) == [("A/RES/79/154", "op2")]
    found = agreed.for_phrase("convene a high-level meeting on the question in two thousand", "en")
    assert symbols(found) == [("A/RES/79/154", "op2")]


def test_a_phrase_finds_exact_occurrences_and_marks_the_words(library):
    found = agreed.for_phrase("that make women and girls vulnerable to trafficking, such", "en")
    assert sorted(symbols(found)) == [
        ("A/RES/75/158", "op1"),
        ("A/RES/76/10", "op1"),
        ("A/RES/77/194", "op2"),
        ("A/RES/79/154", "op1"),
    ]
    assert "<mark>that make women and girls vulnerable to trafficking, such</mark>" in str(
        found.matches[0].html
    )


def test_a_phrase_of_words_never_in_a_row_finds_nothing(library):
    found = agreed.for_phrase("girls vulnerable to poverty trafficking such as make women", "en")
    assert found.matches == [] and found.total == 0


def test_a_phrase_is_counted_only_where_its_words_stand_in_a_row(db):
    # Nine words leave a single fingerprint, five of them: a hundred and twenty paragraphs have
    # those five without the rest of the phrase, and are neither listed nor counted.
    phrase = "invites the united nations system including the funds and programmes"
    words = folding.words_of(phrase)
    hashes = agreed.shingles(words)
    (sample,) = agreed.fingerprints(words)
    five = " ".join(words[hashes.index(sample) : hashes.index(sample) + agreed.SHINGLE])
    make(
        "A/RES/70/1",
        "Elsewhere",
        [(f"op{k}", f"Notes {five} alone, in paragraph {k};") for k in range(1, 121)],
    )
    make("A/RES/71/1", "Here", [("op1", f"{phrase.capitalize()} to act;")])
    make("A/RES/72/1", "Here", [("op1", f"{phrase.capitalize()} to act again;")])
    call_command("index_wording", stdout=io.StringIO())
    found = agreed.for_phrase(phrase, "en")
    assert symbols(found) == [("A/RES/72/1", "op1"), ("A/RES/71/1", "op1")]
    assert found.total == 2 and found.by_year == [(2017, 1), (2016, 1)]


def test_boilerplate_lists_the_nearest_fifty_and_counts_every_copy_by_year(db):
    boilerplate = "Decides to include in the provisional agenda of its next session the item;"
    for n in range(70):
        make(f"A/RES/{40 + n % 7}/{n + 1}", f"Series {n}", [("op1", boilerplate)])
    call_command("index_wording", stdout=io.StringIO())
    paragraph = ParagraphText.objects.filter(paragraph__resolution__symbol="A/RES/46/7").get()
    found = agreed.for_paragraph(paragraph.paragraph, "en", boilerplate)
    assert found.total == 70 and len(found.matches) == agreed.SHOWN
    assert found.matches[0].paragraph == paragraph.paragraph  # itself, then the newest copies
    sessions = [m.paragraph.resolution.session for m in found.matches[1:]]
    assert sessions == sorted(sessions, reverse=True) and sessions[:10] == [46] * 9 + [45]
    assert found.by_year == [(1945 + session, 10) for session in range(46, 39, -1)]
    found = agreed.for_phrase("include in the provisional agenda of its next session", "en")
    assert found.total == 70 and len(found.matches) == agreed.SHOWN
    assert sum(count for _, count in found.by_year) == 70


def test_a_short_phrase_is_found_too(library):
    found = agreed.for_phrase("Takes note of the report", "en")
    assert sorted(symbols(found)) == [("A/RES/75/158", "op2"), ("A/RES/77/194", "op1")]


def test_a_short_phrase_is_found_whichever_hyphen_the_text_writes(db):
    make("A/RES/78/2", "NGOs", [("op1", "Welcomes the work of non\u2011governmental bodies;")])
    make("A/RES/78/3", "NGOs", [("op1", "Thanks non-governmental bodies;")])
    make("A/RES/78/4", "NGOs", [("op1", "Thanks governmental bodies;")])
    found = agreed.for_phrase("non-governmental bodies", "en")
    assert sorted(symbols(found)) == [("A/RES/78/2", "op1"), ("A/RES/78/3", "op1")]


def test_a_short_phrase_is_found_whatever_the_case_of_its_words_in_russian_too(db):
    resolution = make("A/RES/78/5", "Океаны", [("op1", "Calls for the protection of oceans;")])
    paragraph = resolution.paragraphs.get(pid="op1")
    ParagraphText.objects.create(
        paragraph=paragraph, language="ru", text="Генеральная Ассамблея призывает к защите океанов;"
    )
    found = agreed.for_phrase("генеральная ассамблея призывает", "ru")
    assert symbols(found) == [("A/RES/78/5", "op1")]
    assert "<mark>Генеральная Ассамблея призывает</mark>" in str(found.matches[0].html)
    assert agreed.for_phrase("ассамблея генеральная", "ru").total == 0


def test_a_short_phrase_leaves_out_headings_and_paragraphs_outside_the_text(db):
    resolution = make("A/RES/78/6", "Oceans", [("op1", "Protection of the oceans")])
    resolution.paragraphs.update(in_text=False)
    assert agreed.for_phrase("protection of the oceans", "en").total == 0


def test_every_loaded_language_is_searched_in_its_own_language(library):
    paragraph = library["newest"].paragraphs.get(pid="op1")
    found = agreed.for_paragraph(paragraph, "fr", FRENCH)
    assert symbols(found) == [
        ("A/RES/79/154", "op1"),
        ("A/RES/77/194", "op2"),
        ("A/RES/75/158", "op1"),
    ]
    assert agreed.for_phrase("les femmes et les filles vulnérables à la traite", "en").total == 0
    assert agreed.for_phrase("les femmes et les filles vulnérables à la traite", "fr").total == 3


def test_chinese_text_is_fingerprinted_character_by_character():
    words = [s.word for s in folding.spans("呼吁各国政府加强措施")]
    assert words == list("呼吁各国政府加强措施")


def test_the_index_is_rebuilt_not_doubled(library):
    count = Wording.objects.count()
    call_command("index_wording", stdout=io.StringIO())
    assert Wording.objects.count() == count
    agreed.index_resolution(library["newest"])
    assert Wording.objects.count() == count


# --- The page and the panel ---------------------------------------------------------------------

URL = "/resolutions/A/RES/79/154/op1/agreed/"


def test_the_whole_page_lists_where_else_with_links_dates_and_a_count_by_year(client, library):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Where else adopted: operative paragraph 1 of A/RES/79/154</h1>" in html
    assert (
        '<a href="/resolutions/A/RES/77/194/op2/">A/RES/77/194, operative paragraph 2</a>' in html
    )
    assert '<time datetime="2022-12-17">17 December 2022</time>' in html
    assert "4 paragraphs in English" in html
    assert re.search(r'<th scope="row">2020</th><td>1</td>', html)
    assert "Same wording" in html and "Nearly the same" in html
    # The paragraph itself is quoted once above the results, not listed among them.
    assert "A/RES/79/154, operative paragraph 1</a>" not in html


def test_htmx_gets_the_panel_alone(client, library):
    response = client.get(URL, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and "<h1>" not in html and "<html" not in html
    assert 'id="panel-heading"' in html and "A/RES/75/158, operative paragraph 1" in html
    assert "HX-Request" in response["Vary"]


def test_a_phrase_from_the_query_string(client, library):
    html = client.get(URL, {"q": "Takes note of the report"}).content.decode()
    assert "Where else this phrase was adopted" in html
    assert "2 paragraphs in English" in html


def test_the_french_version_is_looked_up_in_french(client, library):
    html = client.get(URL, {"lang": "fr"}, headers={"Accept-Language": "en"}).content.decode()
    assert "3 paragraphs in Français" in html
    # The link opens the reader in French, since English is the resolution's primary language.
    assert 'href="/resolutions/A/RES/77/194/op2/?lang=fr"' in html
    assert "A/RES/77/194, operative paragraph 2" in html


def test_a_language_the_paragraph_is_not_loaded_in_is_not_found(client, library):
    assert client.get(URL, {"lang": "ru"}).status_code == 404


def test_unknown_paragraphs_and_resolutions_are_not_found(client, library):
    assert client.get("/resolutions/A/RES/79/154/op9/agreed/").status_code == 404
    assert client.get("/resolutions/A/RES/1/1/op1/agreed/").status_code == 404


def test_the_panel_refuses_a_post(client, library):
    assert client.post(URL).status_code == 405


def test_the_lookup_makes_the_same_few_queries_however_many_matches(client, library):
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(30):
        make(f"A/RES/60/{n + 1}", TITLE, [("op1", SHARED)])
    call_command("index_wording", stdout=io.StringIO())
    with CaptureQueriesContext(connection) as many:
        html = client.get(URL).content.decode()
    assert "34 paragraphs in English" in html
    assert len(many) == len(few)


def test_each_paragraph_on_the_reader_links_to_where_else_adopted(client, library):
    html = client.get("/resolutions/A/RES/79/154/").content.decode()
    assert 'href="/resolutions/A/RES/79/154/op1/agreed/"' in html
    assert "Where else adopted" in html


PIECES = st.sampled_from(
    [
        "women",
        "Girls",
        "and",
        "\u2019s",
        "'",
        "-",
        "\u2011",
        " ",
        "  ",
        ", ",
        "\u00a0",
        "_",
        "7",
        "É",
        "ﬁ",
        "(a)",
        "États",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES, max_size=30), st.integers(0, 30), st.integers(1, 6))
def test_a_short_phrase_is_checked_in_a_text_as_its_words_are_compared(pieces, start, length):
    text = "".join(pieces)
    words = folding.words_of(text)
    # A run of the text's own words (found); the same run with a word left out, or with its
    # words cut at their hyphens and apostrophes (mostly not).
    phrase = words[start : start + length] or ["women"]
    cut = [part for word in phrase for part in re.split(r"['-]+", word) if part]
    for sought in (phrase, phrase[:1] + phrase[2:], cut):
        pattern = agreed._phrase_pattern(sought)
        assert agreed._holds(text, sought, pattern) == agreed._contains(words, sought)
