"""Versions of one resolution across sessions: which resolutions follow which, how two versions'
paragraphs align, and what changed in their words.

A resolution is taken as the next version of another only on strong evidence (precision before
recall: a wrong link misleads a delegate): the same title, once normalised, and the newer one
citing the older by its symbol ("Recalling its resolution 77/194 …"). A link set by staff in the
admin is never replaced by detection.
"""

import bisect
import difflib
import functools
import hashlib
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from resolutions.across import changes
from resolutions.models import Citation, Paragraph, Resolution

STAFF = "staff"

# --- Series -------------------------------------------------------------------------------------


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
    from resolutions.signals import versions_linked

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


# --- Words --------------------------------------------------------------------------------------

TOKEN = re.compile(r"\s+|[\w\u2019\u2010\u2011'-]+|[^\w\s]", re.UNICODE)


# A hyphen is a hyphen however typed: the UN's texts write "non-governmental" with a hyphen in
# one version and a non-breaking hyphen (U+2011) in the next.
def fold_marks(text: str) -> str:
    """Hyphens and curly apostrophes as typed on a keyboard. By replacing: `str.translate`
    takes some forty times as long on a paragraph."""
    return text.replace("\u2010", "-").replace("\u2011", "-").replace("\u2019", "'")


def fold(text: str) -> str:
    """Text as compared: compatibility forms, case, curly apostrophes and hyphens folded."""
    if text.isascii():  # the same, quicker: nothing to normalise or replace
        return text.lower()
    return fold_marks(unicodedata.normalize("NFKC", text).casefold())


CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def words(text: str) -> list[str]:
    """Normalised words of a text for comparison: case and punctuation set aside. Chinese and
    Japanese characters count one each, as they are written without spaces."""
    out = []
    for word in re.findall(r"[\w'-]+", fold(text)):
        if CJK.search(word):
            out.extend(ch for ch in re.findall(r".", word) if ch.strip())
        else:
            out.append(word.strip("'-") or word)
    return out


def tokens(text: str) -> list[str]:
    """The text cut into words, spaces and punctuation, keeping every character, so a diff can
    be shown in the original text. CJK characters are tokens of their own."""
    out = []
    for token in TOKEN.findall(text):
        if CJK.search(token) and len(token) > 1:
            out.extend(token)
        else:
            out.append(token)
    return out


def _key(token: str) -> str:
    return " " if token.isspace() else fold(token)


class _SpacedMatcher(difflib.SequenceMatcher):
    """difflib's matcher, with the same answers, for texts cut by `tokens`: a space stands
    between most words, so the space is the commonest token by far, and difflib's longest-match
    search visits every space of the newer text at every space of the older one. Here the runs
    a space continues are carried forward, and the rest of the spaces stand for runs of one,
    looked up only when needed. Two spaces in a row (never made by `tokens`) fall back to
    difflib's own search."""

    def __init__(self, a, b):
        super().__init__(None, a, b, autojunk=False)
        self._spaces = [j for j, kind in enumerate(b) if kind == " "]
        self._doubled = any(
            seq[k] == " " and seq[k + 1] == " " for seq in (a, b) for k in range(len(seq) - 1)
        )

    def find_longest_match(self, alo=0, ahi=None, blo=0, bhi=None):
        if self._doubled:
            return super().find_longest_match(alo, ahi, blo, bhi)
        a, b, b2j = self.a, self.b, self.b2j
        ahi = len(a) if ahi is None else ahi
        bhi = len(b) if bhi is None else bhi
        first = bisect.bisect_left(self._spaces, blo)
        first_space = self._spaces[first] if first < len(self._spaces) else bhi
        besti, bestj, bestsize = alo, blo, 0
        runs: dict[int, int] = {}  # j -> length of the common run ending at a[i] and b[j]
        after_space = False  # then each space of b in range not in runs ends a run of one
        for i in range(alo, ahi):
            if a[i] == " ":
                runs = {j + 1: k + 1 for j, k in runs.items() if j + 1 < bhi and b[j + 1] == " "}
                after_space = first_space < bhi
                if not after_space:
                    continue
                longest = max(runs.values(), default=1)
                if longest > bestsize:
                    # The first space of b reaching the longest run, as difflib finds it.
                    j = (
                        first_space
                        if longest == 1
                        else min(j for j, k in runs.items() if k == longest)
                    )
                    besti, bestj, bestsize = i - longest + 1, j - longest + 1, longest
                continue
            grown = {}
            for j in b2j.get(a[i], ()):
                if j < blo:
                    continue
                if j >= bhi:
                    break
                before = runs.get(j - 1)
                if before is None:
                    before = 1 if after_space and j - 1 >= blo and b[j - 1] == " " else 0
                k = grown[j] = before + 1
                if k > bestsize:
                    besti, bestj, bestsize = i - k + 1, j - k + 1, k
            runs = grown
            after_space = False
        return difflib.Match(besti, bestj, bestsize)


