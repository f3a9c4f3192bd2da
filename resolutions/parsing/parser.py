"""Reading a General Assembly resolution text into a ParsedResolution.

Four source forms share one pipeline: the form's front end finds the header, the body
chunks (Markdown blocks, or hard-wrapped lines) and the footnote texts; the common back end
cuts the body into paragraphs by the rules of UN drafting, not by the look of one file.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from datetime import date, datetime

from . import citations
from .inline import (
    Rendered,
    find_bare_markers,
    find_old_markers,
    heal_merged_line,
    heal_words,
    render_markdown,
    render_plain,
    vocabulary,
)
from .model import (
    FootnoteMarker,
    ParsedFootnote,
    ParsedParagraph,
    ParsedResolution,
    ParseError,
    Span,
)

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE = re.compile(rf"\b(\d{{1,2}})\s+({MONTHS})\s+(\d{{4}})\b", re.IGNORECASE)
_GA_LINE = re.compile(r"^\W*The\s+General\s+Assembly\s*,\W*(?P<rest>.*)$")
_MEETING = re.compile(r"^\W*(?P<meeting>\d{1,4}\s*(?:st|nd|rd|th)\s+plenary\s+meeting)\b", re.I)
_NUMBER_LINE = re.compile(r"^\W*(?P<number>(?:ES-|S-)?\d{1,4}/\d{1,4})\s*\.\s*(?P<title>.*)$")
_RES_SYMBOL = re.compile(r"\bA/RES/(?:ES-|S-)?\d{1,4}/\d{1,4}\b")
_RULE = re.compile(r"^\s*_{5,}\s*$")
_MD_FOOTNOTE = re.compile(r"^\s*<sup>\s*(\d{1,4})\s*</sup>\s*(.*)$")
_OLD_FOOTNOTE = re.compile(r"^\s*(\d{1,3})/\s+(\S.*)$")
_JOB = re.compile(r"^\d{2}-\d{5}(?:\s*\([A-Z]\))?$")
_DATE_CODE = re.compile(r"^\d{6}$")
_BARCODE = re.compile(r"^\*\d{5,}\*$")
_PAGE = re.compile(r"^\d{1,3}\s*/\s*\d{1,3}$")
_OP_START = re.compile(r"^(?P<n>\d{1,3})\s*\.(?:\s+|$)(?P<rest>.*)$")
_SUB_START = re.compile(r"^\((?P<label>[a-z]{1,4})\)\s*(?P<rest>.*)$")
_CLAUSE_END = re.compile(
    r"[,;:.][\u201d\u2019\"')\]*]*\s*(?:<sup>\s*\d+\s*</sup>|\d{1,3}/?|\*)?[\u201d\u2019\"')*]*\s*$"
    r"|;\s*(?:and|or)\s*$"
)

# First words of a preambular paragraph besides participles in -ing and -ed.
_PREAMBLE_ADJECTIVES = {
    "Mindful", "Aware", "Conscious", "Cognizant", "Cognisant", "Desirous", "Appreciative",
    "Keen", "Anxious", "Confident", "Eager", "Grateful", "Resolute", "Sensitive",
    "Respectful", "Hopeful", "Vigilant", "Acknowledging", "Bearing", "Having", "Recognising",
}  # fmt: skip
_NOT_OPENERS = {"Beijing", "Nanjing", "United", "Red", "Limited", "Developed", "Advanced"}


@dataclass
class _Chunk:
    line: int
    raw: str
    merged: bool = False  # a pdftotext line that swallowed a line-end hyphen


@dataclass
class _RawParagraph:
    kind: str
    label: str
    parent: str | None
    pid: str
    line: int
    chunks: list[_Chunk] = field(default_factory=list)


@dataclass
class _RawFootnote:
    number: int
    line: int
    lines: list[str]


def parse_resolution(text: str, source: str = "<text>") -> ParsedResolution:
    """Parse a resolution text in any supported form; raise ParseError on what it cannot read."""
    if not isinstance(text, str):
        raise ParseError("text is not a string", None, source)
    try:
        return _Parser(text, source).parse()
    except ParseError:
        raise
    except (ValueError, IndexError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        # A promise to callers: only ParseError escapes. The tests look for this message.
        raise ParseError(f"internal error: {type(exc).__name__}: {exc}", None, source) from exc


def detect_form(lines: list[str]) -> str:
    body = [line for line in lines if line.strip()]
    if not body:
        return "pdftotext"
    indented = sum(1 for line in body if re.match(r"^ {8,}\S", line))
    if indented > 0.3 * len(body):
        return "layout"
    joined = "\n".join(lines)
    if (
        "<sup>" in joined
        or re.search(r"^\s*\*The General Assembly,?\*", joined, re.M)
        or re.search(r"^#{1,6} ", joined, re.M)
    ):
        return "markdown"
    if re.search(r"^\s*\d{1,3}/\s+\S", joined, re.M) and re.search(r"\S\s?\d{1,3}/[\s,.;]", joined):
        return "plaintext"
    return "pdftotext"


class _Parser:
    def __init__(self, text: str, source: str):
        self.source = source
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        # pdftotext ends a page with a form feed; keep the line numbers an editor shows.
        text = re.sub(r"(?<=\n)\f|\f(?=\n)", "", text).replace("\f", "\n")
        text = text.replace("\t", "    ").replace("\u00a0", " ").replace("\u00ad", "")
        self.lines = text.split("\n")
        self.form = detect_form(self.lines)

    def error(self, message: str, line: int | None = None) -> ParseError:
        return ParseError(message, line, self.source)

    # --- the whole -----------------------------------------------------------------------

    def parse(self) -> ParsedResolution:
        if not any(line.strip() for line in self.lines):
            raise self.error("the text is empty", 1)
        ga_index = self._find_ga_line()
        header = self._header_lines(ga_index)
        self._read_header(header, ga_index)

        if self.form == "markdown":
            chunks, raw_footnotes = self._markdown_body(ga_index)
        else:
            chunks, raw_footnotes = self._plain_body(ga_index)

        raw_paragraphs = self._segment(chunks, ga_index)
        footnote_texts = self._footnote_texts(raw_footnotes)
        paragraphs = self._render_paragraphs(raw_paragraphs, footnote_texts)
        footnotes = self._build_footnotes(raw_footnotes, footnote_texts)

        numbers = {f.number for f in footnotes}
        for paragraph in paragraphs:
            for marker in paragraph.footnotes:
                if marker.number not in numbers:
                    raise self.error(
                        f"footnote marker {marker.number} in {paragraph.pid} has no footnote text",
                        paragraph.line,
                    )
        return ParsedResolution(
            symbol=self.symbol,
            session=self.session,
            number=self.number,
            title=self.title,
            adopted=self.adopted,
            distributed=self.distributed,
            agenda_items=self.agenda_items,
            committee=self.committee,
            report_symbol=self.report_symbol,
            report_paragraph=self.report_paragraph,
            meeting=self.meeting,
            paragraphs=paragraphs,
            footnotes=footnotes,
            form=self.form,
        )

    def _find_ga_line(self) -> int:
        for index, line in enumerate(self.lines):
            if _GA_LINE.match(_strip_markup(line).strip()):
                return index
        raise self.error('no "The General Assembly," line opening the resolution', 1)

    # --- header --------------------------------------------------------------------------

    def _header_lines(self, ga_index: int) -> list[tuple[int, str]]:
        header = []
        for index in range(ga_index):
            line = _strip_markup(self.lines[index])
            if line.lstrip().startswith(">"):
                continue
            for piece in re.split(r"\s{3,}", line.strip()):
                header.append((index + 1, piece.strip()))
        return header

    def _read_header(self, header: list[tuple[int, str]], ga_index: int) -> None:
        pieces = [piece for _, piece in header]
        joined = " ".join(piece for piece in pieces if piece)
        symbol = next((p for p in pieces if _RES_SYMBOL.fullmatch(p)), None)
        number_index = next(
            (i for i, p in enumerate(pieces) if _NUMBER_LINE.match(p) and not _PAGE.match(p)),
            None,
        )
        if symbol is None and number_index is not None:
            symbol = "A/RES/" + _NUMBER_LINE.match(pieces[number_index])["number"]
        if symbol is None:
            mention = _RES_SYMBOL.search(joined)
            symbol = mention[0] if mention else None
        if symbol is None:
            raise self.error("no resolution symbol (such as A/RES/79/154) found", ga_index + 1)
        self.symbol = symbol
        m = re.match(r"A/RES/(?:ES-|S-)?(\d+)/(\d+)", symbol)
        self.session = int(m[1])
        self.number = m[2]
        self.symbol_short = symbol.removeprefix("A/RES/")

        title_parts = []
        if number_index is not None:
            title_parts.append(_NUMBER_LINE.match(pieces[number_index])["title"])
            title_parts += [p for p in pieces[number_index + 1 :] if p]
        self.title = re.sub(r"\s+", " ", " ".join(title_parts)).strip(" #*")

        self.distributed = None
        distr = re.search(r"Distr\.?:?\s*(?:General|Limited|Restricted)\b(.{0,60})", joined, re.I)
        if distr and (found := _DATE.search(distr[1])):
            self.distributed = _to_date(found)
        self.adopted = None
        adopted = re.search(r"adopted by the General Assembly\s+on\s+(.{0,30})", joined, re.I)
        if adopted and (found := _DATE.search(adopted[1])):
            self.adopted = _to_date(found)

        self.agenda_items = self._agenda_items(pieces)
        self.committee = self.report_symbol = self.report_paragraph = None
        report = re.search(r"\[\s*on the report of the (.+?)\s*\((.+?)\)\s*\]", joined)
        if report:
            self.committee = report[1].strip()
            self._read_report(report[2])
        else:
            without = re.search(
                r"\[\s*without reference to a Main Committee\s*\((.+?)\)\s*\]", joined
            )
            if without:
                self._read_report(without[1])

    def _read_report(self, inside: str) -> None:
        symbols = citations.find_documents(inside)
        self.report_symbol = symbols[0].symbol if symbols else None
        paragraph = re.search(r"\bparas?\.\s*([\d\-\u2013and ,]+\d)", inside)
        self.report_paragraph = paragraph[1].strip() if paragraph else None

    def _agenda_items(self, pieces: list[str]) -> list[tuple[str, str]]:
        for index, piece in enumerate(pieces):
            m = re.match(r"Agenda items?\s+(.+)$", piece)
            if not m:
                continue
            numbers = [
                n.strip()
                for n in re.split(r",\s*|\s+and\s+", m[1])
                if re.match(r"\d+(?:\s*\([a-z]+\))?$", n.strip())
            ]
            titles: list[list[str]] = [[]]
            for following in pieces[index + 1 :]:
                if re.match(r"(Resolution adopted|\[|\d+/\d+\.)", following, re.I):
                    break
                if not following:
                    if titles[-1]:
                        titles.append([])
                    continue
                titles[-1].append(following)
            titles = [t for t in titles if t]
            if len(numbers) > 1 and len(titles) == 1 and len(titles[0]) == len(numbers):
                titles = [[line] for line in titles[0]]
            if len(titles) > len(numbers) and numbers:
                titles = [
                    *titles[: len(numbers) - 1],
                    [x for t in titles[len(numbers) - 1 :] for x in t],
                ]
            names = [" ".join(t) for t in titles]
            return [(n, names[i] if i < len(names) else "") for i, n in enumerate(numbers)]
        return []

    # --- Markdown front end ----------------------------------------------------------------

    def _markdown_body(self, ga_index: int):
        chunks: list[_Chunk] = []
        footnotes: list[_RawFootnote] = []
        block: list[tuple[int, str]] = []
        after_meeting = False
        current_footnote: _RawFootnote | None = None
        self.meeting = None
        meeting_date = None
        first_rest = _GA_LINE.match(_strip_markup(self.lines[ga_index]).strip())["rest"]
        if first_rest.strip():
            block.append((ga_index + 1, first_rest))

        def flush():
            if block and not after_meeting:
                chunks.append(_Chunk(block[0][0], " ".join(text for _, text in block)))
            block.clear()

        for index in range(ga_index + 1, len(self.lines)):
            line = self.lines[index]
            stripped = line.strip()
            footnote = _MD_FOOTNOTE.match(line)
            if footnote:
                flush()
                current_footnote = _RawFootnote(int(footnote[1]), index + 1, [footnote[2]])
                footnotes.append(current_footnote)
                continue
            if not stripped or re.fullmatch(r"(?:-{3,}|\*{3,}|_{3,})", stripped):
                flush()
                current_footnote = None
                continue
            if current_footnote is not None:
                current_footnote.lines.append(stripped)
                continue
            meeting = _MEETING.match(_strip_markup(stripped))
            if meeting and not after_meeting:
                flush()
                after_meeting = True
                self.meeting = re.sub(r"\s+", " ", meeting["meeting"])
                continue
            if after_meeting:
                if meeting_date is None and (found := _DATE.search(stripped)):
                    meeting_date = _to_date(found)
                continue
            block.append((index + 1, stripped))
        flush()
        if self.adopted is None:
            self.adopted = meeting_date
        return chunks, footnotes

    # --- plain-text front end (pdftotext, -layout, old UN plain text) ----------------------

    def _classify(self, line: str) -> str:
        """'junk' for page furniture, 'header' for running headers, 'text' otherwise."""
        pieces = [p for p in re.split(r"\s{3,}", line.strip()) if p]
        kinds = set()
        for piece in pieces:
            furniture = _JOB.match(piece) or _DATE_CODE.match(piece) or _BARCODE.match(piece)
            if furniture or (_PAGE.match(piece) and piece != self.symbol_short):
                kinds.add("junk")
            elif piece == self.symbol:
                kinds.add("header")
            elif self._is_title_fragment(piece):
                kinds.add("title")
            else:
                return "text"
        if "header" in kinds:
            return "header"
        if kinds == {"title"}:
            return "title"
        return "junk" if "junk" in kinds and "title" not in kinds else "header"

    def _is_title_fragment(self, piece: str) -> bool:
        title = _normalise(self.title)
        piece = _normalise(piece)
        return bool(title) and len(piece) >= min(len(title), 12) and piece in title

    def _plain_body(self, ga_index: int):
        lines = self.lines
        kinds: list[str] = [""] * len(lines)
        for index in range(ga_index + 1, len(lines)):
            kinds[index] = "blank" if not lines[index].strip() else self._classify(lines[index])
        # A title-like line is a running header only in a block of page furniture.
        index = ga_index + 1
        while index < len(lines):
            if kinds[index] == "blank":
                index += 1
                continue
            end = index
            while end < len(lines) and kinds[end] != "blank":
                end += 1
            block = range(index, end)
            furniture = all(kinds[i] in {"junk", "header", "title"} for i in block)
            for i in block:
                if kinds[i] == "title":
                    kinds[i] = "header" if furniture else "text"
            index = end

        self.meeting = None
        meeting_date = None
        chunks: list[_Chunk] = []
        footnotes: list[_RawFootnote] = []
        region: list[tuple[int, str]] | None = None
        regions: list[list[tuple[int, str]]] = []
        after_meeting = False
        old_footnote: _RawFootnote | None = None

        first_rest = _GA_LINE.match(_strip_markup(lines[ga_index]).strip())["rest"]
        if first_rest.strip():
            chunks.append(_Chunk(ga_index + 1, first_rest.strip()))

        for index in range(ga_index + 1, len(lines)):
            kind = kinds[index]
            stripped = lines[index].strip()
            if kind == "header":
                region = None
                old_footnote = None
                continue
            if kind in {"junk", "blank"}:
                if kind == "blank":
                    old_footnote = None
                continue
            if _RULE.match(stripped) or re.fullmatch(r"-{5,}", stripped):
                region = []
                regions.append(region)
                continue
            old = _OLD_FOOTNOTE.match(stripped)
            if old and self.form == "plaintext":
                old_footnote = _RawFootnote(int(old[1]), index + 1, [old[2]])
                footnotes.append(old_footnote)
                region = None
                continue
            if old_footnote is not None:
                old_footnote.lines.append(stripped)
                continue
            if region is not None:
                region.append((index + 1, stripped))
                continue
            meeting = _MEETING.match(stripped)
            if meeting and not after_meeting:
                after_meeting = True
                self.meeting = re.sub(r"\s+", " ", meeting["meeting"])
                continue
            if after_meeting:
                if meeting_date is None and (found := _DATE.search(stripped)):
                    meeting_date = _to_date(found)
                continue
            chunks.append(_Chunk(index + 1, stripped))
        if self.adopted is None:
            self.adopted = meeting_date
        for found_region in regions:
            footnotes += _pair_footnotes(found_region)
        self._mark_merged_lines(chunks)
        return chunks, footnotes

    def _mark_merged_lines(self, chunks: list[_Chunk]) -> None:
        lengths = [len(c.raw) for c in chunks if len(c.raw) > 20]
        if len(lengths) < 5:
            return
        typical = statistics.median(lengths)
        for chunk in chunks:
            chunk.merged = len(chunk.raw) > max(1.3 * typical, 90)

    # --- paragraphs ----------------------------------------------------------------------

    def _visible(self, raw: str) -> str:
        return _strip_markup(raw).strip() if self.form == "markdown" else raw.strip()

    def _segment(self, chunks: list[_Chunk], ga_index: int) -> list[_RawParagraph]:
        paragraphs: list[_RawParagraph] = []
        operative = 0
        current: _RawParagraph | None = None
        op_pid = ""
        sub_label = ""
        sub_pid = ""
        item_label = ""

        def previous_text() -> str:
            return " ".join(self._visible(c.raw) for c in current.chunks) if current else ""

        def start(kind, label, parent, pid, chunk, rest):
            nonlocal current
            current = _RawParagraph(kind, label, parent, pid, chunk.line)
            if rest.strip():
                current.chunks.append(_Chunk(chunk.line, rest, chunk.merged))
            paragraphs.append(current)

        for chunk in chunks:
            visible = self._visible(chunk.raw)
            if not visible:
                continue
            before = previous_text()
            ends = current is None or bool(_CLAUSE_END.search(before))
            empty = current is not None and not before.strip()
            if empty:
                current.chunks.append(chunk)
                continue
            op = _OP_START.match(visible)
            if op and int(op["n"]) == operative + 1 and ends:
                operative += 1
                op_pid = f"op{operative}"
                sub_label = item_label = sub_pid = ""
                start("operative", op["n"], None, op_pid, chunk, _after_label(chunk.raw, op["n"]))
                continue
            sub = _SUB_START.match(visible)
            if sub and operative and ends:
                label = sub["label"]
                as_letter = label == _next_letter(sub_label)
                as_item = bool(sub_pid) and label == _next_roman(item_label)
                if as_letter and as_item:
                    as_letter = not re.search(r":\W*$", before)
                    as_item = not as_letter
                if as_letter:
                    sub_label, item_label = label, ""
                    sub_pid = f"{op_pid}{label}"
                    start("subparagraph", label, op_pid, sub_pid, chunk, _after_paren(chunk.raw))
                    continue
                if as_item:
                    item_label = label
                    start(
                        "item", label, sub_pid, f"{sub_pid}-{label}", chunk, _after_paren(chunk.raw)
                    )
                    continue
            if current is None and op:
                raise self.error(
                    f"operative paragraph {op['n']} found where paragraph 1 was expected",
                    chunk.line,
                )
            if (
                operative == 0
                and ends
                and self._opens_preamble(chunk.raw, visible, current is None)
            ):
                count = sum(1 for p in paragraphs if p.kind == "preambular") + 1
                start("preambular", "", None, f"pp{count}", chunk, chunk.raw)
                continue
            if current is None:
                start("preambular", "", None, "pp1", chunk, chunk.raw)
                continue
            current.chunks.append(chunk)

        if operative == 0:
            raise self.error("no operative paragraphs found", ga_index + 1)
        for paragraph in paragraphs:
            if not paragraph.chunks:
                raise self.error(f"paragraph {paragraph.pid} has no text", paragraph.line)
        return paragraphs

    def _opens_preamble(self, raw: str, visible: str, first: bool) -> bool:
        if first:
            return True
        if self.form == "markdown" and raw.lstrip().startswith("*") and visible[:1].isupper():
            return True
        words = re.findall(r"[A-Za-z\u2019'-]+", visible[:80])
        if len(words) < 2:
            return False
        first_word, second = words[0], words[1]
        if re.fullmatch(r"[A-Z][a-z]+ly", first_word) and len(words) > 2:
            first_word, second = second.capitalize(), words[2]
            if not re.search(r"(?:ed|ing)$", first_word) and first_word not in _PREAMBLE_ADJECTIVES:
                return False
        if first_word in _NOT_OPENERS or not first_word[:1].isupper() or first_word.isupper():
            return False
        opener = first_word in _PREAMBLE_ADJECTIVES or (
            len(first_word) > 5 and re.search(r"(?:ing|ed)$", first_word)
        )
        return bool(opener) and second[:1].islower()

    def _join_lines(self, paragraph: _RawParagraph, vocab) -> str:
        text = ""
        for chunk in paragraph.chunks:
            piece = chunk.raw.strip()
            if chunk.merged and vocab is not None:
                piece = heal_merged_line(piece, vocab, self.unmerged_text)
            if not text:
                text = piece
            elif self.form == "markdown":
                text = f"{text} {piece}"
            elif re.search(r"[A-Za-z] ?-$", text) and piece[:1].isalpha():
                # A line-end hyphen: keep it in compounds ("Secretary-\nGeneral").
                head = text.rstrip("- ")
                word = re.search(r"[A-Za-z]+$", head)[0] + re.match(r"[A-Za-z]+", piece)[0]
                if vocab is not None and vocab[word] and not vocab[f"{head}-{piece}"]:
                    text = head + piece
                else:
                    text = f"{head}-{piece}"
            else:
                text = f"{text} {piece}"
        if self.form != "markdown":
            text = re.sub(r"(?<=[A-Za-z]) -(?=[A-Za-z])", "-", text)
        return text

    def _footnote_texts(self, raw_footnotes: list[_RawFootnote]) -> dict[int, str]:
        texts: dict[int, str] = {}
        for footnote in raw_footnotes:
            if footnote.number in texts:
                raise self.error(f"footnote {footnote.number} appears twice", footnote.line)
            texts[footnote.number] = " ".join(line.strip() for line in footnote.lines)
        return texts

    def _render_paragraphs(self, raw, footnote_texts) -> list[ParsedParagraph]:
        known = set(footnote_texts)
        vocab = None
        joined = [self._join_lines(p, None) for p in raw]
        if self.form != "markdown":
            self.unmerged_text = " ".join(
                re.sub(r"\s+", " ", c.raw) for p in raw for c in p.chunks if not c.merged
            )
            vocab = vocabulary([*joined, *footnote_texts.values()])
            joined = [heal_words(self._join_lines(p, vocab), vocab) for p in raw]
            self.vocab = vocab
        seen = [0]
        result = []
        for paragraph, text in zip(raw, joined, strict=True):
            if self.form == "markdown":
                rendered = render_markdown(text)
            else:
                if self.form == "plaintext":
                    markers = find_old_markers(text, known)
                else:
                    markers = find_bare_markers(text, known, seen)
                rendered = render_plain(text, markers)
                rendered.emphasis = _opening_phrase(rendered.text)
            result.append(self._paragraph(paragraph, rendered))
        return result

    def _paragraph(self, raw: _RawParagraph, rendered: Rendered) -> ParsedParagraph:
        text = rendered.text
        markers = []
        floor = 0
        for number, offset in rendered.markers:
            markers.append(
                FootnoteMarker(number, offset, citations.cited_words(text, offset, floor))
            )
            floor = offset
        return ParsedParagraph(
            pid=raw.pid,
            kind=raw.kind,
            label=raw.label,
            parent=raw.parent,
            text=text,
            emphasis=rendered.emphasis,
            footnotes=markers,
            documents=citations.find_documents(text),
            line=raw.line,
        )

    # --- footnotes -----------------------------------------------------------------------

    def _build_footnotes(self, raw_footnotes, texts: dict[int, str]) -> list[ParsedFootnote]:
        lines = {f.number: f.line for f in raw_footnotes}
        result: list[ParsedFootnote] = []
        previous: ParsedFootnote | None = None
        previous_treaty_series = False
        for number in sorted(texts):
            raw_text = texts[number]
            if self.form == "markdown":
                rendered = render_markdown(raw_text)
            else:
                rendered = render_plain(heal_words(raw_text, self.vocab), [])
            text = rendered.text
            ibid = bool(re.match(r"Ibid\b", text))
            treaty_series = citations.cites_treaty_series(text) or (ibid and previous_treaty_series)
            treaties = citations.find_treaties(text) if treaty_series else []
            documents = citations.find_documents(text)
            publications = citations.find_publications(text)
            if ibid and previous is not None and not treaties:
                treaties = list(previous.treaties)
                documents = documents or list(previous.documents)
                publications = publications or list(previous.publications)
            footnote = ParsedFootnote(
                number=number,
                text=text,
                emphasis=rendered.emphasis,
                treaties=treaties,
                documents=documents,
                publications=publications,
                ibid=ibid,
                line=lines.get(number, 0),
            )
            result.append(footnote)
            previous, previous_treaty_series = footnote, treaty_series
        return result


# --- helpers ---------------------------------------------------------------------------


def _pair_footnotes(region: list[tuple[int, str]]) -> list[_RawFootnote]:
    """Footnotes under one rule, where pdftotext may print numbers apart from their texts.

    A number followed by text owns that text; numbers left without text take, in order, the
    texts left without a number (pdftotext puts those first), split at sentence ends.
    """
    items: list[tuple[str, int, str]] = []
    for line, text in region:
        number_only = re.fullmatch(r"(\d{1,3})", text)
        number_text = re.fullmatch(r"(\d{1,3})\s+([A-Z(“\"*].*)", text)
        if number_only:
            items.append(("num", line, number_only[1]))
        elif number_text:
            items.append(("num", line, number_text[1]))
            items.append(("text", line, number_text[2]))
        else:
            items.append(("text", line, text))
    paired: list[_RawFootnote] = []
    loose_numbers: list[tuple[int, int]] = []
    loose_texts: list[tuple[int, str]] = []
    current: _RawFootnote | None = None
    for index, (kind, line, value) in enumerate(items):
        if kind == "num":
            following = items[index + 1][0] if index + 1 < len(items) else None
            if following == "text":
                current = _RawFootnote(int(value), line, [])
                paired.append(current)
            else:
                current = None
                loose_numbers.append((int(value), line))
        elif current is not None:
            current.lines.append(value)
        else:
            loose_texts.append((line, value))
    loose_numbers.sort()
    groups = _split_texts(loose_texts, len(loose_numbers))
    for (number, _), group in zip(loose_numbers, groups, strict=False):
        paired.append(_RawFootnote(number, group[0][0], [t for _, t in group]))
    if groups and not loose_numbers and paired:
        # Text with no number at all continues the last footnote of the page before.
        paired[-1].lines += [t for group in groups for _, t in group]
    return paired


def _split_texts(texts: list[tuple[int, str]], count: int) -> list[list[tuple[int, str]]]:
    if not texts:
        return []
    if count <= 1:
        return [texts]
    candidates = [
        i
        for i in range(1, len(texts))
        if re.search(r"[.)]$", texts[i - 1][1]) and texts[i][1][:1].isupper()
    ]
    if len(candidates) < count - 1:
        candidates = sorted(set(candidates) | set(range(1, len(texts))))
    cuts = sorted(candidates[: count - 1])
    groups, start = [], 0
    for cut in cuts:
        groups.append(texts[start:cut])
        start = cut
    groups.append(texts[start:])
    return [g for g in groups if g]


def _strip_markup(line: str) -> str:
    line = re.sub(r"<sup>\s*\d+\s*</sup>", "", line)
    line = re.sub(r"\[([^\[\]]*)\]\([^)\s]*\)", r"\1", line)
    line = re.sub(r"\\([\\`*_{}\[\]()#+\-.!])", r"\1", line)
    line = re.sub(r"^\s*#{1,6}\s+", "", line)
    return line.replace("*", "").rstrip()


def _after_label(raw: str, number: str) -> str:
    return re.sub(rf"^\W*?{number}\s*\.\s*", "", raw.strip(), count=1)


def _after_paren(raw: str) -> str:
    return re.sub(r"^[^(]*\([a-z]{1,4}\)\s*", "", raw.strip(), count=1)


def _next_letter(label: str) -> str:
    if not label:
        return "a"
    if label == "z":
        return "aa"
    if len(label) == 2 and label[0] == label[1]:
        return chr(ord(label[0]) + 1) * 2
    return chr(ord(label[-1]) + 1) if len(label) == 1 else ""


_ROMAN = [
    "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv",
    "xv", "xvi", "xvii", "xviii", "xix", "xx",
]  # fmt: skip


def _next_roman(label: str) -> str:
    if not label:
        return "i"
    if label in _ROMAN and _ROMAN.index(label) + 1 < len(_ROMAN):
        return _ROMAN[_ROMAN.index(label) + 1]
    return ""


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _to_date(match: re.Match) -> date | None:
    try:
        return datetime.strptime(
            f"{match[1]} {match[2].capitalize()} {match[3]}", "%d %B %Y"
        ).date()
    except ValueError:
        return None


_OPENING = re.compile(
    r"^(?:(?:Once again|Also|Further|Again|Strongly|Deeply|Gravely|Seriously|Firmly|Fully|"
    r"Most|Profoundly|Greatly|Particularly|Especially)\s+)*"
    r"[A-Za-z][a-z]+"
    r"(?:\s+(?:also|further|again|in particular|once again|note|upon|for|in mind|"
    r"with (?:deep |grave |great |serious )?(?:appreciation|concern|satisfaction|regret|"
    r"interest|alarm)|(?:deeply |gravely |seriously |also )?concerned|aware|alarmed|"
    r"mindful|convinced))*"
)


def _opening_phrase(text: str) -> list[Span]:
    """Plain-text sources lose italics; the opening phrase is italic by UN drafting rules."""
    match = _OPENING.match(text)
    return [Span(0, match.end())] if match else []
