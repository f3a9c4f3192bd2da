"""Views for reading resolutions: the library, the reader and its permalinks, instruments, search.

Each page answers a plain request with the whole page and an htmx request with the fragment
htmx swaps in, both from the same template (Django's template partials).
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html
from django.views.decorators.http import require_safe

from . import extensions, pagecache
from .browse import library_page
from .browse import sessions as library_sessions
from .models import (
    UNDOCS_URL,
    Citation,
    Footnote,
    FootnoteMarker,
    Instrument,
    Paragraph,
    Resolution,
)
from .rendering import Link, Marker, render_text
from .search import search_paragraphs

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


def symbol_href(symbol: str, library: set[str]) -> str:
    """A UN symbol opens the resolution in the library when we have it, else the official text."""
    if symbol in library:
        return reverse("resolutions:reader", kwargs={"symbol": symbol})
    return UNDOCS_URL.format(symbol=symbol)


# --- Library ------------------------------------------------------------------------------------


@require_safe
def library(request):
    context = {"library": library_page(request.GET)}
    return render_either(request, "resolutions/library.html", "list", context)


# --- The reader ---------------------------------------------------------------------------------


@dataclass
class Document:
    """A resolution ready to read: its paragraphs and footnotes with their HTML, what it cites
    and what cites it, from a fixed number of queries whatever its length."""

    resolution: Resolution
    paragraphs: list[Paragraph]
    footnotes: list[Footnote]
    cited_by: list[dict] = field(default_factory=list)
    library: set[str] = field(default_factory=set)

    @property
    def preambular(self):
        return [p for p in self.paragraphs if p.kind == Paragraph.Kind.PREAMBULAR]

    @property
    def operative(self):
        return [p for p in self.paragraphs if p.kind != Paragraph.Kind.PREAMBULAR]

    @property
    def operative_numbers(self):
        return [p for p in self.paragraphs if p.kind == Paragraph.Kind.OPERATIVE]

    def find(self, pid: str):
        if pid.startswith("fn"):
            return next((f for f in self.footnotes if f.pid == pid), None)
        return next((p for p in self.paragraphs if p.pid == pid), None)


def instrument_link(citation: Citation, library: set[str], words_from=None) -> Link:
    instrument = citation.instrument
    if instrument.symbol and instrument.symbol in library:
        href = reverse("resolutions:reader", kwargs={"symbol": instrument.symbol})
        return Link(citation.start, citation.end, href, {"class": "cite cite-library"})
    href = instrument.get_absolute_url()
    return Link(citation.start, citation.end, href, panel_attrs(href, "cite"))


def panel_attrs(href: str, css_class: str) -> dict:
    """What makes a link open its fragment in the reader's panel instead of a new page."""
    return {"class": css_class, "hx-get": href, "hx-target": "#panel", "data-opens-panel": ""}


def footnote_marker(footnote: Footnote, paragraph: Paragraph, offset: int, seen: set) -> Marker:
    """The superscript number that opens its footnote; its id is where the footnote links back."""
    anchor = f"{paragraph.pid}-{footnote.pid}"
    while anchor in seen:
        anchor += "-again"
    seen.add(anchor)
    footnote.back_links.append((anchor, paragraph))
    html = format_html(
        '<sup class="fn-ref"><a id="{}" href="{}" hx-get="{}" hx-target="#panel" '
        'data-opens-panel aria-label="Footnote {}">{}</a></sup>',
        anchor,
        footnote.href,
        footnote.href,
        footnote.number,
        footnote.number,
    )
    return Marker(offset, html)


