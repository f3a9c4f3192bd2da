"""How a resolution was adopted: without a vote, or by a recorded vote with each Member State's
position; and a resolution's vote beside its previous version's."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .models import Resolution, Vote

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

    @property
    def recorded(self):
        return self.outcome == "recorded"

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
    previous version itself is fetched with the resolution, or in one more query)."""
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
    if previous is not None:
        current.previous = _adoption(previous, [v for v in votes if v.resolution_id == previous.pk])
    return current
