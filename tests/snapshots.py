"""Rows an ingest wrote, kept per test process so a fixture can lay them down again in bulk.

Ingesting the bundled resolution costs over a second (parse, rows, citations, fingerprints);
dozens of tests want the same result. The first ingest into an empty library is run for real
and every row it added is kept; a later test on an empty library gets the same rows, with the
same primary keys, through `bulk_create`. Where the library is not empty, or the rows would not
be the same, the real ingest runs instead.
"""

from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

_kept: dict[str, list[tuple[type, list]]] = {}

APPS = ("resolutions",)


def _models() -> list[type]:
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in APPS and model._meta.managed
    ]
    return _in_dependency_order(found)


def _in_dependency_order(models: list[type]) -> list[type]:
    """Tables whose foreign keys point only at tables already placed come first."""
    placed: list[type] = []
    remaining = list(models)
    while remaining:
        for model in remaining:
            targets = {
                field.related_model
                for field in model._meta.concrete_fields
                if field.is_relation and field.related_model is not model
            }
            if not (targets & set(remaining)):
                placed.append(model)
                remaining.remove(model)
                break
        else:  # a cycle: deferred constraints take the rest in any order
            placed += remaining
            break
    return placed


def _library_is_empty(models) -> bool:
    return not any(model.objects.exists() for model in models)


def ingested_once(path: str) -> None:
    models = _models()
    if not _library_is_empty(models):
        call_command("ingest_resolution", path, stdout=StringIO())
        return
    kept = _kept.get(path)
    if kept is None:
        call_command("ingest_resolution", path, stdout=StringIO())
        _kept[path] = [(model, list(model.objects.order_by("pk"))) for model in models]
        return
    for model, rows in kept:
        if rows:
            model.objects.bulk_create(
                [
                    model(
                        **{f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields}
                    )
                    for row in rows
                ]
            )
    # Rows came with their keys: the next row a test creates must not take one of them.
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [m for m, _ in kept]):
            cursor.execute(statement)
