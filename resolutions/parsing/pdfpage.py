"""The runs of text on each page of a PDF, with the font, size, position and rise of each, read
through PDFium (pypdfium2): what a reader of the printed page sees and text extraction loses."""

from __future__ import annotations

import ctypes
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from resolutions.parsing.model import ParseError

# PDFium reports a hyphen at the end of a line as this control character.
_LINE_END_HYPHEN = "\x02"
_WORD = re.compile(r"[^\W\d_]+")
# Raised figures, and the raised commas set between two markers ("1,", "2").
_MARKER = re.compile(r"^[\d\s,]*$")


@dataclass
class Run:
    """One text object: a run of characters in one font, size and baseline."""

    text: str
    x0: float
    x1: float
    baseline: float
    size: float
    font: str
    italic: bool
    bold: bool
    # Points above the baseline of the line it belongs to (footnote markers are raised).
    rise: float = 0.0
    # A word space stands between it and the run before it on its line.
    space_before: bool = False


@dataclass(eq=False)
class Line:
    """The runs that share a baseline, left to right."""

    page: int
    baseline: float
    runs: list[Run] = field(default_factory=list)
    # Its place among the text lines of its page, from the top: what an error message names.
    number: int = 0
    # Its place among the lines of the whole file.
    index: int = 0

    @cached_property
    def size(self) -> float:
        """The size of most of its characters (read once its runs are all gathered)."""
        weights: dict[float, int] = {}
        for run in self.runs:
            if not run.rise:
                weights[run.size] = weights.get(run.size, 0) + len(run.text.strip())
        if not weights:
            return max(run.size for run in self.runs)
        return max(weights, key=weights.get)

    @property
    def x0(self) -> float:
        return self.runs[0].x0

    @property
    def x1(self) -> float:
        return self.runs[-1].x1

    @property
    def top(self) -> float:
        return self.baseline + self.size

    def plain(self) -> str:
        """The line as a reader sees it, footnote markers left out."""
        return join_runs([run for run in self.runs if not is_marker(run)])


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line]
    # Short horizontal strokes: a footnote rule drawn rather than typed.
    rules: list[tuple[float, float, float]] = field(default_factory=list)  # (x0, x1, y)


def is_marker(run: Run) -> bool:
    """A footnote marker: figures raised above the line ("1", "2, 3")."""
    return bool(run.rise) and bool(run.text.strip()) and bool(_MARKER.match(run.text))


def spaced(previous: Run | None, run: Run) -> bool:
    """Whether a word space stands between two runs on a line (decided by `_space_runs`)."""
    return previous is not None and run.space_before


def join_runs(runs: list[Run]) -> str:
    """Runs joined as the page spaces them."""
    text = ""
    previous: Run | None = None
    for run in runs:
        if text and spaced(previous, run):
            text += " "
        text += run.text
        previous = run
    return text


def _space_runs(pages: list[Page]) -> None:
    """Where a word space stands between two runs of a line.

    PDFium adds a space of its own at the end of a run that a word goes on from, and the
    gaps of a justified line overlap: a gap a word space wide is a space, a gap of a kerning
    is none, and between the two a word of the document decides (Word sets "Group o" "f" a
    space apart where the line is justified; "General" "Assembly" as close)."""
    words: Counter = Counter()
    for page in pages:
        for line in page.lines:
            for run in line.runs:
                words.update(token.lower() for token in _WORD.findall(run.text))
    for page in pages:
        for line in page.lines:
            previous = None
            for run in line.runs:
                if previous is not None:
                    run.space_before = _space_between(previous, run, words)
                previous = run


def _space_between(previous: Run, run: Run, words: Counter) -> bool:
    gap = (run.x0 - previous.x1) / max(run.size, previous.size)
    if gap < 0.12:
        return False
    if (run.rise and not is_marker(run)) or (
        run.size < 0.8 * previous.size and previous.text[-1:].isdigit() and run.text.isalpha()
    ):
        return False  # an ordinal's raised letters: "113th", "1er"
    # A hyphen, and an apostrophe before its letter, join the words each side.
    if gap < 0.5 and (
        (run.text[:1] == "-" and previous.text[-1:].isalnum())
        or (previous.text[-1:] == "-" and run.text[:1].isalnum())
        or (previous.text[-1:] in "\u2019'" and run.text[:1].islower())
    ):
        return False
    if gap > 0.26:
        return True
    # Punctuation holds on to its word, a dash to both.
    if run.text[:1] in ",.;:)]/\u2013\u2019\u201d" or previous.text[-1:] in "([/\u2013\u201c\u2018":
        return False
    left = re.search(r"[^\W\d_]+$", previous.text)
    right = re.match(r"[^\W\d_]+", run.text)
    if not (left and right):
        return gap >= 0.2
    if left[0][-1:].islower() and right[0][:1].isupper():
        return True
    whole = words[(left[0] + right[0]).lower()]
    # A fragment of a broken word occurs once, in the break itself.
    known = words[left[0].lower()] >= 2 and words[right[0].lower()] >= 2
    if gap < 0.2:
        return known and not whole
    return known or not whole


