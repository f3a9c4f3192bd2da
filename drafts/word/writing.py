"""Writing a draft as Word: the compilation with each delegation's proposals as real tracked
changes (`w:ins`/`w:del`, the delegation as author), or a revision's clean text laid out as the
United Nations lays out a draft resolution.

The writer reads plain values (`Text`, `Paragraph`, `Proposal`), not rows, so it can be tested and
timed on its own; `drafts.exports` fills them from the database.
"""

from __future__ import annotations

import html
import io
import itertools
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from xml.sax.saxutils import escape, quoteattr

from docx import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.parser import parse_xml
from docx.shared import Cm, Pt

from resolutions.across.versions import word_diff

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CHANGE = re.compile(r"<(del|ins)>(.*?)</\1>", re.S)


@dataclass
class Proposal:
    kind: str  # "amend", "delete", "retain", "add" (drafts.models.Proposal.Kind)
    delegation: str
    text: str = ""
    against_text: str = ""
    created: datetime | None = None
    supporters: list[str] = field(default_factory=list)
    opponents: list[str] = field(default_factory=list)
    reason: str = ""


@dataclass
class Paragraph:
    pid: str
    kind: str  # "preambular", "operative", "subparagraph", "item", "heading"
    label: str
    text: str
    emphasis: list = field(default_factory=list)  # [[start, end]] or [[start, end, "bold"]]
    status: str = "open"
    # Each footnote's text, or (offset, text) to call it after that character (else at the end).
    footnotes: list = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    # How the compilation names it ("OP 5 bis"); made from the id when not given.
    name: str = ""


@dataclass
class Words:
    """The words the document is written with, in the reader's language (the views pass them
    translated; these are the English ones)."""

    opening: str = "The General Assembly,"
    compilation: str = "Compilation text"
    as_of: str = "as of {date}"
    statuses: dict = field(
        default_factory=lambda: {
            "open": "Open",
            "adref": "Agreed ad ref",
            "agreed": "Agreed",
            "deleted": "Deleted",
        }
    )
    kinds: dict = field(
        default_factory=lambda: {
            "amend": "new wording",
            "delete": "delete",
            "retain": "retain",
            "add": "new paragraph after",
        }
    )
    supported: str = "supported by {names}"
    opposed: str = "opposed by {names}"
    reason: str = "Reason: {reason}"
    summary: str = ""


@dataclass
class Text:
    """What heads the document: the draft's label ("A/C.3/81/L.23"), a revision's name
    ("Rev.1"), the title and the opening words."""

    label: str
    title: str
    opening: str = ""
    revision: str = ""
    language: str = "en"


def _twips(cm: float) -> int:
    return int(Cm(cm).twips)


def _run(text: str, italic=False, bold=False, strike=False, deleted=False, size=None) -> str:
    """A run as WordprocessingML: the document is written as text and parsed once, as building
    it element by element costs a hundred times more."""
    props = "".join(
        tag for on, tag in ((bold, "<w:b/>"), (italic, "<w:i/>"), (strike, "<w:strike/>")) if on
    )
    if size:
        props += f'<w:sz w:val="{size * 2}"/>'
    tag = "w:delText" if deleted else "w:t"
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<{tag} xml:space="preserve">{escape(_xml_safe(text))}</{tag}></w:r>'


