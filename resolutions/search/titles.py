"""The resolutions whose titles a search names, listed before the paragraphs: one entry per
series, its newest version first."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, Subquery

from resolutions.models import Resolution, ResolutionText
from resolutions.search.query import Plan, plan_query

# At most this many resolutions with the query in their title are read, newest first, and
# this many series of them listed.
TITLE_CANDIDATES = 60
TITLE_SERIES = 8


@dataclass
class TitleMatch:
    """A resolution whose title holds every word of the query, with the older versions of its
    series that do too, newest first."""

    resolution: Resolution
    title: str
    language: str
    also: list[Resolution] = field(default_factory=list)

    @property
    def url(self) -> str:
        suffix = f"?lang={self.language}" if self.language else ""
        return self.resolution.get_absolute_url() + suffix


def _holds(plan: Plan, title: str) -> bool:
    """Whether a title holds each wanted term (any of its forms) at the start of a word, and
    none of those left out."""

    def has(term):
        return re.search(rf"(?<!\w){re.escape(term)}", title, re.IGNORECASE) is not None

    return all(
        any(has(form) for form in {term, *english})
        for term, english in zip(plan.wanted, plan.english, strict=True)
    ) and not any(has(term) for term in plan.unwanted)


def _title_condition(plan: Plan, field_name: str) -> Q:
    condition = Q()
    for term, english in zip(plan.wanted, plan.english, strict=True):
        any_form = Q()
        for form in {term, *english}:
            any_form |= Q(**{f"{field_name}__icontains": form})
        condition &= any_form
    return condition


def title_candidates(query: str, *, language=None, session=None, subject=None):
    """Resolutions whose title, in `language` or (None) in any, holds the query's words, newest
    first, with the title in that language: one query (none for a query with no words)."""
    # A title is matched by its words, an instrument's names among them: no citation is read.
    languages = [language] if language else []
    plan = plan_query(query.strip(), languages, cited=False) if query.strip() else None
    if plan is None:
        return None, []
    texts = ResolutionText.objects.filter(resolution=OuterRef("pk"))
    if language:
        texts = texts.filter(language=language)
    matching = texts.filter(_title_condition(plan, "title"))
    found = Resolution.objects.filter(Exists(matching))
    if not language:
        found = Resolution.objects.filter(Q(Exists(matching)) | _title_condition(plan, "title"))
    if session is not None:
        found = found.filter(session=session)
    if subject is not None:
        found = found.filter(subjects=subject)
    found = (
        found.annotate(
            shown_title=Subquery(matching.order_by("language").values("title")[:1]),
            shown_language=Subquery(matching.order_by("language").values("language")[:1]),
        )
        .only("pk", "symbol", "session", "number", "number_int", "title", "primary_language")
        .order_by("-session", "-number_int", "-pk")[:TITLE_CANDIDATES]
    )
    return plan, list(found)


def title_matches(plan, candidates, roots: dict[int, int]) -> list[TitleMatch]:
    """The candidates whose title holds the words as words, one entry per series (its newest
    version), at most TITLE_SERIES."""
    by_series: dict[int, TitleMatch] = {}
    for resolution in candidates:
        title = resolution.shown_title or resolution.title
        if not (_holds(plan, title) or _holds(plan, resolution.title)):
            continue
        root = roots.get(resolution.pk, resolution.pk)
        if root in by_series:
            by_series[root].also.append(resolution)
        elif len(by_series) < TITLE_SERIES:
            language = resolution.shown_language or ""
            if not _holds(plan, title):
                title, language = resolution.title, ""
            by_series[root] = TitleMatch(resolution, title, language)
    return list(by_series.values())
