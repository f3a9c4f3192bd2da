"""Revisions of a draft: the text frozen as a facilitator issues it (Rev.1, Rev.2…), number 0
being the resolution it started from, any two compared as the library compares two versions, and
each paragraph's wording from the base through every revision.

A revision holds the paragraphs as they read when it is issued: an accepted proposal has already
become its paragraph's text (or its new paragraph, or its deletion), so freezing them merges every
accepted proposal and nothing pending. Deleted paragraphs are left out of the frozen text.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from drafts.models import Draft, DraftParagraph, Revision, Status
from resolutions.across import alignment, diff, folding
from resolutions.models import Paragraph
from resolutions.reader.labels import names

BASE = 0


@dataclass(frozen=True)
class Frozen:
    """One paragraph of a frozen text, as the library's comparison reads a paragraph."""

    pid: str
    kind: str
    label: str
    text: str
    emphasis: tuple = ()
    status: str = ""

    @property
    def display_name(self) -> str:
        return names(self.pid, self.kind, self.label).name

    def as_json(self) -> dict:
        return {
            "pid": self.pid,
            "kind": self.kind,
            "label": self.label,
            "text": self.text,
            "emphasis": [list(span) for span in self.emphasis],
            "status": self.status,
        }

    @classmethod
    def from_json(cls, row: dict) -> "Frozen":
        return cls(
            row["pid"],
            row["kind"],
            row.get("label", ""),
            row["text"],
            tuple(tuple(span) for span in row.get("emphasis", ())),
            row.get("status", ""),
        )


def freeze(paragraphs) -> list[Frozen]:
    """The paragraphs as they now read, in document order, the deleted ones left out."""
    return [
        Frozen(p.pid, p.kind, p.label, p.text, tuple(tuple(s) for s in p.emphasis), p.status)
        for p in sorted(paragraphs, key=lambda p: p.position)
        if p.status != Status.DELETED
    ]


class StaleDraft(Exception):
    """The draft changed after the facilitator opened it: what they meant to issue is not what
    would be frozen."""

    def __init__(self, draft: Draft):
        super().__init__(f"{draft} changed since it was opened")
        self.draft = draft


@transaction.atomic
def issue(draft: Draft, by, *, note: str = "", seen_version: int | None = None) -> Revision:
    """Freeze the draft as the next revision. `seen_version` is the draft's version the
    facilitator read: if anything changed since, nothing is issued (`StaleDraft`). The draft row
    is locked so two facilitators issuing at once get Rev.N and Rev.N+1, never one number twice."""
    locked = Draft.objects.select_for_update().get(pk=draft.pk)
    if seen_version is not None and locked.version != seen_version:
        raise StaleDraft(locked)
    last = locked.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    # A paragraph proposed as new is in the text once its proposal is accepted, not before.
    held = DraftParagraph.objects.filter(draft=locked).in_text()
    revision = Revision.objects.create(
        draft=locked,
        number=last + 1,
        paragraphs=[p.as_json() for p in freeze(held)],
        issued_by=by,
        note=note[:500],
    )
    locked.touch()
    draft.version, draft.modified = locked.version, locked.modified
    return revision


# --- Reading a revision -------------------------------------------------------------------------


@dataclass
class Text:
    """A frozen text of the draft: its number (0 for the base), its name, its paragraphs."""

    number: int
    name: str
    paragraphs: list[Frozen]
    revision: Revision | None = None  # None for the base

    @property
    def issued(self):
        return self.revision.issued if self.revision else None


def base_text(draft: Draft) -> list[Frozen]:
    """Revision 0: the resolution the draft started from, as the library holds it (one query);
    for a draft started from an uploaded file, the paragraphs as they were uploaded."""
    if draft.base_id:
        rows = alignment.comparable(
            Paragraph.objects.in_text()
            .filter(resolution_id=draft.base_id)
            .only("pid", "kind", "label", "text", "emphasis", "in_text", "position")
            .order_by("position")
        )
        return [_frozen(p, p.text) for p in rows]
    rows = DraftParagraph.objects.filter(draft=draft).exclude(base_text="").order_by("position")
    return [_frozen(p, p.base_text) for p in rows]


def _frozen(paragraph, text: str) -> Frozen:
    p = paragraph
    return Frozen(p.pid, p.kind, p.label, text, tuple(tuple(span) for span in p.emphasis))


def base_name(draft: Draft) -> str:
    return draft.base.symbol if draft.base_id else gettext("Text as first uploaded")


def revision_name(number: int) -> str:
    # The UN's own abbreviation, which some languages write otherwise (French "Rév.").
    return gettext("Rev.%(number)s") % {"number": number}


def text_of(draft: Draft, number: int) -> Text | None:
    """Revision `number` of the draft (0: the base), or None when it has not been issued."""
    if number == BASE:
        return Text(BASE, base_name(draft), base_text(draft))
    revision = draft.revisions.filter(number=number).select_related("issued_by").first()
    if revision is None:
        return None
    return Text(
        number,
        revision_name(number),
        [Frozen.from_json(row) for row in revision.paragraphs],
        revision,
    )


# --- Two texts compared -------------------------------------------------------------------------


