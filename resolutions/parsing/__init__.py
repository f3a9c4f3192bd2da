"""Plain-Python parser for General Assembly resolution texts; no Django here."""

from .catalogue import Catalogue, CatalogueEntry, load_catalogue
from .model import (
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
from .parser import parse_resolution


def parse_document(text: str, source: str = "<text>") -> ParsedResolution:
    """Parse a resolution in any source form the library reads (the front end is chosen by the
    text itself), refusing what no database could store."""
    if not isinstance(text, str):
        raise ParseError("text is not a string", None, source)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ParseError("the text contains a NUL character, which no resolution has", line, source)
    return parse_resolution(text, source)


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
    "load_catalogue",
    "parse_document",
    "parse_resolution",
]
