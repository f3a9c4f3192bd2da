"""The checks every parse passes before anything is written, whatever the source form.

A parse that fails one is refused with the place named (paragraph id and source line): a text
read only in part must never look like the whole resolution.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from resolutions.parsing.model import ParsedParagraph, ParsedResolution, ParseError

# "op12", "a-op3", "annex1-op4", "s2-op1" (numbering that starts again in a later section).
_NUMBERED = re.compile(r"^(?P<scope>.*?)op(?P<number>\d+)$")

# Cyrillic letters that Russian texts sometimes use for the Latin sub-paragraph letters.
_LOOKALIKES = str.maketrans("асеорхуіАСЕОРХУІ", "aceopxyiACEOPXYI")  # noqa: RUF001
# The order Arabic texts letter their sub-paragraphs in (abjad).
_ABJAD = "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ"
_ABJAD_VARIANTS = str.maketrans({"ا": "أ", "إ": "أ", "آ": "أ", "ة": "ه"})  # noqa: RUF001
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def check_document(parsed: ParsedResolution, source: str = "<text>") -> None:
    """Raise ParseError at the first place where the parse cannot be the whole text."""
    problems = find_problems(parsed, source)
    if problems:
        raise problems[0]


def find_problems(parsed: ParsedResolution, source: str = "<text>") -> list[ParseError]:
    """Every check's first failure, in the order the checks run (empty when all pass)."""
    problems = []
    for check in (_check_ids, _check_numbering, _check_footnotes, _check_letters):
        try:
            check(parsed, source)
        except ParseError as error:
            problems.append(error)
    return problems


def _fail(message: str, paragraph: ParsedParagraph | None, source: str) -> ParseError:
    if paragraph is None:
        return ParseError(message, None, source)
    return ParseError(f"{paragraph.pid}: {message}", paragraph.line or None, source)


def _check_ids(parsed: ParsedResolution, source: str) -> None:
    seen: dict[str, int] = {}
    for item in [*parsed.paragraphs, *parsed.headings]:
        if item.pid in seen:
            raise ParseError(
                f"{item.pid}: the id is given twice (first on line {seen[item.pid]})",
                item.line or None,
                source,
            )
        seen[item.pid] = item.line


def _check_numbering(parsed: ParsedResolution, source: str) -> None:
    groups: dict[tuple, list[tuple[int, ParsedParagraph]]] = defaultdict(list)
    for paragraph in parsed.paragraphs:
        if paragraph.kind != "operative" or paragraph.parent is not None:
            continue
        match = _NUMBERED.match(paragraph.pid)
        if match:
            key = (paragraph.part, paragraph.annex, match["scope"])
            groups[key].append((int(match["number"]), paragraph))
    for (_part, annex, _scope), numbered in groups.items():
        # An annex may quote paragraphs under their own numbers ("Amend paragraph 8 to read:").
        expected = numbered[0][0] if annex is not None else 1
        for number, paragraph in numbered:
            if number != expected:
                if number > expected:
                    missing = (
                        f"paragraph {expected} is missing"
                        if number == expected + 1
                        else f"paragraphs {expected} to {number - 1} are missing"
                    )
                else:
                    missing = f"paragraph {number} comes again after paragraph {expected - 1}"
                where = _scope_name(paragraph)
                raise _fail(
                    f"operative paragraph {number} follows {expected - 1 or 'nothing'}"
                    f"{where}: {missing}",
                    paragraph,
                    source,
                )
            expected = number + 1


def _scope_name(paragraph: ParsedParagraph) -> str:
    if paragraph.annex is not None:
        return f" in annex {paragraph.annex}"
    if paragraph.part is not None:
        return f" in part {paragraph.part.upper()}"
    return ""


def _check_footnotes(parsed: ParsedResolution, source: str) -> None:
    notes = {footnote.number for footnote in parsed.footnotes}
    marked: set[int] = {m.number for m in parsed.title_footnotes}
    for paragraph in parsed.paragraphs:
        for marker in paragraph.footnotes:
            if marker.number not in notes:
                raise _fail(
                    f"footnote marker {marker.number} has no footnote text", paragraph, source
                )
            marked.add(marker.number)
    for footnote in parsed.footnotes:
        if footnote.number not in marked:
            raise ParseError(
                f"footnote {footnote.number} is never referred to in the text",
                footnote.line or None,
                source,
            )


