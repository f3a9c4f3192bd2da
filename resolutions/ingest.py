"""Turn a parsed resolution into rows, in one transaction, updating in place by paragraph id."""

import hashlib
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from .models import Citation, Footnote, FootnoteMarker, Instrument, Paragraph, Resolution
from .parsing import (
    Catalogue,
    DocumentMention,
    ParsedFootnote,
    ParsedResolution,
    TreatyRef,
    load_catalogue,
)
from .signals import paragraphs_revised

# Part of every checksum: a new ingest version re-loads texts that have not changed, so that
# parser improvements reach the database.
INGEST_VERSION = "2"

RESOLUTION_SYMBOL = re.compile(r"^A/RES/")


class IngestError(ValueError):
    """A parsed text the library cannot hold as it is (a title longer than any real one)."""


def check_fits(instance) -> None:
    """Every text field within its column's length, so that PostgreSQL never refuses the row
    halfway through a load (SQLite would silently keep it whole)."""
    for column in instance._meta.concrete_fields:
        limit = getattr(column, "max_length", None)
        value = getattr(instance, column.attname)
        if limit and isinstance(value, str) and len(value) > limit:
            raise IngestError(
                f"{instance._meta.verbose_name} {column.verbose_name} is {len(value)} characters "
                f"long; at most {limit} fit: {value[:60]!r}…"
            )


def source_checksum(text: str) -> str:
    return hashlib.sha256(f"{INGEST_VERSION}\n{text}".encode()).hexdigest()


@dataclass
class IngestResult:
    symbol: str
    status: str  # "created", "updated" or "unchanged"
    paragraphs: int = 0
    footnotes: int = 0
    citations: int = 0
    changed_paragraphs: list[str] = field(default_factory=list)
    added_paragraphs: list[str] = field(default_factory=list)
    removed_paragraphs: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if self.status == "unchanged":
            return f"{self.symbol}: unchanged"
        parts = [
            f"{self.symbol}: {self.status}",
            f"{self.paragraphs} paragraphs",
            f"{self.footnotes} footnotes",
            f"{self.citations} citations",
        ]
        if self.status == "updated":
            parts.append(
                f"{len(self.changed_paragraphs)} changed, {len(self.added_paragraphs)} added, "
                f"{len(self.removed_paragraphs)} no longer in the text"
            )
        return ", ".join(parts)


class InstrumentResolver:
    """Finds or creates the instrument behind a treaty reference, a UN symbol or a sales number,
    remembering what it has seen within one ingest run."""

    def __init__(self, catalogue: Catalogue | None = None):
        self.catalogue = catalogue or load_catalogue()
        self._cache: dict[tuple, Instrument] = {}

    def treaty(self, ref: TreatyRef, words: str) -> Instrument:
        key = ("treaty", ref.volume, ref.number)
        if key in self._cache:
            return self._cache[key]
        entry = self.catalogue.by_treaty(ref.volume, ref.number)
        instrument = Instrument.objects.filter(
            unts_volume=ref.volume, unts_number=ref.number
        ).first()
        if entry is not None:
            values = {
                "slug": entry.slug,
                "kind": Instrument.Kind.TREATY,
                "title": entry.title,
                "short_name": entry.short_name,
                "adopted": entry.adopted,
                "url": entry.url,
                "in_catalogue": True,
            }
        else:
            name = clean_words(words) or f"Treaty registered under No. {ref.number}"
            values = {
                "slug": f"unts-{ref.volume}-{ref.number}",
                "kind": Instrument.Kind.TREATY,
                "title": name,
            }
        instrument = self._save(instrument, values, unts_volume=ref.volume, unts_number=ref.number)
        self._cache[key] = instrument
        return instrument

    def document(self, symbol: str) -> Instrument:
        key = ("symbol", symbol)
        if key in self._cache:
            return self._cache[key]
        instrument = Instrument.objects.filter(symbol=symbol).first()
        is_resolution = bool(RESOLUTION_SYMBOL.match(symbol))
        kind = Instrument.Kind.RESOLUTION if is_resolution else Instrument.Kind.DOCUMENT
        library = Resolution.objects.filter(symbol=symbol).only("title").first()
        if library is not None:
            title = library.title
        elif is_resolution:
            title = f"Resolution {symbol.removeprefix('A/RES/')}"
        else:
            title = symbol
        # The words a footnote marker follows name a treaty well but a report or resolution
        # badly ("Secretary-General"), so a document is named by its symbol or its title.
        values = {"slug": slugify(symbol.replace("/", "-")), "kind": kind, "title": title}
        instrument = self._save(instrument, values, symbol=symbol)
        self._cache[key] = instrument
        return instrument

    def publication(self, sales_number: str, words: str, footnote_text: str) -> Instrument:
        key = ("sales", sales_number)
        if key in self._cache:
            return self._cache[key]
        instrument = Instrument.objects.filter(sales_number=sales_number).first()
        title = footnote_text.split("(United Nations publication")[0].strip(" ,.") or sales_number
        values = {
            "slug": "sales-" + slugify(sales_number),
            "kind": Instrument.Kind.PUBLICATION,
            "title": title[:500],
        }
        name = clean_words(words)
        if name and (instrument is None or not instrument.short_name):
            values["short_name"] = name
        instrument = self._save(instrument, values, sales_number=sales_number)
        self._cache[key] = instrument
        return instrument

    @staticmethod
    def _save(instrument, values, **identity):
        if instrument is None:
            return Instrument.objects.create(**identity, **values)
        changed = [name for name, value in values.items() if getattr(instrument, name) != value]
        # A catalogue entry's slug is its public address; a generated one may be replaced by it.
        if "slug" in changed and instrument.in_catalogue and not values.get("in_catalogue"):
            changed.remove("slug")
        for name in changed:
            setattr(instrument, name, values[name])
        if changed:
            instrument.save(update_fields=changed)
        return instrument


