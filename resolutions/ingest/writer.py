"""Turn a parsed resolution into rows, in one transaction, updating in place by paragraph id."""

import hashlib
import re
from dataclasses import dataclass, field

from django.db import connections, router, transaction
from django.db.models import F, OuterRef, Subquery
from django.utils.text import slugify

from resolutions.browse import regions
from resolutions.browse.subjects import agenda_label
from resolutions.cache import pages as pagecache
from resolutions.ingest.slugs import unique_slug
from resolutions.models import (
    Citation,
    Footnote,
    FootnoteMarker,
    FootnoteText,
    Instrument,
    Language,
    MemberState,
    Paragraph,
    ParagraphAlias,
    ParagraphText,
    Resolution,
    ResolutionText,
    Subject,
    Vote,
)
from resolutions.notes import notes
from resolutions.parsing import (
    Catalogue,
    DocumentMention,
    ParsedFootnote,
    ParsedHeading,
    ParsedResolution,
    ParsedSubject,
    TreatyRef,
    load_catalogue,
    numbering,
)

# Part of every checksum: a new ingest version re-loads texts that have not changed, so that
# parser improvements reach the database.
INGEST_VERSION = "7"

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


def insert_rows(model, instances) -> None:
    """New rows nothing reads back the ids of, in one `executemany`: the ORM's bulk_create
    compiles its statement again for every batch, most of a load's time for these tables."""
    if not instances:
        return
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    marks = ", ".join(["%s"] * len(fields))
    rows = [
        [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
        for instance in instances
    ]
    with connection.cursor() as cursor:
        # Names from the model, values as parameters.
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608


def update_rows(model, instances, names) -> None:
    """Rows written back column by column in one `executemany`, as `bulk_update` writes them:
    its CASE over every row of a batch grows with the batch, and costs a load most of a second
    for a resolution whose other language shifts every paragraph after one of its own."""
    if not instances:
        return
    connection = connections[router.db_for_write(model)]
    fields = [model._meta.get_field(name) for name in names]
    assignments = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    key = connection.ops.quote_name(model._meta.pk.column)
    rows = [
        [f.get_db_prep_save(getattr(instance, f.attname), connection) for f in fields]
        + [instance.pk]
        for instance in instances
    ]
    with connection.cursor() as cursor:
        # Names from the model, values as parameters.
        cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {key} = %s", rows)  # noqa: S608


def source_checksum(text: str) -> str:
    return hashlib.sha256(f"{INGEST_VERSION}\n{text}".encode()).hexdigest()


def pdf_identity(data: bytes) -> str:
    """What stands for a PDF's text in its checksum: the digest of its bytes."""
    return "pdf:" + hashlib.sha256(data).hexdigest()


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
    # (former id, id): paragraphs a better reading of the text gave another id.
    renamed_paragraphs: list[tuple[str, str]] = field(default_factory=list)

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
        if self.renamed_paragraphs:
            parts.append(f"{len(self.renamed_paragraphs)} renamed")
        return ", ".join(parts)


class InstrumentResolver:
    """Finds or creates the instrument behind a treaty reference, a UN symbol or a sales number,
    remembering what it has seen within one ingest run."""

    def __init__(self, catalogue: Catalogue | None = None, *, preload: bool = False):
        self.catalogue = catalogue or load_catalogue()
        self._cache: dict[tuple, Instrument] = {}
        # A library load reads every instrument and title once instead of asking for each
        # symbol a text names (a query or four a mention, on an empty library).
        self._known: dict[tuple, Instrument] | None = None
        self._titles: dict[str, str] = {}
        self._slugs: set[str] = set()
        if preload:
            self._known = {}
            for instrument in Instrument.objects.all():
                for key in self._keys(instrument):
                    self._known.setdefault(key, instrument)
                self._slugs.add(instrument.slug)
            self._titles = dict(Resolution.objects.values_list("symbol", "title"))

    @staticmethod
    def _keys(instrument: Instrument) -> list[tuple]:
        keys = []
        if instrument.unts_volume is not None:
            keys.append(("treaty", instrument.unts_volume, instrument.unts_number))
        if instrument.symbol:
            keys.append(("symbol", instrument.symbol.upper()))
        if instrument.sales_number:
            keys.append(("sales", instrument.sales_number))
        return keys

    def _lookup(self, key: tuple, query) -> Instrument | None:
        if self._known is None:
            return query.first()
        return self._known.get(key)

    def resolution_loaded(self, symbol: str, title: str) -> None:
        """A resolution written in this load: a document citing it is named by its title."""
        if self._known is not None:
            self._titles[symbol] = title

    def _title_of(self, symbol: str) -> str | None:
        if self._known is not None:
            return self._titles.get(symbol)
        library = Resolution.objects.filter(symbol=symbol).only("title").first()
        return library.title if library is not None else None

    def _slug(self, text: str, fallback: str) -> str:
        if self._known is None:
            return unique_slug(Instrument, text, fallback=fallback)
        base = slugify(text)[:100] or fallback
        slug, n = base, 2
        while slug in self._slugs:
            slug, n = f"{base}-{n}", n + 1
        return slug

    def treaty(self, ref: TreatyRef, words: str) -> Instrument:
        key = ("treaty", ref.volume, ref.number)
        if key in self._cache:
            return self._cache[key]
        entry = self.catalogue.by_treaty(ref.volume, ref.number)
        instrument = self._lookup(
            key, Instrument.objects.filter(unts_volume=ref.volume, unts_number=ref.number)
        )
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
        # UN symbols are read without regard to case: one language version writes
        # "UNEP/EA.3/Res.4" where another writes "UNEP/EA.3/RES.4", the same document.
        key = ("symbol", symbol.upper())
        if key in self._cache:
            return self._cache[key]
        instrument = self._lookup(key, Instrument.objects.filter(symbol__iexact=symbol))
        if instrument is not None:
            symbol = instrument.symbol  # as first written, whichever language follows
        kind, title = self._document_kind_title(symbol)
        # The words a footnote marker follows name a treaty well but a report or resolution
        # badly ("Secretary-General"), so a document is named by its symbol or its title.
        if instrument is None:
            slug = self._slug(symbol.replace("/", "-"), fallback="document")
        else:
            slug = instrument.slug
        values = {"slug": slug, "kind": kind, "title": title}
        instrument = self._save(instrument, values, symbol=symbol)
        self._cache[key] = instrument
        return instrument

    def _document_kind_title(self, symbol: str) -> tuple[str, str]:
        is_resolution = bool(RESOLUTION_SYMBOL.match(symbol))
        kind = Instrument.Kind.RESOLUTION if is_resolution else Instrument.Kind.DOCUMENT
        library_title = self._title_of(symbol)
        if library_title is not None:
            return kind, library_title
        if is_resolution:
            return kind, f"Resolution {symbol.removeprefix('A/RES/')}"
        return kind, symbol

    def documents_ahead(self, symbols) -> None:
        """Create, in one statement, the instruments a text is about to name that the library
        lacks, as `document` would create them one at a time (a query and a page-cache write
        each, some tenth of a load). Only for a resolver that preloaded the library."""
        if self._known is None:
            return
        new: dict[str, Instrument] = {}
        for symbol in symbols:
            key = ("symbol", symbol.upper())
            if key in self._cache or key in self._known or symbol.upper() in new:
                continue
            kind, title = self._document_kind_title(symbol)
            slug = self._slug(symbol.replace("/", "-"), fallback="document")
            self._slugs.add(slug)
            new[symbol.upper()] = Instrument(symbol=symbol, slug=slug, kind=kind, title=title)
        if not new:
            return
        # Bulk writes send no signals: the library page changes as `create` would have said.
        Instrument.objects.bulk_create(new.values())
        pagecache.changed(pagecache.LIBRARY)
        for instrument in new.values():
            for key in self._keys(instrument):
                self._known.setdefault(key, instrument)

    def publication(self, sales_number: str, words: str, footnote_text: str) -> Instrument:
        key = ("sales", sales_number)
        if key in self._cache:
            return self._cache[key]
        instrument = self._lookup(key, Instrument.objects.filter(sales_number=sales_number))
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

    def _save(self, instrument, values, **identity):
        if instrument is None:
            instrument = Instrument.objects.create(**identity, **values)
            if self._known is not None:
                for key in self._keys(instrument):
                    self._known.setdefault(key, instrument)
                self._slugs.add(instrument.slug)
            return instrument
        changed = [name for name, value in values.items() if getattr(instrument, name) != value]
        # A catalogue entry's slug is its public address; a generated one may be replaced by it.
        if "slug" in changed and instrument.in_catalogue and not values.get("in_catalogue"):
            changed.remove("slug")
        for name in changed:
            setattr(instrument, name, values[name])
        if "slug" in changed:
            self._slugs.add(instrument.slug)
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


class RemovalRefused(IngestError):
    """A corrected text would take paragraphs that carry notes out of the text."""

    def __init__(self, symbol: str, language: str, pids: list[str]):
        self.pids = pids
        shown = ", ".join(pids[:10]) + (f" and {len(pids) - 10} more" if len(pids) > 10 else "")
        super().__init__(
            f"{symbol} ({language}): the new text drops {len(pids)} paragraph(s) that carry "
            f"notes ({shown}); nothing was written. If the paragraphs really left the text, "
            "load it again with --allow-removals: their notes are kept and shown as detached."
        )


def ingest_parsed(
    parsed: ParsedResolution,
    *,
    source_name: str,
    checksum: str,
    resolver: InstrumentResolver | None = None,
    allow_removals: bool = False,
) -> IngestResult:
    """Load one parsed language version of a resolution. Atomic: on any error the database is
    left as it was."""
    with transaction.atomic():
        return _ingest(
            parsed, source_name, checksum, resolver or InstrumentResolver(), allow_removals
        )


def _ordered_items(parsed: ParsedResolution) -> list:
    """Paragraphs and headings in document order: a heading stands before its `before`."""
    headings_before: dict[str | None, list] = {}
    for heading in parsed.headings:
        headings_before.setdefault(heading.before, []).append(heading)
    items: list = []
    for paragraph in parsed.paragraphs:
        items += headings_before.pop(paragraph.pid, [])
        items.append(paragraph)
    for rest in headings_before.values():
        items += rest
    return items


def _ingest(parsed, source_name, checksum, resolver, allow_removals) -> IngestResult:
    language = parsed.language or "en"
    resolution = Resolution.objects.select_for_update().filter(symbol=parsed.symbol).first()
    version = None
    if resolution is not None:
        version = resolution.texts.filter(language=language).first()
        legacy = version is None and not resolution.texts.exists()
        # A text loaded before its masthead was kept (ResolutionText.front) is loaded again.
        current = version is not None and (bool(version.front) or not parsed.front)
        if (current and version.source_checksum == checksum) or (
            legacy and resolution.source_checksum == checksum
        ):
            return IngestResult(parsed.symbol, "unchanged")
    status = "created" if resolution is None else "updated"
    if resolution is None:
        resolution = Resolution(symbol=parsed.symbol, primary_language=language)
    elif language == Language.ENGLISH and resolution.primary_language != language:
        # English, when the library has it, is the text citations are read from.
        resolution.primary_language = language
    elif not resolution.texts.exclude(language=language).exists():
        resolution.primary_language = language
    primary = resolution.primary_language == language

    if primary or resolution.pk is None:
        resolution.session = parsed.session
        resolution.number = parsed.number
        resolution.number_int = int(re.sub(r"\D", "", str(parsed.number)) or 0)
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
    take_votes = parsed.votes is not None and (primary or not resolution.vote_outcome)
    if take_votes:
        counts = parsed.votes.counts or (
            len(parsed.votes.in_favour),
            len(parsed.votes.against),
            len(parsed.votes.abstaining),
        )
        resolution.vote_outcome = parsed.votes.outcome
        recorded = parsed.votes.outcome == "recorded"
        resolution.votes_in_favour, resolution.votes_against, resolution.votes_abstaining = (
            counts if recorded else (None, None, None)
        )
    check_fits(resolution)

    version = version or ResolutionText(language=language)
    version.title = parsed.title
    version.parts = [p.to_json() for p in parsed.parts]
    version.annexes = [a.to_json() for a in parsed.annexes]
    version.source_name = source_name
    version.source_form = parsed.form
    version.source_checksum = checksum
    version.problems = list(getattr(parsed, "problems", []))
    version.front = dict(parsed.front)
    check_fits(version)

    result = IngestResult(parsed.symbol, status)
    if resolution.pk is not None:
        result.renamed_paragraphs = _follow_renames(resolution, parsed, language)
    plan = _plan_paragraphs(resolution, parsed, language, primary, result, allow_removals)
    resolution.save()
    version.resolution = resolution
    version.save()
    if primary:
        resolver.resolution_loaded(parsed.symbol, parsed.title)
        # A resolution other texts already cite now has its title.
        Instrument.objects.filter(symbol=parsed.symbol).update(
            title=parsed.title, kind=Instrument.Kind.RESOLUTION
        )
    if take_votes:
        _sync_votes(resolution, parsed.votes)
    subjects = list(parsed.subjects)
    if primary:
        # Agenda items are the Assembly's own filing, by people: a subject in the library's
        # language, from the header every text prints.
        subjects += [
            ParsedSubject(Subject.Scheme.AGENDA, agenda_label(title), "")
            for _, title in parsed.agenda_items
            if title and agenda_label(title)
        ]
    if subjects and (primary or not resolution.subjects.exists()):
        _sync_subjects(resolution, subjects)

    paragraphs = _write_paragraphs(resolution, plan, primary, result)
    _move_joined(resolution, plan, paragraphs)
    # The documents the footnotes and then the paragraphs name, in the order they are read
    # below, so that each is created as it would be there (its slug the same).
    resolver.documents_ahead(
        [m.symbol for item in parsed.footnotes if not item.ibid for m in item.documents]
        + [
            m.symbol
            for item in _ordered_items(parsed)
            if not isinstance(item, ParsedHeading)
            for m in item.documents
        ]
    )
    footnotes = _sync_footnotes(resolution, parsed, language, primary, resolver)
    _sync_paragraph_texts(resolution, parsed, language, paragraphs, resolver)
    if primary:
        result.citations = _rebuild_links(resolution, parsed, paragraphs, footnotes, resolver)
    result.paragraphs = len(parsed.paragraphs)
    result.footnotes = len(parsed.footnotes)
    return result


def _paragraph_ids(resolution) -> list[int]:
    """The ids of the resolution's paragraphs, to find their texts in one language by: a join
    through the paragraphs is read by SQLite through the index of (language, paragraph), every
    text of that language in the library, so that each file of a load took longer than the one
    before; and PostgreSQL plans such a join on tables just filled as if they were empty."""
    return list(resolution.paragraphs.values_list("pk", flat=True))


# A sub-paragraph's letter at the start of a text read before the letter was taken for one.
_LEADING_LABEL = re.compile(rf"^\s*(?:{numbering.LEADING_LABEL})\s*")


def _same_words(text: str) -> str:
    return " ".join(_LEADING_LABEL.sub("", text or "").split())


def _follow_renames(resolution, parsed, language) -> list[tuple[str, str]]:
    """Paragraphs a better reading of the text gives another id (`op-u1`, a sub-paragraph
    lettered in its text, is `op6a`) keep their row under the new id, and with it every note,
    tag and link on them; the old id stays as an alias its permalink redirects from.

    A paragraph is followed only where its words say unambiguously which it is: the same
    words (its letter aside) in exactly one paragraph of the new reading that has no row of
    its own, or whose row goes to another id in turn."""
    texts = dict(
        ParagraphText.objects.filter(paragraph_id__in=_paragraph_ids(resolution), language=language)
        .order_by()
        .values_list("paragraph__pid", "text")
    )
    if not texts and resolution.primary_language != language:
        # A language new to the resolution leaves no paragraph of its own: nothing to follow
        # (and a load adding five languages to each resolution reads no rows for it).
        return []
    items = [i for i in _ordered_items(parsed) if i.text]
    rows = {p.pid: p for p in resolution.paragraphs.all()}
    if not texts:
        texts = {pid: row.text for pid, row in rows.items()}

    def settled(item) -> bool:
        return item.pid in texts and _same_words(texts[item.pid]) == _same_words(item.text)

    arriving: dict[str, list] = {}
    for item in items:
        if not settled(item):
            arriving.setdefault(_same_words(item.text), []).append(item)
    settled_pids = {item.pid for item in items if settled(item)}
    leaving: dict[str, list[str]] = {}
    for pid, text in texts.items():
        if pid not in settled_pids and pid in rows:
            leaving.setdefault(_same_words(text), []).append(pid)
    moves: dict[str, str] = {}
    for words, old in leaving.items():
        new = arriving.get(words, [])
        if words and len(old) == 1 and len(new) == 1 and new[0].pid != old[0]:
            moves[old[0]] = new[0].pid
    # A new id whose row stays where it is cannot take another paragraph's row.
    while True:
        blocked = [o for o, n in moves.items() if n in rows and n not in moves]
        if not blocked:
            break
        for old in blocked:
            del moves[old]
    if not moves:
        return []
    moved = [rows[old] for old in moves]
    # Through ids no paragraph has, so that two rows may trade ids without a clash.
    for row in moved:
        row.pid = f"~{row.pk}"
    Paragraph.objects.bulk_update(moved, ["pid"])
    for old in moves:
        rows[old].pid = moves[old]
    Paragraph.objects.bulk_update(moved, ["pid"])
    # An id that is a paragraph's own again is no longer an alias.
    ParagraphAlias.objects.filter(resolution=resolution, pid__in=list(moves.values())).delete()
    for old in moves:
        ParagraphAlias.objects.update_or_create(
            resolution=resolution, pid=old, defaults={"paragraph": rows[old]}
        )
    pagecache.changed(pagecache.resolution_scope(resolution.pk))
    return sorted(moves.items())


@dataclass
class _Plan:
    existing: dict[str, Paragraph]
    items: list  # ParsedParagraph and ParsedHeading, in document order
    order: list[str]
    leaving: list[Paragraph]
    # A table read before as a paragraph of its own, now part of the paragraph before it that
    # introduces it: its id and the introducing paragraph's.
    joined: dict[str, str] = field(default_factory=dict)


def _item_fields(item) -> dict:
    heading = isinstance(item, ParsedHeading)
    return {
        "kind": Paragraph.Kind.HEADING if heading else item.kind,
        "label": "" if heading else item.label,
        "text": item.text,
        "emphasis": spans_json(item.emphasis),
        "links": [] if heading else [[k.start, k.end, k.href] for k in item.links],
        "table": None if heading else item.table,
        "part": item.part or "",
        "annex": item.annex,
    }


def _plan_paragraphs(resolution, parsed, language, primary, result, allow_removals) -> _Plan:
    """Work out, before anything is written, which paragraphs the text keeps, adds and drops,
    and refuse a text that would take annotated paragraphs out of it."""
    items = _ordered_items(parsed)
    seen: set[str] = set()
    for item in items:
        if item.pid in seen:
            raise IngestError(f"{parsed.symbol}: the paragraph id {item.pid} stands twice")
        seen.add(item.pid)
    existing = {p.pid: p for p in resolution.paragraphs.all()} if resolution.pk else {}
    other_languages: dict[str, set[str]] = {}
    if resolution.pk:
        for pid, lang in (
            ParagraphText.objects.filter(paragraph__resolution=resolution)
            .exclude(language=language)
            .values_list("paragraph__pid", "language")
        ):
            other_languages.setdefault(pid, set()).add(lang)
        had_texts = resolution.texts.exists()
    else:
        had_texts = False

    leaving = []
    for pid, paragraph in existing.items():
        if pid in seen or not paragraph.in_text:
            continue
        # Still in another language version: it stays in the text.
        if other_languages.get(pid) and had_texts:
            continue
        leaving.append(paragraph)
    joined = _joined_tables(existing, leaving, items, seen)
    leaving = [p for p in leaving if p.pid not in joined]
    if leaving:
        annotated = notes().attached(p.pk for p in leaving)
        refused = [p.pid for p in leaving if p.pk in annotated]
        if refused and not allow_removals:
            raise RemovalRefused(parsed.symbol, language, refused)
        if result.status == "updated":
            result.removed_paragraphs += [p.pid for p in leaving]
    result.renamed_paragraphs += sorted(joined.items())

    # Document order: the primary language's order; another language's own paragraphs go in
    # after the paragraph that precedes them in that language.
    if primary or not existing:
        order = [item.pid for item in items]
        kept = [p for p in sorted(existing.values(), key=lambda p: p.position) if p.pid not in seen]
        # Paragraphs only another language has keep their place after their predecessor.
        for paragraph in kept:
            if other_languages.get(paragraph.pid) and paragraph.in_text:
                previous = _previous_pid(existing, paragraph, seen)
                at = order.index(previous) + 1 if previous in order else len(order)
                order.insert(at, paragraph.pid)
    else:
        order = [p.pid for p in sorted(existing.values(), key=lambda p: p.position)]
        for index, item in enumerate(items):
            if item.pid in existing:
                continue
            previous = items[index - 1].pid if index else None
            at = order.index(previous) + 1 if previous in order else len(order)
            order.insert(at, item.pid)
    return _Plan(existing, items, order, leaving, joined)


def _joined_tables(existing, leaving, items, seen) -> dict[str, str]:
    """Tables read before as paragraphs of their own that the text now reads as part of the
    paragraph before them, the one that introduces them: the same rows now under it."""
    tables = {
        item.pid: item.table for item in items if not isinstance(item, ParsedHeading) and item.table
    }
    ordered = sorted(
        (p for p in existing.values() if p.kind != Paragraph.Kind.HEADING), key=lambda p: p.position
    )
    joined = {}
    for paragraph in leaving:
        if not paragraph.table:
            continue
        before = [p for p in ordered if p.position < paragraph.position and p.pid in seen]
        if not before:
            continue
        table = tables.get(before[-1].pid) or []
        if table[: len(paragraph.table)] == paragraph.table:
            joined[paragraph.pid] = before[-1].pid
    return joined


def _move_joined(resolution, plan: _Plan, paragraphs: dict[str, Paragraph]) -> None:
    """What hangs on a table that joined the paragraph introducing it goes to that paragraph
    (notes, tags: `notes().joined`), its old id stays as an alias that redirects there, and
    its own row goes."""
    if not plan.joined:
        return
    moves = [(plan.existing[old], paragraphs[new]) for old, new in plan.joined.items()]
    notes().joined(moves)
    for old, new in moves:
        ParagraphAlias.objects.filter(paragraph=old).update(paragraph=new)
        ParagraphAlias.objects.update_or_create(
            resolution=resolution, pid=old.pid, defaults={"paragraph": new}
        )
        old.delete()
    pagecache.changed(pagecache.resolution_scope(resolution.pk))


def _previous_pid(existing, paragraph, seen) -> str | None:
    before = [p for p in existing.values() if p.position < paragraph.position and p.pid in seen]
    return max(before, key=lambda p: p.position).pid if before else None


PARAGRAPH_FIELDS = [
    "kind", "label", "position", "text", "emphasis", "links", "table", "part", "annex",
    "in_text", "revision", "parent_id",
]  # fmt: skip


def _state(paragraph: Paragraph) -> tuple:
    return tuple(getattr(paragraph, name) for name in PARAGRAPH_FIELDS)


def _write_paragraphs(resolution, plan: _Plan, primary, result) -> dict[str, Paragraph]:
    """Write the plan: existing rows updated only where something changed, new rows created
    level by level so that each is created with its place and its parent."""
    existing = plan.existing
    before = {pid: _state(p) for pid, p in existing.items()}
    position = {pid: n for n, pid in enumerate(plan.order, start=1)}
    by_pid: dict[str, Paragraph] = {}
    new_items = []
    for item in plan.items:
        values = _item_fields(item)
        paragraph = existing.get(item.pid)
        if paragraph is None:
            paragraph = Paragraph(resolution=resolution, pid=item.pid, **values)
            new_items.append(item)
            if result.status == "updated":
                result.added_paragraphs.append(item.pid)
        elif primary or not paragraph.in_text:
            if paragraph.text != values["text"]:
                # Notes can tell they were made on an earlier wording.
                paragraph.revision += 1
                result.changed_paragraphs.append(item.pid)
            for name, value in values.items():
                setattr(paragraph, name, value)
            paragraph.in_text = True
        paragraph.position = position[item.pid]
        check_fits(paragraph)
        by_pid[item.pid] = paragraph
    for paragraph in plan.leaving:
        paragraph.in_text = False
    tail = len(plan.order)
    others = sorted(
        (p for pid, p in existing.items() if pid not in by_pid), key=lambda p: p.position
    )
    for paragraph in others:
        if paragraph.pid in position:
            paragraph.position = position[paragraph.pid]
        else:
            tail += 1
            paragraph.position = tail

    parents = {
        item.pid: item.parent
        for item in plan.items
        if not isinstance(item, ParsedHeading)
        and (primary or item.pid not in existing or not existing[item.pid].in_text)
    }
    for pid, parent in parents.items():
        if pid in existing:
            by_pid[pid].parent = by_pid.get(parent) if parent else None

    # New paragraphs by depth: a parent is saved before its sub-paragraphs name it.
    def depth(pid: str) -> int:
        n, parent = 0, parents.get(pid)
        while parent and n < 20:
            n, parent = n + 1, parents.get(parent)
        return n

    levels: dict[int, list[Paragraph]] = {}
    for item in new_items:
        levels.setdefault(depth(item.pid), []).append(by_pid[item.pid])
    for level in sorted(levels):
        for paragraph in levels[level]:
            parent = parents.get(paragraph.pid)
            paragraph.parent = by_pid.get(parent) if parent else None
        Paragraph.objects.bulk_create(levels[level], batch_size=500)

    dirty = [p for p in list(existing.values()) if _state(p) != before[p.pid]]
    update_rows(Paragraph, dirty, [f.removesuffix("_id") for f in PARAGRAPH_FIELDS])
    pagecache.changed(
        pagecache.resolution_scope(resolution.pk), pagecache.text_scope(resolution.pk)
    )
    changed = set(result.changed_paragraphs)
    revised = [p for p in by_pid.values() if p.pid in changed]
    if revised:
        notes().revised(revised)
    return by_pid


def _mentions(mentions, resolver) -> list[list[int]]:
    """[[start, end, instrument id]] for the documents a language's text names."""
    return [[m.start, m.end, resolver.document(m.symbol).pk] for m in mentions]


def _sync_paragraph_texts(resolution, parsed, language, paragraphs: dict[str, Paragraph], resolver):
    # In no order: ordered, the rows are joined to their resolutions to sort them, and
    # PostgreSQL, without statistics for tables filled in the same transaction, can take
    # seconds for each resolution of a session loaded at once.
    existing = {
        t.paragraph_id: t
        for t in ParagraphText.objects.filter(
            paragraph_id__in=_paragraph_ids(resolution), language=language
        ).order_by()
    }
    keep, to_create, to_update = set(), [], []
    for item in _ordered_items(parsed):
        paragraph = paragraphs[item.pid]
        values = _item_fields(item)
        markers = (
            []
            if isinstance(item, ParsedHeading)
            else [[m.offset, m.number] for m in item.footnotes]
        )
        text = existing.get(paragraph.pk) or ParagraphText(paragraph=paragraph, language=language)
        text.text = values["text"]
        text.emphasis = values["emphasis"]
        text.links = values["links"]
        text.table = values["table"]
        text.table_words = _table_words(values["table"], values["text"])
        text.markers = markers
        text.citations = (
            [] if isinstance(item, ParsedHeading) else _mentions(item.documents, resolver)
        )
        search_place(text, paragraph, resolution)
        (to_update if text.pk else to_create).append(text)
        keep.add(paragraph.pk)
    insert_rows(ParagraphText, to_create)
    ParagraphText.objects.bulk_update(
        to_update,
        ["text", "emphasis", "links", "table", "table_words", "markers", "citations", *PLACE],
        batch_size=500,
    )
    gone = [pk for pk in existing if pk not in keep]
    if gone:
        ParagraphText.objects.filter(paragraph_id__in=gone, language=language).delete()
    _search_places_elsewhere(resolution, language)


# A text row's copy of where its paragraph stands, which search orders by (ParagraphText).
PLACE = ["in_text", "session", "number_int", "resolution", "position"]


def search_place(text: ParagraphText, paragraph: Paragraph, resolution: Resolution) -> None:
    """Copies onto a text row where its paragraph now stands."""
    text.in_text = paragraph.in_text
    text.session = resolution.session
    text.number_int = resolution.number_int
    text.resolution = resolution
    text.position = paragraph.position


def _search_places_elsewhere(resolution, language) -> None:
    """The same copy on the resolution's rows in other languages, where this load moved their
    paragraph or renumbered the resolution: one query, which changes no row when nothing moved.
    Not on PostgreSQL, where the triggers of migration 0012 have already followed row by row
    through the indexes, and where this join, planned on tables a load is filling without
    statistics, could read the whole text table for each resolution."""
    if connections[router.db_for_write(ParagraphText)].vendor == "postgresql":
        return
    paragraph = Paragraph.objects.filter(pk=OuterRef("paragraph_id"))
    ParagraphText.objects.filter(paragraph__resolution=resolution).exclude(
        language=language
    ).exclude(
        in_text=F("paragraph__in_text"),
        position=F("paragraph__position"),
        session=resolution.session,
        number_int=resolution.number_int,
        resolution=resolution,
    ).update(
        in_text=Subquery(paragraph.values("in_text")),
        position=Subquery(paragraph.values("position")),
        session=resolution.session,
        number_int=resolution.number_int,
        resolution=resolution,
    )


def _table_words(table, text: str) -> str:
    """The cells of a table that joined the paragraph introducing it, for search; empty where
    the paragraph is the table itself (its text is already the cells)."""
    if not table:
        return ""
    words = "\n".join("\t".join(row) for row in table)
    return "" if words == text else words


def _sync_footnotes(resolution, parsed, language, primary, resolver) -> dict[int, Footnote]:
    existing = {f.number: f for f in resolution.footnotes.all()}
    by_number: dict[int, Footnote] = {}
    to_create, to_update = [], []
    for item in parsed.footnotes:
        emphasis = spans_json(item.emphasis)
        footnote = existing.get(item.number)
        if footnote is None:
            footnote = Footnote(
                resolution=resolution, number=item.number, text=item.text, emphasis=emphasis
            )
            to_create.append(footnote)
        elif primary:
            footnote.text = item.text
            footnote.emphasis = emphasis
            to_update.append(footnote)
        by_number[item.number] = footnote
    Footnote.objects.bulk_create(to_create)
    Footnote.objects.bulk_update(to_update, ["text", "emphasis"])

    texts = {
        t.footnote_id: t
        for t in FootnoteText.objects.filter(footnote__resolution=resolution, language=language)
    }
    new_texts, changed_texts = [], []
    for item in parsed.footnotes:
        footnote = by_number[item.number]
        text = texts.pop(footnote.pk, None) or FootnoteText(footnote=footnote, language=language)
        text.text = item.text
        text.emphasis = spans_json(item.emphasis)
        text.links = [[k.start, k.end, k.href] for k in getattr(item, "links", [])]
        # An "Ibid." names its source's documents without their words: nothing to link.
        text.citations = [] if item.ibid else _mentions(item.documents, resolver)
        (changed_texts if text.pk else new_texts).append(text)
    insert_rows(FootnoteText, new_texts)
    FootnoteText.objects.bulk_update(
        changed_texts, ["text", "emphasis", "links", "citations"], batch_size=500
    )
    if texts:
        FootnoteText.objects.filter(pk__in=[t.pk for t in texts.values()]).delete()
    # A footnote no language version has any more leaves; one another version has stays.
    still = set(
        FootnoteText.objects.filter(footnote__resolution=resolution).values_list(
            "footnote__number", flat=True
        )
    )
    gone = set(existing) - set(by_number) - still
    if gone:
        # Asked only when there is something to delete: the delete reads the rows and what
        # hangs on them first, four queries for a file that drops nothing.
        resolution.footnotes.filter(number__in=gone).delete()
    for number, footnote in existing.items():
        by_number.setdefault(number, footnote)
    return by_number


def _sync_votes(resolution, votes) -> None:
    Vote.objects.filter(resolution=resolution).delete()
    if votes.outcome != "recorded":
        return
    names = {regions.canonical_name(name): position for position, group in (
        (Vote.Position.IN_FAVOUR, votes.in_favour),
        (Vote.Position.AGAINST, votes.against),
        (Vote.Position.ABSTAINING, votes.abstaining),
    ) for name in group}  # fmt: skip
    states = {s.name: s for s in MemberState.objects.filter(name__in=names)}
    for name in names:
        if name not in states:
            states[name] = MemberState.objects.create(
                name=name, slug=unique_slug(MemberState, name, "state")
            )
    insert_rows(
        Vote,
        [Vote(resolution=resolution, state=states[name], position=p) for name, p in names.items()],
    )


def _sync_subjects(resolution, subjects) -> None:
    """The resolution's subjects, found in one query; only subjects new to the library are
    created (once each, with their slug)."""
    labels = {s.label for s in subjects}
    known = {(row.scheme, row.label): row for row in Subject.objects.filter(label__in=labels)}
    found = []
    for subject in subjects:
        row = known.get((subject.scheme, subject.label))
        if row is None:
            row = Subject(scheme=subject.scheme, label=subject.label, uri=subject.uri)
            row.slug = unique_slug(Subject, f"{subject.scheme} {subject.label}", "subject")
            check_fits(row)
            row.save()
            known[(subject.scheme, subject.label)] = row
        found.append(row)
    resolution.subjects.set(found)


def spans_json(spans) -> list:
    return [
        [s.start, s.end] if getattr(s, "style", "italic") == "italic" else [s.start, s.end, s.style]
        for s in spans
    ]


def _rebuild_links(resolution, parsed, paragraphs, footnotes, resolver) -> int:
    """Markers and citations are derived from the text alone, so they are rebuilt whole."""
    # By the paragraphs' ids, not through a join: PostgreSQL plans a join on tables just filled
    # in the same transaction (no statistics yet) as if they were empty.
    paragraph_ids = list(resolution.paragraphs.values_list("pk", flat=True))
    FootnoteMarker.objects.filter(paragraph_id__in=paragraph_ids).delete()
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

    insert_rows(FootnoteMarker, markers)
    insert_rows(Citation, citations)
    return len(citations)
