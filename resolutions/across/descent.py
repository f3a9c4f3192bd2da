"""Paragraphs followed through a resolution's versions: a paragraph's history back to where it
first stood, and where the paragraphs of earlier versions went in the newest text."""

import hashlib
import itertools
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.html import escape

from resolutions.across.alignment import CHANGED, NEW, Row, align, comparable
from resolutions.across.diff import word_diff
from resolutions.cache import pages as pagecache
from resolutions.models import Paragraph, Resolution


@dataclass
class Step:
    resolution: Resolution
    paragraph: Paragraph | None
    status: str  # against the version before it: unchanged, changed, new; "" for the first


def history(paragraph: Paragraph, series: list[Resolution]) -> list[Step]:
    """The paragraph through the versions of its series up to its own, oldest first: which
    paragraph it was in each, and whether its words changed there. Stops going back where the
    paragraph did not exist."""
    own = next((k for k, r in enumerate(series) if r.pk == paragraph.resolution_id), None)
    if own is None:
        return []
    steps = [Step(series[own], paragraph, "")]
    current = paragraph
    for k in range(own - 1, -1, -1):
        older = series[k]
        newer_paragraphs = comparable(series[k + 1].paragraphs.in_text().order_by("position"))
        rows = align(comparable(older.paragraphs.in_text().order_by("position")), newer_paragraphs)
        row = next((r for r in rows if r.new is not None and r.new.pk == current.pk), None)
        if row is None or row.status == NEW:
            steps[-1].status = NEW
            break
        steps[-1].status = row.status
        current = row.old[0]
        steps.append(Step(older, current, ""))
    steps.reverse()
    return steps


def series_histories(series: list[Resolution], known=None) -> dict[int, list[Step]]:
    """Every paragraph of the last version of `series` (oldest first) through the versions
    before it, from one alignment per pair of consecutive versions. `known` maps (older pk,
    newer pk) to an alignment already made (a comparison's rows), which is used as is."""
    if not series:
        return {}
    known = known or {}
    wanted = {0} if len(series) == 1 else set()
    for k in range(1, len(series)):
        if (series[k - 1].pk, series[k].pk) not in known:
            wanted.update((k - 1, k))
    texts = _texts([series[k] for k in sorted(wanted)])

    def text(k):
        return texts[series[k].pk]

    back: list[dict[int, Row]] = []  # per version k >= 1: new paragraph pk -> its row
    for k in range(1, len(series)):
        rows = known.get((series[k - 1].pk, series[k].pk))
        if rows is None:
            rows = align(text(k - 1), text(k))
        back.append({row.new.pk: row for row in rows if row.new is not None})
    last_paragraphs = (
        [row.new for row in rows if row.new is not None] if len(series) > 1 else text(0)
    )
    out = {}
    last = len(series) - 1
    for paragraph in last_paragraphs:
        steps = [Step(series[last], paragraph, "")]
        current = paragraph
        for k in range(last, 0, -1):
            row = back[k - 1].get(current.pk)
            if row is None or row.status == NEW or not row.old:
                steps[-1].status = NEW
                break
            steps[-1].status = row.status
            current = row.old[0]
            steps.append(Step(series[k - 1], current, ""))
        steps.reverse()
        out[paragraph.pk] = steps
    return out


@dataclass
class Wording:
    """A paragraph's words in one version of its series, marked against the version before."""

    step: Step
    html: str


def wordings(steps: list[Step], language: str, last_html=None) -> list[Wording]:
    """The paragraph's wording in each version of `steps`, newest first, each changed one marked
    against the one before it; `last_html` is the newest step's, when the page has it already."""
    out = []
    for k, step in enumerate(steps):
        if step.status == CHANGED and k:
            if k == len(steps) - 1 and last_html is not None:
                html = last_html
            else:
                html = word_diff(steps[k - 1].paragraph.text, step.paragraph.text, language)
        else:
            html = escape(step.paragraph.text)
        out.append(Wording(step, html))
    out.reverse()
    return out


def _texts(resolutions: list[Resolution]) -> dict[int, list[Paragraph]]:
    """The comparable paragraphs of these resolutions, in one query."""
    texts: dict[int, list[Paragraph]] = {r.pk: [] for r in resolutions}
    if texts:
        for paragraph in (
            Paragraph.objects.in_text().filter(resolution__in=list(texts)).order_by("position")
        ):
            texts[paragraph.resolution_id].append(paragraph)
    return {pk: comparable(paragraphs) for pk, paragraphs in texts.items()}


# --- A series' paragraphs followed to its newest text -------------------------------------------


@dataclass
class Descent:
    """Where the paragraphs of a resolution's earlier versions went in its text."""

    # Paragraph pk (of an earlier version) -> pks of the newest version's paragraphs it became,
    # in document order; only for the paragraphs that reached it.
    reaches: dict[int, list[int]]
    # Paragraph pk -> its resolution's pk, for every paragraph of the earlier versions aligned,
    # dropped ones included.
    version_of: dict[int, int]


def descent(newest: Resolution, earlier: list[Resolution]) -> Descent:
    """Which paragraphs of `newest` each paragraph of its earlier versions became, following
    the alignment of every two consecutive versions (`earlier` newest first, as
    `earlier_versions` gives it). A paragraph dropped on the way leads nowhere; merged parts
    lead to the paragraph they merged into, a split paragraph to each of its parts.

    Aligning the versions is the dear part, so the answer is cached under the versions' text
    tokens (`pagecache.text_scope`, replaced by every change to a text): one query for the
    tokens, and one more for every version's paragraphs when it has to be worked out again."""
    if not earlier:
        return Descent({}, {})
    series = [newest, *earlier]
    scopes = tuple(pagecache.text_scope(r.pk) for r in series)
    marks = ";".join(
        f"{r.pk}:{token}" for r, token in zip(series, pagecache.tokens(scopes), strict=True)
    )
    key = "descent:" + hashlib.sha256(marks.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = _descent(series)
        cache.set(key, found, DESCENT_TIMEOUT)
    return found


# The tokens in the key make a stale answer unreachable; the timeout only frees the memory.
DESCENT_TIMEOUT = 24 * 3600


def _descent(series: list[Resolution]) -> Descent:
    texts: dict[int, list[Paragraph]] = {r.pk: [] for r in series}
    rows = (
        Paragraph.objects.in_text()
        .filter(resolution__in=list(texts))
        .exclude(kind=Paragraph.Kind.HEADING)
        .only("pk", "resolution_id", "pid", "kind", "text", "in_text", "position")
        .order_by("position")
    )
    for paragraph in rows:
        texts[paragraph.resolution_id].append(paragraph)
    place = {p.pk: k for k, p in enumerate(texts[series[0].pk])}
    reaches = {pk: [pk] for pk in place}  # a paragraph of the version in hand -> newest's pks
    out = Descent({}, {})
    for newer, older in itertools.pairwise(series):
        step: dict[int, set[int]] = {}
        if reaches:  # else nothing further back can reach the newest text
            for row in align(texts[older.pk], texts[newer.pk]):
                targets = reaches.get(row.new.pk, ()) if row.new is not None else ()
                for paragraph in row.old if targets else ():
                    step.setdefault(paragraph.pk, set()).update(targets)
        reaches = {pk: sorted(targets, key=place.__getitem__) for pk, targets in step.items()}
        out.reaches.update(reaches)
        out.version_of.update((p.pk, older.pk) for p in texts[older.pk])
    return out
