"""The reader's read model: one resolution, in one language (or two side by side), as plain
dataclasses the reader template lays out.

`read_document` is where the document part of a reader page is assembled: it reads the rows in a
fixed number of queries, whatever the length of the text, and changes nothing it reads. What is
personal on the page (the viewer's notes) is added by the view, never here, so this part can be
cached whole.
"""

import re
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from resolutions.models import (
    UNDOCS_URL,
    Citation,
    Footnote,
    FootnoteMarker,
    FootnoteText,
    Instrument,
    Language,
    Paragraph,
    ParagraphText,
    Resolution,
)
from resolutions.parsing.languages import by_code, direction
from resolutions.parsing.numbering import roman
from resolutions.reader.faults import describe_all as describe_faults
from resolutions.reader.labels import names
from resolutions.reader.rendering import Link, Marker, footnote_marker_html, render_text

LANGUAGE_NAMES = dict(Language.choices)
LANGUAGE_ORDER = [code for code, _ in Language.choices]
# How far in a sub-paragraph or an item stands.
DEPTH = {Paragraph.Kind.SUBPARAGRAPH: 1, Paragraph.Kind.ITEM: 2}
# Only links a reader can follow safely: the web, or a page of our own.
SAFE_HREF = re.compile(r"^(?:https?://|/)", re.IGNORECASE)


@dataclass
class Text:
    """A paragraph's or footnote's wording in one language, ready to show."""

    language: str
    html: SafeString
    plain: str
    table: list | None = None

    @property
    def direction(self) -> str:
        return direction(self.language)


@dataclass
class Division:
    """A part (77/264 A, B, C) or an annex, headed before its first paragraph."""

    id: str
    kind: str  # "part" or "annex"
    heading: str  # "A", "Annex", "Annex I"
    title: str


@dataclass
class InstrumentView:
    name: str
    href: str
    symbol: str
    kind: str
    in_library: bool


@dataclass(eq=False)
class ParagraphView:
    """One paragraph (or section heading) of the document. `text` is None where the language
    shown has no version of it; `also` is the second language of a side-by-side view."""

    pk: int
    pid: str
    kind: str
    label: str
    number: str  # what stands before the text: "26.", "(a)", "pp3"
    depth: int
    display_name: str  # "operative paragraph 26"
    citation: str  # "General Assembly resolution 79/154, para. 26"
    permalink: str
    revision: int
    in_text: bool
    resolution: Resolution
    text: Text | None
    also: Text | None = None
    instruments: list[InstrumentView] = field(default_factory=list)
    division: Division | None = None  # the part or annex this paragraph opens
    opens_body: bool = False  # "The General Assembly," stands before it
    heading_level: int = 2

    @property
    def is_heading(self) -> bool:
        return self.kind == Paragraph.Kind.HEADING

    @property
    def annotatable(self) -> bool:
        return not self.is_heading


@dataclass(eq=False)
class FootnoteView:
    pk: int
    pid: str
    number: int
    href: str
    text: Text
    instruments: list[InstrumentView] = field(default_factory=list)
    more_instruments: list[InstrumentView] = field(default_factory=list)
    back_links: list[tuple[str, str]] = field(default_factory=list)  # (anchor, display name)
    display_name: str = ""


@dataclass
class ContentsEntry:
    href: str
    label: str
    level: int = 1
    numbers: list[tuple[str, str]] = field(default_factory=list)  # (href, label)


@dataclass
class CitingResolution:
    symbol: str
    title: str
    href: str
    paragraphs: list[tuple[str, str, str]]  # (display name, permalink, opening words)


