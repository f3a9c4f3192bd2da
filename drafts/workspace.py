"""What members and facilitators do to a draft: start it, propose, record stances, accept or
withdraw, set status, write notes. Each change runs in one transaction that ends with
`draft.touch()`, so everyone reading the compilation sees it at their next poll."""

import re
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from drafts.models import (
    Draft,
    DraftNote,
    DraftParagraph,
    Proposal,
    Stance,
    Status,
    StatusChange,
)
from resolutions.models import Paragraph, Resolution

# How negotiators number paragraphs put in after an existing one: op5bis, op5ter, op5quater…
LATIN = [
    "bis",
    "ter",
    "quater",
    "quinquies",
    "sexies",
    "septies",
    "octies",
    "novies",
    "decies",
]
_SUFFIXED = re.compile(rf"^(?P<stem>.+?)(?P<suffix>{'|'.join(LATIN)}|-\d+)$")


class Conflict(Exception):
    """The paragraph changed since the form was opened: the change is refused, nothing written.
    `paragraph` is the paragraph as it now stands, to show beside what the user typed."""

    def __init__(self, paragraph: DraftParagraph, message: str):
        super().__init__(message)
        self.paragraph = paragraph
        self.message = message


def stem(pid: str) -> str:
    """The paragraph id a suffixed one was added after: op5ter → op5."""
    match = _SUFFIXED.match(pid)
    return match["stem"] if match else pid


def new_pid(after: str, taken: set[str]) -> tuple[str, str]:
    """The id and label suffix of a paragraph added after `after`: the first of op5bis, op5ter…
    not yet taken, counting from the original paragraph; past "decies", op5-11, op5-12…"""
    base = stem(after)
    for suffix in LATIN:
        if base + suffix not in taken:
            return base + suffix, suffix
    n = len(LATIN) + 1
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}", str(n)


def unique_slug(label: str) -> str:
    base = slugify(label)[:100] or "draft"
    slug, n = base, 1
    while Draft.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _opening(resolution: Resolution) -> str:
    text = resolution.texts.filter(language=resolution.primary_language).first()
    front = getattr(text, "front", None) or {}
    return front.get("opening") or "The General Assembly,"


@transaction.atomic
def start_from(resolution: Resolution, *, team, label: str, user) -> Draft:
    """A draft of `team` with the resolution's paragraphs, ids, labels and emphasis, each linked
    to the paragraph it started as."""
    draft = Draft.objects.create(
        team=team,
        label=label.strip(),
        slug=unique_slug(label),
        title=resolution.title,
        language=resolution.primary_language or "en",
        opening=_opening(resolution),
        base=resolution,
        created_by=user,
    )
    source = list(
        Paragraph.objects.filter(resolution=resolution, in_text=True)
        .exclude(kind="heading")
        .order_by("position")
    )
    copies = {}
    rows = []
    for position, paragraph in enumerate(source, start=1):
        row = DraftParagraph(
            draft=draft,
            pid=paragraph.pid,
            kind=paragraph.kind,
            label=paragraph.label,
            position=position,
            text=paragraph.text,
            emphasis=paragraph.emphasis or [],
            base_paragraph=paragraph,
            base_text=paragraph.text,
        )
        copies[paragraph.pk] = row
        rows.append(row)
    DraftParagraph.objects.bulk_create(rows)
    children = []
    for paragraph in source:
        if paragraph.parent_id and paragraph.parent_id in copies:
            row = copies[paragraph.pk]
            row.parent = copies[paragraph.parent_id]
            children.append(row)
    if children:
        DraftParagraph.objects.bulk_update(children, ["parent"])
    return draft


def _locked(paragraph: DraftParagraph) -> DraftParagraph:
    """The paragraph read again under a row lock (PostgreSQL), so two changes to it queue."""
    return DraftParagraph.objects.select_for_update().select_related("draft").get(pk=paragraph.pk)


