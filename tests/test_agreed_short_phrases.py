"""Agreed language for a short phrase (fewer words than the fingerprints need) in every
language: the lookup finds exactly the paragraphs holding the phrase word for word, however the
text writes its case, apostrophes, hyphens, digits and accents. On PostgreSQL the texts come
through an index of their words (migration 0013), which must miss none of them."""

# ruff: noqa: RUF001 - the texts are written in six scripts, with their own digits and commas.

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from resolutions.across import agreed, folding
from resolutions.models import Paragraph, ParagraphText
from resolutions.search import fulltext
from tests.library_rows import make


def library(language, texts, *, rows=True):
    """One resolution a text, numbered from 1; the text is the `language` version of its
    paragraph op1 (the paragraph's own text when `rows` is False and the resolution's primary
    language is `language`)."""
    for number, text in enumerate(texts, start=1):
        if rows and language == "en":
            make(f"A/RES/78/{number}", "Title", [("op1", text)])
        elif rows:
            resolution = make(f"A/RES/78/{number}", "Title", [("op1", "English text.")])
            paragraph = resolution.paragraphs.get(pid="op1")
            ParagraphText.objects.create(paragraph=paragraph, language=language, text=text)
        else:
            resolution = make(
                f"A/RES/78/{number}", "Title", [("op1", text)], primary_language=language
            )
            ParagraphText.objects.filter(paragraph__resolution=resolution).delete()


def found(phrase, language):
    result = agreed.for_phrase(phrase, language)
    assert len(folding.words_of(phrase)) < agreed.GUARANTEE  # through the texts, not the index
    return sorted(int(m.paragraph.resolution.symbol.rsplit("/", 1)[1]) for m in result.matches)


def test_a_russian_phrase_finds_the_paragraphs_holding_it_whatever_their_case(db):
    library(
        "ru",
        [
            "ГЕНЕРАЛЬНАЯ АССАМБЛЕЯ, ссылаясь на свою резолюцию 70/1,",
            "Генеральная Ассамблея ссылается на доклад;",
            "Ассамблея генеральная, ссылаясь на доклад;",
            "подчеркивает, что Генеральная Ассамблея\u00a0— ссылаясь на мандат,",
        ],
    )
    assert found("генеральная Ассамблея ссылаясь", "ru") == [1, 4]


def test_an_arabic_phrase_finds_the_paragraphs_holding_it_with_or_without_vowel_marks(db):
    library(
        "ar",
        [
            "إن الجمعية العامة، إذ تشير إلى قرارها ٧٠/١،",
            "وإذ تشير الجمعية العامة إلى قرارها",
            "إن الجمعيةُ العامةُ إذ تشير إلى القرار",
            "إن الجمعية العامة تشير إلى قرارها",
        ],
    )
    assert found("الجمعية العامة إذ تشير", "ar") == [1, 3]
    assert found("قرارها ٧٠/١", "ar") == [1]


def test_a_chinese_phrase_finds_its_characters_in_a_row_whatever_stands_between(db):
    library(
        "zh",
        [
            "大会，回顾其2015年9月25日第70/1号决议，",
            "回顾大会的决议，",
            "大 会 回 顾 其 决 议",
            "大会回忆其决议",
        ],
    )
    assert found("大会回顾", "zh") == [1, 3]


def test_a_chinese_phrase_finds_full_width_and_ascii_digits_alike(db):
    library("zh", ["回顾其第７０/１号决议，", "回顾其第70/1号决议，", "回顾其第70/10号决议，"])
    assert found("第70/1号决议", "zh") == [1, 2]


def test_a_french_phrase_finds_every_apostrophe_case_and_spacing_of_its_elision(db):
    library(
        "fr",
        [
            "Prie L\u2019ASSEMBLÉE GÉNÉRALE d\u2019examiner la question;",
            "Rappelant la résolution de l'Assemblée générale;",
            "Décide que l'Assemblée\u00a0générale examinera la question;",
            "Prie l'Assemblée nationale d'examiner la question;",
            "Prie lAssemblée générale d'examiner la question;",
        ],
    )
    assert found("l'Assemblée générale", "fr") == [1, 2, 3]
    assert found("L\u2019Assemblée générale", "fr") == [1, 2, 3]


def test_a_text_written_with_decomposed_accents_or_ligatures_is_found_too(db):
    library(
        "fr",
        [
            "Prie l'Assemble\u0301e ge\u0301ne\u0301rale d'examiner le ﬁnancement durable;",
            "Prie l'Assemblée générale d'examiner le financement durable;",
        ],
    )
    assert found("l'Assemblée générale", "fr") == [1, 2]
    assert found("le financement durable", "fr") == [1, 2]


def test_a_spanish_phrase_finds_subscripts_and_non_breaking_hyphens_as_written(db):
    library(
        "es",
        [
            "reducir las emisiones de CO₂ de origen no\u2011gubernamental;",
            "reducir las emisiones de CO2 de origen no-gubernamental;",
            "reducir las emisiones de CO de origen gubernamental;",
        ],
    )
    assert found("emisiones de CO2", "es") == [1, 2]
    assert found("origen no-gubernamental", "es") == [1, 2]


