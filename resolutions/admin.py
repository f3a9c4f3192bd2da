"""Everything the library holds, browsable and searchable in the Django admin."""

from django.contrib import admin

from resolutions.across.series import STAFF, link_versions
from resolutions.cache import pages as pagecache
from resolutions.models import (
    Citation,
    Footnote,
    FootnoteMarker,
    Instrument,
    MemberState,
    Paragraph,
    ParagraphText,
    Resolution,
    ResolutionText,
    Subject,
    Vote,
)


class ParagraphInline(admin.TabularInline):
    model = Paragraph
    fields = ["pid", "kind", "text", "revision", "in_text"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


class ResolutionTextInline(admin.TabularInline):
    model = ResolutionText
    fields = ["language", "title", "source_name", "source_form", "updated_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Resolution)
class ResolutionAdmin(admin.ModelAdmin):
    list_display = ["symbol", "title", "adopted", "committee", "vote_outcome", "primary_language"]
    list_filter = ["session", "committee", "vote_outcome", "primary_language", "source_form"]
    search_fields = ["symbol", "title", "report_symbol"]
    readonly_fields = ["source_checksum", "created_at", "updated_at", "previous_version_found_by"]
    raw_id_fields = ["previous_version"]
    filter_horizontal = ["subjects"]
    inlines = [ResolutionTextInline, ParagraphInline]
    actions = ["let_detection_decide"]

    def save_model(self, request, obj, form, change):
        # A link set (or removed) by staff is a correction: `link_versions` keeps it.
        if "previous_version" in form.changed_data:
            obj.previous_version_found_by = STAFF
        super().save_model(request, obj, form, change)
        pagecache.changed(pagecache.LIBRARY)

    @admin.action(description="Let version detection decide their previous versions again")
    def let_detection_decide(self, request, queryset):
        queryset.filter(previous_version_found_by=STAFF).update(
            previous_version=None, previous_version_found_by=""
        )
        link_versions()
        pagecache.changed(pagecache.LIBRARY)


@admin.register(ParagraphText)
class ParagraphTextAdmin(admin.ModelAdmin):
    list_display = ["paragraph", "language", "text"]
    list_filter = ["language"]
    search_fields = ["text", "paragraph__pid", "paragraph__resolution__symbol"]
    list_select_related = ["paragraph__resolution"]
    raw_id_fields = ["paragraph"]


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ["label", "scheme", "uri"]
    list_filter = ["scheme"]
    search_fields = ["label", "slug"]


@admin.register(MemberState)
class MemberStateAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ["resolution", "state", "position"]
    list_filter = ["position"]
    search_fields = ["resolution__symbol", "state__name"]
    list_select_related = ["resolution", "state"]
    raw_id_fields = ["resolution", "state"]


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin):
    list_display = ["pid", "resolution", "kind", "revision", "in_text"]
    list_filter = ["kind", "in_text", "resolution"]
    search_fields = ["pid", "text", "resolution__symbol"]
    list_select_related = ["resolution"]
    raw_id_fields = ["parent"]


@admin.register(Footnote)
class FootnoteAdmin(admin.ModelAdmin):
    list_display = ["number", "resolution", "text"]
    list_filter = ["resolution"]
    search_fields = ["text", "resolution__symbol"]
    list_select_related = ["resolution"]


@admin.register(FootnoteMarker)
class FootnoteMarkerAdmin(admin.ModelAdmin):
    list_display = ["paragraph", "footnote", "offset", "cited_words"]
    search_fields = ["cited_words", "paragraph__pid", "paragraph__resolution__symbol"]
    list_select_related = ["paragraph__resolution", "footnote"]


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["title", "short_name", "kind", "symbol", "unts_volume", "unts_number"]
    list_filter = ["kind", "in_catalogue"]
    search_fields = ["title", "short_name", "symbol", "sales_number", "slug"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["resolution", "paragraph", "footnote", "instrument", "via", "words"]
    list_filter = ["via", "instrument__kind"]
    search_fields = ["words", "instrument__title", "resolution__symbol"]
    list_select_related = ["resolution", "paragraph", "footnote", "instrument"]
    raw_id_fields = ["paragraph", "footnote", "instrument"]
