"""Starting a draft from a resolution, proposing, deciding and the paragraph ids new paragraphs
get, as members and facilitators see them on the compilation and paragraph pages."""

import pytest

from drafts import workspace
from drafts.models import Draft, DraftNote, Proposal, Stance, Status
from tests.conftest import signed_in
from tests.drafts.helpers import proposed


def _propose(client, draft, pid, **data):
    paragraph = draft.paragraphs.get(pid=pid)
    data.setdefault("revision", paragraph.revision)
    return client.post(f"/drafts/{draft.slug}/{pid}/propose/", data)


# --- Starting a draft ----------------------------------------------------------------------------


def test_a_draft_started_from_a_resolution_keeps_its_paragraphs_ids_and_opening(
    client, resolution, team, author
):
    op1 = resolution.paragraphs.get(pid="op1")
    op1.emphasis = [[0, 10]]
    op1.save()
    page = signed_in(client, author).get("/drafts/new/?from=A/RES/79/154")
    assert 'value="A/RES/79/154"' in page.content.decode()
    response = client.post(
        "/drafts/new/",
        {"source": "A/RES/79/154", "label": "A/C.3/81/L.23, zero draft", "team": team.slug},
    )
    draft = Draft.objects.get()
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    assert draft.team == team and draft.base == resolution and draft.created_by == author
    assert draft.title == "Trafficking in women and girls"
    assert draft.opening == "The General Assembly,"
    rows = list(draft.paragraphs.values_list("pid", "kind", "label", "text", "base_text"))
    source = list(
        resolution.paragraphs.order_by("position").values_list("pid", "kind", "label", "text")
    )
    assert [r[:4] for r in rows] == source
    assert all(r[3] == r[4] for r in rows)
    copied = draft.paragraphs.get(pid="op1")
    assert copied.base_paragraph == op1 and copied.emphasis == [[0, 10]]
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "<em>Takes note</em>" in page  # the italic opener kept
    assert "The General Assembly," in page


def test_starting_a_draft_for_a_team_one_is_not_in_is_refused_and_keeps_the_label(
    client, resolution, team, outsider
):
    from annotations.models import Team

    own = Team.create(name="Outsider desk", owner=outsider)
    signed_in(client, outsider)
    response = client.post(
        "/drafts/new/", {"source": "A/RES/79/154", "label": "Zero draft", "team": team.slug}
    )
    assert response.status_code == 400
    assert 'value="Zero draft"' in response.content.decode()
    assert not Draft.objects.exists()
    response = client.post(
        "/drafts/new/", {"source": "A/RES/99/999", "label": "Zero draft", "team": own.slug}
    )
    assert response.status_code == 400
    assert "The library holds no resolution A/RES/99/999." in response.content.decode()
    assert not Draft.objects.exists()


# --- Proposals -----------------------------------------------------------------------------------


def test_an_amendment_shows_as_tracked_changes_with_its_delegation(client, draft, teammate):
    signed_in(client, teammate)
    response = _propose(
        client,
        draft,
        "op1",
        kind="amend",
        delegation="European Union",
        text="Welcomes the report of the Secretary-General on trafficking in women and girls;",
        reason="Stronger language.",
    )
    assert response.status_code == 302
    page = client.get(draft.get_absolute_url()).content.decode()
    assert '<strong class="delegation">European Union</strong>' in page
    assert "<del>Takes note of</del><ins>Welcomes</ins> the report" in page
    assert "Stronger language." in page
    # The paragraph's own text is unchanged until a facilitator accepts.
    assert draft.paragraphs.get(pid="op1").text.startswith("Takes note of")


