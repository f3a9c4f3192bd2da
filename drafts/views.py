"""Views of the drafts workspace. Each asks `drafts.access.draft_for` who may do what, answers
htmx with the fragment it changed and a plain request with the whole page (or a redirect after
a POST), and writes through `drafts.workspace`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from annotations.models import Team
from drafts import agreed, compilation, delegations, exports, revisions, workspace
from drafts.access import draft_for
from drafts.forms import (
    FacilitatorsForm,
    NoteForm,
    OpenedForm,
    ProposalForm,
    StanceForm,
    StartForm,
    StatusForm,
    UploadForm,
)
from drafts.models import Draft, DraftParagraph, Proposal, Status
from resolutions.htmx import wants_fragment

CHANGED_EVENT = "draftChanged"


def _key_query(granted) -> str:
    """The read-only link's key, carried on every link its reader follows."""
    return f"key={granted.draft.share_token}" if granted.shared else ""


def _private(response, *, htmx_varies=True):
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ["Cookie", "HX-Request"] if htmx_varies else ["Cookie"])
    return response


@login_required
@require_GET
def draft_list(request):
    drafts = (
        Draft.objects.filter(team__memberships__user=request.user)
        .select_related("team", "base")
        .distinct()
    )
    return _private(render(request, "drafts/list.html", {"drafts": drafts}))


@login_required
@require_http_methods(["GET", "POST"])
def new_draft(request):
    teams = list(Team.objects.filter(memberships__user=request.user).order_by("name"))
    upload = UploadForm(teams=teams)
    if request.method == "POST" and request.POST.get("form") == "upload":
        upload = UploadForm(request.POST, request.FILES, teams=teams)
        if upload.is_valid():
            draft = exports.start_from_document(
                upload.parsed,
                team=upload.cleaned_data["team"],
                label=upload.cleaned_data["label"],
                user=request.user,
            )
            return redirect(draft)
        form = StartForm(teams=teams)
        status = 400
    elif request.method == "POST":
        form = StartForm(request.POST, teams=teams)
        if form.is_valid():
            draft = workspace.start_from(
                form.cleaned_data["source"],
                team=form.cleaned_data["team"],
                label=form.cleaned_data["label"],
                user=request.user,
            )
            return redirect(draft)
        status = 400
    else:
        symbol = request.GET.get("from", "")
        form = StartForm(initial={"source": symbol}, teams=teams)
        status = 200
    context = {"form": form, "upload": upload, "teams": teams}
    return _private(render(request, "drafts/new.html", context, status=status))


def _compilation_context(request, granted):
    draft = granted.draft
    show = request.GET.get("show", "")
    delegation = request.GET.get("delegation", "")
    since = workspace.latest_revision_time(draft)
    query = request.GET.get("q", "")[:200]
    comp = compilation.compile_draft(
        draft, show=show, delegation=delegation, since=since, query=query
    )
    context = {
        "draft": draft,
        "granted": granted,
        "key_query": _key_query(granted),
        "comp": comp,
        "etag": compilation.etag(draft, granted, request),
    }
    # What a row shows differs only by these: names and notes for members, the link's key,
    # and the library the agreed-language checks were read in.
    context["library_state"] = agreed.library_state()
    viewer = f"{int(granted.propose)}{int(granted.shared)}:{request.LANGUAGE_CODE}:" + (
        str(draft.share_token) if granted.shared else ""
    )
    viewer += f":{context['library_state']}"
    context["row_html"] = compilation.rendered_rows(comp, context, viewer=viewer)
    return context


@require_GET
def compilation_page(request, slug):
    granted = draft_for(request, slug)
    draft = granted.draft
    tag = compilation.etag(draft, granted, request)
    if tag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
        response["ETag"] = tag
        return _private(response)
    context = _compilation_context(request, granted)
    if granted.own:
        members = list(draft.team.members.order_by("username"))
        context["members"] = members
        named = [str(pk) for pk in draft.facilitators.values_list("pk", flat=True)]
        context["facilitators_form"] = FacilitatorsForm(
            members=members, initial={"facilitators": named}
        )
    template = "drafts/compilation.html"
    if wants_fragment(request):
        template += "#live"
    response = render(request, template, context)
    response["ETag"] = tag
    return _private(response)


