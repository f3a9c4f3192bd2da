"""Views across the library: two versions compared, agreed language, Member States' votes,
subjects, and a resolution downloaded as data. Each reads the request, asks resolutions/versions,
agreed, votes or export, and renders; htmx gets the fragment of the same template."""

import json
from dataclasses import dataclass, field, replace

from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from resolutions.across import agreed, alignment, descent
from resolutions.across.bounds import TOO_COSTLY, phrase_refusal
from resolutions.across.series import earlier_versions, later_versions, neighbours, series_of
from resolutions.browse import votes
from resolutions.browse.exports import as_akn, as_json
from resolutions.browse.subjects import natural_sorted
from resolutions.browse.votes import adoption
from resolutions.cache import pages as pagecache
from resolutions.models import (
    Language,
    MemberState,
    Paragraph,
    ParagraphText,
    Resolution,
    Subject,
    direction,
)
from resolutions.reader import extensions
from resolutions.reader.document import cited_in, describe
from resolutions.reader.views import MisspeltSymbol, get_resolution, render_either
from web.budget import TooCostly, spend, time_limited, too_many, within_budget


def _resolution_or_404(symbol: str) -> Resolution:
    try:
        return get_resolution(symbol)
    except MisspeltSymbol as misspelt:
        return misspelt.resolution


# --- Versions -----------------------------------------------------------------------------------

# The comparison's filter for the changes of substance alone (`?show=substantive`).
SUBSTANTIVE = "substantive"


@require_safe
# A comparison the page cache answered never gets here: every one that does is built, an
# expensive lookup within the address's budget, refused before any query.
@within_budget("lookup")
def compare(request, symbol, other):
    first, second = _resolution_or_404(symbol), _resolution_or_404(other)
    if first.symbol != symbol or second.symbol != other:
        url = reverse("resolutions:compare", args=[first.symbol, second.symbol])
        return HttpResponsePermanentRedirect(url)
    if first.pk == second.pk:
        raise Http404("A resolution compared with itself")
    older, newer = sorted([first, second], key=lambda r: (r.session, r.adopted or 0, r.number_int))
    # The same for every anonymous reader, kept like the reader's pages.
    return pagecache.serve(
        request, newer, lambda: _comparison_page(request, older, newer), also=[older]
    )


def _comparison_page(request, older, newer):
    comparison = alignment.compare(older, newer)
    series = series_of(newer)
    in_series = {r.pk for r in series}
    histories = (
        descent.series_histories(
            series[: series.index(newer) + 1], known={(older.pk, newer.pk): comparison.rows}
        )
        if older.pk in in_series
        else {}
    )
    old_paragraphs = [p for row in comparison.rows for p in row.old]
    notes = extensions.earlier_notes_context(request, old_paragraphs)
    earlier = notes.get("earlier_notes", {})
    language = newer.primary_language
    for row in comparison.rows:
        row.earlier_notes = [n for p in row.old for n in earlier.get(p.pk, [])]
        row.history = histories.get(row.new.pk) if row.new else None
        row.wordings = []
    show = request.GET.get("show", "")
    if show not in {*alignment.STATUSES, SUBSTANTIVE}:
        show = ""
    changed = [row for row in comparison.rows if row.status != alignment.UNCHANGED]
    unchanged = [row for row in comparison.rows if row.status == alignment.UNCHANGED]
    substantive = [row for row in changed if row.substantive]
    if show == SUBSTANTIVE:
        shown, folded = substantive, []
    elif show:
        shown, folded = [row for row in comparison.rows if row.status == show], []
    else:
        # What changed comes first; the unchanged paragraphs fold under one line.
        shown, folded = changed, unchanged
    for row in [*shown, *folded]:
        if row.history and len(row.history) > 1:
            row.wordings = descent.wordings(row.history, language, _diff_shown(row, older))
    context = {
        "older": older,
        "newer": newer,
        "comparison": comparison,
        "counts": comparison.counts,
        "series": series,
        "in_series": older.pk in in_series,
        "status_filter": show,
        "shown": shown,
        "folded": folded,
        "substantive_count": len(substantive),
        "routine_count": len(changed) - len(substantive),
    }
    return render_either(request, "resolutions/compare.html", "rows", context)


