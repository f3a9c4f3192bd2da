"""URLs of the negotiation drafts (../shared/DESIGN.md lists them)."""

app_name = "drafts"

urlpatterns = []
