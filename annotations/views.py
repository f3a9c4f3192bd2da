"""Views for notes, teams, tags, exports and sign-up. Access always starts from the user."""

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from resolutions.htmx import page_or_fragment, wants_fragment
from resolutions.models import Paragraph
from resolutions.site import absolute
from web.budget import within_budget

from .forms import (
    AddMemberForm,
    AnnotationForm,
    ImportForm,
    RenameTagForm,
    SignupForm,
    TeamForm,
    team_choices_for,
)
from .invitations import forget_pending_invitations
from .models import (
    Annotation,
    EditConflict,
    Invitation,
    LimitReached,
    Quote,
    SpellingVotes,
    Tag,
    TagLabel,
    Team,
    attach_tags,
    create_note,
    tag_key,
    visible_tags,
)
from .webannotation import InvalidImport, import_collection, to_collection, to_csv

# The fragments htmx swaps in, shared by several pages (the reader's among them).
PARTIALS = "annotations/partials.html"
SECTION, CARD = PARTIALS + "#section", PARTIALS + "#card"
PARAGRAPH_PAGE = "annotations/paragraph.html"

# The session key of the visibility of the user's last new note.
LAST_VISIBILITY = "last_note_visibility"

# Notes in one export file: the import's own limit (IMPORT_MAX_ITEMS), so a page imports whole.
EXPORT_PAGE = 1000


def per_viewer(view):
    """What these views show depends on who asks and on htmx: keep it out of shared caches."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_vary_headers(response, ["HX-Request", "Cookie"])
        patch_cache_control(response, private=True)
        return response

    return wrapper


def sign_in_required(view):
    """Like login_required, but an htmx request is sent to the sign-in page as a whole page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        return ask_to_sign_in(request)

    return wrapper


def ask_to_sign_in(request):
    """The sign-in page, coming back here after it (the whole page, for htmx)."""
    if wants_fragment(request):
        page = request.htmx.current_url_abs_path or request.get_full_path()
        login_url = reverse(settings.LOGIN_URL)
        return HttpResponseClientRedirect(f"{login_url}?{urlencode({'next': page})}")
    return redirect_to_login(request.get_full_path())


def get_annotation_for_user(request, uuid, *, change=False, include_deleted=False) -> Annotation:
    """The annotation if the user may see it (404 otherwise); with `change`, only its author
    may go on (403 for the others who can see it)."""
    queryset = Annotation.objects.visible_to(request.user, include_own_deleted=True)
    annotation = get_object_or_404(
        queryset.select_related("paragraph__resolution", "author", "team"), uuid=uuid
    )
    if annotation.deleted_at is not None and not include_deleted:
        raise Http404("This note was deleted.")
    if change and annotation.author_id != request.user.pk:
        raise PermissionDenied("Only the author of a note can change it.")
    attach_tags([annotation])
    return annotation


def get_paragraph(symbol: str, pid: str) -> Paragraph:
    return get_object_or_404(
        Paragraph.objects.select_related("resolution"), resolution__symbol=symbol, pid=pid
    )


def paragraph_notes_for(user, paragraph: Paragraph) -> list[Annotation]:
    queryset = Annotation.objects.visible_to(user).filter(paragraph=paragraph)
    notes = list(queryset.select_related("author", "team"))
    for note in notes:
        note.paragraph = paragraph
        note.place_quote(paragraph.text)
    return attach_tags(notes)


def section_context(request, paragraph, **extra) -> dict:
    notes = paragraph_notes_for(request.user, paragraph)
    # Swapped into the reader, whose paragraph tools hold the "Add note" button already.
    fragment = wants_fragment(request)
    current = (request.htmx.current_url_abs_path or "") if fragment else ""
    in_reader = fragment and not current.split("?")[0].endswith("/notes/")
    context = {"paragraph": paragraph, "notes": notes, "count": len(notes), **extra}
    return {"in_reader": in_reader, **context}


def saved(response, annotation: Annotation, action: str):
    return trigger_client_event(
        response,
        "annotationSaved",
        {"id": str(annotation.uuid), "paragraph": annotation.paragraph.pid, "action": action},
    )


# Notes on a paragraph ------------------------------------------------------------------------


