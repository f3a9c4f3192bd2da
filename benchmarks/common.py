"""Shared plumbing for the benchmarks: a throw-away database, Django set up on it, a throw-away
PostgreSQL server, gunicorn on a free loopback port, and figures printed the same way."""

import atexit
import contextlib
import http.client
import os
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

VENV_BIN = Path(sys.executable).parent

# Production-like settings for every benchmark process and every server it starts.
BENCH_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "benchmark-only-secret-key-" + "b" * 40,
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "0",
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "LOG_LEVEL": "ERROR",
}


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        sys.exit(f"{name} must be a whole number, not {raw!r}")


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        sys.exit(f"{name} must be a number, not {raw!r}")


# --- printing ------------------------------------------------------------------------------


def heading(title: str) -> None:
    print(f"\n== {title}", flush=True)


def figure(label: str, value: str, goal: str = "", met: bool | None = None) -> None:
    verdict = "" if met is None else ("  [goal met]" if met else "  [goal NOT met]")
    goal_text = f"  (goal: {goal})" if goal else ""
    print(f"  {label}: {value}{goal_text}{verdict}", flush=True)


def skipped(label: str, why: str) -> None:
    print(f"  {label}: skipped: {why}", flush=True)


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def timing(samples: list[float]) -> str:
    return (
        f"median {ms(statistics.median(samples))}, p95 {ms(percentile(samples, 95))} "
        f"(n={len(samples)})"
    )


def repeat(fn, times: int, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


# --- the database --------------------------------------------------------------------------

_database_url: str | None = None


def is_postgres_url(url: str | None) -> bool:
    return bool(url) and url.split(":", 1)[0] in {"postgres", "postgresql", "pgsql"}


def _replace_db_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def create_postgres_database(server_url: str) -> str:
    """A new database on the server `server_url` points at; dropped when we exit. Empty, or a
    copy of the database BENCH_DATABASE_TEMPLATE names on that server (a library loaded once,
    measured many times; the copy is written to, never the original)."""
    import psycopg
    from psycopg import sql

    name = f"rr_bench_{os.getpid()}_{secrets.token_hex(3)}"
    admin_url = _replace_db_name(server_url, "postgres")
    template = os.environ.get("BENCH_DATABASE_TEMPLATE", "").strip()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if template:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(template)
                )
            )
        else:
            conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with (
            contextlib.suppress(Exception),
            psycopg.connect(admin_url, autocommit=True) as conn,
        ):
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    atexit.register(drop)
    return _replace_db_name(server_url, name)


