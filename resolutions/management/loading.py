"""What the commands that load texts share: their options about what to accept, and what the
library derives from its texts once a load has changed some."""

import sys

from django.db import transaction
from tqdm import tqdm


def add_acceptance_options(parser) -> None:
    parser.add_argument(
        "--lenient",
        action="store_true",
        help="load texts the checks find fault with (a numbering gap in the UN's own markup); "
        "the problems are kept and shown to readers with the text",
    )
    parser.add_argument(
        "--allow-removals",
        action="store_true",
        help="load texts that drop paragraphs carrying notes; the notes are kept, detached",
    )


def after_load(symbols: set[str], stdout) -> None:
    """Bring up to date, once per resolution after all its language versions have loaded, the
    agreed-language index of each one that changed and the links between versions."""
    from resolutions.across import agreed
    from resolutions.across.series import link_versions
    from resolutions.cache import pages as pagecache
    from resolutions.models import Resolution

    if not symbols:
        return
    resolutions = Resolution.objects.filter(symbol__in=symbols)
    for resolution in tqdm(
        resolutions,
        total=len(symbols),
        unit="resolution",
        desc="Indexing wording",
        file=sys.stderr,
        disable=not sys.stderr.isatty(),
    ):
        with transaction.atomic():
            agreed.index_resolution(resolution)
    with transaction.atomic():
        found = link_versions()
        if found["changed"]:
            pagecache.changed(pagecache.LIBRARY)
    series = found["series"]
    stdout.write(
        f"Versions: {found['links']} resolutions follow an earlier version; "
        f"{series['series']} series, the longest {series['longest']} versions long."
    )