def _insert_after(current: DraftParagraph) -> int:
    """The position a paragraph added after `current` takes: after its sub-paragraphs and the
    paragraphs already added after it (op5bis before op5ter), the rest moved down one."""
    siblings = list(
        DraftParagraph.objects.filter(draft=current.draft, position__gt=current.position)
        .order_by("position")
        .values_list("pk", "pid", "parent_id", "position")
    )
    group = {current.pk}
    base = stem(current.pid)
    last = current.position
    for pk, pid, parent_id, position in siblings:
        if parent_id in group or (pid != base and stem(pid) == base):
            group.add(pk)
            last = position
            continue
        break
    DraftParagraph.objects.filter(draft=current.draft, position__gt=last).update(
        position=F("position") + 1
    )
    return last + 1


@dataclass
class Proposed:
    proposal: Proposal
    added: DraftParagraph | None = None  # the new paragraph a "new paragraph after" made


def propose(
    paragraph: DraftParagraph,
    *,
    kind: str,
    delegation: str,
    text: str,
    reason: str,
    against_revision: int,
    user,
) -> Proposed:
    """A member's proposal for a delegation. Refused (`Conflict`) when the paragraph's text
    changed since the member opened it; the caller shows the new text and keeps theirs."""
    with transaction.atomic():
        current = _locked(paragraph)
        if current.revision != against_revision:
            raise Conflict(
                current,
                _(
                    "The paragraph changed since you opened it. Here is its text now; "
                    "your proposal is kept below to check and send again."
                ),
            )
        if kind == Proposal.Kind.ADD_AFTER:
            added = _add_paragraph(current, text=text, user=user)
            proposal = Proposal.objects.create(
                paragraph=added,
                kind=kind,
                delegation=delegation,
                text=text,
                reason=reason,
                against_revision=added.revision,
                against_text="",
                author=user,
            )
            current.touch()
            return Proposed(proposal, added)
        proposal = Proposal.objects.create(
            paragraph=current,
            kind=kind,
            delegation=delegation,
            text=text if kind == Proposal.Kind.AMEND else "",
            reason=reason,
            against_revision=current.revision,
            against_text=current.text,
            author=user,
        )
        current.touch()
        return Proposed(proposal)


def _add_paragraph(after: DraftParagraph, *, text: str, user) -> DraftParagraph:
    """The new paragraph a delegation proposes after `after`: it reads as proposed until the
    facilitators decide, and its id never collides with one the draft holds or held."""
    for _attempt in range(3):
        taken = set(DraftParagraph.objects.filter(draft=after.draft).values_list("pid", flat=True))
        pid, suffix = new_pid(after.pid, taken)
        base = (
            DraftParagraph.objects.filter(draft=after.draft, pid=stem(after.pid)).first() or after
        )
        try:
            with transaction.atomic():
                return DraftParagraph.objects.create(
                    draft=after.draft,
                    pid=pid,
                    kind=after.kind,
                    label=f"{base.label} {suffix}" if base.label else "",
                    parent=after.parent,
                    position=_insert_after(after),
                    text=text,
                )
        except IntegrityError:  # another member took the same id a moment before
            continue
    raise Conflict(after, _("Another paragraph was added here at the same moment; try again."))


def _check_opened(current: DraftParagraph, revision: int, status: str, stamp: str) -> None:
    """Two facilitators changing one paragraph at once: the second form still carries the
    state it was opened on, and is refused rather than written over the first."""
    if (
        current.revision != revision
        or current.status != status
        or (stamp and stamp != state_stamp(current))
    ):
        raise Conflict(
            current,
            _(
                "Another facilitator changed this paragraph since you opened it. "
                "Here it is as it now stands; nothing was changed."
            ),
        )


def state_stamp(paragraph: DraftParagraph) -> str:
    """When the paragraph last changed, to the microsecond: what a form was opened on."""
    return str(int(paragraph.modified.timestamp() * 1_000_000))


def set_status(
    paragraph: DraftParagraph,
    *,
    status: str,
    user,
    opened_revision: int,
    opened_status: str,
    opened_stamp: str = "",
    note: str = "",
) -> DraftParagraph:
    with transaction.atomic():
        current = _locked(paragraph)
        _check_opened(current, opened_revision, opened_status, opened_stamp)
        if current.status == status:
            return current
        StatusChange.objects.create(
            paragraph=current, status=status, previous=current.status, by=user, note=note
        )
        current.status = status
        current.modified = timezone.now()
        current.save(update_fields=["status", "modified"])
        current.draft.touch()
        return current


