"""Revisions: a facilitator freezes the draft as Rev.1, Rev.2…, with the accepted proposals
merged and nothing pending; any two texts, the base included, compare paragraph by paragraph;
each paragraph's wording runs from the base through every revision."""

import pytest

from drafts import revisions
from drafts.models import DraftParagraph, Proposal, Status
from resolutions.across import alignment
from tests.drafts.negotiation_rows import accept, draft_from, propose
from tests.library_rows import ROOT_CAUSES, TRAFFICKING, make

STRONGER = ROOT_CAUSES.replace("strengthen measures", "strengthen and implement measures")


@pytest.fixture
def base(db):
    return make(
        "A/RES/79/154",
        TRAFFICKING,
        [
            ("pp1", "Reaffirming its commitment to end trafficking in persons,"),
            ("op1", "Takes note of the report of the Secretary-General;"),
            ("op2", ROOT_CAUSES),
            ("op3", "Decides to continue its consideration of the question."),
        ],
    )


@pytest.fixture
def draft(base, team, author):
    return draft_from(base, team, author)


def paragraph(draft, pid):
    return DraftParagraph.objects.get(draft=draft, pid=pid)


def test_a_revision_holds_the_accepted_wording_and_not_the_pending_one(draft, author):
    accept(propose(paragraph(draft, "op2"), author, STRONGER), author)
    propose(paragraph(draft, "op1"), author, "Welcomes the report of the Secretary-General;")
    revision = revisions.issue(draft, author, note="After the second informal")
    assert revision.number == 1
    texts = {row["pid"]: row["text"] for row in revision.paragraphs}
    assert texts["op2"] == STRONGER
    assert texts["op1"] == "Takes note of the report of the Secretary-General;"
    assert [row["pid"] for row in revision.paragraphs] == ["pp1", "op1", "op2", "op3"]


def test_a_deleted_paragraph_is_left_out_of_the_revision(draft, author):
    accept(propose(paragraph(draft, "op3"), author, "", kind=Proposal.Kind.DELETE), author)
    revision = revisions.issue(draft, author)
    assert "op3" not in [row["pid"] for row in revision.paragraphs]


def test_revisions_are_numbered_one_after_another_and_stay_frozen(draft, author):
    first = revisions.issue(draft, author)
    accept(propose(paragraph(draft, "op2"), author, STRONGER), author)
    second = revisions.issue(draft, author)
    assert (first.number, second.number) == (1, 2)
    first.refresh_from_db()
    assert ROOT_CAUSES in [row["text"] for row in first.paragraphs]
    assert revisions.text_of(draft, 2).name == "Rev.2"
    assert revisions.text_of(draft, 3) is None


def test_issuing_records_a_change_that_people_reading_the_draft_see(draft, author):
    before = draft.version
    revisions.issue(draft, author)
    draft.refresh_from_db()
    assert draft.version == before + 1


def test_a_facilitator_who_read_an_older_state_issues_nothing(draft, author):
    seen = draft.version
    accept(propose(paragraph(draft, "op2"), author, STRONGER), author)
    draft.touch()
    with pytest.raises(revisions.StaleDraft):
        revisions.issue(draft, author, seen_version=seen)
    assert not draft.revisions.exists()


def test_revision_zero_is_the_base_resolution_as_the_library_holds_it(draft, base):
    text = revisions.text_of(draft, 0)
    assert text.name == "A/RES/79/154"
    assert [p.pid for p in text.paragraphs] == ["pp1", "op1", "op2", "op3"]
    assert text.paragraphs[2].display_name == "operative paragraph 2"


def test_rev1_compared_with_the_base_marks_the_words_and_the_new_paragraph(draft, author):
    accept(propose(paragraph(draft, "op2"), author, STRONGER), author)
    accept(propose(paragraph(draft, "op3"), author, "", kind=Proposal.Kind.DELETE), author)
    added = propose(
        paragraph(draft, "op1"),
        author,
        "Calls upon States to ratify the Protocol;",
        kind=Proposal.Kind.ADD_AFTER,
        delegation="African Group",
    )
    accept(added, author)
    revisions.issue(draft, author)
    compared = revisions.compare(draft, 1, 0)
    assert (compared.older.number, compared.newer.number) == (0, 1)
    by_pid = {(row.new or row.old_one).pid: row for row in compared.rows}
    assert by_pid["op2"].status == alignment.CHANGED
    assert "<ins>and implement</ins>" in str(by_pid["op2"].html)
    assert by_pid["op1bis"].status == alignment.NEW
    assert by_pid["op3"].status == alignment.DROPPED
    assert by_pid["op1"].status == alignment.UNCHANGED
    order = [(row.new or row.old_one).pid for row in compared.rows]
    assert order == ["pp1", "op1", "op1bis", "op2", "op3"]
    assert compared.counts == {"unchanged": 2, "changed": 1, "new": 1, "dropped": 1}


def test_a_text_not_issued_does_not_compare(draft):
    assert revisions.compare(draft, 0, 4) is None
    assert revisions.compare(draft, 0, 0) is None


def test_paragraphs_of_an_uploaded_text_with_other_ids_line_up_by_their_words():
    old = [revisions.Frozen("op1", "operative", "1", ROOT_CAUSES)]
    new = [revisions.Frozen("para-1", "operative", "1", STRONGER)]
    rows = revisions.align(old, new, "en")
    assert [row.status for row in rows] == [alignment.CHANGED]


def test_a_paragraphs_history_runs_from_the_base_through_every_revision(draft, author):
    revisions.issue(draft, author)  # Rev.1: op2 as in the base
    accept(propose(paragraph(draft, "op2"), author, STRONGER), author)
    revisions.issue(draft, author)  # Rev.2: op2 strengthened
    current = paragraph(draft, "op2")
    current.text = STRONGER.replace("Urges", "Strongly urges")
    found = revisions.history(
        revisions.texts(draft), "op2", revisions.freeze([current])[0], draft.language
    )
    assert [step.text.name for step in found.steps] == ["A/RES/79/154", "Rev.1", "Rev.2", "Now"]
    assert [step.status for step in found.steps] == ["", "unchanged", "changed", "changed"]
    assert "<ins>and implement</ins>" in str(found.steps[2].html)
    assert "<ins>Strongly</ins>" in str(found.steps[3].html)


def test_a_new_paragraph_enters_the_revision_once_accepted(draft, author):
    added = propose(paragraph(draft, "op3"), author, "New text.", kind=Proposal.Kind.ADD_AFTER)
    assert "op3bis" not in [row["pid"] for row in revisions.issue(draft, author).paragraphs]
    accept(added, author)
    revisions.issue(draft, author)
    found = revisions.history(revisions.texts(draft), "op3bis", None, "en")
    assert [(s.text.name, s.status) for s in found.steps] == [("Rev.2", "new")]


def test_changed_since_the_last_revision_names_words_and_status(draft, author):
    revisions.issue(draft, author)
    accept(propose(paragraph(draft, "op2"), author, STRONGER), author)
    op3 = paragraph(draft, "op3")
    op3.status = Status.AD_REF
    op3.save()
    changed = revisions.changed_since_last(draft, draft.paragraphs.all())
    assert changed == {"op2", "op3"}
