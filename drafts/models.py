"""What a negotiation keeps: the draft, its paragraphs, proposals by delegation, their supporters
and opponents, each paragraph's status with its history, frozen revisions and the notes members
write on the way.

A draft lives apart from the library's `Resolution` rows: it is private to its team, so nothing
that serves the public library (search, agreed language, versions, the page cache) can reach it
by accident. Its paragraphs keep the ids of the resolution it started from.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from annotations.models import Team
from resolutions.models import Paragraph, Resolution


class Draft(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="drafts")
    # How negotiators name it: "A/C.3/81/L.23, zero draft".
    label = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=500, blank=True)
    language = models.CharField(max_length=8, default="en")
    # The opening words of the text ("The General Assembly,") in the draft's language.
    opening = models.CharField(max_length=200, blank=True)
    base = models.ForeignKey(
        Resolution, null=True, blank=True, on_delete=models.SET_NULL, related_name="drafts"
    )
    # The resolution adopted from this draft, once it is in the library.
    adopted = models.ForeignKey(
        Resolution,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adopted_from_drafts",
    )
    # Set when the team shares a read-only link; cleared to withdraw it.
    share_token = models.UUIDField(null=True, blank=True, unique=True)
    # Team members the owner names to set status and issue revisions (the owner always may).
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_drafts"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="drafts_started"
    )
    created = models.DateTimeField(default=timezone.now)
    # Bumped in the transaction of every change to the draft, its paragraphs or proposals:
    # the compilation's ETag, so people reading it together see each other's changes.
    version = models.PositiveIntegerField(default=1)
    modified = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-modified"]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("drafts:compilation", kwargs={"slug": self.slug})

    def touch(self) -> None:
        """Record that something in the draft changed (call inside the change's transaction)."""
        Draft.objects.filter(pk=self.pk).update(
            version=models.F("version") + 1, modified=timezone.now()
        )
        self.refresh_from_db(fields=["version", "modified"])


class Status(models.TextChoices):
    OPEN = "open", gettext_lazy("Open")
    AD_REF = "adref", gettext_lazy("Agreed ad ref")
    AGREED = "agreed", gettext_lazy("Agreed")
    DELETED = "deleted", gettext_lazy("Deleted")


class DraftParagraphQuerySet(models.QuerySet):
    def in_text(self):
        """The paragraphs the text holds: not deleted, and a paragraph a delegation proposed to
        add only once its proposal is accepted."""
        pending_add = Proposal.objects.filter(
            paragraph=models.OuterRef("pk"),
            kind=Proposal.Kind.ADD_AFTER,
            state=Proposal.State.PENDING,
        )
        return self.exclude(status=Status.DELETED).exclude(models.Exists(pending_add))


class DraftParagraph(models.Model):
    """One paragraph of the draft as it now reads. `revision` counts changes to its text, so a
    proposal written against an earlier wording is recognised as such."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="paragraphs")
    pid = models.CharField("paragraph id", max_length=32)
    kind = models.CharField(max_length=16, choices=Paragraph.Kind.choices)
    label = models.CharField(max_length=16, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveIntegerField()
    text = models.TextField()
    # Italic openers and other emphasis, as `Paragraph.emphasis`: [[start, end]].
    emphasis = models.JSONField(default=list, blank=True)
    # The paragraph of the base resolution it started as; null for a new paragraph.
    base_paragraph = models.ForeignKey(
        Paragraph, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    base_text = models.TextField(blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    revision = models.PositiveIntegerField(default=1)
    modified = models.DateTimeField(default=timezone.now)

    objects = DraftParagraphQuerySet.as_manager()

    class Meta:
        ordering = ["draft", "position"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "pid"], name="unique_pid_per_draft")
        ]

    def __str__(self):
        return f"{self.draft} {self.pid}"

    def get_absolute_url(self):
        return reverse("drafts:paragraph", kwargs={"slug": self.draft.slug, "pid": self.pid})

    def touch(self) -> None:
        """Record that the paragraph or something on it (a proposal, a stance, a note, a
        footnote) changed, and so the draft: call inside the change's transaction. The
        compilation keeps each paragraph's HTML until its `modified` moves."""
        now = timezone.now()
        DraftParagraph.objects.filter(pk=self.pk).update(modified=now)
        self.modified = now
        self.draft.touch()


class Proposal(models.Model):
    class Kind(models.TextChoices):
        AMEND = "amend", gettext_lazy("New wording")
        DELETE = "delete", gettext_lazy("Delete")
        RETAIN = "retain", gettext_lazy("Retain")
        ADD_AFTER = "add", gettext_lazy("New paragraph after")

    class State(models.TextChoices):
        PENDING = "pending", gettext_lazy("Pending")
        ACCEPTED = "accepted", gettext_lazy("Accepted")
        WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")

    paragraph = models.ForeignKey(
        DraftParagraph, on_delete=models.CASCADE, related_name="proposals"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    # Whom it is made for: a Member State or a group ("European Union").
    delegation = models.CharField(max_length=200)
    # The wording proposed (for a new wording or a new paragraph).
    text = models.TextField(blank=True)
    reason = models.TextField(blank=True, max_length=5000)
    # The paragraph's revision and text when the proposer opened it: what the proposal changes.
    against_revision = models.PositiveIntegerField()
    against_text = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals"
    )
    created = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["paragraph", "created", "pk"]

    def __str__(self):
        return f"{self.delegation}: {self.get_kind_display()} {self.paragraph.pid}"


class Stance(models.Model):
    """Another delegation recorded as supporting or opposing a proposal."""

    class Position(models.TextChoices):
        SUPPORT = "support", gettext_lazy("Supports")
        OPPOSE = "oppose", gettext_lazy("Opposes")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="stances")
    delegation = models.CharField(max_length=200)
    position = models.CharField(max_length=8, choices=Position.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["proposal", "created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "delegation"], name="one_stance_per_delegation"
            )
        ]

    def __str__(self):
        return f"{self.delegation} {self.get_position_display()} {self.proposal}"


