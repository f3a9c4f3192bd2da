"""Whole reader pages for readers who are not signed in.

Such a page is the same for every anonymous reader, so it is rendered once and served from the
cache until something it shows changes. What a page shows is named by its scopes: ``library``
(resolutions added or renamed, instruments edited, versions relinked) and ``resolution:<pk>``
(the text, or a note on it), for the resolution and for every earlier version of it, whose
notes it shows. Every write replaces its scope's token in a ``PageVersion`` row, in the same
transaction as the change, so every gunicorn worker sees it at once and a page stored under the
old token is never served again.

``PageCacheMiddleware`` answers a cached request before sessions, CSRF and authentication run:
one cache lookup and one query for the tokens. A miss goes on to the view, which reads the tokens
*before* it reads anything it shows (``serve``), so a page is never stored under a newer token
than its content. Signed-in readers and htmx fragments never come from here: what they see is
personal.

A page is kept under its path and the few parameters a cached page reads, normalised (``KEYED``):
any other parameter is dropped before the page is built, so junk parameters all name one page.
The pages live in each worker's memory, at most ``PAGE_CACHE_BYTES`` of them, the least
recently used leaving first. Nothing in a page comes from the request's Host or scheme
(absolute links are built from ``SITE_URL``), so no client can put another address in a page
everyone gets.
"""

import gzip
import re
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpResponse, QueryDict
from django.utils.cache import patch_cache_control, patch_vary_headers

LIBRARY = "library"
# A backstop for edits that record no change (a user renamed, whose public notes show the name).
TIMEOUT = 300
# A cached page is shared, so it carries nobody's CSRF token: an anonymous reader has nothing to
# write from the reader, and signing in loads fresh pages that carry their own.
TOKEN_PATTERNS = (
    re.compile(r'("X-CSRFToken": ")([^"]+)(")'),
    re.compile(r'(name="csrfmiddlewaretoken" value=")([^"]+)(")'),
)
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Headers recomputed for every answer from the cache.
NOT_STORED = {"content-length", "content-encoding", "vary"}
VARY = ("HX-Request", "Cookie", "Accept-Encoding", "Accept-Language")


def resolution_scope(resolution_id: int) -> str:
    return f"resolution:{resolution_id}"


def text_scope(resolution_id: int) -> str:
    """A resolution's words alone, which a note does not change: what the alignment of a
    series' versions, cached for the reader, is kept under (`across.descent`)."""
    return f"text:{resolution_id}"


def scopes_for(resolution) -> tuple[str, ...]:
    """A reader page shows the resolution, and the public notes on every earlier version of it
    on the paragraphs they became: a note written on any of them changes this page too. One
    query when the resolution has a previous version, none otherwise."""
    from resolutions.across.series import earlier_versions

    scopes = (LIBRARY, resolution_scope(resolution.pk))
    return scopes + tuple(resolution_scope(r.pk) for r in earlier_versions(resolution))


def changed(*scopes: str) -> None:
    """Record that what these scopes show has changed: pages cached under them are rebuilt.

    One statement, inside the caller's transaction, so the new token becomes visible together
    with the change. Rows are written in a fixed order, so two writers cannot deadlock on them.
    """
    from resolutions.models import PageVersion

    token = uuid.uuid4().hex
    PageVersion.objects.bulk_create(
        [PageVersion(scope=scope, token=token) for scope in sorted(set(scopes))],
        update_conflicts=True,
        unique_fields=["scope"],
        update_fields=["token"],
    )


def tokens(scopes: tuple[str, ...]) -> tuple:
    """The current token of each scope, in order (None for a scope never changed). One query,
    written out rather than built by the ORM: on a cached page it is most of the work."""
    from resolutions.models import PageVersion

    table = connection.ops.quote_name(PageVersion._meta.db_table)
    placeholders = ", ".join(["%s"] * len(scopes))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT scope, token FROM {table} WHERE scope IN ({placeholders})",  # noqa: S608
            list(scopes),
        )
        found = dict(cursor.fetchall())
    return tuple(found.get(scope) for scope in scopes)


