"""Annotations in and out: the W3C Web Annotation Data Model (JSON-LD) and CSV for spreadsheets."""

import csv
import datetime
import io
import json
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from resolutions.cache import pages as pagecache
from resolutions.models import Paragraph

from .models import (
    MAX_NOTE_LENGTH,
    MAX_QUOTE_LENGTH,
    MAX_TAG_LENGTH,
    MAX_TAGS_PER_NOTE,
    QUOTE_CONTEXT,
    Annotation,
    NoteTag,
    Quote,
    Tag,
    build_note,
    chunks,
    notes_left,
    require_membership,
    spellings,
    tag_key,
)

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# At most this many annotations in one import: a file over it is refused before anything is
# read further.
IMPORT_MAX_ITEMS = 1000
# Notes written per transaction: others' writes go between two batches.
IMPORT_BATCH = 25
IMPORT_PAUSE = 0.02  # seconds, on SQLite
# Before the United Nations existed no one annotated its resolutions.
EARLIEST_NOTE = datetime.datetime(1945, 10, 24, tzinfo=datetime.UTC)
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


def to_collection(
    annotations, absolute, collection_id: str, *, total=None, start=0, links=None
) -> dict:
    """The collection, with `annotations` as its page starting at `start` of `total`; `links`
    (next, prev, first, last) point at the other pages, as the W3C model pages a collection."""
    items = [to_item(annotation, absolute) for annotation in annotations]
    links = links or {}
    page = {"type": "AnnotationPage", "startIndex": start, "items": items}
    page.update((rel, links[rel]) for rel in ("next", "prev") if rel in links)
    collection = {
        "@context": ANNO_CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": "Notes exported from Resolution Reader",
        "total": len(items) if total is None else total,
        "first": page,
    }
    if "last" in links:
        collection["last"] = links["last"]
    return collection


CSV_HEADER = [
    "id", "resolution", "paragraph", "paragraph_url", "author", "visibility", "tags",
    "quote", "note", "created", "modified",
]  # fmt: skip


# A formula start (=, +, -, @) at the start of a cell or after anything a spreadsheet's import
# offers to split cells on (tab, space, comma, semicolon, and the usual "other" choices: pipe,
# colon, slash), with any whitespace before it; an apostrophe in front keeps it text however
# the file is opened.
FORMULA_START = re.compile(r"(^|[\s,;|:/])(\s*)(?=[=+\-@])")


def _cell(value: str) -> str:
    return FORMULA_START.sub(r"\1\2'", value)


def to_csv(annotations, absolute) -> str:
    out = io.StringIO()
    # Every cell quoted, so that a separator inside one never starts another.
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
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
    claimed: str


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


def _text(value, where: str, what: str, default: str = "", limit: int | None = None) -> str:
    """A string from the file, or a clear refusal; NUL characters, which no database stores,
    are dropped."""
    if value is None:
        return default
    if not isinstance(value, str):
        raise InvalidImport(f"{where}: {what} is not text.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidImport(
            f"{where}: {what} holds a character that is not valid Unicode (a lone surrogate)."
        ) from None
    value = value.replace("\x00", "")
    if limit is not None and len(value) > limit:
        raise InvalidImport(
            f"{where}: {what} has {len(value):,} characters; at most {limit:,} are allowed."
        )
    return value


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
    target = {**target, "source": _text(target["source"], where, "the target source")}
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
    """The note and the tags, within the note form's limits."""
    note, tags = "", {}
    for body in _as_list(item.get("body")):
        if isinstance(body, str):
            note = _text(body, where, "the note", limit=MAX_NOTE_LENGTH)
            continue
        if not isinstance(body, dict) or body.get("type") != "TextualBody":
            raise InvalidImport(f"{where} has a body that is not a TextualBody.")
        if body.get("purpose") == "tagging":
            # A tag is one name: commas, which separate tags in the form, become spaces.
            name = " ".join(_text(body.get("value"), where, "a tag").replace(",", " ").split())
            if len(name) > MAX_TAG_LENGTH:
                raise InvalidImport(f"{where}: a tag is longer than {MAX_TAG_LENGTH} characters.")
            if tag_key(name):
                tags.setdefault(tag_key(name), name)
        else:
            note = _text(body.get("value"), where, "the note", limit=MAX_NOTE_LENGTH)
    if len(tags) > MAX_TAGS_PER_NOTE:
        raise InvalidImport(
            f"{where} has {len(tags):,} tags; a note has at most {MAX_TAGS_PER_NOTE}."
        )
    return note, sorted(tags.values(), key=str.casefold)


