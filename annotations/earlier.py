"""Notes on the earlier versions of a resolution, shown (read-only) in the reader of a later one
on the paragraphs they became, and on the comparison of two versions; written and kept on the
older paragraphs, never copied."""

from dataclasses import dataclass, field, replace

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber

from resolutions.across import diff, series
from resolutions.across.descent import descent as descent_of
from resolutions.models import Paragraph, Resolution
from resolutions.reader.document import cited_in

from .anchoring import find_span
from .models import Annotation, attach_tags
from .reader import SHOW_CHOICES, text_of

# The notes of an older paragraph shown on the newer one before a link to the rest, as for the
# paragraph's own notes.
EARLIER_INLINE = 3


@dataclass
class EarlierNotes:
    """The notes on one paragraph of an earlier version, shown on the paragraph of this one
    that it became: read here, written and kept on the older paragraph."""

    paragraph: Paragraph  # of the earlier version
    where: str  # "A/RES/77/194, para. 12"
    notes: list
    count: int
    version: Resolution  # the earlier version the notes were written on
    back: int  # 1 for the previous version, 2 for the one before it, …
    # Note pk -> the quoted words this paragraph no longer has (old and new), on the paragraph
    # the group is shown on.
    changes: dict = field(default_factory=dict)

    @property
    def cards(self) -> list[tuple]:
        """Each note shown, with the change to the words it quotes (or None)."""
        return [(note, self.changes.get(note.pk)) for note in self.notes]

    @property
    def more(self) -> int:
        return self.count - len(self.notes)

    @property
    def previous(self) -> bool:
        return self.back == 1


@dataclass
class Earlier:
    """The viewer's notes on the earlier versions, by the paragraph of this one they reached."""

    previous: Resolution
    index: dict[int, list[EarlierNotes]]  # paragraph pk (of this version) -> notes shown
    dropped: int  # notes on paragraphs this version dropped: on the comparison page
    total: int  # notes on paragraphs that reached this version: in the notes total


def earlier_notes(request, resolution, paragraphs=()) -> Earlier | None:
    """The notes the viewer may see on the paragraphs of every earlier version of the
    resolution, placed on the paragraphs of this one those became, version after version (the
    comparisons' alignment, cached: `across.descent`). A note on a paragraph dropped on the
    way stays on its own version and is not shown here; the notes on paragraphs this version
    dropped from the previous one are counted, for a link to the comparison.

    A note quoting words the paragraph it reached no longer has carries the old and the new
    words (`EarlierNotes.changes`), found in `paragraphs`, the page's own (one query more when
    the page shows another language than the one quoted).

    Two queries when there are none; five (six when the alignment is not cached), whatever the
    number of notes and versions, when there are."""
    earlier = series.earlier_versions(resolution)
    if not earlier:
        return None
    counts = earlier_note_counts(
        request,
        Paragraph.objects.in_text()
        .filter(resolution__in=[r.pk for r in earlier])
        .exclude(kind=Paragraph.Kind.HEADING),
    )
    if not counts:
        return None
    descent = descent_of(resolution, earlier)
    shown = earlier_notes_shown(
        request, [pk for pk in counts if pk in descent.reaches], limit=EARLIER_INLINE
    )
    back = {r.pk: k for k, r in enumerate(earlier, start=1)}
    by_pk = {r.pk: r for r in earlier}
    groups = []
    for pk, notes in shown.items():
        paragraph = notes[0].paragraph
        version = by_pk[paragraph.resolution_id]
        for note in notes:
            note.paragraph.resolution = version  # the same object: no query for a link to it
        groups.append(
            EarlierNotes(
                paragraph,
                cited_in(paragraph, version),
                notes,
                counts[pk],
                version,
                back[version.pk],
            )
        )
    # On each paragraph, the previous version's notes first, each version's in its own order.
    groups.sort(key=lambda g: (g.back, g.paragraph.position))
    index: dict[int, list[EarlierNotes]] = {}
    for group in groups:
        for target in descent.reaches[group.paragraph.pk]:
            index.setdefault(target, []).append(group)
    changes = earlier_quote_changes(index, paragraphs)
    if changes:
        # A paragraph split in two shows its notes on both parts: each part its own changes.
        index = {
            target: [
                replace(
                    g,
                    changes={
                        n.pk: changes[target, n.pk] for n in g.notes if (target, n.pk) in changes
                    },
                )
                for g in groups
            ]
            for target, groups in index.items()
        }
    previous = earlier[0]
    dropped = sum(
        n
        for pk, n in counts.items()
        if descent.version_of.get(pk) == previous.pk and pk not in descent.reaches
    )
    total = sum(n for pk, n in counts.items() if pk in descent.reaches)
    return Earlier(previous, index, dropped, total)


