"""URLs of the negotiation drafts (../shared/DESIGN.md lists them)."""

from django.urls import path

from drafts import export_views, library_urls, views

app_name = "drafts"

urlpatterns = [
    path("", views.draft_list, name="list"),
    path("new/", views.new_draft, name="new"),
    path("<slug:slug>/", views.compilation_page, name="compilation"),
    path("<slug:slug>/export.docx", export_views.export_docx, name="export_docx"),
    path("<slug:slug>/export.json", export_views.export_json, name="export_json"),
    path("<slug:slug>/share/", views.share, name="share"),
    path("<slug:slug>/facilitators/", views.facilitators, name="facilitators"),
    path("<slug:slug>/proposals/<int:pk>/accept/", views.accept, name="accept"),
    path("<slug:slug>/proposals/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<slug:slug>/proposals/<int:pk>/stance/", views.stance, name="stance"),
    # Revisions, comparisons, agreed language, the adopted resolution (drafts/library_urls.py).
    *library_urls.urlpatterns,
    # Paragraph ids last: "share" or "new" are never paragraph ids, but routes above win anyway.
    path("<slug:slug>/<str:pid>/", views.paragraph_page, name="paragraph"),
    path("<slug:slug>/<str:pid>/propose/", views.propose, name="propose"),
    path("<slug:slug>/<str:pid>/status/", views.set_status, name="status"),
    path("<slug:slug>/<str:pid>/notes/", views.add_note, name="notes"),
]
