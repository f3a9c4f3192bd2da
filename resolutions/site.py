"""The site's own address (settings.SITE_URL), from which every absolute link is built."""

from django.conf import settings


def absolute(path: str) -> str:
    """The absolute address of a path on this site, whoever asked and through whichever host."""
    return settings.SITE_URL + path


def site_url(request) -> dict:
    """Templates' `site_url`: a page cached for every reader must not repeat one reader's Host."""
    return {"site_url": settings.SITE_URL}