def shareable(request) -> bool:
    """Whether the answer to this request may be the one every anonymous reader gets: a plain
    GET with no session (so nobody signed in) and no pending message for this browser."""
    return (
        request.method in ("GET", "HEAD")
        and "HX-Request" not in request.headers
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def serve(request, resolution, build, *, also=()):
    """Build the page; when it may be shared, mark it for the middleware to keep, under the
    tokens read before building it. `also`: other resolutions the page shows (a comparison's
    older version)."""
    if not shareable(request) or request.user.is_authenticated:
        response = build()
        if request.user.is_authenticated:
            # Personal: the reader's own and their teams' notes. No shared cache may keep it.
            patch_cache_control(response, private=True)
        return response
    # The page is built from what its key names, and nothing else the address carries.
    request.GET = QueryDict(keyed_query(request), mutable=False)
    request.META["QUERY_STRING"] = request.GET.urlencode()
    shown = (resolution, *also)

    def all_scopes():
        return tuple(dict.fromkeys(scope for r in shown for scope in scopes_for(r)))

    scopes = all_scopes()
    current = tokens(scopes)
    # Read again after the tokens, so that a text loaded in between is not stored as current.
    for r in shown:
        r.refresh_from_db()
    response = build()
    # The series may have been relinked between reading it and reading the tokens: the page
    # then shows versions whose notes the scopes do not follow, and is not kept.
    if all_scopes() == scopes:
        response.page_cache = (scopes, current)
    return response


@dataclass(frozen=True)
class Entry:
    scopes: tuple[str, ...]
    tokens: tuple
    headers: tuple[tuple[str, str], ...]
    body: bytes
    compressed: bytes

    @classmethod
    def from_response(cls, response, scopes, current) -> "Entry":
        content = response.content.decode(response.charset)
        for pattern in TOKEN_PATTERNS:
            content = pattern.sub(lambda m: m.group(1) + m.group(3), content)
        body = content.encode(response.charset)
        headers = tuple(
            (name, value) for name, value in response.items() if name.lower() not in NOT_STORED
        )
        # Compressed once here rather than by the gzip middleware on every request.
        return cls(scopes, current, headers, body, gzip.compress(body, compresslevel=6, mtime=0))

    @property
    def size(self) -> int:
        return len(self.body) + len(self.compressed)

    def response(self, request) -> HttpResponse:
        if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
            response = HttpResponse(self.compressed)
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(self.body)
        for name, value in self.headers:
            response[name] = value
        response["Content-Length"] = str(len(response.content))
        patch_vary_headers(response, VARY)
        return response


# The parameters a cached page reads, with the values each may take; any other is dropped.
KEYED = {
    "lang": re.compile(r"[a-z]{2}"),
    "also": re.compile(r"[a-z]{2}"),
    "notes": re.compile(r"[a-z]{1,12}"),
    "tag": re.compile(r"[\w-]{1,120}"),
    "show": re.compile(r"[a-z]{1,12}"),
}


def keyed_query(request) -> str:
    """The query string of the parameters a cached page reads, in a fixed order, each once."""
    kept = QueryDict(mutable=True)
    for name, pattern in KEYED.items():
        value = request.GET.get(name, "")
        if value and pattern.fullmatch(value):
            kept[name] = value
    return kept.urlencode()


def cache_key(request) -> str:
    """The page's address with the parameters it reads, and its interface language: the same
    address is a page in each."""
    from web.i18n import interface_language

    query = keyed_query(request)
    return f"reader-page:{interface_language(request)}:{request.path}" + (
        f"?{query}" if query else ""
    )


class PageStore:
    """Pages kept in this worker's memory, at most `settings.PAGE_CACHE_BYTES` of them (body
    and compressed copy), each for TIMEOUT seconds; the least recently used leaves first."""

    def __init__(self):
        self._entries: OrderedDict[str, tuple[float, Entry]] = OrderedDict()
        self._lock = threading.Lock()
        self.bytes = 0

    def __len__(self):
        return len(self._entries)

    def get(self, key: str) -> "Entry | None":
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            if found[0] < time.monotonic():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return found[1]

    def set(self, key: str, entry: "Entry", timeout: int = TIMEOUT) -> None:
        budget = settings.PAGE_CACHE_BYTES
        if entry.size > budget:
            return
        with self._lock:
            if key in self._entries:
                self._drop(key)
            while self._entries and self.bytes + entry.size > budget:
                self._drop(next(iter(self._entries)))
            self._entries[key] = (time.monotonic() + timeout, entry)
            self.bytes += entry.size

    def _drop(self, key: str) -> None:
        _, entry = self._entries.pop(key)
        self.bytes -= entry.size

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.bytes = 0


STORE = PageStore()


class PageCacheMiddleware:
    """Answers anonymous readers from the page cache before the rest of the middleware runs.

    Comes in MIDDLEWARE after the database outage middleware (its query may fail like any other)
    and the gzip middleware (it answers with its own compressed copy), before the session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not shareable(request):
            return self.get_response(request)
        key = cache_key(request)
        entry = STORE.get(key)
        if entry is not None and tokens(entry.scopes) == entry.tokens:
            return entry.response(request)
        response = self.get_response(request)
        marked = getattr(response, "page_cache", None)
        if marked and response.status_code == 200 and not response.streaming:
            STORE.set(key, Entry.from_response(response, *marked))
            patch_vary_headers(response, VARY)
        return response
