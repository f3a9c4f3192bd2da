"""Loading a library fast: files parsed and fingerprinted in worker processes while one writer
writes each resolution whole, in every language, in the order a newcomer reads first.

The result is the one loading file by file gives (`ingest.ingest_parsed`, then
`agreed.index_resolution` and `series.link_versions`), the same rows, but:

- the XML parse and the agreed-language fingerprints, the CPU of a load, run in other processes;
- a resolution's language versions are written in one short transaction together with its
  fingerprints and the load's progress, so a reader in another process (the server, beside the
  load) never sees a resolution with half its languages, and a load killed midway leaves every
  resolution whole or absent;
- the "Trafficking in women and girls" series and then the newest session load first, and the
  versions are linked after each of those steps and once more at the end;
- an archive loaded whole before and unchanged since (its own checksum) is skipped without
  being decompressed, when every text it held is still in the library.
"""

import hashlib
import multiprocessing
import os
import sys
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import F
from django.utils import timezone

from resolutions.across.folding import words_of
from resolutions.ingest.archives import LibraryError, SourceFile, cover_symbol, read_library
from resolutions.ingest.writer import (
    IngestError,
    InstrumentResolver,
    ingest_parsed,
    pdf_identity,
    source_checksum,
)

# Read first: a series a newcomer can follow across three sessions (the README's example).
FIRST = ("A/RES/79/154", "A/RES/77/194", "A/RES/75/158")
# SQLite's page cache for the load's connection, in KiB.
LOAD_CACHE_KIB = 256 * 1024
# Files handed to the workers ahead of the writer: enough to keep them busy, few enough that the
# parsed texts waiting for the writer stay small.
AHEAD = 48


def workers() -> int:
    """Worker processes for the parse: LOAD_WORKERS, else every core (the writer mostly waits on
    the database, and the parse is the larger share of the work)."""
    configured = os.environ.get("LOAD_WORKERS", "")
    if configured.isdigit():
        return int(configured)
    return os.cpu_count() or 1


@dataclass
class Job:
    name: str
    text: str
    checksum: str
    lenient: bool
    fingerprint: bool
    # An official PDF is parsed from its bytes; `text` is then only its identity.
    pdf: bytes = b""


@dataclass
class Parsed:
    """A worker's answer: the parsed text and the fingerprints of its paragraphs, or why not."""

    name: str
    checksum: str
    parsed: object = None
    # pid -> (hash of the whole wording, winnowed fingerprints); a paragraph without words has
    # none, as the index keeps none.
    fingerprints: dict = field(default_factory=dict)
    error: str = ""
    seconds: float = 0.0  # the parse and the fingerprints, in the worker


def parse_job(job: Job) -> Parsed:
    """In a worker process: parse one file and fingerprint its wording. No database here."""
    from resolutions.across import agreed
    from resolutions.parsing import ParseError, parse_document, parse_pdf_document

    began = time.perf_counter()
    try:
        if job.pdf:
            parsed = parse_pdf_document(job.pdf, source=job.name, strict=not job.lenient)
        else:
            parsed = parse_document(job.text, source=job.name, strict=not job.lenient)
    except ParseError as error:
        return Parsed(job.name, job.checksum, error=str(error))
    except Exception as error:  # one file's failure must not stop the rest
        return Parsed(job.name, job.checksum, error=f"internal error: {type(error).__name__}")
    fingerprints = {}
    if job.fingerprint:
        for item in [*parsed.paragraphs, *parsed.headings]:
            found = words_of(item.text)
            if found:
                fingerprints[item.pid] = (agreed.whole_hash(found), agreed.fingerprints(found))
    return Parsed(job.name, job.checksum, parsed, fingerprints, seconds=time.perf_counter() - began)


@dataclass
class Archive:
    """One path given to the load, and what the load did with it."""

    path: Path
    checksum: str = ""  # of the archive's own bytes; empty for a folder
    skipped: bool = False  # loaded whole before and unchanged: not even decompressed
    sources: list[SourceFile] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # checksums of its official-language texts
    messages: list[str] = field(default_factory=list)
    complete: bool = True  # every file loaded, unchanged, or refused by the parser


