"""Loading the library cold, and the first minute of `make run`.

`load_library` on a fresh database, one session and then every shared session, on SQLite and
(when DATABASE_URL names a PostgreSQL server) on PostgreSQL: files per second, per-file p50 and
p95, the CPU of the load (its workers included) and of the database's own processes (PostgreSQL
on this machine), then the same command again, with nothing to do. Then `make run` as a
newcomer types it, on a fresh SQLite file: seconds to the first 200 of the library page and of
the reader of A/RES/79/154, to the whole library, and a second `make run` to its first page.

BENCH_COLD_SESSION (default data/akn/ga-79-en.tar.xz) is the one session; BENCH_COLD_LIBRARY
(default the three shared archives) the whole library, separated by spaces, empty to skip it;
BENCH_COLD_DATABASES (default "sqlite postgresql") which databases; BENCH_COLD_MAKE_RUN (default
1) whether `make run` is timed.
"""

import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import common

AKN = common.ROOT / "data" / "akn"
LIBRARY = ["ga-79-en.tar.xz", "ga-77.tar.xz", "ga-75-en.tar.xz"]
SQLITE_GOAL_S = 120.0
POSTGRES_GOAL_S = 180.0
FIRST_PAGE_GOAL_S = 30.0
SECOND_RUN_GOAL_S = 5.0


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class PostgresCpu:
    """The CPU of the server processes serving one database, read from /proc while they run
    (a local server only; a backend's last half second is missed)."""

    def __init__(self, url: str):
        self.url = url
        self.seen: dict[int, float] = {}
        self.name = url.rsplit("/", 1)[-1]

    def sample(self) -> None:
        import psycopg

        try:
            with psycopg.connect(self.url, autocommit=True) as conn:
                pids = [
                    row[0]
                    for row in conn.execute(
                        "SELECT pid FROM pg_stat_activity WHERE datname = %s "
                        "AND pid <> pg_backend_pid()",
                        [self.name],
                    )
                ]
        except psycopg.Error:
            return
        ticks = os.sysconf("SC_CLK_TCK")
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            self.seen[pid] = (int(fields[11]) + int(fields[12])) / ticks

    @property
    def seconds(self) -> float:
        return sum(self.seen.values())


def database(kind: str, folder: Path, name: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{folder / name}.sqlite3"
    return common.create_postgres_database(os.environ["DATABASE_URL"])


def environment(url: str) -> dict:
    return {**os.environ, **common.BENCH_ENV, "DATABASE_URL": url}


def manage(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=common.ROOT,
        env=environment(url),
        capture_output=True,
        text=True,
        check=False,
    )


def load(label: str, kind: str, archives: list[Path], folder: Path) -> None:
    url = database(kind, folder, label.replace(" ", "-"))
    manage(url, "migrate", "--noinput", "-v0")
    timings = folder / "timings.json"
    watcher = PostgresCpu(url) if kind == "postgresql" else None
    cpu = children_cpu()
    began = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "load_library", "--lenient", "--timings", str(timings)]
        + [str(a) for a in archives],
        cwd=common.ROOT,
        env=environment(url),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    while process.poll() is None:
        if watcher:
            watcher.sample()
        time.sleep(0.5)
    seconds = time.perf_counter() - began
    out = process.stdout.read()
    app_cpu = children_cpu() - cpu
    per_file = json.loads(timings.read_text()) if timings.exists() else []
    files = len(per_file)
    goal = SQLITE_GOAL_S if kind == "sqlite" else POSTGRES_GOAL_S
    whole = label == "every shared session"
    database_cpu = f", database {watcher.seconds:.0f} s CPU" if watcher else ""
    common.figure(
        f"{label}, cold, {kind}: {files} files",
        f"{seconds:.0f} s, {files / seconds:.1f} files/s; app {app_cpu:.0f} s CPU"
        f"{database_cpu}; per file {common.timing(per_file) if per_file else '-'}",
        goal=f"under {goal:.0f} s" if whole else "",
        met=seconds < goal if whole else None,
    )
    if process.returncode not in (0, 1):
        print("    " + out.strip().replace("\n", "\n    "))
    began = time.perf_counter()
    manage(url, "load_library", "--lenient", *map(str, archives))
    common.figure(
        f"{label}, again, {kind} (nothing changed)", f"{time.perf_counter() - began:.1f} s"
    )


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def make_run(folder: Path) -> None:
    """`make run` on a fresh SQLite file, the dependencies installed: what a newcomer waits."""
    url = f"sqlite:///{folder / 'make-run.sqlite3'}"
    env = {k: v for k, v in os.environ.items() if k not in common.BENCH_ENV}
    env["DATABASE_URL"] = url
    for attempt in ("first", "second"):
        port = common.free_port()
        base = f"http://127.0.0.1:{port}"
        began = time.perf_counter()
        process = subprocess.Popen(
            ["make", "run", f"PORT={port}"],
            cwd=common.ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            first = None
            while time.perf_counter() - began < 900:
                if get(base + "/") == 200 and get(base + "/resolutions/A/RES/79/154/") == 200:
                    first = time.perf_counter() - began
                    break
                time.sleep(0.2)
            goal = FIRST_PAGE_GOAL_S if attempt == "first" else SECOND_RUN_GOAL_S
            common.figure(
                f"make run ({attempt} run): the library page and A/RES/79/154 answer 200",
                f"{first:.1f} s" if first is not None else "not within 900 s",
                goal=f"under {goal:.0f} s",
                met=first is not None and first < goal,
            )
            if attempt == "first":
                whole = None
                while time.perf_counter() - began < 1800:
                    if get(base + "/") == 200 and not loading(folder / "make-run.sqlite3"):
                        whole = time.perf_counter() - began
                        break
                    time.sleep(1)
                common.figure(
                    "make run (first run): the whole library loaded",
                    f"{whole:.0f} s" if whole is not None else "not within 1800 s",
                )
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)


def loading(path: Path) -> bool:
    import sqlite3

    with sqlite3.connect(path, timeout=30) as db:
        row = db.execute("SELECT finished FROM resolutions_loadprogress WHERE id = 1").fetchone()
    return row is None or not row[0]


def run() -> None:
    common.setup_django()
    common.heading("Loading the library cold, and the first minute of make run")
    session = [Path(p) for p in os.environ.get("BENCH_COLD_SESSION", str(AKN / LIBRARY[0])).split()]
    library = [
        Path(p)
        for p in os.environ.get(
            "BENCH_COLD_LIBRARY", " ".join(str(AKN / a) for a in LIBRARY)
        ).split()
    ]
    kinds = os.environ.get("BENCH_COLD_DATABASES", "sqlite postgresql").split()
    if not common.is_postgres_url(os.environ.get("DATABASE_URL")) and "postgresql" in kinds:
        kinds.remove("postgresql")
        common.skipped("PostgreSQL loads", "DATABASE_URL names no PostgreSQL server")
    with tempfile.TemporaryDirectory(prefix="rr-bench-load-") as folder:
        for kind in kinds:
            load("one session", kind, session, Path(folder))
            if library:
                load("every shared session", kind, library, Path(folder))
        if os.environ.get("BENCH_COLD_MAKE_RUN", "1") != "0":
            make_run(Path(folder))


if __name__ == "__main__":
    common.install_signal_handlers()
    run()