@per_viewer
@require_http_methods(["GET", "POST"])
def paragraph_notes(request, symbol, pid):
    """The notes on one paragraph that the viewer may see; POST adds one."""
    paragraph = get_paragraph(symbol, pid)
    if request.method == "POST":
        return save_new_note(request, paragraph)
    context = section_context(request, paragraph)
    return page_or_fragment(request, PARAGRAPH_PAGE, SECTION, context)


@sign_in_required
def save_new_note(request, paragraph):
    teams = team_choices_for(request.user)
    form = AnnotationForm(request.POST, teams=teams, auto_id=f"note-{paragraph.pid}-%s")
    if not form.is_valid():
        context = section_context(request, paragraph, form=form)
        return page_or_fragment(request, PARAGRAPH_PAGE, SECTION, context)
    data = form.cleaned_data
    try:
        annotation = create_note(
            paragraph=paragraph,
            author=request.user,
            note=data["note"],
            visibility=data["visibility"],
            team=data["team"],
            tags=data["tags"],
            quote=Quote(
                data["quote_exact"],
                data["quote_prefix"],
                data["quote_suffix"],
                data.get("quote_language", ""),
            ),
            drop_missing_quote=True,
        )
    except LimitReached as limit:
        form.add_error(None, str(limit))
        context = section_context(request, paragraph, form=form)
        return page_or_fragment(request, PARAGRAPH_PAGE, SECTION, context, status=400)
    remember_visibility(request, annotation)
    if wants_fragment(request):
        response = render(request, SECTION, section_context(request, paragraph))
        return saved(response, annotation, "created")
    messages.success(request, _("Your note was saved."))
    return redirect(annotation.get_absolute_url())


def remember_visibility(request, annotation: Annotation) -> None:
    """The next new note starts with the visibility of the last one the user saved."""
    request.session[LAST_VISIBILITY] = annotation.visibility_key


@per_viewer
@require_GET
@sign_in_required
def new_note(request, symbol, pid):
    """The "Add note" form, with the quote the reader selected, if any."""
    paragraph = get_paragraph(symbol, pid)
    initial = {key: request.GET.get(key, "")[:5000] for key in ("quote_exact",)}
    initial["quote_language"] = request.GET.get("quote_language", "")[:8]
    initial["quote_prefix"] = request.GET.get("quote_prefix", "")[-200:]
    initial["quote_suffix"] = request.GET.get("quote_suffix", "")[:200]
    teams = team_choices_for(request.user)
    form = AnnotationForm(initial=initial, teams=teams, auto_id=f"note-{paragraph.pid}-%s")
    last = request.session.get(LAST_VISIBILITY)
    # Not a team the user has left since.
    known = last in dict(form.fields["visibility"].choices)
    form.initial["visibility"] = last if known else Annotation.Visibility.PRIVATE
    context = {"paragraph": paragraph, "form": form}
    return page_or_fragment(request, "annotations/new.html", PARTIALS + "#new_form", context)


# One annotation ------------------------------------------------------------------------------


@per_viewer
@require_GET
def annotation_detail(request, uuid):
    try:
        annotation = get_annotation_for_user(request, uuid, include_deleted=True)
    except Http404:
        if request.user.is_authenticated:
            raise
        # A colleague's link to a team note: sign in first. Every note a stranger may not see,
        # or that does not exist, asks the same, so nothing says which notes there are.
        return ask_to_sign_in(request)
    fragment = wants_fragment(request)
    if annotation.deleted_at is not None and fragment:
        raise Http404("This note was deleted.")
    context = {"annotation": annotation, "paragraph": annotation.paragraph}
    if annotation.author_id == request.user.pk and not fragment:
        context["revisions"] = annotation.revisions.select_related("team", "edited_by")
    return page_or_fragment(request, "annotations/detail.html", CARD, context)


