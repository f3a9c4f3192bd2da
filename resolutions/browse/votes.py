"""How a resolution was adopted: without a vote, or by a recorded vote with each Member State's
position; and a resolution's vote beside its previous version's."""

from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import CharField, Count, F, Q, Value
from django.db.models.expressions import Case, When
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from resolutions.browse import regions
from resolutions.browse.subjects import natural_sorted
from resolutions.models import MemberState, Resolution, Subject, Vote

POSITIONS = [
    (Vote.Position.IN_FAVOUR, _("In favour")),
    (Vote.Position.AGAINST, _("Against")),
    (Vote.Position.ABSTAINING, _("Abstaining")),
]


@dataclass
class Adoption:
    resolution: Resolution
    outcome: str  # "recorded", "without vote" or "" when the source does not say
    counts: dict[str, int | None]
    states: dict[str, list] = field(default_factory=dict)  # position -> MemberStates
    previous: "Adoption | None" = None
    # Every Member State the library knows of, by its name in capitals: for those not voting.
    known_states: dict[str, MemberState] = field(default_factory=dict)

    @property
    def recorded(self):
        return self.outcome == "recorded"

    @cached_property
    def voted(self) -> set[str]:
        return {regions.key(s.name) for states in self.states.values() for s in states}

    @cached_property
    def not_voting(self) -> list:
        """The Member States the record does not list: absent or present and not voting.
        Those the library has a page for are MemberState rows; the others unsaved ones, for
        their names."""
        if not self.recorded or not self.voted:
            return []
        voted = self.voted
        out = []
        for group in regions.groups():
            for name in group.members:
                if name not in voted:
                    out.append(self.known_states.get(name) or MemberState(name=name))
        return sorted(out, key=lambda s: s.display_name)

    @property
    def tally(self) -> list[dict]:
        """The counts as a bar of the 193 members: each position's share, where it starts on
        the bar, and the count (`not_voting` last; None when the record lists no States)."""
        members = regions.member_count()
        rows = [(position, label, self.counts[position] or 0) for position, label in POSITIONS]
        if self.voted:
            rows.append(("not_voting", _("Absent or not voting"), len(self.not_voting)))
        out, start = [], 0.0
        total = max(members, sum(count for _, _, count in rows))
        for position, label, count in rows:
            width = 100 * count / total
            out.append(
                {"position": position, "label": label, "count": count, "x": start, "width": width}
            )
            start += width
        return out

    @property
    def by_region(self) -> list[dict]:
        """Each regional group with how its members voted and who of them did not."""
        if not self.recorded or not self.voted:
            return []
        labels = dict(POSITIONS)
        rows = {
            g.slug: {"group": g, "positions": {p: [] for p in labels}, "not_voting": []}
            for g in regions.groups()
        }
        others = {"group": None, "positions": {p: [] for p in labels}, "not_voting": []}
        for position, states in self.states.items():
            for state in states:
                group = regions.group_of(state.name)
                (rows[group.slug] if group else others)["positions"][position].append(state)
        for state in self.not_voting:
            group = regions.group_of(state.name)
            if group:
                rows[group.slug]["not_voting"].append(state)
        out = list(rows.values()) + ([others] if any(others["positions"].values()) else [])
        for row in out:
            row["lines"] = [
                {"label": labels[p], "states": row["positions"][p]} for p, _ in POSITIONS
            ] + [{"label": _("Absent or not voting"), "states": row["not_voting"]}]
            row["size"] = sum(len(line["states"]) for line in row["lines"])
        return out

    @property
    def groups(self):
        return [
            {
                "position": position,
                "label": label,
                "count": self.counts[position],
                "states": self.states.get(position, []),
            }
            for position, label in POSITIONS
        ]

    @property
    def changes(self) -> list[dict]:
        """The States whose position differs from the previous version's recorded vote."""
        if not (self.previous and self.previous.recorded and self.recorded):
            return []
        before = {
            s.pk: position for position, states in self.previous.states.items() for s in states
        }
        labels = dict(POSITIONS)
        out = []
        for position, states in self.states.items():
            for state in states:
                was = before.get(state.pk)
                if was and was != position:
                    out.append({"state": state, "was": labels[was], "now": labels[position]})
        return sorted(out, key=lambda c: c["state"].name)


