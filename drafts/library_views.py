"""Views of a draft beside the library: its revisions (issued, read, compared as the library
compares two versions), the agreed-language check of its proposals with the one-click footnote,
and the resolution adopted from it. Each asks `drafts.access` first, as every drafts view does."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import trigger_client_event

from drafts import adopted as adoption
from drafts import agreed, revisions
from drafts.access import draft_for
from drafts.models import DraftFootnote, DraftParagraph, Proposal
from resolutions.htmx import page_or_fragment, wants_fragment
from resolutions.models import Resolution


def _keyed(url: str, granted) -> str:
    """A link that keeps the read-only key of whoever reads through the shared link."""
    return f"{url}?key={granted.draft.share_token}" if granted.shared else url


def _changed(response, draft):
    # Everyone reading the compilation polls on the draft's version; this tells the page
    # that sent the change to refresh its summary at once.
    return trigger_client_event(response, "draftChanged", {"version": draft.version})


# --- Revisions ----------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def revision_list(request, slug):
    """The texts issued so far, and (for facilitators) the form that issues the next one."""
    granted = draft_for(request, slug, "facilitate" if request.method == "POST" else "read")
    draft = granted.draft
    status = 200
    if request.method == "POST":
        try:
            seen = int(request.POST.get("version", ""))
        except ValueError:
            seen = -1
        note = request.POST.get("note", "").strip()
        try:
            revision = revisions.issue(draft, request.user, note=note, seen_version=seen)
        except revisions.StaleDraft as stale:
            draft = stale.draft
            status = 409
            messages.error(
                request,
                gettext(
                    "The draft changed while you were reading it: nothing was issued. Read "
                    "the changes, then issue the revision again."
                ),
            )
        else:
            url = reverse("drafts:revision", kwargs={"slug": slug, "number": revision.number})
            if wants_fragment(request):
                from django_htmx.http import HttpResponseClientRedirect

                return _changed(HttpResponseClientRedirect(url), draft)
            return redirect(url)
    context = {
        "draft": draft,
        "granted": granted,
        "texts": revisions.texts(draft),
        "note": request.POST.get("note", "") if status == 409 else "",
        "base_url": _keyed(reverse("drafts:revision", kwargs={"slug": slug, "number": 0}), granted),
    }
    return page_or_fragment(request, "drafts/revisions.html", "#issue", context, status=status)


@require_safe
def revision(request, slug, number):
    granted = draft_for(request, slug)
    draft = granted.draft
    text = revisions.text_of(draft, number)
    if text is None:
        raise Http404("No such revision of this draft.")
    issued = list(draft.revisions.order_by("number").values_list("number", flat=True))
    context = {
        "draft": draft,
        "granted": granted,
        "text": text,
        "issued": issued,
        "others": [n for n in [0, *issued] if n != number],
    }
    return page_or_fragment(request, "drafts/revision.html", "#text", context)


@require_safe
def compare(request, slug, a, b):
    granted = draft_for(request, slug)
    draft = granted.draft
    if a == b:
        raise Http404("A text compared with itself.")
    if a > b:
        return redirect(_keyed(reverse("drafts:compare", args=[slug, b, a]), granted))
    compared = revisions.compare(draft, a, b)
    if compared is None:
        raise Http404("No such revision of this draft.")
    changed = [row for row in compared.rows if row.status != "unchanged"]
    context = {
        "draft": draft,
        "granted": granted,
        "compared": compared,
        "counts": compared.counts,
        "shown": changed,
        "folded": [row for row in compared.rows if row.status == "unchanged"],
    }
    return page_or_fragment(request, "drafts/compare.html", "#rows", context)


# --- Agreed language ----------------------------------------------------------------------------


def _paragraph(draft, pid) -> DraftParagraph:
    return get_object_or_404(DraftParagraph.objects.select_related("draft"), draft=draft, pid=pid)


def _checked(paragraph, only=None) -> list[Proposal]:
    proposals = paragraph.proposals.exclude(state=Proposal.State.WITHDRAWN).order_by(
        "created", "pk"
    )
    if only is not None:
        proposals = proposals.filter(pk=only)
    proposals = list(proposals)
    for proposal in proposals:
        proposal.paragraph = paragraph
    paragraph.cited_sources = set(paragraph.footnotes.values_list("source_id", flat=True))
    agreed.attach(proposals, paragraph.draft.language)
    return proposals


@require_safe
def paragraph_agreed(request, slug, pid):
    """Where the library adopted the words of each proposal on one paragraph: a page of its own,
    and the fragment the compilation loads for the proposals it has not checked yet."""
    granted = draft_for(request, slug)
    try:
        only = int(request.GET["proposal"]) if "proposal" in request.GET else None
    except ValueError:
        raise Http404("No such proposal on this paragraph.") from None
    return _agreed_page(request, granted, _paragraph(granted.draft, pid), only)


def _agreed_page(request, granted, paragraph, only=None):
    proposals = _checked(paragraph, only)
    context = {
        "draft": granted.draft,
        "granted": granted,
        "paragraph": paragraph,
        "proposals": proposals,
    }
    if only is not None and wants_fragment(request):
        # The compilation loading one proposal's check as it comes into view.
        if not proposals:
            raise Http404("No such proposal on this paragraph.")
        context["proposal"] = proposals[0]
        return page_or_fragment(request, "drafts/agreed.html", "#one", context)
    return page_or_fragment(request, "drafts/agreed.html", "#checks", context)


@require_POST
def add_footnote(request, slug, pid):
    """The footnote "Agreed language: A/RES/77/194, para. 25" added to the paragraph, from the
    check of one of its proposals: only a precedent the check found may be cited."""
    granted = draft_for(request, slug, "propose")
    draft = granted.draft
    paragraph = _paragraph(draft, pid)
    proposal = get_object_or_404(
        Proposal, pk=request.POST.get("proposal") or 0, paragraph=paragraph
    )
    proposal.paragraph = paragraph
    found = agreed.check(proposal, draft.language)
    try:
        source = found.source(int(request.POST.get("source", ""))) if found else None
    except ValueError:
        source = None
    if source is None:
        return HttpResponse(
            gettext("That paragraph is not among the precedents found for this proposal."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    with transaction.atomic():
        _, created = DraftFootnote.objects.get_or_create(
            paragraph=paragraph,
            source_id=source.paragraph,
            defaults={
                "proposal": proposal,
                "text": agreed.footnote_text(source, draft.language),
                "added_by": request.user,
            },
        )
        if created:
            # The row shows the footnote: its paragraph's time moves with the draft's version.
            paragraph.touch()
    if wants_fragment(request):
        # The proposal's check again, its footnote now added; the row's list follows on the
        # compilation's next poll, as the draft's version moved.
        return _changed(_agreed_page(request, granted, paragraph, only=proposal.pk), draft)
    messages.success(request, gettext("Footnote added: %(text)s") % {"text": source.citation})
    return redirect(f"{draft.get_absolute_url()}#{pid}")


# --- The adopted resolution ---------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def adopted(request, slug):
    """The resolution adopted from the draft: the likely ones to pick from, or a symbol typed;
    linking it carries the team's notes over to the adopted text."""
    granted = draft_for(request, slug, "facilitate" if request.method == "POST" else "read")
    draft = granted.draft
    error = ""
    typed = request.POST.get("symbol", "").strip() or request.POST.get("candidate", "").strip()
    if request.method == "POST":
        resolution = Resolution.objects.filter(symbol=typed).first() if typed else None
        if resolution is None:
            error = gettext("No resolution %(symbol)s in the library.") % {"symbol": typed}
        elif resolution.pk == draft.base_id:
            error = gettext("That is the resolution the draft started from.")
        else:
            carried = adoption.link(draft, resolution)
            messages.success(
                request,
                gettext(
                    "Linked to %(symbol)s: %(notes)s notes carried over to its paragraphs, "
                    "%(left)s left on the draft."
                )
                % {"symbol": resolution.symbol, "notes": carried.notes, "left": carried.left},
            )
            return redirect(reverse("drafts:adopted", kwargs={"slug": slug}))
    context = {
        "draft": draft,
        "granted": granted,
        "candidates": adoption.candidates(draft) if granted.facilitate else [],
        "typed": typed,
        "error": error,
    }
    return page_or_fragment(
        request, "drafts/adopted.html", "#adopted", context, status=400 if error else 200
    )