@per_viewer
@require_http_methods(["GET", "POST"])
@sign_in_required
def annotation_edit(request, uuid):
    annotation = get_annotation_for_user(request, uuid, change=True)
    teams = team_choices_for(request.user)
    auto_id = f"edit-{annotation.uuid}-%s"
    context = {"annotation": annotation, "paragraph": annotation.paragraph}
    status = 200
    if request.method == "GET":
        form = AnnotationForm(
            initial=AnnotationForm.initial_for(annotation), teams=teams, auto_id=auto_id
        )
    else:
        form = AnnotationForm(request.POST, teams=teams, auto_id=auto_id)
        if form.is_valid():
            data = form.cleaned_data
            try:
                annotation.edit(
                    by=request.user,
                    expected_version=data["version"] or 0,
                    note=data["note"],
                    tags=data["tags"],
                    visibility=data["visibility"],
                    team=data["team"],
                )
            except EditConflict as conflict:
                current = conflict.current
                if current.deleted_at is not None:
                    raise Http404("This note was deleted while you were editing it.") from None
                attach_tags([current])
                # Keep what the user typed, but let the next save go through: they have now
                # seen the current text.
                data = request.POST.copy()
                data["version"] = current.version
                form = AnnotationForm(data, teams=teams, auto_id=auto_id)
                form.is_valid()
                context["conflict"] = current
                # htmx only swaps successful responses; a plain request gets the honest status.
                status = 200 if wants_fragment(request) else 409
            else:
                attach_tags([annotation])
                if wants_fragment(request):
                    response = render(request, CARD, context)
                    return saved(response, annotation, "edited")
                messages.success(request, _("Your note was saved."))
                return redirect(annotation.get_absolute_url())
    context["form"] = form
    return page_or_fragment(
        request, "annotations/edit.html", PARTIALS + "#edit_form", context, status=status
    )


@per_viewer
@require_http_methods(["GET", "POST"])
@sign_in_required
def annotation_delete(request, uuid):
    annotation = get_annotation_for_user(request, uuid, change=True)
    if request.method == "GET":
        return render(request, "annotations/delete.html", {"annotation": annotation})
    annotation.soft_delete()
    if wants_fragment(request):
        context = {"annotation": annotation, "paragraph": annotation.paragraph}
        response = render(request, PARTIALS + "#deleted", context)
        return saved(response, annotation, "deleted")
    return redirect(annotation.get_absolute_url())


@per_viewer
@require_POST
@sign_in_required
def annotation_restore(request, uuid):
    annotation = get_annotation_for_user(request, uuid, change=True, include_deleted=True)
    if annotation.deleted_at is not None:
        annotation.restore()
    if wants_fragment(request):
        context = {"annotation": annotation, "paragraph": annotation.paragraph}
        response = render(request, CARD, context)
        return saved(response, annotation, "restored")
    messages.success(request, _("Your note is back."))
    return redirect(annotation.get_absolute_url())


# Tags ----------------------------------------------------------------------------------------


@per_viewer
@require_GET
def tag_list(request):
    """The tags on notes the viewer may see, each named with a spelling from one of them; with
    what has been typed so far in the "Tags" field, suggestions completing its last tag."""
    typed = request.GET.get("q", request.GET.get("tags", ""))
    done, _, last = typed.rpartition(",")
    tags = visible_tags(request.user, tag_key(last))
    if wants_fragment(request):
        prefix = f"{done.strip()}, " if done.strip() else ""
        return render(
            request, "annotations/tags.html#suggestions", {"tags": tags[:10], "prefix": prefix}
        )
    return render(request, "annotations/tags.html", {"tags": tags, "q": typed})


def tag_label(request, tag: Tag, notes: list[Annotation]) -> TagLabel:
    """What the viewer calls `tag`: a spelling from the notes they may see (with `tag_list`)."""
    votes = SpellingVotes()
    for note in notes:
        for link in note.tag_list:
            if link.tag_id == tag.pk:
                votes.add(tag.slug, link.name, own=int(note.author_id == request.user.pk))
    return votes.label(tag.slug)


@per_viewer
@require_GET
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    queryset = Annotation.objects.visible_to(request.user).filter(tags=tag)
    notes = attach_tags(
        list(
            queryset.select_related("paragraph__resolution", "author", "team").order_by(
                "paragraph__resolution__symbol", "paragraph__position", "created"
            )
        )
    )
    if not notes:
        # A tag no one lets this viewer see might itself be private.
        raise Http404("No notes you can see carry this tag.")
    groups: dict[int, dict] = {}
    for note in notes:
        group = groups.setdefault(note.paragraph_id, {"paragraph": note.paragraph, "notes": []})
        group["notes"].append(note)
    label = tag_label(request, tag, notes)
    context = {
        "tag": label,
        "groups": list(groups.values()),
        "can_rename": any(note.author_id == request.user.pk for note in notes),
        "rename_form": RenameTagForm(initial={"name": label.name}),
    }
    return render(request, "annotations/tag.html", context)


