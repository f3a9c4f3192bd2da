"""Root URLconf: each app brings its own URLs."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("annotations.urls")),
    path("", include("resolutions.urls")),
]
