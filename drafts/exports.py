"""A draft taken out of the workspace: the compilation or a revision as Word, the whole draft as
JSON; and a draft started from a document a team uploads. Read in a fixed number of queries."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from drafts.compilation import Row
from drafts.models import (
    Draft,
    DraftFootnote,
    DraftParagraph,
    Proposal,
    Stance,
    Status,
)
from drafts.word import read_docx
from drafts.word.reading import MAX_BYTES, MAX_PARAGRAPHS, is_docx
from drafts.word.writing import Paragraph, Text, Words, compilation_docx, revision_docx
from drafts.word.writing import Proposal as ProposalText
from resolutions.models import FootnoteMarker
from resolutions.models import Paragraph as LibraryParagraph
from resolutions.parsing import (
    ParsedResolution,
    ParseError,
    is_pdf,
    parse_document,
    parse_pdf_document,
)


def words() -> Words:
    """The words of the exported document, in the reader's language."""
    return Words(
        opening=_("The General Assembly,"),
        compilation=_("Compilation text"),
        as_of=_("as of {date}"),
        statuses={value: str(label) for value, label in Status.choices},
        kinds={
            Proposal.Kind.AMEND: _("new wording"),
            Proposal.Kind.DELETE: _("delete"),
            Proposal.Kind.RETAIN: _("retain"),
            Proposal.Kind.ADD_AFTER: _("new paragraph"),
        },
        supported=_("supported by {names}"),
        opposed=_("opposed by {names}"),
        reason=_("Reason: {reason}"),
    )


def _paragraphs(draft: Draft):
    pending = (
        Proposal.objects.filter(state=Proposal.State.PENDING)
        .prefetch_related(Prefetch("stances", queryset=Stance.objects.order_by("created", "pk")))
        .order_by("created", "pk")
    )
    return list(
        DraftParagraph.objects.filter(draft=draft)
        .order_by("position")
        .select_related("base_paragraph")
        .prefetch_related(Prefetch("proposals", queryset=pending), "footnotes", *_BASE_NOTES)
    )


# The footnotes of the paragraph a draft paragraph started as (a treaty's citation, a report).
_BASE_NOTES = [
    Prefetch(
        "base_paragraph__footnote_markers",
        queryset=FootnoteMarker.objects.select_related("footnote").order_by("offset"),
    )
]


def _placed(markers, base_text: str, text: str) -> list[tuple[int, str]]:
    """A base paragraph's footnotes called in the text as it now reads: where they were while
    the text is unchanged, else after the words they cite, else at its end."""
    out = []
    for marker in markers:
        note = marker.footnote.text
        if text == base_text:
            out.append((marker.offset, note))
            continue
        cited = marker.cited_words
        start = base_text.rfind(cited, 0, marker.offset) if cited else -1
        # What stands between the cited words and the call ("Crime,¹") goes with them.
        cited += base_text[start + len(cited) : marker.offset] if start >= 0 else ""
        at = text.find(cited) if cited else -1
        out.append((at + len(cited), note) if at >= 0 else (len(text), note))
    return out


def _base_footnotes(row: DraftParagraph, text: str) -> list[tuple[int, str]]:
    if row.base_paragraph is None:
        return []
    return _placed(row.base_paragraph.footnote_markers.all(), row.base_text, text)


def _stances(proposal, position) -> list[str]:
    return [s.delegation for s in proposal.stances.all() if s.position == position]


