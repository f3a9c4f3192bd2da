"""Readable, unique slugs for the rows people link to (Member States, subjects, teams)."""

from django.db.models import Q
from django.utils.text import slugify


def unique_slug(model, text: str, fallback: str) -> str:
    """The slug of `text`, with the first free number after it when taken: one query, however
    many slugs start the same way."""
    base = slugify(text)[:100] or fallback
    taken = set(
        model.objects.filter(Q(slug=base) | Q(slug__startswith=f"{base}-")).values_list(
            "slug", flat=True
        )
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
