"""Annotation writes under gunicorn: 20 writers at once, each signed in with their own session,
adding notes through the same form a person uses. Latency, errors, and proof that every write
the server acknowledged is in the database.

BENCH_WRITERS (default 20), BENCH_WRITES_PER_WRITER (default 25), BENCH_WORKERS (default 4),
BENCH_WRITE_INTERVALS (default 0.5,0.2: seconds between a paced writer's notes).
"""

import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common

PIDS = ["pp1", "pp12", "op1", "op5", "op26", "op40", "op52"]


def write_note(client, symbol: str, pid: str, text: str):
    """One note through the paragraph's form; the new note's uuid if the server confirmed it."""
    status, headers, _ = client.post(
        f"/resolutions/{symbol}/{pid}/notes/",
        {"note": text, "tags": "bench, load", "visibility": "private"},
    )
    location = headers.get("Location", "")
    # A browser shows "Your note was saved." on the page it is sent to, and that page clears
    # the message; without this the cookie would grow with every note a writer adds.
    client.cookies.pop("messages", None)
    if status == 302 and location.startswith("/annotations/"):
        return status, location.strip("/").rsplit("/", 1)[-1]
    return status, None


def run() -> None:
    url = common.setup_django()
    common.heading(f"Annotation writes under gunicorn ({common.database_label()})")
    if not common.url_exists("/resolutions/A/RES/79/154/op1/notes/"):
        common.skipped("concurrent writers", "the notes form is not there yet")
        return
    resolution = common.bundled_resolution()
    writers = common.env_int("BENCH_WRITERS", 20)
    per_writer = common.env_int("BENCH_WRITES_PER_WRITER", 25)
    usernames = common.synthetic_users(writers)

    with common.Gunicorn(url) as server:
        clients = common.signed_in_clients(server.port, usernames)
        # Back to back: every writer sends its next note as soon as the last one is answered,
        # the worst case, where latency is the queue in front of the two cores. Paced: each
        # writer adds a note every BENCH_WRITE_INTERVALS seconds on average (0.5 s is already
        # far busier than people writing notes; 0.2 s offers 100 writes/s in all).
        intervals = [
            float(value)
            for value in os.environ.get("BENCH_WRITE_INTERVALS", "0.5,0.2").split(",")
            if value.strip()
        ]
        cases = [("back to back", 0.0)] + [
            (
                f"paced, one every {pause:g} s each ({len(clients) / pause:.0f} writes/s offered)",
                pause,
            )
            for pause in intervals
        ]
        for label, pause in cases:
            measure(server, clients, resolution.symbol, per_writer, pause, label)


def measure(server, clients, symbol: str, per_writer: int, pause: float, label: str) -> None:
    import random

    from django.db.models import Count

    from annotations.models import Annotation

    latencies: list[float] = []
    errors: list[str] = []
    acknowledged: dict[str, str] = {}
    lock = threading.Lock()
    start_together = threading.Barrier(len(clients))
    tag = f"bench-write-{int(pause * 1000)}"

    def writer(number: int, client) -> None:
        start_together.wait()
        rng = random.Random(number)
        for n in range(per_writer):
            if pause:
                time.sleep(rng.uniform(0, 2 * pause))
            text = f"{tag} {number}-{n}"
            began = time.perf_counter()
            try:
                status, uuid = write_note(client, symbol, PIDS[n % len(PIDS)], text)
            except OSError as error:
                status, uuid = type(error).__name__, None
            elapsed = time.perf_counter() - began
            with lock:
                latencies.append(elapsed)
                if uuid:
                    acknowledged[uuid] = text
                else:
                    errors.append(str(status))

    threads = [
        threading.Thread(target=writer, args=(i, c), daemon=True) for i, c in enumerate(clients)
    ]
    meter = common.CpuMeter(server.worker_pids())
    meter.start()
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    wall = time.perf_counter() - began
    cpu = meter.stop()

    stored = {
        str(uuid): note
        for uuid, note in Annotation.objects.filter(uuid__in=list(acknowledged)).values_list(
            "uuid", "note"
        )
    }
    lost = [uuid for uuid, text in acknowledged.items() if stored.get(uuid) != text]
    half = (
        Annotation.objects.filter(note__startswith=tag + " ")
        .annotate(n=Count("tags"))
        .exclude(n=2)
        .count()
    )
    p95 = common.percentile(latencies, 95)
    common.figure(
        f"{len(clients)} writers x {per_writer} notes, {label}",
        common.timing(latencies),
        goal="p95 under 100 ms",
        met=p95 < 0.1,
    )
    common.figure(
        "  throughput",
        f"{len(latencies) / wall:.0f} writes/s ({server.workers} gunicorn workers, "
        f"slowest {common.ms(max(latencies))})",
    )
    writes = len(latencies)
    common.figure(
        "  CPU per write",
        f"app {common.ms(cpu['app'] / writes)}, database {common.ms(cpu['database'] / writes)}, "
        f"the {len(clients)} clients {common.ms(cpu['clients'] / writes)}; "
        f"{sum(cpu.values()) / wall:.2f} of {os.cpu_count()} cores busy",
    )
    error_kinds = ", ".join(f"{e} x{errors.count(e)}" for e in sorted(set(errors))) or "none"
    common.figure("  errors", f"{len(errors)} ({error_kinds})", goal="none", met=not errors)
    common.figure(
        "  acknowledged writes in the database",
        f"{len(acknowledged) - len(lost)} of {len(acknowledged)}; lost {len(lost)}; "
        f"half-written {half}",
        goal="none lost",
        met=not lost and not half,
    )


if __name__ == "__main__":
    common.install_signal_handlers()
    run()
