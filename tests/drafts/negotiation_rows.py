"""Drafts made and changed through the workspace, in the few words the tests of revisions and
agreed language need."""

import datetime
import io

from django.core.management import call_command

from drafts import workspace
from drafts.models import Proposal
from tests.library_rows import TRAFFICKING, make

REPORT = "Takes note of the report of the Secretary-General;"


def two_versions(pid: str, adopted_before: str, now: str, *, linked: bool = False) -> dict:
    """A/RES/77/194 and A/RES/79/154, each with op1 and paragraph `pid` (worded
    `adopted_before`, then `now`), indexed for agreed language; `linked`, the newer names the
    older as its previous version."""
    middle = make(
        "A/RES/77/194",
        TRAFFICKING,
        [("op1", REPORT), (pid, adopted_before)],
        adopted=datetime.date(2022, 12, 15),
    )
    newest = make(
        "A/RES/79/154",
        TRAFFICKING,
        [("op1", REPORT), (pid, now)],
        adopted=datetime.date(2024, 12, 17),
        previous_version=middle if linked else None,
    )
    call_command("index_wording", stdout=io.StringIO())
    return {"77": middle, "79": newest}


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
