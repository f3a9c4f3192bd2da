"""Drafts made and changed through the workspace, in the few words the tests of revisions and
agreed language need."""

from drafts import workspace
from drafts.models import Proposal


def draft_from(resolution, team, by, label="A/C.3/81/L.23, zero draft"):
    return workspace.start_from(resolution, team=team, label=label, user=by)


def propose(paragraph, by, text, *, delegation="European Union", kind=Proposal.Kind.AMEND):
    paragraph.refresh_from_db()
    return workspace.propose(
        paragraph,
        kind=kind,
        delegation=delegation,
        text=text,
        reason="",
        against_revision=paragraph.revision,
        user=by,
    ).proposal


def accept(proposal, by):
    paragraph = proposal.paragraph
    paragraph.refresh_from_db()
    return workspace.accept(
        proposal, user=by, opened_revision=paragraph.revision, opened_status=paragraph.status
    )
