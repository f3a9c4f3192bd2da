"""A resolution as data to take away: JSON in the shape `ingest_resolution --json` prints, and
Akoma Ntoso (AKN4UN) XML in the UN's own layout, both with its versions and its vote."""

from xml.etree import ElementTree as ET

from resolutions.models import (
    Citation,
    Footnote,
    FootnoteMarker,
    Paragraph,
    ParagraphText,
    Resolution,
    Vote,
)

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
AKN4UN = "http://un.org/akn4un"
ISO3 = {"ar": "ara", "zh": "zho", "en": "eng", "fr": "fra", "ru": "rus", "es": "spa"}
OUTCOMES = {"recorded": "adoptedRecordedVote", "without vote": "adoptedWithoutVote"}
COUNT_NAMES = {"in_favour": "inFavour", "against": "against", "abstaining": "abstaining"}


def _versions(resolution: Resolution) -> dict:
    previous = resolution.previous_version
    following = resolution.next_versions.order_by("-session", "-number_int").first()
    return {
        "previous": previous.symbol if previous else None,
        "previous_found_by": resolution.previous_version_found_by or None,
        "next": following.symbol if following else None,
    }


def _votes(resolution: Resolution) -> dict | None:
    if not resolution.vote_outcome:
        return None
    states: dict[str, list[str]] = {"in_favour": [], "against": [], "abstaining": []}
    for name, position in (
        Vote.objects.filter(resolution=resolution)
        .order_by("state__name")
        .values_list("state__name", "position")
    ):
        states[position].append(name)
    return {
        "outcome": resolution.vote_outcome,
        "in_favour": resolution.votes_in_favour or 0,
        "against": resolution.votes_against or 0,
        "abstaining": resolution.votes_abstaining or 0,
        "states": states,
    }


def as_json(resolution: Resolution, language: str | None = None) -> dict:
    """The resolution in the DESIGN.md `--json` shape, in one language (its primary one by
    default), with `versions` and `votes`."""
    language = language or resolution.primary_language
    paragraphs = list(resolution.paragraphs.in_text().order_by("position").select_related("parent"))
    texts = dict(
        ParagraphText.objects.filter(
            paragraph__resolution=resolution, language=language
        ).values_list("paragraph_id", "text")
    )
    markers: dict[int, list[int]] = {}
    for paragraph_id, number in (
        FootnoteMarker.objects.filter(paragraph__resolution=resolution)
        .order_by("paragraph_id", "offset")
        .values_list("paragraph_id", "footnote__number")
    ):
        if number not in markers.setdefault(paragraph_id, []):
            markers[paragraph_id].append(number)
    documents: dict[int, list[str]] = {}
    footnote_documents: dict[int, list[str]] = {}
    for paragraph_id, footnote_number, symbol, kind in Citation.objects.filter(
        resolution=resolution, instrument__symbol__gt=""
    ).values_list("paragraph_id", "footnote__number", "instrument__symbol", "via"):
        if paragraph_id and kind == Citation.Via.TEXT:
            bucket = documents.setdefault(paragraph_id, [])
        elif footnote_number:
            bucket = footnote_documents.setdefault(footnote_number, [])
        else:
            continue
        if symbol not in bucket:
            bucket.append(symbol)
    headings = []
    out_paragraphs = []
    for k, p in enumerate(paragraphs):
        text = texts.get(p.pk, p.text)
        if p.kind == Paragraph.Kind.HEADING:
            following = next(
                (q.pid for q in paragraphs[k + 1 :] if q.kind != Paragraph.Kind.HEADING), None
            )
            headings.append({"id": p.pid, "text": text, "before": following})
            continue
        out_paragraphs.append(
            {
                "id": p.pid,
                "kind": p.kind,
                "text": text,
                "footnotes": markers.get(p.pk, []),
                "documents": documents.get(p.pk, []),
                "label": p.label,
                "parent": p.parent.pid if p.parent_id else None,
                "part": p.part or None,
                "annex": p.annex,
                **({"table": p.table} if p.table is not None else {}),
            }
        )
    footnotes = []
    for footnote in Footnote.objects.filter(resolution=resolution).prefetch_related("texts"):
        own = next((t.text for t in footnote.texts.all() if t.language == language), None)
        footnotes.append(
            {
                "number": footnote.number,
                "text": own or footnote.text,
                "documents": footnote_documents.get(footnote.number, []),
            }
        )
    resolution_text = resolution.texts.filter(language=language).first()
    return {
        "symbol": resolution.symbol,
        "session": resolution.session,
        "title": resolution_text.title if resolution_text else resolution.title,
        "adopted": resolution.adopted.isoformat() if resolution.adopted else None,
        "language": language,
        "paragraphs": out_paragraphs,
        "footnotes": footnotes,
        "parts": resolution_text.parts if resolution_text else [],
        "annexes": resolution_text.annexes if resolution_text else [],
        "headings": headings,
        "votes": _votes(resolution),
        "subjects": [
            {"scheme": s.scheme, "label": s.label, "uri": s.uri} for s in resolution.subjects.all()
        ],
        "versions": _versions(resolution),
    }