@dataclass
class Document:
    resolution: Resolution
    language: str
    also: str
    languages: list[tuple[str, str]]  # (code, name) of every language version loaded
    title: str
    paragraphs: list[ParagraphView]
    detached: list[ParagraphView]  # no longer in the text; shown when they carry notes
    footnotes: list[FootnoteView]
    contents: list[ContentsEntry]
    cited_by: list[CitingResolution]
    report_href: str
    asked_language: str = ""  # a ?lang= the library does not have, if any
    default_language: str = "en"
    # Faults the checks found in the UN's own markup of this language version, loaded anyway.
    problems: list[str] = field(default_factory=list)
    # The masthead, opening words and meeting line, and the language they are written in.
    front: dict = field(default_factory=dict)
    front_language: str = "en"

    @property
    def direction(self) -> str:
        return direction(self.language)

    @property
    def front_direction(self) -> str:
        return direction(self.front_language)

    @property
    def faults(self) -> list[str]:
        """The markup's faults in a reader's words (the raw `problems` name files and lines)."""
        return describe_faults(self.problems)

    @property
    def report_html(self) -> SafeString:
        """The report line, its symbol linked to the report."""
        line = self.front.get("report", "")
        symbol = self.resolution.report_symbol
        if not (symbol and self.report_href and symbol in line):
            return escape(line)
        before, _, after = line.partition(symbol)
        link = format_html('<a href="{}">{}</a>', self.report_href, symbol)
        return mark_safe(escape(before) + link + escape(after))  # noqa: S308 (escaped above)

    @property
    def also_name(self) -> str:
        return LANGUAGE_NAMES.get(self.also, "")

    @property
    def language_name(self) -> str:
        return LANGUAGE_NAMES.get(self.language, self.language)

    @property
    def asked_language_name(self) -> str:
        return LANGUAGE_NAMES.get(self.asked_language, self.asked_language)

    def find(self, pid: str) -> ParagraphView | FootnoteView | None:
        items = self.footnotes if pid.startswith("fn") else [*self.paragraphs, *self.detached]
        return next((item for item in items if item.pid == pid), None)

    def neighbours(self, pid: str) -> tuple[ParagraphView | None, ParagraphView | None]:
        """The paragraphs before and after one, for a permalink page's previous and next."""
        pids = [p.pid for p in self.paragraphs]
        if pid not in pids:
            return None, None
        at = pids.index(pid)
        before = self.paragraphs[at - 1] if at > 0 else None
        after = self.paragraphs[at + 1] if at + 1 < len(pids) else None
        return before, after

    def query(self, **changes) -> str:
        """The ?lang=…&also=… that keeps this view, for links within it."""
        lang = self.language if self.language != self.default_language or self.also else ""
        values = {"lang": lang, "also": self.also, **changes}
        parts = [f"{key}={value}" for key, value in values.items() if value]
        return "?" + "&".join(parts) if parts else ""


def written_date(day, language: str = "en") -> str:
    """A date the way the UN's English texts write it: "15 December 2022"."""
    return f"{day.day} {by_code(language).months[day.month - 1]} {day.year}" if day else ""


def library_front(resolution: Resolution) -> dict:
    """The masthead in English from the library's own fields, for a text whose own (an AKN
    file's cover page) was not loaded: Markdown and PDF text forms carry none in the library."""
    from resolutions.templatetags.reader_tags import session_name

    report = ""
    if resolution.report_symbol:
        paragraph = f", para. {resolution.report_paragraph}" if resolution.report_paragraph else ""
        whose = (
            f"on the report of the {resolution.committee}"
            if resolution.committee
            else "without reference to a Main Committee"
        )
        report = f"[{whose} ({resolution.report_symbol}{paragraph})]"
    adopted = "Resolution adopted by the General Assembly"
    if resolution.adopted:
        adopted += f" on {written_date(resolution.adopted)}"
    front = {
        "organ": "General Assembly",
        "session": session_name(resolution.session),
        "agenda": [
            [f"Agenda item {number}", title] for number, title in resolution.agenda_items or []
        ],
        "adopted": adopted,
        "report": report,
        "opening": "The General Assembly,",
        "committee": resolution.committee,
        "meeting": resolution.meeting,
        "meeting_date": written_date(resolution.adopted),
    }
    if resolution.distributed:
        front["distribution"] = "Distr.: General"
        front["distributed"] = written_date(resolution.distributed)
    return front


def choose_languages(loaded: list[str], asked: str, also: str) -> tuple[str, str, str]:
    """The language to show, the one beside it (or ""), and a language asked for that the
    library does not have (or "")."""
    default = "en" if "en" in loaded else loaded[0]
    language = asked if asked in loaded else default
    missing = asked if asked and asked not in loaded else ""
    also = also if also in loaded and also != language else ""
    return language, also, missing


def describe(paragraph: Paragraph, resolution: Resolution) -> tuple[str, str, str]:
    """How people name a paragraph, how it is cited and the number printed before it:
    ("operative paragraph 5 (a)", "General Assembly resolution 79/154, para. 5 (a)", "(a)")."""
    found = names(paragraph.pid, paragraph.kind, paragraph.label, resolution)
    return found.name, found.citation, found.shown