def clean_words(words: str) -> str:
    words = " ".join((words or "").split()).strip(" ,;:.")
    for article in ("the ", "The "):
        if words.startswith(article):
            words = words[len(article) :]
    return words[:200]


def footnote_sources(
    footnote: ParsedFootnote,
) -> list[tuple[str, TreatyRef | DocumentMention | str]]:
    sources: list[tuple[str, TreatyRef | DocumentMention | str]] = []
    sources += [("treaty", ref) for ref in footnote.treaties]
    sources += [("document", mention) for mention in footnote.documents]
    sources += [("publication", number) for number in footnote.publications]
    return sources


def ingest_parsed(
    parsed: ParsedResolution,
    *,
    source_name: str,
    checksum: str,
    resolver: InstrumentResolver | None = None,
) -> IngestResult:
    """Load one parsed resolution. Atomic: on any error the database is left as it was."""
    with transaction.atomic():
        return _ingest(parsed, source_name, checksum, resolver or InstrumentResolver())


def _ingest(parsed, source_name, checksum, resolver) -> IngestResult:
    resolution = Resolution.objects.select_for_update().filter(symbol=parsed.symbol).first()
    if resolution is not None and resolution.source_checksum == checksum:
        return IngestResult(parsed.symbol, "unchanged")
    status = "created" if resolution is None else "updated"
    resolution = resolution or Resolution(symbol=parsed.symbol)
    resolution.session = parsed.session
    resolution.number = parsed.number
    resolution.number_int = int(re.sub(r"\D", "", parsed.number) or 0)
    resolution.title = parsed.title
    resolution.adopted = parsed.adopted
    resolution.distributed = parsed.distributed
    resolution.agenda_items = [list(item) for item in parsed.agenda_items]
    resolution.committee = parsed.committee or ""
    resolution.report_symbol = parsed.report_symbol or ""
    resolution.report_paragraph = parsed.report_paragraph or ""
    resolution.meeting = parsed.meeting or ""
    resolution.source_name = source_name
    resolution.source_form = parsed.form
    resolution.source_checksum = checksum
    check_fits(resolution)
    resolution.save()
    # A resolution other texts already cite now has its title.
    Instrument.objects.filter(symbol=parsed.symbol).update(
        title=parsed.title, kind=Instrument.Kind.RESOLUTION
    )

    result = IngestResult(parsed.symbol, status)
    paragraphs = _sync_paragraphs(resolution, parsed, result)
    footnotes = _sync_footnotes(resolution, parsed)
    result.citations = _rebuild_links(resolution, parsed, paragraphs, footnotes, resolver)
    result.paragraphs = len(parsed.paragraphs)
    result.footnotes = len(parsed.footnotes)
    return result