def _opcodes(old: str, new: str):
    a, b = tokens(old), tokens(new)
    return a, b, _SpacedMatcher([_key(t) for t in a], [_key(t) for t in b]).get_opcodes()


def word_diff(old: str, new: str, language: str = "en"):
    """The new text with what was inserted in `<ins>` and what was deleted in `<del>`, phrase
    by phrase (`changes.phrases`), as safe HTML."""
    return mark_safe(_diffed(old, new, language)[0])  # noqa: S308 - changes.render escapes


def changes_between(old: str, new: str, language: str = "en") -> list["changes.Change"]:
    """The phrases changed from the old text to the new, each routine or of substance."""
    return list(_diffed(old, new, language)[1])


def replaced(old: str, new: str, start: int, end: int) -> tuple[str, str] | None:
    """The words of `old` around old[start:end] that the word diff finds changed in `new`, and
    what stands in their place there, each widened to whole words ("" for nothing): for a note
    whose quoted words a later version reworded. None when nothing in that span changed."""
    a, b, opcodes = _opcodes(old, new)
    at_a, at_b = _offsets(a), _offsets(b)
    touched = [
        (i1, i2, j1, j2)
        for tag, i1, i2, j1, j2 in opcodes
        if tag != "equal"
        and (
            at_a[i1] < end and at_a[i2] > start  # replaced or deleted words in the span
            if i1 < i2
            else start < at_a[i1] < end  # words inserted inside it
        )
    ]
    if not touched:
        return None
    (i1, _, j1, _), (_, i2, _, j2) = touched[0], touched[-1]
    if i1 == i2:
        # Words put in: shown between the words either side, which the two texts share.
        before = next((k for k in range(i1 - 1, -1, -1) if not a[k].isspace()), i1)
        after = next((k + 1 for k in range(i2, len(a)) if not a[k].isspace()), i2)
        j1, j2 = j1 - (i1 - before), j2 + (after - i2)
        i1, i2 = before, after
    return _whole_words(old, at_a[i1], at_a[i2]), _whole_words(new, at_b[j1], at_b[j2])


def _offsets(tokens: list[str]) -> list[int]:
    """Where each token starts in the text, and the text's length last."""
    return [0, *itertools.accumulate(len(t) for t in tokens)]


def _whole_words(text: str, start: int, end: int) -> str:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return ""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end].strip().strip(",;:.")


# The word diff is the dear part of a comparison page and depends on the two texts alone: kept
# for the pages shown again (a series' paragraphs, the same comparison asked twice).
@functools.lru_cache(maxsize=4096)
def _diffed(old: str, new: str, language: str) -> tuple[str, tuple]:
    a, b, opcodes = _opcodes(old, new)
    opcodes = list(opcodes)
    return str(changes.render(a, b, opcodes, language)), tuple(
        changes.changes(a, b, opcodes, language)
    )


# --- Alignment ----------------------------------------------------------------------------------

UNCHANGED = "unchanged"
CHANGED = "changed"
NEW = "new"
DROPPED = "dropped"
STATUSES = (UNCHANGED, CHANGED, NEW, DROPPED)

# Two paragraphs are the same paragraph, reworded, when this share of their words (as a set,
# over the smaller of the two) is common to both; a merged or split part when this share of
# the smaller lies inside the larger.
SAME_PARAGRAPH = 0.5
PART_OF = 0.8


