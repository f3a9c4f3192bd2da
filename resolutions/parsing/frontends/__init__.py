"""Front ends: one per source form a resolution text comes in, each yielding a SourceDocument.

A front end knows how its form looks (Markdown blocks and markup; the lines, page furniture
and footnote blocks of text extracted from a PDF) and nothing about what the words mean.
"""

from __future__ import annotations

import re


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
