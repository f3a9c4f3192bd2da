"""Whole reader pages for readers who are not signed in.

Such a page is the same for every anonymous reader, so it is rendered once and served from the
cache until something it shows changes: the resolution (re-ingested), one of its paragraphs,
the library (a resolution added, which changes "Cited by" and links), or a note on it (through
the extensions' ``page_stamp`` hooks). The stamp is read from the database on every request, so
every gunicorn worker sees a change at once. Signed-in readers and htmx fragments are never
cached here: what they see is personal.
"""

import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control, patch_vary_headers

from . import extensions
from .models import Resolution

# A backstop for edits that leave no timestamp (an instrument renamed in the admin).
TIMEOUT = 300
TOKEN_SLOT = "\x00csrf\x00"  # noqa: S105 - a placeholder, not a secret
TOKEN_PATTERNS = (
    re.compile(r'("X-CSRFToken": ")([^"]+)(")'),
    re.compile(r'(name="csrfmiddlewaretoken" value=")([^"]+)(")'),
)


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
        content, content_type, status = entry
        # Each reader gets their own CSRF token, never the one the page was first built with.
        response = HttpResponse(
            content.replace(TOKEN_SLOT, get_token(request)),
            content_type=content_type,
            status=status,
        )
        patch_vary_headers(response, ["HX-Request", "Cookie"])
        return response
    response = build()
    if response.status_code == 200 and not response.streaming:
        content = response.content.decode(response.charset)
        for pattern in TOKEN_PATTERNS:
            content = pattern.sub(lambda m: m.group(1) + TOKEN_SLOT + m.group(3), content)
        cache.set(cache_key, (content, response["Content-Type"], response.status_code), TIMEOUT)
    return response
