"""The compilation text as negotiators read it: every paragraph with its proposals as tracked
changes, stances, status and history, read in a fixed number of queries whatever its size."""

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property

from django.core.cache import cache
from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe

from annotations.markdown import render_markdown
from drafts import agreed
from drafts.models import (
    Draft,
    DraftNote,
    DraftParagraph,
    Proposal,
    Stance,
    Status,
    StatusChange,
)
from resolutions.across.diff import word_diff
from resolutions.across.folding import fold

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

    @cached_property
    def supporters(self) -> list[Stance]:
        return [s for s in self.proposal.stances.all() if s.position == Stance.Position.SUPPORT]

    @cached_property
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

    @cached_property
    def footnotes(self) -> list:
        return list(self.paragraph.footnotes.all())

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
        return self.paragraph.base_paragraph_id is None or (
            self.paragraph.text != self.paragraph.base_text
        )


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


def _prefetches():
    stances = Stance.objects.order_by("created", "pk")
    proposals = (
        Proposal.objects.select_related("author", "decided_by")
        .prefetch_related(Prefetch("stances", queryset=stances))
        .order_by("created", "pk")
    )
    return [
        Prefetch("proposals", queryset=proposals),
        Prefetch("history", queryset=StatusChange.objects.select_related("by", "proposal")),
        Prefetch("notes", queryset=DraftNote.objects.select_related("author")),
        "footnotes",
    ]


def paragraphs_query(draft: Draft):
    return (
        DraftParagraph.objects.filter(draft=draft)
        .order_by("position")
        .prefetch_related(*_prefetches())
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


def summarise(paragraphs) -> Summary:
    counts = dict.fromkeys(Status.values, 0)
    for paragraph in paragraphs:
        counts[paragraph.status] += 1
    return Summary(
        total=len(paragraphs) - counts[Status.DELETED],
        agreed=counts[Status.AGREED],
        adref=counts[Status.AD_REF],
        open=counts[Status.OPEN],
        deleted=counts[Status.DELETED],
    )


@dataclass
class Fact:
    """What the filters need of a proposal, without building it."""

    delegation: str
    created: object
    decided: object
    text: str


@dataclass
class Compilation:
    draft: Draft
    paragraphs: list[DraftParagraph]
    shown: list[DraftParagraph]
    summary: Summary
    delegations: list[str]  # every delegation with a proposal in the draft
    show: str = ""
    delegation: str = ""
    since: object = None  # the last revision's time, for "changed since the last revision"
    query: str = ""


def _found(paragraph: DraftParagraph, facts: list[Fact], words: list[str]) -> bool:
    """Every word of the search in the paragraph's text or in one of its proposals' wordings,
    as the library compares words: case, curly apostrophes and hyphens set aside."""
    texts = [fold(paragraph.text), *(fold(f.text) for f in facts)]
    return all(any(word in text for text in texts) for word in words)


def compile_draft(
    draft: Draft, *, show: str = "", delegation: str = "", since=None, query: str = ""
):
    """The paragraphs to show and the summary, in two queries: the rows themselves are built
    (or taken from the cache) by `rendered_rows`."""
    paragraphs = list(DraftParagraph.objects.filter(draft=draft).order_by("position"))
    facts: dict[int, list[Fact]] = {}
    for paragraph_id, name, created, decided, text in Proposal.objects.filter(
        paragraph__draft=draft
    ).values_list("paragraph_id", "delegation", "created", "decided", "text"):
        facts.setdefault(paragraph_id, []).append(Fact(name, created, decided, text))
    shown = paragraphs
    if show == SHOW_OPEN:
        shown = [p for p in shown if p.status == Status.OPEN]
    elif show == SHOW_CHANGED:
        shown = [p for p in shown if _changed_since(p, facts.get(p.pk, []), since)]
    if delegation:
        shown = [p for p in shown if any(f.delegation == delegation for f in facts.get(p.pk, []))]
    words = fold(query).split()
    if words:
        shown = [p for p in shown if _found(p, facts.get(p.pk, []), words)]
    names = sorted({f.delegation for fs in facts.values() for f in fs}, key=str.casefold)
    return Compilation(
        draft=draft,
        paragraphs=paragraphs,
        shown=shown,
        summary=summarise(paragraphs),
        delegations=names,
        show=show,
        delegation=delegation,
        since=since,
        query=query.strip(),
    )


def _changed_since(paragraph: DraftParagraph, facts: list[Fact], since) -> bool:
    """Changed since the last revision; with none issued yet, since the text started."""
    if since is None:
        return (
            paragraph.base_paragraph_id is None
            or paragraph.text != paragraph.base_text
            or paragraph.status != Status.OPEN
            or bool(facts)
        )
    return paragraph.modified > since or any(
        f.created > since or (f.decided and f.decided > since) for f in facts
    )


# A row's HTML depends on the paragraph and everything hung on it, whose every change moves the
# paragraph's `modified` (DraftParagraph.touch); on who reads (names and notes for members, the
# link's key for a reader by link), in which language, and on the delegation filter. Changing
# the template? Change the version.
ROW_TEMPLATE = "drafts/partials/row.html"
ROW_VERSION = "1"
ROW_SECONDS = 24 * 60 * 60


def row_key(paragraph: DraftParagraph, *, viewer: str, delegation: str) -> str:
    stamp = int(paragraph.modified.timestamp() * 1_000_000)
    filtered = hashlib.sha256(delegation.encode()).hexdigest()[:12] if delegation else ""
    return (
        f"drafts:row:{ROW_VERSION}:{paragraph.pk}:{stamp}:{paragraph.revision}:"
        f"{paragraph.status}:{viewer}:{filtered}:{agreed.looked_up(paragraph.pk)}"
    )


def rendered_rows(comp: Compilation, context: dict, *, viewer: str) -> list[str]:
    """The HTML of each shown paragraph, from the cache where it holds the paragraph as it now
    stands; the rest built in one go (five queries however many) and kept."""
    keys = [row_key(p, viewer=viewer, delegation=comp.delegation) for p in comp.shown]
    found = cache.get_many(keys)
    missing = [p for p, key in zip(comp.shown, keys, strict=True) if key not in found]
    if missing:
        prefetch_related_objects(missing, *_prefetches())
        made = {}
        rows = rows_for(comp.draft, missing)
        # The agreed-language checks kept, shown inline; none looked up here.
        agreed.attach_rows(rows, comp.draft.language, budget=0, scope=context.get("library_state"))
        for paragraph, row in zip(missing, rows, strict=True):
            if comp.delegation:
                row.proposals = [
                    v for v in row.proposals if v.proposal.delegation == comp.delegation
                ]
            key = row_key(paragraph, viewer=viewer, delegation=comp.delegation)
            made[key] = render_to_string(ROW_TEMPLATE, {**context, "row": row, "editing": False})
        cache.set_many(made, ROW_SECONDS)
        found.update(made)
    return [mark_safe(found[key]) for key in keys]  # noqa: S308 - rendered by our template


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
