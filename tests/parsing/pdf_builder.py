"""Small PDFs laid out as the UN sets its resolutions, made with PDFium for the parser's tests:
a masthead, italic openers, indented first lines, raised footnote markers, footnotes under a
short rule in a smaller size, a running header, a footer with job number and page number."""

from __future__ import annotations

import ctypes
import io
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

ROMAN, ITALIC, BOLD = "Times-Roman", "Times-Italic", "Times-Bold"
LEFT, INDENT = 123.4, 147.1


@dataclass
class Sup:
    """A footnote marker: the number raised and smaller, right after the word it follows."""

    number: int


@dataclass
class Glued:
    """A run set right after the one before it, with no space between."""

    text: str
    font: str = ROMAN


class Page:
    def __init__(self, document: pdfium.PdfDocument, number: int, symbol: str):
        self.document = document
        self.raw = document.new_page(612, 792)
        self.number = number
        self.symbol = symbol
        self.y = 710.0

    def put(self, x: float, y: float, text: str, size: float = 10, font: str = ROMAN) -> float:
        """Set a run of text with its baseline at (x, y); where it ends on the right."""
        obj = pdfium_c.FPDFPageObj_NewTextObj(self.document.raw, font.encode(), size)
        chars = (pdfium_c.FPDF_WCHAR * (len(text) + 1))(*[ord(c) for c in text], 0)
        pdfium_c.FPDFText_SetText(obj, chars)
        pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
        pdfium_c.FPDFPage_InsertObject(self.raw.raw, obj)
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
        return right.value

    def line(self, *runs, x: float = LEFT, size: float = 10, before: float = 0) -> None:
        """One line of runs (text, (text, font), Glued or Sup), a word space between runs."""
        self.y -= before
        right = None
        for run in runs:
            if isinstance(run, Sup):
                right = self.put(right + 0.5, self.y + 0.35 * size, str(run.number), 0.65 * size)
                continue
            glued = isinstance(run, Glued)
            text, font = (run.text, run.font) if glued else (run, ROMAN)
            if isinstance(run, tuple):
                text, font = run
            start = x if right is None else right + (0.5 if glued else 0.27 * size)
            right = self.put(start, self.y, text, size, font)
        self.y -= 1.2 * size

    def paragraph(self, first: list, *rest: list) -> None:
        """A paragraph: its first line indented, a gap before it."""
        self.line(*first, x=INDENT, before=6)
        for runs in rest:
            self.line(*runs)

    def footnotes(self, *notes: tuple[int | None, str], raised: bool = True) -> None:
        """The short rule, and under it each footnote (number None: one running on); the
        numbers raised and smaller, or (`raised=False`) set on the line, hanging left."""
        y = 60 + 10.5 * len(notes)
        self.put(100, y + 12, "__________________", 8, BOLD)
        for number, text in notes:
            if number is not None and raised:
                self.put(117, y + 3, str(number), 5.5)
            elif number is not None:
                self.put(112, y, str(number), 8.5)
            self.put(LEFT, y, text, 8.5)
            y -= 10.5

    def footer(self, pages: int) -> None:
        self.put(60, 37, f"{self.number}/{pages}", 8.5, BOLD)
        self.put(520, 38, "24-23093", 7)
        if self.number > 1:
            self.put(60, 733, self.symbol, 8.5, BOLD)


class Resolution:
    """A resolution set page by page; `bytes()` is the PDF."""

    def __init__(self, symbol: str = "A/RES/79/62"):
        self.document = pdfium.PdfDocument.new()
        self.symbol = symbol
        self.pages: list[Page] = []

    def page(self) -> Page:
        page = Page(self.document, len(self.pages) + 1, self.symbol)
        self.pages.append(page)
        return page

    def masthead(self, page: Page, lines: list[str], number_line: str) -> None:
        page.put(123.4, 735, "United Nations", 14)
        page.put(487, 735, self.symbol, 10)
        page.y = 560
        for text in lines:
            page.line(text, x=60)
        page.line((number_line, BOLD), x=60, size=12, before=12)
        page.y -= 12

    def bytes(self) -> bytes:
        for page in self.pages:
            page.footer(len(self.pages))
            pdfium_c.FPDFPage_GenerateContent(page.raw.raw)
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


# --- a parsed resolution set as the UN sets it ------------------------------------------------

# Characters a line of the body holds before it wraps.
LINE_WIDTH = 86


def render(parsed) -> bytes:
    """A ParsedResolution (from the UN's XML) set as its PDF would be: paragraphs wrapped and
    indented, openers italic, markers raised, footnotes at the foot of the page that cites
    them, headings bold, the closing lines, then the annexes; pages break where they fill."""
    return _Setter(parsed).bytes()