@dataclass
class Outcome:
    counts: dict = field(
        default_factory=lambda: {
            "created": 0, "updated": 0, "unchanged": 0, "parsed": 0, "other": 0
        }
    )  # fmt: skip
    files: int = 0
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped_languages: dict[str, int] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)
    # Seconds each file took, parse and write, for the benchmarks.
    timings: list[float] = field(default_factory=list)


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Loader:
    """One load: call `run()`; `say(line)` reports progress for a person watching."""

    def __init__(
        self,
        paths,
        *,
        languages=(),
        symbols=(),
        lenient=False,
        allow_removals=False,
        dry_run=False,
        say: Callable[[str], None] | None = None,
        processes: int | None = None,
    ):
        self.paths = [Path(p) for p in paths]
        self.languages = set(languages)
        self.symbols = {s.upper() for s in symbols}
        self.lenient = lenient
        self.allow_removals = allow_removals
        self.dry_run = dry_run
        self.say = say or (lambda line: None)
        self.processes = workers() if processes is None else processes
        self.outcome = Outcome()
        self.linked: dict | None = None  # what the last linking of versions found
        # The whole library's archives are recorded as loaded only by a load that took all of
        # them: a load of some languages or symbols leaves the rest for the next.
        self.record_archives = not (self.languages or self.symbols or dry_run)

    # --- Reading ---------------------------------------------------------------------------

    def read(self) -> list[Archive]:
        from resolutions.models import LoadedArchive

        known_records = (
            {} if not self.record_archives else {a.checksum: a for a in LoadedArchive.objects.all()}
        )
        known_texts = self.known_texts()
        archives = []
        for path in self.paths:
            archive = Archive(path)
            if path.is_file() and self.record_archives:
                archive.checksum = hashlib.sha256(
                    f"{self.key()}\n{file_checksum(path)}".encode()
                ).hexdigest()
                record = known_records.get(archive.checksum)
                if record is not None and known_texts.issuperset(record.texts):
                    archive.skipped = True
                    archive.texts = list(record.texts)
                    archive.messages = list(record.messages)
                    self.outcome.files += record.files
                    self.outcome.counts["unchanged"] += len(record.texts)
                    archives.append(archive)
                    continue
            archive.sources = list(read_library(path))
            archives.append(archive)
        return archives

    def key(self) -> str:
        from resolutions.ingest.writer import INGEST_VERSION

        return f"ingest {INGEST_VERSION} lenient {self.lenient}"

    def known_texts(self) -> set[str]:
        from resolutions.models import ResolutionText

        if self.dry_run:
            return set()
        return set(
            ResolutionText.objects.exclude(source_checksum="")
            # Loaded before the library kept a text's own masthead: read once more.
            .exclude(source_form="akn", front={})
            .values_list("source_checksum", flat=True)
        )

    # --- The load ---------------------------------------------------------------------------

    def run(self) -> Outcome:
        archives = self.read()
        if not any(a.sources or a.skipped for a in archives):
            raise LibraryError("No XML or PDF files found in " + ", ".join(map(str, self.paths)))
        known = self.known_texts()
        groups: dict[str, list[tuple[Archive, SourceFile, str, str]]] = {}
        out = self.outcome
        for archive in archives:
            for source in sorted(archive.sources, key=lambda s: s.sort_key):
                if source.language is None:
                    out.skipped_languages[source.folder_language] = (
                        out.skipped_languages.get(source.folder_language, 0) + 1
                    )
                    continue
                # A PDF's language ("") is read from its text, and checked after the parse.
                if self.languages and source.language not in self.languages | {""}:
                    continue
                out.files += 1
                sniffed = cover_symbol(source.data)
                if (
                    self.symbols
                    and sniffed
                    and sniffed.startswith("A/RES/")
                    and sniffed not in self.symbols
                ):
                    out.counts["other"] += 1
                    continue
                if source.is_pdf:
                    text = pdf_identity(source.data)
                else:
                    try:
                        text = source.data.decode("utf-8").removeprefix("\ufeff")
                    except UnicodeDecodeError as error:
                        self.fail(archive, f"{source.name}: not UTF-8 text (byte {error.start})")
                        continue
                checksum = source_checksum(text)
                archive.texts.append(checksum)
                if checksum in known:
                    out.counts["unchanged"] += 1
                    continue
                groups.setdefault(sniffed or source.name, []).append(
                    (archive, source, text, checksum)
                )
            archive.sources = []  # the bytes are in the groups now, or no longer needed
        ordered = sorted(groups.items(), key=lambda item: self.order(item[0], item[1]))
        self.progress_start(out.counts["unchanged"] + out.counts["other"], out.files)
        # A load runs some hundred thousand statements: DEBUG would time, format and keep each.
        debug, settings.DEBUG = settings.DEBUG, False
        try:
            self.load(ordered)
        finally:
            settings.DEBUG = debug
            self.progress_finish()
        self.record(archives)
        return out

    def order(self, symbol: str, files) -> tuple:
        first = FIRST.index(symbol) if symbol in FIRST else len(FIRST)
        return (first, files[0][1].sort_key)

    def fail(self, archive: Archive, message: str, *, parse=True) -> None:
        self.outcome.failures.append(message)
        archive.messages.append(f"error: {message}")
        if not parse:
            archive.complete = False

    def load(self, groups) -> None:
        if not groups:
            return
        jobs = [
            (
                archive,
                Job(
                    source.name,
                    text,
                    checksum,
                    self.lenient,
                    not self.dry_run,
                    pdf=source.data if source.is_pdf else b"",
                ),
            )
            for _symbol, files in groups
            for archive, source, text, checksum in files
        ]
        sizes = [len(files) for _symbol, files in groups]
        resolver = None if self.dry_run else InstrumentResolver(preload=True)
        if not connection.in_atomic_block:
            # Forked workers must not share the writer's open connections.
            connections.close_all()
        if connection.vendor == "sqlite" and not connection.in_atomic_block:
            with connection.cursor() as cursor:
                # In WAL mode a commit is then written to the log without waiting for the disk;
                # a crash can lose the last resolutions written, never leave one half written.
                cursor.execute("PRAGMA synchronous=NORMAL")
                # The fingerprints' index takes its rows in the order of their hashes, all
                # over the index: with SQLite's 2 MB of pages cached, nearly every row read a
                # page back from the file, and more of them the larger the library grew.
                cursor.execute(f"PRAGMA cache_size=-{LOAD_CACHE_KIB}")
        results = self.parsed(jobs)
        newest = max((files[0][1].session or 0 for _symbol, files in groups), default=0)
        phase = "first"
        for written, ((symbol, files), size) in enumerate(zip(groups, sizes, strict=True)):
            batch = [next(results) for _ in range(size)]
            # The series read first, and then the newest session, are complete, versions
            # linked, before anything after them loads. Linking reads the wording of every
            # resolution whose title another session shares: next to nothing while those are
            # the series and one session, seconds once the library is large, so that the rest
            # is linked once, at the end, and not every few hundred resolutions.
            if phase == "first" and symbol not in FIRST:
                phase = "newest"
                self.link()
                if written:
                    self.say(f"Loaded first, with its versions: {', '.join(FIRST)}")
            if phase == "newest" and (files[0][1].session or 0) != newest:
                phase = "rest"
                self.link()
                self.say(f"Loaded session {newest}; the other sessions follow")
            self.write(batch, resolver)
        self.link()

    def parsed(self, jobs):
        """The parsed files in the order of `jobs`, parsed AHEAD at a time by the workers (or
        here, with no workers)."""
        if self.processes <= 1 or len(jobs) < 4:
            for archive, job in jobs:
                started = time.perf_counter()
                yield archive, parse_job(job), started
            return
        context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
        pool = ProcessPoolExecutor(self.processes, mp_context=context)
        try:
            pending = deque()
            queued = iter(jobs)
            for archive, job in queued:
                pending.append((archive, pool.submit(parse_job, job), time.perf_counter()))
                if len(pending) >= AHEAD:
                    break
            while pending:
                archive, future, started = pending.popleft()
                result = future.result()
                following = next(queued, None)
                if following is not None:
                    pending.append(
                        (following[0], pool.submit(parse_job, following[1]), time.perf_counter())
                    )
                yield archive, result, started
        finally:
            # A load stopped midway (the server stopped, the process killed) leaves its workers
            # nothing more to do.
            pool.shutdown(wait=False, cancel_futures=True)

    def write(self, batch, resolver) -> None:
        """One resolution, every language of it this load has: in one transaction with its
        fingerprints and the load's progress; a file the ingest refuses is rolled back alone."""
        out = self.outcome
        parsed_ok = []
        # A file's time is its parse in the worker and its own writing here, not the time it
        # waited in the queue.
        for archive, result, _queued in batch:
            started = time.perf_counter() - result.seconds
            if result.error:
                self.fail(archive, result.error)
                # Not in the library: a skipped archive repeats the error instead.
                archive.texts.remove(result.checksum)
                out.timings.append(time.perf_counter() - started)
                continue
            parsed = result.parsed
            if self.symbols and parsed.symbol.upper() not in self.symbols:
                out.counts["other"] += 1
                continue
            if self.languages and parsed.language not in self.languages:
                out.counts["other"] += 1
                continue
            if self.dry_run:
                out.counts["parsed"] += 1
                out.timings.append(time.perf_counter() - started)
                continue
            parsed_ok.append((archive, result, started))
        if self.dry_run:
            return
        from resolutions.across import agreed
        from resolutions.cache import pages as pagecache
        from resolutions.models import LoadProgress, Resolution

        with transaction.atomic():
            symbols = {result.parsed.symbol for _a, result, _s in parsed_ok}
            new = symbols - set(
                Resolution.objects.filter(symbol__in=symbols).values_list("symbol", flat=True)
            )
            loaded = []
            for archive, result, _started in parsed_ok:
                started = time.perf_counter() - result.seconds
                parsed = result.parsed
                name = result.name
                try:
                    ingested = ingest_parsed(
                        parsed,
                        source_name=name.rsplit("/", 1)[-1],
                        checksum=result.checksum,
                        resolver=resolver,
                        allow_removals=self.allow_removals,
                    )
                except IngestError as error:
                    self.fail(archive, f"{name}: {error}", parse=False)
                    continue
                except Exception as error:  # one file's failure must not stop the rest
                    # Rolled back with its savepoint; reported, and the load goes on.
                    self.fail(
                        archive,
                        f"{name}: internal error: {type(error).__name__}: {error}",
                        parse=False,
                    )
                    continue
                out.counts[ingested.status] += 1
                if ingested.status != "unchanged":
                    out.changed.add(ingested.symbol)
                    loaded.append((parsed, result))
                if parsed.problems:
                    warning = f"{name}: loaded with {'; '.join(parsed.problems)}"
                    out.warnings.append(warning)
                    archive.messages.append(f"warning: {warning}")
                out.timings.append(time.perf_counter() - started)
            for symbol in {parsed.symbol for parsed, _r in loaded}:
                mine = [(p, r) for p, r in loaded if p.symbol == symbol]
                resolution = Resolution.objects.get(symbol=symbol)
                if symbol in new:
                    write_fingerprints(resolution, mine)
                else:
                    # An update may leave other languages' texts as they were: indexed the way
                    # a single file's load indexes, from the rows.
                    agreed.index_resolution(resolution)
            if parsed_ok:
                pagecache.changed(pagecache.LIBRARY)
            LoadProgress.objects.filter(pk=1).update(
                done=F("done") + len(batch), updated=timezone.now()
            )
        self.done += len(batch)
        if self.done >= self.next_report or self.done == self.total:
            self.next_report = self.done + max(self.total // 10, 1)
            self.say(f"Loading the library: {self.done:,} of {self.total:,} texts")

    def link(self) -> None:
        from resolutions.across.series import link_versions
        from resolutions.cache import pages as pagecache

        if self.dry_run or not self.outcome.changed:
            return
        with transaction.atomic():
            found = link_versions()
            if found["changed"]:
                pagecache.changed(pagecache.LIBRARY)
        self.linked = found

    # --- Progress, for the library page -----------------------------------------------------

    def progress_start(self, done: int, total: int) -> None:
        from resolutions.models import LoadProgress

        self.done, self.total, self.next_report = done, total, done + max(total // 10, 1)
        if self.dry_run:
            return
        LoadProgress.objects.update_or_create(
            pk=1,
            defaults={
                "done": done,
                "total": total,
                "finished": done >= total,
                "updated": timezone.now(),
            },
        )

    def progress_finish(self) -> None:
        from resolutions.models import LoadProgress

        if self.dry_run:
            return
        LoadProgress.objects.filter(pk=1).update(finished=True, updated=timezone.now())

    def record(self, archives: list[Archive]) -> None:
        """Remember each archive loaded whole, so that the next load skips it unopened."""
        from resolutions.models import LoadedArchive

        if not self.record_archives:
            return
        for archive in archives:
            if archive.skipped or not archive.checksum or not archive.complete:
                continue
            LoadedArchive.objects.update_or_create(
                checksum=archive.checksum,
                defaults={
                    "name": archive.path.name,
                    "texts": archive.texts,
                    "files": len(archive.texts)
                    + sum(1 for m in archive.messages if m.startswith("error: ")),
                    "messages": archive.messages,
                },
            )
        # What the load of a skipped archive said is said again.
        for archive in archives:
            for message in archive.messages if archive.skipped else []:
                kind, _, text = message.partition(": ")
                (self.outcome.failures if kind == "error" else self.outcome.warnings).append(text)


def write_fingerprints(resolution, loaded) -> int:
    """The agreed-language index of a resolution new to the library, from the fingerprints the
    workers computed: the rows `agreed.index_resolution` builds from the texts just written, in
    one statement (COPY on PostgreSQL)."""
    from resolutions.across import agreed
    from resolutions.models import Paragraph, Wording

    paragraphs = {
        pid: (pk, text)
        for pid, pk, text in Paragraph.objects.filter(resolution=resolution, in_text=True)
        .exclude(kind=Paragraph.Kind.HEADING)
        .values_list("pid", "pk", "text")
    }
    rows = []

    def add(pk, language, whole, hashes):
        rows.append((pk, language, whole, True))
        rows.extend((pk, language, h, False) for h in hashes)

    primary_pids = set()
    for parsed, result in loaded:
        language = parsed.language or "en"
        if language == resolution.primary_language:
            primary_pids = {item.pid for item in [*parsed.paragraphs, *parsed.headings]}
        for pid, (whole, hashes) in result.fingerprints.items():
            if pid in paragraphs:
                add(paragraphs[pid][0], language, whole, hashes)
    # A paragraph only another language has: its text stands in for the primary language's, as
    # `agreed.texts_of` reads it.
    for pid, (pk, text) in paragraphs.items():
        if pid not in primary_pids:
            found = words_of(text)
            if found:
                add(
                    pk,
                    resolution.primary_language,
                    agreed.whole_hash(found),
                    agreed.fingerprints(found),
                )
    table = connection.ops.quote_name(Wording._meta.db_table)
    columns = "paragraph_id, language, hash, whole"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            # The table's name, quoted, is the only thing formatted into the statement.
            insert = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s)"  # noqa: S608
            cursor.executemany(insert, rows)
    return len(rows)