def _paragraph(granted, pid) -> DraftParagraph:
    return get_object_or_404(DraftParagraph, draft=granted.draft, pid=pid)


def _row_context(request, granted, paragraph, **extra):
    paragraph.draft = granted.draft
    row = compilation.row_for(paragraph)
    agreed.attach_rows([row], granted.draft.language, budget=0)
    context = {
        "draft": granted.draft,
        "granted": granted,
        "key_query": _key_query(granted),
        "row": row,
        "editing": granted.propose,
        "stamp": workspace.state_stamp(row.paragraph),
        "delegation_names": delegations.delegations() if granted.propose else [],
    }
    p = row.paragraph
    # The wording starts as the paragraph's text, for the delegate to edit.
    context.setdefault(
        "proposal_form", ProposalForm(initial={"revision": p.revision, "text": p.text})
    )
    context.setdefault(
        "status_form",
        StatusForm(
            initial={
                "revision": p.revision,
                "opened_status": p.status,
                "stamp": context["stamp"],
                "status": p.status,
            }
        ),
    )
    context.setdefault("note_form", NoteForm())
    context.update(extra)
    return context


def _row_response(request, granted, paragraph, *, status=200, changed=False, **extra):
    """The paragraph's fragment for htmx, else its whole page."""
    context = _row_context(request, granted, paragraph, **extra)
    if wants_fragment(request):
        response = render(request, "drafts/paragraph.html#row", context, status=status)
        if changed:
            trigger_client_event(response, CHANGED_EVENT, {"pid": paragraph.pid})
    else:
        response = render(request, "drafts/paragraph.html", context, status=status)
    return _private(response)


def _done(request, granted, paragraph, message):
    """After a change: htmx gets the paragraph again, a plain request goes back to it."""
    if wants_fragment(request):
        return _row_response(request, granted, paragraph, changed=True, flash=message)
    messages.success(request, message)
    return redirect(paragraph)


@require_GET
def paragraph_page(request, slug, pid):
    granted = draft_for(request, slug)
    paragraph = _paragraph(granted, pid)
    return _row_response(
        request, granted, paragraph, revision_history=revisions.history_of(granted.draft, paragraph)
    )


@require_POST
def propose(request, slug, pid):
    granted = draft_for(request, slug, "propose")
    paragraph = _paragraph(granted, pid)
    form = ProposalForm(request.POST, current_text=paragraph.text)
    if not form.is_valid():
        return _row_response(request, granted, paragraph, status=400, proposal_form=form)
    data = form.cleaned_data
    try:
        made = workspace.propose(
            paragraph,
            kind=data["kind"],
            delegation=data["delegation"],
            text=data["text"],
            reason=data["reason"],
            against_revision=data["revision"],
            user=request.user,
        )
    except workspace.Conflict as conflict:
        # What they typed stays; the form now carries the text it will be checked against.
        kept = request.POST.copy()
        kept["revision"] = str(conflict.paragraph.revision)
        return _row_response(
            request,
            granted,
            conflict.paragraph,
            status=409,
            conflict=conflict.message,
            proposal_form=ProposalForm(kept, current_text=conflict.paragraph.text),
        )
    if made.added is not None:
        message = _("%(delegation)s proposes a new paragraph, %(pid)s.") % {
            "delegation": delegations.shown(made.proposal.delegation),
            "pid": made.added.pid,
        }
        if not wants_fragment(request):
            messages.success(request, message)
            return redirect(made.added.get_absolute_url())
        response = _row_response(request, granted, paragraph, changed=True, flash=message)
        # The new paragraph has no place on the page yet: the compilation fetches itself again.
        trigger_client_event(response, "draftParagraphAdded", {"pid": made.added.pid})
        return response
    return _done(
        request,
        granted,
        paragraph,
        _("Proposal recorded for %(delegation)s.")
        % {"delegation": delegations.shown(made.proposal.delegation)},
    )


def _opened(form) -> dict:
    return {
        "opened_revision": form.cleaned_data["revision"],
        "opened_status": form.cleaned_data["opened_status"],
        "opened_stamp": form.cleaned_data["stamp"],
    }


def _conflict(request, granted, conflict, **extra):
    return _row_response(
        request, granted, conflict.paragraph, status=409, conflict=conflict.message, **extra
    )


