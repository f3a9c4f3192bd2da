"""Taking a draft away: the compilation or a revision as Word, the whole draft as JSON. Whoever
may read the draft may take it (members, and readers of the team's read-only link)."""

from django.http import Http404, HttpResponse, JsonResponse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from drafts import exports
from drafts.access import draft_for

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _private(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ["Cookie"])
    return response


@require_GET
def export_docx(request, slug):
    """The compilation with tracked changes by delegation; `?rev=<n>` a revision's clean text
    (0: the resolution the draft started from)."""
    draft = draft_for(request, slug).draft
    revision = request.GET.get("rev")
    if revision is None:
        data, name = exports.compilation_export(draft), f"{draft.slug}-compilation.docx"
    else:
        if not revision.isdigit() or len(revision) > 4:
            raise Http404("No such revision.")
        number = int(revision)
        data = exports.revision_export(draft, number)
        name = f"{draft.slug}-rev{number}.docx" if number else f"{draft.slug}-base.docx"
    return _private(HttpResponse(data, content_type=DOCX), name)


@require_GET
def export_json(request, slug):
    draft = draft_for(request, slug).draft
    response = JsonResponse(exports.as_json(draft), json_dumps_params={"ensure_ascii": False})
    return _private(response, f"{draft.slug}.json")
