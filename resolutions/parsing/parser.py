"""Reading a General Assembly resolution text into a ParsedResolution.

The text's form chooses a front end (`frontends/`), which yields a neutral SourceDocument;
the text's opening line chooses a language table (`languages/`). One back end reads the header
(`header.py`) and the structure (`structure.py`) of every form and language alike, then asks the
front end to render each paragraph's lines to plain text.
"""

from __future__ import annotations

import re

from resolutions.parsing import citations
from resolutions.parsing.frontends import detect_form, front_end_for
from resolutions.parsing.header import Header, read_header
from resolutions.parsing.inline import Rendered
from resolutions.parsing.languages import Language, languages
from resolutions.parsing.model import (
    FootnoteMarker,
    ParsedFootnote,
    ParsedHeading,
    ParsedParagraph,
    ParsedResolution,
    ParseError,
)
from resolutions.parsing.source import SourceDocument, SourceFootnote
from resolutions.parsing.structure import RawParagraph, Structure, read_structure

__all__ = ["detect_form", "parse_pdf", "parse_resolution", "read_source"]


def parse_resolution(text: str, source: str = "<text>") -> ParsedResolution:
    """Parse a resolution text in any supported form; raise ParseError on what it cannot read."""
    if not isinstance(text, str):
        raise ParseError("text is not a string", None, source)
    try:
        return _parse(text, source)
    except ParseError:
        raise
    except (ValueError, IndexError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        # A promise to callers: only ParseError escapes. The tests look for this message.
        raise ParseError(f"internal error: {type(exc).__name__}: {exc}", None, source) from exc


def parse_pdf(data: bytes, source: str = "<pdf>") -> ParsedResolution:
    """Parse the official PDF of a resolution; raise ParseError, naming the page and the line
    on it, on what it cannot read."""
    from resolutions.parsing.frontends.pdf import PdfFrontEnd
    from resolutions.parsing.pdfpage import read_pdf

    if not isinstance(data, bytes | bytearray):
        raise ParseError("the PDF is not bytes", None, source)
    pages = read_pdf(bytes(data), source)
    front = PdfFrontEnd(pages, source)
    places = dict(front.places)
    try:
        language, opening = front.opening(languages())
        pieces = front.header(opening)
        header = read_header(pieces, language, source, front.lines[opening].index)
        doc = front.document(language, opening, pieces, header.symbol, header.title)
        structure = read_structure(doc, header, source)
        parsed = _assemble(doc, header, structure, source)
    except ParseError as error:
        raise ParsedResolution.locate_in(places, error) from None
    except (ValueError, IndexError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise ParseError(f"internal error: {type(exc).__name__}: {exc}", None, source) from exc
    parsed.pages = places
    return parsed


def read_source(doc: SourceDocument, header: Header, source: str) -> ParsedResolution:
    """The back end alone, for a front end that lives outside this package (a Word file read by
    the drafts app): its document cut into paragraphs and rendered; ParseError on the rest."""
    try:
        return _assemble(doc, header, read_structure(doc, header, source), source)
    except ParseError:
        raise
    except (ValueError, IndexError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise ParseError(f"internal error: {type(exc).__name__}: {exc}", None, source) from exc


def split_lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # pdftotext ends a page with a form feed; keep the line numbers an editor shows.
    text = re.sub(r"(?<=\n)\f|\f(?=\n)", "", text).replace("\f", "\n")
    text = text.replace("\t", "    ").replace("\u00a0", " ").replace("\u00ad", "")
    # Invisible marks (left-to-right, zero-width) that text extraction leaves after a comma.
    text = re.sub(r"[\u200b-\u200f\u2060\ufeff]", "", text)
    return text.split("\n")


def _opening_line(front, lines: list[str], source: str) -> tuple[Language, int]:
    """The language whose opening line ("The General Assembly,") comes first, and its index."""
    for index, line in enumerate(lines):
        visible = front.visible(line).strip()
        for language in languages():
            if language.general_assembly_pattern.match(visible):
                return language, index
    raise ParseError('no "The General Assembly," line opening the resolution', 1, source)


def _parse(text: str, source: str) -> ParsedResolution:
    lines = split_lines(text)
    if not any(line.strip() for line in lines):
        raise ParseError("the text is empty", 1, source)
    form = detect_form(lines)
    front_class = front_end_for(form)
    language, opening = _opening_line(front_class, lines, source)
    front = front_class(lines, source, language)
    pieces = front.header(opening)
    header = read_header(pieces, language, source, opening + 1)
    doc = front.document(opening, pieces, header.symbol, header.title)
    structure = read_structure(doc, header, source)
    return _assemble(doc, header, structure, source)


def _assemble(
    doc: SourceDocument, header: Header, structure: Structure, source: str
) -> ParsedResolution:
    footnote_texts = _footnote_texts(doc.footnotes, source)
    renderer = doc.renderer
    rendered = renderer.render_paragraphs([p.lines for p in structure.paragraphs], footnote_texts)
    code = doc.language.code
    paragraphs = [
        _paragraph(raw, r, code) for raw, r in zip(structure.paragraphs, rendered, strict=True)
    ]
    footnotes = _footnotes(doc, footnote_texts)

    numbers = {f.number for f in footnotes}
    for paragraph in paragraphs:
        for marker in paragraph.footnotes:
            if marker.number not in numbers:
                raise ParseError(
                    f"footnote marker {marker.number} in {paragraph.pid} has no footnote text",
                    paragraph.line,
                    source,
                )
    headings = [
        ParsedHeading(
            pid=h.pid,
            text=renderer.render_heading(h.lines),
            before=h.before,
            part=h.part,
            annex=h.annex,
            line=h.line,
        )
        for h in structure.headings
    ]
    return ParsedResolution(
        symbol=header.symbol,
        session=header.session,
        number=header.number,
        title=header.title,
        adopted=header.adopted or structure.meeting_date,
        distributed=header.distributed,
        agenda_items=header.agenda_items,
        committee=header.committee,
        report_symbol=header.report_symbol,
        report_paragraph=header.report_paragraph,
        meeting=structure.meeting,
        paragraphs=paragraphs,
        footnotes=footnotes,
        form=doc.form,
        language=doc.language.code,
        parts=structure.parts,
        annexes=structure.annexes,
        headings=headings,
    )


def _footnote_texts(raw_footnotes: list[SourceFootnote], source: str) -> dict[int, str]:
    texts: dict[int, str] = {}
    for footnote in raw_footnotes:
        if footnote.number in texts:
            raise ParseError(f"footnote {footnote.number} appears twice", footnote.line, source)
        texts[footnote.number] = " ".join(line.strip() for line in footnote.lines)
    # A resolution numbers its footnotes 1, 2, 3…: a gap is a footnote whose number the text
    # lost, whose text went to the footnote before it and whose marker would go unseen.
    for expected, footnote in enumerate(sorted(raw_footnotes, key=lambda f: f.number), 1):
        if footnote.number != expected:
            raise ParseError(
                f"footnote {expected} is missing before footnote {footnote.number}",
                footnote.line,
                source,
            )
    return texts


def _paragraph(raw: RawParagraph, rendered: Rendered, language: str) -> ParsedParagraph:
    text = rendered.text
    markers = []
    floor = 0
    for number, offset in rendered.markers:
        markers.append(FootnoteMarker(number, offset, citations.cited_words(text, offset, floor)))
        floor = offset
    return ParsedParagraph(
        pid=raw.pid,
        kind=raw.kind,
        label=raw.label,
        parent=raw.parent,
        text=text,
        emphasis=rendered.emphasis,
        footnotes=markers,
        documents=citations.find_documents(text, language),
        line=raw.line,
        part=raw.part,
        annex=raw.annex,
    )


def _footnotes(doc: SourceDocument, texts: dict[int, str]) -> list[ParsedFootnote]:
    lines = {f.number: f.line for f in doc.footnotes}
    reader = citations.FootnoteReader(doc.language.code)
    result = []
    for number in sorted(texts):
        rendered = doc.renderer.render_footnote(texts[number])
        result.append(reader.read(number, rendered.text, rendered.emphasis, lines.get(number, 0)))
    return result
