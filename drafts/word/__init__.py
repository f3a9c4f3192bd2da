"""Word files in and out of a negotiation: a `.docx` read into the library's parser model, and
the compilation or a revision written as a `.docx` (no Django here, as in the parser)."""

from drafts.word.reading import DocxError, is_docx, read_docx

__all__ = ["DocxError", "is_docx", "read_docx"]
