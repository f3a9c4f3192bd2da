"""The search page: paragraphs matching a query, a page at a time, in one language or all; and a
symbol typed in the box ("A/RES/79/154 op26", "79/154 para 26") taken straight to its text."""

import re
from dataclasses import dataclass

from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from resolutions.across.bounds import TOO_COSTLY, phrase_refusal
from resolutions.browse.library import subject_menus
from resolutions.htmx import page_or_fragment, wants_fragment
from resolutions.models import Language, Paragraph, Resolution, Subject
from resolutions.notes import notes
from resolutions.search.groups import group_versions, series_roots
from resolutions.search.phrases import quoted_phrase, search_phrase
from resolutions.search.query import SearchResults, search_paragraphs, title_hits
from resolutions.search.titles import title_candidates, title_matches
from web.budget import TooCostly, spend, time_limited, too_many

JUMP = re.compile(
    r"""
    (?:resolution\s+)?
    (?:A/RES/)?(?P<session>\d{1,3})/(?P<number>\d{1,4})
    (?:
        [\s,/]*
        (?:
            (?P<preambular>pp|preambular\s+paragraph|preambular\s+para\.?)
            | op|operative\s+paragraph|operative\s+para\.?|paragraph|para\.?|§
        )
        \s*(?P<paragraph>\d{1,3})
        \s*(?:\(\s*(?P<letter>[a-z])\s*\)|(?P<bare_letter>[a-z]))?
    )?
    /?
    """,
    re.IGNORECASE | re.VERBOSE,
)


@dataclass
class Jump:
    """Where a symbol typed in the search box leads: `url` when the library has it, else
    `message` says what it lacks."""

    label: str
    url: str = ""
    message: str = ""


def find_jump(query: str, language: str | None) -> Jump | None:
    """The resolution or paragraph a query names by its symbol, or None for a text search."""
    match = JUMP.fullmatch(query.strip())
    if match is None:
        return None
    symbol = f"A/RES/{int(match['session'])}/{int(match['number'])}"
    suffix = f"?lang={language}" if language else ""
    resolution = Resolution.objects.filter(symbol__iexact=symbol).first()
    if resolution is None:
        return Jump(
            symbol, message=_("The library has no resolution %(symbol)s.") % {"symbol": symbol}
        )
    if match["paragraph"] is None:
        return Jump(resolution.symbol, url=resolution.get_absolute_url() + suffix)
    letter = (match["letter"] or match["bare_letter"] or "").lower()
    pid = ("pp" if match["preambular"] else "op") + str(int(match["paragraph"])) + letter
    paragraph = (
        Paragraph.objects.in_text()
        .filter(resolution=resolution, pid=pid)
        .select_related("resolution")
        .first()
    )
    if paragraph is None:
        number = f"{int(match['paragraph'])}" + (f" ({letter})" if letter else "")
        missing = (
            _("%(symbol)s has no preambular paragraph %(number)s.")
            if match["preambular"]
            else _("%(symbol)s has no operative paragraph %(number)s.")
        )
        return Jump(
            resolution.symbol,
            url=resolution.get_absolute_url() + suffix,
            message=missing % {"symbol": resolution.symbol, "number": number},
        )
    return Jump(
        f"{resolution.symbol}, {paragraph.display_name}",
        url=paragraph.get_absolute_url() + suffix,
    )


def library_sessions() -> list[int]:
    """The sessions the library has resolutions of, newest first."""
    return list(
        Resolution.objects.order_by("-session").values_list("session", flat=True).distinct()
    )


def positive_int(value: str, default=None):
    return int(value) if value.isdigit() and 0 < int(value) < 10**6 else default


@require_safe
def search(request):
    # Control characters (a NUL above all, which PostgreSQL refuses) are never part of a search.
    typed = "".join(c for c in request.GET.get("q", "") if c.isprintable() or c.isspace())
    query = " ".join(typed.split())[:200]
    session = positive_int(request.GET.get("session", ""))
    language = request.GET.get("lang", "")
    language = language if language in Language.values else None
    page = positive_int(request.GET.get("page", ""), 1)
    # An agenda item is a subject: `agenda=` filters as `subject=` does (the subject first).
    subject_slug = (request.GET.get("subject") or request.GET.get("agenda", ""))[:200]
    subject = Subject.objects.filter(slug=subject_slug).first() if subject_slug else None
    # "Search in this document", from the reader's toolbar: one resolution, by its symbol.
    within_symbol = request.GET.get("within", "").strip()[:40]
    within = (
        Resolution.objects.filter(symbol__iexact=within_symbol).only("pk", "symbol").first()
        if within_symbol
        else None
    )

    jump = find_jump(query, language) if query else None
    # Typed and submitted, a symbol the library has goes straight there; while typing (htmx),
    # the results offer the way instead of leaving the page under the reader's fingers.
    if jump and jump.url and not jump.message and not wants_fragment(request):
        return redirect(jump.url)

    # A whole query in quotes is a phrase, found word for word.
    phrase = quoted_phrase(query)
    subject_pk = subject.pk if subject else None
    refusal = phrase_refusal(phrase) if phrase else ""
    if phrase and not refusal and (wait := spend(request, "lookup")) is not None:
        return too_many("lookup", wait)
    if (subject_slug and subject is None) or (within_symbol and within is None):
        results = SearchResults()  # an unknown subject or resolution: said so, nothing searched
    elif refusal:
        results = SearchResults()
    elif phrase:
        try:
            with time_limited(request):
                results = search_phrase(
                    phrase,
                    language=language,
                    session=session,
                    subject=subject_pk,
                    resolution=within.pk if within else None,
                    page=page,
                )
        except TooCostly:
            results = SearchResults()
            refusal = TOO_COSTLY
    else:
        results = search_paragraphs(
            query,
            session=session,
            language=language,
            page=page,
            subject=subject_pk,
            resolution=within.pk if within else None,
        )
    plan, candidates = None, []
    # Titles are listed once, above the first page of paragraphs; a search in one document
    # lists none.
    if (
        query
        and page == 1
        and not refusal
        and within is None
        and not (subject_slug and subject is None)
    ):
        plan, candidates = title_candidates(
            phrase or query, language=language, session=session, subject=subject_pk
        )
    # Identical wording in one series is shown once: the search gathered it before cutting the
    # page, except where it ranked every match in the database (then among the page's hits).
    # One query for the series of those hits and of the titles together.
    ungrouped = results.hits if results.groups is None else []
    roots = series_roots(
        [hit.paragraph.resolution_id for hit in ungrouped] + [r.pk for r in candidates]
    )
    results.on_page = len(results.hits)
    if results.groups is None:
        results.hits = group_versions(results.hits, roots)
    if plan is not None:
        results.titles = title_matches(plan, candidates, roots)
    title_hits(results.hits)
    context = {
        "query": query,
        "results": results,
        "hits": results.hits,
        "session": session,
        "language": language or "",
        "languages": Language.choices,
        "jump": jump,
        "phrase": phrase,
        "refusal": refusal,
        "subject": subject,
        "unknown_subject": subject_slug if subject_slug and subject is None else "",
        "within": within,
        "unknown_within": within_symbol if within_symbol and within is None else "",
    }
    if not wants_fragment(request):
        context["sessions"] = library_sessions()
        context["subjects"], context["agenda_items"] = subject_menus(subject)
    context.update(notes().on_search(request, phrase or query))
    return page_or_fragment(request, "resolutions/search.html", "#results", context)
