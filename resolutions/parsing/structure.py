"""The back end: cutting a SourceDocument's lines into parts, headings, paragraphs and annexes
by the rules of UN drafting, whatever form the text came in.

Every line is accounted for: it opens or continues a paragraph, is a heading, a part's letter
or title, an annex's heading or title, or the closing meeting line and its date. A line that is
none of these is refused, never dropped.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field, replace
from datetime import date

from resolutions.parsing import ids, numbering
from resolutions.parsing.header import Header
from resolutions.parsing.languages import Language
from resolutions.parsing.model import ParsedAnnex, ParsedPart, ParseError
from resolutions.parsing.source import SourceDocument, SourceLine

_OP_START = re.compile(r"^(?P<n>\d{1,3})\s*\.(?:\s+|$)(?P<rest>.*)$")
_NUMBERED_HEADING = re.compile(r"^(?P<num>[IVXLC]{1,6}|[A-Z])\.\s+(?P<title>\S.*)$")
_LONE_NUMERAL = re.compile(r"^(?P<num>[IVXLC]{1,6}|[A-Z])\.?$")
_PART_LETTER = re.compile(r"^[A-Z]$")
_COMMA_END = re.compile(r",[\u201d\u2019\"')\]]*\s*(?:\d{1,3}/?)?\s*$")


@dataclass
class RawParagraph:
    pid: str
    kind: str
    label: str
    parent: str | None
    line: int
    part: str | None
    annex: int | None
    lines: list[SourceLine] = field(default_factory=list)


@dataclass
class RawHeading:
    pid: str
    line: int
    part: str | None
    annex: int | None
    lines: list[SourceLine] = field(default_factory=list)
    before: str | None = None


@dataclass
class Structure:
    paragraphs: list[RawParagraph]
    headings: list[RawHeading]
    parts: list[ParsedPart]
    annexes: list[ParsedAnnex]
    meeting: str | None
    meeting_date: date | None


def read_structure(doc: SourceDocument, header: Header, source: str) -> Structure:
    return _Reader(doc, header, source).read()


class _Reader:
    def __init__(self, doc: SourceDocument, header: Header, source: str):
        self.doc = doc
        self.lang: Language = doc.language
        self.source = source
        self.lines = [line for line in doc.body if line.text]
        self.index_of = {id(line): index for index, line in enumerate(self.lines)}
        lengths = [len(line.text) for line in self.lines if len(line.text) > 20]
        self.typical = statistics.median(lengths) if lengths else 80
        self.paragraphs: list[RawParagraph] = []
        self.headings: list[RawHeading] = []
        self.parts: list[ParsedPart] = []
        self.annexes: list[ParsedAnnex] = []
        self.meeting: str | None = None
        self.meeting_date: date | None = None
        self.part: str | None = None
        self.annex: int | None = None
        if header.first_part:
            self.parts.append(ParsedPart(*header.first_part))
            self.part = header.first_part[0].lower()
        self.current: RawParagraph | None = None
        self.pending: list[RawHeading] = []
        self.stage = "start"
        self.date_expected = False
        self.numbered = True
        self._new_scope()

    def error(self, message: str, line: int | None) -> ParseError:
        return ParseError(message, line, self.source)

    # --- scopes: the resolution, each part, each annex -------------------------------------

    def _new_scope(self) -> None:
        self.current = None
        self.scope = ids.Scope(self.part, self.annex)
        # The paragraph the next lettered sub-paragraph belongs to, the sub-paragraph the next
        # numbered item belongs to, and how many of each it has.
        self.op_pid = self.sub_pid = ""
        self.subs = self.items = 0
        self.scope_line = None

    @property
    def operative(self) -> int:
        """The number of the last operative paragraph of the run being read; 0 before any."""
        return self.scope.last

    def _numbered_ahead(self, index: int) -> bool:
        """Whether the scope starting at `index` numbers its paragraphs."""
        for line in self.lines[index:]:
            if self._is_meeting(line.text) or self.lang.annex_pattern.match(line.text):
                return False
            if re.match(r"^1\s*\.(?:\s|$)", line.text):
                return True
        return False

    # --- the walk ------------------------------------------------------------------------

    def read(self) -> Structure:
        index = 0
        while index < len(self.lines):
            index = self._step(index)
        self._finish_scope()
        for heading in self.pending:
            heading.before = None
        for paragraph in self.paragraphs:
            if not paragraph.lines:
                raise self.error(f"paragraph {paragraph.pid} has no text", paragraph.line)
        return Structure(
            self.paragraphs,
            self.headings,
            self.parts,
            self.annexes,
            self.meeting,
            self.meeting_date,
        )

    def _step(self, index: int) -> int:
        line = self.lines[index]
        text = line.text
        if self.stage in {"start", "part title"}:
            return self._opening(index)
        if self.stage == "closing":
            return self._closing(index)
        if self.stage == "annex title":
            return self._annex_title(index)

        ends = self._ends()
        empty = self.current is not None and not self._current_text().strip()
        if empty:
            self.current.lines.append(line)
            return index + 1
        if ends and self.stage != "annex" and self._is_meeting(text):
            self._finish_scope()
            found = self.lang.meeting_pattern.match(text)
            self.meeting = self.meeting or re.sub(r"\s+", " ", found["meeting"])
            rest = text[found.end() :].strip()
            if rest:
                if not self.lang.is_date_line(rest):
                    raise self.error(
                        f"unexpected text after the meeting line: {rest[:60]!r}", line.line
                    )
                self.meeting_date = self.meeting_date or self.lang.find_date(rest)
                self.date_expected = False
            else:
                self.date_expected = True
            self.stage = "closing"
            return index + 1
        if ends and (heading_end := self._heading_at(index)):
            self._heading(index, heading_end)
            return heading_end
        if self._paragraph_start(line, ends):
            return index + 1
        if self.current is None:
            self._start(self._unnumbered_kind(), line, line.text)
            return index + 1
        self.current.lines.append(line)
        return index + 1

    # --- opening lines, closing lines, parts, annexes --------------------------------------

    def _opening(self, index: int) -> int:
        line = self.lines[index]
        found = self.lang.general_assembly_pattern.match(line.text)
        if found:
            self.stage = "preamble"
            self.scope_line = line.line
            self.numbered = self._numbered_ahead(index + 1)
            rest = found["rest"].strip()
            if rest:
                self._start("preambular", SourceLine(line.line, rest, rest), rest)
            return index + 1
        if self.stage == "part title":
            title = self.parts[-1].title
            self.parts[-1].title = f"{title} {line.text}".strip()
            return index + 1
        raise self.error(f"this line comes before the opening line: {line.text[:60]!r}", line.line)

    def _closing(self, index: int) -> int:
        line = self.lines[index]
        text = line.text
        if self.date_expected and self.lang.is_date_line(text):
            self.meeting_date = self.meeting_date or self.lang.find_date(text)
            self.date_expected = False
            return index + 1
        self.date_expected = False
        expected = ids.next_part(self.parts[-1].label) if self.parts else None
        if expected and text == expected:
            self.parts.append(ParsedPart(text, ""))
            self.part = text.lower()
            self._new_scope()
            self.stage = "part title"
            return index + 1
        annex = self.lang.annex_pattern.match(text)
        if annex:
            self.annex = len(self.annexes) + 1
            self.annexes.append(ParsedAnnex(self.annex, "", text))
            self.part = None
            self._new_scope()
            self.stage = "annex title"
            return index + 1
        raise self.error(
            f"this line follows the closing meeting line but begins no part or annex: "
            f"{text[:60]!r}",
            line.line,
        )

    def _annex_title(self, index: int) -> int:
        line = self.lines[index]
        annex = self.annexes[-1]
        # A title goes on to a second line only when its first filled its width; a long line
        # or one that ends a clause is the annex's text.
        self.stage = "annex"
        if annex.title and (
            self._opens_paragraph(line)
            or not self._wraps(self.lines[index - 1])
            or self._wraps(line)
            or self.lang.clause_end.search(line.text)
        ):
            self.numbered = self._numbered_ahead(index)
            return index
        self.stage = "annex title"
        annex.title = f"{annex.title} {line.text}".strip()
        return index + 1

    def _finish_scope(self) -> None:
        found = self.operative or self.scope.unnumbered
        if self.stage in {"preamble", "operative"} and not found:
            raise self.error("no operative paragraphs found", self.scope_line)
        if self.stage == "annex title":
            raise self.error("an annex with no text", None)

    # --- headings ------------------------------------------------------------------------

    def _heading_at(self, index: int) -> int | None:
        """Where a section heading starting at `index` ends (exclusive), if one starts there."""
        line = self.lines[index]
        if line.heading:
            return index + 1
        if self.doc.marks_blocks and not line.block_start:
            return None  # a heading stands apart, as a paragraph's first line does
        text = line.text
        if self._opens_paragraph(line) and not _NUMBERED_HEADING.match(text):
            return None
        if _LONE_NUMERAL.match(text):
            following = self.lines[index + 1] if index + 1 < len(self.lines) else None
            if following is None or self._opens_paragraph(following):
                return None
            if self._opens_paragraph(following, after_heading=True):
                return index + 1  # a section's number alone, its paragraphs numbered anew
            return self._heading_title_end(index + 1)
        if _NUMBERED_HEADING.match(text) and not self.lang.clause_end.search(text):
            return self._heading_title_end(index)
        # An unnumbered heading: a line or two without final punctuation, then a paragraph.
        if not text[:1].isupper() or self.lang.clause_end.search(text):
            return None
        for end in range(index + 1, min(index + 4, len(self.lines))):
            if self._opens_paragraph(self.lines[end], after_heading=True):
                return end
            if self.lang.clause_end.search(self.lines[end].text) or self.lines[end].heading:
                return None
        return None

    def _heading_title_end(self, index: int) -> int:
        """Where a title starting at `index` ends: at the paragraph that follows it within three
        lines, if one does; else after the lines that filled their width."""
        for end in range(index + 1, min(index + 4, len(self.lines))):
            if self._opens_paragraph(self.lines[end], after_heading=True):
                return end
            if self.lines[end].heading or self.lang.clause_end.search(self.lines[end].text):
                break
        end = index + 1
        while (
            end < len(self.lines)
            and end - index < 3
            and self._wraps(self.lines[end - 1])
            and not self._opens_paragraph(self.lines[end], after_heading=True)
            and not self.lang.clause_end.search(self.lines[end - 1].text)
        ):
            end += 1
        return end

    def _wraps(self, line: SourceLine) -> bool:
        """A line that filled its width, so its sentence or title goes on in the next."""
        return not line.block_start and len(line.text) >= 0.75 * self.typical

    def _heading(self, index: int, end: int) -> None:
        lines = self.lines[index:end]
        heading = RawHeading(
            ids.heading(len(self.headings) + 1), lines[0].line, self.part, self.annex, lines
        )
        self.headings.append(heading)
        self.pending.append(heading)
        self.current = None
        # A heading closes the sub-paragraphs of the paragraph before it.
        self.sub_pid = ""
        self.subs = self.items = 0

    # --- paragraphs ----------------------------------------------------------------------

    def _current_text(self) -> str:
        return " ".join(line.text for line in self.current.lines) if self.current else ""

    def _ends(self) -> bool:
        return self.current is None or bool(self.lang.clause_end.search(self._current_text()))

    def _opens_paragraph(self, line: SourceLine, after_heading: bool = False) -> bool:
        """Whether the line opens a paragraph; `after_heading`: it follows a heading, under
        which the numbers may start again (`_restarts`)."""
        text = line.text
        op = _OP_START.match(text)
        if op and int(op["n"]) == self.scope.due():
            return True
        if op and after_heading and self._may_restart(int(op["n"])):
            return True
        if self.lang.sub_start.match(text) and self.operative:
            return True
        if self.stage == "preamble" or (self.stage == "annex" and not self.operative):
            return self._opens_preamble(line, False)
        return False

    def _paragraph_start(self, line: SourceLine, ends: bool) -> bool:
        text = line.text
        op = _OP_START.match(text)
        if op and ends:
            number = int(op["n"])
            if number == self.scope.due() or self._restarts(number):
                self.op_pid = self.scope.operative_id(number)
                self.sub_pid = ""
                self.subs = self.items = 0
                self.stage = "operative" if self.stage != "annex" else "annex"
                self._start("operative", line, op["rest"], op["n"], self.op_pid)
                return True
            if self.current is None or (self.numbered and number > self.scope.due()):
                raise self.error(
                    f"operative paragraph {number} found where paragraph "
                    f"{self.scope.due()} was expected",
                    line.line,
                )
        sub = self.lang.sub_start.match(text)
        if sub and self.operative and ends and (line.block_start or not self.doc.marks_blocks):
            label = sub["label"]
            before = self._current_text()
            as_letter = label == numbering.letter(self.subs + 1)
            as_item = bool(self.sub_pid) and label == numbering.roman(self.items + 1)
            if as_letter and as_item:
                as_letter = not re.search(r":\W*$", before)
                as_item = not as_letter
            if as_letter:
                self.subs, self.items = self.subs + 1, 0
                self.sub_pid = ids.subparagraph(self.op_pid, self.subs)
                self._start("subparagraph", line, sub["rest"], label, self.sub_pid, self.op_pid)
                return True
            if as_item:
                self.items += 1
                pid = ids.item(self.sub_pid, self.items)
                self._start("item", line, sub["rest"], label, pid, self.sub_pid)
                return True
            if _starts_sentence(sub["rest"]) and _is_label(label):
                expected = numbering.letter(self.subs + 1)
                raise self.error(
                    f"sub-paragraph ({label}) found where ({expected}) was expected",
                    line.line,
                )
        if not ends:
            return False
        if self.doc.marks_blocks and not line.block_start:
            # The source shows where each paragraph begins (a PDF's indented first line): a
            # line that goes on from the one before opens none, whatever its first word
            # ("Report 2024:" / "Accelerating the Realization…").
            return False
        if not self.numbered and self.stage != "annex" and self._opens_operative(line):
            self.stage = "operative"
            self._start("operative", line, text, "", self.scope.unnumbered_id())
            return True
        if (
            self.stage == "preamble"
            and not self.operative
            and self._opens_preamble(line, self.current is None)
        ):
            self._start("preambular", line, text)
            return True
        if (
            self.stage == "annex"
            and not self.operative
            and self.current is not None
            and (
                line.block_start
                or self._opens_preamble(line, False)
                or self._after_short_line(line)
            )
        ):
            self._start(self._unnumbered_kind(), line, text)
            return True
        return False

    def _restarts(self, number: int) -> bool:
        """Whether the paragraph numbered `number` under a heading opens a run of numbers of its
        own (a budget resolution's later section numbered from 1 again, `s2-op1`) or goes on
        with an earlier run; without a heading before it, a number out of turn is none."""
        return self.current is None and bool(self.pending) and self._may_restart(number)

    def _may_restart(self, number: int) -> bool:
        return bool(self.scope.runs) and (number == 1 or self.scope.continues(number))

    def _after_short_line(self, line: SourceLine) -> bool:
        last = self.current.lines[-1] if self.current and self.current.lines else None
        return bool(last) and not self._wraps(last) and line.text[:1].isupper()

    def _unnumbered_kind(self) -> str:
        if self.stage == "operative":
            return "operative"
        return "preambular"

    def _start(self, kind, line, rest, label="", pid=None, parent=None) -> None:
        if pid is None:
            pid = self.scope.unnumbered_id() if kind == "operative" else self.scope.preambular_id()
        paragraph = RawParagraph(pid, kind, label, parent, line.line, self.part, self.annex)
        if rest.strip():
            paragraph.lines.append(_with_text(line, rest))
        self.paragraphs.append(paragraph)
        self.current = paragraph
        for heading in self.pending:
            heading.before = pid
        self.pending.clear()

    def _opens_preamble(self, line: SourceLine, first: bool) -> bool:
        if first:
            return True
        visible = line.text
        if line.emphasised and visible[:1].isupper():
            return True
        lang = self.lang
        without_pronoun = re.sub(rf"^{lang.reflexive}", "", visible)
        if without_pronoun != visible:
            visible = without_pronoun[:1].upper() + without_pronoun[1:]
        words = re.findall(r"[^\W\d_][\w\u2019'-]*", visible[:80])
        if len(words) < 2:
            return False
        first_word, second = words[0], words[1]
        if re.fullmatch(lang.adverb, first_word) and len(words) > 2:
            first_word, second = second[:1].upper() + second[1:], words[2]
            if (
                not first_word.endswith(lang.preamble_endings)
                and first_word not in lang.preamble_words
            ):
                return False
        if first_word in lang.not_openers or not first_word[:1].isupper() or first_word.isupper():
            return False
        known = first_word in lang.preamble_words or first_word in lang.preamble_participles
        participle = len(first_word) > 5 and first_word.endswith(lang.preamble_endings)
        if not (known or participle):
            return False
        if second[:1].islower():
            # A participle the table does not know opens a paragraph only as openers do: not
            # as a word of a title ("Sustaining and Strengthening", "Stockpiling, Production").
            return known or (
                second not in lang.conjunctions
                and visible[len(first_word) : len(first_word) + 1] != ","
            )
        # "Recalling Security Council resolution 1990 (2011)": a participle followed by a name
        # opens a paragraph where the text before ends as a preambular paragraph does, with a
        # comma; not after a colon ("Conference on Palestine: Reconstructing Gaza"), and not a
        # title's word the table does not know ("Securing Our Common Future").
        index = self.index_of.get(id(line), 0)
        before = self.lines[index - 1].text if index > 0 else ""
        return known and bool(_COMMA_END.search(before)) and participle

    def _opens_operative(self, line: SourceLine) -> bool:
        words = re.findall(r"[^\W\d_][\w\u2019'-]*", line.text[:60])
        if len(words) > 1 and re.fullmatch(self.lang.adverb, words[0]):
            words = words[1:]
        # Italics open both kinds of paragraph: only the words tell a preambular opener.
        return (
            bool(words)
            and words[0] in self.lang.operative_verbs
            and not self._opens_preamble(replace(line, emphasised=False), False)
        )

    def _is_meeting(self, text: str) -> bool:
        return bool(self.lang.meeting_pattern.match(text))


# --- helpers ---------------------------------------------------------------------------


def _with_text(line: SourceLine, rest: str) -> SourceLine:
    """The line with its label ("5.", "(a)") taken off, in its text and in its raw source."""
    if rest == line.text:
        return line
    label = line.text[: len(line.text) - len(rest)].strip()
    raw = line.raw.strip()
    # The label may be escaped or emphasised in the raw source ("5\\.", "*(a)*").
    pattern = r"[\\*_\s]*".join(re.escape(char) for char in label if not char.isspace())
    raw = re.sub(rf"^[\W_]*?{pattern}[\\*_]*\s*", "", raw, count=1)
    return SourceLine(
        line.line, raw, rest, line.emphasised, line.heading, line.block_start, line.merged
    )


def _is_label(label: str) -> bool:
    return bool(numbering.letter_value(label) or numbering.roman_value(label))


def _starts_sentence(rest: str) -> bool:
    return not rest.strip() or rest.strip()[:1].isupper()
