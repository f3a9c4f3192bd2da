"""The reader page's server time (median, 95th percentile) and query count with 0, 1,000 and
10,000 annotations on the resolution, for a passer-by and for a signed-in team member.

BENCH_READER_REQUESTS (default 30) requests per case; BENCH_READER_ANNOTATIONS (default
"0,1000,10000").
"""

import io
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common


def run() -> None:
    common.setup_django()
    common.heading(f"Reader page server time ({common.database_label()})")
    if not common.url_exists(common.READER_PATH):
        common.skipped("reader page", f"{common.READER_PATH} is not served yet")
        return
    from django.core.management import call_command
    from django.test import Client

    from annotations.management.commands.generate_library import USERNAME_PREFIX

    resolution = common.bundled_resolution()
    requests = common.env_int("BENCH_READER_REQUESTS", 30)
    raw_sizes = os.environ.get("BENCH_READER_ANNOTATIONS") or "0,1000,10000"
    sizes = [int(n) for n in raw_sizes.split(",")]
    call_command("generate_library", users=20, teams=3, stdout=io.StringIO())
    from django.contrib.auth import get_user_model

    member = get_user_model().objects.get(username=f"{USERNAME_PREFIX}1")
    for size in sizes:
        if size:
            call_command(
                "generate_library",
                users=20,
                teams=3,
                annotations=size,
                on=resolution.symbol,
                seed=size,
                stdout=io.StringIO(),
            )
        for who in ("passer-by", "team member"):
            client = Client()
            if who == "team member":
                client.force_login(member)

            def get(client=client):
                response = client.get(common.READER_PATH)
                if response.status_code != 200:
                    raise RuntimeError(f"{common.READER_PATH} answered {response.status_code}")
                return response

            response = count_queries(get)
            samples = common.repeat(get, requests)
            common.figure(
                f"{size} annotations, {who}",
                f"{common.timing(samples)}, {response.query_count} queries "
                f"(slowest {response.slowest_query * 1000:.0f} ms), "
                f"{len(response.content) // 1024} KB",
            )


def count_queries(get):
    """One request with its queries counted. The connection is kept open across it (as the
    test runner does), so that closing it at the end of the request does not lose the count."""
    from django.core import signals
    from django.db import close_old_connections, connection
    from django.test.utils import CaptureQueriesContext

    signals.request_finished.disconnect(close_old_connections)
    signals.request_started.disconnect(close_old_connections)
    try:
        with CaptureQueriesContext(connection) as queries:
            response = get()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    response.query_count = len(queries)
    response.slowest_query = max((float(q["time"]) for q in queries.captured_queries), default=0)
    return response


if __name__ == "__main__":
    common.install_signal_handlers()
    run()