class _Setter:
    def __init__(self, parsed):
        self.parsed = parsed
        self.resolution = Resolution(parsed.symbol)
        self.page = self.resolution.page()
        self.notes: list[int] = []
        self.texts = {f.number: f.text.replace("\u2011", "-") for f in parsed.footnotes}
        day = f"{parsed.adopted.day} {parsed.adopted.strftime('%B')} {parsed.adopted.year}"
        self.day = day
        number = parsed.symbol.removeprefix("A/RES/")
        self.resolution.masthead(
            self.page,
            [f"Resolution adopted by the General Assembly on {day}"],
            f"{number}. {parsed.title}",
        )

    def bytes(self) -> bytes:
        parsed = self.parsed
        self.page.paragraph([("The General Assembly", ITALIC), Glued(",")])
        headings: dict[str | None, list] = {}
        for heading in parsed.headings:
            headings.setdefault(heading.before, []).append(heading)
        annex = None
        for paragraph in parsed.paragraphs:
            if paragraph.annex != annex:
                self.closing()
                self.new_page()
                found = parsed.annexes[paragraph.annex - 1]
                self.line([(found.heading or "Annex", BOLD)], 290, 12)
                if found.title:
                    self.line([(found.title, BOLD)], 200, 12)
                annex = paragraph.annex
            for heading in headings.get(paragraph.pid, []):
                self.line([(heading.text, BOLD)], 200, 12)
            self.paragraph(paragraph)
        if annex is None:
            self.closing()
        self.foot()
        return self.resolution.bytes()

    def closing(self) -> None:
        self.line([(self.parsed.meeting or "1st plenary meeting", ITALIC)], 397, 12)
        self.line([(self.day, ITALIC)], 413)

    def foot(self) -> None:
        if self.notes:
            self.page.footnotes(*[(n, self.texts[n][:95]) for n in self.notes])
        self.notes = []

    def new_page(self) -> None:
        self.foot()
        self.page = self.resolution.page()

    def line(self, runs: list, x: float, before: float = 0) -> None:
        if self.page.y - 12 < 100 + 10.5 * (len(self.notes) + 2):
            self.new_page()
        self.page.line(*runs, x=x, before=before)

    def paragraph(self, paragraph) -> None:
        label = paragraph.label.strip("().")
        if label:
            label = f"{label}." if paragraph.kind == "operative" else f"({label})"
        lines = _wrap(_words(paragraph), len(label) + 1)
        for index, words in enumerate(lines):
            runs = [label] if index == 0 and label else []
            runs += self.runs(words, first=index == 0 and not label)
            self.line(runs, INDENT if index == 0 else LEFT, 6 if index == 0 else 0)

    def runs(self, words: list[list], first: bool) -> list:
        """A line's words as runs: one per font, a marker where the text calls a footnote."""
        runs: list = []
        current: list | None = None  # text, font, glued to what comes before
        for position, (text, italic, markers, spaced) in enumerate(words):
            font = ITALIC if italic else ROMAN
            if current and current[1] == font and spaced:
                current[0] += " " + text
            else:
                if current:
                    runs.append(_run(current))
                current = [text, font, not spaced and (position > 0 or not first)]
            if markers:
                runs.append(_run(current))
                current = None
                for number in markers:
                    runs.append(Sup(number))
                    if number not in self.notes:
                        self.notes.append(number)
        if current:
            runs.append(_run(current))
        return runs


def _run(current: list):
    text, font, glued = current
    return Glued(text, font) if glued else (text, font)


def _words(paragraph) -> list[list]:
    """The paragraph's words: [text, italic, markers after it, a space before it]."""
    text = paragraph.text.replace("\u2011", "-")
    calls: dict[int, list[int]] = {}
    for marker in paragraph.footnotes:
        calls.setdefault(marker.offset, []).append(marker.number)
    words: list[list] = []
    space = True
    for index, char in enumerate(text):
        italic = any(span.start <= index < span.end for span in paragraph.emphasis)
        if char == " ":
            space = True
        elif not words or space or words[-1][1] != italic or words[-1][2]:
            words.append([char, italic, [], space])
            space = False
        else:
            words[-1][0] += char
        if index + 1 in calls and words:
            words[-1][2] += calls[index + 1]
    return words


def _wrap(words: list[list], used: int) -> list[list[list]]:
    lines: list[list[list]] = []
    current: list[list] = []
    for word in words:
        if used + len(word[0]) + 1 > LINE_WIDTH and current and word[3]:
            lines.append(current)
            current, used = [], 0
        current.append(word)
        used += len(word[0]) + 1
    if current:
        lines.append(current)
    return lines
