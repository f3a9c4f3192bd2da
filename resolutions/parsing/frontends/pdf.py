"""The official PDF itself: lines of runs with their fonts, sizes, positions and rises
(`pdfpage.py`), sorted into the masthead, body text, footnotes under the rule and page furniture.

What text extraction loses the page still shows: a footnote marker is a smaller figure raised
above the baseline, a footnote's text sits under a short rule in a smaller size, the running
header and footer stand in the margins, an opening phrase is italic, a heading bold, a
paragraph's first line indented. Every line is accounted for; a line that is none of these is
refused with its page and line named.
"""

from __future__ import annotations

import re
from collections import Counter

from resolutions.parsing.inline import Rendered, render_markdown
from resolutions.parsing.model import ParseError
from resolutions.parsing.pdfpage import Line, Page, Run, is_marker, join_runs, spaced
from resolutions.parsing.source import HeaderPiece, SourceDocument, SourceFootnote, SourceLine

# Job number ("18-15052 (E)"), date code ("190918") and page number ("2/12") as a footer
# sets them, in any order on one line; its spaces taken out.
_FOOTER = re.compile(r"^(?:\d{2}-\d{5}(?:\([A-Z]\))?|\d{6}|\d{1,3}/\d{1,3}|\*\d{5,}\*)+$")
_SYMBOL = re.compile(r"^A/RES/(?:ES-|S-)?\d{1,4}/\d{1,4}(?:\s+[A-Z](?:\s*[-\u2013]\s*[A-Z])?)?$")
_RULE_TEXT = re.compile(r"^_{5,}$")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")
_LETTER = r"[^\W\d_]"
# Where the running header and the footer stand: the top and bottom eighth of the page.
_MARGIN = 0.12