def _adoption(resolution: Resolution, votes) -> Adoption:
    counts = {
        Vote.Position.IN_FAVOUR: resolution.votes_in_favour,
        Vote.Position.AGAINST: resolution.votes_against,
        Vote.Position.ABSTAINING: resolution.votes_abstaining,
    }
    states: dict[str, list] = {position: [] for position, _ in POSITIONS}
    for vote in votes:
        states[vote.position].append(vote.state)
    return Adoption(resolution, resolution.vote_outcome, counts, states)


def adoption(resolution: Resolution, with_previous: bool = True) -> Adoption:
    """One query for the votes of the resolution and of its previous version together (the
    previous version itself is fetched with the resolution, or in one more query), and one for
    the Member States when the vote was recorded."""
    previous = resolution.previous_version if with_previous else None
    ids = [r.pk for r in (resolution, previous) if r is not None and r.vote_outcome == "recorded"]
    votes = (
        list(
            Vote.objects.filter(resolution_id__in=ids)
            .select_related("state")
            .order_by("state__name")
        )
        if ids
        else []
    )
    current = _adoption(resolution, [v for v in votes if v.resolution_id == resolution.pk])
    if current.recorded and current.voted:
        # One more query, for links to the pages of the States that did not vote this time.
        current.known_states = {regions.key(s.name): s for s in MemberState.objects.all()}
    if previous is not None:
        current.previous = _adoption(previous, [v for v in votes if v.resolution_id == previous.pk])
    return current


# --- A Member State's votes ---------------------------------------------------------------------

STATE_PAGE_SIZE = 50
AGAINST_MAJORITY = "against_majority"
VOTE_FILTERS = [*POSITIONS, (AGAINST_MAJORITY, _("Against the majority"))]
STATE_SUBJECT_SCHEMES = [Subject.Scheme.AGENDA, Subject.Scheme.UNBIS_LIBRARY, Subject.Scheme.SDG]


def majority():
    """The position most States took on the vote's resolution (in favour on a tie with it), as
    an expression over the resolution's counts: no query of its own."""
    in_favour = "resolution__votes_in_favour"
    against = "resolution__votes_against"
    abstaining = "resolution__votes_abstaining"
    return Case(
        When(
            Q(**{f"{in_favour}__gte": F(against)}) & Q(**{f"{in_favour}__gte": F(abstaining)}),
            then=Value(Vote.Position.IN_FAVOUR),
        ),
        When(Q(**{f"{against}__gte": F(abstaining)}), then=Value(Vote.Position.AGAINST)),
        default=Value(Vote.Position.ABSTAINING),
        output_field=CharField(),
    )


class Paged:
    """A page of votes with its filters kept in the links to other pages."""

    page: object

    def filters(self) -> dict:
        raise NotImplementedError

    def query(self, **change) -> str:
        values = {**self.filters(), **change}
        return urlencode({k: v for k, v in values.items() if v not in ("", None, 1)})

    @property
    def previous_query(self) -> str:
        return self.query(page=self.page.previous_page_number())

    @property
    def next_query(self) -> str:
        return self.query(page=self.page.next_page_number())


@dataclass
class StateVotes(Paged):
    """One page of a State's recorded votes as its filters select them, with the filters'
    choices and the tally of everything selected: five queries, however many votes (four
    when the page is empty)."""

    state: MemberState
    page: object
    sessions: list[int]
    subjects: list
    session: int | None
    subject: object
    vote: str
    tally: list[tuple[str, int]]
    total: int
    against_majority: int

    def filters(self) -> dict:
        return {
            "session": self.session or "",
            "subject": self.subject.slug if self.subject else "",
            "vote": self.vote,
        }

    @property
    def subject_options(self):
        return subject_options(self.subjects, self.subject)


def subject_options(subjects, selected) -> str:
    """The <optgroup>s of a subject menu, by scheme: built here rather than in a template loop,
    which took most of a State's page for the four hundred subjects of a State that votes
    often."""
    groups: dict[str, list] = {}
    schemes = dict(Subject.Scheme.choices)  # get_scheme_display() rebuilds the choices each call
    for subject in subjects:
        groups.setdefault(schemes[subject.scheme], []).append(subject)
    return format_html_join(
        "",
        '<optgroup label="{}">{}</optgroup>',
        (
            (
                scheme,
                format_html_join(
                    "",
                    '<option value="{}"{}>{}</option>',
                    ((s.slug, " selected" if s == selected else "", s.name) for s in items),
                ),
            )
            for scheme, items in groups.items()
        ),
    )


