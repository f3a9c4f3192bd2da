"""Views for reading resolutions: the reader and its permalinks (a paragraph's, a footnote's,
and the Akoma Ntoso ids that redirect to ours). The page itself is built in reader/page.py."""

import re

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.views.decorators.http import require_safe

from resolutions.cache import pages as pagecache
from resolutions.models import Resolution
from resolutions.reader.document import read_document
from resolutions.reader.lookup import MisspeltSymbol, get_resolution, symbol_not_found
from resolutions.reader.page import paragraph_not_found, reader_page

# Akoma Ntoso (AKN4UN) element ids, accepted as aliases of our short paragraph ids.
AKN_OPERATIVE = re.compile(r"para_(\d+)((?:__list_\d+__point_[a-z]+)*)")
AKN_PREAMBULAR = re.compile(r"preamble__p_(\d+)")
AKN_POINT = re.compile(r"__list_\d+__point_([a-z]+)")


def akn_to_pid(alias: str) -> str | None:
    """`para_26` → `op26`, `para_5__list_1__point_a` → `op5a`, `para_5__list_1__point_a__list_1
    __point_ii` → `op5a-ii`, `preamble__p_3` → `pp3`."""
    if match := AKN_PREAMBULAR.fullmatch(alias):
        return f"pp{match[1]}"
    if match := AKN_OPERATIVE.fullmatch(alias):
        points = AKN_POINT.findall(match[2])
        if len(points) > 2:
            return None
        pid = f"op{match[1]}" + (points[0] if points else "")
        return pid + (f"-{points[1]}" if len(points) == 2 else "")
    return None


@require_safe
def reader(request, symbol):
    try:
        resolution = get_resolution(symbol)
    except MisspeltSymbol as misspelt:
        return HttpResponsePermanentRedirect(misspelt.resolution.get_absolute_url())
    except Http404:
        return unknown_path(request, symbol)
    return pagecache.serve(request, resolution, lambda: reader_page(request, resolution))


@require_safe
def paragraph(request, symbol, pid):
    """A paragraph's (or footnote's) permalink: the reader, marking it."""
    try:
        resolution = get_resolution(symbol)
    except MisspeltSymbol as misspelt:
        url = reverse("resolutions:paragraph", args=[misspelt.resolution.symbol, pid])
        return HttpResponsePermanentRedirect(url)
    except Http404:
        return symbol_not_found(request, symbol)
    return pagecache.serve(request, resolution, lambda: reader_page(request, resolution, pid))


@require_safe
def akn_alias(request, symbol, pid):
    """An Akoma Ntoso element id (`para_26`, given as `pid`) redirects to our short form."""
    pid = akn_to_pid(pid)
    if pid is None:
        raise Http404("Not an Akoma Ntoso paragraph id we know")
    url = reverse("resolutions:paragraph", kwargs={"symbol": symbol, "pid": pid})
    return HttpResponsePermanentRedirect(url)


def unknown_path(request, symbol):
    """A path under the resolutions that names no document: if it starts with a resolution we
    have, offer its paragraphs; otherwise the plain not-found page."""
    head, _, pid = symbol.rpartition("/")
    resolution = Resolution.objects.filter(symbol=head).first() if head else None
    if resolution is None:
        return symbol_not_found(request, symbol)
    return paragraph_not_found(request, resolution, read_document(resolution), pid)
