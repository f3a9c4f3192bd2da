"""The shape of a language table: the records each language's module (`en`, `fr`, …) fills in,
kept apart from the registry in `__init__` so those modules need not import the package back."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property

# Of the UN's six languages Arabic alone is written right to left. A rule on codes, not a field
# of `Language`: Arabic, Chinese and Russian have citation words here but no `Language` record.
RIGHT_TO_LEFT = frozenset({"ar"})


def direction(code: str) -> str:
    """ "rtl" or "ltr" for a language code, a document's ("ar") or the interface's ("zh-hans"):
    the one rule, which every page and template reads."""
    return "rtl" if code.split("-")[0].lower() in RIGHT_TO_LEFT else "ltr"


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
    # What stands between a date's day, month and year ("2 de diciembre de 2024").
    date_joiner: str = r"\s+"

    @cached_property
    def date_pattern(self) -> re.Pattern:
        months = "|".join(self.months)
        joiner = self.date_joiner
        return re.compile(
            rf"\b(\d{{1,2}}){self.day_suffix}{joiner}({months}){joiner}(\d{{4}})\b", re.IGNORECASE
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


@dataclass(frozen=True)
class CitationWords:
    """How one language names what a resolution cites, as regular-expression fragments: the
    citation back end (`parsing.citations`) builds its patterns from these, the same for
    every language. A fragment may accept the English form too, where the UN's texts in that
    language keep it ("United Nations, Treaty Series" in Russian and Arabic footnotes)."""

    code: str
    # "resolution", "résolutions", "резолюцию": every form the word takes before a number.
    resolution: str
    decision: str
    # Where the word stands after the number instead ("第64/293号决议"): what comes before the
    # number and the words after it; `resolution` and `decision` are then left empty.
    number_before: str = ""
    resolution_after: str = ""
    decision_after: str = ""
    # What joins the numbers of a list ("47/19, 48/16 and 72/4").
    list_joiner: str = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)"
    # A date after a number ("of 24 November 1992"), skipped inside a list.
    date_tail: str = ""
    # The letter of a part in an old-style number ("2200 A (XXI)"): the forms and their Latin.
    part_letters: tuple[tuple[str, str], ...] = ()
    # The session of an old-style number: "(XXI)"; in Arabic "(د-21)".
    old_session: str = r"\((?:ES-|S-)?[IVXLC]+\)"
    # A session written with digits where English writes a roman number ("د-21" for XXI): the
    # number in the group `number`, the group `emergency` matched for an emergency special
    # session. Empty where the language writes the roman number.
    session_number: str = ""
    # The body adopting a resolution, named before ("Human Rights Council resolution"), after
    # ("résolution 50/3 du Conseil des droits de l'homme") or between word and number
    # ("قرار مجلس حقوق الإنسان 50/3"): (pattern, symbol prefix); and bodies other than the
    # General Assembly whose resolutions have no symbol we know.
    organ_position: str = "before"
    organs: tuple[tuple[str, str], ...] = ()
    other_bodies: str = ""
    # The United Nations *Treaty Series*, by any name the language's footnotes give it.
    treaty_series: tuple[str, ...] = ("Treaty Series",)
    # The League of Nations' series, which shares the words above and is not the UN's.
    league_series: tuple[str, ...] = ("League of Nations",)
    # "vol. 2225, No. 39574": the words around the volume and the registration number.
    volume_before: str = r"\bvols?\."
    volume_after: str = ""
    volumes_joiner: str = r"(?:\s*(?:,\s*(?:and\s+)?|and\s+|&\s*))"
    pages: str = r"p{1,2}\.\s*[\d\s,\-\u2013]+"
    number_word: str = r"No\."
    number_after: str = ""
    # A footnote that repeats the source of the one before ("Ibid.", "Там же", "同上").
    ibid: str = r"Ibid\b"
    # "Sales No. E.96.IV.13": the words before a sales number, and the letter the language's
    # edition carries (F, S, R, A, C), read as the English edition's number.
    sales: str = r"Sales\s+(?:No|Nos)\."
    sales_letter: str = "E"