def cited_in(paragraph: Paragraph, resolution: Resolution) -> str:
    """A paragraph as the reader names one of another resolution, by its symbol:
    "A/RES/77/194, para. 12", "A/RES/77/194 B, annex, para. 3"."""
    found = names(paragraph.pid, paragraph.kind, paragraph.label, resolution)
    return found.cited_as(resolution.symbol)


def _safe_links(spans) -> list[Link]:
    return [
        Link(int(s), int(e), href, {"class": "source-link"})
        for s, e, href, *_ in spans or ()
        if isinstance(href, str) and SAFE_HREF.match(href)
    ]


def _instrument_view(instrument, library: set[str]) -> InstrumentView:
    in_library = bool(instrument.symbol) and instrument.symbol in library
    href = (
        reverse("resolutions:reader", kwargs={"symbol": instrument.symbol})
        if in_library
        else instrument.get_absolute_url()
    )
    return InstrumentView(instrument.name, href, instrument.symbol, instrument.kind, in_library)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


def instrument_link(citation: Citation | _Span, view: InstrumentView) -> Link:
    if view.in_library:
        return Link(citation.start, citation.end, view.href, {"class": "cite cite-library"})
    attrs = {
        "class": "cite",
        "hx-get": view.href,
        "hx-target": "#panel",
        "data-opens-panel": "",
    }
    return Link(citation.start, citation.end, view.href, attrs)


def symbol_href(symbol: str, library: set[str]) -> str:
    """A UN symbol opens the resolution in the library when we have it, else the official text."""
    if symbol in library:
        return reverse("resolutions:reader", kwargs={"symbol": symbol})
    return UNDOCS_URL.format(symbol=symbol)


def read_document(resolution: Resolution, language: str = "", also: str = "") -> Document:
    """The resolution as the reader shows it. Ten queries, however many paragraphs, footnotes,
    citations and language versions it has."""
    reading = _Reading(resolution, language, also)
    paragraphs, detached = reading.paragraph_views()
    footnotes = reading.footnote_views()
    cited_by = reading.cited_by()
    return reading.document(paragraphs, detached, footnotes, cited_by)