def test_a_proposal_for_no_known_delegation_or_without_wording_is_refused_keeping_the_typing(
    client, draft, teammate, states
):
    signed_in(client, teammate)
    response = _propose(client, draft, "op1", kind="amend", delegation="Atlantis", text="Urges")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose a Member State or a group from the list." in html
    assert 'value="Atlantis"' in html and ">Urges</textarea>" in html
    response = _propose(client, draft, "op1", kind="amend", delegation="Canada", text="")
    assert response.status_code == 400
    assert "Write the wording proposed." in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_proposal_against_a_text_changed_meanwhile_is_refused_showing_the_new_text(
    client, draft, author, teammate
):
    op1 = draft.paragraphs.get(pid="op1")
    opened_on = op1.revision
    accepted = proposed(
        op1,
        author,
        "Group of 77 and China",
        kind="amend",
        text="Welcomes with appreciation the report;",
    )
    workspace.accept(accepted, user=author, opened_revision=opened_on, opened_status="open")
    signed_in(client, teammate)
    typed = "Takes note with appreciation of the report;"
    for headers in ({}, {"HX-Request": "true"}):
        response = client.post(
            f"/drafts/{draft.slug}/op1/propose/",
            {"kind": "amend", "delegation": "European Union", "text": typed, "revision": opened_on},
            headers=headers,
        )
        assert response.status_code == 409
        html = response.content.decode()
        assert "The paragraph changed since you opened it." in html
        assert "Welcomes with appreciation the report;" in html  # the text as it now reads
        assert typed in html  # what they typed, kept
        assert f'name="revision" value="{opened_on + 1}"' in html  # ready to send again
    assert Proposal.objects.filter(delegation="European Union").count() == 0


def test_stances_are_recorded_once_per_delegation_and_never_for_the_proposer(
    client, draft, teammate, states
):
    signed_in(client, teammate)
    _propose(client, draft, "op26", kind="delete", delegation="European Union")
    proposal = Proposal.objects.get()
    url = f"/drafts/{draft.slug}/proposals/{proposal.pk}/stance/"
    client.post(url, {"delegation": "Canada", "position": "support"})
    client.post(url, {"delegation": "Mexico", "position": "oppose"})
    client.post(url, {"delegation": "Canada", "position": "support"})
    refused = client.post(url, {"delegation": "European Union", "position": "support"})
    assert refused.status_code == 400
    assert "That delegation made the proposal." in refused.content.decode()
    assert Stance.objects.count() == 2
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Supported by: Canada." in page and "Opposed by: Mexico." in page
    assert "<del>Decides to continue" in page  # a deletion shows the whole text struck


# --- New paragraphs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("after", "taken", "expected"),
    [
        ("op5", {"op5"}, "op5bis"),
        ("op5", {"op5", "op5bis"}, "op5ter"),
        ("op5bis", {"op5", "op5bis"}, "op5ter"),
        ("op5", {"op5", "op5bis", "op5ter"}, "op5quater"),
        ("pp3", {"pp3"}, "pp3bis"),
    ],
)
def test_new_paragraph_ids_follow_negotiators_and_never_collide(after, taken, expected):
    assert workspace.new_pid(after, taken)[0] == expected


def test_ids_run_on_past_decies_without_colliding():
    taken = {"op5"} | {"op5" + s for s in workspace.LATIN}
    assert workspace.new_pid("op5", taken)[0] == "op5-10"
    assert workspace.new_pid("op5", taken | {"op5-10"})[0] == "op5-11"


def test_a_new_paragraph_after_op1_takes_op1bis_then_op1ter_in_order(client, draft, teammate):
    signed_in(client, teammate)
    response = _propose(
        client, draft, "op1", kind="add", delegation="African Group", text="Calls upon States;"
    )
    assert response.status_code == 302 and response["Location"].endswith("/op1bis/")
    _propose(client, draft, "op1", kind="add", delegation="European Union", text="Urges States;")
    order = list(draft.paragraphs.order_by("position").values_list("pid", flat=True))
    assert order == ["pp1", "op1", "op1bis", "op1ter", "op26"]
    added = draft.paragraphs.get(pid="op1bis")
    assert added.label == "1 bis" and added.text == "Calls upon States;"
    assert added.base_paragraph is None
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "OP 1 bis" in page and "<ins>Calls upon States;</ins>" in page
    # Withdrawn, it is marked deleted and its id stays taken.
    proposal = Proposal.objects.get(delegation="African Group")
    client.post(f"/drafts/{draft.slug}/proposals/{proposal.pk}/withdraw/")
    added.refresh_from_db()
    assert added.status == Status.DELETED
    _propose(client, draft, "op1", kind="add", delegation="Arab Group", text="Invites States;")
    assert draft.paragraphs.filter(pid="op1quater", text="Invites States;").exists()
    assert list(draft.paragraphs.in_text().values_list("pid", flat=True)) == [
        "pp1",
        "op1",
        "op26",
    ]