@per_viewer
@require_POST
@sign_in_required
def tag_rename(request, slug):
    """Rename one of the user's tags on all of their own notes they may still change (not on
    notes of a team they have left, which its members see); others' notes keep theirs, and
    their spelling of it."""
    tag = get_object_or_404(Tag, slug=slug)
    own = Annotation.objects.alive().writable_by(request.user).filter(tags=tag)
    if not own.exists():
        raise Http404("You have no notes with this tag.")
    form = RenameTagForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(form.errors["name"]))
        return redirect(tag)
    name = form.cleaned_data["name"]
    new = Tag.objects.get_or_create_all([name])[0]
    was = ""
    with transaction.atomic():
        for annotation in own.select_for_update().prefetch_related("tag_links"):
            links = list(annotation.tag_links.all())
            spelled = next(link.name for link in links if link.tag_id == tag.pk)
            was = was or spelled
            if new.pk == tag.pk and spelled == name:
                continue
            # The new name replaces the old one, and any spelling the note had of the new tag.
            kept = [link.name for link in links if link.tag_id not in (tag.pk, new.pk)]
            annotation.keep_revision(request.user)
            annotation.set_tags([*kept, name])
            annotation.version += 1
            annotation.save(update_fields=["version"])
    messages.success(
        request,
        _("Your notes tagged “%(was)s” are now tagged “%(name)s”.") % {"was": was, "name": name},
    )
    return redirect(new)


# Teams ---------------------------------------------------------------------------------------


@per_viewer
@require_http_methods(["GET", "POST"])
@sign_in_required
@within_budget("team", methods=("POST",))
def team_list(request):
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = Team.create(name=form.cleaned_data["name"], owner=request.user)
        except LimitReached as limit:
            form.add_error("name", str(limit))
        else:
            messages.success(request, _("Team “%(name)s” created.") % {"name": team.name})
            return redirect(team)
    teams = Team.objects.filter(memberships__user=request.user).select_related("owner")
    invitations = Invitation.objects.filter(user=request.user).select_related("team__owner")
    status = 400 if form.errors else 200
    context = {"teams": teams, "invitations": invitations, "form": form}
    return render(request, "annotations/teams.html", context, status=status)


def get_invitation_for_user(request, slug) -> Invitation:
    return get_object_or_404(
        Invitation.objects.select_related("team"), user=request.user, team__slug=slug
    )


@per_viewer
@require_POST
@sign_in_required
def team_accept(request, slug):
    """The invitee joins the team."""
    invitation = get_invitation_for_user(request, slug)
    invitation.accept()
    forget_pending_invitations(request.user)
    messages.success(
        request, _("You are now a member of %(team)s.") % {"team": invitation.team.name}
    )
    return redirect(invitation.team)


@per_viewer
@require_POST
@sign_in_required
def team_decline(request, slug):
    invitation = get_invitation_for_user(request, slug)
    invitation.delete()
    forget_pending_invitations(request.user)
    messages.info(
        request, _("You declined the invitation to %(team)s.") % {"team": invitation.team.name}
    )
    return redirect("annotations:teams")


def send_invitation(invitation: Invitation) -> None:
    """Mail the invitation to the address it names, or to the invited account's address."""
    address = invitation.email or (invitation.user.email if invitation.user else "")
    if invitation.user_id:
        forget_pending_invitations(invitation.user)
    if not address:
        return
    team, by = invitation.team, invitation.invited_by
    context = {
        "team": team,
        "by": by.get_username() if by else "",
        "link": absolute(invitation.get_absolute_url()),
    }
    send_mail(
        subject=_("Join %(team)s on Resolution Reader") % {"team": team.name},
        message=render_to_string("annotations/invitation_email.txt", context),
        from_email=None,
        recipient_list=[address],
    )


