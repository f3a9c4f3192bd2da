"""URLs for the library, the reader, instruments and search.

UN symbols contain slashes (A/RES/79/154), so a paragraph URL is the symbol followed by a
paragraph id; the id's pattern decides where the symbol ends.
"""

from django.urls import path, register_converter

from resolutions.across import views as across_views
from resolutions.browse import views as browse_views
from resolutions.reader import views as reader_views
from resolutions.search import views as search_views


class SymbolConverter:
    # Anything up to the last path segments; the patterns after it anchor the end.
    regex = r"[A-Za-z0-9][^?#\x00-\x1f]*?"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class ParagraphIdConverter:
    # pp3, op26, op5a, op5a-ii, op-u2, op-u2a, h4, fn1; in a part (b-op3) or an annex
    # (annex1-op3); in the second or a later run of numbers (s2-op1, b-s2-op1, annex1-s2-op1a).
    # A part's letter in any script: ingest versions before 5 kept the Arabic texts' own
    # (باء-op3), and a paragraph that left the text keeps its id.
    regex = (
        r"(?:[^\W\d_]{1,8}-|annex\d+-)?(?:s\d+-)?"
        r"(?:pp\d+|op\d+[a-z]*(?:-[a-z]+)?|op-u\d+[a-z]*(?:-[a-z]+)?|h\d+)|fn\d+"
    )

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class AkomaNtosoIdConverter:
    regex = r"para_\d+(?:__list_\d+__point_[a-z]+)*|preamble__p_\d+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(SymbolConverter, "symbol")
register_converter(ParagraphIdConverter, "pid")
register_converter(AkomaNtosoIdConverter, "akn")

app_name = "resolutions"

urlpatterns = [
    path("", browse_views.library, name="library"),
    path(
        "resolutions/<symbol:symbol>/compare/<symbol:other>/",
        across_views.compare,
        name="compare",
    ),
    path(
        "resolutions/<symbol:symbol>/<pid:pid>/agreed/",
        across_views.agreed_language,
        name="agreed",
    ),
    path("resolutions/<symbol:symbol>/download.json", browse_views.download_json, name="json"),
    path("resolutions/<symbol:symbol>/download.xml", browse_views.download_akn, name="akn"),
    path("resolutions/<symbol:symbol>/<pid:pid>/", reader_views.paragraph, name="paragraph"),
    path("resolutions/<symbol:symbol>/<akn:pid>/", reader_views.akn_alias, name="akn_alias"),
    path("resolutions/<symbol:symbol>/", reader_views.reader, name="reader"),
    path("instruments/", browse_views.instrument_list, name="instruments"),
    path("instruments/<slug:slug>/", browse_views.instrument_detail, name="instrument"),
    path("search/", search_views.search, name="search"),
    path("states/", browse_views.state_list, name="states"),
    path("states/compare/", browse_views.state_compare, name="states_compare"),
    path("states/<slug:slug>/", browse_views.state_detail, name="state"),
    path("subjects/", browse_views.subject_list, name="subjects"),
    path("subjects/<slug:slug>/", browse_views.subject_detail, name="subject"),
]
