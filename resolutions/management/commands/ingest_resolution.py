"""Load resolution texts into the library (or, with --dry-run, only parse them)."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from resolutions.ingest.writer import (
    IngestError,
    InstrumentResolver,
    ingest_parsed,
    pdf_identity,
    source_checksum,
)
from resolutions.management.loading import add_acceptance_options, after_load
from resolutions.parsing import ParseError, is_pdf, parse_document, parse_pdf_document

TEXT_SUFFIXES = {".md", ".txt", ".xml", ".pdf"}


def expand(paths: list[str]) -> list[Path]:
    """Files as given; a folder stands for the resolution texts inside it."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(
                p
                for p in path.iterdir()
                if p.suffix.lower() in TEXT_SUFFIXES and p.name != "README.md"
            )
        else:
            files.append(path)
    return files


class Command(BaseCommand):
    help = (
        "Parse resolution texts (the UN's Akoma Ntoso XML in any of the six languages, the "
        "official PDF itself, the Markdown form, or plain text extracted from the PDF) and load "
        "them. Loading "
        "the same text again changes nothing; a corrected text updates paragraphs in place by "
        "their ids, so annotations stay on their paragraphs."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="files, or folders of them")
        parser.add_argument("--dry-run", action="store_true", help="parse only; write nothing")
        parser.add_argument(
            "--json", action="store_true", help="print each parsed document as one JSON object"
        )
        add_acceptance_options(parser)

    def handle(
        self, *args, paths, dry_run, json: bool, lenient: bool, allow_removals: bool, **options
    ):
        files = expand(paths)
        if not files:
            raise CommandError("No resolution texts found in " + ", ".join(paths))
        resolver = None if dry_run else InstrumentResolver()
        failures = 0
        changed: set[str] = set()
        show_progress = len(files) > 1 and not json and sys.stderr.isatty()
        for path in tqdm(files, unit="file", disable=not show_progress, file=sys.stderr):
            try:
                text, parsed = read_and_parse(path, strict=not lenient)
            except (ParseError, OSError, UnicodeDecodeError) as error:
                failures += 1
                self.stderr.write(self.style.ERROR(describe(path, error)))
                continue
            if json:
                self.stdout.write(dumps(parsed.to_json()))
            if dry_run:
                if not json:
                    self.stdout.write(
                        f"{parsed.symbol}: parsed {len(parsed.paragraphs)} paragraphs and "
                        f"{len(parsed.footnotes)} footnotes (dry run, nothing written)"
                    )
                continue
            try:
                result = ingest_parsed(
                    parsed,
                    source_name=path.name,
                    checksum=source_checksum(text),
                    resolver=resolver,
                    allow_removals=allow_removals,
                )
            except IngestError as error:
                failures += 1
                self.stderr.write(self.style.ERROR(f"error: {path}: {error}"))
                continue
            out = self.stderr if json else self.stdout
            out.write(result.summary())
            if result.status != "unchanged":
                changed.add(result.symbol)
            for problem in parsed.problems:
                self.stderr.write(self.style.WARNING(f"warning: loaded with {problem}"))
        after_load(changed, self.stderr if json else self.stdout)
        if failures:
            raise CommandError(
                f"{failures} of {len(files)} file(s) could not be loaded; nothing was written "
                "for them.",
                returncode=1,
            )


def read_and_parse(path: Path, strict: bool):
    """The file's identity for the checksum (its text, or its bytes' digest for a PDF) and its
    parse, in whichever form it comes."""
    data = path.read_bytes()
    if is_pdf(data) or path.suffix.lower() == ".pdf":
        return pdf_identity(data), parse_pdf_document(data, source=str(path), strict=strict)
    text = data.decode("utf-8").removeprefix("\ufeff")
    return text, parse_document(text, source=str(path), strict=strict)


def describe(path: Path, error: Exception) -> str:
    if isinstance(error, ParseError):
        return f"error: {error}"
    if isinstance(error, UnicodeDecodeError):
        return f"error: {path}: not UTF-8 text (byte {error.start}): {error.reason}"
    return f"error: {path}: {error.strerror or error}"


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