def _sub(parent, tag, text=None, **attrs):
    element = ET.SubElement(
        parent,
        f"{{{AKN}}}{tag}",
        {k.rstrip("_"): str(v) for k, v in attrs.items() if v is not None},
    )
    if text is not None:
        element.text = text
    return element


def _p(parent, text: str, markers: list[tuple[int, int, str]], table=None):
    """A `<p>` with the text and its footnotes as `<authorialNote>` at their offsets; or the
    table the text was made from."""
    if table is not None:
        grid = _sub(parent, "table")
        for row in table:
            tr = _sub(grid, "tr")
            for cell in row:
                _sub(tr, "td", cell)
        return grid
    p = _sub(parent, "p")
    pos = 0
    last = None
    for offset, number, note in sorted(markers):
        chunk = text[pos:offset]
        if last is None:
            p.text = (p.text or "") + chunk
        else:
            last.tail = (last.tail or "") + chunk
        last = _sub(
            p, "authorialNote", marker=number, placement="bottom", eId=f"authorialNote_{number}"
        )
        _sub(last, "p", note)
        pos = offset
    if last is None:
        p.text = (p.text or "") + text[pos:]
    else:
        last.tail = (last.tail or "") + text[pos:]
    return p


def as_akn(resolution: Resolution, language: str | None = None) -> bytes:
    """The resolution as AKN4UN XML in the layout of the UN's files: metadata (work, expression,
    classification, voting), preface, preamble of `<container>`s and a main body of numbered
    `<paragraph>`s with `<list>`s of `<point>`s; footnotes as `<authorialNote>`s. The versions
    are `<passiveRef>`/`<activeRef>`s in `<references>`."""
    data = as_json(resolution, language)
    ET.register_namespace("", AKN)
    ET.register_namespace("akn4un", AKN4UN)
    root = ET.Element(f"{{{AKN}}}akomaNtoso")
    statement = _sub(root, "statement", name="resolution")
    meta = _sub(statement, "meta")
    _identification(meta, resolution, data)
    _classification(meta, data["subjects"])
    _voting(meta, data["votes"])
    _references(meta, data["versions"])
    _text(root, statement, resolution, data)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _identification(meta, resolution: Resolution, data: dict) -> None:
    """The FRBR work, expression and manifestation, named as the UN names them."""
    ident = _sub(meta, "identification", source="#DGACM")
    date = data["adopted"] or "0001-01-01"
    number = f"{resolution.session}-{resolution.number}"
    work_uri = f"/akn/un/statement/deliberation/unga/{date}/{number}/"
    lang3 = ISO3.get(data["language"], data["language"])
    work = _sub(ident, "FRBRWork")
    _sub(work, "FRBRthis", value=f"{work_uri}!main/")
    _sub(work, "FRBRuri", value=work_uri)
    _sub(work, "FRBRdate", date=date, name="adoption")
    _sub(work, "FRBRauthor", href="ga", as_="author")
    _sub(work, "FRBRcountry", value="un")
    expression = _sub(ident, "FRBRExpression")
    _sub(expression, "FRBRthis", value=f"{work_uri}{lang3}@!main/")
    _sub(expression, "FRBRuri", value=f"{work_uri}{lang3}@/")
    _sub(expression, "FRBRdate", date=date, name="publication")
    _sub(expression, "FRBRauthor", href="ga", as_="issuer")
    _sub(expression, "FRBRlanguage", language=lang3)
    manifestation = _sub(ident, "FRBRManifestation")
    _sub(manifestation, "FRBRthis", value=f"{work_uri}{lang3}@/!main.xml")
    _sub(manifestation, "FRBRuri", value=f"{work_uri}{lang3}@.xml")
    _sub(manifestation, "FRBRdate", date=date, name="markup")
    _sub(manifestation, "FRBRauthor", href="DGACM", as_="editor")


# The machine's tags in the SDG block, the UN Library's terms in its own (DHLAUTH), as the UN's
# files keep them; agenda items are written with the header, read back from it.
CLASSIFICATIONS = [
    ("https://metadata.un.org/sdg", {"SDG": "SDGO", "UNBIS": "UNBIS", "EuroVoc": "EuroVoc"}),
    ("DHLAUTH", {"UNBIS-library": "UNBIS Thesaurus"}),
]


