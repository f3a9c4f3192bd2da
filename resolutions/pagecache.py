"""Whole reader pages for readers who are not signed in.

Such a page is the same for every anonymous reader, so it is rendered once and served from the
cache until something it shows changes: the resolution (re-ingested), one of its paragraphs,
the library (a resolution added, which changes "Cited by" and links), or a note on it (through
the extensions' ``page_stamp`` hooks). The stamp is read from the database on every request, so
every gunicorn worker sees a change at once. Signed-in readers and htmx fragments are never
cached here: what they see is personal.
"""

import gzip
import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

from . import extensions
from .models import Resolution

# A backstop for edits that leave no timestamp (an instrument renamed in the admin).
TIMEOUT = 300
# A cached page is shared, so it carries nobody's CSRF token: an anonymous reader has nothing to
# write from the reader, and signing in loads fresh pages that carry their own.
TOKEN_PATTERNS = (
    re.compile(r'("X-CSRFToken": ")([^"]+)(")'),
    re.compile(r'(name="csrfmiddlewaretoken" value=")([^"]+)(")'),
)
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def cacheable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.htmx
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.user.is_authenticated
    )


def stamp(resolution: Resolution) -> str:
    library = Resolution.objects.aggregate(count=Count("pk"), latest=Max("updated_at"))
    paragraphs = resolution.paragraphs.aggregate(latest=Max("updated_at"))
    parts = [
        resolution.pk,
        resolution.source_checksum,
        resolution.updated_at.isoformat(),
        paragraphs["latest"],
        library["count"],
        library["latest"],
        *extensions.page_stamps(resolution),
    ]
    return "|".join(str(part) for part in parts)


def key(request, resolution) -> str:
    state = f"{request.get_full_path()}\n{stamp(resolution)}"
    return "reader-page:" + hashlib.sha256(state.encode()).hexdigest()


def serve(request, resolution, build):
    """The cached page when there is one for this state; else build it, and keep it when it may
    be shared."""
    if not cacheable(request):
        response = build()
        if request.user.is_authenticated:
            # Personal: the reader's own and their teams' notes. No shared cache may keep it.
            patch_cache_control(response, private=True)
        return response
    cache_key = key(request, resolution)
    entry = cache.get(cache_key)
    if entry is not None:
        return cached_response(request, *entry)
    response = build()
    if response.status_code == 200 and not response.streaming:
        content = response.content.decode(response.charset)
        for pattern in TOKEN_PATTERNS:
            content = pattern.sub(lambda m: m.group(1) + m.group(3), content)
        body = content.encode(response.charset)
        # Compressed once here rather than by the gzip middleware on every request.
        entry = (body, gzip.compress(body, compresslevel=6, mtime=0), response["Content-Type"])
        cache.set(cache_key, entry, TIMEOUT)
    return response


def cached_response(request, body: bytes, compressed: bytes, content_type: str):
    if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(compressed, content_type=content_type)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(body, content_type=content_type)
    response["Content-Length"] = str(len(response.content))
    patch_vary_headers(response, ["HX-Request", "Cookie", "Accept-Encoding"])
    return response