def _created(item: dict, where: str):
    """When the item says it was written: the date if the file has a valid one, with the text
    the file gave."""
    raw = item.get("created")
    if raw is None:
        return None, ""
    value = _text(raw, where, "created")
    try:
        created = parse_datetime(value)
    except (ValueError, OverflowError):
        created = None
    if created is None:
        raise InvalidImport(f"{where}: created ({value[:64]!r}) is not a date and time.")
    if timezone.is_naive(created):
        created = created.replace(tzinfo=datetime.UTC)
    return created, value


def believable(created, paragraph: Paragraph) -> bool:
    """A note cannot be written before its resolution was adopted, nor in the future."""
    adopted = paragraph.resolution.adopted
    earliest = EARLIEST_NOTE
    if adopted is not None:
        earliest = datetime.datetime.combine(adopted, datetime.time(), datetime.UTC)
        earliest -= datetime.timedelta(days=1)  # time zones: adopted in New York
    latest = timezone.now() + datetime.timedelta(minutes=5)
    try:
        return earliest <= created.astimezone(datetime.UTC) <= latest
    except (OverflowError, ValueError):
        return False


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
        exact = _text(refined.get("exact"), where, "the quote", limit=MAX_QUOTE_LENGTH)
        prefix = _text(refined.get("prefix"), where, "the quote's prefix")[-QUOTE_CONTEXT:]
        suffix = _text(refined.get("suffix"), where, "the quote's suffix")[:QUOTE_CONTEXT]
    created, claimed = _created(item, where)
    if created is not None and not believable(created, paragraph):
        created = None  # the time of the import; the claim is kept as it was written
    else:
        claimed = ""
    return _Item(
        paragraph=paragraph,
        note=note,
        tags=tags,
        exact=exact,
        prefix=prefix,
        suffix=suffix,
        created=created,
        claimed=claimed[:64],
    )