def _classification(meta, subjects: list[dict]) -> None:
    for source, dictionaries in CLASSIFICATIONS:
        kept = [s for s in subjects if s["scheme"] in dictionaries]
        if not kept:
            continue
        classification = _sub(meta, "classification", source=source)
        for subject in kept:
            _sub(
                classification,
                "keyword",
                value=subject["label"],
                href=subject["uri"] or "#",
                showAs=subject["label"],
                dictionary=dictionaries[subject["scheme"]],
            )


def _voting(meta, votes: dict | None) -> None:
    """How the resolution was adopted, and by a recorded vote who voted how."""
    if not votes:
        return
    analysis = _sub(meta, "analysis", source="#un")
    voting = _sub(
        _sub(analysis, "parliamentary"),
        "voting",
        outcome=OUTCOMES.get(votes["outcome"], votes["outcome"]),
    )
    if votes["outcome"] == "recorded":
        for key, name in COUNT_NAMES.items():
            count = _sub(voting, "count", value=votes[key] or 0, refersTo=name)
            voters = ET.SubElement(count, f"{{{AKN4UN}}}voters")
            for state in votes["states"][key]:
                _sub(voters, "organization", state, refersTo="memberState")
    _sub(voting, "quorum", value="")


def _references(meta, versions: dict) -> None:
    """The previous and the next version, and the General Assembly."""
    references = _sub(meta, "references", source="#DGACM")
    if versions["previous"]:
        _sub(
            references,
            "passiveRef",
            eId="previousVersion",
            href=f"/akn/un/statement/deliberation/unga/{versions['previous']}",
            showAs=versions["previous"],
        )
    if versions["next"]:
        _sub(
            references,
            "activeRef",
            eId="nextVersion",
            href=f"/akn/un/statement/deliberation/unga/{versions['next']}",
            showAs=versions["next"],
        )
    _sub(
        references,
        "TLCOrganization",
        eId="ga",
        href="/akn/ontology/organization/un/generalAssembly",
        showAs="General Assembly",
    )


def _text(root, statement, resolution: Resolution, data: dict) -> None:
    """The front, the body (one statement per part of a multi-part resolution), the annexes
    attached to the last, and the headings after the last paragraph."""
    notes = {f["number"]: f["text"] for f in data["footnotes"]}
    offsets = _marker_offsets(resolution)
    headings: dict[str | None, list[str]] = {}
    for heading in data["headings"]:
        headings.setdefault(heading["before"], []).append(heading["text"])
    main = [p for p in data["paragraphs"] if p["annex"] is None]
    placed = {n for marks in offsets.values() for _, n in marks}
    title_notes = [(n, text) for n, text in notes.items() if n not in placed]
    _front(statement, resolution, data["title"], title_notes)
    if data["parts"] and any(p["part"] for p in main):
        attach_to = _parts(root, statement, data["parts"], main, headings, notes, offsets)
    else:
        _body(statement, main, headings, notes, offsets)
        attach_to = statement
    annexed = [p for p in data["paragraphs"] if p["annex"] is not None]
    if annexed:
        attachments = _sub(attach_to, "attachments")
        for number in sorted({p["annex"] for p in annexed}):
            doc = _sub(_sub(attachments, "attachment"), "doc", name="annex")
            mine = [p for p in annexed if p["annex"] == number]
            _body(doc, mine, headings, notes, offsets, formula=False)
    trailing = headings.get(None, [])
    if trailing:
        bodies = root.findall(f".//{{{AKN}}}mainBody")
        for text in trailing:
            _sub(bodies[-1] if bodies else statement, "heading", text)


def _parts(root, statement, parts, main, headings, notes, offsets):
    """A multi-part resolution (77/264 A-C): a collection of statements, one per part. Returns
    the last, which the annexes are attached to."""
    statement.tag = f"{{{AKN}}}documentCollection"
    statement.set("name", "publication")
    components = _sub(root, "components")
    for k, part in enumerate(parts, start=1):
        label = part["label"]
        component = _sub(components, "component", eId=f"component_{k}")
        inner = _sub(component, "statement", name="resolution")
        preface = _sub(_sub(inner, "preface"), "p")
        _sub(preface, "docNumber", label)
        _sub(preface, "docTitle", part.get("title") or "")
        mine = [p for p in main if (p["part"] or "") == label.lower()]
        _body(inner, mine, headings, notes, offsets)
    return inner