@per_viewer
@require_http_methods(["GET", "POST"])
def invitation_view(request, uuid):
    """The link in an invitation e-mail. Signed out, it leads to sign-up (or sign-in) and back
    here; signed in, its holder accepts or declines. Used once: answering removes it."""
    invitation = Invitation.objects.select_related("team__owner").filter(token=uuid).first()
    if not request.user.is_authenticated:
        # An unguessable token: whether it is still good says nothing to a stranger.
        if request.method == "POST" or not settings.SIGNUP_ENABLED:
            return redirect_to_login(request.get_full_path())
        query = urlencode({"next": request.get_full_path()})
        if invitation and invitation.email:
            query += "&" + urlencode({"email": invitation.email})
        return redirect(f"{reverse('signup')}?{query}")
    if invitation is None or not invitation.may_answer(request.user):
        raise Http404("This invitation was used or withdrawn.")
    team = invitation.team
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer == "accept":
            invitation.accept(request.user)
            forget_pending_invitations(request.user)
            messages.success(request, _("You are now a member of %(team)s.") % {"team": team.name})
            return redirect(team)
        if answer == "decline":
            invitation.delete()
            forget_pending_invitations(request.user)
            messages.info(
                request, _("You declined the invitation to %(team)s.") % {"team": team.name}
            )
            return redirect("annotations:teams")
        return render(
            request, "annotations/invitation.html", {"invitation": invitation}, status=400
        )
    return render(request, "annotations/invitation.html", {"invitation": invitation})


def get_team_for_user(request, slug, *, manage=False) -> Team:
    team = get_object_or_404(
        Team.objects.filter(memberships__user=request.user).select_related("owner"), slug=slug
    )
    if manage and team.owner_id != request.user.pk:
        raise PermissionDenied("Only the owner of a team can change its members.")
    return team


@per_viewer
@require_http_methods(["GET", "POST"])
@sign_in_required
@within_budget("invite", methods=("POST",))
def team_detail(request, slug):
    team = get_team_for_user(request, slug, manage=request.method == "POST")
    form = AddMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, created = team.invite(form.cleaned_data["username"], by=request.user)
        except LimitReached as limit:
            form.add_error("username", str(limit))
        else:
            if created:
                send_invitation(invitation)
            # The same words whether or not an account has that name or address.
            messages.success(
                request,
                _(
                    "Invited “%(name)s”. If an account has that name, it sees the invitation "
                    "on its Teams page; an address gets an e-mail with a link to join."
                )
                % {"name": invitation.username},
            )
            return redirect(team)
    is_owner = team.owner_id == request.user.pk
    recent = attach_tags(
        list(
            Annotation.objects.alive()
            .filter(team=team, visibility=Annotation.Visibility.TEAM)
            .select_related("paragraph__resolution", "author", "team")
            .order_by("-created")[:20]
        )
    )
    context = {
        "team": team,
        "members": team.memberships.select_related("user").order_by("user__username"),
        "invited": team.invitations.order_by("username_key") if is_owner else [],
        "form": form,
        "recent": recent,
        "is_owner": is_owner,
    }
    return render(request, "annotations/team.html", context, status=400 if form.errors else 200)


@per_viewer
@require_POST
@sign_in_required
def team_remove_member(request, slug, username):
    """The owner removes a member; a member removes themselves (leaves)."""
    leaving = username == request.user.get_username()
    team = get_team_for_user(request, slug, manage=not leaving)
    member = get_object_or_404(team.members, username=username)
    if member.pk == team.owner_id:
        raise PermissionDenied("The owner of a team cannot leave it.")
    team.remove_member(member)
    if leaving:
        messages.success(request, _("You left %(team)s.") % {"team": team.name})
        return redirect("annotations:teams")
    messages.success(
        request,
        _("%(name)s is no longer a member of %(team)s.") % {"name": username, "team": team.name},
    )
    return redirect(team)


# Export and import ---------------------------------------------------------------------------


def filtered(request):
    """The viewer's visible notes, narrowed by ?resolution=, ?team=, ?tag= and ?notes=."""
    queryset = Annotation.objects.visible_to(request.user)
    if symbol := request.GET.get("resolution"):
        queryset = queryset.filter(paragraph__resolution__symbol=symbol)
    if team := request.GET.get("team"):
        queryset = queryset.filter(visibility=Annotation.Visibility.TEAM, team__slug=team)
    if tag := request.GET.get("tag"):
        queryset = queryset.filter(tags__slug=tag)
    return queryset.shown(request.GET.get("notes", "all"), request.user)


def exported(request):
    """One page of EXPORT_PAGE notes of the viewer's, filtered: an export costs the same
    whatever the library holds, and each page is a file the import takes whole."""
    queryset = filtered(request)
    queryset = queryset.select_related("paragraph__resolution", "author", "team").order_by(
        "paragraph__resolution__symbol", "paragraph__position", "created", "id"
    )
    page = Paginator(queryset, EXPORT_PAGE).get_page(request.GET.get("page"))
    page.notes = attach_tags(list(page.object_list))
    return page