def _decided(request, granted, decide, message):
    """Run a facilitator's or member's decision; a conflict shows the paragraph as it stands."""
    try:
        paragraph = decide()
    except workspace.Conflict as conflict:
        return _conflict(request, granted, conflict)
    return _done(request, granted, paragraph, message)


@require_POST
def set_status(request, slug, pid):
    granted = draft_for(request, slug, "facilitate")
    paragraph = _paragraph(granted, pid)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _row_response(request, granted, paragraph, status=400, status_form=form)
    status = form.cleaned_data["status"]
    return _decided(
        request,
        granted,
        lambda: workspace.set_status(
            paragraph,
            status=status,
            note=form.cleaned_data["note"],
            user=request.user,
            **_opened(form),
        ),
        _("%(pid)s is now %(status)s.")
        % {"pid": paragraph.pid, "status": Status(status).label.lower()},
    )


def _proposal(granted, pk) -> Proposal:
    return get_object_or_404(
        Proposal.objects.select_related("paragraph"), pk=pk, paragraph__draft=granted.draft
    )


@require_POST
def accept(request, slug, pk):
    granted = draft_for(request, slug, "facilitate")
    proposal = _proposal(granted, pk)
    form = OpenedForm(request.POST)
    if not form.is_valid():
        return _row_response(request, granted, proposal.paragraph, status=400)
    return _decided(
        request,
        granted,
        lambda: workspace.accept(proposal, user=request.user, **_opened(form)),
        _("The proposal of %(delegation)s is accepted.")
        % {"delegation": delegations.shown(proposal.delegation)},
    )


@require_POST
def withdraw(request, slug, pk):
    granted = draft_for(request, slug, "propose")
    proposal = _proposal(granted, pk)
    if proposal.author_id != request.user.pk and not granted.facilitate:
        raise PermissionDenied("Only its author or a facilitator may withdraw a proposal.")
    return _decided(
        request,
        granted,
        lambda: workspace.withdraw(proposal, user=request.user),
        _("The proposal of %(delegation)s is withdrawn.")
        % {"delegation": delegations.shown(proposal.delegation)},
    )


@require_POST
def stance(request, slug, pk):
    granted = draft_for(request, slug, "propose")
    proposal = _proposal(granted, pk)
    form = StanceForm(request.POST, proposal=proposal)
    if not form.is_valid():
        return _row_response(
            request,
            granted,
            proposal.paragraph,
            status=400,
            stance_form=form,
            stance_for=proposal.pk,
        )
    workspace.record_stance(proposal, user=request.user, **form.cleaned_data)
    return _done(
        request,
        granted,
        proposal.paragraph,
        (
            _("%(delegation)s recorded as supporting it.")
            if form.cleaned_data["position"] == "support"
            else _("%(delegation)s recorded as opposing it.")
        )
        % {"delegation": delegations.shown(form.cleaned_data["delegation"])},
    )


@require_POST
def add_note(request, slug, pid):
    granted = draft_for(request, slug, "propose")
    paragraph = _paragraph(granted, pid)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _row_response(request, granted, paragraph, status=400, note_form=form)
    workspace.add_note(paragraph, note=form.cleaned_data["note"], user=request.user)
    return _done(request, granted, paragraph, _("Note saved."))


def _to_compilation(request, draft, message):
    if wants_fragment(request):
        return HttpResponseClientRedirect(draft.get_absolute_url())
    messages.success(request, message)
    return redirect(draft)


@require_POST
def share(request, slug):
    granted = draft_for(request, slug, "own")
    on = request.POST.get("share") == "on"
    workspace.set_sharing(granted.draft, on)
    return _to_compilation(
        request,
        granted.draft,
        _("The read-only link is on.") if on else _("The read-only link is off."),
    )


@require_POST
def facilitators(request, slug):
    granted = draft_for(request, slug, "own")
    draft = granted.draft
    members = list(draft.team.members.order_by("username"))
    form = FacilitatorsForm(request.POST, members=members)
    if not form.is_valid():
        context = _compilation_context(request, granted)
        context.update(members=members, facilitators_form=form)
        return _private(render(request, "drafts/compilation.html", context, status=400))
    workspace.set_facilitators(draft, form.cleaned_data["facilitators"])
    return _to_compilation(request, draft, _("Facilitators saved."))
