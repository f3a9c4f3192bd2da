"""The compilation text as negotiators read it: every paragraph with its proposals as tracked
changes, stances, status and history, read in a fixed number of queries whatever its size."""

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Prefetch
from django.utils.html import escape
from django.utils.safestring import mark_safe

from annotations.markdown import render_markdown
from drafts.models import (
    Draft,
    DraftNote,
    DraftParagraph,
    Proposal,
    Stance,
    Status,
    StatusChange,
)
from resolutions.across.versions import word_diff

SHOW_OPEN = "open"
# A preambular paragraph has no printed number: its name comes from its id (pp3, pp3bis).
_NUMBERED = re.compile(r"^(?:pp|op)(?P<n>\d+)(?P<rest>[a-z]*)$")
SHOW_CHANGED = "changed"


@dataclass
class ProposalView:
    proposal: Proposal
    paragraph: DraftParagraph

    @property
    def stale(self) -> bool:
        """Written against an earlier text than the paragraph's own."""
        return (
            self.proposal.kind != Proposal.Kind.ADD_AFTER
            and self.proposal.against_revision != self.paragraph.revision
        )

    @cached_property
    def html(self):
        """The proposal as tracked changes against the text it was written on."""
        p = self.proposal
        if p.kind == Proposal.Kind.AMEND:
            return word_diff(p.against_text, p.text, self.paragraph.draft.language)
        if p.kind == Proposal.Kind.DELETE:
            return mark_safe(f"<del>{escape(p.against_text)}</del>")  # noqa: S308 - escaped
        if p.kind == Proposal.Kind.ADD_AFTER:
            return mark_safe(f"<ins>{escape(p.text)}</ins>")  # noqa: S308 - escaped
        return escape(p.against_text)

    @property
    def supporters(self) -> list[Stance]:
        return [s for s in self.proposal.stances.all() if s.position == Stance.Position.SUPPORT]

    @property
    def opponents(self) -> list[Stance]:
        return [s for s in self.proposal.stances.all() if s.position == Stance.Position.OPPOSE]


@dataclass
class Row:
    paragraph: DraftParagraph
    proposals: list[ProposalView] = field(default_factory=list)
    decided: list[ProposalView] = field(default_factory=list)

    @property
    def pid(self) -> str:
        return self.paragraph.pid

    @property
    def new(self) -> bool:
        # A draft started from an uploaded document has no base paragraphs: its own text is
        # where each paragraph started (base_text); a paragraph added later has none.
        return self.paragraph.base_paragraph_id is None and not self.paragraph.base_text

    @property
    def name(self) -> str:
        """How a delegate names it: "OP 5 bis", "PP 3"."""
        p = self.paragraph
        prefix = "PP" if p.kind == "preambular" else "OP"
        if p.label:
            return f"{prefix} {p.label}"
        numbered = _NUMBERED.match(p.pid)
        if numbered:
            return " ".join(x for x in (prefix, numbered["n"], numbered["rest"]) if x)
        return p.pid

    @cached_property
    def text_html(self):
        """The current text with its emphasis (the italic opener) marked."""
        return emphasised(self.paragraph.text, self.paragraph.emphasis)

    @cached_property
    def history(self) -> list[StatusChange]:
        return list(self.paragraph.history.all())

    @cached_property
    def notes(self) -> list[tuple[DraftNote, str]]:
        return [(n, render_markdown(n.note)) for n in self.paragraph.notes.all()]

    @property
    def changed_from_base(self) -> bool:
        return self.new or self.paragraph.text != self.paragraph.base_text