def _front(statement, resolution, title, title_notes=()):
    cover = _sub(statement, "coverPage", eId="coverPage_1")
    _sub(_sub(cover, "p"), "docNumber", resolution.symbol, refersTo="#symbol")
    _sub(
        _sub(cover, "p"),
        "session",
        str(resolution.session),
        refersTo="#generalAssembly",
        value=resolution.session,
    )
    preface = _sub(_sub(statement, "preface"), "p")
    _sub(preface, "docNumber", f"{resolution.session}/{resolution.number}.")
    doc_title = _sub(preface, "docTitle", title, refersTo="#resolutionTitle")
    # Footnotes no paragraph carries hang on the title ("Resolution 75/257 … becomes 75/257 A").
    for number, note in title_notes:
        marker = _sub(doc_title, "authorialNote", marker=number, placement="bottom")
        _sub(marker, "p", note)


def _body(statement, paragraphs, headings, notes, offsets, formula=True):
    """A statement's (or an annex's) preamble and main body, in the order of its paragraphs,
    each heading before the paragraph it stands above."""
    preamble = body = None
    elements: dict[str, ET.Element] = {}
    for k, paragraph in enumerate(paragraphs, start=1):
        markers = [(o, n, notes.get(n, "")) for o, n in offsets.get(paragraph["id"], [])]
        preambular = paragraph["kind"] == Paragraph.Kind.PREAMBULAR
        if preambular and body is None and preamble is None:
            preamble = _sub(statement, "preamble")
            if formula:
                _sub(
                    _sub(preamble, "formula", name="enactingFormula"), "p", "The General Assembly,"
                )
        if not preambular and body is None:
            body = _sub(statement, "mainBody")
        where = preamble if preambular and body is None else body
        for text in headings.get(paragraph["id"], []):
            _sub(where, "heading", text)
        if preambular:
            # A preambular paragraph after the operative ones is a crossHeading there.
            tag = "container" if where is preamble else "crossHeading"
            _p(
                _sub(where, tag, eId=f"{tag}_{k}"),
                paragraph["text"],
                markers,
                paragraph.get("table"),
            )
            continue
        # A table that joined the paragraph introducing it follows that paragraph's words, as
        # the UN's markup sets it out (a container of its own after the paragraph).
        table = paragraph.get("table")
        introduced = table is not None and paragraph["text"] != _table_text(table)
        if introduced:
            paragraph = {**paragraph, "table": None}
        _operative(where, paragraph, markers, elements, k)
        if introduced:
            _p(_sub(where, "container", name="table", eId=f"container_{k}_table"), "", [], table)


def _table_text(table) -> str:
    return "\n".join("\t".join(row) for row in table)


def _operative(where, paragraph, markers, elements, k) -> None:
    """An operative paragraph: a point of its parent's list, numbered, or unnumbered."""
    if paragraph["parent"] and paragraph["parent"] in elements:
        parent = elements[paragraph["parent"]]
        listing = parent.find(f"{{{AKN}}}list")
        if listing is None:
            listing = _sub(parent, "list", eId=f"{parent.get('eId')}__list_1")
            intro = parent.find(f"{{{AKN}}}content")
            if intro is not None:
                intro.tag = f"{{{AKN}}}intro"
                parent.remove(intro)
                listing.insert(0, intro)
        point_id = f"{listing.get('eId')}__point_{paragraph['label'].strip('()') or k}"
        point = _sub(listing, "point", eId=point_id)
        _sub(point, "num", _point_label(paragraph["label"]))
        _p(_sub(point, "content"), paragraph["text"], markers, paragraph.get("table"))
        elements[paragraph["id"]] = point
    elif paragraph["label"]:
        element = _sub(where, "paragraph", eId=f"para_{k}")
        label = paragraph["label"]
        _sub(element, "num", f"{label}." if label.isdigit() else label)
        _p(
            _sub(element, "content", eId=f"para_{k}__content"),
            paragraph["text"],
            markers,
            paragraph.get("table"),
        )
        elements[paragraph["id"]] = element
    else:
        element = _sub(where, "container", eId=f"container_{k}")
        _p(element, paragraph["text"], markers, paragraph.get("table"))
        elements[paragraph["id"]] = element


def _point_label(label: str) -> str:
    """ "a" is written "(a)"; a label written otherwise in the source ("A.") stays as it is."""
    return f"({label})" if label.isalnum() else label


def _marker_offsets(resolution) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    for pid, offset, number in FootnoteMarker.objects.filter(
        paragraph__resolution=resolution
    ).values_list("paragraph__pid", "offset", "footnote__number"):
        out.setdefault(pid, []).append((offset, number))
    return out