# --- Status and decisions ------------------------------------------------------------------------


def _opened(paragraph):
    return {
        "revision": paragraph.revision,
        "opened_status": paragraph.status,
        "stamp": workspace.state_stamp(paragraph),
    }


def test_a_facilitator_sets_status_and_the_summary_and_history_follow(client, draft, facilitator):
    signed_in(client, facilitator)
    op1 = draft.paragraphs.get(pid="op1")
    response = client.post(
        f"/drafts/{draft.slug}/op1/status/",
        {**_opened(op1), "status": "adref", "note": "Pending capital"},
    )
    assert response.status_code == 302
    pp1 = draft.paragraphs.get(pid="pp1")
    client.post(f"/drafts/{draft.slug}/pp1/status/", {**_opened(pp1), "status": "agreed"})
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "1 of 3 paragraphs agreed, 1 agreed ad ref, 1 open." in page
    detail = client.get(f"/drafts/{draft.slug}/op1/").content.decode()
    assert "status open → agreed ad ref" in detail and "Pending capital" in detail


def test_two_facilitators_changing_one_paragraph_the_second_gets_a_conflict(
    client, draft, author, facilitator
):
    op1 = draft.paragraphs.get(pid="op1")
    opened = _opened(op1)  # both opened the paragraph at the same moment
    signed_in(client, author)
    client.post(f"/drafts/{draft.slug}/op1/status/", {**opened, "status": "agreed"})
    signed_in(client, facilitator)
    for headers in ({}, {"HX-Request": "true"}):
        response = client.post(
            f"/drafts/{draft.slug}/op1/status/", {**opened, "status": "adref"}, headers=headers
        )
        assert response.status_code == 409
        html = response.content.decode()
        assert "Another facilitator changed this paragraph" in html
        assert "draft-status-agreed" in html  # the state it now has
    op1.refresh_from_db()
    assert op1.status == Status.AGREED
    assert op1.history.count() == 1


def test_a_stale_form_is_refused_even_after_the_status_came_back(client, draft, author):
    op1 = draft.paragraphs.get(pid="op1")
    opened = _opened(op1)
    workspace.set_status(op1, status="agreed", user=author, opened_revision=1, opened_status="open")
    workspace.set_status(op1, status="open", user=author, opened_revision=1, opened_status="agreed")
    signed_in(client, author)
    response = client.post(f"/drafts/{draft.slug}/op1/status/", {**opened, "status": "adref"})
    assert response.status_code == 409