def _sessions(votes, query) -> tuple[list[int], int | None]:
    """The sessions of these votes, newest first (one query), and the one the query asks for
    when it is one of them."""
    sessions = list(
        votes.order_by("-resolution__session")
        .values_list("resolution__session", flat=True)
        .distinct()
    )
    session = query.get("session", "")
    return sessions, int(session) if session.isdigit() and int(session) in sessions else None


def state_votes(state: MemberState, query) -> StateVotes:
    votes = Vote.objects.filter(state=state)
    sessions, session = _sessions(votes, query)
    # The subjects people assigned, and the SDGs: the machine's UNBIS and EuroVoc terms would
    # add hundreds of choices that say little (a link to one still filters by it).
    slug = query.get("subject", "")[:200]
    subjects = natural_sorted(
        Subject.objects.filter(resolutions__votes__state=state)
        .filter(Q(scheme__in=STATE_SUBJECT_SCHEMES) | Q(slug=slug))
        .distinct()
    )
    subject = next((s for s in subjects if s.slug == slug), None) if slug else None
    vote = query.get("vote", "")
    vote = vote if vote in dict(VOTE_FILTERS) else ""

    selected = votes.annotate(majority=majority())
    if session:
        selected = selected.filter(resolution__session=session)
    if subject:
        selected = selected.filter(resolution__subjects=subject)
    counts = selected.aggregate(
        **{p: Count("pk", filter=Q(position=p)) for p, _ in POSITIONS},
        against_majority=Count("pk", filter=~Q(position=F("majority"))),
    )
    if vote == AGAINST_MAJORITY:
        selected = selected.exclude(position=F("majority"))
    elif vote:
        selected = selected.filter(position=vote)
    paginator = Paginator(
        selected.select_related("resolution").order_by(
            "-resolution__session", "-resolution__number_int", "pk"
        ),
        STATE_PAGE_SIZE,
    )
    # The tally has counted what the page selects: no count query of the paginator's own.
    total = sum(counts[p] for p, _ in POSITIONS)
    paginator.count = counts.get(vote, total)
    page = paginator.get_page(query.get("page", "1")[:8])
    page.object_list = list(page.object_list)
    labels = dict(POSITIONS)
    for row in page.object_list:
        row.position_label = labels[row.position]
        row.against_majority = row.position != row.majority
    return StateVotes(
        state=state,
        page=page,
        sessions=sessions,
        subjects=subjects,
        session=session,
        subject=subject,
        vote=vote,
        tally=[(label, counts[p]) for p, label in POSITIONS],
        total=total,
        against_majority=counts["against_majority"],
    )


# --- Two States side by side --------------------------------------------------------------------


@dataclass
class Comparison(Paged):
    """Two States' recorded votes on the resolutions both voted on: how often alike, and one
    page of those where they differed. Five queries, however many votes."""

    a: MemberState
    b: MemberState
    both: int
    alike: int
    page: object
    session: int | None
    sessions: list[int]

    @property
    def differed(self) -> int:
        return self.both - self.alike

    @property
    def share_alike(self) -> int:
        return round(100 * self.alike / self.both) if self.both else 0

    def filters(self) -> dict:
        return {"a": self.a.slug, "b": self.b.slug, "session": self.session or ""}

    @property
    def session_links(self) -> list[dict]:
        links = [
            {
                "label": _("All sessions"),
                "query": self.query(session=""),
                "current": not self.session,
            }
        ]
        return links + [
            {
                "label": _("Session %(number)s") % {"number": n},
                "query": self.query(session=n),
                "current": n == self.session,
            }
            for n in self.sessions
        ]


def compare_states(a: MemberState, b: MemberState, query) -> Comparison:
    # One join of the two States' votes on the resolution (the unique vote per State and
    # resolution makes it one row per resolution both voted on).
    both = Vote.objects.filter(state=a, resolution__votes__state=b).annotate(
        other=F("resolution__votes__position")
    )
    sessions, session = _sessions(both, query)
    if session:
        both = both.filter(resolution__session=session)
    counts = both.aggregate(both=Count("pk"), alike=Count("pk", filter=Q(position=F("other"))))
    differed = (
        both.exclude(position=F("other"))
        .select_related("resolution")
        .order_by("-resolution__session", "-resolution__number_int", "pk")
    )
    page = Paginator(differed, STATE_PAGE_SIZE).get_page(query.get("page", "1")[:8])
    labels = dict(POSITIONS)
    rows = list(page.object_list)
    for vote in rows:
        vote.other_display = labels.get(vote.other, vote.other)
    page.object_list = rows
    return Comparison(a, b, counts["both"], counts["alike"], page, session, sessions)