class _Reading:
    """What `read_document` reads of one resolution, in the languages shown, and the steps that
    turn it into the reader's views. The rows are all fetched here, in a fixed number of
    queries; the steps after read only what is in hand (the resolutions citing this one
    excepted, one query of its own)."""

    def __init__(self, resolution: Resolution, language: str, also: str):
        self.resolution = resolution
        self.texts = {t.language: t for t in resolution.texts.all()}
        self.loaded = sorted(self.texts, key=LANGUAGE_ORDER.index) or [resolution.primary_language]
        self.language, self.also, self.asked_missing = choose_languages(self.loaded, language, also)
        self.primary = resolution.primary_language
        self.rows = list(resolution.paragraphs.order_by("position"))
        self._read_wordings()
        self._read_apparatus()
        self._read_instruments()
        self._index_footnotes()
        self._index_citations()
        # Marker anchors already given on the page: each must be unique.
        self.seen_anchors: set[str] = set()

    # --- Reading the rows ---------------------------------------------------------------------

    def _read_wordings(self) -> None:
        """The paragraphs' and footnotes' words in the languages shown."""
        shown = [code for code in (self.language, self.also) if code]
        self.wording: dict[tuple[int, str], ParagraphText] = {}
        self.footnote_wording: dict[tuple[int, str], FootnoteText] = {}
        if not self.texts:
            return
        for row in ParagraphText.objects.filter(
            paragraph__resolution=self.resolution, language__in=shown
        ):
            self.wording[row.paragraph_id, row.language] = row
        for row in FootnoteText.objects.filter(
            footnote__resolution=self.resolution, language__in=shown
        ):
            self.footnote_wording[row.footnote_id, row.language] = row

    def _read_apparatus(self) -> None:
        """Footnotes, their markers in the text, and what the resolution cites."""
        resolution = self.resolution
        self.footnotes = list(resolution.footnotes.order_by("number"))
        self.markers = list(
            FootnoteMarker.objects.filter(paragraph__resolution=resolution).order_by("offset")
        )
        self.citations = list(
            Citation.objects.filter(resolution=resolution)
            .select_related("instrument")
            .order_by("instrument__kind", "instrument__title")
        )

    def _read_instruments(self) -> None:
        """The instruments only another language's text names (its own words may name one
        more), and which of the symbols cited the library holds."""
        named = {
            span[2]
            for row in (*self.wording.values(), *self.footnote_wording.values())
            for span in row.citations or ()
            if len(span) == 3
        }
        named -= {c.instrument_id for c in self.citations}
        self.other_instruments = list(Instrument.objects.filter(pk__in=named)) if named else []
        cited_symbols = {c.instrument.symbol for c in self.citations if c.instrument.symbol}
        cited_symbols |= {i.symbol for i in self.other_instruments if i.symbol}
        cited_symbols.add(self.resolution.report_symbol)
        self.library = set(
            Resolution.objects.filter(symbol__in=cited_symbols).values_list("symbol", flat=True)
        )

    # --- Indexes over what was read -----------------------------------------------------------

    def _index_footnotes(self) -> None:
        """Each footnote by pk and number, its page, and the markers of the primary text."""
        self.footnote_by_pk = {f.pk: f for f in self.footnotes}
        self.footnote_by_number = {f.number: f for f in self.footnotes}
        self.footnote_href = {
            f.pk: reverse(
                "resolutions:paragraph", kwargs={"symbol": self.resolution.symbol, "pid": f.pid}
            )
            for f in self.footnotes
        }
        self.back_links: dict[int, list[tuple[str, str]]] = {f.pk: [] for f in self.footnotes}
        self.primary_markers: dict[int, list[tuple[int, Footnote]]] = {}
        for marker in self.markers:
            if marker.footnote_id in self.footnote_by_pk:
                self.primary_markers.setdefault(marker.paragraph_id, []).append(
                    (marker.offset, self.footnote_by_pk[marker.footnote_id])
                )

    def _index_citations(self) -> None:
        """Each instrument as shown, the ones each paragraph and footnote cites, and the links
        on the words that name them."""
        self.instruments: dict[int, InstrumentView] = {}
        self.paragraph_instruments: dict[int, list[InstrumentView]] = {}
        self.footnote_instruments: dict[int, list[InstrumentView]] = {}
        self.paragraph_links: dict[int, list[Link]] = {}
        self.footnote_links: dict[int, list[Link]] = {}
        for citation in self.citations:
            view = self.instruments.setdefault(
                citation.instrument_id, _instrument_view(citation.instrument, self.library)
            )
            if citation.via == Citation.Via.TEXT and citation.paragraph_id:
                owner_list = self.paragraph_instruments.setdefault(citation.paragraph_id, [])
                links = self.paragraph_links.setdefault(citation.paragraph_id, [])
            elif citation.footnote_id:
                owner_list = self.footnote_instruments.setdefault(citation.footnote_id, [])
                links = self.footnote_links.setdefault(citation.footnote_id, [])
            else:
                continue
            if view not in owner_list:
                owner_list.append(view)
            if citation.via == Citation.Via.TEXT and citation.start is not None:
                links.append(instrument_link(citation, view))
        for instrument in self.other_instruments:
            self.instruments[instrument.pk] = _instrument_view(instrument, self.library)

    def language_links(self, row) -> list[Link]:
        """Links on the instruments a language's own text names, where it names them."""
        links = []
        for start, end, instrument_id in (s for s in row.citations or () if len(s) == 3):
            view = self.instruments.get(instrument_id)
            if view is not None and 0 <= start < end <= len(row.text):
                links.append(instrument_link(_Span(start, end), view))
        return links

    # --- A paragraph's words ------------------------------------------------------------------

    def text_of(self, paragraph: Paragraph, code: str, display_name: str, main: bool):
        """The paragraph's words in language `code`, with its footnote markers and links; None
        where that language's text lacks the paragraph."""
        row = self.wording.get((paragraph.pk, code))
        if row is None and code != self.primary and self.texts:
            return None
        if row is not None:
            plain, emphasis, spans, table = row.text, row.emphasis, row.links, row.table
        else:
            plain, emphasis = paragraph.text, paragraph.emphasis
            spans, table = paragraph.links, paragraph.table
        markers = self._markers(paragraph, code, row, display_name, main)
        links = _safe_links(spans)
        if code == self.primary:
            links += self.paragraph_links.get(paragraph.pk, [])
        elif row is not None:
            links += self.language_links(row)
        return Text(code, render_text(plain, emphasis, markers, links), plain, table)

    def _markers(self, paragraph, code: str, row, display_name: str, main: bool) -> list[Marker]:
        """The footnote markers in the paragraph's words in `code`, each a unique anchor; the
        main column's are the anchors a footnote links back to."""
        if code == self.primary:
            at = self.primary_markers.get(paragraph.pk, [])
        else:
            at = [
                (offset, self.footnote_by_number[number])
                for offset, number in (row.markers or [])
                if number in self.footnote_by_number
            ]
        rendered = []
        for offset, footnote in at:
            anchor = f"{paragraph.pid}-{footnote.pid}" + ("" if main else f"-{code}")
            while anchor in self.seen_anchors:
                anchor += "-again"
            self.seen_anchors.add(anchor)
            if main:
                self.back_links[footnote.pk].append((anchor, display_name))
            html = footnote_marker_html(anchor, self.footnote_href[footnote.pk], footnote.number)
            rendered.append(Marker(offset, html))
        return rendered

    # --- The views ----------------------------------------------------------------------------

    def paragraph_views(self) -> tuple[list[ParagraphView], list[ParagraphView]]:
        """The paragraphs in the text, in order, each opening its part or annex; and the
        paragraphs kept apart from the text (`detached`)."""
        views: list[ParagraphView] = []
        detached: list[ParagraphView] = []
        current_division = ("", None)
        body_opened = False
        for paragraph in self.rows:
            view = self._paragraph_view(paragraph)
            if not paragraph.in_text:
                detached.append(view)
                continue
            division = (paragraph.part, paragraph.annex)
            if division != current_division:
                current_division = division
                body_opened = False
                view.division = self._division(paragraph)
            if paragraph.annex is None and not body_opened and not view.is_heading:
                view.opens_body = body_opened = True
            view.heading_level = 3 if paragraph.part or paragraph.annex is not None else 2
            views.append(view)
        return views, detached

    def _paragraph_view(self, paragraph: Paragraph) -> ParagraphView:
        name, cited_as, shown_number = describe(paragraph, self.resolution)
        return ParagraphView(
            pk=paragraph.pk,
            pid=paragraph.pid,
            kind=paragraph.kind,
            label=paragraph.label,
            number=shown_number,
            depth=DEPTH.get(paragraph.kind, 0),
            display_name=name,
            citation=cited_as,
            permalink=reverse(
                "resolutions:paragraph",
                kwargs={"symbol": self.resolution.symbol, "pid": paragraph.pid},
            ),
            revision=paragraph.revision,
            in_text=paragraph.in_text,
            resolution=self.resolution,
            text=self.text_of(paragraph, self.language, name, main=paragraph.in_text),
            also=self.text_of(paragraph, self.also, name, main=False) if self.also else None,
            instruments=sorted(
                self.paragraph_instruments.get(paragraph.pk, []), key=lambda i: (i.kind, i.name)
            ),
        )

    def _division(self, paragraph: Paragraph) -> Division | None:
        """The part or annex a paragraph opens, headed as the text heads it."""
        text = self.texts.get(self.language)
        if paragraph.annex is not None:
            annexes = {a.get("number"): a for a in getattr(text, "annexes", [])}
            entry = annexes.get(paragraph.annex, {})
            heading = entry.get("heading") or (
                "Annex" if len(annexes) <= 1 else f"Annex {roman(paragraph.annex).upper()}"
            )
            return Division(f"annex{paragraph.annex}", "annex", heading, entry.get("title", ""))
        if paragraph.part:
            parts = {p.get("label", "").lower(): p for p in getattr(text, "parts", [])}
            entry = parts.get(paragraph.part, {})
            label = entry.get("label") or paragraph.part.upper()
            return Division(f"part-{paragraph.part}", "part", label, entry.get("title", ""))
        return None

    def footnote_views(self) -> list[FootnoteView]:
        return [self._footnote_view(footnote) for footnote in self.footnotes]

    def _footnote_view(self, footnote: Footnote) -> FootnoteView:
        language, primary = self.language, self.primary
        row = self.footnote_wording.get((footnote.pk, language))
        if row is not None and language != primary:
            links = _safe_links(row.links) + self.language_links(row)
            html = render_text(row.text, row.emphasis, (), links)
            text = Text(language, html, row.text)
        else:
            links = self.footnote_links.get(footnote.pk, []) + _safe_links(
                getattr(row, "links", [])
            )
            html = render_text(footnote.text, footnote.emphasis, (), links)
            text = Text(primary, html, footnote.text)
        cited = sorted(
            self.footnote_instruments.get(footnote.pk, []), key=lambda i: (i.kind, i.name)
        )
        linked = {link.href for link in self.footnote_links.get(footnote.pk, [])}
        return FootnoteView(
            pk=footnote.pk,
            pid=footnote.pid,
            number=footnote.number,
            href=self.footnote_href[footnote.pk],
            text=text,
            instruments=cited,
            # What the footnote's words do not already link ("Ibid., vol. 2237").
            more_instruments=[i for i in cited if i.href not in linked],
            back_links=self.back_links[footnote.pk],
            display_name=_("footnote %(number)s") % {"number": footnote.number},
        )

    def cited_by(self) -> list[CitingResolution]:
        """The resolutions whose text cites this one, newest first, with the paragraphs."""
        resolution = self.resolution
        citing = (
            Citation.objects.filter(
                instrument__symbol=resolution.symbol,
                paragraph__isnull=False,
                paragraph__in_text=True,
            )
            .exclude(resolution=resolution)
            .select_related("paragraph", "resolution")
            .order_by("-resolution__session", "-resolution__number_int", "paragraph__position")
        )
        cited_by: dict[int, CitingResolution] = {}
        for citation in citing:
            other = citation.resolution
            entry = cited_by.setdefault(
                other.pk, CitingResolution(other.symbol, other.title, other.get_absolute_url(), [])
            )
            paragraph = citation.paragraph
            paragraph.resolution = other  # the same object: no query for its URL
            name = describe(paragraph, other)[0]
            item = (name, paragraph.get_absolute_url(), paragraph.text)
            if item not in entry.paragraphs:
                entry.paragraphs.append(item)
        return list(cited_by.values())

    def document(self, paragraphs, detached, footnotes, cited_by) -> Document:
        resolution, language, text = self.resolution, self.language, self.texts.get(self.language)
        return Document(
            resolution=resolution,
            language=language,
            also=self.also,
            languages=[(code, LANGUAGE_NAMES.get(code, code)) for code in self.loaded],
            title=getattr(text, "title", "") or resolution.title,
            paragraphs=paragraphs,
            detached=detached,
            footnotes=footnotes,
            contents=contents_of(paragraphs, footnotes, bool(cited_by)),
            cited_by=cited_by,
            report_href=symbol_href(resolution.report_symbol, self.library)
            if resolution.report_symbol
            else "",
            asked_language=self.asked_missing,
            default_language=choose_languages(self.loaded, "", "")[0],
            problems=list(getattr(text, "problems", []) or []),
            **front_of(resolution, text, language),
        )


