"""The UN's Akoma Ntoso markup (AKN4UN) read into the neutral parsed document.

Everything comes from the markup: the symbol and language from the cover page and the FRBR
identification, paragraphs from `container`, `paragraph`, `point` and `crossHeading`, headings
from `heading`/`subheading`/`num` outside a paragraph's text, footnotes from `authorialNote`.
Ids are derived from structure only (order, `num` digits), so that every language version of a
resolution gets the same ones.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path

from lxml import etree

from resolutions.parsing import citations, ids, numbering
from resolutions.parsing.languages import citation_words, zh
from resolutions.parsing.model import (
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
)

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_NS = {"a": AKN}

# FRBR language codes (ISO 639-2, both forms) to the ISO 639-1 codes the library uses.
LANGUAGES = {
    "ara": "ar", "ar": "ar",
    "zho": "zh", "chi": "zh", "zh": "zh",
    "eng": "en", "en": "en",
    "fra": "fr", "fre": "fr", "fr": "fr",
    "rus": "ru", "ru": "ru",
    "spa": "es", "es": "es",
}  # fmt: skip

# The SDG blocks (classification source metadata.un.org/sdg) are tagged by a machine: the goals
# and the UNBIS and EuroVoc terms that come with them. The Dag Hammarskjöld Library's block
# (source DHLAUTH) is its indexers' own: UNBIS Thesaurus terms chosen by people.
_SUBJECT_SCHEMES = {
    "SDGO": "SDG",
    "UNBIS": "UNBIS",
    "UNBIS Thesaurus": "UNBIS",
    "EuroVoc": "EuroVoc",
}
_LIBRARY_SCHEMES = {"UNBIS Thesaurus": "UNBIS-library", "UNBIS": "UNBIS-library"}
# Some files give a EuroVoc descriptor by its address alone; the same files name it elsewhere.
_EUROVOC_LABELS = json.loads(
    (Path(__file__).resolve().parents[2] / "data" / "eurovoc_labels.json").read_text("utf-8")
)["labels"]
# A EuroVoc domain comes with its number ("66_energy").
_EUROVOC_DOMAIN = re.compile(r"^\d{2} (?=\D)")
_HEADING_TAGS = {"heading", "subheading"}
_SECTION_TAGS = {"section", "part", "title", "chapter", "subsection", "division"}


def parse_akn(text: str, source: str = "<xml>") -> ParsedResolution:
    """Parse one AKN4UN file (a `statement` or a multi-part `documentCollection`).

    A file whose only fault is end tags missing at its very end (the annex of 77/104 in
    Spanish is never closed) is read with those elements closed where the file ends, the only
    reading there is, and the repair is named in `parsed.repairs`; any other fault of the XML
    is refused."""
    root, repaired = _parse_xml(text, source)
    reader = _Reader(root, source)
    if repaired:
        reader.repairs.append(repaired)
    parsed = reader.read()
    parsed.problems = []
    return parsed


def _xml_parser(recover: bool = False) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=recover,
    )


_END_TAGS_ONLY = re.compile(rb"(?:\s*</[\w:.\-]+\s*>)*\s*")


def _parse_xml(text: str, source: str) -> tuple[etree._Element, str]:
    data = text.lstrip("\ufeff").encode("utf-8")
    # lxml refuses a str carrying an encoding declaration; the bytes say UTF-8 themselves.
    data = re.sub(rb"^\s*<\?xml[^>]*\?>", b"", data, count=1)
    repaired = ""
    try:
        root = etree.fromstring(data, _xml_parser())
    except etree.XMLSyntaxError as error:
        line = error.lineno if error.lineno else None
        message = re.sub(r"\s*\(<string>, line \d+\)$", "", error.msg or str(error))
        failure = ParseError(f"not well-formed XML: {message}", line, source)
        root = _closed_at_the_end(data, line) if line else None
        if root is None:
            raise failure from None
        repaired = (
            f"end tags: line {line}: not well-formed XML ({message}); the elements left open "
            "were closed where the file ends (only end tags follow that line)"
        )
    if root.getroottree().docinfo.doctype:
        raise ParseError("a document type declaration is not accepted", 1, source)
    if _local(root) != "akomaNtoso" or root.nsmap.get(None) != AKN:
        raise ParseError(
            "not an Akoma Ntoso document (the root must be akomaNtoso in the AKN 3.0 namespace)",
            root.sourceline,
            source,
        )
    return root, repaired


def _closed_at_the_end(data: bytes, line: int):
    """The document read with its open elements closed, when nothing but end tags follows the
    line the fault is on, so that closing them there is the only reading; else None."""
    lines = data.split(b"\n")
    if not _END_TAGS_ONLY.fullmatch(b"\n".join(lines[line - 1 :])):
        return None
    parser = _xml_parser(recover=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None
    mismatches = [e for e in parser.error_log if "ending tag mismatch" in e.message]
    if root is None or len(mismatches) != len(parser.error_log):
        return None
    return root


def _local(el) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _children(el, *names: str) -> list:
    return [c for c in el if _local(c) in names]


def subject_label(scheme: str, value: str) -> str:
    """A subject's name as people write it: entities decoded ("women&#39;s_rights", which some
    files escape twice), underscores as spaces, a UNBIS term in capitals as a sentence, a
    EuroVoc domain without its number and a descriptor given by address alone by its name."""
    value = html.unescape(html.unescape(value.strip()))
    if scheme == "SDG":
        return f"SDG {value}" if value else ""
    value = _EUROVOC_LABELS.get(value, value)
    if value.startswith(("http://", "https://")):
        return ""
    label = " ".join(value.replace("_", " ").split())
    if scheme == "EuroVoc":
        label = _EUROVOC_DOMAIN.sub("", label)
    if label.isupper() or label.islower():
        label = label[:1].upper() + label[1:].lower()
    return label


def _first(el, path: str):
    found = el.xpath(path, namespaces=_NS)
    return found[0] if found else None


def _plain(el) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


_HEADING_STYLE = re.compile(r"H(?:\d{1,2}|Ch|M)")
_TEXT_NUMBER = re.compile(
    r"[\s\u200e\u200f\u061c]*(?P<number>\d{1,3})"
    r"(?:\s*[.\-\u2012\u2013\u2014][\u200e\u200f\u061c]*[ \t\u00a0]+|[\u200e\u200f]*\t\s*)"
)


_CHINESE_NUMERAL = zh.DIGITS + zh.TEN
# A sub-paragraph's label written at the start of its text, then a space or tab.
_TEXT_LABEL = re.compile(
    rf"[\s\u200e\u200f\u061c]*(?P<label>{numbering.LEADING_LABEL})"
    r"[\u200e\u200f\u061c]*(?:[\s\u00a0]+|(?=[\u4e00-\u9fff]))"
)


def _annex_stem(text: str) -> str | None:
    """ "Annex" of "Annex II", "المرفق" of "المرفق الثاني", "附件" of "附件二": the word an annex's
    heading names it with before its number; None for a heading of another kind."""
    words = text.split()
    if len(words) == 2 and len(text) <= 30:
        return words[0]
    match = re.fullmatch(rf"(\D{{1,4}}?)[{_CHINESE_NUMERAL}]{{1,3}}", text)
    return match[1] if match else None


def _text_nodes(el):
    """(element, "text" or "tail") for every run of text under `el`, in reading order, leaving
    out the footnotes and headings."""
    if _local(el) in ("authorialNote", "num", "heading", "subheading"):
        return
    yield el, "text"
    for child in el:
        yield from _text_nodes(child)
        yield child, "tail"


# --- text with its emphasis, links and footnote markers -------------------------------------


class _Buffer:
    """Raw text gathered from inline markup; `finish` normalises whitespace and maps offsets."""

    def __init__(self):
        self.parts: list[str] = []
        self.length = 0
        self.styles: list[tuple[int, int, str]] = []
        self.links: list[tuple[int, int, str]] = []
        self.markers: list[tuple[int, int]] = []

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)
            self.length += len(text)

    def finish(self):
        raw = "".join(self.parts)
        out: list[str] = []
        mapping = [0] * (len(raw) + 1)
        pending = False
        for index, char in enumerate(raw):
            if char.isspace():
                pending = bool(out)
                mapping[index] = len(out)
                continue
            if pending:
                out.append(" ")
                pending = False
            mapping[index] = len(out)
            out.append(char)
        mapping[len(raw)] = len(out)
        text = "".join(out)

        def span(start: int, end: int) -> tuple[int, int]:
            s, e = min(mapping[start], len(text)), min(mapping[end], len(text))
            while s < e and text[s] == " ":
                s += 1
            while e > s and text[e - 1] == " ":
                e -= 1
            return s, e

        emphasis = []
        for start, end, style in self.styles:
            s, e = span(start, end)
            if s < e:
                emphasis.append(Span(s, e, style))
        links = []
        for start, end, href in self.links:
            s, e = span(start, end)
            if s < e:
                links.append(LinkSpan(s, e, href))
        markers = [(number, min(mapping[pos], len(text))) for number, pos in self.markers]
        return text, emphasis, links, markers


@dataclass
class _Note:
    number: int
    text: str
    emphasis: list[Span]
    line: int


@dataclass
class _Body(ids.Scope):
    """One numbering scope (the resolution, one part, or one annex) and where its reading is."""

    # The last operative paragraph and its last sub-paragraph, for the lettered paragraphs some
    # texts mark up as paragraphs of their own ("<paragraph><num>(أ)</num>").
    numbered: ParsedParagraph | None = None
    lettered: ParsedParagraph | None = None
    # An unlabelled paragraph set out between lettered ones ("Panel 1: ..." under "(b) ...
    # the following themes:"): the run of letters goes on after it, and a new run "(a)" is
    # its own.
    loose: ParsedParagraph | None = None


class _Reader:
    def __init__(self, root, source: str):
        self.root = root
        self.source = source
        self.paragraphs: list[ParsedParagraph] = []
        self.headings: list[ParsedHeading] = []
        self.pending: list[ParsedHeading] = []
        self.notes: dict[int, _Note] = {}
        self.title_markers: list[FootnoteMarker] = []
        self.language = "en"
        # What the markup had wrong and was read as a reader of the document reads it: each a
        # kind ("heading", "table", ...) and the place, for the caller to record.
        self.repairs: list[str] = []
        self.meeting_in_body: str | None = None

    def repaired(self, kind: str, el, what: str) -> None:
        where = f"line {el.sourceline}" if el is not None and el.sourceline else "the file"
        self.repairs.append(f"{kind}: {where}: {what}")

    def error(self, message: str, el=None) -> ParseError:
        return ParseError(message, el.sourceline if el is not None else None, self.source)

    # --- the document ------------------------------------------------------------------------

    def _part_key(self, label: str, place: int) -> str:
        """The part's letter in ids (`b-op3`), the same in every language: the Arabic texts
        write their parts ألف, باء, the Russian ones sometimes in Cyrillic letters. A label no
        table knows gives the letter of the part's place, so every id stays a Latin one."""
        letters = dict(citation_words(self.language).part_letters)
        key = letters.get(" ".join(label.split()), label).lower()
        return key if re.fullmatch(r"[a-z]{1,3}", key) else ids.part_key(place)

    def read(self) -> ParsedResolution:
        top = next((c for c in self.root if _local(c) in ("statement", "documentCollection")), None)
        if top is None:
            raise self.error("no statement or documentCollection in the document", self.root)
        meta = _children(top, "meta")
        if not meta:
            raise self.error("the document has no meta section", top)
        meta = meta[0]
        language = self.language = self._language(meta, top)
        symbol, session = self._symbol(top, meta)
        number = symbol.rsplit("/", 1)[-1] if symbol.count("/") >= 3 else symbol
        title_el = _first(top, "a:preface//a:docTitle")
        # A few files lack the title in their preface (77/158 in Arabic): left empty, not guessed.
        title = self._title(title_el) if title_el is not None else ""
        # A note on the part letter beside the title ("75/245. ... B" with its note).
        for note in top.xpath("a:preface//a:authorialNote", namespaces=_NS):
            if title_el is None or title_el not in note.iterancestors():
                number = self._note(note)
                self.title_markers.append(FootnoteMarker(number, len(title), ""))

        parts: list[ParsedPart] = []
        annexes: list[ParsedAnnex] = []
        statements: list[tuple] = []
        if _local(top) == "documentCollection":
            for component in self.root.xpath("a:components/a:component", namespaces=_NS):
                statement = _first(component, "a:statement|a:doc")
                if statement is None:
                    continue
                label = _plain(_first(statement, "a:preface//a:docNumber")).strip(" .")
                if not label:
                    label = ids.part_key(len(parts) + 1).upper()
                part_title = _plain(_first(statement, "a:preface//a:docTitle"))
                parts.append(ParsedPart(label, part_title))
                statements.append((statement, self._part_key(label, len(parts))))
            if not statements:
                raise self.error("a documentCollection without components", top)
        else:
            statements.append((top, None))

        for statement, part in statements:
            body = _Body(part=part)
            self._statement(statement, body)
        for statement, _part in statements:
            for doc in statement.xpath("a:attachments/a:attachment/a:doc", namespaces=_NS):
                number_ = len(annexes) + 1
                body = _Body(annex=number_)
                first_heading = len(self.headings)
                first_paragraph = len(self.paragraphs)
                self._statement(doc, body)
                segments = self._annex_segments(doc, number_, first_heading, first_paragraph)
                for segment in segments:
                    annexes.append(self._annex(segment, first_heading))

        self._mistyped_numbers()
        footnotes = self._footnotes()
        adopted = self._date(_first(meta, "a:identification/a:FRBRWork/a:FRBRdate"))
        distributed = self._date(_first(top, "a:coverPage//a:docDate"))
        committee, report_symbol, report_paragraph = self._proponent(top, meta)
        meeting_el = _first(self.root, "//a:conclusions//a:inline[@name='adoptionMeeting']")
        parsed = ParsedResolution(
            symbol=symbol,
            session=session,
            number=number,
            title=title,
            adopted=adopted,
            distributed=distributed,
            agenda_items=self._agenda(top),
            committee=committee,
            report_symbol=report_symbol,
            report_paragraph=report_paragraph,
            meeting=_plain(meeting_el) or self.meeting_in_body,
            paragraphs=self.paragraphs,
            footnotes=footnotes,
            form="akn",
            language=language,
            parts=parts,
            annexes=annexes,
            headings=self.headings,
            votes=self._votes(),
            subjects=self._subjects(meta),
            title_footnotes=self.title_markers,
            repairs=self.repairs,
            front=self._front(top),
        )
        return parsed

    def _mistyped_numbers(self) -> None:
        """A paragraph number with a digit too many between the two it stands between ("154."
        after 14 and before 16), or the next one typed twice (64, 66, 66), is the number due:
        the UN's file mistyped it."""
        tops = [
            p
            for p in self.paragraphs
            if p.kind == "operative" and p.parent is None and p.label.isdigit()
        ]
        renamed: dict[str, str] = {}
        for before, paragraph, after in zip(tops, tops[1:], tops[2:], strict=False):
            if (before.part, before.annex) != (paragraph.part, paragraph.annex):
                continue
            due = int(before.label) + 1
            # "154." for 15, or the number after it typed twice (64, 66, 66).
            typo = paragraph.label.startswith(str(due)) or paragraph.label == str(due + 1)
            if (
                paragraph.label != str(due)
                and typo
                and after.label == str(due + 1)
                and paragraph.pid.endswith(f"op{paragraph.label}")
            ):
                new = paragraph.pid[: -len(paragraph.label)] + str(due)
                line = f"line {paragraph.line}" if paragraph.line else "the file"
                self.repairs.append(
                    f'number: {line}: "{paragraph.label}." stands between {due - 1} and '
                    f"{due + 1}: paragraph {due}"
                )
                renamed[paragraph.pid] = new
                paragraph.label = str(due)
                # The numbers after it were read as a run of their own ("s2-op16"): they go on
                # with the run the paragraph belongs to.
                scope, own = ids.run_scope(after.pid), ids.run_scope(before.pid)
                if scope != own:
                    for later in self.paragraphs:
                        if (later.part, later.annex) == (after.part, after.annex) and (
                            later.pid.startswith(scope)
                        ):
                            renamed[later.pid] = own + later.pid[len(scope) :]
        self._repeated_numbers(tops, renamed)
        if not renamed:
            return

        for paragraph in self.paragraphs:
            paragraph.pid = ids.renamed(paragraph.pid, renamed)
            paragraph.parent = ids.renamed(paragraph.parent, renamed)
        for heading in self.headings:
            heading.before = ids.renamed(heading.before, renamed)

    def _repeated_numbers(self, tops: list[ParsedParagraph], renamed: dict[str, str]) -> None:
        """A number typed twice in a row (21, 21, 22 ... 25 where the other languages have
        21, 22, 23 ... 26): the file's numbering counted one paragraph twice and went on from
        there, so the second and every paragraph after it in that run is one more. A new run
        starts from 1, never from the number just used, so the reading is the only one that
        gives each paragraph a number of its own. A section of one paragraph "1." followed
        by one numbered from 1 again, or a heading between the two, is a new run."""
        headed = {heading.before for heading in self.headings}
        for before, paragraph in pairwise(tops):
            scope, own = ids.run_scope(paragraph.pid), ids.run_scope(before.pid)
            if (
                (before.part, before.annex) != (paragraph.part, paragraph.annex)
                or paragraph.label != before.label
                or paragraph.label == "1"
                or paragraph.pid in headed
                or scope == own
                or paragraph.pid in renamed
            ):
                continue
            run = [
                p
                for p in tops
                if (p.part, p.annex) == (paragraph.part, paragraph.annex)
                and ids.run_scope(p.pid) == scope
            ]
            line = f"line {paragraph.line}" if paragraph.line else "the file"
            self.repairs.append(
                f'number: {line}: "{paragraph.label}." follows {before.label} again: '
                f"paragraphs {int(run[0].label) + 1} to {int(run[-1].label) + 1}"
            )
            for later in run:
                number = int(later.label) + 1
                renamed[later.pid] = ids.operative(own, number)
                later.label = str(number)

    def _annex(self, number: int, first_heading: int) -> ParsedAnnex:
        paragraphs = [p for p in self.paragraphs if p.annex == number]
        opening = paragraphs[0].pid if paragraphs else None
        # The headings above the annex's first paragraph: "Annex I", then its title.
        top_headings = [
            h for h in self.headings[first_heading:] if h.annex == number and h.before == opening
        ]
        # One heading alone is the annex's title; two are "Annex I" and the title.
        heading = top_headings[0].text if len(top_headings) > 1 else ""
        title = top_headings[-1 if len(top_headings) == 1 else 1].text if top_headings else ""
        return ParsedAnnex(number, title, heading)

    def _annex_segments(self, doc, number: int, first_heading: int, first_paragraph: int):
        """The annexes one attachment holds: one, or several where the UN set out "Annex I",
        "Annex II" ... in one attachment. A later heading worded as the first ("Annex" and a
        number, "المرفق الثاني", "附件二") opens the next annex, whose paragraphs are numbered
        as its own."""
        headings = [h for h in self.headings[first_heading:] if h.before is not None]
        stem = _annex_stem(headings[0].text) if headings else None
        openers = [
            h
            for h in headings[1:]
            if stem and _annex_stem(h.text) == stem and h.text != headings[0].text
        ]
        segments = [number]
        paragraphs = self.paragraphs[first_paragraph:]
        pids = [p.pid for p in paragraphs]
        starts = sorted({pids.index(h.before) for h in openers if h.before in pids} - {0})
        if not starts:
            return segments
        renamed: dict[str, str] = {}
        for k, start in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else len(paragraphs)
            new = number + k + 1
            segment = paragraphs[start:end]
            renamed.update(ids.moved_to_annex([p.pid for p in segment], number, new))
            for paragraph in segment:
                paragraph.annex = new
            for heading in self.headings[first_heading:]:
                if heading.before in {p.pid for p in segment}:
                    heading.annex = new
            segments.append(new)
            opener = next(h for h in openers if h.before == segment[0].pid)
            self.repairs.append(
                f'annex: line {opener.line}: "{opener.text}" opens an annex of its own'
            )
        for paragraph in paragraphs:
            paragraph.pid = renamed.get(paragraph.pid, paragraph.pid)
            paragraph.parent = renamed.get(paragraph.parent, paragraph.parent)
        for heading in self.headings[first_heading:]:
            heading.before = renamed.get(heading.before, heading.before)
        return segments

    def _language(self, meta, top) -> str:
        el = _first(meta, "a:identification/a:FRBRExpression/a:FRBRlanguage")
        code = (el.get("language") or "").strip().lower() if el is not None else ""
        if not code and _local(top) == "documentCollection":
            # A collection whose own metadata is empty: its components say their language,
            # which is the collection's when they all say the same.
            found = {
                (c.get("language") or "").strip().lower()
                for c in self.root.xpath(
                    "a:components/a:component/*/a:meta/a:identification/a:FRBRExpression"
                    "/a:FRBRlanguage",
                    namespaces=_NS,
                )
            } - {""}
            if len(found) == 1:
                code = found.pop()
                self.repaired("language", meta, "the collection's language read from its parts")
        if not code:
            raise self.error("the FRBR identification names no language", meta)
        if code not in LANGUAGES:
            raise self.error(
                f'the language "{code}" is not one of the six official languages of the '
                "United Nations (ar, zh, en, fr, ru, es)",
                el,
            )
        return LANGUAGES[code]

    def _symbol(self, top, meta) -> tuple[str, int]:
        el = _first(top, "a:coverPage//a:docNumber[@refersTo='#symbol']")
        symbol = _plain(el)
        if not symbol:
            raise self.error("the cover page names no symbol (docNumber refersTo #symbol)", top)
        if _local(top) == "documentCollection":
            # "A/RES/77/256 A-B": the collection is the resolution; its parts are A and B.
            symbol = re.sub(r"\s+[A-Z]\s*[-\u2013]\s*[A-Z]$", "", symbol)
        session_el = _first(top, "a:coverPage//a:session")
        value = (session_el.get("value") or "").strip() if session_el is not None else ""
        if value.isdigit():
            return symbol, int(value)
        match = re.match(r"A/RES/(?:(?:ES|S)-)?(\d+)/", symbol)
        if not match:
            raise self.error(f"no session in the cover page or the symbol {symbol!r}", top)
        return symbol, int(match[1])

    def _title(self, el) -> str:
        buffer = _Buffer()
        self._inline(el, buffer)
        text, _emphasis, _links, markers = buffer.finish()
        floor = 0
        for number, offset in markers:
            self.title_markers.append(
                FootnoteMarker(number, offset, citations.cited_words(text, offset, floor))
            )
            floor = offset
        return text

    def _date(self, el) -> date | None:
        value = el.get("date") if el is not None else None
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.error(f"not a date: {value!r}", el) from None

    def _agenda(self, top) -> list[tuple[str, str]]:
        items: list[tuple[str, str]] = []
        for el in top.xpath("a:coverPage//a:inline", namespaces=_NS):
            name = el.get("name")
            if name == "agenda item":
                number = (el.get("title") or "").strip() or _plain(el)
                items.append((number, ""))
            elif name == "agenda item name" and items and not items[-1][1]:
                items[-1] = (items[-1][0], _plain(el))
        return items

    def _front(self, top) -> dict:
        """The cover page, the opening words and the closing meeting line as this language's
        text writes them ("Point 26 de l'ordre du jour", "L'Assemblée générale,"), for the
        reader to show in the document's language; keys absent where the text has no such line."""
        cover = _first(top, "a:coverPage")
        front: dict = {}
        if cover is not None:
            for key, path in (
                ("organ", ".//a:docAuthority[@refersTo='#issuingBody']"),
                ("distribution", ".//a:docStatus"),
                ("distributed", ".//a:docDate"),
                ("session", ".//a:session"),
                ("adopted", ".//a:docTitle"),
                ("report", ".//a:docProponent"),
            ):
                if text := _plain(_first(cover, path)):
                    front[key] = text
            agenda: list[list[str]] = []
            for el in cover.xpath(".//a:inline", namespaces=_NS):
                if el.get("name") == "agenda item":
                    agenda.append([_plain(el), ""])
                elif el.get("name") == "agenda item name" and agenda and not agenda[-1][1]:
                    agenda[-1][1] = _plain(el)
            if agenda:
                front["agenda"] = agenda
            # The committee as this language names it: the term the report line refers to.
            proponent = _first(cover, ".//a:docProponent")
            ref = (proponent.get("refersTo") or "").lstrip("#") if proponent is not None else ""
            if ref.isidentifier():
                term = _first(self.root, f"//a:references/*[@eId='{ref}']")
                if term is not None and term.get("showAs"):
                    front["committee"] = term.get("showAs")
        formula = _first(self.root, "//a:formula[@name='enactingFormula']")
        if opening := _plain(formula):
            front["opening"] = opening
        conclusions = _first(self.root, "//a:conclusions")
        if conclusions is not None:
            if meeting := _plain(_first(conclusions, ".//a:inline[@name='adoptionMeeting']")):
                front["meeting"] = meeting
            if day := _plain(_first(conclusions, ".//a:docDate")):
                front["meeting_date"] = day
        return front

    def _proponent(self, top, meta) -> tuple[str | None, str | None, str | None]:
        el = _first(top, "a:coverPage//a:docProponent")
        if el is None:
            return None, None, None
        committee = None
        ref = (el.get("refersTo") or "").lstrip("#")
        if ref:
            term = _first(meta, f"a:references/*[@eId='{ref}']") if ref.isidentifier() else None
            committee = (term.get("showAs") if term is not None else None) or None
        origin = _first(el, ".//a:inline[@name='originating document']")
        report_symbol = report_paragraph = None
        if origin is not None:
            text = _plain(origin)
            documents = citations.find_documents(text)
            if documents:
                report_symbol = documents[0].symbol
                rest = text[documents[0].end :]
                digits = re.findall(r"\d+", rest)
                report_paragraph = str(int(digits[-1])) if digits else None
        return committee, report_symbol, report_paragraph

    def _votes(self) -> ParsedVotes | None:
        voting = _first(self.root, "//a:analysis/a:parliamentary/a:voting")
        if voting is None:
            return None
        counts = {"inFavour": None, "against": None, "abstaining": None}
        states: dict[str, list[str]] = {"inFavour": [], "against": [], "abstaining": []}
        recorded = False
        for count in _children(voting, "count"):
            kind = (count.get("refersTo") or "").lstrip("#")
            if kind not in counts:
                continue
            recorded = True
            names = [_plain(o) for o in count.iter(f"{{{AKN}}}organization")]
            states[kind] = [n for n in names if n]
            value = (count.get("value") or "").strip()
            counts[kind] = int(value) if value.isdigit() else len(states[kind])
        outcome = (voting.get("outcome") or "").lower().replace(" ", "")
        if recorded:
            return ParsedVotes(
                "recorded",
                states["inFavour"],
                states["against"],
                states["abstaining"],
                counts=(counts["inFavour"] or 0, counts["against"] or 0, counts["abstaining"] or 0),
            )
        if "withoutvote" in outcome:
            return ParsedVotes("without vote")
        return None

    def _subjects(self, meta) -> list[ParsedSubject]:
        subjects: list[ParsedSubject] = []
        seen = set()
        for block in meta.xpath("a:classification", namespaces=_NS):
            by_library = (block.get("source") or "").upper() == "DHLAUTH"
            schemes = _LIBRARY_SCHEMES if by_library else _SUBJECT_SCHEMES
            for keyword in block.xpath("a:keyword", namespaces=_NS):
                scheme = schemes.get(keyword.get("dictionary") or "")
                if scheme is None:
                    continue
                uri = (keyword.get("href") or "").strip()
                uri = "" if uri == "#" else uri  # what a download writes for no address
                label = subject_label(scheme, keyword.get("value") or keyword.get("showAs") or "")
                if not label:
                    continue
                # One entry per subject: the same term by address or by name.
                keys = {(scheme, label.casefold())} | ({(scheme, uri)} if uri else set())
                if keys & seen:
                    continue
                seen |= keys
                subjects.append(ParsedSubject(scheme, label, uri))
        return subjects

    # --- bodies ------------------------------------------------------------------------------

    def _statement(self, statement, body: _Body) -> None:
        for child in statement:
            name = _local(child)
            if name == "preamble":
                self._preamble(child, body)
            elif name == "mainBody":
                self._main(child, body)

    def _preamble(self, preamble, body: _Body) -> None:
        for child in preamble:
            name = _local(child)
            if name == "container" and (
                self._operative_in_preamble(child, body)
                or self._operative_list_in_preamble(child, body)
            ):
                continue
            if name in ("container", "crossHeading"):
                self._preambular(child, body)
            elif (
                name == "blockList"
                and self.paragraphs
                and self.paragraphs[-1].kind == ("preambular")
            ):
                # A list set out under the paragraph before it: part of that paragraph's text.
                self._extend(self.paragraphs[-1], [child])
            elif name in _HEADING_TAGS:
                self._heading([child], body)

    def _operative_in_preamble(self, el, body: _Body) -> bool:
        """An operative paragraph the markup left in the preamble ("1.<tab>Reaffirms ..."
        as its last container): its number, the next one due, says what it is."""
        nodes, opening = self._opening(el)
        match = _TEXT_NUMBER.match(opening)
        expected = body.due()
        if not match or int(match["number"]) != expected:
            return False
        self._take(nodes, match.end())
        pid = body.operative_id(expected)
        paragraph = self._add(el, pid, "operative", str(expected), None, [el], body)
        body.numbered, body.lettered, body.loose = paragraph, None, None
        self.repaired("operative paragraph", el, f"paragraph {expected} set out in the preamble")
        return True

    def _operative_list_in_preamble(self, el, body: _Body) -> bool:
        """The words that open the operative part and its first paragraphs set out as a list
        in the preamble's last container ("Resolves that:" with items "1.", "2.", "3."): the
        items numbered from the number due are operative paragraphs, and the words that
        introduce them the unnumbered paragraph they are in every other language."""
        following = el.getnext()
        lists = _children(el, "blockList")
        if len(lists) != 1 or (following is not None and _local(following) == "container"):
            return False
        items = _children(lists[0], "item")
        labels = [_plain(_first(item, "a:num")).strip() for item in items]
        expected = body.due()
        numbers = list(range(expected, expected + len(items)))
        if not items or labels != [f"{n}." for n in numbers]:
            return False
        for intro in _children(lists[0], "listIntroduction"):
            if _plain(intro).strip():
                self._add(intro, body.unnumbered_id(), "operative", "", None, [intro], body)
        for item, number in zip(items, numbers, strict=True):
            text = [c for c in item if _local(c) != "num"]
            pid = body.operative_id(number)
            paragraph = self._add(item, pid, "operative", str(number), None, text, body)
            body.numbered, body.lettered, body.loose = paragraph, None, None
        which = (
            f"paragraph {expected} and the words before it"
            if len(numbers) == 1
            else f"paragraphs {expected} to {numbers[-1]} and the words before them"
        )
        self.repaired("operative paragraph", el, f"{which} set out as a list in the preamble")
        return True

    def _preambular(self, el, body: _Body) -> None:
        self._add(el, body.preambular_id(), "preambular", "", None, [el], body)

    def _main(self, container, body: _Body) -> None:
        in_section = _local(container) in _SECTION_TAGS
        for child in container:
            name = _local(child)
            if in_section and name in {"num", *_HEADING_TAGS}:
                continue  # the section's own heading, read with it
            if name == "paragraph":
                self._paragraph(child, body)
            elif name == "crossHeading":
                self._preambular(child, body)
            elif name in _SECTION_TAGS:
                heads = [c for c in child if _local(c) in {"num", *_HEADING_TAGS}]
                self._heading(heads, body)
                self._main(child, body)
            elif name in _HEADING_TAGS:
                self._heading([child], body)
            elif name in ("container", "blockList", "table", "p"):
                if self._table_only(child) and self._join_table(child, body):
                    continue
                self._add(child, body.unnumbered_id(), "operative", "", None, [child], body)

    def _preambular_in_body(self, el, body: _Body) -> bool:
        """An unnumbered paragraph of the main body before any operative one, ending with a
        comma as every preambular paragraph does ("Having further considered ...,"; an opening
        "Resolves that:" ends with a colon): a preambular paragraph the markup set out in the
        main body (77/118 and 77/262 in English)."""
        if body.annex is not None or body.runs or body.unnumbered or body.numbered:
            return False
        if any(_local(c) == "list" for c in el):
            return False
        if not self._own_text(el).rstrip().endswith((",", "\u060c", "\uff0c")):
            return False
        self.repaired("preambular paragraph", el, "a preambular paragraph set out in the main body")
        self._preambular(el, body)
        return True

    def _paragraph(self, el, body: _Body) -> None:
        # A preambular paragraph wrapped in a paragraph element (77/256 B in Arabic).
        for cross in _children(el, "crossHeading"):
            self._preambular(cross, body)
        if self._table_only(el) and self._join_table(el, body):
            return
        if self._table_note(el, body):
            return
        if self._meeting_line(el, body):
            return
        num_el = next((c for c in el if _local(c) == "num"), None)
        label = _plain(num_el) if num_el is not None else self._number_in_text(el)
        if num_el is None and not label:
            label = self._number_due_in_text(el, body)
        if num_el is None and not label and self._heading_line(el, body):
            return
        if not label and self._lettered_in_text(el, body):
            return
        heads = [c for c in el if _local(c) in _HEADING_TAGS]
        contents = [c for c in el if _local(c) in ("content", "list", "table", "blockList")]
        # A subheading written inside the content's text ("<p><subheading>I</subheading></p>").
        inner_heads = [
            h
            for c in contents
            for h in c.iter(f"{{{AKN}}}subheading", f"{{{AKN}}}heading")
            if not any(_local(a) == "authorialNote" for a in h.iterancestors())
        ]
        has_text = any(self._has_text(c) for c in contents)
        # The source's own heading styles (H1, H23, H4, HCh) on a paragraph without a number,
        # or numbered as a section is ("B.", "I."): an operative number is digits alone.
        styled = _HEADING_STYLE.fullmatch(el.get("class") or "") and not (
            label and re.fullmatch(r"\W*\d+\W*", label)
        )
        plain = not any(_local(c) == "list" for c in contents) and not any(
            True for _ in el.iter(f"{{{AKN}}}authorialNote")
        )
        if styled and has_text and plain:
            if label:
                self.repaired("heading", el, f'"{label}" numbers a heading, not a paragraph')
            self._heading([*_children(el, "num"), *heads, *contents], body)
            return
        if not has_text:
            # A paragraph element that only carries a heading ("I", "Article 10").
            self._heading(
                [c for c in el if _local(c) in {"num", *_HEADING_TAGS}] + inner_heads, body
            )
            return
        self._heading(heads + inner_heads, body)
        if self._lettered(el, label, body):
            return
        digits = re.sub(r"\D", "", label)
        if digits and re.fullmatch(r"\W*\d+\W*", label):
            number = int(digits)
            pid = body.operative_id(number)
            label = str(number)
        elif self._preambular_in_body(el, body):
            return
        else:
            pid = body.unnumbered_id()
        text_parts = [c for c in el if _local(c) in ("content", "table", "blockList")]
        lists = [c for c in el if _local(c) == "list"]
        text_parts += [i for lst in lists for i in lst if _local(i) == "intro"]
        paragraph = self._add(el, pid, "operative", label, None, text_parts, body)
        if not label and body.lettered is not None:
            body.loose = paragraph
        else:
            body.numbered, body.lettered, body.loose = paragraph, None, None
        for lst in lists:
            self._points(lst, paragraph, 1, body)
        # Lettered paragraphs after a list of points go on with its letters.
        points = [p for p in self.paragraphs if p.parent == paragraph.pid]
        if points and body.numbered is paragraph:
            body.lettered = points[-1]

    def _lettered(self, el, label: str, body: _Body, before_add=None) -> bool:
        """A paragraph lettered "(a)", "(أ)" or numbered "(i)", "㈠" after a numbered paragraph
        is that paragraph's sub-paragraph (or its sub-paragraph's item), as a `point` would be,
        so that its id is the one the other language versions give it."""
        reading = numbering.sub_label(label) if label else None
        parent = body.numbered
        # An annex (a declaration, a programme) letters its own lists as each language's
        # markup has them; only the resolution's own paragraphs are read this way.
        if reading is None or parent is None or body.annex is not None:
            return False
        letter, roman = reading
        siblings = sum(1 for p in self.paragraphs if p.parent == parent.pid)
        sub = body.lettered
        items = sum(1 for p in self.paragraphs if p.parent == sub.pid) if sub else 0
        # Only a label that continues the run it would join counts; any other is left as
        # the markup has it, for the checks to judge.
        if letter == 1 and siblings and body.loose is not None:
            parent = body.numbered = body.loose
            sub, items, siblings = None, 0, 0
        if letter == siblings + 1:
            pid, kind, owner = ids.subparagraph(parent.pid, siblings + 1), "subparagraph", parent
        elif sub is not None and roman == items + 1:
            pid, kind, owner = ids.item(sub.pid, items + 1), "item", sub
        else:
            return False
        if before_add is not None:
            before_add()
        text_parts = [c for c in el if _local(c) in ("content", "table", "blockList")]
        lists = [c for c in el if _local(c) == "list"]
        text_parts += [i for lst in lists for i in lst if _local(i) == "intro"]
        paragraph = self._add(el, pid, kind, label, owner.pid, text_parts, body)
        body.loose = None
        if kind == "subparagraph":
            body.lettered = paragraph
        for lst in lists:
            self._points(lst, paragraph, 2 if kind == "subparagraph" else 3, body)
        return True

    # --- what the markup set out as a paragraph and a reader does not read as one ----------

    def _own_text(self, el, skip=("authorialNote", "num", "heading", "subheading", "table")):
        """The text of `el` outside its notes, number, headings (and tables)."""
        pieces = []

        def walk(node):
            if _local(node) in skip:
                return
            pieces.append(node.text or "")
            for child in node:
                walk(child)
                pieces.append(child.tail or "")

        walk(el)
        return " ".join("".join(pieces).split())

    def _table_only(self, el) -> bool:
        return any(True for _ in el.iter(f"{{{AKN}}}table")) and not self._own_text(el)

    def _last_in(self, body: _Body) -> ParsedParagraph | None:
        if not self.paragraphs:
            return None
        last = self.paragraphs[-1]
        return last if (last.part, last.annex) == (body.part, body.annex) else None

    def _join_table(self, el, body: _Body) -> bool:
        """A table after a paragraph is that paragraph's table (the paragraph introduces it,
        "as set out in the table below:"); the headings between them title its rows."""
        target = self._last_in(body)
        if target is None or target.kind == "preambular":
            return False
        # Past a heading, only a paragraph that says a table follows ("... below:") has it.
        if self.pending and not target.text.rstrip().endswith((":", "\uff1a")):
            return False
        buffer = _Buffer()
        rows = self._fill([el], buffer) or []
        titles = [[h.text] for h in self.pending]
        for heading in self.pending:
            self.headings.remove(heading)
        self.pending = []
        target.table = (target.table or []) + titles + rows
        target.footnotes = target.footnotes + [
            FootnoteMarker(number, len(target.text), "") for number, _ in buffer.markers
        ]
        self.repaired("table", el, f"a table read as part of {target.pid}, which introduces it")
        return True

    def _table_note(self, el, body: _Body) -> bool:
        """A note under a table ("a See A/75/383.", "Abbreviations: ...", class FootnoteText)
        belongs to the table, not a paragraph of its own."""
        target = self._last_in(body)
        if (el.get("class") or "") != "FootnoteText" or target is None or target.table is None:
            return False
        if self.pending:
            return False
        buffer = _Buffer()
        self._fill([c for c in el if _local(c) != "num"], buffer)
        text, _emphasis, _links, markers = buffer.finish()
        target.table = [*target.table, [text]]
        target.footnotes = target.footnotes + [
            FootnoteMarker(number, len(target.text), "") for number, _ in markers
        ]
        self.repaired("table note", el, f"a note under the table of {target.pid}")
        return True

    def _meeting_line(self, el, body: _Body) -> bool:
        """The closing line ("56th plenary meeting") set out as the main body's last paragraph:
        a short italic line ending in the meeting's number, after which nothing follows, and
        which the conclusions, where they name the meeting, name alike."""
        if body.annex is not None or _children(el, "num"):
            return False
        parent = el.getparent()
        if parent is None or _local(parent) != "mainBody" or el.getnext() is not None:
            return False
        text = self._own_text(el)
        italic = "".join(
            "".join(s.itertext())
            for s in el.iter(f"{{{AKN}}}span")
            if "italic" in (s.get("class") or "")
        )
        if not (len(text) <= 60 and re.search(r"\d{1,4}\W*$", text)):
            return False
        if " ".join(italic.split()) != text:
            return False
        # The conclusions name the meeting too, or another one: only the same meeting is it
        # (its words may stand in another order, "56 (resumed)" or "(resumed) 56").
        stated = {
            tuple(re.findall(r"\d+", _plain(m)))
            for m in self.root.xpath("//a:conclusions//a:inline", namespaces=_NS)
            if m.get("name") == "adoptionMeeting"
        }
        if stated and tuple(re.findall(r"\d+", text)) not in stated:
            return False
        self.meeting_in_body = text
        self.repaired("meeting line", el, f'"{text}" is the closing meeting line, not a paragraph')
        return True

    def _heading_line(self, el, body: _Body) -> bool:
        """A paragraph that is a heading in all but its markup: a separator ("* * *"), a lone
        section number ("I", "B."), or a line set wholly in bold without a number."""
        if any(_local(c) == "list" for c in el) or any(
            True for _ in el.iter(f"{{{AKN}}}authorialNote", f"{{{AKN}}}table")
        ):
            return False
        text = self._own_text(el)
        if not text:
            return False
        kind = None
        if re.fullmatch(r"[*_\s]+", text):
            kind = "a separator"
        elif re.fullmatch(rf"(?:[IVXL]{{1,6}}|[A-Z]|[{_CHINESE_NUMERAL}]{{1,3}})[.、]?", text):
            kind = "a section number"
        elif len(text) <= 300 and self._all_bold(el):
            kind = "a line set in bold"
        if kind is None:
            return False
        self.repaired("heading", el, f'"{text[:40]}" is {kind}, read as a heading')
        self._add_heading(text, el, body)
        return True

    def _all_bold(self, el) -> bool:
        def bold(node) -> bool:
            return any(
                _local(a) == "span" and "bold" in (a.get("class") or "").split()
                for a in [node, *node.iterancestors()]
            )

        for node in el.iter():
            if _local(node) in ("authorialNote", "num"):
                continue
            if (node.text or "").strip() and not bold(node):
                return False
            if node is not el and (node.tail or "").strip() and not bold(node.getparent()):
                return False
        return True

    def _lettered_in_text(self, el, body: _Body) -> bool:
        """A sub-paragraph whose letter is written in its text ("(a)<tab>To cooperate",
        "(هـ)", "(十一)") and not in a `num`: lettered as the markup would have it."""
        if body.annex is not None or body.numbered is None:
            return False
        nodes, opening = self._opening(el)
        match = _TEXT_LABEL.match(opening)
        if not match:
            return False
        label = match["label"].strip()
        if numbering.sub_label(label) is None:
            return False

        def take() -> None:
            self._take(nodes, match.end())

        if not self._lettered(el, label, body, before_add=take):
            return False
        self.repaired("sub-paragraph", el, f'"{label}" in the text letters a sub-paragraph')
        return True

    def _opening(self, el):
        nodes = []
        opening = ""
        for node, where in _text_nodes(el):
            value = (node.text if where == "text" else node.tail) or ""
            nodes.append((node, where, value))
            opening += value
            if len(opening.strip()) >= 12:
                break
        return nodes, opening

    def _take(self, nodes, length: int) -> None:
        """Take the first `length` characters out of the text, across the runs they span."""
        remaining = length
        for node, where, value in nodes:
            taken = min(remaining, len(value))
            if where == "text":
                node.text = value[taken:]
            else:
                node.tail = value[taken:]
            remaining -= taken
            if not remaining:
                break

    def _number_in_text(self, el) -> str:
        """The number a paragraph's text opens with where the markup has no `num` for it.

        Most Arabic files (and a few others) write "1 -<tab>Takes note ..." inside the content
        instead of `<num>1.</num>`; read as a number, so that the paragraph keeps the id it has
        in every other language. Only digits at the very start, followed by "." or "-" and a
        space, or by a tab, count; the number is taken out of the text as `num` would be."""
        nodes, opening = self._opening(el)
        match = _TEXT_NUMBER.match(opening)
        if not match:
            return ""
        self._take(nodes, match.end())
        return match["number"]

    def _number_due_in_text(self, el, body: _Body) -> str:
        """The number due, glued to what is left of the paragraph's first words ("9-членами
        сумму ..." between 8 and 10: the words before "-членами" were lost in the markup),
        read as the number when the next paragraph carries the number after it."""
        if not body.runs or body.annex is not None:
            return ""
        due = body.due()
        nodes, opening = self._opening(el)
        match = re.match(rf"\s*{due}\s*[-\u2010\u2011\u2013.](?=\w)", opening)
        following = el.getnext()
        if not match or following is None or _local(following) != "paragraph":
            return ""
        num = _first(following, "a:num")
        after = _plain(num) if num is not None else self._opening(following)[1]
        if re.sub(r"\D", "", after.strip()[:4]) != str(due + 1):
            return ""
        self._take(nodes, match.end())
        self.repaired("number", el, f'"{match[0].strip()}" opens the text: paragraph {due}')
        return str(due)

    def _points(self, lst, parent: ParsedParagraph, depth: int, body: _Body) -> None:
        index = 0
        last: ParsedParagraph | None = None
        children = list(lst)
        while children:
            child = children.pop(0)
            name = _local(child)
            if name == "point" and self._heading_point(child, body):
                continue
            if name == "point":
                index += 1
                pid = ids.point(parent.pid, depth, index)
                kind = "subparagraph" if depth == 1 else "item"
                label = _plain(next((c for c in child if _local(c) == "num"), None))
                texts = [c for c in child if _local(c) in ("content", "table", "blockList")]
                inner = [c for c in child if _local(c) in ("list", "sublist")]
                texts += [i for lst_ in inner for i in lst_ if _local(i) == "intro"]
                last = self._add(child, pid, kind, label, parent.pid, texts, body)
                for sub in inner:
                    self._points(sub, last, depth + 1, body)
            elif name in ("sublist", "list") and last is not None:
                if depth % 2 and self._continues_letters(child, index):
                    children[:0] = list(child)
                    continue
                self._points(child, last, depth + 1, body)
            elif name == "wrapUp":
                self._extend(parent, [child])

    def _continues_letters(self, sublist, index: int) -> bool:
        """A list nested under point "c)" whose first point is "d)": the letters of the list
        it is nested in, one level too deep in the markup (77/221 in Russian). A first label
        that can be the roman one ("i)" after "h)") is a list of its own, as the markup has it."""
        first = next((c for c in sublist if _local(c) == "point"), None)
        label = _plain(_first(first, "a:num")) if first is not None else ""
        reading = numbering.sub_label(label) if label else None
        if reading is None or reading[0] != index + 1 or reading[1] == 1:
            return False
        self.repaired("sub-paragraph", sublist, f'"{label}" goes on with the letters before it')
        return True

    def _heading_point(self, point, body: _Body) -> bool:
        """A chapter heading ("II. International peace and security", all in bold) that the
        markup nested as a point of the list before it: a heading, not a sub-paragraph."""
        label = _plain(next((c for c in point if _local(c) == "num"), None))
        if not re.fullmatch(r"(?:[IVXL]{1,6}|[A-Z])\.", label):
            return False
        if any(_local(c) in ("list", "sublist") for c in point) or not self._all_bold(point):
            return False
        text = self._own_text(point)
        if not text:
            return False
        self.repaired("heading", point, f'"{label} {text[:40]}" is a heading nested as a point')
        self._add_heading(f"{label} {text}", point, body)
        return True

    def _has_text(self, el) -> bool:
        """Whether the element holds text of its own, beyond notes, numbers and headings."""
        skip = {"authorialNote", "num", *_HEADING_TAGS}

        def excluded(node) -> bool:
            while node is not None:
                if _local(node) in skip:
                    return True
                if node is el:
                    return False
                node = node.getparent()
            return False

        for node in el.iter():
            if (node.text or "").strip() and not excluded(node):
                return True
            if node is not el and (node.tail or "").strip() and not excluded(node.getparent()):
                return True
        return False

    def _heading(self, elements: list, body: _Body) -> None:
        pieces: list[str] = []
        for el in elements:
            text = self._text_of(el)
            if _local(el) == "num":
                pieces.append(text)
                continue
            if pieces:
                # "I." then ".<tab>Establishment": the point typed twice is one; a heading
                # that repeats its number ("A." then "A. Pension Administration") has it once.
                rest = text.lstrip(". \t")
                if not rest.startswith(pieces[-1]):
                    rest = " ".join([*pieces, rest])
                text = rest.strip()
                pieces = []
            self._add_heading(text, el, body)
        if pieces:
            self._add_heading(" ".join(pieces), elements[-1], body)

    def _add_heading(self, text: str, el, body: _Body) -> None:
        if not text:
            return
        heading = ParsedHeading(
            pid=ids.heading(len(self.headings) + 1),
            text=text,
            before=None,
            part=body.part,
            annex=body.annex,
            line=el.sourceline or 0,
        )
        self.headings.append(heading)
        self.pending.append(heading)

    def _text_of(self, el) -> str:
        buffer = _Buffer()
        self._inline(el, buffer, headings=True)
        return buffer.finish()[0]

    # --- paragraphs --------------------------------------------------------------------------

    def _add(self, el, pid, kind, label, parent, elements, body: _Body) -> ParsedParagraph:
        buffer = _Buffer()
        table = self._fill(elements, buffer)
        text, emphasis, links, markers = buffer.finish()
        if table is not None:
            text = "\n".join("\t".join(row) for row in table)
            emphasis, links = [], []
            markers = [(number, len(text)) for number, _ in markers]
        paragraph = ParsedParagraph(
            pid=pid,
            kind=kind,
            label=label,
            parent=parent,
            text=text,
            emphasis=emphasis,
            footnotes=self._markers(text, markers),
            documents=citations.find_documents(text, self.language),
            line=el.sourceline or 0,
            part=body.part,
            annex=body.annex,
            links=links,
            table=table,
        )
        self.paragraphs.append(paragraph)
        for heading in self.pending:
            heading.before = pid
        self.pending = []
        return paragraph

    def _extend(self, paragraph: ParsedParagraph, elements) -> None:
        buffer = _Buffer()
        buffer.add(paragraph.text + " ")
        self._fill(elements, buffer)
        text, emphasis, links, markers = buffer.finish()
        paragraph.emphasis = list(paragraph.emphasis) + [
            s for s in emphasis if s.start >= len(paragraph.text)
        ]
        paragraph.links = list(paragraph.links) + [
            s for s in links if s.start >= len(paragraph.text)
        ]
        paragraph.footnotes = paragraph.footnotes + self._markers(text, markers)
        paragraph.text = text
        paragraph.documents = citations.find_documents(text, self.language)

    def _markers(self, text: str, markers) -> list[FootnoteMarker]:
        result = []
        floor = 0
        for number, offset in markers:
            result.append(
                FootnoteMarker(number, offset, citations.cited_words(text, offset, floor))
            )
            floor = offset
        return result

    def _fill(self, elements, buffer: _Buffer) -> list[list[str]] | None:
        table = None
        for el in elements:
            tables = [el] if _local(el) == "table" else list(el.iter(f"{{{AKN}}}table"))
            if tables:
                table = table or []
                for t in tables:
                    for row in t.iter(f"{{{AKN}}}tr"):
                        cells = []
                        for cell in row:
                            if _local(cell) in ("td", "th"):
                                cell_buffer = _Buffer()
                                self._inline(cell, cell_buffer)
                                cells.append(cell_buffer.finish()[0])
                                buffer.markers.extend(
                                    (n, buffer.length) for n, _ in cell_buffer.markers
                                )
                        table.append(cells)
                continue
            buffer.add(" ")
            self._inline(el, buffer)
            buffer.add(" ")
        return table

    def _inline(self, el, buffer: _Buffer, headings: bool = False) -> None:
        buffer.add(el.text)
        for child in el:
            name = _local(child)
            if name == "authorialNote":
                buffer.markers.append((self._note(child), buffer.length))
            elif name in _HEADING_TAGS and not headings:
                pass  # read as a heading of its own
            elif name == "num" and not headings and _local(el) in ("paragraph", "point"):
                pass
            elif name == "eol":
                buffer.add(" ")
            elif name in ("p", "listIntroduction", "item", "blockList", "td", "th", "tr"):
                buffer.add(" ")
                self._inline(child, buffer, headings)
                buffer.add(" ")
            elif name == "span":
                start = buffer.length
                self._inline(child, buffer, headings)
                classes = (child.get("class") or "").split()
                for style in ("italic", "bold"):
                    if style in classes:
                        buffer.styles.append((start, buffer.length, style))
            elif name == "a":
                start = buffer.length
                self._inline(child, buffer, headings)
                href = (child.get("href") or "").strip()
                if re.match(r"https?://", href, re.IGNORECASE):
                    buffer.links.append((start, buffer.length, href))
            elif name in ("img", "meta"):
                pass
            else:
                self._inline(child, buffer, headings)
            buffer.add(child.tail)

    def _note(self, el) -> int:
        marker = (el.get("marker") or "").strip()
        if not marker.isdigit():
            raise self.error(f"a footnote marker that is not a number: {marker!r}", el)
        number = int(marker)
        if number not in self.notes:
            buffer = _Buffer()
            self._inline(el, buffer)
            text, emphasis, _links, _markers = buffer.finish()
            self.notes[number] = _Note(number, text, emphasis, el.sourceline or 0)
        return number

    def _footnotes(self) -> list[ParsedFootnote]:
        reader = citations.FootnoteReader(self.language)
        return [
            reader.read(number, note.text, note.emphasis, note.line)
            for number, note in sorted(self.notes.items())
        ]
