"""The resolution adopted from a draft, once it is in the library: found by its series (the next
version of the resolution the draft started from) or its title, linked by a facilitator or when
the library loads it, and the team's notes on the draft carried over to the paragraphs they
became, as team notes on the adopted text.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext, override

from annotations.models import Annotation, build_note
from drafts import revisions
from drafts.models import Draft, DraftNote
from resolutions.across import alignment, series
from resolutions.models import Paragraph, Resolution

SHOWN = 10


def candidates(draft: Draft) -> list[Resolution]:
    """Resolutions of the library that may be the one adopted from the draft, likeliest first:
    the later versions of its base, then resolutions of the same title adopted after it started.
    Two queries."""
    found: list[Resolution] = []
    if draft.base_id:
        found.extend(
            Resolution.objects.filter(previous_version_id=draft.base_id).order_by(
                "-session", "-number_int"
            )[:SHOWN]
        )
    title = series.normalise_title(draft.title or (draft.base.title if draft.base_id else ""))
    if title:
        later = Resolution.objects.filter(adopted__gte=draft.created.date()).exclude(
            pk__in=[r.pk for r in found] + [draft.base_id or 0]
        )
        if draft.base_id and draft.base.session:
            later = later.filter(session__gt=draft.base.session)
        found.extend(
            r
            for r in later.only(
                "pk", "symbol", "title", "session", "adopted", "number_int"
            ).order_by("-session", "-number_int")[: SHOWN * 5]
            if series.normalise_title(r.title) == title
        )
    return found[:SHOWN]


@dataclass
class Carried:
    notes: int  # notes carried to the adopted text
    left: int  # notes on paragraphs the adopted text does not have (they stay on the draft)


def _frozen(paragraphs) -> list[revisions.Frozen]:
    return [revisions.Frozen(p.pid, p.kind, p.label, p.text) for p in paragraphs]


@transaction.atomic
def link(draft: Draft, resolution: Resolution) -> Carried:
    """Link the draft to the resolution adopted from it and carry the team's notes over: each
    note on a draft paragraph becomes a team note, by the same author, on the paragraph of the
    adopted text it became (lined up by words, as the library lines up two versions: the
    adopted text numbers its paragraphs anew). Linking it again to the same resolution carries
    nothing twice."""
    locked = Draft.objects.select_for_update().get(pk=draft.pk)
    if locked.adopted_id == resolution.pk:
        return Carried(0, 0)
    locked.adopted = resolution
    locked.save(update_fields=["adopted"])
    draft.adopted = resolution
    notes = list(
        DraftNote.objects.filter(paragraph__draft=locked)
        .select_related("paragraph", "author")
        .order_by("paragraph__position", "created", "pk")
    )
    carried = Carried(0, 0)
    if notes:
        carried = _carry(locked, resolution, notes)
    locked.touch()
    return carried


def _carry(draft: Draft, resolution: Resolution, notes: list[DraftNote]) -> Carried:
    adopted = alignment.comparable(
        Paragraph.objects.in_text().filter(resolution=resolution).order_by("position")
    )
    # The whole draft, so each paragraph finds its own and not its neighbour's.
    rows = alignment.align(revisions.freeze(draft.paragraphs.all()), _frozen(adopted))
    by_pid = {p.pid: p for p in adopted}
    became = {}
    for row in rows:
        if row.new is not None:
            for old in row.old:
                became.setdefault(old.pid, by_pid[row.new.pid])
    carried = Carried(0, 0)
    members = {m.pk for m in draft.team.members.all()} | {draft.team.owner_id}
    for note in notes:
        target = became.get(note.paragraph.pid)
        # A note by someone who has left the team stays on the draft: a team note needs a member.
        if target is None or note.author_id not in members:
            carried.left += 1
            continue
        with override(draft.language):
            origin = gettext("From the draft %(label)s, %(pid)s.") % {
                "label": draft.label,
                "pid": note.paragraph.pid,
            }
        built = build_note(
            paragraph=target,
            author=note.author,
            note=f"{note.note}\n\n*{origin}*",
            visibility=Annotation.Visibility.TEAM,
            team=draft.team,
            created=note.created,
        )
        built.save()
        carried.notes += 1
    return carried


def link_arrivals() -> int:
    """After the library links its versions: every draft not yet linked whose base now has
    exactly one later version adopted after the draft started is linked to it. Returns how many."""
    linked = 0
    for draft in Draft.objects.filter(adopted__isnull=True, base__isnull=False).select_related(
        "base", "team"
    ):
        later = list(
            Resolution.objects.filter(
                previous_version_id=draft.base_id, adopted__gte=draft.created.date()
            )[:2]
        )
        if len(later) == 1:
            link(draft, later[0])
            linked += 1
    return linked
