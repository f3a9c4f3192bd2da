"""The parsed form of a resolution: plain dataclasses, the parser's only output."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


class ParseError(ValueError):
    """A text the parser cannot read; says which file and, where it knows, which line."""

    def __init__(
        self,
        message: str,
        line: int | None = None,
        source: str = "<text>",
        page: int | None = None,
    ):
        self.message = message
        self.line = line
        self.source = source
        # A paged source (a PDF) names the page, and `line` is the line on that page.
        self.page = page
        super().__init__(str(self))

    def __str__(self) -> str:
        place = f", page {self.page}" if self.page is not None else ""
        if self.line is not None:
            place += f", line {self.line}"
        return f"{self.source}{place}: {self.message}"


@dataclass(frozen=True)
class Span:
    """A run of emphasised text: `style` is "italic" (the default) or "bold"."""

    start: int
    end: int
    style: str = "italic"


@dataclass(frozen=True)
class LinkSpan:
    """A run of text the source links somewhere (AKN `<a href>`); only http(s) addresses."""

    start: int
    end: int
    href: str


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
    # Null for a single resolution; "a", "b"… for the parts of a multi-part one (77/264 A-C).
    part: str | None = None
    # Null in the resolution itself; 1, 2… in its annexes.
    annex: int | None = None
    links: list[LinkSpan] = field(default_factory=list)
    # A table in the source (an annex's programme budget): rows of cell texts. `text` then holds
    # the cells joined with tabs and newlines, so that search and quotes still work.
    table: list[list[str]] | None = None

    def to_json(self) -> dict:
        data = {
            "id": self.pid,
            "kind": self.kind,
            "text": self.text,
            "footnotes": _unique(m.number for m in self.footnotes),
            "documents": _unique(d.symbol for d in self.documents),
            "label": self.label,
            "parent": self.parent,
            "part": self.part,
            "annex": self.annex,
        }
        if self.table is not None:
            data["table"] = [list(row) for row in self.table]
        return data


@dataclass
class ParsedHeading:
    """A section heading ("I. Actions by African countries"): linkable, not annotatable.
    `before` is the id of the first paragraph under it (None at the very end)."""

    pid: str
    text: str
    before: str | None
    part: str | None = None
    annex: int | None = None
    emphasis: list[Span] = field(default_factory=list)
    line: int = 0

    def to_json(self) -> dict:
        return {
            "id": self.pid,
            "text": self.text,
            "before": self.before,
            "part": self.part,
            "annex": self.annex,
        }


@dataclass
class ParsedPart:
    """One part of a multi-part resolution: label "A", its own title."""

    label: str
    title: str

    def to_json(self) -> dict:
        return {"label": self.label, "title": self.title}


@dataclass
class ParsedAnnex:
    """An annex: its number (1 for a single annex), its heading ("Annex", "Annex I") and title."""

    number: int
    title: str
    heading: str = ""

    def to_json(self) -> dict:
        return {"number": self.number, "title": self.title, "heading": self.heading}


@dataclass
class ParsedVotes:
    """How the resolution was adopted: "recorded" or "without vote", with the Member States
    as the source names them."""

    outcome: str
    in_favour: list[str] = field(default_factory=list)
    against: list[str] = field(default_factory=list)
    abstaining: list[str] = field(default_factory=list)
    # Counts as the source states them, when it states them; else the lengths of the lists.
    counts: tuple[int, int, int] | None = None

    def to_json(self) -> dict:
        counts = self.counts or (len(self.in_favour), len(self.against), len(self.abstaining))
        return {
            "outcome": self.outcome,
            "in_favour": counts[0],
            "against": counts[1],
            "abstaining": counts[2],
            "states": {
                "in_favour": list(self.in_favour),
                "against": list(self.against),
                "abstaining": list(self.abstaining),
            },
        }


@dataclass(frozen=True)
class ParsedSubject:
    """A classification the source gives: scheme "SDG", "UNBIS" or "EuroVoc" (tagged by a
    machine), "UNBIS-library" (chosen by the UN Library's indexers) or "agenda"."""

    scheme: str
    label: str
    uri: str = ""

    def to_json(self) -> dict:
        return {"scheme": self.scheme, "label": self.label, "uri": self.uri}


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
    # ISO 639-1 code of the text's language: "ar", "zh", "en", "fr", "ru", "es".
    language: str = "en"
    parts: list[ParsedPart] = field(default_factory=list)
    annexes: list[ParsedAnnex] = field(default_factory=list)
    headings: list[ParsedHeading] = field(default_factory=list)
    votes: ParsedVotes | None = None
    subjects: list[ParsedSubject] = field(default_factory=list)
    # Footnote markers on the title itself (AKN: an authorialNote inside the preface's docTitle).
    title_footnotes: list[FootnoteMarker] = field(default_factory=list)
    # What the checks found, when the caller asked for a lenient parse (else always empty).
    problems: list[str] = field(default_factory=list)
    # Faults of the source's markup read as a reader of the document reads them, each
    # "kind: place: what" (a heading set out as a paragraph, a table as a paragraph of its own).
    repairs: list[str] = field(default_factory=list)
    # A paged source (a PDF) numbers its lines through the file: where each stands, as
    # (page, line on that page), for messages that name a place.
    pages: dict[int, tuple[int, int]] = field(default_factory=dict)

    def locate(self, error: ParseError) -> ParseError:
        """The error with its line named as a page and a line on it, where the source is paged."""
        return self.locate_in(self.pages, error)

    @staticmethod
    def locate_in(pages: dict[int, tuple[int, int]], error: ParseError) -> ParseError:
        if error.page is None and error.line in pages:
            page, line = pages[error.line]
            return ParseError(error.message, line, error.source, page=page)
        return error

    # The header and closing lines in the text's own words (AKN only): see akn._front.
    front: dict = field(default_factory=dict)

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
            "language": self.language,
            "parts": [p.to_json() for p in self.parts],
            "annexes": [a.to_json() for a in self.annexes],
            "headings": [h.to_json() for h in self.headings],
            "votes": self.votes.to_json() if self.votes else None,
            "subjects": [s.to_json() for s in self.subjects],
            "title_footnotes": _unique(m.number for m in self.title_footnotes),
            "repairs": list(self.repairs),
        }


def _unique(values) -> list:
    seen: dict = {}
    for value in values:
        seen.setdefault(value, None)
    return list(seen)
