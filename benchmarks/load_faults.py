"""Load and faults: mixed reading and annotating against gunicorn and a PostgreSQL server of
our own, which is restarted in the middle; then gunicorn workers are killed under load. In the
first third an abusive client joins for a while, from an address of its own: the requests of
issue 23's review (anonymous exports, phrases of single letters, a 1,000-letter word for agreed
language, comparisons, junk parameters, another Host), in a loop; the other users' p95 with it
is set beside their p95 without it.

The promises checked: no server error outside the outage; during the outage a clear 503 page
with Retry-After; the app recovers by itself; every write the server acknowledged is in the
database, and no annotation is half-written (every one has both its tags).

Loopback only, bounded in time, stops by itself. BENCH_LOAD_SECONDS (default 60),
BENCH_LOAD_READERS (default 4), BENCH_LOAD_WRITERS (default 4), BENCH_OUTAGE_SECONDS (default 5),
BENCH_ABUSE_MAX_REQUESTS (default 2000) requests the abusive client sends at most.
"""

import os
import random
import signal
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common
from benchmarks.bench_abuse import _comparison_pair
from benchmarks.bench_writes import PIDS

TAGS = "load, faults"
ABUSERS = 4  # the abusive client's requests at once


@dataclass
class Outcome:
    at: float  # seconds since the start
    kind: str  # "read" or "write"
    status: int | str  # HTTP status, or the name of the connection error
    retry_after: bool = False
    outage_page: bool = False
    seconds: float = 0.0


