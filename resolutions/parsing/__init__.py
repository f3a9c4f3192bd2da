"""Plain-Python parser for General Assembly resolution texts; no Django here."""

from .catalogue import Catalogue, CatalogueEntry, load_catalogue
from .model import (
    DocumentMention,
    FootnoteMarker,
    ParsedFootnote,
    ParsedParagraph,
    ParsedResolution,
    ParseError,
    Span,
    TreatyRef,
)
from .parser import parse_resolution

__all__ = [
    "Catalogue",
    "CatalogueEntry",
    "DocumentMention",
    "FootnoteMarker",
    "ParseError",
    "ParsedFootnote",
    "ParsedParagraph",
    "ParsedResolution",
    "Span",
    "TreatyRef",
    "load_catalogue",
    "parse_resolution",
]
