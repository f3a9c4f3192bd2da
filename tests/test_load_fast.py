"""The fast library load: the rows it writes are the rows a file-by-file load writes; the server
answers while it runs, showing only whole resolutions and how far the load is; a load killed
midway leaves every resolution whole or absent, and the next load finishes it."""

import contextlib
import functools
import http.cookiejar
import io
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tarfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command

from resolutions.across import agreed
from resolutions.ingest.archives import read_library
from resolutions.ingest.loader import FIRST, Loader
from resolutions.ingest.writer import InstrumentResolver, ingest_parsed, source_checksum
from resolutions.management.loading import after_load
from resolutions.models import (
    Citation,
    Footnote,
    FootnoteMarker,
    FootnoteText,
    Instrument,
    MemberState,
    Paragraph,
    ParagraphText,
    Resolution,
    ResolutionText,
    Subject,
    Wording,
)
from resolutions.parsing import parse_document
from tests.test_load_library import write_archive

ROOT = Path(__file__).resolve().parent.parent
AKN = ROOT / "data" / "akn"
# Session 75 names its files by symbol alone ("75_158_E.xml").
SERIES = ("75_158_", "A_RES_75_158-", "A_RES_77_194-", "A_RES_79_154-")


# The most files of each archive a sample takes besides the series: the shipped archives are
# read once a test process, not once a sample.
MOST_PER_ARCHIVE = 12


@functools.cache
def _first_files(name: str) -> list[tuple[str, str, bool, bytes]]:
    """(member, stem, in the series, bytes) of the archive's XML files that a sample may take:
    the series, and the first MOST_PER_ARCHIVE other texts, in the archive's order."""
    found, wanted = [], set()
    with tarfile.open(AKN / name, "r:xz") as archive:
        for member in archive:
            if not member.isfile() or not member.name.endswith(".xml"):
                continue
            base = member.name.rsplit("/", 1)[-1]
            stem = base[:-5]  # the symbol and document number, without the language letter
            in_series = base.startswith(SERIES)
            if not in_series and stem not in wanted and len(wanted) >= MOST_PER_ARCHIVE:
                continue
            if not in_series:
                wanted.add(stem)
            found.append((member.name, stem, in_series, archive.extractfile(member).read()))
    return found


def sample(path: Path, per_archive: int, *, series=True) -> Path:
    """A .tar.xz of the shipped sessions' files: the trafficking series in every language the
    library has, and the first `per_archive` other files of each archive (every language of
    those in session 77)."""
    assert per_archive <= MOST_PER_ARCHIVE
    files = {}
    for name in ("ga-79-en.tar.xz", "ga-77.tar.xz", "ga-75-en.tar.xz"):
        wanted = set()
        for member, stem, in_series, data in _first_files(name):
            in_series = series and in_series
            if not in_series and stem not in wanted and len(wanted) >= per_archive:
                continue
            if not in_series:
                wanted.add(stem)
            files[member] = data
    return write_archive(path, files)


def load_file_by_file(path: Path) -> None:
    """The library loaded the way `ingest_resolution` loads: one file after another through the
    ingest, then the agreed-language index and the versions."""
    resolver = InstrumentResolver()
    changed = set()
    sources = sorted(read_library(path), key=lambda s: s.sort_key)
    for source in sources:
        text = source.data.decode("utf-8").removeprefix("\ufeff")
        parsed = parse_document(text, source=source.name, strict=False)
        result = ingest_parsed(
            parsed,
            source_name=source.name.rsplit("/", 1)[-1],
            checksum=source_checksum(text),
            resolver=resolver,
        )
        changed.add(result.symbol)
    after_load(changed, io.StringIO())