@dataclass
class Row:
    """One line of a comparison: a paragraph of the newer text and what it came from, or a
    paragraph of the older text that was dropped."""

    status: str
    new: Paragraph | None = None
    old: list[Paragraph] = field(default_factory=list)
    moved: bool = False
    note: str = ""  # "merged from pp3 and pp4", "split from op7"
    # The older wording a changed paragraph is compared with, word by word, when it is shown.
    diff_from: str = ""
    language: str = "en"  # of the texts compared: which words a routine update changes

    @cached_property
    def html(self):
        """The row's text as shown, safe HTML: worked out only when a page shows it, so the
        alignments a paragraph's history walks through cost no word diffs."""
        if self.status == CHANGED:
            return word_diff(self.diff_from, self.new.text, self.language)
        if self.status == NEW:
            return mark_safe(f"<ins>{escape(self.new.text)}</ins>")  # noqa: S308 - escaped
        paragraph = self.new if self.new is not None else self.old[0]
        return escape(paragraph.text)

    @property
    def old_one(self):
        return self.old[0] if self.old else None

    @cached_property
    def summary(self) -> changes.Summary:
        """One line on what changed, and whether all of it is routine: a new or dropped
        paragraph, a merge or a split is a change of substance."""
        if self.status == NEW:
            return changes.Summary("new paragraph", False)
        if self.status == DROPPED:
            return changes.Summary("paragraph dropped", False)
        if self.status == UNCHANGED:
            return changes.Summary("moved" if self.moved else "unchanged", True)
        found = changes.summarise(changes_between(self.diff_from, self.new.text, self.language))
        if self.note:
            return changes.Summary(f"{self.note}; {found.text}", False)
        return found

    @property
    def substantive(self) -> bool:
        return self.status != UNCHANGED and not self.summary.routine


@dataclass
class Comparison:
    older: Resolution
    newer: Resolution
    rows: list[Row]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for row in self.rows:
            counts[row.status] += 1
        return counts


def comparable(paragraphs) -> list[Paragraph]:
    """The paragraphs a comparison lines up: the text, without its section headings."""
    return [p for p in paragraphs if p.kind != Paragraph.Kind.HEADING and p.in_text]


def _similarity(a: set, b: set) -> float:
    if not a or not b:
        return 1.0 if a == b else 0.0
    return len(a & b) / min(len(a), len(b))


def _containment(part: set, whole: set) -> float:
    return len(part & whole) / len(part) if part else 0.0


