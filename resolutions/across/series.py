"""Which resolutions are versions of one another: series found from titles, citations and wording,
linked once, and followed back and forth.

A resolution is taken as the next version of another only on strong evidence (precision before
recall: a wrong link misleads a delegate): the same title, once normalised, and the newer one
citing the older by its symbol ("Recalling its resolution 77/194 …"). A link set by staff in the
admin is never replaced by detection.
"""

import re
import unicodedata

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.dispatch import Signal

from resolutions.across.folding import words
from resolutions.models import Citation, Paragraph, Resolution

STAFF = "staff"

# Sent by `link_versions`, inside its transaction, once the library's versions are linked
# again: what waits for a resolution's next version (a draft's adopted text) looks now.
versions_linked = Signal()


def normalise_title(title: str) -> str:
    """Titles as compared across sessions: case, accents of punctuation, spacing and a trailing
    full stop do not matter; words do."""
    text = unicodedata.normalize("NFKC", title).casefold()
    text = re.sub(r"[\u2010-\u2015]", "-", text).replace("\u2019", "'")
    return " ".join(re.sub(r"[^\w'-]+", " ", text).split())


UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
TEENS = [
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
TENS = ["twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet"]


def _ordinals() -> dict[str, int]:
    """English ordinals up to ninety-ninth, as the Assembly names its sessions."""
    out = {word: n for n, word in enumerate(UNITS, start=1)}
    out.update({word: n for n, word in enumerate(TEENS, start=10)})
    for k, stem in enumerate(TENS, start=2):
        out[f"{stem}ieth"] = 10 * k
        out.update({f"{stem}y-{unit}": 10 * k + n for n, unit in enumerate(UNITS, start=1)})
    return out


ORDINALS = _ordinals()
SESSION_NAMED = re.compile(
    r"\b(" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + r")[\s\u00a0]+session\b",
    re.IGNORECASE,
)
# The evidence a link rests on, strongest first.
RECALLS = "title+recalls"  # the newer text cites the older by its symbol
SCHEDULES = "title+schedules"  # the older text names the newer one's session
TEXT = "title+text"  # the nearest earlier version shares much of its wording
STRENGTH = {RECALLS: 3, SCHEDULES: 2, TEXT: 1}
# The share of the newer text's paragraphs found word for word in the older one, for TEXT.
SHARED_WORDING = 0.3


def detect_previous_versions() -> dict[int, tuple[int, str]]:
    """For each resolution, the resolution it is the next version of, and the evidence: a
    resolution of an earlier session with the same normalised title, which the newer one cites,
    or which names the newer one's session ("… at its seventy-ninth session"), or which is the
    only one of that title in the nearest earlier session and shares much of its wording. The
    most recent such; none when a resolution of the same title lies in between, or two are
    equally good (precision before recall). A fixed number of queries."""
    rows = list(Resolution.objects.values_list("pk", "title", "session"))
    groups: dict[str, list[tuple[int, int]]] = {}
    for pk, title, session in rows:
        groups.setdefault(normalise_title(title), []).append((pk, session))
    groups = {t: g for t, g in groups.items() if len({s for _, s in g}) > 1}
    involved = {pk for g in groups.values() for pk, _ in g}
    if not involved:
        return {}
    symbols = dict(Resolution.objects.filter(pk__in=involved).values_list("symbol", "pk"))
    cites = set(
        Citation.objects.filter(resolution__in=involved, instrument__symbol__in=list(symbols))
        .values_list("resolution_id", "instrument__symbol")
        .distinct()
    )
    cites = {(pk, symbols[symbol]) for pk, symbol in cites}
    names: dict[int, set[int]] = {}
    wording: dict[int, set[int]] = {}
    for pk, text in (
        Paragraph.objects.filter(resolution__in=involved, in_text=True)
        .exclude(kind=Paragraph.Kind.HEADING)
        .values_list("resolution_id", "text")
        .iterator(chunk_size=5000)
    ):
        wording.setdefault(pk, set()).add(hash(tuple(words(text))))
        for match in SESSION_NAMED.finditer(text):
            names.setdefault(pk, set()).add(ORDINALS[match.group(1).lower()])

    found: dict[int, tuple[int, str]] = {}
    for group in groups.values():
        for pk, session in group:
            earlier = [(o, s) for o, s in group if s < session]
            if not earlier:
                continue
            nearest = max(s for _, s in earlier)
            in_nearest = [o for o, s in earlier if s == nearest]
            own = wording.get(pk, set())
            candidates = []
            for other, other_session in earlier:
                if (pk, other) in cites:
                    evidence = RECALLS
                elif session in names.get(other, ()):
                    evidence = SCHEDULES
                elif (
                    other_session == nearest
                    and len(in_nearest) == 1
                    and own
                    and len(own & wording.get(other, set())) / len(own) >= SHARED_WORDING
                ):
                    evidence = TEXT
                else:
                    continue
                candidates.append((other_session, STRENGTH[evidence], other, evidence))
            if not candidates:
                continue
            candidates.sort(reverse=True)
            best = candidates[0]
            tied = [c for c in candidates if c[:2] == best[:2]]
            between = any(best[0] < s < session for _, s in group)
            if len(tied) == 1 and not between:
                found[pk] = (best[2], best[3])
    return found


@transaction.atomic
def link_versions() -> dict:
    """Set every resolution's previous version from detection, keeping staff links. Returns
    what changed and how many series the library holds."""
    found = detect_previous_versions()
    changed = 0
    for resolution in Resolution.objects.select_for_update().only(
        "pk", "previous_version_id", "previous_version_found_by"
    ):
        if resolution.previous_version_found_by == STAFF:
            continue
        previous, source = found.get(resolution.pk, (None, ""))
        if (resolution.previous_version_id, resolution.previous_version_found_by) != (
            previous,
            source,
        ):
            Resolution.objects.filter(pk=resolution.pk).update(
                previous_version_id=previous, previous_version_found_by=source
            )
            changed += 1
    versions_linked.send(sender=Resolution)
    return {"links": len(found), "changed": changed, "series": series_summary()}


def series_summary() -> dict:
    """How many series (chains of two or more versions) the library holds, and their lengths."""
    links = dict(
        Resolution.objects.filter(previous_version__isnull=False).values_list(
            "pk", "previous_version_id"
        )
    )
    later = set(links.values())
    lengths = []
    for newest in set(links) - later:
        length, current, seen = 1, newest, {newest}
        while current in links and links[current] not in seen:
            current = links[current]
            seen.add(current)
            length += 1
        lengths.append(length)
    return {"series": len(lengths), "longest": max(lengths, default=0), "linked": len(links)}


def series_of(resolution: Resolution, limit: int = 20) -> list[Resolution]:
    """Every version of the resolution's series, oldest first: one query for the versions
    before it however many (none when it has no previous version), and one a version after it
    and one more."""
    return [
        *reversed(earlier_versions(resolution, limit)),
        resolution,
        *later_versions(resolution, limit),
    ]


# How far back a series is followed: beyond any series the Assembly has (one version every year
# or two since 1946 would be forty), and a stop should staff ever link a loop.
SERIES_LIMIT = 40


def earlier_versions(resolution: Resolution, limit: int = SERIES_LIMIT) -> list[Resolution]:
    """Every earlier version of the resolution, newest first: its previous version, that one's
    previous version, and so on. One query however long the series (none when there is no
    previous version): the links are followed in the database, by a recursive query that
    PostgreSQL and SQLite both read."""
    if not resolution.previous_version_id:
        return []
    table = connection.ops.quote_name(Resolution._meta.db_table)
    chain = RawSQL(  # noqa: S611 - the table's name and two bound parameters
        "WITH RECURSIVE chain (id, previous, depth) AS ("  # noqa: S608 - no user input
        f" SELECT id, previous_version_id, 1 FROM {table} WHERE id = %s"
        " UNION ALL"
        f" SELECT r.id, r.previous_version_id, chain.depth + 1 FROM {table} r"
        " JOIN chain ON r.id = chain.previous WHERE chain.depth < %s"
        ") SELECT id FROM chain",
        (resolution.previous_version_id, limit),
    )
    found = {r.pk: r for r in Resolution.objects.filter(pk__in=chain).defer("agenda_items")}
    out, current, seen = [], found.get(resolution.previous_version_id), {resolution.pk}
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        out.append(current)
        current = found.get(current.previous_version_id)
    return out


def later_versions(resolution: Resolution, limit: int = SERIES_LIMIT) -> list[Resolution]:
    """Every later version of the resolution, oldest first: one query a version, and one more."""
    out, current, seen = [], resolution, {resolution.pk}
    while len(out) < limit:
        following = next_version(current)
        if following is None or following.pk in seen:
            break
        seen.add(following.pk)
        out.append(following)
        current = following
    return out


def neighbours(resolution: Resolution) -> tuple[Resolution | None, Resolution | None]:
    """The previous and the next version, in one query."""
    rows = (
        Resolution.objects.filter(
            Q(pk=resolution.previous_version_id) | Q(previous_version=resolution.pk)
        )
        .order_by("-session", "-number_int")
        .defer("agenda_items")
    )
    previous = following = None
    for row in rows:
        if row.pk == resolution.previous_version_id:
            previous = row
        elif following is None and row.previous_version_id == resolution.pk:
            following = row
    return previous, following


def next_version(resolution: Resolution) -> Resolution | None:
    """The newest resolution naming this one as its previous version."""
    return resolution.next_versions.order_by("-session", "-number_int").first()