class StatusChange(models.Model):
    """One step in a paragraph's history: its status set, or its text changed by an accepted
    proposal."""

    paragraph = models.ForeignKey(DraftParagraph, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=8, choices=Status.choices)
    previous = models.CharField(max_length=8, choices=Status.choices, blank=True)
    # The text before an accepted proposal changed it; empty when only the status changed.
    text_before = models.TextField(blank=True)
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["paragraph", "at", "pk"]

    def __str__(self):
        return f"{self.paragraph}: {self.get_status_display()}"


class Revision(models.Model):
    """A frozen text: Rev.1, Rev.2… (number 0 is the base resolution, never stored)."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    # [{"pid", "kind", "label", "text", "emphasis", "status"}] in document order.
    paragraphs = models.JSONField(default=list)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["draft", "number"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="unique_revision_number")
        ]

    def __str__(self):
        return f"{self.draft} Rev.{self.number}"


class DraftFootnote(models.Model):
    """A footnote in the compilation, such as "Agreed language: A/RES/77/194, para. 25"."""

    paragraph = models.ForeignKey(
        DraftParagraph, on_delete=models.CASCADE, related_name="footnotes"
    )
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.CASCADE, related_name="footnotes"
    )
    text = models.CharField(max_length=500)
    # Where the wording was adopted before, when the footnote says so.
    source = models.ForeignKey(
        Paragraph, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["paragraph", "created", "pk"]

    def __str__(self):
        return self.text


class DraftNote(models.Model):
    """A member's note on a draft paragraph, seen by the team (Markdown, rendered safely)."""

    paragraph = models.ForeignKey(DraftParagraph, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="draft_notes"
    )
    note = models.TextField(max_length=20000)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["paragraph", "created", "pk"]

    def __str__(self):
        return f"{self.author} on {self.paragraph}"