def load_document(resolution: Resolution) -> Document:
    """Seven queries, however many paragraphs, footnotes and citations the resolution has."""
    paragraphs = list(resolution.paragraphs.in_text().order_by("position"))
    footnotes = list(resolution.footnotes.all())
    markers = list(
        FootnoteMarker.objects.filter(paragraph__resolution=resolution).order_by("offset")
    )
    citations = list(
        Citation.objects.filter(resolution=resolution)
        .select_related("instrument")
        .order_by("instrument__kind", "instrument__title")
    )
    cited_symbols = {c.instrument.symbol for c in citations if c.instrument.symbol}
    cited_symbols.add(resolution.report_symbol)
    library = set(
        Resolution.objects.filter(symbol__in=cited_symbols).values_list("symbol", flat=True)
    )
    cited_by = (
        Citation.objects.filter(
            instrument__symbol=resolution.symbol,
            paragraph__isnull=False,
            paragraph__in_text=True,
        )
        .exclude(resolution=resolution)
        .select_related("paragraph", "resolution")
        .order_by("-resolution__session", "-resolution__number_int", "paragraph__position")
    )

    by_paragraph = {p.pk: p for p in paragraphs}
    by_footnote = {f.pk: f for f in footnotes}
    depth = {Paragraph.Kind.SUBPARAGRAPH: 1, Paragraph.Kind.ITEM: 2}
    for paragraph in paragraphs:
        paragraph.resolution = resolution
        paragraph.depth = depth.get(paragraph.kind, 0)
        paragraph.instruments = []
        paragraph._links = []
        paragraph._markers = []
    for footnote in footnotes:
        footnote.resolution = resolution
        footnote.instruments = []
        footnote.back_links = []
        footnote._links = []
        footnote.href = reverse(
            "resolutions:paragraph", kwargs={"symbol": resolution.symbol, "pid": footnote.pid}
        )

    for citation in citations:
        instrument = citation.instrument
        instrument.href = (
            symbol_href(instrument.symbol, library)
            if instrument.symbol in library
            else instrument.get_absolute_url()
        )
        instrument.in_library = instrument.symbol in library
        owner = by_footnote.get(citation.footnote_id) if citation.footnote_id else None
        if citation.via == Citation.Via.TEXT and citation.paragraph_id:
            owner = by_paragraph.get(citation.paragraph_id)
        if owner is None:
            continue
        if instrument not in owner.instruments:
            owner.instruments.append(instrument)
        if citation.via == Citation.Via.TEXT and citation.start is not None:
            owner._links.append(instrument_link(citation, library))

    seen: set[str] = set()
    for marker in markers:
        paragraph = by_paragraph.get(marker.paragraph_id)
        footnote = by_footnote.get(marker.footnote_id)
        if paragraph and footnote:
            paragraph._markers.append(footnote_marker(footnote, paragraph, marker.offset, seen))

    for item in [*paragraphs, *footnotes]:
        item.html = render_text(
            item.text, item.emphasis, getattr(item, "_markers", ()), item._links
        )
        item.instruments.sort(key=lambda i: (i.kind, i.name))
    for footnote in footnotes:
        # What the footnote's words do not already link ("Ibid., vol. 2237"), linked after them.
        linked = {link.href for link in footnote._links}
        footnote.more_instruments = [i for i in footnote.instruments if i.href not in linked]

    citing: dict[int, dict] = {}
    for citation in cited_by:
        entry = citing.setdefault(
            citation.resolution_id, {"resolution": citation.resolution, "paragraphs": []}
        )
        if citation.paragraph not in entry["paragraphs"]:
            citation.paragraph.resolution = citation.resolution
            entry["paragraphs"].append(citation.paragraph)
    return Document(resolution, paragraphs, footnotes, list(citing.values()), library)


def reader_page(request, resolution, focus=None, status=200):
    document = load_document(resolution)
    context = {
        "resolution": resolution,
        "document": document,
        "focus": focus,
        "report_href": symbol_href(resolution.report_symbol, document.library)
        if resolution.report_symbol
        else "",
        "visible_paragraph_ids": None,
    }
    context.update(extensions.reader_context(request, resolution, document.paragraphs))
    return context


class MisspeltSymbol(Exception):
    """The symbol names a resolution we have, in other capitals (a/res/79/154)."""

    def __init__(self, resolution):
        self.resolution = resolution


def get_resolution(symbol: str) -> Resolution:
    resolution = Resolution.objects.filter(symbol=symbol).first()
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
            request, "resolutions/reader.html", "document", reader_page(request, resolution)
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
    context = reader_page(request, resolution)
    focus = context["document"].find(pid)
    if focus is None:
        return paragraph_not_found(request, resolution, context["document"], pid)
    context["focus"] = focus
    context["focus_name"] = (
        f"footnote {focus.number}" if isinstance(focus, Footnote) else focus.display_name
    )
    partial = "footnote_panel" if isinstance(focus, Footnote) else "paragraph_fragment"
    if isinstance(focus, Paragraph):
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
    return paragraph_not_found(request, resolution, load_document(resolution), pid)


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


@require_safe
def instrument_list(request):
    instruments = Instrument.objects.with_citation_counts().filter(citation_count__gt=0)
    groups = defaultdict(list)
    for instrument in instruments.order_by("kind", "title"):
        groups[instrument.get_kind_display()].append(instrument)
    order = [label for _, label in Instrument.Kind.choices]
    grouped = [(label, groups[label]) for label in order if groups.get(label)]
    context = {"groups": grouped, "total": sum(len(g) for _, g in grouped)}
    return render_either(request, "resolutions/instruments.html", "list", context)


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


# --- Search -------------------------------------------------------------------------------------


@require_safe
def search(request):
    # Control characters (a NUL above all, which PostgreSQL refuses) are never part of a search.
    typed = "".join(c for c in request.GET.get("q", "") if c.isprintable() or c.isspace())
    query = " ".join(typed.split())[:200]
    session = request.GET.get("session", "")
    session = int(session) if session.isdigit() else None
    results = search_paragraphs(query, session=session)
    context = {"query": query, "results": results, "hits": results.hits, "session": session}
    if not htmx_fragment(request):
        context["sessions"] = library_sessions()
    context.update(extensions.search_context(request, query))
    return render_either(request, "resolutions/search.html", "results", context)
