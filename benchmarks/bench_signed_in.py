"""Signed-in reader pages beside the anonymous cached ones: server time (median, 95th
percentile), the app's CPU time, queries and HTML bytes for 79/154 (with team notes), 77/194,
79/1 and the instruments list, and the first view of a resolution nobody has opened yet.

Loads those resolutions from the UN's archives in data/akn if they are not in the database.
BENCH_SIGNED_IN_REQUESTS (default 20) requests per case; BENCH_SIGNED_IN_NOTES (default 300)
notes on 79/154, most of them shared with a team. BENCH_PROFILE=1 prints a cProfile of one
signed-in request per page.
"""

import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common
from benchmarks.bench_reader import count_queries

ARCHIVES = {
    "A/RES/79/154": "ga-79-en.tar.xz",
    "A/RES/79/1": "ga-79-en.tar.xz",
    "A/RES/77/194": "ga-77.tar.xz",
    "A/RES/77/248": "ga-77.tar.xz",
}
PAGES = ["A/RES/79/154", "A/RES/77/194", "A/RES/79/1"]
# Resolution server-time goals for a signed-in team member, in seconds (issue 21).
GOALS = {"A/RES/79/154": 0.120, "A/RES/79/1": 0.400, "/instruments/": 0.150}
FIRST_VIEW_GOAL = 0.300
INSTRUMENTS_BYTES_GOAL = 100 * 1024


def load(symbols) -> list[str]:
    """The resolutions among `symbols` now in the library, loading the missing ones."""
    from django.core.management import call_command

    from resolutions.models import Resolution

    have = set(Resolution.objects.filter(symbol__in=symbols).values_list("symbol", flat=True))
    missing = [s for s in symbols if s not in have]
    by_archive: dict[str, list[str]] = {}
    for symbol in missing:
        by_archive.setdefault(ARCHIVES[symbol], []).append(symbol)
    for archive, wanted in by_archive.items():
        path = common.ROOT / "data" / "akn" / archive
        if path.exists():
            call_command(
                "load_library",
                str(path),
                symbols=",".join(wanted),
                lenient=True,
                stdout=io.StringIO(),
                stderr=io.StringIO(),
            )
    return list(Resolution.objects.filter(symbol__in=symbols).values_list("symbol", flat=True))


def measure(client, path, requests, *, clear=False):
    """(wall seconds, CPU seconds) of `requests` requests, and one request's response with its
    query count."""
    from resolutions.cache import pages as pagecache

    def get():
        if clear:
            pagecache.STORE.clear()
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        return response

    get()  # what later requests find kept, as on a server already serving
    response = count_queries(get)
    cpu: list[float] = []

    def timed():
        began = time.process_time()
        get()
        cpu.append(time.process_time() - began)

    samples = common.repeat(timed, requests)
    return samples, cpu, response


def report(label, samples, cpu, response, goal=None, byte_goal=None):
    p95 = common.percentile(samples, 95)
    met = None
    goals = []
    if goal is not None:
        goals.append(f"p95 < {goal * 1000:.0f} ms")
        met = p95 < goal
    if byte_goal is not None:
        goals.append(f"< {byte_goal // 1024} KB")
        met = bool(met or met is None) and len(response.content) < byte_goal
    common.figure(
        label,
        f"{common.timing(samples)}, CPU median {common.ms(statistics.median(cpu))} "
        f"p95 {common.ms(common.percentile(cpu, 95))}, {response.query_count} queries, "
        f"{len(response.content) // 1024} KB",
        ", ".join(goals),
        met,
    )


def profile(client, path) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(path)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(35)
    print(out.getvalue())


def run() -> None:
    common.setup_django()
    common.heading(f"Signed-in reader beside the cached page ({common.database_label()})")
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from annotations.management.commands.generate_library import USERNAME_PREFIX
    from annotations.models import Annotation
    from resolutions.cache import fragments
    from resolutions.cache import pages as pagecache
    from resolutions.models import Resolution

    loaded = load(list(ARCHIVES))
    if "A/RES/79/154" not in loaded:
        common.skipped("signed-in reader", "the UN's archives are not in data/akn")
        return
    requests = common.env_int("BENCH_SIGNED_IN_REQUESTS", 20)
    notes = common.env_int("BENCH_SIGNED_IN_NOTES", 300)
    call_command("generate_library", users=20, teams=3, stdout=io.StringIO())
    on = Resolution.objects.get(symbol="A/RES/79/154")
    if notes and not Annotation.objects.filter(paragraph__resolution=on).exists():
        call_command(
            "generate_library",
            users=20,
            teams=3,
            annotations=notes,
            on=on.symbol,
            seed=21,
            stdout=io.StringIO(),
        )
    member = get_user_model().objects.get(username=f"{USERNAME_PREFIX}1")
    anonymous = Client()
    signed_in = Client()
    signed_in.force_login(member)
    shown = Annotation.objects.filter(paragraph__resolution=on).count()
    common.figure("notes on 79/154", f"{shown} (generated, most shared with teams)")
    pages = [(s, Resolution.objects.get(symbol=s).get_absolute_url()) for s in PAGES if s in loaded]
    pages.append(("/instruments/", "/instruments/"))
    for label, path in pages:
        samples, cpu, response = measure(anonymous, path, requests)
        # The list of instruments is built for everyone; a reader page comes from the cache.
        cached = "" if label == "/instruments/" else ", cached"
        report(f"{label} anonymous{cached}", samples, cpu, response)
        samples, cpu, response = measure(signed_in, path, requests)
        byte_goal = INSTRUMENTS_BYTES_GOAL if label == "/instruments/" else None
        report(f"{label} signed in", samples, cpu, response, GOALS.get(label), byte_goal)
        if os.environ.get("BENCH_PROFILE"):
            profile(signed_in, path)
    if "A/RES/77/248" in loaded:
        # A first view: nothing of the page kept from an earlier request, by anyone.
        path = Resolution.objects.get(symbol="A/RES/77/248").get_absolute_url()
        from django.core.cache import cache

        def first_view():
            pagecache.STORE.clear()
            fragments.STORE.clear()
            cache.clear()
            return signed_in.get(path)

        response = count_queries(first_view)
        cpu: list[float] = []
        samples = []
        for _ in range(max(3, requests // 4)):
            began, began_cpu = time.perf_counter(), time.process_time()
            first_view()
            samples.append(time.perf_counter() - began)
            cpu.append(time.process_time() - began_cpu)
        report("A/RES/77/248 first view, signed in", samples, cpu, response, FIRST_VIEW_GOAL)
        if os.environ.get("BENCH_PROFILE"):
            profile(signed_in, path)


if __name__ == "__main__":
    common.install_signal_handlers()
    run()
