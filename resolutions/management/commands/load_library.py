"""Load a library of AKN4UN XML files (and official PDFs): a session, several sessions, or all
of them."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from resolutions.ingest import (
    IngestError,
    InstrumentResolver,
    ingest_parsed,
    pdf_identity,
    source_checksum,
)
from resolutions.library import LibraryError, cover_symbol, read_library
from resolutions.management.loading import add_acceptance_options, after_load
from resolutions.models import ResolutionText
from resolutions.parsing import ParseError, parse_document, parse_pdf_document


class Command(BaseCommand):
    help = (
        "Load every resolution in folders or .tar.xz archives laid out as the UN publishes its "
        "AKN4UN XML (NNsession/<Language>/*.xml), and official PDFs (*.pdf) anywhere in them. "
        "Files loaded before and unchanged are "
        "skipped; a file that cannot be loaded is reported at the end and the others load."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="folders or .tar.xz archives")
        parser.add_argument("--dry-run", action="store_true", help="parse only; write nothing")
        parser.add_argument(
            "--languages",
            default="",
            help="comma-separated language codes to load (ar,zh,en,fr,ru,es); default all six",
        )
        parser.add_argument(
            "--symbols",
            default="",
            help="comma-separated symbols to load (A/RES/77/194,…); default every resolution",
        )
        add_acceptance_options(parser)

    def handle(self, *args, paths, dry_run, languages, symbols, lenient, allow_removals, **options):
        wanted_languages = {c.strip() for c in languages.split(",") if c.strip()}
        wanted_symbols = {s.strip().upper() for s in symbols.split(",") if s.strip()}
        sources = []
        try:
            for raw in paths:
                sources += list(read_library(Path(raw)))
        except LibraryError as error:
            raise CommandError(str(error)) from error
        if not sources:
            raise CommandError("No XML or PDF files found in " + ", ".join(paths))

        skipped_languages: dict[str, int] = {}
        queue = []
        for source in sorted(sources, key=lambda s: s.sort_key):
            if source.language is None:
                skipped_languages[source.folder_language] = (
                    skipped_languages.get(source.folder_language, 0) + 1
                )
            elif not wanted_languages or source.language in wanted_languages | {""}:
                queue.append(source)

        known = (
            set()
            if dry_run
            else set(
                ResolutionText.objects.exclude(source_checksum="")
                # Loaded before the library kept a text's own masthead: read once more.
                .exclude(source_form="akn", front={})
                .values_list("source_checksum", flat=True)
            )
        )
        resolver = None if dry_run else InstrumentResolver()
        counts = {"created": 0, "updated": 0, "unchanged": 0, "parsed": 0, "other": 0}
        failures: list[str] = []
        warnings: list[str] = []
        changed: set[str] = set()
        bar = tqdm(
            queue, unit="file", desc="Loading", file=sys.stderr, disable=not sys.stderr.isatty()
        )
        for source in bar:
            sniffed = cover_symbol(source.data) if wanted_symbols else None
            if sniffed and sniffed.startswith("A/RES/") and sniffed not in wanted_symbols:
                counts["other"] += 1
                continue
            if source.is_pdf:
                text = pdf_identity(source.data)
            else:
                try:
                    text = source.data.decode("utf-8").removeprefix("\ufeff")
                except UnicodeDecodeError as error:
                    failures.append(f"{source.name}: not UTF-8 text (byte {error.start})")
                    continue
            checksum = source_checksum(text)
            if checksum in known:
                counts["unchanged"] += 1
                continue
            try:
                if source.is_pdf:
                    parsed = parse_pdf_document(source.data, source=source.name, strict=not lenient)
                else:
                    parsed = parse_document(text, source=source.name, strict=not lenient)
            except ParseError as error:
                failures.append(str(error))
                continue
            if wanted_symbols and parsed.symbol.upper() not in wanted_symbols:
                counts["other"] += 1
                continue
            if wanted_languages and parsed.language not in wanted_languages:
                counts["other"] += 1
                continue
            if dry_run:
                counts["parsed"] += 1
                continue
            try:
                result = ingest_parsed(
                    parsed,
                    source_name=source.name.rsplit("/", 1)[-1],
                    checksum=checksum,
                    resolver=resolver,
                    allow_removals=allow_removals,
                )
            except IngestError as error:
                failures.append(f"{source.name}: {error}")
                continue
            except Exception as error:  # one file's failure must not stop the rest
                # Rolled back with its transaction; reported, and the load goes on.
                failures.append(f"{source.name}: internal error: {type(error).__name__}: {error}")
                continue
            counts[result.status] += 1
            if result.status != "unchanged":
                changed.add(result.symbol)
            if parsed.problems:
                warnings.append(f"{source.name}: loaded with {'; '.join(parsed.problems)}")
        bar.close()
        if changed:
            after_load(changed, self.stdout)

        if dry_run:
            summary = f"{counts['parsed']} file(s) parsed (dry run, nothing written)"
        else:
            summary = (
                f"{counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged"
            )
        if counts["other"]:
            summary += f", {counts['other']} not among --symbols"
        for folder, n in sorted(skipped_languages.items()):
            summary += f"; {n} file(s) in {folder} skipped (not an official UN language)"
        self.stdout.write(f"Library: {len(queue)} file(s): {summary}.")
        for warning in warnings:
            self.stderr.write(self.style.WARNING(f"warning: {warning}"))
        if failures:
            for failure in failures:
                self.stderr.write(self.style.ERROR(f"error: {failure}"))
            raise CommandError(
                f"{len(failures)} of {len(queue)} file(s) could not be loaded; nothing was "
                "written for them, the others loaded.",
                returncode=1,
            )