def _sync_paragraphs(resolution, parsed, result) -> dict[str, Paragraph]:
    existing = {p.pid: p for p in resolution.paragraphs.all()} if resolution.pk else {}
    by_pid: dict[str, Paragraph] = {}
    to_create, to_update = [], []
    for position, item in enumerate(parsed.paragraphs, start=1):
        emphasis = [[span.start, span.end] for span in item.emphasis]
        paragraph = existing.get(item.pid)
        if paragraph is None:
            paragraph = Paragraph(
                resolution=resolution,
                pid=item.pid,
                kind=item.kind,
                label=item.label,
                position=position,
                text=item.text,
                emphasis=emphasis,
            )
            to_create.append(paragraph)
            if result.status == "updated":
                result.added_paragraphs.append(item.pid)
        else:
            if paragraph.text != item.text:
                paragraph.revision += 1
                result.changed_paragraphs.append(item.pid)
            paragraph.kind = item.kind
            paragraph.label = item.label
            paragraph.position = position
            paragraph.text = item.text
            paragraph.emphasis = emphasis
            paragraph.in_text = True
            to_update.append(paragraph)
        check_fits(paragraph)
        by_pid[item.pid] = paragraph

    Paragraph.objects.bulk_create(to_create)
    gone = [p for pid, p in existing.items() if pid not in by_pid]
    for position, paragraph in enumerate(gone, start=len(parsed.paragraphs) + 1):
        if paragraph.in_text:
            result.removed_paragraphs.append(paragraph.pid)
        paragraph.in_text = False
        paragraph.position = position
        to_update.append(paragraph)

    for item in parsed.paragraphs:
        by_pid[item.pid].parent = by_pid.get(item.parent) if item.parent else None
    to_update_ids = {id(p) for p in to_update}
    to_update += [p for p in to_create if p.parent is not None and id(p) not in to_update_ids]
    Paragraph.objects.bulk_update(
        to_update,
        ["kind", "label", "position", "text", "emphasis", "in_text", "revision", "parent"],
        batch_size=500,
    )
    changed = set(result.changed_paragraphs)
    revised = [p for p in to_update if p.pid in changed]
    if revised:
        paragraphs_revised.send(sender=Paragraph, paragraphs=revised)
    return by_pid


def _sync_footnotes(resolution, parsed) -> dict[int, Footnote]:
    existing = {f.number: f for f in resolution.footnotes.all()}
    by_number: dict[int, Footnote] = {}
    to_create, to_update = [], []
    for item in parsed.footnotes:
        emphasis = [[span.start, span.end] for span in item.emphasis]
        footnote = existing.get(item.number)
        if footnote is None:
            footnote = Footnote(
                resolution=resolution, number=item.number, text=item.text, emphasis=emphasis
            )
            to_create.append(footnote)
        else:
            footnote.text = item.text
            footnote.emphasis = emphasis
            to_update.append(footnote)
        by_number[item.number] = footnote
    Footnote.objects.bulk_create(to_create)
    Footnote.objects.bulk_update(to_update, ["text", "emphasis"])
    resolution.footnotes.exclude(number__in=by_number).delete()
    return by_number


def _rebuild_links(resolution, parsed, paragraphs, footnotes, resolver) -> int:
    """Markers and citations are derived from the text alone, so they are rebuilt whole."""
    FootnoteMarker.objects.filter(paragraph__resolution=resolution).delete()
    Citation.objects.filter(resolution=resolution).delete()

    # Which words each footnote marker follows, to name instruments the catalogue lacks.
    words_for_footnote: dict[int, str] = {}
    markers, citations = [], []
    for item in parsed.paragraphs:
        paragraph = paragraphs[item.pid]
        for marker in item.footnotes:
            markers.append(
                FootnoteMarker(
                    paragraph=paragraph,
                    footnote=footnotes[marker.number],
                    offset=marker.offset,
                    cited_words=marker.cited_words[:500],
                )
            )
            words_for_footnote.setdefault(marker.number, marker.cited_words)
        for mention in item.documents:
            citations.append(
                Citation(
                    instrument=resolver.document(mention.symbol),
                    resolution=resolution,
                    paragraph=paragraph,
                    via=Citation.Via.TEXT,
                    words=item.text[mention.start : mention.end][:500],
                    start=mention.start,
                    end=mention.end,
                )
            )

    instruments_of_footnote: dict[int, list[Instrument]] = {}
    for item in parsed.footnotes:
        words = words_for_footnote.get(item.number, "")
        found = []
        for kind, source in footnote_sources(item):
            if kind == "treaty":
                instrument = resolver.treaty(source, words)
                span = (None, None)
            elif kind == "document":
                instrument = resolver.document(source.symbol)
                inside = 0 <= source.start < source.end <= len(item.text)
                span = (source.start, source.end) if inside and not item.ibid else (None, None)
            else:
                instrument = resolver.publication(source, words, item.text)
                span = (None, None)
            if instrument in found:
                continue
            found.append(instrument)
            citations.append(
                Citation(
                    instrument=instrument,
                    resolution=resolution,
                    footnote=footnotes[item.number],
                    via=Citation.Via.TEXT,
                    words=(item.text[span[0] : span[1]] if span[0] is not None else item.text)[
                        :500
                    ],
                    start=span[0],
                    end=span[1],
                )
            )
        instruments_of_footnote[item.number] = found

    for marker in markers:
        for instrument in instruments_of_footnote.get(marker.footnote.number, []):
            citations.append(
                Citation(
                    instrument=instrument,
                    resolution=resolution,
                    paragraph=marker.paragraph,
                    footnote=marker.footnote,
                    via=Citation.Via.FOOTNOTE,
                    words=marker.cited_words[:500],
                    start=marker.offset,
                    end=marker.offset,
                )
            )

    FootnoteMarker.objects.bulk_create(markers, batch_size=500)
    Citation.objects.bulk_create(citations, batch_size=500)
    return len(citations)