def align(old: list[Paragraph], new: list[Paragraph]) -> list[Row]:
    """Line up two versions' paragraphs. Identical wording pairs first (wherever it moved),
    then the most similar remaining pairs of the same kind, then what was merged into or split
    from an aligned paragraph; the rest is new or dropped."""
    old_words = [words(p.text) for p in old]
    new_words = [words(p.text) for p in new]
    old_sets = [set(w) for w in old_words]
    new_sets = [set(w) for w in new_words]
    match_of_new: dict[int, list[int]] = {}
    taken_old: set[int] = set()

    exact: dict[tuple, list[int]] = {}
    for i, w in enumerate(old_words):
        exact.setdefault(tuple(w), []).append(i)
    for j, w in enumerate(new_words):
        candidates = exact.get(tuple(w))
        if candidates:
            i = candidates.pop(0)
            match_of_new[j] = [i]
            taken_old.add(i)

    pairs = []
    for j in range(len(new)):
        if j in match_of_new:
            continue
        for i in range(len(old)):
            if i in taken_old or old[i].kind != new[j].kind:
                continue
            score = _similarity(old_sets[i], new_sets[j])
            if score >= SAME_PARAGRAPH:
                # Ties go to the pair nearest in the document.
                pairs.append((-score, abs(i / max(len(old), 1) - j / max(len(new), 1)), i, j))
    for _, _, i, j in sorted(pairs):
        if i in taken_old or j in match_of_new:
            continue
        match_of_new[j] = [i]
        taken_old.add(i)

    notes: dict[int, str] = {}
    # Merged: an old paragraph left over whose words stand in an aligned new paragraph.
    for i in range(len(old)):
        if i in taken_old:
            continue
        best = max(
            (j for j in match_of_new if len(new_sets[j]) >= len(old_sets[i])),
            key=lambda j: _containment(old_sets[i], new_sets[j]),
            default=None,
        )
        if best is not None and _containment(old_sets[i], new_sets[best]) >= PART_OF:
            match_of_new[best].append(i)
            taken_old.add(i)
    # Split: a new paragraph left over whose words stand in an aligned old paragraph.
    split_from: dict[int, int] = {}
    for j in range(len(new)):
        if j in match_of_new:
            continue
        best = max(
            (i for i in taken_old if len(old_sets[i]) >= len(new_sets[j])),
            key=lambda i: _containment(new_sets[j], old_sets[i]),
            default=None,
        )
        if best is not None and _containment(new_sets[j], old_sets[best]) >= PART_OF:
            split_from[j] = best
    for j, olds in match_of_new.items():
        olds.sort()
        if len(olds) > 1:
            notes[j] = "merged from " + " and ".join(old[i].pid for i in olds)
    for j, i in split_from.items():
        notes[j] = f"split from {old[i].pid}"
        for other, olds in match_of_new.items():
            if i in olds and other not in notes:
                notes[other] = f"split from {old[i].pid}"

    # Moved: aligned pairs off the longest run that keeps the old order.
    order = [(j, match_of_new[j][0]) for j in sorted(match_of_new)]
    keep = _longest_increasing([i for _, i in order])
    in_place = {order[k][0] for k in keep}

    rows: list[Row] = []
    dropped = [i for i in range(len(old)) if i not in taken_old]
    emitted_old = -1

    def flush_dropped(upto):
        nonlocal dropped
        while dropped and dropped[0] < upto:
            i = dropped.pop(0)
            rows.append(Row(DROPPED, old=[old[i]]))

    for j, paragraph in enumerate(new):
        olds = match_of_new.get(j)
        if olds:
            if j in in_place:
                emitted_old = max(emitted_old, olds[0])
                flush_dropped(olds[0])
            olds_p = [old[i] for i in olds]
            old_text = " ".join(p.text for p in olds_p)
            same = len(olds) == 1 and old_words[olds[0]] == new_words[j]
            rows.append(
                Row(
                    UNCHANGED if same else CHANGED,
                    new=paragraph,
                    old=olds_p,
                    moved=j not in in_place,
                    note=notes.get(j, ""),
                    diff_from="" if same else old_text,
                )
            )
        elif j in split_from:
            source = old[split_from[j]]
            rows.append(
                Row(
                    CHANGED,
                    new=paragraph,
                    old=[source],
                    note=notes[j],
                    diff_from=source.text,
                )
            )
        else:
            rows.append(Row(NEW, new=paragraph))
    flush_dropped(len(old) + 1)
    return rows


def _longest_increasing(values: list[int]) -> list[int]:
    """Indexes of one longest strictly increasing subsequence (patience sorting)."""
    tails: list[int] = []
    tails_at: list[int] = []
    previous = [-1] * len(values)
    for k, value in enumerate(values):
        pos = bisect.bisect_left(tails, value)
        if pos == len(tails):
            tails.append(value)
            tails_at.append(k)
        else:
            tails[pos] = value
            tails_at[pos] = k
        previous[k] = tails_at[pos - 1] if pos else -1
    out = []
    k = tails_at[-1] if tails_at else -1
    while k >= 0:
        out.append(k)
        k = previous[k]
    return out[::-1]


def compare(older: Resolution, newer: Resolution) -> Comparison:
    """Two versions compared paragraph by paragraph: two queries."""
    old = comparable(older.paragraphs.in_text().order_by("position"))
    new = comparable(newer.paragraphs.in_text().order_by("position"))
    rows = align(old, new)
    for row in rows:
        row.language = newer.primary_language
    return Comparison(older, newer, rows)


# --- A paragraph's history ---------------------------------------------------------------------


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


def first_appeared(steps: list[Step]) -> Step | None:
    """The oldest version whose wording is the paragraph's own, unchanged since."""
    if not steps:
        return None
    k = len(steps) - 1
    while k > 0 and steps[k].status == UNCHANGED:
        k -= 1
    return steps[k]


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


def changed_in(steps: list[Step]) -> list[Step]:
    return [s for s in steps if s.status == CHANGED]


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
    from resolutions.cache import pages as pagecache

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
