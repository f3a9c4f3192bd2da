"""A proposal made as a member makes it, for tests that need one on the table."""

from drafts import workspace


def proposed(paragraph, user, delegation, kind="amend", text="", reason=""):
    """The proposal, written against the paragraph's text as it now reads."""
    paragraph.refresh_from_db()
    return workspace.propose(
        paragraph,
        kind=kind,
        delegation=delegation,
        text=text,
        reason=reason,
        against_revision=paragraph.revision,
        user=user,
    ).proposal
