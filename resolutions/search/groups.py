"""Search results read like the library: identical wording in the versions of one series shown
once, before a page of results is cut."""

from __future__ import annotations

from typing import Any

from django.db import connection

from resolutions.across.folding import words_of
from resolutions.across.series import SERIES_LIMIT
from resolutions.models import Resolution

# A search hit (`search.query.Hit`): this module is imported by the query, not the other way.
Hit = Any


def series_roots(resolution_ids) -> dict[int, int]:
    """Each resolution's series, named by its oldest version: one query however many
    resolutions and however long their series (none for no resolutions). The links are
    followed back in the database, as `series.earlier_versions` does."""
    ids = sorted(set(resolution_ids))
    if not ids:
        return {}
    table = connection.ops.quote_name(Resolution._meta.db_table)
    marks = ", ".join(["%s"] * len(ids))
    sql = (
        "WITH RECURSIVE chain (start, id, previous, depth) AS ("  # noqa: S608 - no user input
        f" SELECT id, id, previous_version_id, 0 FROM {table} WHERE id IN ({marks})"
        " UNION ALL"
        f" SELECT chain.start, r.id, r.previous_version_id, chain.depth + 1 FROM {table} r"
        " JOIN chain ON r.id = chain.previous WHERE chain.depth < %s"
        ") SELECT start, id, depth FROM chain"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids, SERIES_LIMIT])
        rows = cursor.fetchall()
    roots, depths = {pk: pk for pk in ids}, dict.fromkeys(ids, 0)
    for start, pk, depth in rows:
        if depth > depths[start]:
            roots[start], depths[start] = pk, depth
    return roots


def _newest_first(resolution) -> tuple:
    return (-resolution.session, -resolution.number_int, -resolution.pk)


def group_versions(hits: list[Hit], roots: dict[int, int]) -> list[Hit]:
    """The hits with those worded identically (words as agreed language compares them) in
    versions of one series, in one language, shown once: the newest version, in the place of
    the best of them, the others in its `also`, newest first."""
    groups: dict[tuple, list[Hit]] = {}
    order = []
    for hit in hits:
        resolution_id = hit.paragraph.resolution_id
        key = (roots.get(resolution_id, resolution_id), hit.language, tuple(words_of(hit.text)))
        if not hit.text:  # nothing to compare: a group of its own
            key = (id(hit),)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(hit)
    out = []
    for key in order:
        members = sorted(groups[key], key=lambda h: _newest_first(h.paragraph.resolution))
        shown = members[0]
        # One paragraph from each other version: a version repeating the wording twice is
        # named once.
        seen = {shown.paragraph.resolution_id}
        shown.also = []
        for hit in members[1:]:
            if hit.paragraph.resolution_id not in seen:
                seen.add(hit.paragraph.resolution_id)
                shown.also.append(hit)
        out.append(shown)
    return out


def gather(candidates: list, *, resolution, language, text, newest) -> list[list]:
    """Candidates, best first, gathered as `group_versions` gathers hits, before a page is cut
    from them, so that a wording is listed once across every page: each group is in the place
    of its best member, and holds its newest member first, then one member from each other
    version, newest first. `resolution`, `language`, `text` and `newest` read a candidate's
    resolution id, language, text and a key sorting newest first. One query (none for no
    candidates); the words of a text are read only where its series has another version among
    the candidates."""
    roots = series_roots(resolution(c) for c in candidates)
    versions: dict[int, set[int]] = {}
    for candidate in candidates:
        versions.setdefault(roots[resolution(candidate)], set()).add(resolution(candidate))
    groups: dict[tuple, list] = {}
    for n, candidate in enumerate(candidates):
        root = roots[resolution(candidate)]
        said = text(candidate)
        if len(versions[root]) > 1 and said:
            key = (root, language(candidate), tuple(words_of(said)))
        else:
            key = (n,)  # nothing to share it with: a group of its own
        groups.setdefault(key, []).append(candidate)
    out = []
    for members in groups.values():  # in the order of their best members
        members.sort(key=newest)
        seen, kept = set(), []
        for member in members:
            if resolution(member) not in seen:
                seen.add(resolution(member))
                kept.append(member)
        out.append(kept)
    return out


def grouped_hits(groups: list[list[int]], hits: dict[int, Hit]) -> list[Hit]:
    """The hits of a page of groups (`gather`'s, as text row pks): each group's first, with the
    others in its `also`; a row gone since it was found is left out."""
    out = []
    for members in groups:
        found = [hits[pk] for pk in members if pk in hits]
        if found:
            found[0].also = found[1:]
            out.append(found[0])
    return out