def _check_letters(parsed: ParsedResolution, source: str) -> None:
    children: dict[str, list[ParsedParagraph]] = defaultdict(list)
    for paragraph in parsed.paragraphs:
        if paragraph.parent is not None:
            children[paragraph.parent].append(paragraph)
    for items in children.values():
        labels = [item.label for item in items]
        if not any(labels):
            continue
        readings = [r for r in (_read_all(scheme, labels) for scheme in _SCHEMES) if r]
        if not readings or any(r == list(range(1, len(r) + 1)) for r in readings):
            continue
        best = readings[0]
        for index, (value, item) in enumerate(zip(best, items, strict=True), start=1):
            if value != index:
                raise _fail(
                    f'sub-paragraph "{item.label}" stands where the {_ordinal(index)} '
                    "was expected: sub-paragraph letters do not run in order",
                    item,
                    source,
                )


def _read_all(scheme, labels: list[str]) -> list[int] | None:
    values = []
    for label in labels:
        value = scheme(_core(label))
        if value is None:
            return None
        values.append(value)
    return values


def _core(label: str) -> str:
    marks = r"[\s()\[\]'\"\u2018\u2019«».:\-\u2013\u200e\u200f]"
    return re.sub(marks, "", label).translate(_LOOKALIKES)


def _latin(core: str) -> int | None:
    # "a" … "z", then "aa", "bb" …
    if core and core.isascii() and core.isalpha() and core.islower() and len(set(core)) == 1:
        return (len(core) - 1) * 26 + ord(core[0]) - ord("a") + 1
    return None


def _roman(core: str) -> int | None:
    core = core.lower()
    if not core or any(c not in _ROMAN_VALUES for c in core):
        return None
    total = 0
    for index, char in enumerate(core):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[core[index + 1]] if index + 1 < len(core) else 0
        total += -value if value < following else value
    return total


def _digits(core: str) -> int | None:
    return int(core) if core.isdigit() else None


def _circled(core: str) -> int | None:
    # Chinese texts number items ㈠ ㈡ … (parenthesised ideographs one to ten).
    if len(core) == 1 and 0x3220 <= ord(core) <= 0x3229:
        return ord(core) - 0x3220 + 1
    return None


def _abjad(core: str) -> int | None:
    # Presentation forms ("ﻫ", the initial form of heh) are the letter itself.  # noqa: RUF003
    core = unicodedata.normalize("NFKC", core)
    core = core.translate(_ABJAD_VARIANTS).replace("\u0640", "")
    if len(core) == 1 and core in _ABJAD:
        return _ABJAD.index(core) + 1
    return None


_CJK_DIGITS = "一二三四五六七八九"
# The earthly branches letter a Chinese text's sub-paragraphs where others write (a), (b).
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"


def _cjk_number(core: str) -> int | None:
    """(一) ... (二十): Chinese texts number items where others write (i), (ii)."""
    if not core or any(c not in _CJK_DIGITS + "十" for c in core) or len(core) > 3:
        return None
    tens, _, units = core.rpartition("十")
    if "十" not in core:
        return _CJK_DIGITS.index(core) + 1 if len(core) == 1 else None
    if len(tens) > 1 or len(units) > 1:
        return None
    value = (_CJK_DIGITS.index(tens) + 1 if tens else 1) * 10
    return value + (_CJK_DIGITS.index(units) + 1 if units else 0)


def _branch(core: str) -> int | None:
    return _BRANCHES.index(core) + 1 if len(core) == 1 and core in _BRANCHES else None


_SCHEMES = [_latin, _roman, _digits, _circled, _abjad, _cjk_number, _branch]


def sub_label(label: str) -> tuple[int | None, int | None] | None:
    """A sub-paragraph's label read as (letter, roman) values, either None where the label
    cannot be one: "(b)" -> (2, None), "(i)" -> (9, 1), "(أ)" -> (1, None), "㈡" -> (None, 2).
    Only a label in parentheses or closed by one ("a)") counts; None for "1.", "A." or "I"."""
    if not re.fullmatch(r"\(?[^()\s]{1,5}\)|[\u3220-\u3229]", label.strip()):
        return None
    core = _core(label)
    letter = _latin(core) or _abjad(core) or _branch(core)
    roman = _roman(core) or _circled(core) or _cjk_number(core)
    if letter is None and roman is None:
        return None
    return letter, roman


def _ordinal(index: int) -> str:
    teens = 10 <= index % 100 <= 20
    suffix = "th" if teens else {1: "st", 2: "nd", 3: "rd"}.get(index % 10, "th")
    return f"{index}{suffix}"
