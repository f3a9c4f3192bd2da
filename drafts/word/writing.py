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
from xml.sax.saxutils import escape

from docx import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
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
    footnotes: list[str] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)


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


class _Writer:
    def __init__(self, text: Text, words: Words):
        self.text = text
        self.words = words
        self.document = Document()
        self.ids = 0
        self.footnotes: list[str] = []  # the w:footnote elements, as XML
        style = self.document.styles["Normal"]
        style.font.name = "Times New Roman"
        style.font.size = Pt(10)
        self.document.core_properties.title = text.title
        self.document.core_properties.subject = text.label
        self.body = self.document.element.body
        self.anchor = self.body[-1]  # the section properties stay last

    # --- elements -------------------------------------------------------------------------

    def next_id(self) -> str:
        self.ids += 1
        return str(self.ids)

    def paragraph(self, indent: float = 0, first_line: float = 0, align=None):
        p = OxmlElement("w:p")
        if indent or first_line or align:
            ppr = OxmlElement("w:pPr")
            if align:
                jc = OxmlElement("w:jc")
                jc.set(qn("w:val"), align)
                ppr.append(jc)
            if indent or first_line:
                ind = OxmlElement("w:ind")
                if indent:
                    ind.set(qn("w:left"), str(int(Cm(indent).twips)))
                if first_line:
                    ind.set(qn("w:firstLine"), str(int(Cm(first_line).twips)))
                ppr.append(ind)
            p.append(ppr)
        self.anchor.addprevious(p)
        return p

    @staticmethod
    def run(text: str, italic=False, bold=False, strike=False, deleted=False, size=None):
        r = OxmlElement("w:r")
        if italic or bold or strike or size:
            rpr = OxmlElement("w:rPr")
            for on, tag in ((bold, "w:b"), (italic, "w:i"), (strike, "w:strike")):
                if on:
                    rpr.append(OxmlElement(tag))
            if size:
                sz = OxmlElement("w:sz")
                sz.set(qn("w:val"), str(size * 2))
                rpr.append(sz)
            r.append(rpr)
        t = OxmlElement("w:delText" if deleted else "w:t")
        t.text = text
        t.set(qn("xml:space"), "preserve")
        r.append(t)
        return r

    def change(self, tag: str, author: str, when: datetime | None, runs) -> object:
        mark = OxmlElement(tag)
        mark.set(qn("w:id"), self.next_id())
        mark.set(qn("w:author"), author)
        mark.set(qn("w:date"), _iso(when))
        for r in runs:
            mark.append(r)
        return mark

    def emphasised(self, p, text: str, emphasis, **style) -> None:
        """The text as runs, its italic and bold spans kept."""
        cuts = sorted(
            {0, len(text), *(max(0, min(len(text), int(x))) for span in emphasis for x in span[:2])}
        )
        for start, end in itertools.pairwise(cuts):
            if start == end:
                continue
            italic = any(
                s[0] <= start and end <= s[1] and (len(s) < 3 or s[2] != "bold") for s in emphasis
            )
            bold = any(
                s[0] <= start and end <= s[1] and len(s) > 2 and s[2] == "bold" for s in emphasis
            )
            p.append(self.run(text[start:end], italic=italic, bold=bold or style.get("bold")))

    def footnote(self, p, text: str) -> None:
        """A real footnote: its call at the end of `p`, its text in the footnotes part."""
        number = len(self.footnotes) + 1
        call = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        align = OxmlElement("w:vertAlign")
        align.set(qn("w:val"), "superscript")
        rpr.append(align)
        call.append(rpr)
        reference = OxmlElement("w:footnoteReference")
        reference.set(qn("w:id"), str(number))
        call.append(reference)
        p.append(call)
        self.footnotes.append(
            f'<w:footnote w:id="{number}"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t xml:space="preserve"> {escape(text)}'
            "</w:t></w:r></w:p></w:footnote>"
        )

    # --- the document's parts --------------------------------------------------------------

    def heading(self, subtitle: str = "") -> None:
        for line in (self.text.label, self.text.revision):
            if line:
                self.paragraph(align="right").append(self.run(line, size=10))
        if subtitle:
            self.paragraph().append(self.run(subtitle, italic=True))
        title = self.paragraph(indent=1.27)
        title.append(self.run(self.text.title, bold=True, size=12))
        opening = self.paragraph(first_line=1.27)
        opening.append(self.run(self.text.opening or self.words.opening, italic=True))

    def clean(self, paragraph: Paragraph, label: str, named: bool = False):
        """A paragraph as the text reads, after its number ("5.", "(a)"), or in a compilation
        after its name in bold ("PP3", "OP5 bis")."""
        if paragraph.kind == "heading":
            p = self.paragraph(align="center")
            p.append(self.run(paragraph.text, bold=True))
            return p
        depth = {"subparagraph": 1, "item": 2}.get(paragraph.kind, 0)
        p = self.paragraph(indent=1.27 * depth, first_line=1.27)
        if label:
            p.append(self.run(f"{label}\t", bold=named))
        self.emphasised(p, paragraph.text, paragraph.emphasis)
        for text in paragraph.footnotes:
            self.footnote(p, text)
        return p

    def proposal(self, proposal: Proposal) -> None:
        p = self.paragraph(indent=2.54)
        kind = self.words.kinds.get(proposal.kind, proposal.kind)
        p.append(self.run(f"{proposal.delegation}: ", bold=True))
        author, when = proposal.delegation, proposal.created
        if proposal.kind == "amend":
            for op, words in segments(proposal.against_text, proposal.text, self.text.language):
                if op == "equal":
                    p.append(self.run(words))
                elif op == "delete":
                    runs = [self.run(words, strike=True, deleted=True)]
                    p.append(self.change("w:del", author, when, runs))
                else:
                    p.append(self.change("w:ins", author, when, [self.run(words, bold=True)]))
        elif proposal.kind == "delete":
            p.append(self.run(f"{kind}: ", italic=True))
            runs = [self.run(proposal.against_text, strike=True, deleted=True)]
            p.append(self.change("w:del", author, when, runs))
        elif proposal.kind == "add":
            p.append(self.run(f"{kind}: ", italic=True))
            p.append(self.change("w:ins", author, when, [self.run(proposal.text, bold=True)]))
        else:
            p.append(self.run(kind, italic=True))
        said = []
        if proposal.supporters:
            said.append(self.words.supported.format(names=", ".join(proposal.supporters)))
        if proposal.opponents:
            said.append(self.words.opposed.format(names=", ".join(proposal.opponents)))
        if said:
            p.append(self.run(f" ({'; '.join(said)})", italic=True))
        if proposal.reason:
            p.append(self.run(" " + self.words.reason.format(reason=proposal.reason), italic=True))

    def finish(self) -> bytes:
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
    labels, operative, letter, item = [], 0, 0, 0
    for paragraph in paragraphs:
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
    subtitle = words.compilation
    if words.summary:
        subtitle = f"{subtitle}. {words.summary}"
    writer.heading(subtitle)
    for paragraph in paragraphs:
        p = writer.clean(paragraph, _name(paragraph), named=True)
        status = words.statuses.get(paragraph.status, paragraph.status)
        p.append(writer.run(f" [{status}]", bold=True))
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
