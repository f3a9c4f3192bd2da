"""The ways the UN numbers and letters what it counts, written out and read back for any count:
roman numerals, Latin letters (doubled past z), the Arabic abjad order, Chinese numerals, the
circled ideographs and the earthly branches.

Every part of the project that writes a number as a label ("Annex XIV", `op5a-ii`) or reads a
label as a number ("(ب)" is the second letter) calls this module; the letters and digits of a
language come from its table in `parsing.languages`.
"""

from __future__ import annotations

import re
import unicodedata

from resolutions.parsing.languages import ar, ru, zh

_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip
_ROMAN_FORM = re.compile(r"m*(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})")
_LATIN = "abcdefghijklmnopqrstuvwxyz"
_LOOKALIKES = str.maketrans(ru.LOOKALIKES)
_ARABIC_VARIANTS = str.maketrans(ar.LETTER_VARIANTS)
_TATWEEL = "\u0640"
# What may stand around a label's letter or number: brackets, points, dashes, quotes and the
# marks that set the direction of right-to-left text.
_LABEL_MARKS = re.compile(r"[\s()\[\]'\"\u2018\u2019«».:\-\u2013\u200e\u200f]")
# A sub-paragraph's label as it opens its text: "(a)", "a)", "(ﻫ)", "(十一)", "㈠".  # noqa: RUF003
LEADING_LABEL = rf"\([^()\s]{{1,5}}\)|[^()\s\d]{{1,4}}\)|[{zh.CIRCLED}]"
# A sub-paragraph's label as it is written: in brackets "(a)", closed by one "a)", or a circled
# number "㈠", alone.
_LABEL_FORM = re.compile(rf"\(?[^()\s]{{1,5}}\)|[{zh.CIRCLED}]")


def roman(number: int) -> str:
    """1 -> "i", 14 -> "xiv", 40 -> "xl": lower case, as ids write it (`op5a-iv`); `.upper()`
    gives an annex's number as the UN prints it ("Annex XIV")."""
    if number < 1:
        raise ValueError(f"no roman numeral for {number}")
    out = []
    for value, numeral in _ROMAN:
        count, number = divmod(number, value)
        out.append(numeral * count)
    return "".join(out)


def roman_value(text: str) -> int | None:
    """ "xiv" or "XIV" -> 14; None for what is not a roman numeral written the usual way."""
    text = text.lower()
    if not text or not _ROMAN_FORM.fullmatch(text):
        return None
    total = 0
    for index, char in enumerate(text):
        value = _value_of(char)
        following = _value_of(text[index + 1]) if index + 1 < len(text) else 0
        total += -value if value < following else value
    return total


def _value_of(numeral: str) -> int:
    return next(value for value, form in _ROMAN if form == numeral)


def letter(number: int) -> str:
    """1 -> "a", 26 -> "z", 27 -> "aa", 28 -> "bb": past z the UN doubles the letter."""
    if number < 1:
        raise ValueError(f"no letter for {number}")
    return _LATIN[(number - 1) % 26] * ((number - 1) // 26 + 1)


def letter_value(text: str) -> int | None:
    """ "b" -> 2, "aa" -> 27; None for anything else."""
    if text and text.isascii() and text.isalpha() and text.islower() and len(set(text)) == 1:
        return (len(text) - 1) * 26 + _LATIN.index(text[0]) + 1
    return None


def abjad(number: int) -> str:
    """The `number`th letter in the order Arabic texts letter their sub-paragraphs: 1 -> "أ"."""
    return _nth(ar.LETTERS, number)


def abjad_value(text: str) -> int | None:
    # Presentation forms ("ﻫ", the initial form of heh) are the letter itself.  # noqa: RUF003
    text = unicodedata.normalize("NFKC", text).translate(_ARABIC_VARIANTS).replace(_TATWEEL, "")
    return _place(ar.LETTERS, text)


def circled(number: int) -> str:
    """1 -> "㈠" … 10 -> "㈩"."""
    return _nth(zh.CIRCLED, number)


def circled_value(text: str) -> int | None:
    return _place(zh.CIRCLED, text)


def branch(number: int) -> str:
    """The `number`th earthly branch: 1 -> "子"."""
    return _nth(zh.BRANCHES, number)


def branch_value(text: str) -> int | None:
    return _place(zh.BRANCHES, text)


def chinese(number: int) -> str:
    """1 -> "一", 10 -> "十", 11 -> "十一", 20 -> "二十", up to 99."""
    if not 1 <= number <= 99:
        raise ValueError(f"no Chinese numeral written here for {number}")
    tens, units = divmod(number, 10)
    if not tens:
        return zh.DIGITS[units - 1]
    before = zh.DIGITS[tens - 1] if tens > 1 else ""
    return before + zh.TEN + (zh.DIGITS[units - 1] if units else "")


def chinese_value(text: str) -> int | None:
    """ "十一" -> 11, "二十" -> 20; None for anything else."""
    if not text or len(text) > 3 or any(c not in zh.DIGITS + zh.TEN for c in text):
        return None
    if zh.TEN not in text:
        return zh.DIGITS.index(text) + 1 if len(text) == 1 else None
    tens, _, units = text.rpartition(zh.TEN)
    if len(tens) > 1 or len(units) > 1 or zh.TEN in tens:
        return None
    value = (zh.DIGITS.index(tens) + 1 if tens else 1) * 10
    return value + (zh.DIGITS.index(units) + 1 if units else 0)


def digits_value(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _nth(sequence: str, number: int) -> str:
    if not 1 <= number <= len(sequence):
        raise ValueError(f"no {number}th in {sequence!r}")
    return sequence[number - 1]


def _place(sequence: str, text: str) -> int | None:
    return sequence.index(text) + 1 if len(text) == 1 and text in sequence else None


# Every way a list of sub-paragraphs is counted, each reading the label's core ("b" of "(b)").
READINGS = (
    letter_value,
    roman_value,
    digits_value,
    circled_value,
    abjad_value,
    chinese_value,
    branch_value,
)


def label_core(label: str) -> str:
    """ "(b)" -> "b": the letter or number without its brackets, points and direction marks,
    the Cyrillic letters that look like Latin ones read as the Latin ones."""
    return _LABEL_MARKS.sub("", label).translate(_LOOKALIKES)


def sub_label(label: str) -> tuple[int | None, int | None] | None:
    """A sub-paragraph's label read as (letter, roman) values, either None where the label
    cannot be one: "(b)" -> (2, None), "(i)" -> (9, 1), "(أ)" -> (1, None), "㈡" -> (None, 2).
    Only a label in parentheses or closed by one ("a)") counts; None for "1.", "A." or "I"."""
    if not _LABEL_FORM.fullmatch(label.strip()):
        return None
    core = label_core(label)
    as_letter = letter_value(core) or abjad_value(core) or branch_value(core)
    as_roman = roman_value(core) or circled_value(core) or chinese_value(core)
    if as_letter is None and as_roman is None:
        return None
    return as_letter, as_roman
