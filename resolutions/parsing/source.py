"""The neutral document every front end yields: lines of body text, footnote texts, header
pieces, and the front end's own way of turning a paragraph's lines into plain text.

The back end (`structure.py`) reads only this; it never asks which form a text came in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from resolutions.parsing.inline import Rendered
from resolutions.parsing.languages import Language


@dataclass
class SourceLine:
    """One unit of body text: a physical line of extracted text, or a Markdown block."""

    line: int
    # As in the source (Markdown keeps its markup); the front end renders it.
    raw: str
    # What a reader sees: markup removed, whitespace trimmed.
    text: str
    # The source marks the line's opening words as emphasised (Markdown italics).
    emphasised: bool = False
    # The source marks the line as a heading (a Markdown "#" line).
    heading: bool = False
    # The line begins a block of its own (a Markdown block, an indented first line).
    block_start: bool = False
    # A line that text extraction merged at a line-end hyphen.
    merged: bool = False


@dataclass
class SourceFootnote:
    number: int
    line: int
    lines: list[str]


@dataclass
class HeaderPiece:
    line: int
    text: str


class Renderer(Protocol):
    """What a front end offers the back end once paragraphs are cut."""

    def render_paragraphs(
        self, paragraphs: list[list[SourceLine]], footnote_texts: dict[int, str]
    ) -> list[Rendered]: ...

    def render_heading(self, lines: list[SourceLine]) -> str: ...

    def render_footnote(self, text: str) -> Rendered: ...


@dataclass
class SourceDocument:
    """A resolution text as its front end found it, before any structure is read."""

    form: str
    language: Language
    body: list[SourceLine]
    footnotes: list[SourceFootnote]
    renderer: Renderer
    header: list[HeaderPiece] = field(default_factory=list)
    # Every paragraph's first line is marked `block_start` (indented, or set apart), so a
    # line that is not goes on with the paragraph before it.
    marks_blocks: bool = False