def test_a_number_is_a_whole_word(db):
    library("en", ["Recalls resolution 70/1 of 25 September;", "Recalls resolution 70/10;"])
    assert found("resolution 70/1", "en") == [1]


def test_paragraphs_whose_primary_text_has_no_row_are_found_in_their_language(db):
    library("ru", ["Генеральная Ассамблея, ссылаясь на резолюцию,"], rows=False)
    assert not ParagraphText.objects.exists()
    assert Paragraph.objects.count() == 1
    assert found("Генеральная Ассамблея ссылаясь", "ru") == [1]


def test_a_short_phrase_reads_at_most_the_scan_limit_of_texts_rows_or_not(db, monkeypatch):
    """A phrase of common words is held, word by word, by texts without number: the lookup
    reads SCAN_LIMIT of them at most, the paragraphs without a row of their own included. (The
    first two texts hold the phrase's words in its order, hyphens joining some, so that every
    index reads them as candidates and the word-by-word check refuses them.)"""
    library("ru", ["Ассамблея-ссылаясь на-резолюцию", "Ассамблея ссылаясь-на резолюцию"])
    make(
        "A/RES/78/3", "Title", [("op1", "Ассамблея, ссылаясь на резолюцию,")], primary_language="ru"
    )
    ParagraphText.objects.filter(paragraph__resolution__symbol="A/RES/78/3").delete()
    # Three texts hold the words; only the third, without a row, in this order.
    monkeypatch.setattr(agreed, "SCAN_LIMIT", 3)
    assert found("Ассамблея ссылаясь на резолюцию", "ru") == [3]
    monkeypatch.setattr(agreed, "SCAN_LIMIT", 2)
    assert found("Ассамблея ссылаясь на резолюцию", "ru") == []


# --- The index itself, on PostgreSQL -------------------------------------------------------------

# Each character stands alone, inside a word, against one, and beside Chinese characters (whose
# texts `words_of` reads character by character).
CONTEXTS = ["xy{}xy", " {} ", "xy{}", "{}xy", "的{}xy", "xy{}的", "дд{}дд", "بب{}بب", "{}{}"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is PostgreSQL's")
def test_the_index_holds_every_word_a_lookup_asks_for_whatever_character_stands_there(db):
    points = [n for n in range(1, 0x10000) if not 0xD800 <= n <= 0xDFFF]
    missed = []
    with connection.cursor() as cursor:
        for context in CONTEXTS:
            before, _, after = context.partition("{}")
            second = "chr(n)" if after == "{}" else "%s"
            cursor.execute(
                "SELECT n, tsvector_to_array(resolutions_agreed_words("  # noqa: S608 - no input
                f"%s || chr(n) || {second})) FROM unnest(%s::int[]) AS n",
                [before, *([] if after == "{}" else [after]), points],
            )
            for n, lexemes in cursor.fetchall():
                text = context.replace("{}", chr(n))
                wanted = set(agreed._terms(folding.words_of(text)))
                if fulltext.UNSURE not in lexemes and not wanted <= set(lexemes):
                    missed.append((hex(n), context, sorted(wanted - set(lexemes))))
    assert missed == []


# --- Chinese phrases, checked in the text as written --------------------------------------------

# Characters, their compatibility forms (豈 is also written \uf900, 一 as the radical \u2f00),
# Chinese and Latin punctuation, lone apostrophes and hyphens, digits of both widths, a sound
# mark.
CHINESE_PIECES = st.sampled_from(
    [
        *("大", "会", "豈", "\uf900", "一", "\u2f00", "，", " ", "-", "'", "\u2019", "\u2011"),
        *("x", "7", "７", "ﬁ", "(a)", "a-b", "_", "\u3099", "が"),
    ]
)


@settings(max_examples=800, deadline=None)
@given(st.lists(CHINESE_PIECES, max_size=20), st.integers(0, 20), st.integers(1, 5))
def test_a_chinese_phrase_is_checked_in_a_text_as_its_words_are_compared(pieces, start, length):
    text = "".join(pieces)
    words = folding.words_of(text)
    chinese = [w for w in words if len(w) == 1 and agreed.CJK.match(w)]
    for sought in (words[start : start + length], chinese[start : start + length]):
        characters = agreed._characters_pattern(sought)
        if characters is not None:
            held = agreed._holds(text, sought, agreed._phrase_pattern(sought), characters)
            assert held == agreed._contains(words, sought)


@settings(max_examples=800, deadline=None)
@given(st.lists(CHINESE_PIECES | st.sampled_from(["ß", "É", "\u0301", "ﬃ", "İ"]), max_size=20))
def test_a_chinese_text_s_words_are_those_it_shows_marked(pieces):
    text = "的" + "".join(pieces)
    assert folding.words_of(text) == [span.word for span in folding.spans(text)]
