"""The README's commands work exactly as printed on a fresh copy of the project, and the
development default that lets them run without a SECRET_KEY never reaches production."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
# Commands the test does not run, each with the reason; any other command the README prints
# is run, so a new one cannot slip through untested.
NOT_RUN = {
    "make test": "the suite this test belongs to (CI runs it)",
    "make bench": "minutes of measurements, not a check",
}
# Commands that serve until stopped: run until the server answers, then stopped.
SERVING = {"make run"}
# The UN's sessions the README's commands load (`make run`, `load_library`) are cut, in the copy,
# to the "Trafficking in women and girls" series in every language, in archives of the same
# names and layout: the commands run as printed, in seconds (the library benchmark times the
# whole sessions).
SERIES = ("A_RES_75_158-", "A_RES_77_194-", "A_RES_79_154-")
IGNORED_COPY = shutil.ignore_patterns(
    ".venv", ".git", "staticfiles", "db.sqlite3*", "__pycache__", ".pytest_cache", "*.pyc"
)


def shell_commands(markdown: str) -> list[str]:
    """Every `make …` and `.venv/bin/python manage.py …` line of the README's sh blocks, in
    order and once each, without comments."""
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", markdown, re.DOTALL):
        for line in block.splitlines():
            command = re.sub(r"\s+#.*$", "", line).strip()
            runnable = command.startswith(("make ", ".venv/bin/python manage.py "))
            if runnable and command not in commands:
                commands.append(command)
    return commands


def clean_environment(**extra) -> dict:
    """A newcomer's shell: no SECRET_KEY, DEBUG or DATABASE_URL of ours."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
        and not key.startswith("PYTEST")
    }
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def fresh_copy(tmp_path_factory):
    """The project as a clone has it, beside the virtual environment `make install` made."""
    copy = tmp_path_factory.mktemp("clone") / "project"
    shutil.copytree(ROOT, copy, ignore=IGNORED_COPY, symlinks=True)
    (copy / ".venv").symlink_to(ROOT / ".venv")
    for archive in (ROOT / "data" / "akn").glob("ga-7*.tar.xz"):
        with (
            tarfile.open(archive) as full,
            tarfile.open(copy / "data" / "akn" / archive.name, "w:xz") as cut,
        ):
            for member in full.getmembers():
                if member.isdir() or Path(member.name).name.startswith(SERIES):
                    cut.addfile(member, full.extractfile(member) if member.isfile() else None)
    return copy


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(command, cwd, timeout=300, **env):
    return subprocess.run(  # noqa: S602 - the README's own text, run as a reader's shell would
        command,
        shell=True,
        cwd=cwd,
        env=clean_environment(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_the_readme_prints_the_commands_this_test_knows():
    commands = shell_commands(README.read_text())
    assert "make run" in commands and "make test" in commands
    assert any(c.startswith(".venv/bin/python manage.py ingest_resolution") for c in commands)


def test_every_readme_command_runs_as_printed(fresh_copy):
    commands = shell_commands(README.read_text())
    ran = []
    for command in commands:
        if command in NOT_RUN:
            continue
        if command in SERVING:
            serve_until_it_answers(command, fresh_copy)
        else:
            result = run(command, fresh_copy)
            assert result.returncode == 0, (
                f"{command}\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
            )
        ran.append(command)
    assert set(ran) | set(NOT_RUN) == set(commands)
    # They worked on the copy's own SQLite file, never on ours.
    assert (fresh_copy / "db.sqlite3").exists()


def serve_until_it_answers(command, cwd):
    port = free_port()
    server = subprocess.Popen(  # noqa: S602 - the README's own text, as a reader's shell runs it
        command,
        shell=True,
        cwd=cwd,
        env=clean_environment(PORT=str(port)),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 240
        while True:
            assert server.poll() is None, f"{command} stopped:\n{server.stdout.read()[-3000:]}"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    assert response.status == 200
                    page = response.read().decode()
                # The server answers at once and the library loads beside it: the series
                # `make run` loads first is soon there.
                if "A/RES/79/154" in page and "Trafficking in women and girls" in page:
                    return
            except OSError:
                pass
            assert time.monotonic() < deadline, f"{command} never served the series on {port}"
            time.sleep(0.5)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_manage_py_without_a_secret_key_runs_with_development_settings(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; print(settings.DEBUG)",
        ],
        cwd=ROOT,
        env=clean_environment(DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True"


def test_manage_py_with_a_secret_key_runs_with_production_settings(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; print(settings.DEBUG)",
        ],
        cwd=ROOT,
        env=clean_environment(
            SECRET_KEY="a-production-key-" + "x" * 40,
            DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


@pytest.mark.parametrize(
    "command",
    [
        # What gunicorn does first: import the WSGI application.
        [sys.executable, "-c", "import config.wsgi"],
        [sys.executable, "-c", "import config.asgi"],
        # manage.py told plainly that this is production.
        [sys.executable, "manage.py", "check"],
    ],
)
def test_production_still_refuses_to_start_without_a_secret_key(command):
    env = clean_environment()
    if command[1] == "manage.py":
        env["DEBUG"] = "0"
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
