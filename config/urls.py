"""Root URLconf: each app brings its own URLs."""

from django.contrib import admin
from django.urls import include, path

from web.i18n import switch_language

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/setlang/", switch_language, name="set_language"),
    path("", include("annotations.urls")),
    path("drafts/", include("drafts.urls")),
    path("", include("resolutions.urls")),
]
