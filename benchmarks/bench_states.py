"""Member States' pages on the library loaded: a State's votes (plain, by session, by subject,
against the majority, a later page) and two States side by side, with their p95 and queries.

In `make bench` it runs after the UN's sessions are loaded. Alone: `python
benchmarks/bench_states.py` on a throw-away database (BENCH_DATABASE_TEMPLATE to copy a loaded
library), or `--in-place` on the database DATABASE_URL names, as it is.
BENCH_STATES_ROUNDS (default 5) is how many times each page is timed.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common

GOAL_MS = 150.0
# States with many recorded votes, and pairs that vote alike and apart.
STATES = ["united-states", "china", "ghana", "turkiye", "kiribati"]
PAIRS = [("united-states", "israel"), ("china", "russian-federation"), ("brazil", "india")]


def measure(label: str) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from resolutions.models import MemberState, Subject, Vote

    common.heading(f"Member States' pages ({label}, {common.database_label()})")
    votes = Vote.objects.count()
    if not votes:
        common.skipped("Member States' pages", "no recorded votes loaded")
        return
    slugs = set(MemberState.objects.values_list("slug", flat=True))
    states = [s for s in STATES if s in slugs] or sorted(slugs)[:5]
    pairs = [p for p in PAIRS if set(p) <= slugs] or [(states[0], states[-1])]
    subject = (
        Subject.objects.filter(resolutions__votes__state__slug=states[0])
        .values_list("slug", flat=True)
        .first()
    )
    reader, _ = get_user_model().objects.get_or_create(username="bench-states-reader")
    client = Client()
    client.force_login(reader)
    pages = []
    for slug in states:
        base = f"/states/{slug}/"
        pages += [
            (base, {}),
            (base, {"session": "79"}),
            (base, {"vote": "against_majority"}),
            (base, {"page": "3"}),
        ]
        if subject:
            pages.append((base, {"subject": subject}))
    compares = [("/states/compare/", {"a": a, "b": b}) for a, b in pairs]
    compares += [("/states/compare/", {"a": a, "b": b, "session": "77"}) for a, b in pairs]
    common.figure("recorded votes in the library", f"{votes:,} by {len(slugs)} States")
    rounds = common.env_int("BENCH_STATES_ROUNDS", 5)
    for name, urls in (("a State's votes", pages), ("two States compared", compares)):
        for path, params in urls[:1]:
            client.get(path, params)  # warm: templates compiled, connections open
        times, cpu, queries = [], [], []
        for _ in range(rounds):
            for path, params in urls:
                with CaptureQueriesContext(connection) as captured:
                    start, start_cpu = time.perf_counter(), time.process_time()
                    response = client.get(path, params)
                    times.append(time.perf_counter() - start)
                    cpu.append(time.process_time() - start_cpu)
                assert response.status_code == 200, (path, params, response.status_code)
                queries.append(len(captured))
        p95 = common.percentile(times, 95) * 1000
        common.figure(
            f"{name} ({len(urls)} pages x {rounds})",
            common.timing(times)
            + f"; the app's CPU {common.timing(cpu)}; {min(queries)}-{max(queries)} queries a page"
            + f"; load average {os.getloadavg()[0]:.1f}",
            goal=f"p95 under {GOAL_MS:.0f} ms on PostgreSQL",
            met=p95 < GOAL_MS,
        )


def run() -> None:
    common.setup_django()
    measure("the library loaded")


def in_place() -> None:
    os.environ.update(common.BENCH_ENV)
    os.chdir(common.ROOT)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    measure("in place")


if __name__ == "__main__":
    common.install_signal_handlers()
    if "--in-place" in sys.argv:
        in_place()
    else:
        run()
