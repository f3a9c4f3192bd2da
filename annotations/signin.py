"""Sign-in throttling: the client's address as the deployment's trusted proxy reports it, and a
limit on failed sign-ins from one address across every account."""

import datetime
import ipaddress

from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone


def client_address(request) -> str | None:
    """The address of whoever is signing in. Behind a proxy every request comes from the proxy,
    so the address comes from the header it sets (TRUSTED_PROXY_HEADER), counting
    TRUSTED_PROXY_COUNT entries from the right of the list: entries further left were written
    by the client and prove nothing. Without a configured header, the connection's address."""
    header = settings.TRUSTED_PROXY_HEADER
    if header:
        raw = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        addresses = [part.strip() for part in raw.split(",") if part.strip()]
        count = settings.TRUSTED_PROXY_COUNT
        if len(addresses) >= count:
            try:
                return str(ipaddress.ip_address(addresses[-count]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR")


class AddressThrottleBackend:
    """Refuses every sign-in from an address with AXES_ADDRESS_FAILURE_LIMIT failures within
    the cool-off time, whichever accounts they tried: one address cannot guess at many accounts.
    The per-account lock (Axes) stays per account and address, so that no one can lock out
    someone else from another address."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
        since = timezone.now() - (get_cool_off(request) or datetime.timedelta(0))
        failures = sum(
            AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since).values_list(
                "failures_since_start", flat=True
            )
        )
        if failures >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            # Axes' middleware answers with its lockout page.
            request.axes_locked_out = True
            raise PermissionDenied("Too many failed sign-ins from this address.")
        return None
