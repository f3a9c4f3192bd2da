"""Load a library of AKN4UN XML files (and official PDFs): a session, several sessions, or all
of them."""

import json
import signal
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from resolutions.ingest.archives import LibraryError
from resolutions.ingest.loader import Loader
from resolutions.management.loading import add_acceptance_options


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
        parser.add_argument(
            "--progress",
            action="store_true",
            help="say how far the load is every tenth of the way (for a load beside the server)",
        )
        parser.add_argument(
            "--timings",
            metavar="FILE",
            default="",
            help="write the seconds each file took, parse and write, to FILE as JSON "
            "(for the benchmarks)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="processes that parse the files (default: LOAD_WORKERS, else one per core; "
            "0 or 1 parses in this process)",
        )
        add_acceptance_options(parser)

    def handle(self, *args, paths, dry_run, languages, symbols, lenient, allow_removals, **options):
        loader = Loader(
            paths,
            languages=_listed(languages),
            symbols=_listed(symbols),
            lenient=lenient,
            allow_removals=allow_removals,
            dry_run=dry_run,
            processes=options["workers"],
            say=self.stderr.write if options["progress"] else None,
        )
        outcome = self._run(loader)
        if options["timings"]:
            Path(options["timings"]).write_text(json.dumps(outcome.timings))
        self._report_versions(loader.linked)
        self._report_files(outcome, dry_run)
        self._report_problems(outcome)

    def _run(self, loader: Loader):
        """The load, stopped cleanly by SIGTERM (the server beside it stopped): the resolution
        being written is rolled back and the workers are told to stop, instead of the process
        vanishing mid-statement."""
        previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        try:
            return loader.run()
        except LibraryError as error:
            raise CommandError(str(error)) from error
        finally:
            signal.signal(signal.SIGTERM, previous)

    def _report_versions(self, linked: dict | None) -> None:
        if linked:
            series = linked["series"]
            self.stdout.write(
                f"Versions: {linked['links']} resolutions follow an earlier version; "
                f"{series['series']} series, the longest {series['longest']} versions long."
            )

    def _report_files(self, outcome, dry_run: bool) -> None:
        """One line: how many files, and what became of them."""
        counts = outcome.counts
        if dry_run:
            summary = f"{counts['parsed']} file(s) parsed (dry run, nothing written)"
        else:
            summary = (
                f"{counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged"
            )
        if counts["other"]:
            summary += f", {counts['other']} not among --symbols"
        for folder, n in sorted(outcome.skipped_languages.items()):
            summary += f"; {n} file(s) in {folder} skipped (not an official UN language)"
        self.stdout.write(f"Library: {outcome.files} file(s): {summary}.")

    def _report_problems(self, outcome) -> None:
        """Warnings, then each file that failed; failures end the command with an error."""
        for warning in outcome.warnings:
            self.stderr.write(self.style.WARNING(f"warning: {warning}"))
        if outcome.failures:
            for failure in outcome.failures:
                self.stderr.write(self.style.ERROR(f"error: {failure}"))
            raise CommandError(
                f"{len(outcome.failures)} of {outcome.files} file(s) could not be loaded; "
                "nothing was written for them, the others loaded.",
                returncode=1,
            )


def _listed(value: str) -> list[str]:
    """A comma-separated option as its items: "en, fr" -> ["en", "fr"]."""
    return [item.strip() for item in value.split(",") if item.strip()]