def test_accepting_a_wording_makes_it_the_text_and_older_proposals_stale(
    client, draft, author, teammate
):
    signed_in(client, teammate)
    _propose(
        client, draft, "op1", kind="amend", delegation="European Union", text="Welcomes the report;"
    )
    _propose(
        client,
        draft,
        "op1",
        kind="amend",
        delegation="Group of 77 and China",
        text="Notes the report;",
    )
    eu, g77 = Proposal.objects.order_by("pk")
    op1 = draft.paragraphs.get(pid="op1")
    before = op1.text
    signed_in(client, author)
    response = client.post(
        f"/drafts/{draft.slug}/proposals/{eu.pk}/accept/",
        _opened(op1),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.headers["HX-Trigger"].startswith('{"draftChanged"')
    op1.refresh_from_db()
    assert op1.text == "Welcomes the report;" and op1.revision == 2
    step = op1.history.get()
    assert step.text_before == before and step.proposal == eu
    page = client.get(f"/drafts/{draft.slug}/op1/").content.decode()
    assert "written against an earlier text" in page  # the G77 proposal
    refused = client.post(f"/drafts/{draft.slug}/proposals/{g77.pk}/accept/", _opened(op1))
    assert refused.status_code == 409
    g77.refresh_from_db()
    assert g77.state == Proposal.State.PENDING


def test_accepting_a_deletion_marks_the_paragraph_deleted(client, draft, author):
    signed_in(client, author)
    _propose(client, draft, "op26", kind="delete", delegation="European Union")
    proposal = Proposal.objects.get()
    op26 = draft.paragraphs.get(pid="op26")
    client.post(f"/drafts/{draft.slug}/proposals/{proposal.pk}/accept/", _opened(op26))
    op26.refresh_from_db()
    assert op26.status == Status.DELETED
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "0 of 2 paragraphs agreed, 0 agreed ad ref, 2 open; 1 deleted." in page


# --- Notes and the read-only link ----------------------------------------------------------------


def test_team_notes_are_markdown_made_safe_and_hidden_from_the_read_only_link(
    client, draft, author, teammate
):
    signed_in(client, teammate)
    client.post(
        f"/drafts/{draft.slug}/op1/notes/",
        {"note": "**Capital** says no <script>alert(1)</script>"},
    )
    assert DraftNote.objects.count() == 1
    page = client.get(f"/drafts/{draft.slug}/op1/").content.decode()
    assert "<strong>Capital</strong>" in page and "<script>alert(1)" not in page
    signed_in(client, author)
    client.post(f"/drafts/{draft.slug}/share/", {"share": "on"})
    draft.refresh_from_db()
    client.logout()
    shared = client.get(f"/drafts/{draft.slug}/op1/?key={draft.share_token}").content.decode()
    assert "Capital" not in shared
    assert "Takes note of the report" in shared
    assert "Propose on" not in shared  # no forms for a reader


def test_the_owner_names_facilitators_among_the_members(client, draft, author, teammate):
    signed_in(client, author)
    response = client.post(f"/drafts/{draft.slug}/facilitators/", {"facilitators": [teammate.pk]})
    assert response.status_code == 302
    assert list(draft.facilitators.all()) == [teammate]
    response = client.post(f"/drafts/{draft.slug}/facilitators/", {"facilitators": ["999999"]})
    assert response.status_code == 400
    assert list(draft.facilitators.all()) == [teammate]


def test_searching_a_draft_finds_paragraphs_by_their_text_or_a_proposals_wording(
    client, draft, teammate
):
    signed_in(client, teammate)
    _propose(
        client, draft, "op26", kind="amend", delegation="European Union", text="Decides to end."
    )
    url = draft.get_absolute_url()
    page = client.get(url + "?q=SECRETARY-General").content.decode()
    assert 'id="row-op1"' in page and 'id="row-op26"' not in page
    assert "1 paragraph shown." in page
    page = client.get(url + "?q=decides+end").content.decode()  # in the EU's wording alone
    assert 'id="row-op26"' in page and 'id="row-op1"' not in page
    assert "No paragraph matches." in client.get(url + "?q=zzzz").content.decode()


def test_a_group_named_in_arabic_is_kept_once_and_read_in_each_readers_language(
    client, draft, teammate, author, states
):
    from django.utils import translation

    with translation.override("ar"):
        arabic = str(translation.gettext("European Union"))
    assert arabic != "European Union"
    signed_in(client, teammate)
    client.cookies["django_language"] = "ar"
    response = _propose(client, draft, "op1", kind="amend", delegation=arabic, text="Urges States")
    assert response.status_code in (200, 302)
    assert Proposal.objects.get().delegation == "European Union"
    assert arabic in client.get(draft.get_absolute_url()).content.decode()
    signed_in(client, author)
    client.cookies["django_language"] = "en"
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "European Union" in page and arabic not in page
    # A Member State is kept under the voting records' name, however it was typed.
    signed_in(client, teammate)
    _propose(client, draft, "op1", kind="delete", delegation="canada")
    assert Proposal.objects.filter(delegation="Canada").exists()


def test_the_reader_offers_a_signed_in_reader_to_start_the_next_text(client, resolution, author):
    page = client.get(resolution.get_absolute_url()).content.decode()
    assert "Start the next text" not in page
    page = signed_in(client, author).get(resolution.get_absolute_url()).content.decode()
    assert (
        '<a href="/drafts/new/?from=A/RES/79/154">Start the next text from A/RES/79/154</a>' in page
    )
    assert client.get("/drafts/new/?from=A/RES/79/154").status_code == 200
