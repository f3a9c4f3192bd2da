"""Views for browsing the library: the library page, instruments, Member States and their
votes, subjects, and a resolution downloaded as data. Each reads the request, asks the browse
read models (library, votes, subjects, exports), and renders; htmx gets the fragment of the same
template (resolutions/htmx.py)."""

import json
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import Resolver404, resolve, reverse
from django.views.decorators.http import require_safe

from resolutions.browse import votes
from resolutions.browse.exports import as_akn, as_json
from resolutions.browse.library import library_page
from resolutions.browse.subjects import natural_sorted
from resolutions.htmx import page_or_fragment
from resolutions.models import (
    Citation,
    Instrument,
    LoadProgress,
    MemberState,
    Paragraph,
    Resolution,
    Subject,
)
from resolutions.notes import notes
from resolutions.reader.lookup import asked_language, resolution_or_404
from resolutions.reader.rendering import Link, render_text

# --- Library ------------------------------------------------------------------------------------


@require_safe
def library(request):
    context = {"library": library_page(request.GET), "loading": LoadProgress.current()}
    return page_or_fragment(request, "resolutions/library.html", "#list", context)


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
    return page_or_fragment(request, "resolutions/instruments.html", "#list", context)


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
    context.update(notes().on_paragraphs(request, list(paragraphs.values())))
    return page_or_fragment(request, "resolutions/instrument.html", "#panel", context)


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


# --- Member States ------------------------------------------------------------------------------


@require_safe
def state_list(request):
    states = MemberState.objects.annotate(recorded=Count("votes")).order_by("name")
    return render(request, "resolutions/states.html", {"states": states})


@require_safe
def state_detail(request, slug):
    state = get_object_or_404(MemberState, slug=slug)
    context = {
        "state": state,
        "votes": votes.state_votes(state, request.GET),
        "filters": votes.VOTE_FILTERS,
    }
    return page_or_fragment(request, "resolutions/state.html", "#votes", context)


@require_safe
def state_compare(request):
    """Two States side by side; without both chosen (or with one unknown), the form alone."""
    states = list(MemberState.objects.order_by("name"))
    by_slug = {s.slug: s for s in states}
    a, b = by_slug.get(request.GET.get("a", "")), by_slug.get(request.GET.get("b", ""))
    comparison = votes.compare_states(a, b, request.GET) if a and b and a != b else None
    context = {
        "states": sorted(states, key=lambda s: s.display_name),
        "a": a,
        "b": b,
        "asked": bool(request.GET.get("a") or request.GET.get("b")),
        "comparison": comparison,
    }
    return page_or_fragment(request, "resolutions/states_compare.html", "#result", context)


# --- Subjects -----------------------------------------------------------------------------------


def subjects_with_resolutions():
    return Subject.objects.annotate(resolution_count=Count("resolutions")).filter(
        resolution_count__gt=0
    )


@require_safe
def subject_list(request):
    groups = {}
    for subject in natural_sorted(subjects_with_resolutions()):
        groups.setdefault(subject.get_scheme_display(), []).append(subject)
    return render(request, "resolutions/subjects.html", {"groups": list(groups.items())})


@require_safe
def subject_detail(request, slug):
    subject = get_object_or_404(Subject, slug=slug)
    resolutions = subject.resolutions.newest_first()
    return render(
        request,
        "resolutions/subject.html",
        {"subject": subject, "resolutions": list(resolutions)},
    )


# --- Downloads ----------------------------------------------------------------------------------


def _download_name(resolution, extension):
    return resolution.symbol.replace("/", "_") + "." + extension


@require_safe
def download_json(request, symbol):
    resolution = resolution_or_404(symbol)
    language = asked_language(request, resolution)
    body = json.dumps(as_json(resolution, language), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{_download_name(resolution, "json")}"'
    return response


@require_safe
def download_akn(request, symbol):
    resolution = resolution_or_404(symbol)
    language = asked_language(request, resolution)
    response = HttpResponse(as_akn(resolution, language), content_type="application/xml")
    response["Content-Disposition"] = f'inline; filename="{_download_name(resolution, "xml")}"'
    return response