def page_url(request, number: int) -> str:
    query = request.GET.copy()
    query["page"] = number
    return absolute(f"{request.path}?{query.urlencode()}")


def export_links(request, page) -> dict[str, str]:
    links = {}
    if page.has_next():
        links["next"] = page_url(request, page.next_page_number())
    if page.has_previous():
        links["prev"] = page_url(request, page.previous_page_number())
    if page.paginator.num_pages > 1:
        links["first"] = page_url(request, 1)
        links["last"] = page_url(request, page.paginator.num_pages)
    return links


def link_header(response, links: dict[str, str]):
    if links:
        response["Link"] = ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items())
    return response


@per_viewer
@require_GET
def annotation_list(request):
    """Every note the viewer may see, narrowed like the exports; for htmx, the reader's count
    of notes shown, which refreshes itself whenever a note is saved."""
    queryset = filtered(request)
    query = request.GET.copy()
    query.pop("page", None)
    if wants_fragment(request):
        context = {"total": queryset.count(), "query": query.urlencode()}
        return render(request, "annotations/list.html#summary", context)
    # Grouped by resolution, in the order of their texts, 50 notes a page.
    page = Paginator(
        queryset.select_related("paragraph__resolution", "author", "team").order_by(
            "paragraph__resolution__symbol", "paragraph__position", "created", "id"
        ),
        50,
    ).get_page(request.GET.get("page"))
    notes = attach_tags(list(page.object_list))
    groups: dict[int, dict] = {}
    for note in notes:
        resolution = note.paragraph.resolution
        groups.setdefault(resolution.pk, {"resolution": resolution, "notes": []})
        groups[resolution.pk]["notes"].append(note)
    context = {
        "page": page,
        "groups": list(groups.values()),
        "query": query.urlencode(),
        "total": page.paginator.count,
        "teams": team_choices_for(request.user),
        "tags": visible_tags(request.user),
        "team_chosen": request.GET.get("team", ""),
        "tag_chosen": request.GET.get("tag", ""),
        "kept": [
            (key, request.GET[key]) for key in ("resolution", "notes") if request.GET.get(key)
        ],
    }
    return render(request, "annotations/list.html", context)


@per_viewer
@require_GET
@within_budget("export")
def export_jsonld(request):
    page = exported(request)
    collection = to_collection(
        page.notes,
        absolute,
        absolute(request.get_full_path()),
        total=page.paginator.count,
        start=page.start_index() - 1 if page.paginator.count else 0,
        links=export_links(request, page),
    )
    response = JsonResponse(
        collection,
        content_type='application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = 'attachment; filename="annotations.jsonld"'
    return link_header(response, export_links(request, page))


@per_viewer
@require_GET
@within_budget("export")
def export_csv(request):
    # UTF-8 with a byte-order mark: spreadsheets then read dashes and accents as written.
    page = exported(request)
    response = HttpResponse(
        "\ufeff" + to_csv(page.notes, absolute),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="annotations.csv"'
    return link_header(response, export_links(request, page))


@per_viewer
@require_http_methods(["GET", "POST"])
@sign_in_required
@within_budget("import", methods=("POST",))
def import_view(request):
    form = ImportForm(
        request.POST or None, request.FILES or None, teams=team_choices_for(request.user)
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = import_collection(
                    data["file"].read(), request.user, data["visibility"], data["team"]
                )
            except InvalidImport as error:
                form.add_error("file", str(error))
            else:
                messages.success(
                    request,
                    _(
                        "Imported %(created)d notes as “%(label)s”; "
                        "skipped %(skipped)d you already had."
                    )
                    % {
                        "created": result.created,
                        "label": data["label"],
                        "skipped": result.skipped,
                    },
                )
                return redirect("annotations:import")
        status = 400
    return render(request, "annotations/import.html", {"form": form}, status=status)


# Accounts ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@within_budget("signup", methods=("POST",))
def signup(request):
    if not settings.SIGNUP_ENABLED:
        raise Http404("Sign-up is closed.")
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    # An invitation's link fills in the address it was sent to.
    form = SignupForm(request.POST or None, initial={"email": request.GET.get("email", "")[:254]})
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
            next_url = settings.LOGIN_REDIRECT_URL
        return redirect(next_url)
    return render(
        request,
        "registration/signup.html",
        {"form": form, "next": request.GET.get("next", "")},
        status=400 if form.errors else 200,
    )
