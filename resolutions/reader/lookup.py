"""The resolution a URL names: found by its symbol, or told apart from a misspelt one."""

from django.http import Http404
from django.shortcuts import render

from resolutions.cache import fragments
from resolutions.models import UNDOCS_URL, Language, Resolution


class MisspeltSymbol(Exception):
    """The symbol names a resolution we have, in other capitals (a/res/79/154)."""

    def __init__(self, resolution):
        self.resolution = resolution


def get_resolution(symbol: str) -> Resolution:
    resolution = fragments.with_tokens(Resolution.objects.filter(symbol=symbol)).first()
    if resolution is None:
        resolution = Resolution.objects.filter(symbol__iexact=symbol).first()
        if resolution is not None:
            raise MisspeltSymbol(resolution)
        raise Http404("No such resolution in the library")
    return resolution


def resolution_or_404(symbol: str) -> Resolution:
    """The resolution, whatever the capitals of its symbol; 404 when the library lacks it."""
    try:
        return get_resolution(symbol)
    except MisspeltSymbol as misspelt:
        return misspelt.resolution


def symbol_not_found(request, symbol):
    """Not in the library: say so, and offer the official text, which may well exist."""
    context = {"symbol": symbol, "undocs_url": UNDOCS_URL.format(symbol=symbol)}
    return render(request, "404.html", context, status=404)


def asked_language(request, resolution) -> str:
    """The language `?lang=` asks for, else the resolution's own."""
    language = request.GET.get("lang", "")
    return language if language in Language.values else resolution.primary_language
