"""One URL, two renderings: the whole page, or for htmx the fragment it swaps in."""

from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def wants_fragment(request) -> bool:
    """An htmx request for a fragment; a history restore (back, forward, a lost local cache)
    wants the whole page, as htmx documents."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def page_or_fragment(request, page: str, fragment: str, context, *, status=200):
    """Render `page`, or `fragment` for htmx. The fragment is a partial of the page when it is
    written `#name` (`reader.html#document`: both from one template, so they cannot drift), or
    any other template (`annotations/partials.html#section`) a page shares with others."""
    if wants_fragment(request):
        name = f"{page}{fragment}" if fragment.startswith("#") else fragment
    else:
        name = page
    response = render(request, name, context, status=status)
    # The same URL answers two ways: a shared cache must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response