class PdfFrontEnd:
    """Reads the pages of one official PDF into the neutral SourceDocument."""

    form = "pdf"

    def __init__(self, pages: list[Page], source: str):
        self.pages = pages
        self.source = source
        self.lines: list[Line] = [line for page in pages for line in page.lines]
        # One number per line of the whole file, for the back end; each maps back to a page.
        self.places: dict[int, tuple[int, int]] = {}
        for index, line in enumerate(self.lines, 1):
            self.places[index] = (line.page, line.number)
            line.index = index
        sizes: Counter = Counter()
        for line in self.lines:
            for run in line.runs:
                if not run.rise:
                    sizes[run.size] += len(run.text.strip())
        self.body_size = max(sizes, key=sizes.get) if sizes else 10.0

    def error(self, message: str, line: Line | None) -> ParseError:
        if line is None:
            return ParseError(message, None, self.source)
        return ParseError(message, line.number, self.source, page=line.page)

    # --- the opening line and the masthead ---------------------------------------------------

    def opening(self, languages) -> tuple:
        for position, line in enumerate(self.lines):
            text = line.plain().strip()
            for language in languages:
                if language.general_assembly_pattern.match(text):
                    return language, position
        if not self.lines:
            raise ParseError(
                "the PDF has no text to read (a scanned image?); give the UN's own PDF",
                None,
                self.source,
            )
        raise ParseError(
            'no "The General Assembly," line opening the resolution', None, self.source
        )

    def header(self, end: int) -> list[HeaderPiece]:
        """The masthead's pieces before the opening line, cut where the page sets columns."""
        pieces = []
        for line in self.lines[:end]:
            if line.page != self.lines[end].page and self._furniture(line, set()):
                continue
            for piece in self._pieces(line):
                pieces.append(HeaderPiece(line.index, piece))
        return pieces

    def _pieces(self, line: Line) -> list[str]:
        groups: list[list[Run]] = [[]]
        previous: Run | None = None
        for run in line.runs:
            if previous is not None and run.x0 - previous.x1 > 2.5 * line.size:
                groups.append([])
            groups[-1].append(run)
            previous = run
        return [text for group in groups if (text := join_runs(group).strip())]

    # --- the body and the footnotes ----------------------------------------------------------

    def document(self, language, opening: int, header: list[HeaderPiece], symbol: str, title: str):
        self.language = language
        self.symbol = symbol
        self.title = _normalise(title)
        body_lines: list[Line] = []
        footnotes: list[SourceFootnote] = []
        footnote_lines: dict[int, list[str]] = {}
        opening_line = self.lines[opening]
        under_rule: list[Line] = []
        for page in self.pages:
            lines = [line for line in page.lines if line.index >= opening_line.index]
            if not lines:
                continue
            rule = self._rule(page, lines)
            running = self._running_header(page, lines)
            for line in lines:
                if line in running or self._furniture(line, running):
                    continue
                if rule is not None and line.baseline < rule:
                    under_rule.append(line)
                elif not _RULE_TEXT.match(line.plain().strip()):
                    body_lines.append(line)
        # The body's left edge: where a paragraph's later lines start, left of its first.
        self.left = min(
            (line.x0 for line in body_lines if line.size >= 0.95 * self.body_size), default=0
        )
        for line in under_rule:
            self._footnote_line(line, footnotes, footnote_lines)
        for footnote in footnotes:
            footnote.lines = [self._join(footnote_lines[id(footnote)])]
        return SourceDocument(
            self.form, language, self._source_lines(body_lines), footnotes, self, marks_blocks=True
        )

    def _rule(self, page: Page, lines: list[Line]) -> float | None:
        """The height of the short rule that footnotes stand under, typed or drawn."""
        for line in lines:
            if _RULE_TEXT.match(line.plain().strip()) and line.baseline < 0.6 * page.height:
                return line.baseline
        left = min((line.x0 for line in lines), default=0)
        for x0, x1, y in page.rules:
            below = [
                line
                for line in lines
                if line.baseline < y and not self._furniture(line, set()) and line.size
            ]
            if (
                abs(x0 - left) < 2 * self.body_size
                and x1 - x0 < 0.4 * page.width
                and below
                and all(line.size < 0.95 * self.body_size for line in below)
            ):
                return y
        return None

    def _running_header(self, page: Page, lines: list[Line]) -> set[Line]:
        """The lines at the top of a page that repeat the symbol and the title."""
        top = [line for line in lines if line.baseline > (1 - _MARGIN) * page.height]
        found = set()
        for line in top:
            pieces = self._pieces(line)
            if pieces and all(
                _SYMBOL.match(piece) or self._title_fragment(piece) for piece in pieces
            ):
                found.add(line)
        return found if any(self.symbol in line.plain() for line in found) else set()

    def _title_fragment(self, piece: str) -> bool:
        piece = _normalise(piece)
        return bool(self.title) and len(piece) >= min(len(self.title), 12) and piece in self.title

    def _furniture(self, line: Line, running: set[Line]) -> bool:
        """A job number, date code, barcode or page number in the margin of a page."""
        page = self.pages[line.page - 1]
        if (1 - _MARGIN) * page.height >= line.baseline >= _MARGIN * page.height:
            return False
        if all("barcode" in run.font.lower() for run in line.runs):
            return True
        return bool(_FOOTER.match(re.sub(r"\s+", "", line.plain())))

    def _footnote_line(self, line: Line, footnotes, footnote_lines) -> None:
        runs = [run for run in line.runs if run.text.strip()]
        if line.size >= 0.95 * self.body_size:
            raise self.error(
                f"text under the footnote rule in the body's size: {line.plain()[:60]!r}", line
            )
        first = runs[0]
        # The footnote's number is raised, or at least hangs left of the texts' column.
        hanging = len(runs) > 1 and first.x1 < self.left - 0.5
        if (first.rise or hanging) and re.fullmatch(r"\d{1,3}", first.text):
            footnote = SourceFootnote(int(first.text), line.index, [])
            footnotes.append(footnote)
            footnote_lines[id(footnote)] = [_markdown(runs[1:])]
            return
        if not footnotes:
            raise self.error(f"footnote text with no footnote number: {line.plain()[:60]!r}", line)
        # A footnote that runs on from the page before, or onto its own next line.
        footnote_lines[id(footnotes[-1])].append(_markdown(runs))

    def _source_lines(self, lines: list[Line]) -> list[SourceLine]:
        left = self.left
        result: list[SourceLine] = []
        previous: Line | None = None
        for line in lines:
            runs = [run for run in line.runs if run.text.strip()]
            text = line.plain().strip()
            raw = _markdown(line.runs)
            indented = line.x0 > left + 0.8 * line.size
            gap = (
                previous is not None
                and previous.page == line.page
                and previous.baseline - line.baseline > 1.45 * max(line.size, previous.size)
            )
            plain_runs = [run for run in runs if not run.rise]
            bold = bool(plain_runs) and all(run.bold for run in plain_runs)
            source_line = SourceLine(
                line.index,
                raw,
                text,
                emphasised=bool(plain_runs) and plain_runs[0].italic and (indented or gap),
                heading=bold and not self._structural(text),
                block_start=indented or gap,
            )
            if (
                source_line.heading
                and result
                and result[-1].heading
                and not gap
                and not indented
                and previous is not None
                and previous.page == line.page
            ):
                # A heading's title wraps onto a second line: one heading, not two.
                result[-1].raw = self._join([result[-1].raw, raw])
                result[-1].text = f"{result[-1].text} {text}"
            else:
                result.append(source_line)
            previous = line
        return result

    def _structural(self, text: str) -> bool:
        """Bold lines the back end reads for themselves: a part's letter, an annex."""
        return bool(re.fullmatch(r"[A-Z]", text) or self.language.annex_pattern.match(text))

    # --- rendering ---------------------------------------------------------------------------

    def _join(self, raws: list[str]) -> str:
        conjunctions = "|".join(self.language.conjunctions)
        text = ""
        for raw in raws:
            piece = raw.strip()
            if not text:
                text = piece
            elif (
                re.search(rf"{_LETTER}\*?-\*?$", text)
                and re.match(rf"\*?{_LETTER}", piece)
                # "age- and gender-responsive": a hyphen that waits for its word is no break.
                and not re.match(rf"\*?(?:{conjunctions})\b", piece)
            ):
                # A line that ends at a hyphen goes on with the rest of the word.
                text += piece
            elif re.search(r"\w\u2013$", text) and re.match(r"\w", piece):
                text += piece  # a span of years broken at its dash
            else:
                text = f"{text} {piece}"
        return text

    def render_paragraphs(self, paragraphs, footnote_texts) -> list[Rendered]:
        return [render_markdown(self._join([line.raw for line in lines])) for lines in paragraphs]

    def render_heading(self, lines: list[SourceLine]) -> str:
        return render_markdown(self._join([line.raw for line in lines])).text

    def render_footnote(self, text: str) -> Rendered:
        return render_markdown(text)


def _markdown(runs: list[Run]) -> str:
    """Runs as the Markdown the renderer reads: italics in stars, raised figures as markers."""
    out = ""
    previous: Run | None = None
    italic = False
    for run in runs:
        if not run.text.strip():
            continue
        if out and spaced(previous, run):
            out += " "
        if is_marker(run):
            if italic:
                out = _close_italic(out)
                italic = False
            out += "".join(f"<sup>{n}</sup>" for n in re.findall(r"\d+", run.text))
            previous = run
            continue
        text = _MARKDOWN_SPECIAL.sub(r"\\\1", run.text)
        if run.italic and not italic:
            out += "*"
        elif italic and not run.italic:
            out = _close_italic(out)
        italic = run.italic
        out += text
        previous = run
    return _close_italic(out) if italic else out


def _close_italic(out: str) -> str:
    """The closing star before the spaces, so that the span is the words alone."""
    stripped = out.rstrip(" ")
    return stripped + "*" + out[len(stripped) :]


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()
