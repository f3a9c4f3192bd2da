"""Views for reading resolutions: the library, the reader and its permalinks, instruments.

Each page answers a plain request with the whole page and an htmx request with the fragment
htmx swaps in, both from the same template (Django's template partials).
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from resolutions.browse.library import library_page
from resolutions.cache import fragments
from resolutions.cache import pages as pagecache
from resolutions.models import (
    UNDOCS_URL,
    Citation,
    Instrument,
    LoadProgress,
    Paragraph,
    ParagraphAlias,
    Resolution,
)
from resolutions.reader import extensions
from resolutions.reader.document import read_document
from resolutions.reader.rendering import Link, render_text

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


def htmx_fragment(request) -> bool:
    """An htmx request for a fragment; a history restore wants the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def render_either(request, template, partial, context, status=200):
    """The whole page, or only its named partial for htmx: one URL, two renderings."""
    name = f"{template}#{partial}" if htmx_fragment(request) else template
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- Library ------------------------------------------------------------------------------------


@require_safe
def library(request):
    context = {"library": library_page(request.GET), "loading": LoadProgress.current()}
    return render_either(request, "resolutions/library.html", "list", context)


# --- The reader ---------------------------------------------------------------------------------


def reader_context(request, resolution, status_pid=None) -> dict:
    """Everything a reader page shows: the document (the same for everyone, from the read model)
    and the viewer's notes on it (registered by the annotations app)."""
    from resolutions.across.views import reader_context as across_the_library

    # The document and the markup of its text are the same for every reader: kept per worker.
    key = fragments.document_key(request, resolution)
    document = fragments.cached_document(
        key,
        lambda: read_document(resolution, request.GET.get("lang", ""), request.GET.get("also", "")),
    )
    return {
        "resolution": resolution,
        "document": document,
        "shared_key": key,
        "notes": extensions.reader_notes(request, document),
        "focus": None,
        # Its versions and how it was adopted, with the Member States' votes.
        **across_the_library(request, resolution, document.paragraphs),
    }


class MisspeltSymbol(Exception):
    """The symbol names a resolution we have, in other capitals (a/res/79/154)."""

    def __init__(self, resolution):
        self.resolution = resolution


def get_resolution(symbol: str) -> Resolution:
    resolution = fragments.with_tokens(Resolution.objects.filter(symbol=symbol)).first()
    if resolution is None:
        resolution = Resolution.objects.filter(symbol__iexact=symbol).first()
        if resolution is not None:
            raise MisspeltSymbol(resolution)
        raise Http404("No such resolution in the library")
    return resolution


def symbol_not_found(request, symbol):
    """Not in the library: say so, and offer the official text, which may well exist."""
    context = {"symbol": symbol, "undocs_url": UNDOCS_URL.format(symbol=symbol)}
    return render(request, "404.html", context, status=404)


@require_safe
def reader(request, symbol):
    try:
        resolution = get_resolution(symbol)
    except MisspeltSymbol as misspelt:
        return HttpResponsePermanentRedirect(misspelt.resolution.get_absolute_url())
    except Http404:
        return unknown_path(request, symbol)
    return pagecache.serve(
        request,
        resolution,
        lambda: render_either(
            request, "resolutions/reader.html", "document", reader_context(request, resolution)
        ),
    )


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
    return pagecache.serve(request, resolution, lambda: paragraph_page(request, resolution, pid))


def paragraph_page(request, resolution, pid):
    """The reader focused on one paragraph, with its previous and next; a footnote's page is
    the reader with the footnote open in the panel beside the text."""
    context = reader_context(request, resolution)
    document = context["document"]
    focus = document.find(pid)
    if focus is None:
        # An id a better reading of the text has since renamed (`op-u1`, now `op6a`).
        alias = (
            ParagraphAlias.objects.filter(resolution=resolution, pid=pid)
            .values_list("paragraph__pid", flat=True)
            .first()
        )
        if alias is not None and alias != pid:
            url = reverse("resolutions:paragraph", args=[resolution.symbol, alias])
            query = request.META.get("QUERY_STRING")
            return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
        return paragraph_not_found(request, resolution, document, pid)
    previous, following = document.neighbours(pid)
    context.update(
        focus=focus, focus_name=focus.display_name, previous=previous, following=following
    )
    footnote = pid.startswith("fn")
    partial = "footnote_panel" if footnote else "paragraph_fragment"
    if not footnote:
        context["paragraph"] = focus
    return render_either(request, "resolutions/reader.html", partial, context)


def paragraph_not_found(request, resolution, document, pid):
    context = {"resolution": resolution, "document": document, "pid": pid}
    response = render(request, "resolutions/paragraph_404.html", context, status=404)
    patch_vary_headers(response, ["HX-Request"])
    return response


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


def cited_span(citation: Citation, text: str) -> tuple[int, int] | None:
    """Where a paragraph names what it cites: the mention itself, or the words a footnote
    marker follows."""
    if citation.start is None:
        return None
    if citation.end and citation.end > citation.start:
        return citation.start, citation.end
    words = citation.words
    if words and text[: citation.start].rstrip(",;:. ").endswith(words):
        end = len(text[: citation.start].rstrip(",;:. "))
        return end - len(words), end
    return None