def rows() -> dict[str, set]:
    """Every row a load writes, by what identifies it rather than by its id."""
    slugs = dict(Instrument.objects.values_list("pk", "slug"))
    return {
        "resolutions": set(
            Resolution.objects.values_list(
                "symbol", "title", "adopted", "primary_language", "vote_outcome",
                "votes_in_favour", "source_checksum", "previous_version__symbol",
                "previous_version_found_by",
            )
        ),
        "texts": set(
            ResolutionText.objects.values_list(
                "resolution__symbol", "language", "title", "source_checksum"
            )
        ),
        "paragraphs": {
            (*row[:-3], str(row[-3]), str(row[-2]), str(row[-1]))
            for row in Paragraph.objects.values_list(
                "resolution__symbol", "pid", "kind", "label", "position", "text", "part",
                "annex", "in_text", "parent__pid", "revision", "emphasis", "links", "table",
            )
        },
        "paragraph texts": {
            (*row[:4], *map(str, row[4:8]), str([[*c[:2], slugs[c[2]]] for c in row[8]]))
            for row in ParagraphText.objects.values_list(
                "paragraph__resolution__symbol", "paragraph__pid", "language", "text",
                "table_words", "emphasis", "links", "markers", "citations",
            )
        },
        "search rows": search_rows(),
        "footnotes": set(
            Footnote.objects.values_list("resolution__symbol", "number", "text")
        ),
        "footnote texts": {
            (s, number, lang, text, str([[*c[:2], slugs[c[2]]] for c in cites]))
            for s, number, lang, text, cites in FootnoteText.objects.values_list(
                "footnote__resolution__symbol", "footnote__number", "language", "text",
                "citations",
            )
        },
        "markers": set(
            FootnoteMarker.objects.values_list(
                "paragraph__resolution__symbol", "paragraph__pid", "footnote__number", "offset"
            )
        ),
        "citations": set(
            Citation.objects.values_list(
                "resolution__symbol", "paragraph__pid", "footnote__number", "via",
                "instrument__slug", "instrument__title", "words", "start", "end",
            )
        ),
        "instruments": set(
            Instrument.objects.values_list("slug", "kind", "title", "symbol", "unts_number")
        ),
        "subjects": set(Subject.objects.values_list("slug", "resolutions__symbol")),
        "votes": set(MemberState.objects.values_list("slug", "votes__resolution__symbol")),
        "fingerprints": set(
            Wording.objects.values_list(
                "paragraph__resolution__symbol", "paragraph__pid", "language", "hash", "whole"
            )
        ),
    }  # fmt: skip


def search_rows() -> set:
    """SQLite's full-text rows (the folded words of each text, by the text they index), after
    checking that the trigram index holds exactly the texts; nothing elsewhere."""
    from django.db import connection

    from resolutions.search import fulltext

    if not fulltext.indexed(connection.alias):
        return set()
    with connection.cursor() as cursor:
        # Raises when the index and the texts differ.
        cursor.execute(
            "INSERT INTO resolutions_text_trigrams (resolutions_text_trigrams) "
            "VALUES ('integrity-check')"
        )
        cursor.execute("SELECT count(*) FROM resolutions_text_words")
        (count,) = cursor.fetchone()
        cursor.execute("SELECT rowid, words FROM resolutions_text_words")
        words = dict(cursor.fetchall())
    found = {
        (symbol, pid, language, words.get(pk))
        for pk, symbol, pid, language in ParagraphText.objects.values_list(
            "pk", "paragraph__resolution__symbol", "paragraph__pid", "language"
        )
    }
    assert count == len(found), "a full-text row for every text and no other"
    return found


def empty_library() -> None:
    for model in (Resolution, Instrument, Subject, MemberState):
        model.objects.all().delete()


def test_the_fast_load_writes_the_rows_a_file_by_file_load_writes(db, tmp_path):
    archive = sample(tmp_path / "sample.tar.xz", per_archive=2)
    load_file_by_file(archive)
    before = rows()
    assert len(before["texts"]) >= 20 and before["fingerprints"] and before["citations"]
    assert {"en", "fr", "ar"} <= {row[2] for row in before["paragraph texts"]}
    assert ("A/RES/79/154", "A/RES/77/194") in {(r[0], r[7]) for r in before["resolutions"]}, (
        "the series is linked"
    )
    empty_library()
    assert not Wording.objects.exists()

    outcome = Loader([archive], lenient=True, processes=2).run()
    assert not outcome.failures
    after = rows()
    for table, found in after.items():
        assert found == before[table], table


def test_the_fast_load_indexes_an_updated_text_from_the_rows(db, tmp_path):
    archive = sample(tmp_path / "sample.tar.xz", per_archive=0)
    Loader([archive], lenient=True, processes=0).run()
    resolution = Resolution.objects.get(symbol="A/RES/77/194")
    fast = set(Wording.objects.filter(paragraph__resolution=resolution).values_list(
        "paragraph__pid", "language", "hash", "whole"
    ))  # fmt: skip
    agreed.index_resolution(resolution)
    assert fast == set(
        Wording.objects.filter(paragraph__resolution=resolution).values_list(
            "paragraph__pid", "language", "hash", "whole"
        )
    )


def test_an_unchanged_archive_is_skipped_without_being_read_again(db, tmp_path):
    archive = sample(tmp_path / "sample.tar.xz", per_archive=1)
    out = io.StringIO()
    call_command("load_library", str(archive), "--lenient", stdout=out)
    texts = ResolutionText.objects.count()
    assert f"Library: {texts} file(s)" in out.getvalue() and "0 unchanged" in out.getvalue()
    out = io.StringIO()
    call_command("load_library", str(archive), "--lenient", stdout=out)
    assert f"0 created, 0 updated, {texts} unchanged" in out.getvalue()

    # A text taken out of the library since: the archive is read again and the text put back.
    ResolutionText.objects.filter(resolution__symbol="A/RES/79/154").delete()
    Resolution.objects.filter(symbol="A/RES/79/154").delete()
    out = io.StringIO()
    call_command("load_library", str(archive), "--lenient", stdout=out)
    assert f"1 created, 0 updated, {texts - 1} unchanged" in out.getvalue()