def run() -> None:
    common.heading("Load and faults (gunicorn + a PostgreSQL server of our own)")
    try:
        server = common.PostgresServer()
    except (RuntimeError, OSError) as error:
        common.skipped("load and faults", str(error))
        return
    # This process's Django talks to a database on that server, whatever DATABASE_URL said.
    os.environ["DATABASE_URL"] = server.url()
    url = common.setup_django()
    if common.vendor() != "postgresql":
        common.skipped("load and faults", "Django was already set up on another database")
        return
    from django.db import connection

    from annotations.management.commands.generate_library import PASSWORD
    from annotations.models import Annotation

    resolution = common.bundled_resolution()
    duration = common.env_float("BENCH_LOAD_SECONDS", 60)
    outage = common.env_float("BENCH_OUTAGE_SECONDS", 5)
    readers = common.env_int("BENCH_LOAD_READERS", 4)
    writers = common.env_int("BENCH_LOAD_WRITERS", 4)
    usernames = common.synthetic_users(readers + writers)
    read_paths = [f"/resolutions/{resolution.symbol}/{pid}/notes/" for pid in PIDS] + ["/tags/"]
    if common.url_exists(common.READER_PATH):
        read_paths += [common.READER_PATH] * 4
    older, _ = _comparison_pair(resolution)
    abusive_paths = abuse_paths(resolution, older)
    abuse_max = common.env_int("BENCH_ABUSE_MAX_REQUESTS", 2000)
    abuse_outcomes: list[Outcome] = []
    connection.close()

    outcomes: list[Outcome] = []
    acknowledged: dict[str, str] = {}
    lock = threading.Lock()
    stop = threading.Event()
    events: dict[str, float] = {}

    # The abusive client is told apart by the address a proxy would report for it.
    proxy = {"TRUSTED_PROXY_HEADER": "X-Forwarded-For", "TRUSTED_PROXY_COUNT": "1"}
    with common.Gunicorn(url, workers=3, extra_env=proxy) as app:
        clients = []
        for username in usernames:
            client = common.HttpClient(app.port, timeout=15)
            common.sign_in(client, username, PASSWORD)
            clients.append(client)
        began = time.monotonic()

        def record(kind, status, headers=None, body=b"", sent=None):
            now = time.monotonic()
            outcome = Outcome(now - began, kind, status)
            if sent is not None:
                outcome.seconds = now - sent
            if headers is not None:
                outcome.retry_after = "Retry-After" in headers
                outcome.outage_page = b"Temporarily unavailable" in body
            with lock:
                outcomes.append(outcome)

        def reader(number: int, client) -> None:
            rng = random.Random(number)
            while not stop.is_set():
                sent = time.monotonic()
                try:
                    status, headers, body = client.get(rng.choice(read_paths))
                    record("read", status, headers, body, sent)
                except OSError as error:
                    record("read", type(error).__name__)
                time.sleep(rng.uniform(0, 0.05))

        abuse_stop = threading.Event()

        sent_by_abuser = iter(range(abuse_max))

        def abuser(first: int) -> None:
            """Anonymous, from its own address, as fast as answers come, four requests at a
            time as in the review: bounded in count and stopped before the outage."""
            client = common.HttpClient(app.port, timeout=15)
            forwarded = {"X-Forwarded-For": "203.0.113.66"}
            for n in sent_by_abuser:
                if abuse_stop.is_set() or stop.is_set():
                    return
                path, extra = abusive_paths[(first + n) % len(abusive_paths)]
                sent = time.monotonic()
                try:
                    status, _, _ = client.get(path.format(n=n), headers={**forwarded, **extra})
                except OSError as error:
                    status = type(error).__name__
                abuse_outcomes.append(
                    Outcome(sent - began, "abuse", status, seconds=time.monotonic() - sent)
                )

        def writer(number: int, client) -> None:
            rng = random.Random(1000 + number)
            n = 0
            while not stop.is_set():
                n += 1
                text = f"load-fault {number}-{n}"
                sent = time.monotonic()
                try:
                    status, headers, body = client.request(
                        "POST",
                        f"/resolutions/{resolution.symbol}/{rng.choice(PIDS)}/notes/",
                        {"note": text, "tags": TAGS, "visibility": "private"},
                    )
                    location = headers.get("Location", "")
                    if status == 302 and location.startswith("/annotations/"):
                        with lock:
                            acknowledged[location.strip("/").rsplit("/", 1)[-1]] = text
                    record("write", status, headers, body, sent)
                except OSError as error:
                    record("write", type(error).__name__)
                time.sleep(rng.uniform(0, 0.1))

        threads = [
            threading.Thread(target=reader, args=(i, c), daemon=True)
            for i, c in enumerate(clients[:readers])
        ] + [
            threading.Thread(target=writer, args=(i, c), daemon=True)
            for i, c in enumerate(clients[readers:])
        ]
        for thread in threads:
            thread.start()
        try:
            # A sixth of the way in the abusive client joins, until the third.
            time.sleep(duration / 6)
            events["abuse started"] = time.monotonic() - began
            abusive = [
                threading.Thread(target=abuser, args=(k,), daemon=True) for k in range(ABUSERS)
            ]
            for thread in abusive:
                thread.start()
            time.sleep(max(0.0, began + duration / 3 - 1 - time.monotonic()))
            abuse_stop.set()
            for thread in abusive:
                thread.join(timeout=20)
            events["abuse stopped"] = time.monotonic() - began
            # A third of the way in, PostgreSQL goes away for a few seconds.
            time.sleep(max(0.0, began + duration / 3 - time.monotonic()))
            events["database stopped"] = time.monotonic() - began
            server.stop("fast")
            time.sleep(outage)
            server.start()
            events["database started"] = time.monotonic() - began
            # Two thirds in, two gunicorn workers die without warning.
            time.sleep(max(0.0, began + 2 * duration / 3 - time.monotonic()))
            events["workers killed"] = time.monotonic() - began
            for pid in app.worker_pids()[:2]:
                os.kill(pid, signal.SIGKILL)
            time.sleep(max(0.0, began + duration - time.monotonic()))
            events["workers at the end"] = len(app.worker_pids())
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=20)

    connection.close()
    report_abuse(outcomes, abuse_outcomes, events)
    report(outcomes, events, acknowledged, outage, Annotation)


def abuse_paths(resolution, older) -> list[tuple[str, dict]]:
    """The review's abusive requests, each a path (with {n} for a junk value) and headers."""
    from benchmarks.bench_abuse import LETTERS, LONG_WORD

    reader = f"/resolutions/{resolution.symbol}/"
    pid = resolution.paragraphs.filter(in_text=True, kind="operative").values_list("pid", flat=1)[0]
    compare = f"/resolutions/{resolution.symbol}/compare/{older.symbol}/"
    return [
        ("/annotations/export.csv", {}),
        ("/annotations/export.jsonld", {}),
        ("/search/?" + urlencode({"q": LETTERS}) + "&cb={n}", {}),
        (f"{reader}{pid}/agreed/?" + urlencode({"q": LONG_WORD}), {}),
        (compare + "?cb={n}", {}),
        (compare + "?show=new&cb={n}", {}),
        (reader + "?cb={n}&lang=en&also=fr", {}),
        (reader, {"Host": "127.0.0.1:1", "X-Forwarded-Proto": "https"}),
    ]


