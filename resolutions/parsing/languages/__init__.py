"""The words of one language a resolution text is written in, one table per language.

The parser's back end reads structure (numbers, letters, punctuation) the same way in every
language; whatever it needs to know about words comes from a `Language` table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property


@dataclass(frozen=True)
class Language:
    code: str
    # Month names in calendar order, as written in a date ("17 December 2024").
    months: tuple[str, ...]
    # The line that opens a resolution, with the rest of its line in the group `rest`.
    general_assembly: str
    # The closing line, "53rd plenary meeting"; the words in the group `meeting`.
    meeting: str
    # Words a preambular paragraph opens with, besides the participles below.
    preamble_words: frozenset[str]
    # The participles that open preambular paragraphs in the UN's texts ("Recalling").
    preamble_participles: frozenset[str]
    # Endings of the participles that open preambular paragraphs ("Recalling", "Rappelant").
    preamble_endings: tuple[str, ...]
    # Capitalised words that end like a participle but open no paragraph ("Beijing").
    not_openers: frozenset[str]
    # An adverb that may come before the opening word ("Deeply concerned", "Profondément").
    adverb: str
    # Pronouns that may come before the opening verb ("Se félicitant", "S'inquiétant").
    reflexive: str
    # The opening words of an operative paragraph, for resolutions whose operative part is
    # not numbered ("Adopts the following declaration").
    operative_verbs: frozenset[str]
    # The opening phrase of a paragraph, italic by UN drafting rules.
    opening_phrase: str
    # A clause may end in a conjunction after a semicolon ("; and").
    conjunctions: tuple[str, ...]
    # A footnote that repeats the source of the one before.
    ibid: str
    # "Annex", "Annex I"; the roman number in the group `number`.
    annex: str
    # Header: the distribution line, the adoption line, agenda items, the report.
    distributed: str
    adopted: str
    # The line that says a resolution was adopted, which ends the agenda items' titles.
    adoption_line: str
    agenda_items: str
    on_report: str
    without_reference: str
    report_paragraph: str
    # Footnote markers written as bare numbers: words a number after or before which is no
    # marker ("paragraph 5", "5 years").
    not_before_marker: frozenset[str]
    not_after_marker: frozenset[str]
    # Names a number after which is never a marker, whatever follows ("Goal 5").
    not_marker_after_name: frozenset[str] = frozenset()
    # How a sub-paragraph's letter or roman number is written at its start: "(a)".
    sub_label: str = r"\((?P<label>[a-z]{1,4})\)"
    # The footnote call stands before the punctuation, so that a number after a word such as
    # "session" and before a comma is a marker when it is the next footnote.
    marker_before_punctuation: bool = False
    # Single letters that are words, so that a lone letter is not glued to its neighbour.
    one_letter_words: str = ""
    # Ordinal suffixes in a date's day ("1er décembre").
    day_suffix: str = ""

    @cached_property
    def date_pattern(self) -> re.Pattern:
        months = "|".join(self.months)
        return re.compile(
            rf"\b(\d{{1,2}}){self.day_suffix}\s+({months})\s+(\d{{4}})\b", re.IGNORECASE
        )

    @cached_property
    def general_assembly_pattern(self) -> re.Pattern:
        return re.compile(self.general_assembly)

    @cached_property
    def meeting_pattern(self) -> re.Pattern:
        return re.compile(self.meeting, re.IGNORECASE)

    @cached_property
    def opening_pattern(self) -> re.Pattern:
        return re.compile(self.opening_phrase)

    @cached_property
    def annex_pattern(self) -> re.Pattern:
        return re.compile(self.annex)

    @cached_property
    def sub_start(self) -> re.Pattern:
        return re.compile(rf"^{self.sub_label}\s*(?P<rest>.*)$")

    @cached_property
    def lower_months(self) -> frozenset[str]:
        return frozenset(month.lower() for month in self.months)

    @cached_property
    def clause_end(self) -> re.Pattern:
        """The end of a clause: punctuation, then perhaps a closing quote and a footnote
        marker, or a semicolon and a conjunction ("; and")."""
        conjunctions = "|".join(self.conjunctions)
        return re.compile(
            r"[,;:.][\u201d\u2019\"')\]*]*\s*(?:\d{1,3}/?|\*)?"
            rf"[\u201d\u2019\"')*]*\s*$|;\s*(?:{conjunctions})\s*$"
        )

    def find_date(self, text: str) -> date | None:
        """The first date written out in the text, if any."""
        found = self.date_pattern.search(text)
        if not found:
            return None
        month = [m.lower() for m in self.months].index(found[2].lower()) + 1
        try:
            return date(int(found[3]), month, int(found[1]))
        except ValueError:
            return None

    def is_date_line(self, text: str) -> bool:
        found = self.date_pattern.search(text)
        return bool(found) and not text[: found.start()].strip() and not text[found.end() :].strip()


def languages() -> list[Language]:
    from . import en, fr

    return [en.LANGUAGE, fr.LANGUAGE]


def by_code(code: str) -> Language:
    for language in languages():
        if language.code == code:
            return language
    raise KeyError(code)
