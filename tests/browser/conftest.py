"""Browser tests: Playwright drives Debian's Chromium against Django's live server.

A missing browser is an error here, never a skip: these tests are part of the suite.
"""

import io
import os
import shutil

import pytest
from django.core.management import call_command

from resolutions.across.series import link_versions
from tests.library_rows import ROOT_CAUSES, TRAFFICKING, make, subject, vote

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


@pytest.fixture
def trafficking_versions(live):
    """Two versions of one resolution, A/RES/77/194 and A/RES/79/154, as (older, newer).

    They share operative paragraph 2 word for word, reword paragraph 1 ("with appreciation"),
    and the newer adds one paragraph; both were adopted by a recorded vote, the newer is filed
    under SDG 5, and the wording index is built, so the comparison, the agreed-language panel,
    the previous version's notes and the search all have something to show. The older recalls
    A/RES/75/158, which a test may make first to have a third, earlier version.
    """
    older = make(
        "A/RES/77/194",
        TRAFFICKING,
        [
            ("pp1", "Recalling its resolution 75/158,"),
            ("op1", "Takes note of the report of the Secretary-General;"),
            ("op2", ROOT_CAUSES),
            ("op3", "Decides to consider the question at its seventy-ninth session."),
        ],
        recalls=["A/RES/75/158"],
    )
    newer = make(
        "A/RES/79/154",
        TRAFFICKING,
        [
            ("pp1", "Recalling its resolution 77/194,"),
            ("op1", "Takes note with appreciation of the report of the Secretary-General;"),
            ("op2", ROOT_CAUSES),
            ("op3", "Encourages the collection of data;"),
            ("op4", "Decides to consider the question at its eighty-first session."),
        ],
        recalls=["A/RES/77/194"],
    )
    vote(older, in_favour=["Ghana", "Chile"], against=["Israel"])
    vote(newer, in_favour=["Ghana"], against=["Israel", "Chile"], abstaining=["Ukraine"])
    subject(newer, "SDG", "Goal 5: Gender equality", "sdg-5")
    link_versions()
    call_command("index_wording", stdout=io.StringIO())
    return older, newer
