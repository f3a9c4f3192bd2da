"""Annotations in and out: the W3C Web Annotation Data Model (JSON-LD) and CSV for spreadsheets."""

import csv
import datetime
import io
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from resolutions.models import Paragraph

from .models import QUOTE_CONTEXT, Annotation, Quote, create_note, parse_tags

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
FRAGMENT_SPEC = "http://tools.ietf.org/rfc/rfc3987"


class InvalidImport(ValueError):
    """The file is not something we can import; the message says where and why."""


def to_item(annotation: Annotation, absolute) -> dict:
    paragraph = annotation.paragraph
    selector: dict = {
        "type": "FragmentSelector",
        "conformsTo": FRAGMENT_SPEC,
        "value": paragraph.pid,
    }
    if annotation.quote_exact:
        selector["refinedBy"] = {
            "type": "TextQuoteSelector",
            "exact": annotation.quote_exact,
            "prefix": annotation.quote_prefix,
            "suffix": annotation.quote_suffix,
        }
    bodies = []
    if annotation.note:
        bodies.append(
            {
                "type": "TextualBody",
                "value": annotation.note,
                "format": "text/markdown",
                "purpose": "commenting",
            }
        )
    bodies += [
        {"type": "TextualBody", "value": tag.name, "purpose": "tagging"}
        for tag in annotation.tag_list
    ]
    return {
        "id": absolute(annotation.get_absolute_url()),
        "type": "Annotation",
        "motivation": "commenting" if annotation.note else "tagging",
        "creator": {"type": "Person", "nickname": annotation.author.get_username()},
        "created": annotation.created.isoformat(),
        "modified": annotation.modified.isoformat(),
        "body": bodies,
        "target": {
            "source": absolute(paragraph_path(paragraph)),
            "selector": selector,
        },
    }


def paragraph_path(paragraph: Paragraph) -> str:
    from .templatetags.annotation_tags import permalink

    return permalink(paragraph)


def to_collection(annotations, absolute, collection_id: str) -> dict:
    items = [to_item(annotation, absolute) for annotation in annotations]
    return {
        "@context": ANNO_CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": "Notes exported from Resolution Reader",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


CSV_HEADER = [
    "id", "resolution", "paragraph", "paragraph_url", "author", "visibility", "tags",
    "quote", "note", "created", "modified",
]  # fmt: skip


def _cell(value: str) -> str:
    # A spreadsheet runs a cell that starts like a formula; a leading apostrophe keeps it text.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def to_csv(annotations, absolute) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for a in annotations:
        writer.writerow(
            _cell(str(value))
            for value in (
                absolute(a.get_absolute_url()),
                a.paragraph.resolution.symbol,
                a.paragraph.pid,
                absolute(paragraph_path(a.paragraph)),
                a.author.get_username(),
                a.visibility_label,
                "; ".join(tag.name for tag in a.tag_list),
                a.quote_exact,
                a.note,
                a.created.isoformat(),
                a.modified.isoformat(),
            )
        )
    return out.getvalue()


@dataclass
class ImportResult:
    created: int = 0
    skipped: int = 0
    messages: list[str] = field(default_factory=list)


@dataclass
class _Item:
    paragraph: Paragraph
    note: str
    tags: list[str]
    exact: str
    prefix: str
    suffix: str
    created: object


def _items(data) -> list:
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise InvalidImport("The file must hold a JSON object: an AnnotationCollection.")
    if data.get("type") == "Annotation":
        return [data]
    if data.get("type") not in ("AnnotationCollection", "AnnotationPage"):
        raise InvalidImport("The file is not a W3C AnnotationCollection (its type is missing).")
    page = data.get("first", data)
    items = page.get("items") if isinstance(page, dict) else None
    if not isinstance(items, list):
        raise InvalidImport("The collection has no list of items.")
    return items


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value, where: str, what: str, default: str = "") -> str:
    """A string from the file, or a clear refusal; NUL characters, which no database stores,
    are dropped."""
    if value is None:
        return default
    if not isinstance(value, str):
        raise InvalidImport(f"{where}: {what} is not text.")
    return value.replace("\x00", "")


