"""Sign-in throttling: the client's address as the deployment's trusted proxy reports it, and a
limit on failed sign-ins from one address across every account."""

import datetime

from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from web.budget import client_address  # noqa: F401 - AXES_CLIENT_IP_CALLABLE names it here


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