def front_of(resolution: Resolution, text, language: str) -> dict:
    """The masthead in the text's own words when its file gave them, else the library's English."""
    own = getattr(text, "front", None) or {}
    if own.get("opening"):
        return {"front": own, "front_language": language}
    return {"front": library_front(resolution), "front_language": "en"}


def contents_of(paragraphs, footnotes, cited) -> list[ContentsEntry]:
    """The contents list, following the document: parts and annexes, the preamble and the
    operative part of each, section headings, and the operative numbers under what holds them."""
    entries: list[ContentsEntry] = []
    divided = any(p.division for p in paragraphs)
    nested = 2 if divided else 1
    kinds_seen: set[str] = set()
    for paragraph in paragraphs:
        if paragraph.division:
            division = paragraph.division
            joiner = ". " if division.kind == "part" else ": "
            label = division.heading + (joiner + division.title if division.title else "")
            entries.append(ContentsEntry(f"#{division.id}", label, 1))
            kinds_seen = set()
        in_annex = paragraph.pid.startswith("annex")
        if paragraph.is_heading:
            plain = paragraph.text.plain if paragraph.text else ""
            entries.append(ContentsEntry(f"#{paragraph.pid}", plain, nested))
            continue
        if not in_annex and paragraph.kind not in kinds_seen:
            if paragraph.kind == Paragraph.Kind.PREAMBULAR:
                entries.append(ContentsEntry(f"#{paragraph.pid}", _("Preamble"), nested))
            elif paragraph.kind == Paragraph.Kind.OPERATIVE:
                label = _("Operative paragraphs")
                entries.append(ContentsEntry(f"#{paragraph.pid}", label, nested))
            kinds_seen.add(paragraph.kind)
        if paragraph.kind == Paragraph.Kind.OPERATIVE and entries:
            entries[-1].numbers.append((f"#{paragraph.pid}", paragraph.label or paragraph.number))
    if footnotes:
        label = _("Footnotes (%(count)d)") % {"count": len(footnotes)}
        entries.append(ContentsEntry("#footnotes", label, 1))
    if cited:
        entries.append(ContentsEntry("#cited-by", _("Cited by"), 1))
    return entries
