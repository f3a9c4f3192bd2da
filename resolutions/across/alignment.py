"""Two versions of a resolution lined up paragraph by paragraph: what stayed, changed, moved,
merged, split, was added or dropped."""

import bisect
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.html import escape
from django.utils.safestring import mark_safe

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
