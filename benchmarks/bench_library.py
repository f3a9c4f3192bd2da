"""Loading the UN's AKN4UN sessions, and the library page with all of them loaded.

BENCH_LIBRARY (default: every archive in data/akn) names the archives to load, separated by
spaces; BENCH_LIBRARY_PAGES (default 200) how many library pages are timed;
BENCH_LIBRARY_SEARCH_ROUNDS (default 10) how many times each search is.
"""

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common

SESSION_GOAL_S = 60.0
PAGE_GOAL_MS = 100.0


def run() -> None:
    common.setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from resolutions.ingest.archives import read_library
    from resolutions.ingest.writer import InstrumentResolver, ingest_parsed, source_checksum
    from resolutions.models import Paragraph, ParagraphText, Resolution, Subject
    from resolutions.parsing import parse_document

    common.heading(f"Load the UN's sessions ({common.database_label()})")
    raw = os.environ.get("BENCH_LIBRARY", "").split()
    archives = [Path(p) for p in raw] or sorted((common.ROOT / "data" / "akn").glob("ga-7*.tar.xz"))
    resolver = InstrumentResolver()
    for archive in archives:
        sources = sorted((s for s in read_library(archive) if s.language), key=lambda s: s.sort_key)
        by_language: dict[str, int] = {}
        parse_times, load_times, failures = [], [], 0
        began = time.perf_counter()
        for source in sources:
            text = source.data.decode("utf-8")
            start = time.perf_counter()
            try:
                parsed = parse_document(text, source=source.name)
            except ValueError:
                failures += 1
                continue
            parse_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            ingest_parsed(
                parsed,
                source_name=source.name,
                checksum=source_checksum(text),
                resolver=resolver,
            )
            load_times.append(time.perf_counter() - start)
            by_language[source.language] = by_language.get(source.language, 0) + 1
        total = time.perf_counter() - began
        languages = len(by_language) or 1
        per_session = total / languages
        common.figure(
            f"{archive.name}: {len(sources)} files in {languages} language(s)",
            f"{total:.1f} s in all, {per_session:.1f} s per session and language; "
            f"{failures} refused",
            goal=f"a session in under {SESSION_GOAL_S:.0f} s",
            met=per_session < SESSION_GOAL_S,
        )
        common.figure("  parse per file", common.timing(parse_times))
        common.figure("  load per file", common.timing(load_times))

    common.figure(
        "library loaded",
        f"{Resolution.objects.count()} resolutions, {Paragraph.objects.count()} paragraphs, "
        f"{ParagraphText.objects.count()} paragraph texts",
    )
    sources = [s for a in archives for s in read_library(a) if s.language]
    start = time.perf_counter()
    known = {source_checksum(s.data.decode("utf-8")) for s in sources}
    common.figure(
        "second run: checksums of every file (what load_library does before skipping)",
        f"{time.perf_counter() - start:.2f} s for {len(known)} files",
    )

    from django.contrib.auth import get_user_model

    # Signed in, so that every page is built (anonymous readers get whole pages from a cache).
    reader, _ = get_user_model().objects.get_or_create(username="bench-library-reader")
    client = Client()
    client.force_login(reader)
    sessions = list(Resolution.objects.values_list("session", flat=True).distinct())
    subjects = list(Subject.objects.values_list("slug", flat=True)[:50])
    rng = random.Random(7)
    queries = [
        {},
        {"page": "3"},
        {"session": str(rng.choice(sessions))} if sessions else {},
        {"vote": "recorded"},
        {"lang": "fr"},
        {"committee": "Third Committee", "vote": "without vote"},
    ] + ([{"subject": s} for s in subjects[:10]])
    times = []
    count = common.env_int("BENCH_LIBRARY_PAGES", 200)
    with CaptureQueriesContext(connection) as captured:
        for n in range(count):
            params = queries[n % len(queries)]
            start = time.perf_counter()
            response = client.get("/", params)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200, response.status_code
    p95 = common.percentile(times, 95) * 1000
    common.figure(
        "library page, filtered and paged (in process, signed in: not cached)",
        common.timing(times) + f"; {len(captured) // count} queries per page",
        goal=f"p95 under {PAGE_GOAL_MS:.0f} ms",
        met=p95 < PAGE_GOAL_MS,
    )

    from benchmarks import bench_search

    bench_search.measure_library(client, common.env_int("BENCH_LIBRARY_SEARCH_ROUNDS", 10))


if __name__ == "__main__":
    common.install_signal_handlers()
    run()