def report_abuse(outcomes, abuse_outcomes, events) -> None:
    """The other users' p95 before the abusive client came and while it ran, side by side."""
    start, end = events["abuse started"], events["abuse stopped"]

    def p95(selected):
        times = [o.seconds for o in selected if isinstance(o.status, int) and o.status < 400]
        return common.percentile(times, 95), len(times)

    before, n_before = p95(o for o in outcomes if 1.0 <= o.at < start)
    during, n_during = p95(o for o in outcomes if start <= o.at < end)
    statuses: dict[str, int] = {}
    for o in abuse_outcomes:
        statuses[str(o.status)] = statuses.get(str(o.status), 0) + 1
    common.figure(
        f"abusive client from {start:.0f} to {end:.0f} s",
        f"{len(abuse_outcomes)} requests ("
        + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items()))
        + f"), p95 {common.ms(common.percentile([o.seconds for o in abuse_outcomes], 95))}",
    )
    common.figure(
        "other users' p95 without and with it",
        f"{common.ms(before)} (n={n_before}) -> {common.ms(during)} (n={n_during})",
        goal="within 2x",
        met=during <= 2 * before,
    )


def report(outcomes, events, acknowledged, outage, Annotation) -> None:
    from django.db.models import Count

    down, up = events["database stopped"], events["database started"]
    killed = events["workers killed"]
    # Requests sent just before the stop can still be answered 503 a moment after the
    # start, while each worker notices its connection is gone: a few seconds' grace.
    grace = 3.0
    during = [o for o in outcomes if down <= o.at <= up + grace]
    outside = [o for o in outcomes if not (down <= o.at <= up + grace)]
    ok = [o for o in outcomes if isinstance(o.status, int) and o.status < 400]
    server_errors_outside = [o for o in outside if isinstance(o.status, int) and o.status >= 500]
    server_errors_during = [
        o for o in during if isinstance(o.status, int) and o.status >= 500 and o.status != 503
    ]
    unclear_503 = [o for o in during if o.status == 503 and not (o.retry_after and o.outage_page)]
    outage_503 = [o for o in during if o.status == 503]
    dropped = [o for o in outcomes if isinstance(o.status, str)]
    after_start = sorted(
        (o for o in outcomes if o.at > up and isinstance(o.status, int) and o.status < 400),
        key=lambda o: o.at,
    )
    recovered_in = after_start[0].at - up if after_start else None
    late = [o for o in outcomes if o.at > killed + 5]
    late_ok = all(isinstance(o.status, int) and o.status < 500 for o in late)

    stored = {
        str(uuid): note
        for uuid, note in Annotation.objects.filter(uuid__in=list(acknowledged)).values_list(
            "uuid", "note"
        )
    }
    lost = [uuid for uuid, text in acknowledged.items() if stored.get(uuid) != text]
    written = Annotation.objects.filter(note__startswith="load-fault ")
    half = written.annotate(n=Count("tags")).exclude(n=2).count()

    statuses: dict[str, int] = {}
    for o in outcomes:
        statuses[str(o.status)] = statuses.get(str(o.status), 0) + 1
    common.figure(
        "requests",
        f"{len(outcomes)} ({len(ok)} answered fine; "
        + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items()))
        + ")",
    )
    common.figure(
        "server errors outside the outage",
        str(len(server_errors_outside)),
        goal="none",
        met=not server_errors_outside,
    )
    common.figure(
        f"database down {outage:g} s at {down:.0f} s: answers during it",
        f"{len(outage_503)} x 503 (all with Retry-After and the outage page: "
        f"{'yes' if not unclear_503 else f'no, {len(unclear_503)} without'}), "
        f"{len(server_errors_during)} other 5xx",
        goal="503 page, no other 5xx",
        met=not unclear_503 and not server_errors_during,
    )
    common.figure(
        "recovered by itself",
        f"first good answer {recovered_in:.1f} s after the database came back"
        if recovered_in is not None
        else "never",
        met=recovered_in is not None,
    )
    common.figure(
        f"2 workers killed at {killed:.0f} s",
        f"{len(dropped)} connections dropped in all (the killed workers' requests in flight); "
        f"{'no' if late_ok else 'some'} 5xx from 5 s after; "
        f"{events.get('workers at the end', 0):.0f} of 3 workers running at the end",
        goal="no 5xx, workers replaced",
        met=late_ok and events.get("workers at the end") == 3,
    )
    common.figure(
        "acknowledged writes in the database",
        f"{len(acknowledged) - len(lost)} of {len(acknowledged)}; lost {len(lost)}; "
        f"half-written {half} of {written.count()} stored",
        goal="none lost, none half-written",
        met=not lost and not half,
    )


if __name__ == "__main__":
    common.install_signal_handlers()
    run()
