"""What people add to resolutions: teams, tags and notes on paragraphs, with their history."""

import re
import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from resolutions.models import Paragraph

from .anchoring import find_quote
from .links import link
from .markdown import render_markdown

# How much context is stored either side of a quote, enough to tell repeated words apart.
QUOTE_CONTEXT = 32


class Team(models.Model):
    """A group of people who share notes. Its owner adds and removes members."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=120, unique=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="owned_teams"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="teams"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("annotations:team", kwargs={"slug": self.slug})

    @classmethod
    def create(cls, *, name: str, owner) -> "Team":
        with transaction.atomic():
            team = cls.objects.create(name=name, owner=owner, slug=unique_slug(cls, name, "team"))
            Membership.objects.create(team=team, user=owner)
        return team

    def add_member(self, user) -> bool:
        _, created = Membership.objects.get_or_create(team=self, user=user)
        return created

    def remove_member(self, user) -> None:
        if user.pk == self.owner_id:
            raise ValueError("The owner of a team cannot leave it.")
        Membership.objects.filter(team=self, user=user).delete()

    def has_member(self, user) -> bool:
        return user.is_authenticated and self.memberships.filter(user=user).exists()


class Membership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    joined = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="unique_team_membership")
        ]

    def __str__(self):
        return f"{self.user} in {self.team}"


def unique_slug(model, text: str, fallback: str) -> str:
    base = slugify(text)[:100] or fallback
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def normalise_tag(name: str) -> str:
    """Tags ignore case and spacing: " Human  Trafficking" is "human trafficking"."""
    return re.sub(r"\s+", " ", name).strip().casefold()[:64]


def parse_tags(raw: str) -> list[str]:
    """Comma-separated names, normalised, without duplicates, in the order typed."""
    seen: dict[str, None] = {}
    for part in raw.split(","):
        name = normalise_tag(part)
        if name:
            seen.setdefault(name)
    return list(seen)


class TagQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Tags on at least one annotation the user may see, with how many."""
        return (
            self.filter(annotations__in=Annotation.objects.visible_to(user))
            .annotate(
                count=models.Count(
                    "annotations",
                    filter=Q(annotations__in=Annotation.objects.visible_to(user)),
                    distinct=True,
                )
            )
            .order_by("name")
            .distinct()
        )

    def get_or_create_all(self, names: list[str]) -> list["Tag"]:
        existing = {tag.name: tag for tag in self.filter(name__in=names)}
        tags = []
        for name in names:
            tag = existing.get(name)
            if tag is None:
                tag, _ = self.get_or_create(
                    name=name, defaults={"slug": unique_slug(Tag, name, "tag")}
                )
            tags.append(tag)
        return tags


