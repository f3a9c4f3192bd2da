"""Plain-Python parser for General Assembly resolution texts; no Django here."""

import re

from resolutions.parsing.catalogue import Catalogue, CatalogueEntry, load_catalogue
from resolutions.parsing.checks import check_document, find_problems
from resolutions.parsing.frontends.akn import parse_akn
from resolutions.parsing.model import (
    DocumentMention,
    FootnoteMarker,
    LinkSpan,
    ParsedAnnex,
    ParsedFootnote,
    ParsedHeading,
    ParsedParagraph,
    ParsedPart,
    ParsedResolution,
    ParsedSubject,
    ParsedVotes,
    ParseError,
    Span,
    TreatyRef,
)
from resolutions.parsing.parser import parse_pdf, parse_resolution

_XML_START = re.compile(r"\A[\s\ufeff]*<(?:\?xml|akomaNtoso)\b")


def parse_document(text: str, source: str = "<text>", strict: bool = True) -> ParsedResolution:
    """Parse a resolution in any source form the library reads (the front end is chosen by the
    text itself), refusing what no database could store.

    Every parse is checked (`checks.find_problems`): strict, the first problem is raised as a
    ParseError naming the place; otherwise the problems are kept in `parsed.problems` for the
    caller to show (a source the UN itself marked up with a gap, loaded with a warning)."""
    if not isinstance(text, str):
        raise ParseError("text is not a string", None, source)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ParseError("the text contains a NUL character, which no resolution has", line, source)
    parse = parse_akn if _XML_START.match(text) else parse_resolution
    parsed = parse(text, source)
    repaired = list(getattr(parsed, "problems", None) or [])
    problems = find_problems(parsed, source)
    if problems and strict:
        raise problems[0]
    parsed.problems = repaired + [str(problem) for problem in problems]
    return parsed


def parse_pdf_document(data: bytes, source: str = "<pdf>", strict: bool = True) -> ParsedResolution:
    """Parse the official PDF of a resolution, checked as `parse_document` checks a text;
    every problem names the page and the line on it."""
    parsed = parse_pdf(data, source)
    problems = [parsed.locate(problem) for problem in find_problems(parsed, source)]
    if problems and strict:
        raise problems[0]
    parsed.problems = [str(problem) for problem in problems]
    return parsed


def is_pdf(data: bytes) -> bool:
    """Whether the bytes are a PDF file (by its header, whatever the file is named)."""
    return data[:1024].lstrip().startswith(b"%PDF")


__all__ = [
    "Catalogue",
    "CatalogueEntry",
    "DocumentMention",
    "FootnoteMarker",
    "LinkSpan",
    "ParseError",
    "ParsedAnnex",
    "ParsedFootnote",
    "ParsedHeading",
    "ParsedParagraph",
    "ParsedPart",
    "ParsedResolution",
    "ParsedSubject",
    "ParsedVotes",
    "Span",
    "TreatyRef",
    "check_document",
    "find_problems",
    "is_pdf",
    "load_catalogue",
    "parse_akn",
    "parse_document",
    "parse_pdf",
    "parse_pdf_document",
    "parse_resolution",
]
