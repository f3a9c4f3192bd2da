"""What one person or one address may cost the site: counters in the cache per kind of costly
request, and a time limit on the database's work for readers who are not signed in."""

import contextlib
import ipaddress
import math
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError, connection, transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext


def client_address(request) -> str | None:
    """The address of whoever asks. Behind a proxy every request comes from the proxy, so the
    address comes from the header it sets (TRUSTED_PROXY_HEADER), counting TRUSTED_PROXY_COUNT
    entries from the right of the list: entries further left were written by the client and
    prove nothing. Without a configured header, the connection's address."""
    header = settings.TRUSTED_PROXY_HEADER
    if header:
        raw = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        addresses = [part.strip() for part in raw.split(",") if part.strip()]
        count = settings.TRUSTED_PROXY_COUNT
        if len(addresses) >= count:
            try:
                return str(ipaddress.ip_address(addresses[-count]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR")


def _count(key: str, window: int) -> int:
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, window)
        return 1


def spend(request, kind: str) -> int | None:
    """Count one request of this kind against the address and, when signed in, the account.
    Returns None within the budget, else the seconds until it is renewed (at most)."""
    limit, window = settings.RATE_LIMITS[kind]
    who = [f"address:{client_address(request)}"]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        who.append(f"account:{user.pk}")
    # Counted in windows of fixed start, so a key's age says when it ends.
    slot = int(time.time() // window)
    over = False
    for name in who:
        over |= _count(f"budget:{kind}:{name}:{slot}", window) > limit
    return math.ceil(window - time.time() % window) if over else None


WHAT = {
    "export": gettext_lazy("exports"),
    "import": gettext_lazy("imports"),
    "invite": gettext_lazy("invitations"),
    "team": gettext_lazy("new teams"),
    "signup": gettext_lazy("new accounts"),
    "lookup": gettext_lazy("phrase searches, agreed-language lookups and comparisons"),
}


def too_many(kind: str, retry_after: int) -> HttpResponse:
    """The refusal, in the interface's language: what was refused, the budget, when to retry."""
    limit, window = settings.RATE_LIMITS[kind]
    minutes = max(1, math.ceil(retry_after / 60))
    said = _("Too many %(what)s: at most %(limit)d every %(span)s from one address or account.")
    again = ngettext(
        "Try again in %(minutes)d minute.", "Try again in %(minutes)d minutes.", minutes
    )
    text = said % {"what": WHAT[kind], "limit": limit, "span": _span(window)}
    response = HttpResponse(
        f"{text} {again % {'minutes': minutes}}\n",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


def _span(seconds: int) -> str:
    if seconds == 3600:
        return _("hour")
    if seconds == 60:
        return _("minute")
    return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}


def within_budget(kind: str, *, methods=("GET", "HEAD", "POST")):
    """Refuse with 429 a request of this kind past its budget (settings.RATE_LIMITS)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods and (wait := spend(request, kind)) is not None:
                return too_many(kind, wait)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


class TooCostly(Exception):
    """The database gave up on a reader's query after ANONYMOUS_STATEMENT_TIMEOUT_MS."""


@contextlib.contextmanager
def time_limited(request):
    """On PostgreSQL, a reader who is not signed in gets ANONYMOUS_STATEMENT_TIMEOUT_MS for each
    statement of what runs inside; past it TooCostly is raised and nothing is kept."""
    user = getattr(request, "user", None)
    if connection.vendor != "postgresql" or (user is not None and user.is_authenticated):
        yield
        return
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true)",
                    [str(settings.ANONYMOUS_STATEMENT_TIMEOUT_MS)],
                )
            yield
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == "57014":  # query_canceled
            raise TooCostly from error
        raise
