"""The one numbering module: every way the UN numbers or letters, written out and read back."""

import pytest

from resolutions.parsing import numbering
from resolutions.parsing.citations import find_documents


def test_roman_numerals_round_trip_for_any_count():
    for number in range(1, 4000):
        written = numbering.roman(number)
        assert numbering.roman_value(written) == number
        assert numbering.roman_value(written.upper()) == number
    with pytest.raises(ValueError):
        numbering.roman(0)


@pytest.mark.parametrize(
    ("number", "written"),
    [(1, "i"), (4, "iv"), (9, "ix"), (12, "xii"), (13, "xiii"), (14, "xiv"), (20, "xx"),
     (40, "xl"), (49, "xlix"), (99, "xcix"), (1994, "mcmxciv")],
)  # fmt: skip
def test_roman_numerals_are_written_as_the_un_writes_them(number, written):
    assert numbering.roman(number) == written


@pytest.mark.parametrize("text", ["", "iiii", "vx", "ic", "abc", "xxxx", "mix2"])
def test_what_is_no_roman_numeral_reads_as_none(text):
    assert numbering.roman_value(text) is None


def test_letters_double_past_z_and_round_trip():
    for number in range(1, 80):
        written = numbering.letter(number)
        assert numbering.letter_value(written) == number
        assert len(written) == (number - 1) // 26 + 1


def test_letters_after_z():
    assert [numbering.letter(n) for n in (1, 26, 27, 28, 52, 53)] == [
        "a", "z", "aa", "bb", "zz", "aaa",
    ]  # fmt: skip
    assert numbering.letter_value("ab") is None


@pytest.mark.parametrize(
    ("write", "read", "count"),
    [
        (numbering.abjad, numbering.abjad_value, 28),
        (numbering.circled, numbering.circled_value, 10),
        (numbering.branch, numbering.branch_value, 12),
        (numbering.chinese, numbering.chinese_value, 99),
    ],
)
def test_every_other_scheme_round_trips_over_its_whole_range(write, read, count):
    assert [read(write(n)) for n in range(1, count + 1)] == list(range(1, count + 1))
    with pytest.raises(ValueError):
        write(count + 1)


def test_chinese_numerals_are_written_as_chinese_texts_write_them():
    assert [numbering.chinese(n) for n in (1, 10, 11, 20, 21, 99)] == [
        "一", "十", "十一", "二十", "二十一", "九十九",
    ]  # fmt: skip
    assert numbering.chinese_value("十十") is None


def test_the_forms_an_arabic_letter_is_written_in_read_as_the_letter():
    # Alef with and without hamza; the initial form of heh; a tatweel stretching the letter.
    assert numbering.abjad_value("ا") == numbering.abjad_value("إ") == 1  # noqa: RUF001
    assert numbering.abjad_value("\ufeeb") == numbering.abjad_value("هـ") == 5


@pytest.mark.parametrize(
    ("label", "reading"),
    [
        ("(b)", (2, None)),
        ("(i)", (9, 1)),
        ("(xiv)", (None, 14)),
        ("(аа)", (27, None)),  # Cyrillic look-alikes of "aa"  # noqa: RUF001
        ("(ب)", (2, None)),
        ("㈡", (None, 2)),
        ("(十一)", (None, 11)),
        ("(丑)", (2, None)),
        ("c)", (3, 100)),
        ("1.", None),
        ("A.", None),
    ],
)
def test_a_sub_paragraphs_label_reads_as_its_letter_and_its_number(label, reading):
    assert numbering.sub_label(label) == reading


def test_an_arabic_session_written_in_digits_is_cited_with_its_roman_number():
    found = find_documents("القرار 2200 ألف (د-21) والقرار 377 (دإ-5)", "ar")
    assert [d.symbol for d in found] == ["A/RES/2200 A (XXI)", "A/RES/377 (ES-V)"]