def _diff_shown(row, older):
    """The row's marked text when it is the history's last change as well (the row compares
    one paragraph with its own in the version just before), so it is not worked out twice."""
    before = row.history[-2]
    alone = row.status == alignment.CHANGED and len(row.old) == 1 and not row.note
    if alone and before.resolution.pk == older.pk and before.paragraph.pk == row.old[0].pk:
        return row.html
    return None


# --- Agreed language ----------------------------------------------------------------------------


def _language(request, resolution) -> str:
    language = request.GET.get("lang", "")
    return language if language in Language.values else resolution.primary_language


@require_safe
def agreed_language(request, symbol, pid):
    resolution = _resolution_or_404(symbol)
    paragraph = (
        Paragraph.objects.filter(resolution=resolution, pid=pid, in_text=True)
        .exclude(kind=Paragraph.Kind.HEADING)
        .first()
    )
    if paragraph is None:
        raise Http404("No such paragraph in this resolution")
    paragraph.resolution = resolution
    language = _language(request, resolution)
    own = ParagraphText.objects.filter(paragraph=paragraph, language=language).first()
    text = own.text if own else (paragraph.text if language == resolution.primary_language else "")
    if not text:
        raise Http404("This paragraph is not loaded in that language")
    typed = "".join(c for c in request.GET.get("q", "") if c.isprintable() or c.isspace())
    phrase = " ".join(typed.split())[:1000]
    refusal = phrase_refusal(phrase) if phrase else ""
    if phrase and not refusal and (wait := spend(request, "lookup")) is not None:
        return too_many("lookup", wait)
    found = agreed.Found(language, [], 0, [])
    if refusal:
        pass
    elif phrase:
        try:
            with time_limited(request):
                found = agreed.for_phrase(phrase, language)
        except TooCostly:
            refusal = TOO_COSTLY
    else:
        found = agreed.for_paragraph(paragraph, language, text)
    series = {r.pk for r in earlier_versions(resolution)} | {
        r.pk for r in later_versions(resolution)
    }
    series.add(resolution.pk)
    precedents = agreed.precedents(found, paragraph.pk, series)
    covered = agreed.coverage()
    context = {
        "resolution": resolution,
        "paragraph": paragraph,
        "text": text,
        "short_text": " ".join(text.split()[:SHORT_WORDS]),
        "shortened": len(text.split()) > SHORT_WORDS,
        "language": language,
        "language_name": Language(language).label,
        "phrase": phrase,
        "refusal": refusal,
        "found": found,
        "precedents": precedents,
        "sessions": covered.of(language),
        "whole_library": covered.sessions(language) == covered.every,
        "every_session": covered.every,
        "other_languages": [
            (code, Language(code).label, covered.of(code))
            for code in Language.values
            if code != language and covered.of(code)
        ],
        "citations": "; ".join(
            describe(m.paragraph, group.resolution)[1]
            for group in precedents.chronological()
            for m in group.matches
        ),
        "direction": direction(language),
    }
    return render_either(request, "resolutions/agreed.html", "panel", context)


# The sought paragraph is quoted this far above its precedents, the rest behind a disclosure.
SHORT_WORDS = 16


# --- Member States ------------------------------------------------------------------------------


@require_safe
def state_list(request):
    states = MemberState.objects.annotate(recorded=Count("votes")).order_by("name")
    return render(request, "resolutions/states.html", {"states": states})


@require_safe
def state_detail(request, slug):
    state = get_object_or_404(MemberState, slug=slug)
    context = {
        "state": state,
        "votes": votes.state_votes(state, request.GET),
        "filters": votes.VOTE_FILTERS,
    }
    return render_either(request, "resolutions/state.html", "votes", context)


