"""What people add to resolutions: teams, tags and notes on paragraphs, with their history."""

import hashlib
import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resolutions.ingest.slugs import unique_slug
from resolutions.models import Paragraph

from .anchoring import find_span
from .links import link
from .markdown import render_markdown

# How much context is stored either side of a quote, enough to tell repeated words apart.
QUOTE_CONTEXT = 32


class LimitReached(ValueError):
    """An account holds as much of something as one account may (settings.MAX_*); the message
    says what and how much."""


def looks_like_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def require_membership(user, team) -> None:
    """The one check every write to a team's notes makes (a new note, an edit, an import, a tag
    renamed): the writer is a member of the team now, not only when the note was written."""
    if team is not None and not team.has_member(user):
        raise PermissionDenied(f"{user} is not a member of the team {team.name}.")


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
        cap = settings.MAX_TEAMS_PER_ACCOUNT
        if cls.objects.filter(owner=owner).count() >= cap:
            raise LimitReached(f"You own {cap} teams, as many as one account may.")
        with transaction.atomic():
            team = cls.objects.create(name=name, owner=owner, slug=unique_slug(cls, name, "team"))
            Membership.objects.create(team=team, user=owner)
        return team

    def add_member(self, user) -> bool:
        _, created = Membership.objects.get_or_create(team=self, user=user)
        return created

    def invite(self, name_or_email: str, *, by) -> tuple["Invitation", bool]:
        """Invite whoever is called `name_or_email`, or whoever reads mail at that address.
        Nothing here, nor in what the owner is told, says whether such an account exists: the
        invitation is kept either way, and only an account of that name (when there is one) sees
        it in the app; an address is reached only through the link mailed to it, since addresses
        on accounts are not verified. Returns the invitation and whether it is new."""
        target = name_or_email.strip()
        cap = settings.MAX_PENDING_INVITATIONS_PER_TEAM
        pending = self.invitations.exclude(username_key=target.casefold())
        if pending.count() >= cap:
            raise LimitReached(
                f"{self.name} has {cap} invitations waiting, as many as a team may: wait for "
                "some to be accepted or declined."
            )
        # A username may contain "@": an account of that name wins over an address.
        user = get_user_model().objects.filter(username__iexact=target).first()
        email = "" if user or not looks_like_email(target) else target
        invitation, created = Invitation.objects.get_or_create(
            team=self,
            username_key=target.casefold(),
            defaults={"username": target, "user": user, "email": email, "invited_by": by},
        )
        return invitation, created

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


class Invitation(models.Model):
    """A team's owner asked someone to join; they become a member when they accept."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="invitations")
    # The name as the owner typed it, and the account of that name when there was one: an
    # invitation to a name no one had stays with no one, even if someone takes the name later.
    username = models.CharField(max_length=150)
    username_key = models.CharField(max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="team_invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The address the invitation was mailed to, when the owner gave one rather than a username.
    email = models.EmailField(blank=True, default="")
    # The secret in the mailed link: whoever follows it holds the mail sent to that address.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created"]
        constraints = [
            models.UniqueConstraint(fields=["team", "username_key"], name="unique_team_invitation")
        ]

    def __str__(self):
        return f"{self.username} invited to {self.team}"

    def get_absolute_url(self):
        return reverse("annotations:invitation", kwargs={"uuid": self.token})

    def may_answer(self, user) -> bool:
        """An invitation to an account is that account's; one to an address, whoever holds the
        link (the token) and is signed in."""
        if not user.is_authenticated:
            return False
        return self.user_id == user.pk if self.user_id else bool(self.email)

    def accept(self, user=None) -> None:
        """`user` joins (the invited account by default); the invitation is used up."""
        with transaction.atomic():
            self.team.add_member(user or self.user)
            self.delete()


# The form's limits, which the import applies too.
MAX_TAGS_PER_NOTE = 20
MAX_TAG_LENGTH = 64
MAX_NOTE_LENGTH = 20000
MAX_QUOTE_LENGTH = 5000


def normalise_tag(name: str) -> str:
    """Tags keep the case they were written in, without extra spacing: " ILO  report" is
    "ILO report"."""
    return re.sub(r"\s+", " ", name).strip()[:MAX_TAG_LENGTH]


def tag_key(name: str) -> str:
    """What makes two tag names the same tag: case, spacing and hyphens aside, so "ILO" is
    "ilo" and "Follow-up" is "follow up"."""
    return " ".join(name.replace("-", " ").split()).casefold()[:MAX_TAG_LENGTH]


def tag_slug(key: str) -> str:
    """A tag's slug depends on its name alone, never on which other tags exist, so that it
    gives away nothing about tags its creator cannot see. Names that read the same as their
    slug ("human rights" → human-rights) keep it bare; others carry a digest of the name
    ("zq!" → zq-…), so that "zq!" and "zq#" never compete for one slug."""
    base = slugify(key)[:100]
    if base and base == key.replace(" ", "-"):
        return base
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{base or 'tag'}-{digest}"


def parse_tags(raw: str) -> list[str]:
    """Comma-separated names, normalised, without duplicates (ignoring case), in the order
    typed; the first spelling of each is kept."""
    seen: dict[str, str] = {}
    for part in raw.split(","):
        name = normalise_tag(part)
        if tag_key(name):
            seen.setdefault(tag_key(name), name)
    return list(seen.values())


def chunks(values: list, size: int = 500):
    """Lists short enough for one `IN (…)` on every database."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def spellings(names: list[str]) -> dict[str, str]:
    """Each tag's key and the spelling given for it (the first, when names repeat a tag)."""
    by_key: dict[str, str] = {}
    for name in names:
        if tag_key(name):
            by_key.setdefault(tag_key(name), normalise_tag(name))
    return by_key


