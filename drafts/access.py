"""Who may do what with a draft: the one permission rule every drafts view asks.

Outsiders learn nothing, not even that a draft exists: every refusal to read is a 404.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from drafts.models import Draft


@dataclass(frozen=True)
class Access:
    draft: Draft
    read: bool = False
    propose: bool = False  # team members
    facilitate: bool = False  # the team's owner and the members the owner names
    own: bool = False  # the team's owner
    # Reading through the team's read-only link, not as a member.
    shared: bool = False


def access(draft: Draft, user, token: str | None = None) -> Access:
    if user.is_authenticated:
        is_owner = draft.team.owner_id == user.pk
        is_member = is_owner or draft.team.memberships.filter(user=user).exists()
        if is_member:
            facilitates = is_owner or draft.facilitators.filter(pk=user.pk).exists()
            return Access(draft, read=True, propose=True, facilitate=facilitates, own=is_owner)
    if token and draft.share_token and str(draft.share_token) == str(token):
        return Access(draft, read=True, shared=True)
    return Access(draft)


def draft_for(request, slug: str, need: str = "read") -> Access:
    """The draft at `slug` if the viewer may `need` it ("read", "propose", "facilitate",
    "own"); a 404 for anyone who may not even read it, a 403 for a reader who may not act."""
    draft = Draft.objects.select_related("team", "base").filter(slug=slug).first()
    if draft is None:
        raise Http404("No such draft.")
    granted = access(draft, request.user, request.GET.get("key"))
    if not granted.read:
        raise Http404("No such draft.")
    if not getattr(granted, need):
        raise PermissionDenied(f"Reading this draft does not allow you to {need}.")
    return granted
