"""Fingerprint every paragraph's wording for agreed-language lookups."""

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from resolutions.across.agreed import index_library, settle_index


class Command(BaseCommand):
    help = (
        "Build the agreed-language index: the fingerprints of every paragraph's wording in "
        "every loaded language. Run it after loading; running it again rebuilds it."
    )

    def handle(self, *args, **options):
        bar = tqdm(total=0, unit="resolutions", disable=not sys.stderr.isatty())

        def progress(done, total):
            bar.total = total
            bar.n = done
            bar.refresh()

        count = index_library(progress=progress)
        bar.close()
        settle_index()
        self.stdout.write(f"{count} fingerprints written.")