def comparison_notes(request, paragraphs) -> dict[int, list[Annotation]]:
    """The notes the viewer may see on an earlier version's paragraphs, for the comparison of
    two versions to show on the newer one's matching paragraphs, each with its tags; the
    reader's "Show notes" choice applies. Two queries, however many notes (none for no
    paragraphs). Nothing is copied: the notes stay on the older paragraphs."""
    by_id = {p.pk: p for p in paragraphs}
    if not by_id:
        return {}
    notes = list(
        _earlier_visible(request)
        .filter(paragraph__in=list(by_id))
        .select_related("author", "team")
        .order_by("created", "id")
    )
    index: dict[int, list[Annotation]] = {}
    for note in attach_tags(notes):
        note.paragraph = by_id[note.paragraph_id]
        index.setdefault(note.paragraph_id, []).append(note)
    return index


def _earlier_visible(request):
    """The notes on other versions the viewer may see, narrowed to the reader's "Show notes"
    choice, as on the reader's own notes."""
    show = request.GET.get("notes", "all")
    return Annotation.objects.visible_to(request.user).shown(
        show if show in dict(SHOW_CHOICES) else "all", request.user
    )


def earlier_note_counts(request, paragraphs) -> dict[int, int]:
    """How many notes the viewer may see (and "Show notes" lets through) on each of these
    paragraphs of earlier versions, a list or a queryset: paragraph pk -> count, for those that
    have any. One query, however many versions and notes."""
    return dict(
        _earlier_visible(request)
        .filter(paragraph__in=paragraphs)
        .order_by()
        .values("paragraph_id")
        .annotate(n=Count("pk"))
        .values_list("paragraph_id", "n")
    )


def earlier_notes_shown(request, paragraph_ids, *, limit: int) -> dict[int, list[Annotation]]:
    """The first `limit` notes the viewer may see on each of these paragraphs of earlier
    versions, oldest first, each with its paragraph, its author, its team and its tags (as
    spelled on the note, linked to the tag's page, as the reader's own cards show them):
    paragraph pk -> notes. Two queries, however many notes; none for no paragraphs."""
    paragraph_ids = list(paragraph_ids)
    if not paragraph_ids:
        return {}
    notes = list(
        _earlier_visible(request)
        .filter(paragraph_id__in=paragraph_ids)
        .annotate(
            place=Window(
                RowNumber(), partition_by=[F("paragraph_id")], order_by=[F("created"), F("id")]
            )
        )
        .filter(place__lte=limit)
        .select_related("author", "team", "paragraph")
        .order_by("created", "id")
    )
    index: dict[int, list[Annotation]] = {}
    for note in attach_tags(notes):
        index.setdefault(note.paragraph_id, []).append(note)
    return index


@dataclass
class QuoteChange:
    """The words a note on an earlier version quotes, reworded in the paragraph it became."""

    old: str
    new: str  # "" when they were taken out


def quote_change(note: Annotation, new_text: str) -> QuoteChange | None:
    """Whether the words `note` quotes on its (earlier) paragraph still stand in `new_text`,
    and if not, which of them changed and into what (the versions' word diff)."""
    if not note.quote_exact or not new_text:
        return None
    old_text = note.paragraph.text
    language = note.paragraph.resolution.primary_language
    if note.quote_language and note.quote_language != language:
        return None  # quoted in a translation: the primary texts cannot tell
    args = (note.quote_exact, note.quote_prefix, note.quote_suffix)
    if find_span(new_text, *args) is not None:
        return None
    span = find_span(old_text, *args)
    found = diff.replaced(old_text, new_text, *span) if span else None
    return QuoteChange(*found) if found else None


def earlier_quote_changes(index: dict, paragraphs) -> dict[tuple[int, int], QuoteChange]:
    """For the earlier notes shown on each paragraph of the page (`index`: paragraph pk ->
    groups of notes), those whose quoted words the paragraph no longer has: (paragraph pk,
    note pk) -> the change. The page's paragraphs give their primary text; one query for those
    shown in another language, none when no note quotes."""
    quoting = {
        target: [note for group in groups for note in group.notes if note.quote_exact]
        for target, groups in index.items()
    }
    quoting = {target: notes for target, notes in quoting.items() if notes}
    if not quoting:
        return {}
    texts = {p.pk: text_of(p) for p in paragraphs if p.pk in quoting}
    missing = [pk for pk in quoting if not texts.get(pk)]
    if missing:
        texts.update(Paragraph.objects.filter(pk__in=missing).values_list("pk", "text"))
    changes = {}
    for target, notes in quoting.items():
        for note in notes:
            change = quote_change(note, texts.get(target, ""))
            if change:
                changes[target, note.pk] = change
    return changes