def _xml_safe(text: str) -> str:
    # XML 1.0 has no place for most control characters; a pasted text may carry them.
    return _CONTROL.sub("", text)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class _Writer:
    def __init__(self, text: Text, words: Words):
        self.text = text
        self.words = words
        self.document = Document()
        self.ids = 0
        self.parts: list[str] = []  # the body's paragraphs, as XML
        self.footnotes: list[str] = []  # the w:footnote elements, as XML
        style = self.document.styles["Normal"]
        style.font.name = "Times New Roman"
        style.font.size = Pt(10)
        self.document.core_properties.title = text.title[:255]
        self.document.core_properties.subject = text.label[:255]

    # --- elements -------------------------------------------------------------------------

    def next_id(self) -> str:
        self.ids += 1
        return str(self.ids)

    def paragraph(self, runs: str, indent: float = 0, first_line: float = 0, align=None) -> None:
        props = ""
        if indent or first_line:
            left = f' w:left="{_twips(indent)}"' if indent else ""
            first = f' w:firstLine="{_twips(first_line)}"' if first_line else ""
            props += f"<w:ind{left}{first}/>"
        # The schema orders a paragraph's properties: the indent before the alignment.
        props += f'<w:jc w:val="{align}"/>' if align else ""
        ppr = f"<w:pPr>{props}</w:pPr>" if props else ""
        self.parts.append(f"<w:p>{ppr}{runs}</w:p>")

    def change(self, tag: str, author: str, when: datetime | None, runs: str) -> str:
        return (
            f'<{tag} w:id="{self.next_id()}" w:author={quoteattr(_xml_safe(author))} '
            f'w:date="{_iso(when)}">{runs}</{tag}>'
        )

    @staticmethod
    def emphasised(text: str, emphasis, calls=()) -> str:
        """The text as runs, its italic and bold spans kept, each footnote call (offset, run)
        after the character it follows."""
        spans = [s for s in emphasis if len(s) >= 2]
        edges = [max(0, min(len(text), int(x))) for s in spans for x in s[:2]]
        cuts = sorted({0, len(text), *edges, *(offset for offset, _ in calls)})
        out, waiting = [], list(calls)
        for start, end in itertools.pairwise(cuts):
            while waiting and waiting[0][0] <= start:
                out.append(waiting.pop(0)[1])
            inside = [s for s in spans if s[0] <= start and end <= s[1]]
            out.append(
                _run(
                    text[start:end],
                    italic=any(len(s) < 3 or s[2] != "bold" for s in inside),
                    bold=any(len(s) > 2 and s[2] == "bold" for s in inside),
                )
            )
        out.extend(run for _, run in waiting)
        return "".join(out)

    def footnote(self, text: str) -> str:
        """A real footnote: its text in the footnotes part, its call returned as a run."""
        number = len(self.footnotes) + 1
        self.footnotes.append(
            f'<w:footnote w:id="{number}"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t xml:space="preserve"> '
            f"{escape(_xml_safe(text))}</w:t></w:r></w:p></w:footnote>"
        )
        return (
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{number}"/></w:r>'
        )

    def track_changes(self) -> None:
        """Word goes on tracking changes: what a delegate edits next shows as their own."""
        settings = self.document.settings.element
        track = parse_xml(f'<w:trackRevisions xmlns:w="{_W}"/>')
        # The schema's order puts it before the default tab stop the template sets.
        after = settings.find(f"{{{_W}}}defaultTabStop")
        if after is not None:
            after.addprevious(track)
        else:
            settings.append(track)

    # --- the document's parts --------------------------------------------------------------

    def heading(self, subtitle: str = "") -> None:
        for line in (self.text.label, self.text.revision):
            if line:
                self.paragraph(_run(line, size=10), align="right")
        if subtitle:
            self.paragraph(_run(subtitle, italic=True))
        self.paragraph(_run(self.text.title, bold=True, size=12), indent=1.27)
        opening = self.text.opening or self.words.opening
        self.paragraph(_run(opening, italic=True), first_line=1.27)

    def clean(self, paragraph: Paragraph, label: str, named: bool = False, after: str = ""):
        """A paragraph as the text reads, after its number ("5.", "(a)"), or in a compilation
        after its name in bold ("PP3", "OP 5 bis"); `after` is what follows it there."""
        if paragraph.kind == "heading":
            self.paragraph(_run(paragraph.text, bold=True) + after, align="center")
            return
        depth = {"subparagraph": 1, "item": 2}.get(paragraph.kind, 0)
        runs = _run(label, bold=named) + "<w:r><w:tab/></w:r>" if label else ""
        placed = sorted(
            (
                (max(0, min(len(paragraph.text), note[0])), note[1])
                if isinstance(note, tuple | list)
                else (len(paragraph.text), note)
                for note in paragraph.footnotes
            ),
            key=lambda note: note[0],
        )
        # Numbered as they are called, in the order of the text.
        calls = [(offset, self.footnote(note)) for offset, note in placed]
        runs += self.emphasised(paragraph.text, paragraph.emphasis, calls)
        self.paragraph(runs + after, indent=1.27 * depth, first_line=1.27)

    def proposal(self, proposal: Proposal) -> None:
        kind = self.words.kinds.get(proposal.kind, proposal.kind)
        runs = [_run(f"{proposal.delegation}: ", bold=True)]
        author, when = proposal.delegation, proposal.created
        if proposal.kind == "amend":
            for op, words in segments(proposal.against_text, proposal.text, self.text.language):
                if op == "equal":
                    runs.append(_run(words))
                elif op == "delete":
                    deleted = _run(words, strike=True, deleted=True)
                    runs.append(self.change("w:del", author, when, deleted))
                else:
                    runs.append(self.change("w:ins", author, when, _run(words, bold=True)))
        elif proposal.kind == "delete":
            runs.append(_run(f"{kind}: ", italic=True))
            deleted = _run(proposal.against_text, strike=True, deleted=True)
            runs.append(self.change("w:del", author, when, deleted))
        elif proposal.kind == "add":
            runs.append(_run(f"{kind}: ", italic=True))
            runs.append(self.change("w:ins", author, when, _run(proposal.text, bold=True)))
        else:
            runs.append(_run(kind, italic=True))
        said = []
        if proposal.supporters:
            said.append(self.words.supported.format(names=", ".join(proposal.supporters)))
        if proposal.opponents:
            said.append(self.words.opposed.format(names=", ".join(proposal.opponents)))
        if said:
            runs.append(_run(f" ({'; '.join(said)})", italic=True))
        if proposal.reason:
            runs.append(_run(" " + self.words.reason.format(reason=proposal.reason), italic=True))
        self.paragraph("".join(runs), indent=2.54)

    def finish(self) -> bytes:
        body = self.document.element.body
        anchor = body[-1]  # the section properties stay last
        for element in parse_xml(f'<w:body xmlns:w="{_W}">{"".join(self.parts)}</w:body>'):
            anchor.addprevious(element)
        if self.footnotes:
            blob = (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<w:footnotes xmlns:w="{_W}">'
                '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
                "</w:footnote>"
                '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
                "<w:continuationSeparator/></w:r></w:p></w:footnote>"
                + "".join(self.footnotes)
                + "</w:footnotes>"
            ).encode()
            part = Part(
                PackURI("/word/footnotes.xml"),
                CT.WML_FOOTNOTES,
                blob,
                self.document.part.package,
            )
            self.document.part.relate_to(part, RT.FOOTNOTES)
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def _iso(when: datetime | None) -> str:
    when = when or datetime.now(UTC)
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def segments(old: str, new: str, language: str = "en") -> list[tuple[str, str]]:
    """The change from `old` to `new` as ("equal" | "delete" | "insert", words), cut into the
    same phrases the compilation page marks (`versions.word_diff`)."""
    out = []
    shown = str(word_diff(old, new, language))
    position = 0
    for found in _CHANGE.finditer(shown):
        if found.start() > position:
            out.append(("equal", html.unescape(shown[position : found.start()])))
        out.append(("delete" if found[1] == "del" else "insert", html.unescape(found[2])))
        position = found.end()
    if position < len(shown):
        out.append(("equal", html.unescape(shown[position:])))
    return out