def throwaway_database_url() -> str:
    """DATABASE_URL of a database made for this run: a temporary SQLite file by default, or a
    temporary database on the PostgreSQL server DATABASE_URL names. Never the user's own."""
    user_url = os.environ.get("DATABASE_URL", "").strip()
    if is_postgres_url(user_url):
        return create_postgres_database(user_url)
    if user_url and not user_url.startswith("sqlite"):
        sys.exit(f"benchmarks run on SQLite or PostgreSQL, not {user_url.split(':', 1)[0]}")
    folder = tempfile.mkdtemp(prefix="rr-bench-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    # On SQLite, BENCH_DATABASE_TEMPLATE is a database file to copy: a library loaded once,
    # measured many times (migrated, so a copy made before a migration measures before and after).
    template = os.environ.get("BENCH_DATABASE_TEMPLATE", "").strip()
    if template:
        if not Path(template).is_file():
            sys.exit(f"BENCH_DATABASE_TEMPLATE: no SQLite database file {template}")
        source = sqlite3.connect(template)
        with sqlite3.connect(f"{folder}/bench.sqlite3") as copy:
            source.backup(copy)
        source.close()
    return f"sqlite:///{folder}/bench.sqlite3"


def setup_django() -> str:
    """Point Django at a throw-away database, migrate it and collect static files. Once per
    process; returns the database's URL for servers the benchmark starts."""
    global _database_url
    if _database_url is not None:
        return _database_url
    os.environ.update(BENCH_ENV)
    url = throwaway_database_url()
    os.environ["DATABASE_URL"] = url
    os.chdir(ROOT)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    _database_url = url
    return url


def vendor() -> str:
    from django.db import connection

    return connection.vendor


def database_label() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    return f"SQLite {sqlite3.sqlite_version}"


def bundled_resolution(load: bool = True):
    """The bundled resolution, loaded once."""
    from resolutions.models import Resolution

    found = Resolution.objects.filter(symbol="A/RES/79/154").first()
    if found is None and load:
        import io

        from django.core.management import call_command

        call_command(
            "ingest_resolution", str(ROOT / "data" / "A_RES_79_154.md"), stdout=io.StringIO()
        )
        found = Resolution.objects.get(symbol="A/RES/79/154")
    return found


# --- servers -------------------------------------------------------------------------------


class CpuMeter:
    """CPU seconds used by the app's workers, the database server's processes and this process
    (the clients) between start() and stop(), read from /proc (Linux, servers on this machine)."""

    TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def __init__(self, worker_pids):
        self.worker_pids = list(worker_pids)

    @classmethod
    def _process_seconds(cls, pid: int) -> float:
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / cls.TICK
        return 0.0

    @staticmethod
    def _database_pids() -> list[int]:
        """The processes of the PostgreSQL server the benchmark uses (its backends and its
        background writers), not of any other server on the machine; none for SQLite, whose
        work is done inside the app's processes."""
        from django.db import connection

        if connection.vendor != "postgresql":
            return []
        with connection.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity")
            return [pid for (pid,) in cursor.fetchall()]

    def _sample(self) -> dict[str, float]:
        import resource

        usage = resource.getrusage(resource.RUSAGE_SELF)
        database = {pid: self._process_seconds(pid) for pid in self._database_pids()}
        return {
            "app": sum(self._process_seconds(pid) for pid in self.worker_pids),
            "database": database,
            "clients": usage.ru_utime + usage.ru_stime,
        }

    def start(self) -> None:
        self.began = self._sample()

    def stop(self) -> dict[str, float]:
        ended = self._sample()
        before = self.began["database"]
        # Database backends that started during the run count from zero.
        database = sum(seconds - before.get(pid, 0.0) for pid, seconds in ended["database"].items())
        return {
            "app": ended["app"] - self.began["app"],
            "database": database,
            "clients": ended["clients"] - self.began["clients"],
        }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30.0, process=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with status {process.returncode} before listening")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listened on 127.0.0.1:{port} within {timeout:.0f} s")


_processes: list[subprocess.Popen] = []


def _stop_all() -> None:
    for process in list(_processes):
        stop_process(process)


atexit.register(_stop_all)


def _exit_on_signal(signum, frame):
    sys.exit(128 + signum)


def install_signal_handlers() -> None:
    """Ctrl-C and kill run the atexit cleanups: servers stopped, databases dropped."""
    signal.signal(signal.SIGTERM, _exit_on_signal)


def stop_process(process: subprocess.Popen, timeout: float = 10.0) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process in _processes:
        _processes.remove(process)