class TagQuerySet(models.QuerySet):
    def get_or_create_all(self, names: list[str]) -> list["Tag"]:
        """The tags of these names (ignoring case), created when new, in a fixed number of
        queries however many there are."""
        by_key = spellings(names)
        found = {}
        for part in chunks(list(by_key)):
            found.update((tag.key, tag) for tag in self.filter(key__in=part))
        missing = [key for key in by_key if key not in found]
        if missing:
            slugs = {key: tag_slug(key) for key in missing}
            taken = set()
            for part in chunks(list(slugs.values())):
                taken.update(self.filter(slug__in=part).values_list("slug", flat=True))
            new = []
            for key in missing:
                slug = slugs[key]
                if slug in taken:  # a slug given before slugs were digests
                    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
                    slug = f"{slugify(key)[:100] or 'tag'}-{digest[:16]}"
                new.append(Tag(name=by_key[key], key=key, slug=slug))
            # Another writer may be creating the same tags: theirs win, and are read back.
            self.bulk_create(new, ignore_conflicts=True)
            for part in chunks(missing):
                found.update((tag.key, tag) for tag in self.filter(key__in=part))
        return [found[key] for key in by_key]


class Tag(models.Model):
    """One tag for every spelling of it: shared by everyone's notes, told apart by `key`
    ("ilo"). What a reader sees is never the tag's own `name` (as someone first wrote it, for
    the admin only) but the spelling on each note (`NoteTag.name`) among the notes they may
    see: a spelling on a hidden note would tell them the note exists."""

    name = models.CharField(max_length=64, unique=True)
    key = models.CharField(max_length=64, unique=True)
    slug = models.SlugField(max_length=120, unique=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.key = tag_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return link("annotations:tag", self.slug)


class NoteTag(models.Model):
    """A tag on one note, spelled as the note's author wrote it ("ILO" on one note, "ilo" on
    another, the same tag)."""

    annotation = models.ForeignKey("Annotation", on_delete=models.CASCADE, related_name="tag_links")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="note_links")
    name = models.CharField(max_length=64)

    class Meta:
        # The table and constraint the links had before they had a spelling.
        db_table = "annotations_annotation_tags"
        unique_together = [("annotation", "tag")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return link("annotations:tag", self.tag.slug)

    @property
    def slug(self) -> str:
        return self.tag.slug


@dataclass
class TagLabel:
    """A tag as one viewer sees it: named with a spelling from a note they may see, with how
    many of those notes carry it."""

    slug: str
    name: str
    count: int = 0

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return link("annotations:tag", self.slug)


class SpellingVotes:
    """Chooses the name a viewer sees for each tag from the spellings on the notes they may
    see: their own spelling when they wrote the tag, otherwise the one most of those notes
    use (alphabetical on a tie, so that a page always says the same)."""

    def __init__(self):
        self._votes: dict[str, dict[str, list[int]]] = {}
        self._keys: dict[str, str] = {}

    def add(self, slug: str, name: str, *, own: int = 0, count: int = 1, key: str = "") -> None:
        votes = self._votes.setdefault(slug, {}).setdefault(name, [0, 0])
        votes[0] += own
        votes[1] += count
        self._keys.setdefault(slug, key or tag_key(name))

    def label(self, slug: str) -> TagLabel | None:
        votes = self._votes.get(slug)
        if not votes:
            return None
        name = min(votes, key=lambda spelling: (-votes[spelling][0], -votes[spelling][1], spelling))
        return TagLabel(slug=slug, name=name, count=sum(v[1] for v in votes.values()))

    def labels(self) -> list[TagLabel]:
        """Every tag, in the order of its key."""
        slugs = sorted(self._votes, key=lambda slug: (self._keys[slug], slug))
        return [self.label(slug) for slug in slugs]


def visible_tags(user, prefix: str = "") -> list[TagLabel]:
    """The tags on notes `user` may see, whose key starts with `prefix`, each named by a
    spelling from those notes, with how many there are. One query."""
    links = NoteTag.objects.filter(annotation__in=Annotation.objects.visible_to(user))
    if prefix:
        links = links.filter(tag__key__startswith=prefix)
    own = (
        models.Count("id", filter=Q(annotation__author=user))
        if user.is_authenticated
        else models.Value(0)
    )
    rows = (
        links.values("tag__key", "tag__slug", "name")
        .annotate(count=models.Count("id"), own=own)
        .order_by("tag__key", "name")
    )
    votes = SpellingVotes()
    for row in rows:
        votes.add(
            row["tag__slug"], row["name"], own=row["own"], count=row["count"], key=row["tag__key"]
        )
    return votes.labels()


class AnnotationQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def writable_by(self, user):
        """The user's own notes that they may still change: their private and public notes, and
        their team notes in the teams they are a member of now (as `require_membership`)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(author=user).filter(
            ~Q(visibility=Annotation.Visibility.TEAM)
            | Q(team__in=Membership.objects.filter(user=user).values("team"))
        )

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

    def shown(self, show: str, user):
        """Narrow to the reader's "Show notes" choice."""
        wanted = shown_fields(show, user)
        return self.none() if wanted is None else self.filter(**wanted)


def shown_fields(show: str, user) -> dict | None:
    """The reader's "Show notes" choice as the values a note shown has: {} lets every note
    through, None none. The one rule, which the query reads (`shown`) and so do the counts made
    from rows already fetched (`shows`)."""
    if show == "mine":
        return {"author_id": user.pk} if user.is_authenticated else None
    if show in (Annotation.Visibility.TEAM, Annotation.Visibility.PUBLIC):
        return {"visibility": show}
    if show == "none":
        return None
    return {}


def shows(wanted: dict | None, **values) -> bool:
    """Whether a note with these values passes `shown_fields`' answer."""
    return wanted is not None and all(values[name] == value for name, value in wanted.items())


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
        PRIVATE = "private", gettext_lazy("Only me")
        TEAM = "team", gettext_lazy("Team")
        PUBLIC = "public", gettext_lazy("Public")

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
    tags = models.ManyToManyField(Tag, through=NoteTag, blank=True, related_name="annotations")
    quote_exact = models.TextField(blank=True)
    # The language of the text the quote was taken from ("fr"): a note belongs to the paragraph
    # in every language, its quote keeps the words it was taken in.
    quote_language = models.CharField(max_length=8, blank=True)
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
    # An imported note's own claim of when it was written, kept as the file said it when it
    # is not believable (in the future, or before the resolution existed); `created` is then
    # the time of the import.
    claimed_created = models.CharField(max_length=64, blank=True)

    objects = AnnotationQuerySet.as_manager()
    # Where the quote stands in the words a page shows (start, end), set by the pages that show
    # the note under its paragraph (`place_quote`); None elsewhere.
    quote_place: tuple[int, int] | None = None

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
            if self.team_id:
                return _("Team: %(name)s") % {"name": self.team.name}
            return _("Team (deleted)")
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
        """The note's tags as its author spelled them."""
        return sorted((tagged.name for tagged in self.tag_links.all()), key=str.casefold)

    def add_new_tags(self, names: list[str], tags: dict[str, Tag]) -> None:
        """Tags a note just created, each spelled as given (`tags` by key): one INSERT. Sends
        no m2m signal; the note's own save has told the page cache."""
        NoteTag.objects.bulk_create(
            NoteTag(annotation=self, tag=tags[key], name=name)
            for key, name in spellings(names).items()
        )

    def set_tags(self, names: list[str]) -> None:
        """Give the note exactly these tags, spelled as given: links it keeps are respelled,
        the others removed or added."""
        wanted = spellings(names)
        tags = {tag.key: tag for tag in Tag.objects.get_or_create_all(list(wanted.values()))}
        by_tag = {tags[key].pk: name for key, name in wanted.items()}
        current = {tagged.tag_id: tagged for tagged in NoteTag.objects.filter(annotation=self)}
        gone = [tagged.pk for tag_id, tagged in current.items() if tag_id not in by_tag]
        if gone:
            NoteTag.objects.filter(pk__in=gone).delete()
        respelled = []
        for tag_id, tagged in current.items():
            if tag_id in by_tag and tagged.name != by_tag[tag_id]:
                tagged.name = by_tag[tag_id]
                respelled.append(tagged)
        if respelled:
            NoteTag.objects.bulk_update(respelled, ["name"])
        NoteTag.objects.bulk_create(
            NoteTag(annotation=self, tag_id=tag_id, name=name)
            for tag_id, name in by_tag.items()
            if tag_id not in current
        )

    def set_quote(self, text: str, exact: str, prefix: str = "", suffix: str = "") -> None:
        """Anchor a quote in the paragraph text, keeping the context actually found there."""
        self.quote_exact, self.quote_prefix, self.quote_suffix = exact, prefix, suffix
        self.reanchor(text)

    def quote_span(self, text: str) -> tuple[int, int] | None:
        """Where the quote stands in `text` (start, end), chosen among repeats by its context;
        None without a quote, or when it is lost or not in these words (another language's)."""
        if not self.quote_exact or not self.quote_found or not text:
            return None
        return find_span(text, self.quote_exact, self.quote_prefix, self.quote_suffix)

    def place_quote(self, text: str) -> None:
        """Set `quote_place` for a page showing `text` with the note under it: the quote's
        place counted as the browser counts a string (UTF-16 code units), so the browser marks
        it there without looking for it again."""
        span = self.quote_span(text)
        self.quote_place = span and tuple(len(text[:n].encode("utf-16-le")) // 2 for n in span)

    def reanchor(self, text: str) -> None:
        if not self.quote_exact:
            self.quote_found, self.quote_start = True, None
            return
        span = find_span(text, self.quote_exact, self.quote_prefix, self.quote_suffix)
        self.quote_found = span is not None
        self.quote_start = span[0] if span else None
        if span is not None:
            start, end = span
            self.quote_prefix = text[max(0, start - QUOTE_CONTEXT) : start]
            self.quote_suffix = text[end : end + QUOTE_CONTEXT]

    def edit(self, *, by, expected_version: int, note: str, tags: list[str], visibility, team):
        """Change the note, keeping what it said before as a revision. Refuses a stale edit,
        and a team the author is not (or no longer) a member of."""
        if team is not None and not team.has_member(by):
            raise PermissionDenied(f"{by} is not a member of the team {team.name}.")
        with transaction.atomic():
            current = Annotation.objects.select_for_update().get(pk=self.pk)
            if current.version != expected_version or current.deleted_at is not None:
                raise EditConflict(current)
            current.keep_revision(by)
            current.note, current.visibility, current.team = note, visibility, team
            current.version += 1
            current.modified = timezone.now()
            current.save(update_fields=["note", "visibility", "team", "version", "modified"])
            current.set_tags(tags)
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
        """Bring a deleted note back; a team note whose author has left the team comes back
        as theirs alone."""
        self.deleted_at = None
        self.version += 1
        fields = ["deleted_at", "version"]
        if self.team_id and not self.team.has_member(self.author):
            self.visibility, self.team = self.Visibility.PRIVATE, None
            fields += ["visibility", "team"]
        self.save(update_fields=fields)


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


@dataclass(frozen=True)
class Quote:
    """Words a note quotes from its paragraph, with the context that tells repeats apart."""

    exact: str
    prefix: str = ""
    suffix: str = ""
    language: str = ""


def build_note(
    *,
    paragraph: Paragraph,
    author,
    note: str = "",
    visibility: str = Annotation.Visibility.PRIVATE,
    team: Team | None = None,
    quote: Quote | None = None,
    created=None,
    drop_missing_quote: bool = False,
) -> Annotation:
    """A new note on a paragraph, not yet saved: the one place that says what a new note holds
    (the paragraph's revision it was written on, its quote anchored in the text, its rendered
    Markdown). `create_note` saves one; bulk writers save many at once."""
    annotation = Annotation(
        paragraph=paragraph,
        author=author,
        note=note,
        note_html=render_markdown(note),
        visibility=visibility,
        team=team if visibility == Annotation.Visibility.TEAM else None,
        paragraph_revision=paragraph.revision,
        anchored_revision=paragraph.revision,
    )
    if created is not None:
        annotation.created = created
    if quote and quote.exact:
        annotation.set_quote(paragraph.text, quote.exact, quote.prefix, quote.suffix)
        annotation.quote_language = quote.language
        if drop_missing_quote and not annotation.quote_found:
            # A quote just selected that is not in the text was not selected from it.
            annotation.quote_exact = annotation.quote_prefix = annotation.quote_suffix = ""
            annotation.quote_language, annotation.quote_found = "", True
            annotation.quote_start = None
    return annotation


def notes_left(user) -> int:
    """How many more notes the account may write (settings.MAX_NOTES_PER_ACCOUNT)."""
    held = Annotation.objects.filter(author=user, deleted_at__isnull=True).count()
    return max(0, settings.MAX_NOTES_PER_ACCOUNT - held)


def create_note(*, tags: list[str] = (), **fields) -> Annotation:
    """Write a new note with its tags, in one transaction; the form, the import and anything
    else that adds a note goes through here (see `build_note` for its fields)."""
    if fields.get("team") is not None and fields.get("visibility") == Annotation.Visibility.TEAM:
        require_membership(fields["author"], fields["team"])
    if not notes_left(fields["author"]):
        raise LimitReached(
            f"You have {settings.MAX_NOTES_PER_ACCOUNT:,} notes, as many as one account may "
            "hold: delete some to write more."
        )
    annotation = build_note(**fields)
    tag_objects = Tag.objects.get_or_create_all(list(tags)) if tags else []
    with transaction.atomic():
        annotation.save()  # which also retires the cached pages that show the paragraph
        if tag_objects:
            annotation.add_new_tags(list(tags), {tag.key: tag for tag in tag_objects})
    return annotation


def attach_tags(annotations: list[Annotation], queryset=None) -> list[Annotation]:
    """Give each annotation its `tag_list` (its `NoteTag` links, each with the note's own
    spelling and the tag's link) in one query. With `queryset` (the query the list came from)
    the query runs even for an empty list, so pages make the same number of queries however
    many notes they show."""
    links = NoteTag.objects.select_related("tag").order_by("tag__key")
    if queryset is not None:
        rows = links.filter(annotation_id__in=queryset.values("pk"))
    elif annotations:
        rows = links.filter(annotation_id__in=[a.pk for a in annotations])
    else:
        rows = []
    by_annotation: dict[int, list[NoteTag]] = {}
    for row in rows:
        by_annotation.setdefault(row.annotation_id, []).append(row)
    for annotation in annotations:
        annotation.tag_list = by_annotation.get(annotation.pk, [])
    return annotations