def _object(value, where: str, what: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidImport(f"{where}: {what} is not an object.")
    return value


def _target(item: dict, where: str) -> tuple[str, dict]:
    target = item.get("target")
    if isinstance(target, list):
        target = target[0] if target else None
    if isinstance(target, str):
        target = {"source": target}
    if not isinstance(target, dict) or not isinstance(target.get("source"), str):
        raise InvalidImport(f"{where} has no target source.")
    selector = target.get("selector")
    if isinstance(selector, list):
        selector = next(
            (s for s in selector if isinstance(s, dict) and s.get("type") == "FragmentSelector"),
            None,
        )
    return target["source"], _object(selector, where, "the target's selector")


def _paragraph(source: str, selector: dict, where: str, paragraphs: dict) -> Paragraph:
    try:
        path = urlsplit(source).path
    except ValueError:
        raise InvalidImport(f"{where}: the target {source!r} is not a URL.") from None
    pid = None
    if selector.get("type") == "FragmentSelector":
        pid = _text(selector.get("value"), where, "the FragmentSelector's value") or None
    pid = pid or path.rstrip("/").rsplit("/", 1)[-1]
    found = re.match(rf"^/resolutions/(?P<symbol>.+)/{re.escape(pid)}/", path)
    if not found:
        raise InvalidImport(f"{where}: the target {source!r} is not a paragraph.")
    key = (found["symbol"], pid)
    if key not in paragraphs:
        paragraph = (
            Paragraph.objects.select_related("resolution")
            .filter(resolution__symbol=key[0], pid=pid)
            .first()
        )
        if paragraph is None:
            raise InvalidImport(f"{where}: there is no paragraph {pid} in {key[0]} here.")
        paragraphs[key] = paragraph
    return paragraphs[key]


def _bodies(item: dict, where: str) -> tuple[str, list[str]]:
    note, tags = "", []
    for body in _as_list(item.get("body")):
        if isinstance(body, str):
            note = body.replace("\x00", "")
            continue
        if not isinstance(body, dict) or body.get("type") != "TextualBody":
            raise InvalidImport(f"{where} has a body that is not a TextualBody.")
        value = _text(body.get("value"), where, "a body's value")
        if body.get("purpose") == "tagging":
            tags += parse_tags(value.replace(",", " "))
        else:
            note = value
    return note[:20000], sorted(set(tags))


def _created(item: dict, where: str):
    raw = item.get("created")
    if raw is None:
        return None
    value = _text(raw, where, "created")
    try:
        created = parse_datetime(value)
    except ValueError:
        created = None
    if created is None:
        raise InvalidImport(f"{where}: created ({value!r}) is not a date and time.")
    if timezone.is_naive(created):
        created = created.replace(tzinfo=datetime.UTC)
    return created


def _parse_item(number: int, item, paragraphs: dict) -> _Item:
    where = f"Item {number}"
    if not isinstance(item, dict) or item.get("type") != "Annotation":
        raise InvalidImport(f"{where} is not an Annotation.")
    source, selector = _target(item, where)
    paragraph = _paragraph(source, selector, where, paragraphs)
    note, tags = _bodies(item, where)
    refined = _object(selector.get("refinedBy"), where, "the selector's refinedBy")
    exact = prefix = suffix = ""
    if refined:
        if refined.get("type") != "TextQuoteSelector":
            raise InvalidImport(
                f"{where}: the selector is refined by something other than a quote."
            )
        exact = _text(refined.get("exact"), where, "the quote")
        prefix = _text(refined.get("prefix"), where, "the quote's prefix")[-QUOTE_CONTEXT:]
        suffix = _text(refined.get("suffix"), where, "the quote's suffix")[:QUOTE_CONTEXT]
    return _Item(
        paragraph=paragraph,
        note=note,
        tags=tags,
        exact=exact,
        prefix=prefix,
        suffix=suffix,
        created=_created(item, where),
    )


def import_collection(raw: bytes | str, user, visibility="private", team=None) -> ImportResult:
    """Recreate the annotations of a Web Annotation file for `user`, all or none, with the
    visibility chosen for them all (the W3C model has no field for it); an annotation the user
    already has (same paragraph, quote, note and tags) is skipped."""
    if (visibility == Annotation.Visibility.TEAM) != (team is not None):
        raise InvalidImport("Team notes need a team, and only team notes have one.")
    if team is not None and not team.has_member(user):
        raise InvalidImport(f"{user} is not a member of the team {team.name}.")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidImport(f"The file is not valid JSON: {error}.") from None
    paragraphs: dict = {}
    parsed = [_parse_item(n, item, paragraphs) for n, item in enumerate(_items(data), start=1)]
    result = ImportResult()
    existing_notes = Annotation.objects.alive().filter(
        author=user, paragraph__in=[item.paragraph for item in parsed]
    )
    seen = set()
    for annotation in existing_notes.prefetch_related("tags"):
        seen.add(
            (
                annotation.paragraph_id,
                annotation.note,
                annotation.quote_exact,
                tuple(annotation.tag_names()),
            )
        )
    with transaction.atomic():
        for item in parsed:
            key = (item.paragraph.pk, item.note, item.exact, tuple(item.tags))
            if key in seen:
                result.skipped += 1
                continue
            seen.add(key)
            create_note(
                paragraph=item.paragraph,
                author=user,
                note=item.note,
                visibility=visibility,
                team=team,
                tags=item.tags,
                quote=Quote(item.exact, item.prefix, item.suffix) if item.exact else None,
                created=item.created,
            )
            result.created += 1
    return result
