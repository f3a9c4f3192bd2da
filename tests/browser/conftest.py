"""Browser tests: Playwright drives Debian's Chromium against Django's live server.

A missing browser is an error here, never a skip: these tests are part of the suite.
"""

import os
import shutil

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",  # the test machines run as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.fail(
            f"Chromium not found at {path}. Install it (Debian: apt-get install chromium) "
            "or set CHROMIUM_PATH; browser tests never skip."
        )
    return path


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path(),
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def live(live_server, transactional_db, settings):
    """The live server's base URL, with a database the test can write to.

    The live server finds static files through the finders, which know only unhashed names;
    production's manifest storage would make every script and stylesheet a 404 here.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return live_server.url
