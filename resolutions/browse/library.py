"""The library page's read model: which resolutions a set of filters selects, one page of them,
and the choices each filter offers, in a fixed number of queries however large the library."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _

from resolutions.browse.subjects import natural_sorted
from resolutions.models import Language, Resolution, ResolutionText, Subject

PAGE_SIZE = 50
# The subjects a filter menu offers: the ones most resolutions carry, and every SDG.
SUBJECT_CHOICES = 150
VOTE_CHOICES = [("recorded", _("Recorded vote")), ("without vote", _("Adopted without a vote"))]


@dataclass
class Filters:
    """The library's filters as the query string gives them, each checked against what exists:
    an unknown value selects nothing rather than failing."""

    session: int | None = None
    committee: str = ""
    subject: Subject | None = None
    agenda: Subject | None = None
    language: str = ""
    vote: str = ""
    page: str = "1"

    @classmethod
    def from_query(cls, query, sessions: list[int]) -> "Filters":
        filters = cls()
        session = query.get("session", "")
        if session.isdigit() and int(session) in sessions:
            filters.session = int(session)
        filters.committee = query.get("committee", "")[:100]
        slug = query.get("subject", "")
        slugs = {slug[:200], query.get("agenda", "")[:200]} - {""}
        if slugs:
            # The subject and the agenda item chosen, in one query.
            found = {s.slug: s for s in Subject.objects.filter(slug__in=slugs)}
            filters.subject = found.get(slug[:200])
            agenda = found.get(query.get("agenda", "")[:200])
            filters.agenda = agenda if agenda and agenda.scheme == Subject.Scheme.AGENDA else None
        language = query.get("lang", "")
        filters.language = language if language in Language.values else ""
        vote = query.get("vote", "")
        filters.vote = vote if vote in dict(VOTE_CHOICES) else ""
        filters.page = query.get("page", "1")[:8]
        return filters

    def apply(self, resolutions):
        if self.session:
            resolutions = resolutions.filter(session=self.session)
        if self.committee:
            resolutions = resolutions.filter(committee=self.committee)
        if self.subject:
            resolutions = resolutions.filter(subjects=self.subject)
        if self.agenda:
            resolutions = resolutions.filter(subjects=self.agenda)
        if self.language:
            resolutions = resolutions.filter(texts__language=self.language)
        if self.vote:
            resolutions = resolutions.filter(vote_outcome=self.vote)
        return resolutions

    @property
    def active(self) -> bool:
        return bool(
            self.session
            or self.committee
            or self.subject
            or self.agenda
            or self.language
            or self.vote
        )

    def query(self, **change) -> str:
        """The query string of these filters, with some changed (a page link)."""
        values = {
            "session": self.session or "",
            "committee": self.committee,
            "subject": self.subject.slug if self.subject else "",
            "agenda": self.agenda.slug if self.agenda else "",
            "lang": self.language,
            "vote": self.vote,
        }
        values.update(change)
        return urlencode({k: v for k, v in values.items() if v not in ("", None, 1)})


@dataclass
class LibraryPage:
    filters: Filters
    page: object
    sessions: list[int]
    committees: list[str]
    subjects: list[Subject]
    agenda_items: list[Subject]
    languages: list = field(default_factory=lambda: Language.choices)
    votes: list = field(default_factory=lambda: VOTE_CHOICES)
    # With a language chosen: the sessions the library has texts of in it.
    language_sessions: list[int] = field(default_factory=list)

    @property
    def language_name(self) -> str:
        return Language(self.filters.language).label if self.filters.language else ""

    @property
    def language_covers_some_sessions(self) -> bool:
        """Whether the chosen language has texts of only some of the library's sessions."""
        return bool(self.filters.language) and set(self.language_sessions) != set(self.sessions)

    @property
    def resolutions(self):
        return self.page.object_list

    @property
    def previous_query(self) -> str:
        return self.filters.query(page=self.page.previous_page_number())

    @property
    def next_query(self) -> str:
        return self.filters.query(page=self.page.next_page_number())


def sessions() -> list[int]:
    """The sessions the library has resolutions of, newest first."""
    return list(
        Resolution.objects.order_by("-session").values_list("session", flat=True).distinct()
    )


def library_page(query) -> LibraryPage:
    all_sessions = sessions()
    filters = Filters.from_query(query, all_sessions)
    selected = filters.apply(Resolution.objects.all()).distinct()
    paginator = Paginator(selected.newest_first().only("pk"), PAGE_SIZE)
    page = paginator.get_page(filters.page)
    ids = [r.pk for r in page.object_list]
    rows = {
        r.pk: r
        for r in Resolution.objects.filter(pk__in=ids)
        .with_counts()
        .prefetch_related(
            Prefetch(
                "texts",
                queryset=ResolutionText.objects.only("resolution_id", "language", "title"),
            )
        )
    }
    page.object_list = [rows[pk] for pk in ids]
    for resolution in page.object_list:
        list_in_language(resolution, filters.language)
    committees = list(
        Resolution.objects.exclude(committee="")
        .order_by("committee")
        .values_list("committee", flat=True)
        .distinct()
    )
    subjects, agenda_items = subject_menus(filters.subject)
    listing = LibraryPage(filters, page, all_sessions, committees, subjects, agenda_items)
    if filters.language:
        listing.language_sessions = sorted(
            set(
                ResolutionText.objects.filter(language=filters.language)
                .values_list("resolution__session", flat=True)
                .distinct()
            ),
            reverse=True,
        )
    return listing


def list_in_language(resolution: Resolution, language: str) -> None:
    """The title a library entry shows and the text it opens: in the language the reader chose,
    where the library has it; else the resolution's own."""
    resolution.listed_title = resolution.title
    resolution.listed_url = resolution.get_absolute_url()
    resolution.listed_language = resolution.primary_language
    for text in resolution.texts.all():
        if language and text.language == language:
            resolution.listed_title = text.title or resolution.title
            resolution.listed_language = language
            if language != resolution.primary_language:
                resolution.listed_url += f"?lang={language}"


def subject_menus(selected: Subject | None = None) -> tuple[list[Subject], list[Subject]]:
    """The two menus of subjects a filter offers (the library's and the search's), in one
    query: the subjects most resolutions carry and the one chosen, by scheme (what people
    assigned first), each in natural order (Goal 2 before Goal 10); and every agenda item the
    library's resolutions were adopted under."""
    used = (
        Subject.objects.annotate(used=Count("resolutions"))
        .filter(used__gt=0)
        .only("pk", "scheme", "label", "slug")
        .order_by("-used", "label")
    )
    subjects, agenda = [], []
    for subject in used:
        if subject.scheme == Subject.Scheme.AGENDA:
            agenda.append(subject)
        elif len(subjects) < SUBJECT_CHOICES:
            subjects.append(subject)
    if selected and selected.scheme != Subject.Scheme.AGENDA and selected not in subjects:
        subjects.append(selected)
    return natural_sorted(subjects), natural_sorted(agenda)