def _kept_emphasis(emphasis: list, old: str, new: str) -> list:
    """Emphasis that still marks the same words at the start of the new text (the italic
    opener); the rest is dropped rather than left pointing into other words."""
    return [
        [start, end]
        for start, end in emphasis
        if end <= len(new) and new[:end] == old[:end] and start < end
    ]


def _pending(proposal: Proposal) -> tuple[DraftParagraph, Proposal]:
    """The paragraph and the proposal read again under lock; a proposal decided meanwhile is
    a conflict."""
    current = _locked(proposal.paragraph)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.state != Proposal.State.PENDING:
        raise Conflict(current, _("This proposal was already decided."))
    return current, proposal


def _decide(proposal: Proposal, state: str, user, now) -> None:
    proposal.state = state
    proposal.decided_by, proposal.decided = user, now
    proposal.save(update_fields=["state", "decided_by", "decided"])


def accept(
    proposal: Proposal, *, user, opened_revision: int, opened_status: str, opened_stamp: str = ""
) -> DraftParagraph:
    """A facilitator accepts a proposal: a new wording becomes the paragraph's text, a deletion
    marks it deleted; the step goes into the paragraph's history."""
    with transaction.atomic():
        current, proposal = _pending(proposal)
        _check_opened(current, opened_revision, opened_status, opened_stamp)
        if proposal.kind == Proposal.Kind.AMEND and proposal.against_revision != current.revision:
            raise Conflict(
                current,
                _(
                    "This proposal was written against an earlier text of the paragraph; "
                    "it cannot be accepted as it stands."
                ),
            )
        now = timezone.now()
        step = StatusChange(
            paragraph=current,
            status=current.status,
            previous=current.status,
            proposal=proposal,
            by=user,
            at=now,
        )
        fields = ["modified"]
        if proposal.kind == Proposal.Kind.AMEND:
            step.text_before = current.text
            current.emphasis = _kept_emphasis(current.emphasis, current.text, proposal.text)
            current.text = proposal.text
            current.revision += 1
            fields += ["text", "emphasis", "revision"]
        elif proposal.kind == Proposal.Kind.DELETE:
            step.status = current.status = Status.DELETED
            fields.append("status")
        step.save()
        current.modified = now
        current.save(update_fields=fields)
        _decide(proposal, Proposal.State.ACCEPTED, user, now)
        current.draft.touch()
        return current


def withdraw(proposal: Proposal, *, user) -> DraftParagraph:
    """The proposal is set aside; a new paragraph only proposed goes with it (marked deleted,
    its id kept so it is never given to another)."""
    with transaction.atomic():
        current, proposal = _pending(proposal)
        now = timezone.now()
        _decide(proposal, Proposal.State.WITHDRAWN, user, now)
        if proposal.kind == Proposal.Kind.ADD_AFTER and current.status != Status.DELETED:
            StatusChange.objects.create(
                paragraph=current,
                status=Status.DELETED,
                previous=current.status,
                proposal=proposal,
                by=user,
                at=now,
            )
            current.status = Status.DELETED
        current.modified = now
        current.save(update_fields=["status", "modified"])
        current.draft.touch()
        return current


def record_stance(proposal: Proposal, *, delegation: str, position: str, user) -> Stance:
    with transaction.atomic():
        stance, _ = Stance.objects.update_or_create(
            proposal=proposal,
            delegation=delegation,
            defaults={"position": position, "recorded_by": user, "created": timezone.now()},
        )
        proposal.paragraph.touch()
        return stance


def add_note(paragraph: DraftParagraph, *, note: str, user) -> DraftNote:
    with transaction.atomic():
        written = DraftNote.objects.create(paragraph=paragraph, author=user, note=note)
        paragraph.touch()
        return written


def set_sharing(draft: Draft, on: bool) -> Draft:
    with transaction.atomic():
        draft.share_token = (draft.share_token or uuid.uuid4()) if on else None
        draft.save(update_fields=["share_token"])
        draft.touch()
        return draft


def set_facilitators(draft: Draft, users) -> None:
    with transaction.atomic():
        draft.facilitators.set(users)
        draft.touch()


def latest_revision_time(draft: Draft):
    return draft.revisions.aggregate(latest=Max("issued"))["latest"]
