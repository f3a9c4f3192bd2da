"""URLs for accounts, teams, tags and notes."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .forms import SignInForm

notes = [
    path("teams/", views.team_list, name="teams"),
    path("teams/invitations/<uuid:uuid>/", views.invitation_view, name="invitation"),
    path("teams/<slug:slug>/", views.team_detail, name="team"),
    path("teams/<slug:slug>/accept/", views.team_accept, name="team_accept"),
    path("teams/<slug:slug>/decline/", views.team_decline, name="team_decline"),
    path(
        "teams/<slug:slug>/members/<str:username>/remove/",
        views.team_remove_member,
        name="team_remove_member",
    ),
    path("tags/", views.tag_list, name="tags"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag"),
    path("tags/<slug:slug>/rename/", views.tag_rename, name="tag_rename"),
    path("annotations/", views.annotation_list, name="list"),
    path("annotations/export.jsonld", views.export_jsonld, name="export_jsonld"),
    path("annotations/export.csv", views.export_csv, name="export_csv"),
    path("annotations/import/", views.import_view, name="import"),
    path("annotations/<uuid:uuid>/", views.annotation_detail, name="detail"),
    path("annotations/<uuid:uuid>/edit/", views.annotation_edit, name="edit"),
    path("annotations/<uuid:uuid>/delete/", views.annotation_delete, name="delete"),
    path("annotations/<uuid:uuid>/restore/", views.annotation_restore, name="restore"),
    path(
        "resolutions/<path:symbol>/<str:pid>/notes/",
        views.paragraph_notes,
        name="paragraph_notes",
    ),
    path("resolutions/<path:symbol>/<str:pid>/notes/new/", views.new_note, name="new_note"),
]

urlpatterns = [
    # Django's auth views keep their own names ("login", "logout", …); ours are "annotations:…".
    path("accounts/signup/", views.signup, name="signup"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include((notes, "annotations"))),
]