def compilation_export(draft: Draft) -> bytes:
    """The compilation as Word: each paragraph with its status, each pending proposal as
    tracked changes authored by its delegation, the draft's footnotes as footnotes."""
    rows = _paragraphs(draft)
    paragraphs = []
    for row in rows:
        proposals = [
            ProposalText(
                kind=p.kind,
                delegation=p.delegation,
                text=p.text,
                against_text=p.against_text,
                created=p.created,
                supporters=_stances(p, Stance.Position.SUPPORT),
                opponents=_stances(p, Stance.Position.OPPOSE),
                reason=p.reason,
            )
            for p in row.proposals.all()
        ]
        paragraphs.append(
            Paragraph(
                pid=row.pid,
                kind=row.kind,
                label=row.label,
                text=row.text,
                emphasis=row.emphasis or [],
                status=row.status,
                footnotes=[
                    *_base_footnotes(row, row.text),
                    *(f.text for f in row.footnotes.all()),
                ],
                proposals=proposals,
                name=Row(row).name,
            )
        )
    counts = dict.fromkeys(Status.values, 0)
    for row in rows:
        counts[row.status] += 1
    summary = _(
        "%(agreed)s of %(total)s paragraphs agreed, %(adref)s agreed ad ref, %(open)s open"
    ) % {
        "agreed": counts[Status.AGREED],
        "total": len(rows) - counts[Status.DELETED],
        "adref": counts[Status.AD_REF],
        "open": counts[Status.OPEN],
    }
    chosen = words()
    chosen.summary = f"{summary} ({timezone.localtime():%d %B %Y %H:%M})"
    return compilation_docx(_text(draft), paragraphs, chosen)


def _text(draft: Draft, revision: str = "") -> Text:
    return Text(
        label=draft.label,
        title=draft.title,
        opening=draft.opening,
        revision=revision,
        language=draft.language,
    )


def revision_export(draft: Draft, number: int) -> bytes:
    """Revision `number` as a clean text (0 is the resolution the draft started from)."""
    if number == 0:
        if draft.base is None:
            raise Http404("This draft did not start from a resolution in the library.")
        base = draft.base
        rows = (
            LibraryParagraph.objects.filter(resolution=base, in_text=True)
            .exclude(kind=LibraryParagraph.Kind.HEADING)
            .order_by("position")
            .prefetch_related(
                Prefetch(
                    "footnote_markers",
                    queryset=FootnoteMarker.objects.select_related("footnote").order_by("offset"),
                )
            )
        )
        paragraphs = [
            Paragraph(
                p.pid,
                p.kind,
                p.label,
                p.text,
                p.emphasis or [],
                footnotes=[(m.offset, m.footnote.text) for m in p.footnote_markers.all()],
            )
            for p in rows
        ]
        text = Text(base.symbol, base.title, draft.opening, "", draft.language)
        return revision_docx(text, paragraphs, words())
    revision = draft.revisions.filter(number=number).first()
    if revision is None:
        raise Http404("No such revision.")
    # A revision is frozen: the footnotes it carries are those added before it was issued.
    notes: dict[str, list[str]] = {}
    for pid, note in (
        DraftFootnote.objects.filter(paragraph__draft=draft, created__lte=revision.issued)
        .order_by("created", "pk")
        .values_list("paragraph__pid", "text")
    ):
        notes.setdefault(pid, []).append(note)
    based = {
        row.pid: row
        for row in DraftParagraph.objects.filter(draft=draft, base_paragraph__isnull=False)
        .select_related("base_paragraph")
        .prefetch_related(*_BASE_NOTES)
    }
    paragraphs = [
        Paragraph(
            p["pid"],
            p["kind"],
            p.get("label", ""),
            p["text"],
            p.get("emphasis") or [],
            footnotes=[
                *(_base_footnotes(based[p["pid"]], p["text"]) if p["pid"] in based else []),
                *notes.get(p["pid"], []),
            ],
        )
        for p in revision.paragraphs
    ]
    return revision_docx(_text(draft, f"Rev.{number}"), paragraphs, words())


