"""A draft made row by row from a resolution of the library, for the tests of revisions and
agreed language (the drafts app's own start page copies paragraphs the same way)."""

from drafts.models import Draft, DraftParagraph, Proposal


def draft_from(resolution, team, by, slug="l23", label="A/C.3/81/L.23, zero draft"):
    draft = Draft.objects.create(
        team=team, label=label, slug=slug, base=resolution, created_by=by, title=resolution.title
    )
    for paragraph in resolution.paragraphs.in_text().order_by("position"):
        DraftParagraph.objects.create(
            draft=draft,
            pid=paragraph.pid,
            kind=paragraph.kind,
            label=paragraph.label,
            position=paragraph.position * 10,
            text=paragraph.text,
            emphasis=paragraph.emphasis,
            base_paragraph=paragraph,
            base_text=paragraph.text,
        )
    return draft


def propose(paragraph, by, text, *, delegation="European Union", kind=Proposal.Kind.AMEND):
    return Proposal.objects.create(
        paragraph=paragraph,
        kind=kind,
        delegation=delegation,
        text=text,
        against_revision=paragraph.revision,
        against_text=paragraph.text,
        author=by,
    )


def accept(proposal, by):
    """What accepting a proposal does to its paragraph: a new wording becomes its text, a
    deletion deletes it."""
    paragraph = proposal.paragraph
    if proposal.kind == Proposal.Kind.AMEND:
        paragraph.text = proposal.text
        paragraph.revision += 1
    elif proposal.kind == Proposal.Kind.DELETE:
        paragraph.status = "deleted"
    paragraph.save()
    proposal.state = Proposal.State.ACCEPTED
    proposal.decided_by = by
    proposal.save()
