"""Front ends: one per source form a resolution text comes in, each yielding a SourceDocument.

A front end knows how its form looks (Markdown blocks and markup; the lines, page furniture
and footnote blocks of text extracted from a PDF) and nothing about what the words mean.
"""

from __future__ import annotations

import re

from resolutions.parsing.model import ParseError
from resolutions.parsing.source import HeaderPiece, SourceDocument


class FrontEnd:
    """The part every front end shares: splitting the text into lines, finding the header."""

    form = ""

    def __init__(self, lines: list[str], source: str, language):
        self.lines = lines
        self.source = source
        self.language = language

    def error(self, message: str, line: int | None = None) -> ParseError:
        return ParseError(message, line, self.source)

    @staticmethod
    def visible(line: str) -> str:
        """A line as a reader sees it, for finding the opening line and the header."""
        return line.rstrip()

    def header(self, end: int) -> list[HeaderPiece]:
        """The header's pieces: its lines before `end`, cut where a layout puts columns."""
        pieces = []
        for index in range(end):
            line = self.visible(self.lines[index])
            if line.lstrip().startswith(">"):
                continue
            for piece in re.split(r"\s{3,}", line.strip()):
                pieces.append(HeaderPiece(index + 1, piece.strip()))
        return pieces

    def read(self, start: int, header: list[HeaderPiece], symbol: str, title: str):
        raise NotImplementedError

    def document(self, start, header, symbol, title) -> SourceDocument:
        body, footnotes = self.read(start, header, symbol, title)
        return SourceDocument(self.form, self.language, body, footnotes, self, header)


def detect_form(lines: list[str]) -> str:
    """Which form a text is in, from the look of its lines."""
    body = [line for line in lines if line.strip()]
    if not body:
        return "pdftotext"
    indented = sum(1 for line in body if re.match(r"^ {8,}\S", line))
    if indented > 0.3 * len(body):
        return "layout"
    joined = "\n".join(lines)
    if (
        "<sup>" in joined
        or re.search(r"^\s*\*[^*\d\n]+\*\s*$", joined, re.M)
        or re.search(r"^#{1,6} ", joined, re.M)
    ):
        return "markdown"
    if re.search(r"^\s*\d{1,3}/\s+\S", joined, re.M) and re.search(r"\S\s?\d{1,3}/[\s,.;]", joined):
        return "plaintext"
    return "pdftotext"


def front_end_for(form: str):
    from resolutions.parsing.frontends.markdown import MarkdownFrontEnd
    from resolutions.parsing.frontends.pdftext import (
        LayoutFrontEnd,
        OldTextFrontEnd,
        PdfTextFrontEnd,
    )

    return {
        "markdown": MarkdownFrontEnd,
        "pdftotext": PdfTextFrontEnd,
        "layout": LayoutFrontEnd,
        "plaintext": OldTextFrontEnd,
    }[form]
