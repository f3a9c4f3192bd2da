"""Hooks through which other apps add per-viewer content to the library's pages.

The resolutions app never imports the apps that use these hooks: settings name them. Each module
listed in ``settings.RESOLUTION_EXTENSIONS`` may define any of

- ``reader_context(request, resolution, paragraphs) -> dict`` for the reader and permalink pages,
- ``search_context(request, query) -> dict`` for the search page,
- ``paragraph_context(request, paragraphs) -> dict`` for pages listing paragraphs from several
  resolutions (an instrument's page),

each returning context for the template. Lists under the same key (for example
``paragraph_templates``) are joined, so several apps can each add a template; other keys must
not collide. A hook must use a constant number of queries, whatever the number of paragraphs.

An app whose content reaches an anonymous reader's page calls ``resolutions.pagecache.changed``
when it writes, so the cached page is rebuilt.
"""

from functools import cache
from importlib import import_module

from django.conf import settings

# Keys whose values are lists of template names, included in order by the resolution templates.
TEMPLATE_LIST_KEYS = (
    "paragraph_templates",  # included inside each paragraph, with `paragraph` in the context
    "toolbar_templates",  # included above the document (filters, counts)
    "search_templates",  # included on the search page below the paragraph results
)


@cache
def _hooks(name: str):
    # A module that fails to import is an error, never a silently missing hook; a module that
    # does not define this hook simply has nothing to add here.
    modules = [import_module(path) for path in settings.RESOLUTION_EXTENSIONS]
    return tuple(getattr(module, name) for module in modules if hasattr(module, name))


def collect(name: str, *args) -> dict:
    context: dict = {key: [] for key in TEMPLATE_LIST_KEYS}
    for hook in _hooks(name):
        for key, value in (hook(*args) or {}).items():
            if key in TEMPLATE_LIST_KEYS:
                context[key] = context[key] + list(value)
            elif key in context:
                raise KeyError(f"two extensions both provide {key!r} to {name}")
            else:
                context[key] = value
    return context


def reader_context(request, resolution, paragraphs) -> dict:
    return collect("reader_context", request, resolution, paragraphs)


def search_context(request, query: str) -> dict:
    return collect("search_context", request, query)


def paragraph_context(request, paragraphs) -> dict:
    return collect("paragraph_context", request, paragraphs)
