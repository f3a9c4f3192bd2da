"""Two versions of a resolution lined up paragraph by paragraph: what stayed, changed, moved,
merged, split, was added or dropped."""

import bisect
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from resolutions.across import changes
from resolutions.across.diff import changes_between, word_diff
from resolutions.across.folding import words
from resolutions.models import Paragraph, Resolution

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
            return changes.Summary(gettext_lazy("new paragraph"), False)
        if self.status == DROPPED:
            return changes.Summary(gettext_lazy("paragraph dropped"), False)
        if self.status == UNCHANGED:
            said = gettext_lazy("moved") if self.moved else gettext_lazy("unchanged")
            return changes.Summary(said, True)
        found = changes.summarise(changes_between(self.diff_from, self.new.text, self.language))
        if self.note:
            return changes.Summary(format_lazy("{}; {}", self.note, found.text), False)
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


def _held_in(part: set, candidates, sets: list[set]) -> int | None:
    """Of the candidates (indexes into `sets`) no smaller than `part`, the one holding most of
    its words, when it holds at least PART_OF of them."""
    best = max(
        (k for k in candidates if len(sets[k]) >= len(part)),
        key=lambda k: _containment(part, sets[k]),
        default=None,
    )
    return best if best is not None and _containment(part, sets[best]) >= PART_OF else None


def align(old: list[Paragraph], new: list[Paragraph]) -> list[Row]:
    """Line up two versions' paragraphs. Identical wording pairs first (wherever it moved),
    then the most similar remaining pairs of the same kind, then what was merged into or split
    from an aligned paragraph; the rest is new or dropped."""
    alignment = _Alignment(old, new)
    alignment.pair_identical()
    alignment.pair_similar()
    alignment.join_merged()
    alignment.find_split()
    return alignment.rows()


class _Alignment:
    """The pairing of two versions' paragraphs (by index: `i` in the older, `j` in the newer),
    made in the steps `align` takes, one after the other."""

    def __init__(self, old: list[Paragraph], new: list[Paragraph]):
        self.old, self.new = old, new
        self.old_words = [words(p.text) for p in old]
        self.new_words = [words(p.text) for p in new]
        self.old_sets = [set(w) for w in self.old_words]
        self.new_sets = [set(w) for w in self.new_words]
        # A newer paragraph -> the older ones it continues (more than one where they merged).
        self.match_of_new: dict[int, list[int]] = {}
        self.taken_old: set[int] = set()
        # A newer paragraph left over -> the aligned older paragraph it was split from.
        self.split_from: dict[int, int] = {}

    def _pair(self, j: int, i: int) -> None:
        self.match_of_new[j] = [i]
        self.taken_old.add(i)

    def pair_identical(self) -> None:
        """The same words, wherever they moved: each older paragraph pairs once, in order."""
        exact: dict[tuple, list[int]] = {}
        for i, w in enumerate(self.old_words):
            exact.setdefault(tuple(w), []).append(i)
        for j, w in enumerate(self.new_words):
            candidates = exact.get(tuple(w))
            if candidates:
                self._pair(j, candidates.pop(0))

    def pair_similar(self) -> None:
        """Of the paragraphs left, the most similar pairs of the same kind first; of equally
        similar pairs, the one nearest in the document."""
        old, new = self.old, self.new
        pairs = []
        for j in range(len(new)):
            if j in self.match_of_new:
                continue
            for i in range(len(old)):
                if i in self.taken_old or old[i].kind != new[j].kind:
                    continue
                score = _similarity(self.old_sets[i], self.new_sets[j])
                if score >= SAME_PARAGRAPH:
                    nearness = abs(i / max(len(old), 1) - j / max(len(new), 1))
                    pairs.append((-score, nearness, i, j))
        for _, _, i, j in sorted(pairs):
            if i not in self.taken_old and j not in self.match_of_new:
                self._pair(j, i)

    def join_merged(self) -> None:
        """An older paragraph left over whose words stand in an aligned newer one was merged
        into it."""
        for i in range(len(self.old)):
            if i in self.taken_old:
                continue
            best = _held_in(self.old_sets[i], self.match_of_new, self.new_sets)
            if best is not None:
                self.match_of_new[best].append(i)
                self.taken_old.add(i)

    def find_split(self) -> None:
        """A newer paragraph left over whose words stand in an aligned older one was split from
        it."""
        for j in range(len(self.new)):
            if j in self.match_of_new:
                continue
            best = _held_in(self.new_sets[j], self.taken_old, self.old_sets)
            if best is not None:
                self.split_from[j] = best

    def notes(self) -> dict[int, str]:
        """ "merged from pp3 and pp4", "split from op7": on each newer paragraph concerned."""
        old = self.old
        notes: dict[int, str] = {}
        for j, olds in self.match_of_new.items():
            olds.sort()
            if len(olds) > 1:
                pids = changes.listed([old[i].pid for i in olds])
                notes[j] = format_lazy(gettext_lazy("merged from {pids}"), pids=pids)
        for j, i in self.split_from.items():
            notes[j] = format_lazy(gettext_lazy("split from {pid}"), pid=old[i].pid)
            for other, olds in self.match_of_new.items():
                if i in olds and other not in notes:
                    notes[other] = format_lazy(gettext_lazy("split from {pid}"), pid=old[i].pid)
        return notes

    def in_place(self) -> set[int]:
        """The aligned newer paragraphs that did not move: those on the longest run that keeps
        the older order."""
        order = [(j, self.match_of_new[j][0]) for j in sorted(self.match_of_new)]
        keep = _longest_increasing([i for _, i in order])
        return {order[k][0] for k in keep}

    def rows(self) -> list[Row]:
        """The newer text's paragraphs in order, each dropped older paragraph where it stood."""
        old, new = self.old, self.new
        notes = self.notes()
        in_place = self.in_place()
        rows: list[Row] = []
        dropped = [i for i in range(len(old)) if i not in self.taken_old]

        def flush_dropped(upto):
            while dropped and dropped[0] < upto:
                rows.append(Row(DROPPED, old=[old[dropped.pop(0)]]))

        for j, paragraph in enumerate(new):
            olds = self.match_of_new.get(j)
            if olds:
                if j in in_place:
                    flush_dropped(olds[0])
                moved = j not in in_place
                rows.append(self._continued(j, olds, moved=moved, note=notes.get(j, "")))
            elif j in self.split_from:
                source = old[self.split_from[j]]
                rows.append(
                    Row(CHANGED, new=paragraph, old=[source], note=notes[j], diff_from=source.text)
                )
            else:
                rows.append(Row(NEW, new=paragraph))
        flush_dropped(len(old) + 1)
        return rows

    def _continued(self, j: int, olds: list[int], *, moved: bool, note: str) -> Row:
        """A newer paragraph aligned with the older one(s) it continues."""
        olds_p = [self.old[i] for i in olds]
        same = len(olds) == 1 and self.old_words[olds[0]] == self.new_words[j]
        return Row(
            UNCHANGED if same else CHANGED,
            new=self.new[j],
            old=olds_p,
            moved=moved,
            note=note,
            diff_from="" if same else " ".join(p.text for p in olds_p),
        )


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