def reading_symbol(request) -> str:
    """The resolution open in the page that asked for a panel, from htmx's HX-Current-URL."""
    path = request.htmx.current_url_abs_path if request.htmx else None
    if not path:
        return ""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return ""
    return match.kwargs.get("symbol", "") if match.url_name in ("reader", "paragraph") else ""


# --- Instruments --------------------------------------------------------------------------------


# Instruments on one page of the list: the whole list of a loaded library runs to thousands.
INSTRUMENTS_PAGE = 200


@require_safe
def instrument_list(request):
    """Every cited instrument, by kind, a page at a time; `q` keeps those whose name or symbol
    has every word asked for, `kind` one kind. One query: the list is read whole (names and
    counts only) and filtered and paged here, so the counts by kind cost nothing more."""
    rows = (
        Instrument.objects.with_citation_counts()
        .filter(citation_count__gt=0)
        .order_by("kind", "title")
        .values_list("slug", "kind", "title", "short_name", "symbol", "citation_count")
    )
    query = " ".join(request.GET.get("q", "").split())[:200]
    words = query.casefold().split()
    labels = dict(Instrument.Kind.choices)
    kind = request.GET.get("kind", "")
    kind = kind if kind in labels else ""
    found, by_kind = [], defaultdict(int)
    for slug, row_kind, title, short_name, symbol, count in rows:
        haystack = f"{short_name} {title} {symbol}".casefold()
        if all(word in haystack for word in words):
            by_kind[row_kind] += 1
            if not kind or row_kind == kind:
                found.append(ListedInstrument(slug, row_kind, short_name or title, symbol, count))
    pages = max(1, -(-len(found) // INSTRUMENTS_PAGE))
    try:
        page = min(max(1, int(request.GET.get("page", "1"))), pages)
    except ValueError:
        page = 1
    shown = found[(page - 1) * INSTRUMENTS_PAGE : page * INSTRUMENTS_PAGE]
    groups = defaultdict(list)
    for instrument in shown:
        groups[instrument.kind].append(instrument)
    grouped = [(labels[code], by_kind[code], groups[code]) for code in labels if groups.get(code)]
    context = {
        "groups": grouped,
        "total": len(found),
        "query": query,
        "kind": kind,
        "kinds": [(code, label, by_kind[code]) for code, label in labels.items()],
        "page": page,
        "pages": pages,
        "first": (page - 1) * INSTRUMENTS_PAGE + 1,
        "last": (page - 1) * INSTRUMENTS_PAGE + len(shown),
        "previous_query": page_query(query, kind, page - 1) if page > 1 else "",
        "next_query": page_query(query, kind, page + 1) if page < pages else "",
    }
    return render_either(request, "resolutions/instruments.html", "list", context)


@dataclass
class ListedInstrument:
    slug: str
    kind: str
    name: str
    symbol: str
    citation_count: int

    def get_absolute_url(self) -> str:
        return reverse("resolutions:instrument", kwargs={"slug": self.slug})


def page_query(query: str, kind: str, page: int) -> str:
    return "?" + urlencode({k: v for k, v in (("q", query), ("kind", kind), ("page", page)) if v})


@require_safe
def instrument_detail(request, slug):
    instrument = get_object_or_404(Instrument, slug=slug)
    citations = (
        Citation.objects.filter(
            instrument=instrument, paragraph__isnull=False, paragraph__in_text=True
        )
        .select_related("paragraph__resolution")
        .order_by("-resolution__session", "-resolution__number_int", "paragraph__position")
    )
    groups: dict[int, dict] = {}
    paragraphs: dict[int, Paragraph] = {}
    for citation in citations:
        paragraph = paragraphs.get(citation.paragraph_id)
        if paragraph is None:
            paragraph = paragraphs[citation.paragraph_id] = citation.paragraph
            group = groups.setdefault(
                paragraph.resolution_id,
                {"resolution": paragraph.resolution, "paragraphs": []},
            )
            group["paragraphs"].append(paragraph)
            paragraph.cited = []
        if span := cited_span(citation, paragraph.text):
            paragraph.cited.append(Link(*span, href=""))
    for paragraph in paragraphs.values():
        paragraph.html = render_text(paragraph.text, paragraph.emphasis, links=paragraph.cited)
    in_library = bool(
        instrument.symbol and Resolution.objects.filter(symbol=instrument.symbol).exists()
    )
    from_symbol = request.GET.get("from") or reading_symbol(request)
    context = {
        "instrument": instrument,
        "groups": list(groups.values()),
        "paragraph_count": len(paragraphs),
        "library_href": (
            reverse("resolutions:reader", kwargs={"symbol": instrument.symbol})
            if in_library
            else ""
        ),
        "from_symbol": from_symbol,
    }
    context.update(extensions.paragraph_context(request, list(paragraphs.values())))
    return render_either(request, "resolutions/instrument.html", "panel", context)