def read_pdf(data: bytes, source: str) -> list[Page]:
    """Every page's lines of text; ParseError for a file PDFium cannot open."""
    if not data[:1024].lstrip().startswith(b"%PDF"):
        raise ParseError("not a PDF file (it does not start with %PDF)", None, source)
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise ParseError(
                "the PDF is encrypted with a password; give the unprotected file", None, source
            ) from error
        raise ParseError(f"the PDF cannot be read: {error}", None, source) from error
    try:
        pages = [_read_page(document, index, source) for index in range(len(document))]
    finally:
        document.close()
    _space_runs(pages)
    return pages


def _read_page(document, index: int, source: str) -> Page:
    page = document[index]
    textpage = page.get_textpage()
    try:
        width, height = page.get_size()
        runs: list[Run] = []
        rules: list[tuple[float, float, float]] = []
        fonts: dict[int, tuple[str, bool, bool]] = {}
        buffer = ctypes.create_string_buffer(8192)
        wide = ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR))
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        size = ctypes.c_float()
        matrix = pdfium_c.FS_MATRIX()
        raw_page, raw_text = page.raw, textpage.raw
        for position in range(pdfium_c.FPDFPage_CountObjects(raw_page)):
            obj = pdfium_c.FPDFPage_GetObject(raw_page, position)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM and pdfium_c.FPDFFormObj_CountObjects(obj) > 0:
                _refuse_form_text(obj, index, source)
                continue
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
                if top.value - bottom.value < 2 and right.value - left.value > 20:
                    rules.append((left.value, right.value, bottom.value))
                continue
            if kind != pdfium_c.FPDF_PAGEOBJ_TEXT:
                continue
            # The length is in bytes, the closing NUL included.
            length = pdfium_c.FPDFTextObj_GetText(obj, raw_text, wide, len(buffer))
            if length > len(buffer):
                larger = ctypes.create_string_buffer(length)
                pdfium_c.FPDFTextObj_GetText(
                    obj, raw_text, ctypes.cast(larger, ctypes.POINTER(pdfium_c.FPDF_WCHAR)), length
                )
                text = larger.raw[: max(length - 2, 0)].decode("utf-16-le", "replace")
            else:
                text = buffer.raw[: max(length - 2, 0)].decode("utf-16-le", "replace")
            if not text.strip():
                continue
            pdfium_c.FPDFTextObj_GetFontSize(obj, size)
            pdfium_c.FPDFPageObj_GetMatrix(obj, matrix)
            pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
            scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c)) or 1.0
            font = pdfium_c.FPDFTextObj_GetFont(obj)
            key = ctypes.cast(font, ctypes.c_void_p).value or 0
            if key not in fonts:
                fonts[key] = _font(font, buffer)
            name, italic, bold = fonts[key]
            runs.append(
                Run(
                    text.replace(_LINE_END_HYPHEN, "-").replace("\u00a0", " ").strip(),
                    left.value,
                    right.value,
                    matrix.f,
                    round(size.value * scale, 2),
                    name,
                    italic,
                    bold,
                )
            )
        return Page(index + 1, width, height, _lines(runs, index + 1), rules)
    finally:
        textpage.close()
        page.close()


def _font(font, buffer) -> tuple[str, bool, bool]:
    length = pdfium_c.FPDFFont_GetBaseFontName(font, buffer, len(buffer))
    name = buffer.raw[: max(length - 1, 0)].decode("latin-1")
    angle = ctypes.c_int(0)
    pdfium_c.FPDFFont_GetItalicAngle(font, angle)
    lowered = name.lower()
    italic = "italic" in lowered or "oblique" in lowered or angle.value != 0
    bold = "bold" in lowered or "black" in lowered or pdfium_c.FPDFFont_GetWeight(font) >= 600
    return name, italic, bold


def _refuse_form_text(obj, index: int, source: str) -> None:
    for position in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
        inner = pdfium_c.FPDFFormObj_GetObject(obj, position)
        if pdfium_c.FPDFPageObj_GetType(inner) == pdfium_c.FPDF_PAGEOBJ_TEXT:
            raise ParseError(
                f"page {index + 1} holds text inside a form object, which this reader does not "
                "read; give the PDF as the UN publishes it",
                None,
                source,
            )


def _lines(runs: list[Run], page: int) -> list[Line]:
    """Runs grouped into lines by baseline, top to bottom; a smaller run raised above a line's
    baseline (a footnote marker) joins the line it stands on."""
    lines: list[Line] = []
    for run in sorted(runs, key=lambda r: (-r.baseline, r.x0)):
        if lines and abs(lines[-1].baseline - run.baseline) < 0.2 * run.size:
            lines[-1].runs.append(run)
        else:
            lines.append(Line(page, run.baseline, [run]))
    merged: list[Line] = []
    for index, line in enumerate(lines):
        below = lines[index + 1] if index + 1 < len(lines) else None
        if below is not None and _raised_over(line, below):
            for run in line.runs:
                run.rise = round(run.baseline - below.baseline, 2)
            below.runs.extend(line.runs)
            continue
        merged.append(line)
    for number, line in enumerate(merged, 1):
        line.runs.sort(key=lambda r: r.x0)
        line.number = number
    return merged


def _raised_over(line: Line, below: Line) -> bool:
    """Whether every run of `line` is a smaller figure raised over a run of `below`."""
    body = max(run.size for run in below.runs)
    rise = line.baseline - below.baseline
    if not 0.1 * body < rise < 0.6 * body:
        return False
    start = min(run.x0 for run in below.runs) - 3 * body
    end = max(run.x1 for run in below.runs) + body
    return all(run.size < 0.8 * body and start <= run.x0 <= end for run in line.runs)