@require_safe
def state_compare(request):
    """Two States side by side; without both chosen (or with one unknown), the form alone."""
    states = list(MemberState.objects.order_by("name"))
    by_slug = {s.slug: s for s in states}
    a, b = by_slug.get(request.GET.get("a", "")), by_slug.get(request.GET.get("b", ""))
    comparison = votes.compare_states(a, b, request.GET) if a and b and a != b else None
    context = {
        "states": sorted(states, key=lambda s: s.display_name),
        "a": a,
        "b": b,
        "asked": bool(request.GET.get("a") or request.GET.get("b")),
        "comparison": comparison,
    }
    return render_either(request, "resolutions/states_compare.html", "result", context)


# --- Subjects -----------------------------------------------------------------------------------


def subjects_with_resolutions():
    return Subject.objects.annotate(resolution_count=Count("resolutions")).filter(
        resolution_count__gt=0
    )


@require_safe
def subject_list(request):
    groups = {}
    for subject in natural_sorted(subjects_with_resolutions()):
        groups.setdefault(subject.get_scheme_display(), []).append(subject)
    return render(request, "resolutions/subjects.html", {"groups": list(groups.items())})


@require_safe
def subject_detail(request, slug):
    subject = get_object_or_404(Subject, slug=slug)
    resolutions = subject.resolutions.newest_first()
    return render(
        request,
        "resolutions/subject.html",
        {"subject": subject, "resolutions": list(resolutions)},
    )


# --- Downloads ----------------------------------------------------------------------------------


def _download_name(resolution, extension):
    return resolution.symbol.replace("/", "_") + "." + extension


@require_safe
def download_json(request, symbol):
    resolution = _resolution_or_404(symbol)
    language = _language(request, resolution)
    body = json.dumps(as_json(resolution, language), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{_download_name(resolution, "json")}"'
    return response


@require_safe
def download_akn(request, symbol):
    resolution = _resolution_or_404(symbol)
    language = _language(request, resolution)
    response = HttpResponse(as_akn(resolution, language), content_type="application/xml")
    response["Content-Disposition"] = f'inline; filename="{_download_name(resolution, "xml")}"'
    return response


# --- On the reader page -------------------------------------------------------------------------


def reader_context(request, resolution, paragraphs) -> dict:
    """What the reader shows of the resolution's versions and its adoption: one query, and one
    more for the Member States' votes when it was adopted by a recorded vote; and the notes the
    viewer may see on its earlier versions, on the paragraphs they became (`earlier`)."""
    previous, following = neighbours(resolution)
    resolution.previous_version = previous
    return {
        "previous_version": previous,
        "next_version": following,
        "adoption": adoption(resolution, with_previous=bool(previous)),
        "earlier": earlier_notes(request, resolution, paragraphs) if previous else None,
    }


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
    comparisons' alignment, cached: `descent.descent`). A note on a paragraph dropped on the
    way stays on its own version and is not shown here; the notes on paragraphs this version
    dropped from the previous one are counted, for a link to the comparison.

    A note quoting words the paragraph it reached no longer has carries the old and the new
    words (`EarlierNotes.changes`), found in `paragraphs`, the page's own (one query more when
    the page shows another language than the one quoted).

    Two queries when there are none; five (six when the alignment is not cached), whatever the
    number of notes and versions, when there are."""
    earlier = earlier_versions(resolution)
    if not earlier:
        return None
    counts = extensions.earlier_note_counts(
        request,
        Paragraph.objects.in_text()
        .filter(resolution__in=[r.pk for r in earlier])
        .exclude(kind=Paragraph.Kind.HEADING),
    )
    if not counts:
        return None
    followed = descent.descent(resolution, earlier)
    shown = extensions.earlier_notes_shown(
        request, [pk for pk in counts if pk in followed.reaches], limit=EARLIER_INLINE
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
        for target in followed.reaches[group.paragraph.pk]:
            index.setdefault(target, []).append(group)
    changes = extensions.earlier_quote_changes(index, paragraphs)
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
        if followed.version_of.get(pk) == previous.pk and pk not in followed.reaches
    )
    total = sum(n for pk, n in counts.items() if pk in followed.reaches)
    return Earlier(previous, index, dropped, total)
