"""URLs of the negotiation drafts (../shared/DESIGN.md lists them)."""

from drafts import library_urls

app_name = "drafts"

urlpatterns = [*library_urls.urlpatterns]