class Gunicorn:
    """gunicorn serving the project on a free loopback port, stopped on every exit path."""

    def __init__(self, database_url: str, workers: int | None = None, extra_env=None):
        self.port = free_port()
        self.workers = workers or env_int("BENCH_WORKERS", 4)
        # The server writes its log here until it stops; read back when something goes wrong.
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115
            prefix="rr-gunicorn-", suffix=".log", delete=False
        )
        atexit.register(lambda: Path(self.log.name).unlink(missing_ok=True))
        env = {**os.environ, **BENCH_ENV, "DATABASE_URL": database_url, **(extra_env or {})}
        self.process = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--graceful-timeout",
                "5",
                "--timeout",
                "30",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        _processes.append(self.process)
        try:
            wait_for_port(self.port, process=self.process)
        except RuntimeError:
            self.stop()
            raise RuntimeError(f"gunicorn did not start: {self.log_tail()}") from None

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        with contextlib.suppress(OSError):
            return [int(pid) for pid in children.read_text().split()]
        return []

    def log_tail(self, lines: int = 20) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(Path(self.log.name).read_text().splitlines()[-lines:])
        return ""

    def stop(self) -> None:
        stop_process(self.process)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class HttpClient:
    """One user talking HTTP/1.1 to the loopback server, with their own cookies."""

    def __init__(self, port: int, timeout: float = 30.0):
        self.port = port
        self.timeout = timeout
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None, headers=None):
        from urllib.parse import urlencode

        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            all_headers = {"Host": "127.0.0.1", **(headers or {})}
            if self.cookies:
                all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            data = None
            if body is not None:
                data = urlencode(body, doseq=True)
                all_headers["Content-Type"] = "application/x-www-form-urlencoded"
                if "csrftoken" in self.cookies:
                    all_headers["X-CSRFToken"] = self.cookies["csrftoken"]
            conn.request(method, path, body=data, headers=all_headers)
            response = conn.getresponse()
            content = response.read()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, dict(response.getheaders()), content
        finally:
            conn.close()

    def get(self, path: str, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path: str, body: dict, headers=None):
        return self.request("POST", path, body=body, headers=headers)


# --- a PostgreSQL server of our own --------------------------------------------------------


class PostgresServer:
    """A throw-away PostgreSQL cluster (initdb + pg_ctl as the postgres user, like .ci/run),
    which a benchmark may stop and restart at will. Removed on every exit path."""

    def __init__(self):
        bin_dirs = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parent.name)
        if not bin_dirs or not (bin_dirs[-1] / "initdb").exists():
            raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
        self.bin = bin_dirs[-1]
        self.dir = Path(tempfile.mkdtemp(prefix="rr-bench-pg-"))
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        atexit.register(self.destroy)
        self._run("initdb", "-D", f"{self.dir}/data", "-A", "trust", "-U", "postgres", "-E", "UTF8",
                  "--no-locale")  # fmt: skip
        self.start()

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if self.as_postgres:
            command = ["su", "postgres", "-s", "/bin/sh", "-c", subprocess.list2cmdline(command)]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c max_connections=200"
        )
        self._run("pg_ctl", "-D", f"{self.dir}/data", "-l", f"{self.dir}/log", "-w", "-o",
                  options, "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", f"{self.dir}/data", "-m", mode, "-w", "stop")

    def url(self, name: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def destroy(self) -> None:
        if (self.dir / "data" / "postmaster.pid").exists():
            with contextlib.suppress(Exception):
                self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


# --- people --------------------------------------------------------------------------------


def sign_in(client: HttpClient, username: str, password: str) -> None:
    """Sign in through the login page, as a browser does: its CSRF cookie, then the form."""
    status, _, _ = client.get("/accounts/login/")
    if status != 200:
        raise RuntimeError(f"the sign-in page answered {status}")
    status, _, _ = client.post(
        "/accounts/login/",
        {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": client.cookies.get("csrftoken", ""),
        },
    )
    if status != 302 or "sessionid" not in client.cookies:
        raise RuntimeError(f"signing in as {username} failed with {status}")


def signed_in_clients(port: int, usernames: list[str]) -> list[HttpClient]:
    """One client for each of the synthetic readers named, each signed in with a session of
    its own, so the server sees as many people as there are clients."""
    from annotations.management.commands.generate_library import PASSWORD

    clients = []
    for username in usernames:
        client = HttpClient(port)
        sign_in(client, username, PASSWORD)
        clients.append(client)
    return clients


def synthetic_users(count: int) -> list[str]:
    """Usernames of `count` synthetic readers (made if missing), all with the same password."""
    import io

    from django.core.management import call_command

    from annotations.management.commands.generate_library import USERNAME_PREFIX

    call_command("generate_library", users=count, stdout=io.StringIO())
    return [f"{USERNAME_PREFIX}{n}" for n in range(1, count + 1)]


def url_exists(path: str) -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(path)
    except Resolver404:
        return False
    return True


READER_PATH = os.environ.get("BENCH_READER_PATH") or "/resolutions/A/RES/79/154/"
