"""Reading a Word file (`.docx`) into the library's parser model, refusing what is not safe.

Word says where each paragraph begins, which words are italic and where each footnote is
called, so this front end hands the parser's back end one block per Word paragraph, written in
the Markdown the library's own front end reads (italics as `*…*`, footnote calls as
`<sup>n</sup>`); the back end then cuts preambular and operative paragraphs, sub-paragraphs and
headings by the same rules as for every other form. Word's automatic numbering is written out
as the text a reader sees ("5.", "(a)"), so a numbered list reads as typed numbers do.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml

from resolutions.parsing import citations
from resolutions.parsing.checks import find_problems
from resolutions.parsing.frontends.markdown import MarkdownFrontEnd, strip_markup
from resolutions.parsing.header import Header
from resolutions.parsing.languages import languages
from resolutions.parsing.model import (
    FootnoteMarker,
    ParsedParagraph,
    ParsedResolution,
    ParseError,
)
from resolutions.parsing.parser import read_source
from resolutions.parsing.source import SourceDocument, SourceFootnote, SourceLine

# What a delegation's draft can be: the longest resolutions run to a few hundred paragraphs
# and a few hundred kilobytes of Word.
MAX_BYTES = 10 * 1024 * 1024
MAX_EXPANDED = 40 * 1024 * 1024
# A part of a Word file compresses ten or twenty times; a zip bomb, a thousand.
MAX_RATIO = 200
MAX_MEMBERS = 1000
MAX_PARAGRAPHS = 5000

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_OFF = {"0", "false", "off", "none"}
_SYMBOL_TITLE = re.compile(r"^\W*(?:ES-|S-)?\d{1,4}/\d{1,4}\s*\.\s*(?P<title>\S.*)$")
_SESSION = re.compile(r"/(?:ES-|S-)?(\d{1,3})/")
# How negotiators number a paragraph put in after paragraph 5: "5 bis.", "5 ter."…
_SUFFIXES = "bis|ter|quater|quinquies|sexies|septies|octies|novies|decies"
_ADDED = re.compile(rf"^(?P<n>\d{{1,3}})\s*(?P<suffix>{_SUFFIXES})\s*\.\s*(?P<rest>\S.*)$", re.I)
_ADDED_RAW = re.compile(rf"^[\W_]*?\d{{1,3}}\s*(?:{_SUFFIXES})[*_]*\s*\\?\.[*_]*\s*", re.I)
_ROMAN = [
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
]  # fmt: skip


class DocxError(ParseError):
    """A Word file refused: the place is a paragraph of the document, counted from the top."""

    def __str__(self) -> str:
        place = f", paragraph {self.line}" if self.line is not None else ""
        return f"{self.source}{place}: {self.message}"


def is_docx(data: bytes) -> bool:
    """Whether the bytes look like a Word file: a zip, or the container Word encrypts into."""
    return data[:4] == _ZIP or data[:8] == _OLE


def read_docx(data: bytes, source: str = "<docx>") -> ParsedResolution:
    """The resolution a Word file holds, checked as every parse is; DocxError on anything that
    is not a readable, unencrypted `.docx` of sensible size, naming what is wrong."""
    _check_container(data, source)
    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise DocxError(
            f"the file is not a readable Word document ({type(exc).__name__})", None, source
        ) from None
    body = document.element.body
    paragraphs = body.findall(f".//{qn('w:p')}")
    if len(paragraphs) > MAX_PARAGRAPHS:
        raise DocxError(
            f"the document has {len(paragraphs):,} paragraphs; a draft may have at most "
            f"{MAX_PARAGRAPHS:,}",
            None,
            source,
        )
    reader = _Reader(document, source)
    parsed = reader.parse(paragraphs)
    problems = find_problems(parsed, source)
    if problems:
        raise _as_docx_error(problems[0])
    return parsed


def _as_docx_error(error: ParseError) -> DocxError:
    return DocxError(error.message, error.line, error.source)


def _check_container(data: bytes, source: str) -> None:
    if not isinstance(data, bytes | bytearray):
        raise DocxError("the file is not bytes", None, source)
    if len(data) > MAX_BYTES:
        raise DocxError(
            f"the file is {len(data) / 1024 / 1024:.1f} MB; a Word file of at most "
            f"{MAX_BYTES // 1024 // 1024} MB is accepted",
            None,
            source,
        )
    if data[:8] == _OLE:
        # Word writes a password-protected .docx into an OLE container with these streams.
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise DocxError(
                "the Word file is encrypted (protected by a password): save it without a "
                "password and upload it again",
                None,
                source,
            )
        raise DocxError(
            "this is an old Word file (.doc): save it as a Word document (.docx) and upload "
            "it again",
            None,
            source,
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise DocxError("the file is not a Word document (.docx)", None, source) from None
    if len(members) > MAX_MEMBERS:
        raise DocxError(
            f"the file holds {len(members):,} parts; a Word document has a few dozen",
            None,
            source,
        )
    # The sizes a zip declares are the most it will give: the zip reader stops there and a
    # member that would give more fails its check, so they bound what opening can cost.
    expanded = sum(member.file_size for member in members)
    if expanded > MAX_EXPANDED:
        raise DocxError(
            f"the file would expand to {expanded / 1024 / 1024:.0f} MB when opened (at most "
            f"{MAX_EXPANDED // 1024 // 1024} MB): it is refused as a possible zip bomb",
            None,
            source,
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1024 * 1024 and ratio > MAX_RATIO:
            raise DocxError(
                f"{member.filename} expands {ratio:.0f} times when opened: the file is "
                "refused as a possible zip bomb",
                None,
                source,
            )
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names:
        raise DocxError("the file is a zip archive but not a Word document", None, source)


# --- Word's automatic numbering -----------------------------------------------------------


@dataclass
class _Level:
    start: int
    format: str
    text: str


def _on(element) -> bool:
    """A Word on/off property (w:i, w:b): present and not switched off."""
    return element is not None and element.get(qn("w:val"), "true").lower() not in _OFF


def _int(element, default: int = 0) -> int:
    try:
        return int(element.get(qn("w:val")))
    except (AttributeError, TypeError, ValueError):
        return default


def _val(element, tag: str, default: str) -> str:
    child = element.find(qn(tag))
    return child.get(qn("w:val"), default) if child is not None else default


def _letters(number: int, upper: bool) -> str:
    # Word repeats the letter past z: aa, bb…
    letter = chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)
    return letter.upper() if upper else letter


def _roman(number: int, upper: bool) -> str:
    out = ""
    for value, numeral in _ROMAN:
        while number >= value:
            out += numeral
            number -= value
    return out.upper() if upper else out


def _formatted(number: int, form: str) -> str:
    if form in {"lowerLetter", "upperLetter"}:
        return _letters(max(number, 1), form == "upperLetter")
    if form in {"lowerRoman", "upperRoman"}:
        return _roman(max(number, 1), form == "upperRoman")
    if form in {"bullet", "none"}:
        return ""
    return str(number)


class _Numbering:
    """Word's list numbering as a reader sees it: each list's counters, levels that start
    again below a level that moves on, and lists that restart through an override."""

    def __init__(self, document):
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.seen: set[str] = set()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for abstract in root.findall(qn("w:abstractNum")):
            levels = {}
            for level in abstract.findall(qn("w:lvl")):
                levels[int(level.get(qn("w:ilvl"), "0"))] = _Level(
                    start=_int(level.find(qn("w:start")), 1),
                    format=_val(level, "w:numFmt", "decimal"),
                    text=_val(level, "w:lvlText", ""),
                )
            self.abstract[abstract.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            abstract_id = num.find(qn("w:abstractNumId"))
            overrides = {}
            for override in num.findall(qn("w:lvlOverride")):
                start = override.find(qn("w:startOverride"))
                if start is not None:
                    overrides[int(override.get(qn("w:ilvl"), "0"))] = _int(start, 1)
            if abstract_id is not None:
                self.nums[num.get(qn("w:numId"))] = (abstract_id.get(qn("w:val")), overrides)

    def label(self, num_id: str, level: int) -> str:
        """The next number of list `num_id` at `level`, written as its level says ("5.")."""
        if num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        if level not in levels:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.seen:
            self.seen.add(num_id)
            for at, start in overrides.items():
                counters[at] = start - 1
        counters[level] = counters.get(level, levels[level].start - 1) + 1
        for deeper in [at for at in counters if at > level]:
            del counters[deeper]

        def number(match: re.Match) -> str:
            at = int(match[1]) - 1
            spec = levels.get(at)
            if spec is None:
                return ""
            return _formatted(counters.get(at, spec.start), spec.format)

        return re.sub(r"%(\d)", number, levels[level].text).strip()


# --- The document ---------------------------------------------------------------------------


def _escape(text: str) -> str:
    """Text as the Markdown front end reads it back unchanged."""
    return re.sub(r"([\\*_\[<`])", r"\\\1", text)


class _Reader:
    def __init__(self, document, source: str):
        self.document = document
        self.source = source
        self.numbering = _Numbering(document)
        self.styles = self._styles()
        self.footnote_numbers: dict[str, int] = {}

    def _styles(self) -> dict[str, dict]:
        """Each style's list, italics and base, so a paragraph styled as a numbered list or a
        character style that is italic reads as Word shows it."""
        styles = {}
        for style in self.document.styles.element.findall(qn("w:style")):
            ppr, rpr = style.find(qn("w:pPr")), style.find(qn("w:rPr"))
            num = ppr.find(qn("w:numPr")) if ppr is not None else None
            based = style.find(qn("w:basedOn"))
            name = style.find(qn("w:name"))
            styles[style.get(qn("w:styleId"))] = {
                "num": (
                    (
                        num.find(qn("w:numId")).get(qn("w:val"))
                        if num.find(qn("w:numId")) is not None
                        else None,
                        _int(num.find(qn("w:ilvl")), 0),
                    )
                    if num is not None
                    else None
                ),
                "italic": _on(rpr.find(qn("w:i"))) if rpr is not None else None,
                "based": based.get(qn("w:val")) if based is not None else None,
                "name": (name.get(qn("w:val")) if name is not None else "").lower(),
            }
        return styles

    def _style_value(self, style_id: str | None, key: str):
        for _ in range(20):  # a chain of bases, cut short should a file loop it
            style = self.styles.get(style_id or "")
            if style is None:
                return None
            if style[key] is not None:
                return style[key]
            style_id = style["based"]
        return None

    def _numbered(self, p) -> str:
        ppr = p.find(qn("w:pPr"))
        num = ppr.find(qn("w:numPr")) if ppr is not None else None
        if num is not None and num.find(qn("w:numId")) is not None:
            num_id = num.find(qn("w:numId")).get(qn("w:val"))
            level = _int(num.find(qn("w:ilvl")), 0)
        else:
            style = ppr.find(qn("w:pStyle")) if ppr is not None else None
            found = self._style_value(style.get(qn("w:val")) if style is not None else None, "num")
            if not found or found[0] is None:
                return ""
            num_id, level = found
        if num_id in (None, "0"):
            return ""
        return self.numbering.label(num_id, level)

    def _italic(self, run) -> bool:
        rpr = run.find(qn("w:rPr"))
        if rpr is not None:
            direct = rpr.find(qn("w:i"))
            if direct is not None:
                return _on(direct)
            style = rpr.find(qn("w:rStyle"))
            if style is not None:
                return bool(self._style_value(style.get(qn("w:val")), "italic"))
        return False

    def _runs(self, element, body: bool) -> tuple[str, str]:
        """A paragraph's Markdown and its plain text: tracked insertions taken as made,
        tracked deletions left out, as Word shows the text with its changes accepted."""
        pieces: list[str] = []
        plain: list[str] = []
        italic = False
        for run in element.iter(qn("w:r")):
            if _left_out(run, element):
                continue
            for child in run:
                tag = child.tag
                text = None
                if tag == qn("w:t"):
                    text = child.text or ""
                elif tag in (qn("w:tab"), qn("w:br"), qn("w:cr")):
                    text = " "
                elif tag == qn("w:noBreakHyphen"):
                    text = "-"
                elif tag == qn("w:footnoteReference") and body:
                    if italic:
                        pieces.append("*")
                        italic = False
                    pieces.append(f"<sup>{self._footnote(child.get(qn('w:id')))}</sup>")
                if text is None or not text:
                    continue
                wanted = self._italic(run) and bool(text.strip())
                if wanted != italic:
                    pieces.append("*")
                    italic = wanted
                pieces.append(_escape(text))
                plain.append(text)
        if italic:
            pieces.append("*")
        return "".join(pieces), "".join(plain)

    def _footnote(self, word_id: str) -> int:
        return self.footnote_numbers.setdefault(word_id, len(self.footnote_numbers) + 1)

    def parse(self, paragraphs) -> ParsedResolution:
        blocks: list[tuple[int, str, str, object]] = []  # (number, label, plain text, w:p)
        for number, p in enumerate(paragraphs, 1):
            # Word counts a numbered paragraph even when it is empty: ask for every one.
            label = self._numbered(p)
            plain = self._runs(p, body=False)[1]
            if plain.strip():
                blocks.append((number, label, f"{label} {plain}" if label else plain, p))
        opening, language = self._opening(blocks)
        header = self._header(blocks[:opening], language.code)
        body: list[SourceLine] = []
        added: list[tuple[re.Match, SourceLine]] = []
        for number, label, _plain, p in blocks[opening:]:
            raw = self._runs(p, body=True)[0]
            if label:
                raw = f"{_escape(label)} {raw}"
            text = strip_markup(raw).strip()
            if not text:
                continue
            if found := _ADDED.match(text):
                # "5 bis.": a paragraph negotiators put in after 5, which the back end, reading
                # numbers in order, would take for words of paragraph 5. It keeps its place.
                rest = _ADDED_RAW.sub("", raw.strip(), count=1)
                added.append((found, SourceLine(number, rest, found["rest"], block_start=True)))
                continue
            body.append(
                SourceLine(
                    line=number,
                    raw=raw,
                    text=text,
                    emphasised=raw.lstrip().startswith("*") and text[:1].isupper(),
                    heading=self._style_name(p).startswith("heading"),
                    block_start=True,
                )
            )
        renderer = MarkdownFrontEnd([], self.source, language)
        doc = SourceDocument(
            "docx", language, body, self._footnotes(), renderer, [], marks_blocks=True
        )
        try:
            parsed = read_source(doc, header, self.source)
        except ParseError as error:
            raise _as_docx_error(error) from None
        for found, line in added:
            self._insert_added(parsed, found, line, renderer, language.code)
        found = language.general_assembly_pattern.match(blocks[opening][2].strip())
        parsed.front = {"opening": found.string[: found.start("rest")].strip()}
        return parsed

    def _insert_added(self, parsed, found: re.Match, line: SourceLine, renderer, language):
        """Paragraph "5 bis" (op5bis) after paragraph 5, its sub-paragraphs and the paragraphs
        added after it before."""
        stem = f"op{int(found['n'])}"
        suffix = found["suffix"].lower()
        at = next((i for i, p in enumerate(parsed.paragraphs) if p.pid == stem), None)
        if at is None:
            raise DocxError(
                f"paragraph {found['n']} {suffix} follows no paragraph {found['n']}",
                line.line,
                self.source,
            )
        while at + 1 < len(parsed.paragraphs) and _goes_with(parsed.paragraphs[at + 1], stem):
            at += 1
        rendered = renderer.render_paragraphs([[line]], {})[0]
        markers, floor = [], 0
        for number, offset in rendered.markers:
            words = citations.cited_words(rendered.text, offset, floor)
            markers.append(FootnoteMarker(number, offset, words))
            floor = offset
        parsed.paragraphs.insert(
            at + 1,
            ParsedParagraph(
                pid=f"{stem}{suffix}",
                kind="operative",
                label=f"{found['n']} {suffix}",
                parent=None,
                text=rendered.text,
                emphasis=rendered.emphasis,
                footnotes=markers,
                documents=citations.find_documents(rendered.text, language),
                line=line.line,
            ),
        )

    def _style_name(self, p) -> str:
        ppr = p.find(qn("w:pPr"))
        style = ppr.find(qn("w:pStyle")) if ppr is not None else None
        if style is None:
            return ""
        return self.styles.get(style.get(qn("w:val")), {}).get("name", "")

    def _opening(self, blocks) -> tuple[int, object]:
        for index, (_number, _label, plain, _p) in enumerate(blocks):
            for language in languages():
                if language.general_assembly_pattern.match(plain.strip()):
                    return index, language
        raise DocxError(
            'no paragraph "The General Assembly," opens the resolution', None, self.source
        )

    def _header(self, blocks, language: str) -> Header:
        texts = [" ".join(plain.split()) for _n, _label, plain, _p in blocks]
        symbol = ""
        for text in texts:
            found = citations.find_documents(text, language)
            if found:
                symbol = found[0].symbol
                break
        title = ""
        for text in texts:
            numbered = _SYMBOL_TITLE.match(text)
            if numbered:
                title = numbered["title"]
        if not title:
            # The title stands last before the opening words; a symbol (in a text box, a
            # header table) may stand anywhere around it.
            title = next(
                (t for t in reversed(texts) if not citations.find_documents(t, language)), ""
            )
        session = _SESSION.search(symbol)
        return Header(
            symbol=symbol,
            session=int(session[1]) if session else 0,
            number="",
            title=title.strip(" *"),
        )

    def _footnotes(self) -> list[SourceFootnote]:
        if not self.footnote_numbers:
            return []
        try:
            part = self.document.part.part_related_by(RT.FOOTNOTES)
            root = parse_xml(part.blob)
        except Exception:  # a missing or damaged footnotes part
            raise DocxError(
                "the document calls footnotes but their texts cannot be read", None, self.source
            ) from None
        texts = {}
        for footnote in root.findall(qn("w:footnote")):
            raw = " ".join(self._runs(p, body=False)[0] for p in footnote.iter(qn("w:p"))).strip()
            texts[footnote.get(qn("w:id"))] = raw
        out = []
        for word_id, number in self.footnote_numbers.items():
            if word_id not in texts:
                raise DocxError(f"footnote {number} has no text", None, self.source)
            out.append(SourceFootnote(number, 0, [texts[word_id]]))
        return out


def _goes_with(paragraph: ParsedParagraph, stem: str) -> bool:
    """Whether the paragraph belongs under paragraph `stem` ("op5"): one of its sub-paragraphs,
    or a paragraph added after it ("op5bis"), not paragraph 50."""
    if paragraph.parent is not None:
        return True
    rest = paragraph.pid[len(stem) :]
    return paragraph.pid.startswith(stem) and bool(rest) and not rest[0].isdigit()


def _left_out(run, paragraph) -> bool:
    """A run Word does not show as the paragraph's text: deleted or moved away as a tracked
    change, or inside a text box's paragraph of its own (read as that paragraph)."""
    parent = run.getparent()
    while parent is not None and parent is not paragraph:
        if parent.tag in (qn("w:del"), qn("w:moveFrom"), qn("w:p")):
            return True
        parent = parent.getparent()
    return False