def as_json(draft: Draft) -> dict:
    """The whole draft as data: its paragraphs with status, footnotes and every proposal (with
    its state, stances and reason), and the revisions issued."""
    every = Proposal.objects.prefetch_related(
        Prefetch("stances", queryset=Stance.objects.order_by("created", "pk"))
    ).order_by("created", "pk")
    rows = (
        DraftParagraph.objects.filter(draft=draft)
        .order_by("position")
        .select_related("parent")
        .prefetch_related(Prefetch("proposals", queryset=every), "footnotes")
    )
    return {
        "label": draft.label,
        "title": draft.title,
        "language": draft.language,
        "opening": draft.opening,
        "base": draft.base.symbol if draft.base else None,
        "adopted": draft.adopted.symbol if draft.adopted_id and draft.adopted else None,
        "version": draft.version,
        "modified": draft.modified.isoformat(),
        "paragraphs": [
            {
                "id": p.pid,
                "kind": p.kind,
                "label": p.label,
                "parent": p.parent.pid if p.parent else None,
                "text": p.text,
                "emphasis": p.emphasis,
                "status": p.status,
                "revision": p.revision,
                "base_text": p.base_text,
                "footnotes": [f.text for f in p.footnotes.all()],
                "proposals": [
                    {
                        "kind": q.kind,
                        "delegation": q.delegation,
                        "text": q.text,
                        "against_text": q.against_text,
                        "against_revision": q.against_revision,
                        "state": q.state,
                        "reason": q.reason,
                        "created": q.created.isoformat(),
                        "supporters": _stances(q, Stance.Position.SUPPORT),
                        "opponents": _stances(q, Stance.Position.OPPOSE),
                    }
                    for q in p.proposals.all()
                ],
            }
            for p in rows
        ],
        "revisions": [
            {"number": r.number, "issued": r.issued.isoformat(), "note": r.note}
            for r in draft.revisions.order_by("number")
        ],
    }


# --- starting a draft from an upload -----------------------------------------------------------


def read_upload(data: bytes, name: str) -> ParsedResolution:
    """The resolution an uploaded file holds: a Word file, a PDF, or a text form the library
    reads (AKN4UN XML, Markdown, text from a PDF). ParseError says what is wrong."""
    if len(data) > MAX_BYTES:
        raise ParseError(
            f"the file is {len(data) / 1024 / 1024:.1f} MB; at most "
            f"{MAX_BYTES // 1024 // 1024} MB is accepted",
            None,
            name,
        )
    if is_docx(data):
        return read_docx(data, name)
    if is_pdf(data):
        parsed = parse_pdf_document(data, name)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ParseError(
                "the file is neither a Word document, a PDF nor a text in UTF-8", None, name
            ) from None
        parsed = parse_document(text, name)
    if len(parsed.paragraphs) > MAX_PARAGRAPHS:
        raise ParseError(
            f"the document has {len(parsed.paragraphs):,} paragraphs; a draft may have at "
            f"most {MAX_PARAGRAPHS:,}",
            None,
            name,
        )
    return parsed


def _span(span) -> list:
    """A parsed span as `Paragraph.emphasis` stores it: [start, end], bold with its style."""
    return [span.start, span.end] if span.style == "italic" else [span.start, span.end, span.style]


@transaction.atomic
def start_from_document(parsed: ParsedResolution, *, team, label: str, user) -> Draft:
    """A draft of `team` holding the uploaded document's paragraphs, ids and footnotes; no
    base in the library, so each paragraph's text is its own starting point."""
    from drafts.workspace import unique_slug

    draft = Draft.objects.create(
        team=team,
        label=label.strip(),
        slug=unique_slug(label),
        title=parsed.title,
        language=parsed.language or "en",
        opening=(parsed.front or {}).get("opening", ""),
        created_by=user,
    )
    kept = [p for p in parsed.paragraphs if p.kind != "heading"]
    rows = DraftParagraph.objects.bulk_create(
        DraftParagraph(
            draft=draft,
            pid=p.pid,
            kind=p.kind,
            label=p.label,
            position=position,
            text=p.text,
            emphasis=[_span(s) for s in p.emphasis],
            base_text=p.text,
        )
        for position, p in enumerate(kept, start=1)
    )
    by_pid = {row.pid: row for row in rows}
    children = []
    for p in kept:
        if p.parent and p.parent in by_pid:
            by_pid[p.pid].parent = by_pid[p.parent]
            children.append(by_pid[p.pid])
    if children:
        DraftParagraph.objects.bulk_update(children, ["parent"])
    texts = {f.number: f.text for f in parsed.footnotes}
    DraftFootnote.objects.bulk_create(
        DraftFootnote(paragraph=by_pid[p.pid], text=texts[m.number][:500], added_by=user)
        for p in kept
        for m in p.footnotes
        if m.number in texts
    )
    return draft