def align(old: list[Frozen], new: list[Frozen], language: str) -> list[alignment.Row]:
    """Line up two texts of one draft. A paragraph keeps its id through every revision, so the
    same id is the same paragraph; paragraphs left over on both sides (a text uploaded with
    other ids) are lined up by their words, as the library lines up two versions. Rows in the
    newer text's order, each dropped paragraph after the one it followed."""
    old_at = {p.pid: k for k, p in enumerate(old)}
    by_pid = {j: old_at[p.pid] for j, p in enumerate(new) if p.pid in old_at}
    rest_old = [p for p in old if p.pid not in {new[j].pid for j in by_pid}]
    rest_new = [p for j, p in enumerate(new) if j not in by_pid]
    by_words = {}
    if rest_old and rest_new:
        for row in alignment.align(rest_old, rest_new):
            if row.new is not None and row.old:
                by_words[row.new] = row
    rows: list[alignment.Row] = []
    taken = set(by_pid.values()) | {
        old_at[p.pid] for row in by_words.values() for p in row.old if p.pid in old_at
    }
    dropped = [k for k in range(len(old)) if k not in taken]

    def flush(upto: int) -> None:
        while dropped and dropped[0] < upto:
            gone = old[dropped.pop(0)]
            rows.append(alignment.Row(alignment.DROPPED, old=[gone], language=language))

    for j, paragraph in enumerate(new):
        if j in by_pid:
            before = old[by_pid[j]]
            flush(by_pid[j])
            same = folding.words(before.text) == folding.words(paragraph.text)
            rows.append(
                alignment.Row(
                    alignment.UNCHANGED if same else alignment.CHANGED,
                    new=paragraph,
                    old=[before],
                    diff_from="" if same else before.text,
                    language=language,
                )
            )
        elif paragraph in by_words:
            row = by_words[paragraph]
            row.language = language
            rows.append(row)
        else:
            rows.append(alignment.Row(alignment.NEW, new=paragraph, language=language))
    flush(len(old) + 1)
    return rows


@dataclass
class Compared:
    older: Text
    newer: Text
    rows: list[alignment.Row]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(alignment.STATUSES, 0)
        for row in self.rows:
            counts[row.status] += 1
        return counts


def compare(draft: Draft, a: int, b: int) -> Compared | None:
    """Texts `a` and `b` of the draft compared, the older first; None if either is not issued.
    Two queries at most (the base's paragraphs, the revisions')."""
    if a == b:
        return None
    older_n, newer_n = sorted((a, b))
    older, newer = text_of(draft, older_n), text_of(draft, newer_n)
    if older is None or newer is None:
        return None
    return Compared(older, newer, align(older.paragraphs, newer.paragraphs, draft.language))


# --- A paragraph through the revisions ----------------------------------------------------------


@dataclass
class Step:
    """A paragraph in one text of the draft: its wording marked against the text before, or
    absent from it."""

    text: Text
    paragraph: Frozen | None
    status: str  # alignment.NEW, CHANGED, UNCHANGED, DROPPED; "" for the first it appears in
    html: str = ""


@dataclass
class History:
    pid: str
    steps: list[Step] = field(default_factory=list)  # oldest first

    @property
    def changed(self) -> bool:
        return any(s.status in (alignment.CHANGED, alignment.DROPPED) for s in self.steps)


def texts(draft: Draft) -> list[Text]:
    """The base and every revision, oldest first: two queries."""
    out = [Text(BASE, base_name(draft), base_text(draft))]
    for revision in draft.revisions.order_by("number"):
        out.append(
            Text(
                revision.number,
                revision_name(revision.number),
                [Frozen.from_json(row) for row in revision.paragraphs],
                revision,
            )
        )
    return out


def history(all_texts: list[Text], pid: str, current: Frozen | None, language: str) -> History:
    """The paragraph `pid` from the base through every revision, then as it reads now
    (`current`, None to stop at the last revision): where it is new, changed (marked word by
    word against the text before), unchanged or dropped. No query."""
    now = Text(-1, gettext("Now"), [current] if current else [])
    found = History(pid)
    previous: Frozen | None = None
    for k, text in enumerate([*all_texts, *([now] if current is not None else [])]):
        paragraph = next((p for p in text.paragraphs if p.pid == pid), None)
        if paragraph is None:
            if previous is not None:
                found.steps.append(Step(text, None, alignment.DROPPED))
            previous = None
            continue
        if previous is None:
            status = alignment.NEW if k else ""
            html = escape(paragraph.text)
        elif folding.words(previous.text) == folding.words(paragraph.text):
            status, html = alignment.UNCHANGED, escape(paragraph.text)
        else:
            status = alignment.CHANGED
            html = diff.word_diff(previous.text, paragraph.text, language)
        found.steps.append(Step(text, paragraph, status, mark_safe(html)))  # noqa: S308 - escaped
        previous = paragraph
    return found


def history_of(draft: Draft, paragraph: DraftParagraph) -> History:
    """One draft paragraph from the base through every revision to its words now: two queries."""
    current = freeze([paragraph])
    return history(texts(draft), paragraph.pid, current[0] if current else None, draft.language)


def changed_since_last(draft: Draft, paragraphs) -> set[str]:
    """The ids of the paragraphs whose words or status differ from the last revision (from the
    base when none is issued): one query for the last revision, or the base's."""
    last = draft.revisions.order_by("-number").first()
    frozen = (
        [Frozen.from_json(row) for row in last.paragraphs] if last is not None else base_text(draft)
    )
    before = {p.pid: p for p in frozen}
    out = set()
    for p in paragraphs:
        old = before.get(p.pid)
        if p.status == Status.DELETED:
            changed = old is not None
        else:
            changed = (
                old is None
                or folding.words(old.text) != folding.words(p.text)
                # The base has no status of its own: only a revision's can differ.
                or (last is not None and old.status != p.status)
            )
        if changed:
            out.add(p.pid)
    return out
