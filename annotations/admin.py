"""Admin for what people add: read mostly, so staff can help without rewriting anyone's words."""

from django.contrib import admin

from .models import Annotation, AnnotationRevision, Membership, NoteTag, Tag, Team


class MembershipInline(admin.TabularInline):
    model = Membership
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "owner", "created"]
    search_fields = ["name", "slug", "owner__username"]
    raw_id_fields = ["owner"]
    inlines = [MembershipInline]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    readonly_fields = ["key"]


class NoteTagInline(admin.TabularInline):
    """The note's tags, each as its author spelled it."""

    model = NoteTag
    extra = 0
    raw_id_fields = ["tag"]


class RevisionInline(admin.TabularInline):
    model = AnnotationRevision
    extra = 0
    can_delete = False
    readonly_fields = ["version", "note", "tags", "visibility", "team", "edited_by", "created"]


@admin.register(Annotation)
class AnnotationAdmin(admin.ModelAdmin):
    list_display = ["uuid", "paragraph", "author", "visibility", "team", "created", "deleted_at"]
    list_filter = ["visibility", "deleted_at"]
    search_fields = ["uuid", "author__username", "note"]
    list_select_related = ["paragraph__resolution", "author", "team"]
    raw_id_fields = ["paragraph", "author", "team"]
    readonly_fields = ["uuid", "version", "created", "modified"]
    inlines = [NoteTagInline, RevisionInline]
