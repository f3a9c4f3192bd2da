"""A clear 503 page, instead of a server error, while the database cannot be reached."""

import logging

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)


def outage_response() -> HttpResponse:
    # Rendered without the request: context processors would reach for the session and the
    # user, which live in the database that is down.
    retry_after = getattr(settings, "DATABASE_OUTAGE_RETRY_AFTER", 5)
    response = HttpResponse(render_to_string("503.html", {"retry_after": retry_after}), status=503)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    """Turns a lost or refused database connection into the 503 page with Retry-After.

    Errors raised by a view arrive in process_exception. Errors raised by another middleware
    (the session saved after the view) are turned into a 500 response by Django before they
    reach us, so the got_request_exception signal marks the request and the 500 is replaced.
    Comes in MIDDLEWARE before every middleware that touches the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, "_database_outage", False):
            return outage_response()
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.error("Database unavailable: %s", exception, exc_info=exception)
            return outage_response()
        return None


def _mark_database_outage(sender, request=None, **kwargs):
    import sys

    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DATABASE_ERRORS):
        request._database_outage = True
        logger.error("Database unavailable: %s", error)


got_request_exception.connect(_mark_database_outage, dispatch_uid="database-outage")
