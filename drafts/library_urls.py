"""URLs of a draft beside the library: revisions, comparisons, agreed language, the adopted
resolution. Listed before the drafts app's own, whose `<slug>/<pid>/` would take "revisions"
for a paragraph id."""

from django.urls import path

from drafts import library_views

urlpatterns = [
    path("<slug:slug>/revisions/", library_views.revision_list, name="revisions"),
    path("<slug:slug>/rev/<int:number>/", library_views.revision, name="revision"),
    path("<slug:slug>/compare/<int:a>/<int:b>/", library_views.compare, name="compare"),
    path("<slug:slug>/adopted/", library_views.adopted, name="adopted"),
    path("<slug:slug>/<str:pid>/agreed/", library_views.paragraph_agreed, name="agreed"),
    path("<slug:slug>/<str:pid>/footnotes/", library_views.add_footnote, name="add_footnote"),
]
