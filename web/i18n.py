"""The interface's language for a request: the language switch's cookie, else the browser's
Accept-Language, else the language of the document read (a reader page's ``?lang=``), else
English."""

from django.conf import settings
from django.http import HttpResponseForbidden
from django.middleware.csrf import CsrfViewMiddleware
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language


def _supported(code: str) -> str | None:
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def interface_language(request) -> str:
    """One answer for the middleware that activates the language and for the page cache that
    keys pages by it, so that a cached page is never one language's served to another."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen and (code := _supported(chosen)):
        return code
    for accepted, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if accepted == "*":
            break
        if code := _supported(accepted):
            return code
    document = request.GET.get("lang", "")
    if document and reads_a_document(request) and (code := _supported(document)):
        return code
    return settings.LANGUAGE_CODE


# The pages where ``?lang=`` names the language of the document read, not a filter.
DOCUMENT_PAGES = {"resolutions:reader", "resolutions:paragraph", "resolutions:agreed"}


def reads_a_document(request) -> bool:
    try:
        return resolve(request.path_info).view_name in DOCUMENT_PAGES
    except Resolver404:
        return False


class InterfaceLanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, falling back to the document's language rather than straight
    to English. URLs carry no language prefix, so the path is never consulted."""

    def process_request(self, request):
        language = interface_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        # The same URL answers in the language the cookie or the browser asks for.
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", translation.get_language())
        # The page is rendered: the next request on this thread starts from the default, not
        # from this reader's language (a view called without the middleware, a 503 page).
        translation.deactivate()
        return response


@csrf_exempt
@require_POST
def switch_language(request):
    """Django's ``set_language``, reached from pages every anonymous reader shares, which carry
    no CSRF token (resolutions/pagecache.py). A browser that says where the form came from must
    say this site; one that says nothing must bring the token, as Django's check asks."""
    site = request.headers.get("Sec-Fetch-Site")
    origin = request.headers.get("Origin")
    if site is not None or origin is not None:
        here = f"{request.scheme}://{request.get_host()}"
        if site not in (None, "same-origin") or (origin is not None and origin != here):
            return HttpResponseForbidden("The language can be changed from this site's pages only.")
    else:
        refused = CsrfViewMiddleware(lambda request: None).process_view(
            request, set_language, (), {}
        )
        if refused is not None:
            return refused
    return set_language(request)
