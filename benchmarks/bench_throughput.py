"""Throughput of the reader page under gunicorn with concurrent clients, side by side with the
same HTML served as a static file by whitenoise: the practical ceiling. Goal: the dynamic page
at half the static rate or better.

BENCH_CLIENTS (default 8) concurrent clients, BENCH_THROUGHPUT_SECONDS (default 10) per case,
BENCH_WORKERS (default 4) gunicorn workers.
"""

import atexit
import io
import os
import shutil
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common


def hammer(port: int, path: str, clients: int, seconds: float) -> tuple[float, list, dict]:
    """Requests per second, latencies and status counts for `clients` clients for `seconds`."""
    latencies: list[float] = []
    statuses: dict = {}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client_loop():
        client = common.HttpClient(port, timeout=30)
        while time.monotonic() < deadline:
            began = time.perf_counter()
            try:
                status, _, _ = client.get(path, headers={"Accept-Encoding": "gzip"})
            except OSError as error:
                status = type(error).__name__
            with lock:
                latencies.append(time.perf_counter() - began)
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=client_loop, daemon=True) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    return len(latencies) / (time.perf_counter() - began), latencies, statuses


def run() -> None:
    url = common.setup_django()
    common.heading(f"Throughput under gunicorn ({common.database_label()})")
    if not common.url_exists(common.READER_PATH):
        common.skipped("reader throughput", f"{common.READER_PATH} is not served yet")
        return
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from annotations.models import Annotation
    from resolutions.models import Resolution

    resolution = common.bundled_resolution()
    if not Resolution.objects.filter(symbol="A/RES/78/1").exists():
        call_command("generate_library", resolutions=1, stdout=io.StringIO())
    quiet = Resolution.objects.get(symbol="A/RES/78/1")
    quiet_path = quiet.get_absolute_url()
    html = Client().get(quiet_path).content
    # The same bytes as a file whitenoise serves (it indexes STATIC_ROOT when it starts).
    folder = Path(settings.STATIC_ROOT) / f"bench-{os.getpid()}"
    folder.mkdir(parents=True, exist_ok=True)
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    (folder / "reader.html").write_bytes(html)
    static_path = f"/{settings.STATIC_URL.strip('/')}/{folder.name}/reader.html"

    clients = common.env_int("BENCH_CLIENTS", 8)
    seconds = common.env_float("BENCH_THROUGHPUT_SECONDS", 10)
    notes = Annotation.objects.filter(paragraph__resolution=resolution).count()
    cases = [
        ("static copy of the reader page", static_path),
        (f"reader page, {quiet.symbol} (no notes)", quiet_path),
        (f"reader page, {resolution.symbol} ({notes} notes)", common.READER_PATH),
    ]
    rates = {}
    try:
        with common.Gunicorn(url) as server:
            for _, path in cases:  # warm every worker's caches
                for _ in range(server.workers * 2):
                    common.HttpClient(server.port).get(path)
            for label, path in cases:
                rate, latencies, statuses = hammer(server.port, path, clients, seconds)
                rates[path] = rate
                common.figure(
                    f"{label}, {clients} clients",
                    f"{rate:.0f} requests/s; {common.timing(latencies)}; statuses {statuses}",
                )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for label, path in cases[1:]:
        ratio = rates[path] / rates[static_path]
        common.figure(
            f"{label.removeprefix('reader page, ')} / static copy, passer-by",
            f"{ratio:.2f}",
            goal="0.5 or better",
            met=ratio >= 0.5,
        )


if __name__ == "__main__":
    common.install_signal_handlers()
    run()