def import_collection(raw: bytes | str, user, visibility="private", team=None) -> ImportResult:
    """Recreate the annotations of a Web Annotation file for `user`, with the visibility
    chosen for them all (the W3C model has no field for it); an annotation the user already
    has (same paragraph, quote, note and tags) is skipped.

    The whole file is read and checked first, within the note form's limits and at most
    IMPORT_MAX_ITEMS items: a file with any error writes nothing. The notes are then written
    IMPORT_BATCH at a time, each batch a few bulk statements in its own short transaction, so
    that an import never holds the database for long; should the database fail part-way, the
    batches before stay written."""
    if (visibility == Annotation.Visibility.TEAM) != (team is not None):
        raise InvalidImport("Team notes need a team, and only team notes have one.")
    try:
        require_membership(user, team)
    except PermissionDenied as refused:
        raise InvalidImport(str(refused)) from None
    try:
        data = json.loads(raw)
    except RecursionError:
        raise InvalidImport("The file nests its JSON too deeply to be annotations.") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidImport(f"The file is not valid JSON: {error}.") from None
    items = _items(data)
    if len(items) > IMPORT_MAX_ITEMS:
        raise InvalidImport(
            f"The file holds {len(items):,} annotations; at most {IMPORT_MAX_ITEMS:,} are "
            "imported at once. Split it into smaller files."
        )
    paragraphs: dict = {}
    parsed = [_parse_item(n, item, paragraphs) for n, item in enumerate(items, start=1)]
    result = ImportResult()
    seen = _already_there(user, parsed)
    new: list[tuple[Annotation, list[str]]] = []
    for item in parsed:
        key = _identity(item.paragraph.pk, item.note, item.exact, item.tags)
        if key in seen:
            result.skipped += 1
            continue
        seen.add(key)
        # The note form's rule: a quote that is not in the paragraph is not kept.
        annotation = build_note(
            paragraph=item.paragraph,
            author=user,
            note=item.note,
            visibility=visibility,
            team=team,
            quote=Quote(item.exact, item.prefix, item.suffix) if item.exact else None,
            created=item.created or None,
            drop_missing_quote=True,
        )
        annotation.claimed_created = item.claimed
        new.append((annotation, item.tags))
    if len(new) > (left := notes_left(user)):
        raise InvalidImport(
            f"The file holds {len(new):,} new notes, and your account may hold {left:,} more "
            f"(at most {settings.MAX_NOTES_PER_ACCOUNT:,} in all): delete some or import fewer."
        )
    # Tags first, in transactions of their own: a tag on no note yet shows nowhere.
    tags: dict[str, Tag] = {}
    names = list({tag_key(name): name for _, names in new for name in names}.values())
    for part in chunks(names, IMPORT_BATCH * 10):
        with transaction.atomic():
            tags.update((tag.key, tag) for tag in Tag.objects.get_or_create_all(part))
    for start in range(0, len(new), IMPORT_BATCH):
        if start and connection.vendor == "sqlite":
            # SQLite's lock is not fair: a writer waiting for it polls, and would find the
            # next batch already holding it. A moment between batches lets it in.
            time.sleep(IMPORT_PAUSE)
        batch = new[start : start + IMPORT_BATCH]
        _write(batch, tags)
        result.created += len(batch)
    return result


def _already_there(user, parsed: list[_Item]) -> set[tuple]:
    """The identities of the user's notes that an item of the file may repeat: only notes
    with the same text are read, however many notes the user has."""
    seen = set()
    paragraphs = {item.paragraph.pk for item in parsed}
    texts = list({item.note for item in parsed})
    for part in chunks(texts, 100):
        for annotation in (
            Annotation.objects.alive()
            .filter(author=user, paragraph__in=paragraphs, note__in=part)
            .prefetch_related("tag_links")
        ):
            seen.add(
                _identity(
                    annotation.paragraph_id,
                    annotation.note,
                    annotation.quote_exact,
                    annotation.tag_names(),
                )
            )
    return seen


def _write(batch: list[tuple[Annotation, list[str]]], tags: dict[str, Tag]) -> None:
    """One batch of new notes with their tags (each spelled as the file has it), in one short
    transaction."""
    through = NoteTag._meta
    quote = connection.ops.quote_name
    # Plain parameters for the links: building thousands of model objects and their SQL would
    # cost more than the insert itself, inside the transaction.
    columns = [quote(through.get_field(name).column) for name in ("annotation", "tag", "name")]
    insert_links = (
        f"INSERT INTO {quote(through.db_table)} ({', '.join(columns)}) "  # noqa: S608
        "VALUES (%s, %s, %s)"
    )
    with transaction.atomic():
        created = Annotation.objects.bulk_create([a for a, _ in batch])
        links = [
            (annotation.pk, tags[key].pk, name)
            for annotation, (_, names) in zip(created, batch, strict=True)
            for key, name in spellings(names).items()
        ]
        if links:
            with connection.cursor() as cursor:
                cursor.executemany(insert_links, links)
    # Bulk writes send no signals: the page cache is told here, once the notes are there to
    # be seen, and in a moment of its own, so that the resolution's version row is not held
    # (and other writers to the same resolution kept waiting) for the whole batch.
    pagecache.changed(*{pagecache.resolution_scope(a.paragraph.resolution_id) for a, _ in batch})


def _identity(paragraph_id: int, note: str, quote: str, tags: list[str]) -> tuple:
    """What makes two notes the same note, for skipping those already imported."""
    return paragraph_id, note, quote, tuple(sorted(tag_key(name) for name in tags))
