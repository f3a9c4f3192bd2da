"""The reader page of a resolution whose earlier versions carry notes: server time (median, 95th
percentile, and the app's own CPU time, which other processes on the machine disturb less) and
query count for 79/154 with no notes, then with notes spread over 77/194 and 75/158, for a
passer-by (the page built, not served from the page cache) and for a signed-in team member.

It needs the series loaded: run it on a PostgreSQL copy of the UN's sessions, e.g.
`DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres BENCH_DATABASE_TEMPLATE=rr_library
python benchmarks/bench_earlier_notes.py`. BENCH_EARLIER_REQUESTS (default 30) requests per
case; BENCH_EARLIER_NOTES (default "0,1000") notes in all on the earlier versions, half on each.
"""

import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common
from benchmarks.bench_reader import count_queries

NEWEST = "A/RES/79/154"


def run() -> None:
    common.setup_django()
    common.heading(f"Reader page with notes on earlier versions ({common.database_label()})")
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from annotations.management.commands.generate_library import USERNAME_PREFIX
    from resolutions.across.series import series_of
    from resolutions.cache import pages as pagecache
    from resolutions.models import Resolution

    newest = Resolution.objects.filter(symbol=NEWEST).first()
    series = series_of(newest) if newest else []
    earlier = [r for r in series if newest and r.session < newest.session]
    if len(earlier) < 2:
        common.skipped("earlier notes", f"{NEWEST} and two earlier versions are not loaded")
        return
    common.figure("series", " ← ".join(r.symbol for r in reversed(series)))
    requests = common.env_int("BENCH_EARLIER_REQUESTS", 30)
    sizes = [int(n) for n in (os.environ.get("BENCH_EARLIER_NOTES") or "0,1000").split(",")]
    call_command("generate_library", users=20, teams=3, stdout=io.StringIO())
    member = get_user_model().objects.get(username=f"{USERNAME_PREFIX}1")
    path = newest.get_absolute_url()
    for size in sizes:
        for k, version in enumerate(earlier[-2:]):
            if size:
                call_command(
                    "generate_library",
                    users=20,
                    teams=3,
                    annotations=size // 2,
                    on=version.symbol,
                    seed=size + k,
                    stdout=io.StringIO(),
                )
        for who in ("passer-by", "team member"):
            client = Client()
            if who == "team member":
                client.force_login(member)

            def get(client=client, aligned=True):
                # The page built, as on its first request after a change; with `aligned`, the
                # alignment of the versions kept from an earlier request, else worked out too.
                pagecache.STORE.clear()
                if not aligned:
                    cache.clear()
                response = client.get(path)
                if response.status_code != 200:
                    raise RuntimeError(f"{path} answered {response.status_code}")
                return response

            for aligned in (False, True):
                response = count_queries(lambda get=get, aligned=aligned: get(aligned=aligned))
                cpu = []

                def timed(get=get, aligned=aligned, cpu=cpu):
                    began = time.process_time()
                    get(aligned=aligned)
                    cpu.append(time.process_time() - began)

                samples = common.repeat(timed, requests)
                shown = response.content.decode().count('class="earlier-note"')
                common.figure(
                    f"{size} notes on earlier versions, {who}, "
                    + ("alignment cached" if aligned else "nothing cached"),
                    f"{common.timing(samples)}, app CPU median "
                    f"{common.ms(statistics.median(cpu[1:]))}, {response.query_count} queries, "
                    f"{shown} earlier notes shown, {len(response.content) // 1024} KB",
                )


if __name__ == "__main__":
    common.install_signal_handlers()
    run()
