"""Views across versions and resolutions: two versions compared, and agreed language (where a
paragraph's words were agreed before). Each reads the request, asks resolutions/across, and
renders; htmx gets the fragment of the same template (resolutions/htmx.py)."""

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.views.decorators.http import require_safe

from resolutions.across import agreed, alignment, descent
from resolutions.across.bounds import TOO_COSTLY, phrase_refusal
from resolutions.across.series import earlier_versions, later_versions, series_of
from resolutions.cache import pages as pagecache
from resolutions.htmx import page_or_fragment
from resolutions.models import Language, Paragraph, ParagraphText, direction
from resolutions.notes import notes
from resolutions.reader.document import describe
from resolutions.reader.lookup import asked_language, resolution_or_404
from web.budget import TooCostly, spend, time_limited, too_many, within_budget

# --- Versions -----------------------------------------------------------------------------------

# The comparison's filter for the changes of substance alone (`?show=substantive`).
SUBSTANTIVE = "substantive"


@require_safe
# A comparison the page cache answered never gets here: every one that does is built, an
# expensive lookup within the address's budget, refused before any query.
@within_budget("lookup")
def compare(request, symbol, other):
    first, second = resolution_or_404(symbol), resolution_or_404(other)
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
    earlier = notes().on_comparison(request, old_paragraphs)
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
    return page_or_fragment(request, "resolutions/compare.html", "#rows", context)


def _diff_shown(row, older):
    """The row's marked text when it is the history's last change as well (the row compares
    one paragraph with its own in the version just before), so it is not worked out twice."""
    before = row.history[-2]
    alone = row.status == alignment.CHANGED and len(row.old) == 1 and not row.note
    if alone and before.resolution.pk == older.pk and before.paragraph.pk == row.old[0].pk:
        return row.html
    return None


# --- Agreed language ----------------------------------------------------------------------------


@require_safe
def agreed_language(request, symbol, pid):
    resolution = resolution_or_404(symbol)
    paragraph = (
        Paragraph.objects.filter(resolution=resolution, pid=pid, in_text=True)
        .exclude(kind=Paragraph.Kind.HEADING)
        .first()
    )
    if paragraph is None:
        raise Http404("No such paragraph in this resolution")
    paragraph.resolution = resolution
    language = asked_language(request, resolution)
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
    return page_or_fragment(request, "resolutions/agreed.html", "#panel", context)


# The sought paragraph is quoted this far above its precedents, the rest behind a disclosure.
SHORT_WORDS = 16