# --- A load beside the server, and a load killed ------------------------------------------------
# These run the real commands in processes of their own on a SQLite file, the database a
# newcomer's `make run` uses, whose one writer and many readers are the case to prove.


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(database: Path) -> dict:
    env = dict(os.environ)
    env.update(DATABASE_URL=f"sqlite:///{database}", DEBUG="1", LOAD_WORKERS="2")
    env.pop("EXPECT_DATABASE_VENDOR", None)
    return env


def manage(env, *args, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        **kwargs,
    )


def finish(process: subprocess.Popen, timeout=600) -> str:
    out, _ = process.communicate(timeout=timeout)
    return out


def wait_for(condition, timeout=300, what="the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"waited {timeout} s for {what}")


def query(database: Path, sql: str, *params):
    with sqlite3.connect(database, timeout=30) as db:
        return db.execute(sql, params).fetchall()


def files_per_resolution(archive: Path) -> dict[str, int]:
    from resolutions.ingest.archives import cover_symbol

    counts: dict[str, int] = {}
    for source in read_library(archive):
        if source.language:
            symbol = cover_symbol(source.data)
            counts[symbol] = counts.get(symbol, 0) + 1
    return counts


def half_loaded(database: Path, expected: dict[str, int]) -> list[str]:
    """The resolutions in the library without every language the archive has of them, or
    without their paragraphs' texts or fingerprints."""
    found = query(
        database,
        "SELECT r.symbol, COUNT(DISTINCT t.language), "
        "(SELECT COUNT(*) FROM resolutions_paragraph p WHERE p.resolution_id = r.id), "
        "(SELECT COUNT(*) FROM resolutions_wording w JOIN resolutions_paragraph p "
        " ON w.paragraph_id = p.id WHERE p.resolution_id = r.id) "
        "FROM resolutions_resolution r JOIN resolutions_resolutiontext t "
        "ON t.resolution_id = r.id GROUP BY r.id",
    )
    return [
        symbol
        for symbol, languages, paragraphs, wordings in found
        if languages != expected.get(symbol) or not paragraphs or not wordings
    ]


class Browser:
    """A reader of the running server, with cookies, who can sign in and post forms."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except OSError:  # not listening yet
            return 0, ""

    def post(self, path: str, form_path: str, data: dict) -> tuple[int, str]:
        _status, page = self.get(form_path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}).encode()
        request = urllib.request.Request(  # noqa: S310 - the test's own server, over http
            self.base + path, data=body, headers={"Referer": self.base + form_path}
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


@pytest.fixture(scope="module")
def sample_archive(tmp_path_factory):
    """Some twenty resolutions, 56 texts: enough that a load is still under way well after its
    first resolutions are in."""
    folder = tmp_path_factory.mktemp("library")
    return sample(folder / "sample.tar.xz", per_archive=6)


@pytest.fixture(scope="module")
def migrated_once(tmp_path_factory):
    database = tmp_path_factory.mktemp("migrated") / "db.sqlite3"
    out = finish(manage(environment(database), "migrate", "--noinput", "-v0"))
    assert not out.strip() or "Error" not in out, out
    return database


@pytest.fixture
def migrated(migrated_once, tmp_path):
    """A fresh SQLite file of the migrated schema, copied from the one migrated for the module."""
    database = tmp_path / "db.sqlite3"
    with (
        contextlib.closing(sqlite3.connect(migrated_once)) as source,
        contextlib.closing(sqlite3.connect(database)) as copy,
    ):
        source.backup(copy)
    return database, environment(database)


def test_the_server_answers_while_the_library_loads_and_shows_only_whole_resolutions(
    migrated, sample_archive
):
    database, env = migrated
    expected = files_per_resolution(sample_archive)
    user = (
        "from django.contrib.auth import get_user_model; "
        "get_user_model().objects.create_user('reader', password='a long reading passphrase')"
    )
    assert "Error" not in finish(manage(env, "shell", "-v0", "-c", user))
    port = free_port()
    server = manage(env, "runserver", "--noreload", f"127.0.0.1:{port}")
    loader = manage(env, "load_library", "--lenient", "--progress", str(sample_archive))
    try:
        browser = Browser(f"http://127.0.0.1:{port}")
        # The series read first is linked once its last text is in: 79/154 alone may be read a
        # moment before its versions are.
        wait_for(
            lambda: "A/RES/77/194" in browser.get("/resolutions/A/RES/79/154/")[1],
            what="the reader of A/RES/79/154, its versions linked",
        )
        # Hold the database's one write lock: the load waits between two resolutions, and what
        # the server shows meanwhile is what a reader sees halfway through a load.
        hold = sqlite3.connect(database, timeout=60, isolation_level=None)
        hold.execute("BEGIN IMMEDIATE")
        try:
            done, total = query(database, "SELECT done, total FROM resolutions_loadprogress")[0]
            # On a quick machine the sample may be in before the lock is held: then the page
            # no longer speaks of a load, and the rest holds all the same.
            assert 0 < done <= total
            assert half_loaded(database, expected) == []
            status, page = browser.get("/")
            assert status == 200
            if done < total:
                assert f"Loading the library: {done:,} of {total:,} texts" in page
            listed = set(re.findall(r'href="/resolutions/(A/RES/[^"/]+/[^"/]+)/"', page))
            loaded = {s for (s,) in query(database, "SELECT symbol FROM resolutions_resolution")}
            assert listed and listed <= loaded
            status, page = browser.get("/resolutions/A/RES/79/154/")
            assert status == 200 and "Trafficking in women and girls" in page
            assert "A/RES/77/194" in page, "its earlier version is linked"
            status, page = browser.get("/search/?q=trafficking+in+women")
            assert status == 200 and "A/RES/79/154" in page
        finally:
            hold.execute("ROLLBACK")
            hold.close()

        status, _ = browser.post(
            "/accounts/login/",
            "/accounts/login/",
            {"username": "reader", "password": "a long reading passphrase"},
        )
        assert status == 200
        notes = "/resolutions/A/RES/79/154/op26/notes/"
        status, page = browser.post(
            notes, notes + "new/", {"note": "Read while loading", "visibility": "private"}
        )
        assert status == 200 and "Read while loading" in page

        out = finish(loader)
        assert loader.returncode == 0, out
        assert "Loading the library:" in out
        assert half_loaded(database, expected) == []
        status, page = browser.get("/")
        assert "Loading the library" not in page
        assert query(database, "SELECT COUNT(*) FROM annotations_annotation") == [(1,)]
    finally:
        for process in (loader, server):
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)


def test_a_load_killed_midway_leaves_whole_resolutions_and_the_next_load_finishes_it(
    migrated, sample_archive
):
    database, env = migrated
    expected = files_per_resolution(sample_archive)
    loader = manage(env, "load_library", "--lenient", str(sample_archive))
    try:
        wait_for(
            lambda: query(database, "SELECT done FROM resolutions_loadprogress WHERE done > 8"),
            what="the load to be underway",
        )
    finally:
        # The whole process group: the load's parse workers die with it, as with a machine
        # that stops, and none is left behind holding the pipe.
        os.killpg(loader.pid, signal.SIGKILL)
        loader.wait(timeout=30)
    loaded = query(database, "SELECT COUNT(*) FROM resolutions_resolution")[0][0]
    assert 0 < loaded < len(expected)
    assert half_loaded(database, expected) == []
    assert query(database, "SELECT COUNT(*) FROM resolutions_loadedarchive") == [(0,)]

    again = manage(env, "load_library", "--lenient", str(sample_archive))
    out = finish(again)
    assert again.returncode == 0, out
    texts = sum(expected.values())
    summary = rf"Library: {texts} file\(s\): \d+ created, \d+ updated, (\d+) unchanged"
    counts = re.search(summary, out)
    assert counts and 0 < int(counts[1]) < texts, out
    assert query(database, "SELECT COUNT(*) FROM resolutions_resolution") == [(len(expected),)]
    assert half_loaded(database, expected) == []
    series = query(
        database,
        "SELECT r.symbol, p.symbol FROM resolutions_resolution r "
        "JOIN resolutions_resolution p ON r.previous_version_id = p.id WHERE r.symbol IN (?, ?)",
        *FIRST[:2],
    )
    assert sorted(series) == [("A/RES/77/194", "A/RES/75/158"), ("A/RES/79/154", "A/RES/77/194")]


def test_the_library_page_says_how_far_a_running_load_is_and_nothing_once_it_stops(client, db):
    from django.utils import timezone

    from resolutions.models import LoadProgress

    row = LoadProgress.objects.create(
        pk=1, done=1240, total=2738, finished=False, updated=timezone.now()
    )
    assert "Loading the library: 1,240 of 2,738 texts" in client.get("/").text
    # A load killed midway says nothing after a while; a finished one at once.
    row.updated = timezone.now() - LoadProgress.STALE_AFTER * 2
    row.save()
    assert "Loading the library" not in client.get("/").text
    LoadProgress.objects.filter(pk=1).update(finished=True, updated=timezone.now())
    assert "Loading the library" not in client.get("/").text
