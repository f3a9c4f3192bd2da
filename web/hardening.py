"""Two site-wide rules that no single view should have to remember: input the database cannot
store is refused before any view sees it, and a page made for a signed-in reader stays out of
shared caches."""

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.utils.cache import patch_cache_control

# PostgreSQL stores any Unicode text but the NUL character; a query that compares with one
# fails with a DataError. (Lone surrogates never reach here: Django decodes addresses with
# replacement.)
UNSTORABLE = "\x00"


def unstorable_input(request) -> str | None:
    """Where the request carries a character no database column can hold, if anywhere."""
    if UNSTORABLE in request.path:
        return "The address"
    for key, values in request.GET.lists():
        if UNSTORABLE in key or any(UNSTORABLE in value for value in values):
            return "The query"
    return None


class RefuseUnstorableInputMiddleware:
    """Answers 400, with what was wrong, to an address or query holding a NUL character; a
    cookie holding one is dropped, as if the browser had not sent it (no session, no CSRF
    token, no language of ours ever holds one), before the session backend looks it up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cookies = request.COOKIES
        if any(UNSTORABLE in name or UNSTORABLE in value for name, value in cookies.items()):
            request.COOKIES = {
                name: value
                for name, value in cookies.items()
                if UNSTORABLE not in name and UNSTORABLE not in value
            }
        if where := unstorable_input(request):
            response = HttpResponseBadRequest(
                f"{where} holds a NUL character (%00), which no resolution, note or name "
                "contains. Remove it and try again.\n",
                content_type="text/plain; charset=utf-8",
            )
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)


class PrivateForSignedInMiddleware:
    """Every answer to a signed-in reader may show their own or their teams' notes: it is
    marked private unless its view said something stricter."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # The session is only looked at when the browser sends one.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            cache_control = response.get("Cache-Control", "")
            if "no-store" not in cache_control and "private" not in cache_control:
                patch_cache_control(response, private=True)
        return response
