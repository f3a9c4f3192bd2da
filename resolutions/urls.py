"""URLs for the library, the reader, instruments and search."""

from django.urls import path

from . import views

app_name = "resolutions"

urlpatterns = [
    path("", views.library, name="library"),
]
