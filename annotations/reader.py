"""The notes' part of the reader, search and instrument pages, given to the library through
resolutions/notes.py (hooks.py). Each function makes the same few queries however
many notes there are, and writes nothing: a GET never changes the database."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy

from resolutions.models import Paragraph

from .models import Annotation, NoteTag, SpellingVotes, Tag, attach_tags, shown_fields, shows

# A paragraph in the reader shows its first few notes and links to the rest, so that a page
# stays readable, and quick to render, however much has been written on it.
INLINE_LIMIT = 3
SHOW_CHOICES = [
    ("all", gettext_lazy("All I can see")),
    ("mine", gettext_lazy("Mine")),
    ("team", gettext_lazy("My teams'")),
    ("public", gettext_lazy("Public")),
    ("none", gettext_lazy("None")),
]


@dataclass
class Notes:
    """What the reader shows of the notes on a set of paragraphs."""

    index: dict[int, list[Annotation]]  # paragraph pk -> the notes shown inline
    counts: dict[int, int]  # paragraph pk -> how many notes the filter lets through
    tags: list[dict]  # {"tag", "count", "paragraphs"} for each tag on a visible note
    total: int


def _collect(user, visible, paragraphs_by_id, show="all") -> Notes:
    """Three queries whatever the number of notes: a light one over every visible note (counts,
    filters), one for their tags, and one for the few shown in full under each paragraph."""
    rows = [
        row
        for row in visible.values_list(
            "pk", "paragraph_id", "visibility", "author_id", "anchored_revision"
        )
        if row[1] in paragraphs_by_id
    ]
    # Each note's tags as its author spelled them; a tag is named, in the filter, with a
    # spelling from these notes only.
    tag_rows = NoteTag.objects.filter(annotation_id__in=visible.values("pk")).values_list(
        "annotation_id", "tag_id", "name", "tag__slug", "tag__key"
    )
    tags_of: dict[int, list[NoteTag]] = {}
    tag_objects: dict[int, Tag] = {}
    for annotation_id, tag_id, name, slug, key in sorted(tag_rows, key=lambda r: r[4]):
        if tag_id not in tag_objects:
            tag_objects[tag_id] = Tag(pk=tag_id, key=key, slug=slug)
        link = NoteTag(annotation_id=annotation_id, tag=tag_objects[tag_id], name=name)
        tags_of.setdefault(annotation_id, []).append(link)

    votes = SpellingVotes()
    paragraphs_of: dict[str, set[int]] = {}
    for pk, paragraph_id, _visibility, author_id, _ in rows:
        for link in tags_of.get(pk, ()):
            own = int(user.is_authenticated and author_id == user.pk)
            votes.add(link.slug, link.name, own=own, key=link.tag.key)
            paragraphs_of.setdefault(link.slug, set()).add(paragraph_id)
    tags = [
        {"tag": label, "count": label.count, "paragraphs": paragraphs_of[label.slug]}
        for label in votes.labels()
    ]

    counts: dict[int, int] = {}
    wanted = shown_fields(show, user)
    for _pk, paragraph_id, visibility, author_id, _ in rows:
        if shows(wanted, visibility=visibility, author_id=author_id):
            counts[paragraph_id] = counts.get(paragraph_id, 0) + 1

    first_few = (
        visible.shown(show, user)
        .annotate(
            place=Window(
                RowNumber(), partition_by=[F("paragraph_id")], order_by=[F("created"), F("id")]
            )
        )
        .filter(place__lte=INLINE_LIMIT)
        .select_related("author", "team")
        .order_by("created", "id")
    )
    index: dict[int, list[Annotation]] = {}
    for note in first_few:
        if note.paragraph_id in paragraphs_by_id:
            paragraph = paragraphs_by_id[note.paragraph_id]
            if isinstance(paragraph, Paragraph):
                note.paragraph = paragraph
            if note.anchored_revision != paragraph.revision and text_of(paragraph):
                # The text changed since the quote was placed: look for it again, for this
                # page only (the ingest re-anchors for good).
                note.reanchor(text_of(paragraph))
            note.place_quote(text_of(paragraph))
            note.tag_list = tags_of.get(note.pk, [])
            index.setdefault(note.paragraph_id, []).append(note)
    return Notes(
        index=index,
        counts=counts,
        tags=tags,
        total=sum(counts.values()),
    )


def text_of(paragraph) -> str:
    """The primary-language wording a quote is anchored in."""
    if isinstance(paragraph, Paragraph):
        return paragraph.text
    text = paragraph.text
    primary = paragraph.resolution.primary_language
    return text.plain if text is not None and text.language == primary else ""


@dataclass
class PageNotes:
    """The viewer's notes on a reader page, and the filters over them."""

    index: dict[int, list[Annotation]]
    counts: dict[int, int]
    tags: list[dict]
    total: int
    show: str
    tag: str
    query: str  # what /annotations/ needs to count the same notes when one is saved
    visible: set[int] | None  # the paragraphs the tag filter lets through, or None for all
    inline_limit: int = INLINE_LIMIT
    show_choices: list = field(default_factory=lambda: SHOW_CHOICES)

    @property
    def filtered(self) -> bool:
        return bool(self.tag) or self.show != "all"


def reader_notes(request, document) -> PageNotes:
    """The notes on a reader page: on every paragraph of the resolution, in the text or no
    longer in it (shown as detached), whatever language the page shows."""
    paragraphs_by_id = {p.pk: p for p in [*document.paragraphs, *document.detached]}
    show = request.GET.get("notes", "all")
    if show not in dict(SHOW_CHOICES):
        show = "all"
    resolution = document.resolution
    visible = Annotation.objects.visible_to(request.user).filter(paragraph__resolution=resolution)
    notes = _collect(request.user, visible, paragraphs_by_id, show)
    tag_slug = request.GET.get("tag", "")
    shown_paragraphs = None
    if tag_slug:
        entry = next((e for e in notes.tags if e["tag"].slug == tag_slug), None)
        shown_paragraphs = set(entry["paragraphs"]) if entry else set()
    return PageNotes(
        index=notes.index,
        counts=notes.counts,
        tags=notes.tags,
        total=notes.total,
        show=show,
        tag=tag_slug,
        query=urlencode({"resolution": resolution.symbol, "notes": show}),
        visible=shown_paragraphs,
    )


def paragraph_context(request, paragraphs) -> dict:
    paragraphs_by_id = {paragraph.pk: paragraph for paragraph in paragraphs}
    visible = Annotation.objects.visible_to(request.user).filter(
        paragraph__in=list(paragraphs_by_id)
    )
    notes = _collect(request.user, visible, paragraphs_by_id)
    return {
        "annotations_index": notes.index,
        "annotations_counts": notes.counts,
        "annotations_inline_limit": INLINE_LIMIT,
    }


SEARCH_LIMIT = 50


def search_context(request, query: str) -> dict:
    query = " ".join((query or "").split())
    context = {"annotations_found": []}
    if not query:
        return context
    # The spellings on the notes, never a tag's first spelling, which may be on a hidden note.
    tagged = NoteTag.objects.filter(name__icontains=query)
    found = (
        Annotation.objects.visible_to(request.user)
        .filter(Q(note__icontains=query) | Q(pk__in=tagged.values("annotation_id")))
        .select_related("paragraph__resolution", "author", "team")
        .order_by("-modified")[:SEARCH_LIMIT]
    )
    context["annotations_found"] = attach_tags(list(found), found)
    context["annotations_query"] = query
    return context