class Tag(models.Model):
    name = models.CharField(max_length=64, unique=True)
    slug = models.SlugField(max_length=120, unique=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return link("annotations:tag", self.slug)


class AnnotationQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def visible_to(self, user, *, include_own_deleted=False):
        """The one rule for who sees what: public notes for everyone; a team's notes for its
        current members; everything else for its author alone."""
        public = Q(visibility=Annotation.Visibility.PUBLIC, deleted_at__isnull=True)
        if not user.is_authenticated:
            return self.filter(public)
        own = Q(author=user)
        if not include_own_deleted:
            own &= Q(deleted_at__isnull=True)
        team = Q(
            visibility=Annotation.Visibility.TEAM,
            team__in=Membership.objects.filter(user=user).values("team"),
            deleted_at__isnull=True,
        )
        return self.filter(public | own | team)

    def for_display(self):
        return self.select_related("author", "team").prefetch_related("tags")

    def shown(self, show: str, user):
        """Narrow to the reader's "Show notes" choice."""
        if show == "mine":
            return self.filter(author=user) if user.is_authenticated else self.none()
        if show == "team":
            return self.filter(visibility=Annotation.Visibility.TEAM)
        if show == "public":
            return self.filter(visibility=Annotation.Visibility.PUBLIC)
        if show == "none":
            return self.none()
        return self


def notes_per_paragraph(paragraph_ids) -> dict[int, int]:
    """How many notes, deleted ones included (they can be restored), each paragraph carries."""
    counts = (
        Annotation.objects.filter(paragraph_id__in=paragraph_ids)
        .values("paragraph_id")
        .annotate(n=models.Count("id"))
    )
    return {row["paragraph_id"]: row["n"] for row in counts}


class EditConflict(Exception):
    """Someone saved the annotation after this editor loaded it."""

    def __init__(self, current: "Annotation"):
        super().__init__("The note was changed by someone else.")
        self.current = current


class Annotation(models.Model):
    """A note on one paragraph, optionally on a quoted span inside it."""

    class Visibility(models.TextChoices):
        PRIVATE = "private", "Only me"
        TEAM = "team", "Team"
        PUBLIC = "public", "Public"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    paragraph = models.ForeignKey(Paragraph, on_delete=models.PROTECT, related_name="annotations")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="annotations"
    )
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="annotations"
    )
    note = models.TextField(blank=True, max_length=20000)
    # The note rendered and sanitised when written, so that reading a page full of notes does
    # not parse Markdown again for every reader.
    note_html = models.TextField(blank=True, editable=False)
    tags = models.ManyToManyField(Tag, blank=True, related_name="annotations")
    quote_exact = models.TextField(blank=True)
    quote_prefix = models.CharField(max_length=QUOTE_CONTEXT, blank=True)
    quote_suffix = models.CharField(max_length=QUOTE_CONTEXT, blank=True)
    quote_start = models.PositiveIntegerField(null=True, blank=True)
    # The paragraph's revision when the note was written: a later revision means the text
    # changed under it.
    paragraph_revision = models.PositiveIntegerField(default=1)
    # The paragraph's revision the quote was last looked for in.
    anchored_revision = models.PositiveIntegerField(default=1)
    quote_found = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)
    deleted_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)
    modified = models.DateTimeField(default=timezone.now)

    objects = AnnotationQuerySet.as_manager()

    class Meta:
        ordering = ["created", "id"]
        indexes = [models.Index(fields=["paragraph", "deleted_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(visibility="team") | Q(team__isnull=True),
                name="team_only_for_team_visibility",
            )
        ]

    def __str__(self):
        return f"Note by {self.author} on {self.paragraph}"

    def save(self, *args, **kwargs):
        self.note_html = render_markdown(self.note)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "note" in update_fields:
            kwargs["update_fields"] = {*update_fields, "note_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return link("annotations:detail", self.uuid)

    def edit_url(self):
        return link("annotations:edit", self.uuid)

    def delete_url(self):
        return link("annotations:delete", self.uuid)

    @property
    def rendered_note(self):
        """The note as HTML: as rendered when written, or now for rows written in bulk."""
        if self.note_html or not self.note:
            return mark_safe(self.note_html)  # noqa: S308 - sanitised by render_markdown
        return render_markdown(self.note)

    @property
    def dom_id(self):
        return f"annotation-{self.uuid}"

    @property
    def visibility_label(self):
        if self.visibility == self.Visibility.TEAM:
            return f"Team: {self.team.name}" if self.team_id else "Team (deleted)"
        return self.get_visibility_display()

    @property
    def visibility_key(self):
        """The value of the "Visibility" form field for this annotation."""
        if self.visibility == self.Visibility.TEAM and self.team_id:
            return f"team:{self.team.slug}"
        return self.visibility

    @property
    def text_changed(self) -> bool:
        return self.paragraph.revision != self.paragraph_revision

    def tag_names(self) -> list[str]:
        return sorted(tag.name for tag in self.tags.all())

    def add_new_tags(self, tags: list["Tag"]) -> None:
        """Tags a note just created: one INSERT, where ``tags.set`` first asks which tags it
        already has. Sends no m2m signal; the note's own save has told the page cache."""
        through = Annotation.tags.through
        pks = dict.fromkeys(tag.pk for tag in tags)  # each once, in order
        through.objects.bulk_create(through(annotation=self, tag_id=pk) for pk in pks)

    def set_quote(self, text: str, exact: str, prefix: str = "", suffix: str = "") -> None:
        """Anchor a quote in the paragraph text, keeping the context actually found there."""
        self.quote_exact, self.quote_prefix, self.quote_suffix = exact, prefix, suffix
        self.reanchor(text)

    def reanchor(self, text: str) -> None:
        if not self.quote_exact:
            self.quote_found, self.quote_start = True, None
            return
        start = find_quote(text, self.quote_exact, self.quote_prefix, self.quote_suffix)
        self.quote_found = start is not None
        self.quote_start = start
        if start is not None:
            end = start + len(self.quote_exact)
            self.quote_prefix = text[max(0, start - QUOTE_CONTEXT) : start]
            self.quote_suffix = text[end : end + QUOTE_CONTEXT]

    def edit(self, *, by, expected_version: int, note: str, tags: list[str], visibility, team):
        """Change the note, keeping what it said before as a revision. Refuses a stale edit."""
        with transaction.atomic():
            current = Annotation.objects.select_for_update().get(pk=self.pk)
            if current.version != expected_version or current.deleted_at is not None:
                raise EditConflict(current)
            current.keep_revision(by)
            current.note, current.visibility, current.team = note, visibility, team
            current.version += 1
            current.modified = timezone.now()
            current.save(update_fields=["note", "visibility", "team", "version", "modified"])
            current.tags.set(Tag.objects.get_or_create_all(tags))
        self.refresh_from_db()
        return self

    def keep_revision(self, by):
        return AnnotationRevision.objects.create(
            annotation=self,
            version=self.version,
            note=self.note,
            tags=self.tag_names(),
            visibility=self.visibility,
            team=self.team,
            edited_by=by,
        )

    def soft_delete(self):
        self.deleted_at = timezone.now()
        self.version += 1
        self.save(update_fields=["deleted_at", "version"])

    def restore(self):
        self.deleted_at = None
        self.version += 1
        self.save(update_fields=["deleted_at", "version"])


class AnnotationRevision(models.Model):
    """What an annotation said before one edit."""

    annotation = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    note = models.TextField(blank=True)
    tags = models.JSONField(default=list, blank=True)
    visibility = models.CharField(max_length=16, choices=Annotation.Visibility.choices)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]

    def __str__(self):
        return f"{self.annotation} v{self.version}"


def attach_tags(annotations: list[Annotation], queryset=None) -> list[Annotation]:
    """Give each annotation its `tag_list` in one query. With `queryset` (the query the list came
    from) the query runs even for an empty list, so pages make the same number of queries
    however many notes they show."""
    through = Annotation.tags.through.objects.select_related("tag").order_by("tag__name")
    if queryset is not None:
        rows = through.filter(annotation_id__in=queryset.values("pk"))
    elif annotations:
        rows = through.filter(annotation_id__in=[a.pk for a in annotations])
    else:
        rows = []
    by_annotation: dict[int, list[Tag]] = {}
    for row in rows:
        by_annotation.setdefault(row.annotation_id, []).append(row.tag)
    for annotation in annotations:
        annotation.tag_list = by_annotation.get(annotation.pk, [])
    return annotations
