"""Views for reading resolutions."""

from django.shortcuts import render


def library(request):
    return render(request, "resolutions/library.html", {})
