"""The notes' part of the reader, search and instrument pages, through the hooks that
resolutions/extensions.py calls. Each hook makes the same few queries however many notes
there are: one for the notes, one for their tags."""

from urllib.parse import urlencode

from django.db.models import Q

from .models import Annotation, attach_tags

PARAGRAPH_TEMPLATES = ["annotations/hooks/paragraph.html"]
SHOW_CHOICES = [
    ("all", "All I can see"),
    ("mine", "Mine"),
    ("team", "My teams'"),
    ("public", "Public"),
    ("none", "None"),
]


def _notes(user, queryset, paragraphs_by_id) -> list[Annotation]:
    """The visible notes on these paragraphs, each given its paragraph object, re-anchored
    if the paragraph's text changed since their quote was last looked for."""
    queryset = queryset.select_related("author", "team").order_by("created", "id")
    notes = [note for note in queryset if note.paragraph_id in paragraphs_by_id]
    stale = []
    for note in notes:
        note.paragraph = paragraphs_by_id[note.paragraph_id]
        if note.anchored_revision != note.paragraph.revision:
            note.reanchor(note.paragraph.text)
            note.anchored_revision = note.paragraph.revision
            stale.append(note)
    if stale:
        # Once per corrected text: later readers find the quotes already placed.
        Annotation.objects.bulk_update(
            stale,
            ["quote_start", "quote_found", "quote_prefix", "quote_suffix", "anchored_revision"],
        )
    return attach_tags(notes, queryset)


def _index(notes) -> dict[int, list[Annotation]]:
    index: dict[int, list[Annotation]] = {}
    for note in notes:
        index.setdefault(note.paragraph_id, []).append(note)
    return index


def _shown(notes, show: str, user) -> list[Annotation]:
    if show == "mine":
        return [n for n in notes if n.author_id == user.pk]
    if show in ("team", "public"):
        return [n for n in notes if n.visibility == show]
    if show == "none":
        return []
    return notes


def reader_context(request, resolution, paragraphs) -> dict:
    paragraphs_by_id = {paragraph.pk: paragraph for paragraph in paragraphs}
    for paragraph in paragraphs_by_id.values():
        paragraph.resolution = resolution  # the same object: links need no query per paragraph
    queryset = Annotation.objects.visible_to(request.user).filter(paragraph__resolution=resolution)
    notes = _notes(request.user, queryset, paragraphs_by_id)

    tags: dict[str, dict] = {}
    for note in notes:
        for tag in note.tag_list:
            entry = tags.setdefault(tag.slug, {"tag": tag, "count": 0, "paragraphs": set()})
            entry["count"] += 1
            entry["paragraphs"].add(note.paragraph_id)
    tag_slug = request.GET.get("tag", "")
    show = request.GET.get("notes", "all")
    if show not in dict(SHOW_CHOICES):
        show = "all"
    shown = _shown(notes, show, request.user)
    context = {
        "paragraph_templates": PARAGRAPH_TEMPLATES,
        "toolbar_templates": ["annotations/hooks/toolbar.html"],
        "annotations_index": _index(shown),
        "annotations_filter": {
            "tags": sorted(tags.values(), key=lambda entry: entry["tag"].name),
            "tag": tag_slug,
            "show": show,
            "show_choices": SHOW_CHOICES,
            "total": len(shown),
            "resolution": resolution,
            # What /annotations/ needs to count the same notes when one is saved.
            "query": urlencode({"resolution": resolution.symbol, "notes": show}),
        },
    }
    if tag_slug:
        entry = tags.get(tag_slug)
        context["visible_paragraph_ids"] = set(entry["paragraphs"]) if entry else set()
    return context


def paragraph_context(request, paragraphs) -> dict:
    paragraphs_by_id = {paragraph.pk: paragraph for paragraph in paragraphs}
    queryset = Annotation.objects.visible_to(request.user).filter(
        paragraph__in=list(paragraphs_by_id)
    )
    notes = _notes(request.user, queryset, paragraphs_by_id)
    return {"paragraph_templates": PARAGRAPH_TEMPLATES, "annotations_index": _index(notes)}


SEARCH_LIMIT = 50


def search_context(request, query: str) -> dict:
    query = " ".join((query or "").split())
    context = {"search_templates": ["annotations/hooks/search.html"], "annotations_found": []}
    if not query:
        return context
    tagged = Annotation.tags.through.objects.filter(tag__name__icontains=query)
    found = (
        Annotation.objects.visible_to(request.user)
        .filter(Q(note__icontains=query) | Q(pk__in=tagged.values("annotation_id")))
        .select_related("paragraph__resolution", "author", "team")
        .order_by("-modified")[:SEARCH_LIMIT]
    )
    context["annotations_found"] = attach_tags(list(found), found)
    context["annotations_query"] = query
    return context