def emphasised(text: str, emphasis) -> str:
    out, at = [], 0
    for start, end in sorted((s, e) for s, e in emphasis or [] if 0 <= s < e <= len(text)):
        if start < at:
            continue
        out.append(escape(text[at:start]))
        out.append(f"<em>{escape(text[start:end])}</em>")
        at = end
    out.append(escape(text[at:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped


def paragraphs_query(draft: Draft):
    stances = Stance.objects.order_by("created", "pk")
    proposals = (
        Proposal.objects.select_related("author", "decided_by")
        .prefetch_related(Prefetch("stances", queryset=stances))
        .order_by("created", "pk")
    )
    return (
        DraftParagraph.objects.filter(draft=draft)
        .order_by("position")
        .prefetch_related(
            Prefetch("proposals", queryset=proposals),
            Prefetch("history", queryset=StatusChange.objects.select_related("by", "proposal")),
            Prefetch("notes", queryset=DraftNote.objects.select_related("author")),
            "footnotes",
        )
    )


def rows_for(draft: Draft, paragraphs) -> list[Row]:
    rows = []
    for paragraph in paragraphs:
        paragraph.draft = draft  # spares a query per paragraph for the draft's language
        row = Row(paragraph)
        for proposal in paragraph.proposals.all():
            view = ProposalView(proposal, paragraph)
            if proposal.state == Proposal.State.PENDING:
                row.proposals.append(view)
            else:
                row.decided.append(view)
        rows.append(row)
    return rows


def row_for(paragraph: DraftParagraph) -> Row:
    """One paragraph's row, as the compilation shows it (its own page, an htmx swap)."""
    draft = paragraph.draft
    fresh = paragraphs_query(draft).get(pk=paragraph.pk)
    return rows_for(draft, [fresh])[0]


@dataclass
class Summary:
    total: int
    agreed: int
    adref: int
    open: int
    deleted: int


def summarise(rows: list[Row]) -> Summary:
    counts = dict.fromkeys(Status.values, 0)
    for row in rows:
        counts[row.paragraph.status] += 1
    return Summary(
        total=len(rows) - counts[Status.DELETED],
        agreed=counts[Status.AGREED],
        adref=counts[Status.AD_REF],
        open=counts[Status.OPEN],
        deleted=counts[Status.DELETED],
    )


@dataclass
class Compilation:
    draft: Draft
    rows: list[Row]
    shown: list[Row]
    summary: Summary
    delegations: list[str]  # every delegation with a proposal in the draft
    show: str = ""
    delegation: str = ""
    since: object = None  # the last revision's time, for "changed since the last revision"


def compile_draft(draft: Draft, *, show: str = "", delegation: str = "", since=None):
    rows = rows_for(draft, paragraphs_query(draft))
    shown = rows
    if show == SHOW_OPEN:
        shown = [r for r in shown if r.paragraph.status == Status.OPEN]
    elif show == SHOW_CHANGED:
        shown = [r for r in shown if _changed_since(r, since)]
    if delegation:
        shown = [
            r
            for r in shown
            if any(p.proposal.delegation == delegation for p in r.proposals + r.decided)
        ]
        for r in shown:
            r.proposals = [p for p in r.proposals if p.proposal.delegation == delegation]
    names = sorted(
        {p.proposal.delegation for r in rows for p in r.proposals + r.decided}, key=str.casefold
    )
    return Compilation(
        draft=draft,
        rows=rows,
        shown=shown,
        summary=summarise(rows),
        delegations=names,
        show=show,
        delegation=delegation,
        since=since,
    )


def _changed_since(row: Row, since) -> bool:
    """Changed since the last revision; with none issued yet, since the text started."""
    if since is None:
        return row.changed_from_base or bool(row.proposals or row.decided or row.history)
    p = row.paragraph
    return p.modified > since or any(
        v.proposal.created > since or (v.proposal.decided and v.proposal.decided > since)
        for v in row.proposals + row.decided
    )


def etag(draft: Draft, granted, request) -> str:
    """What the viewer's page depends on: the draft's version, who asks, the filters and the
    interface language; the page is built only when one of them changed. The whole page and its
    htmx fragment share it (they differ by `Vary: HX-Request`), so the fragment's poll can send
    the tag the page was served with."""
    key = "|".join(
        str(part)
        for part in (
            draft.version,
            request.user.pk,
            granted.propose,
            granted.facilitate,
            granted.own,
            granted.shared,
            request.get_full_path(),
            getattr(request, "LANGUAGE_CODE", ""),
        )
    )
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
