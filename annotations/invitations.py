"""How many team invitations wait for the signed-in user, for the header, without a query on
every page: counted once, kept in the cache and forgotten whenever one is made or answered."""

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

# With the per-process cache, another worker may show an old count for at most this long.
TIMEOUT = 60


def key(user) -> str:
    return f"pending-invitations:{user.pk}"


def pending_invitations(user) -> int:
    count = cache.get(key(user))
    if count is None:
        from .models import Invitation

        count = Invitation.objects.filter(user=user).count()
        cache.set(key(user), count, TIMEOUT)
    return count


def forget_pending_invitations(user) -> None:
    cache.delete(key(user))


def remember_on_sign_in(sender, request, user, **kwargs) -> None:
    """Count at sign-in, when a query is spent anyway, so that pages after it spend none."""
    forget_pending_invitations(user)
    pending_invitations(user)


def invitations(request) -> dict:
    """Templates' `pending_invitations`, counted only if a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"pending_invitations": 0}
    return {"pending_invitations": SimpleLazyObject(lambda: pending_invitations(user))}
