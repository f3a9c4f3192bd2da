"""Find which resolutions in the library are versions of one another and link them."""

from django.core.management.base import BaseCommand

from resolutions.across.series import link_versions
from resolutions.cache import pages as pagecache


class Command(BaseCommand):
    help = (
        "Link each resolution to its previous version: a resolution of an earlier session with "
        "the same title that it cites. Links set by staff in the admin are kept. Safe to run "
        "again after every load."
    )

    def handle(self, *args, **options):
        result = link_versions()
        if result["changed"]:
            # Version links show on every reader page of the resolutions concerned.
            pagecache.changed(pagecache.LIBRARY)
        series = result["series"]
        self.stdout.write(
            f"{result['links']} resolutions follow an earlier version "
            f"({result['changed']} links changed); {series['series']} series, the longest "
            f"{series['longest']} versions long."
        )
