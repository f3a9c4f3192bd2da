"""The part every front end shares, kept apart from the registry in `__init__` so the front ends
need not import the package back."""

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