def numbered(paragraphs: list[Paragraph]) -> list[str]:
    """Each paragraph's number as a revision prints it: operative paragraphs 1, 2, 3… in order
    (a paragraph added as "5 bis" takes its place in the count, as in an issued text),
    sub-paragraphs (a), (b)… and items (i), (ii)… under the paragraph they belong to."""
    labels, operative, letter, item, scope = [], 0, 0, 0, None
    for paragraph in paragraphs:
        # A part of a multi-part resolution or an annex ("b-op1", "annex1-op3") counts anew.
        own = re.match(r"^(.*?)(?:pp|op|h)", paragraph.pid)
        own = own[1] if own else ""
        if own != scope:
            scope, operative, letter, item = own, 0, 0, 0
        if paragraph.kind == "operative":
            operative, letter, item = operative + 1, 0, 0
            labels.append(f"{operative}.")
        elif paragraph.kind == "subparagraph":
            letter, item = letter + 1, 0
            labels.append(f"({_letter(letter)})")
        elif paragraph.kind == "item":
            item += 1
            labels.append(f"({_roman(item)})")
        else:
            labels.append("")
    return labels


def _letter(number: int) -> str:
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def _roman(number: int) -> str:
    out = ""
    for value, numeral in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while number >= value:
            out += numeral
            number -= value
    return out


def revision_docx(text: Text, paragraphs: list[Paragraph], words: Words | None = None) -> bytes:
    """A revision's clean text, as a draft resolution is issued: symbol and revision at the
    top right, the title, the opening words, numbered paragraphs with italic openers and
    footnotes."""
    writer = _Writer(text, words or Words())
    writer.heading()
    for paragraph, label in zip(paragraphs, numbered(paragraphs), strict=True):
        writer.clean(paragraph, label)
    return writer.finish()


def compilation_docx(text: Text, paragraphs: list[Paragraph], words: Words | None = None) -> bytes:
    """The compilation text: every paragraph as it now reads with its status, and under it each
    delegation's pending proposal as tracked changes made by that delegation."""
    words = words or Words()
    writer = _Writer(text, words)
    writer.track_changes()
    subtitle = words.compilation
    if words.summary:
        subtitle = f"{subtitle}. {words.summary}"
    writer.heading(subtitle)
    for paragraph in paragraphs:
        status = words.statuses.get(paragraph.status, paragraph.status)
        name = paragraph.name or _name(paragraph)
        writer.clean(paragraph, name, named=True, after=_run(f" [{status}]", bold=True))
        for proposal in paragraph.proposals:
            writer.proposal(proposal)
    return writer.finish()


def _name(paragraph: Paragraph) -> str:
    """How a compilation names a paragraph: PP3, OP5, OP5 bis, (a)."""
    pid = paragraph.pid
    if paragraph.kind in {"subparagraph", "item"} and paragraph.label:
        return f"({paragraph.label})"
    match = re.match(r"^(.*?)(pp|op)(\d*)(\D*)$", pid)
    if match:
        scope, kind, number, suffix = match.groups()
        return f"{scope}{kind.upper()}{number}{' ' + suffix if suffix else ''}"
    return pid.upper()
