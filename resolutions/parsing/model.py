"""The parsed form of a resolution: plain dataclasses, the parser's only output."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


class ParseError(ValueError):
    """A text the parser cannot read; says which file and, where it knows, which line."""

    def __init__(self, message: str, line: int | None = None, source: str = "<text>"):
        self.message = message
        self.line = line
        self.source = source
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.source}: {self.message}"
        return f"{self.source}, line {self.line}: {self.message}"


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class TreatyRef:
    """A United Nations *Treaty Series* reference: volume and registration number."""

    volume: int
    number: int


@dataclass(frozen=True)
class DocumentMention:
    """A UN document named in a text: its normalised symbol and where the words stand."""

    symbol: str
    start: int
    end: int


@dataclass(frozen=True)
class FootnoteMarker:
    number: int
    offset: int
    cited_words: str


@dataclass
class ParsedParagraph:
    pid: str
    kind: str
    label: str
    parent: str | None
    text: str
    emphasis: list[Span] = field(default_factory=list)
    footnotes: list[FootnoteMarker] = field(default_factory=list)
    documents: list[DocumentMention] = field(default_factory=list)
    line: int = 0

    def to_json(self) -> dict:
        return {
            "id": self.pid,
            "kind": self.kind,
            "text": self.text,
            "footnotes": _unique(m.number for m in self.footnotes),
            "documents": _unique(d.symbol for d in self.documents),
            "label": self.label,
            "parent": self.parent,
        }


@dataclass
class ParsedFootnote:
    number: int
    text: str
    emphasis: list[Span] = field(default_factory=list)
    treaties: list[TreatyRef] = field(default_factory=list)
    documents: list[DocumentMention] = field(default_factory=list)
    publications: list[str] = field(default_factory=list)
    ibid: bool = False
    line: int = 0

    def to_json(self) -> dict:
        return {
            "number": self.number,
            "text": self.text,
            "treaties": [{"volume": t.volume, "number": t.number} for t in self.treaties],
            "documents": _unique(d.symbol for d in self.documents),
            "publications": list(self.publications),
            "ibid": self.ibid,
        }


@dataclass
class ParsedResolution:
    symbol: str
    session: int
    number: str
    title: str
    adopted: date | None
    distributed: date | None
    agenda_items: list[tuple[str, str]]
    committee: str | None
    report_symbol: str | None
    report_paragraph: str | None
    meeting: str | None
    paragraphs: list[ParsedParagraph]
    footnotes: list[ParsedFootnote]
    form: str

    def paragraph(self, pid: str) -> ParsedParagraph:
        """The paragraph with this id (KeyError if there is none)."""
        for paragraph in self.paragraphs:
            if paragraph.pid == pid:
                return paragraph
        raise KeyError(pid)

    def footnote(self, number: int) -> ParsedFootnote:
        for footnote in self.footnotes:
            if footnote.number == number:
                return footnote
        raise KeyError(number)

    def to_json(self) -> dict:
        """The shape DESIGN.md promises for `ingest_resolution --json`, extra keys last."""
        return {
            "symbol": self.symbol,
            "session": self.session,
            "title": self.title,
            "adopted": self.adopted.isoformat() if self.adopted else None,
            "paragraphs": [p.to_json() for p in self.paragraphs],
            "footnotes": [f.to_json() for f in self.footnotes],
            "number": self.number,
            "distributed": self.distributed.isoformat() if self.distributed else None,
            "agenda_items": [list(item) for item in self.agenda_items],
            "committee": self.committee,
            "report": {"symbol": self.report_symbol, "paragraph": self.report_paragraph},
            "meeting": self.meeting,
            "form": self.form,
        }


def _unique(values) -> list:
    seen: dict = {}
    for value in values:
        seen.setdefault(value, None)
    return list(seen)
