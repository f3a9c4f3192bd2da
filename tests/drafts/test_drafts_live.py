"""People reading one compilation together: the page polls with its ETag and is answered 304
while nothing changed; every change moves the ETag; the page costs the same number of queries
however many paragraphs and proposals it holds."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from drafts import workspace
from drafts.models import DraftNote, Proposal, Stance, StatusChange
from tests.conftest import signed_in
from tests.drafts.helpers import proposed

POLL = {"HX-Request": "true", "HX-Trigger": "live"}


def test_the_poll_is_answered_304_until_someone_changes_the_draft(client, draft, author, teammate):
    signed_in(client, teammate)
    url = draft.get_absolute_url()
    page = client.get(url)
    tag = page["ETag"]
    assert tag and f'data-etag="{tag.replace(chr(34), "&quot;")}"' in page.content.decode()
    assert "private" in page["Cache-Control"]
    assert {"Cookie", "HX-Request"} <= {v.strip() for v in page["Vary"].split(",")}
    unchanged = client.get(url, headers={**POLL, "If-None-Match": tag})
    assert unchanged.status_code == 304 and unchanged.content == b""
    # Someone else proposes: the next poll brings the compilation's fragment with the proposal.
    op1 = draft.paragraphs.get(pid="op1")
    proposed(op1, author, "European Union", kind="amend", text="Welcomes the report;")
    changed = client.get(url, headers={**POLL, "If-None-Match": tag})
    assert changed.status_code == 200 and changed["ETag"] != tag
    fragment = changed.content.decode()
    assert fragment.lstrip().startswith('<div id="live"')  # the fragment, not the whole page
    assert "<ins>Welcomes</ins>" in fragment and "<html" not in fragment


def test_each_viewer_and_each_filter_has_its_own_etag(client, draft, author, teammate):
    url = draft.get_absolute_url()
    owners = signed_in(client, author).get(url)["ETag"]
    members = signed_in(client, teammate).get(url)["ETag"]
    filtered = client.get(url + "?show=open")["ETag"]
    assert len({owners, members, filtered}) == 3
    # The owner's page (with the sharing form) is never a 304 for a member holding its tag.
    assert client.get(url, headers={"If-None-Match": owners}).status_code == 200


def test_every_change_moves_the_drafts_version(draft, author, facilitator):
    versions = [draft.version]
    op1 = draft.paragraphs.get(pid="op1")

    def moved():
        draft.refresh_from_db()
        assert draft.version > versions[-1]
        versions.append(draft.version)

    made = workspace.propose(
        op1, kind="retain", delegation="Canada", text="", reason="", against_revision=1, user=author
    ).proposal
    moved()
    workspace.record_stance(made, delegation="Mexico", position="support", user=author)
    moved()
    workspace.set_status(
        op1, status="adref", user=facilitator, opened_revision=1, opened_status="open"
    )
    moved()
    workspace.accept(made, user=facilitator, opened_revision=1, opened_status="adref")
    moved()
    workspace.add_note(op1, note="Fine.", user=author)
    moved()
    workspace.set_sharing(draft, True)
    moved()
    workspace.set_facilitators(draft, [])
    moved()


def _fill(draft, author, proposals_each: int):
    """Proposals by several delegations on every paragraph, with stances, history and notes."""
    for paragraph in draft.paragraphs.all():
        for n in range(proposals_each):
            proposal = Proposal.objects.create(
                paragraph=paragraph,
                kind=Proposal.Kind.AMEND,
                delegation=f"Delegation {n}",
                text=paragraph.text + f" and more {n}",
                against_revision=paragraph.revision,
                against_text=paragraph.text,
                author=author,
            )
            Stance.objects.create(
                proposal=proposal, delegation="Canada", position="support", recorded_by=author
            )
        StatusChange.objects.create(paragraph=paragraph, status="adref", previous="open", by=author)
        DraftNote.objects.create(paragraph=paragraph, author=author, note="*Seen.*")


def _queries(client, url, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["owner", "member"])
def test_the_compilation_costs_the_same_queries_small_or_large(
    client, make_resolution, team, author, teammate, who, django_assert_num_queries
):
    small = workspace.start_from(
        make_resolution(3, symbol="A/RES/70/3"), team=team, label="Small", user=author
    )
    large = workspace.start_from(
        make_resolution(30, symbol="A/RES/70/30"), team=team, label="Large", user=author
    )
    _fill(small, author, 1)
    _fill(large, author, 4)
    signed_in(client, author if who == "owner" else teammate)
    client.get(small.get_absolute_url())  # the session warmed
    cache.clear()
    cold = _queries(client, small.get_absolute_url())
    warm = _queries(client, small.get_absolute_url())
    # Pinned: session, user, draft, membership and facilitators (the owner needs neither, but
    # its settings ask for the team's members and the facilitators named), latest revision,
    # paragraphs, their proposals' delegations and times (and the invitations waiting, asked
    # by the site's header when not yet known), the library's state (the agreed-language checks
    # a row shows are of one library). Rows not in the cache add proposals, stances, history,
    # notes and footnotes, once for them all.
    assert (cold, warm) == (15, 9)
    cache.clear()
    with django_assert_num_queries(cold):
        client.get(large.get_absolute_url())
    with django_assert_num_queries(warm):
        client.get(large.get_absolute_url())
    with django_assert_num_queries(warm):
        client.get(large.get_absolute_url() + "?show=open", headers={"HX-Request": "true"})


def test_a_change_on_one_paragraph_shows_at_once_however_the_rows_are_kept(
    client, draft, author, teammate
):
    signed_in(client, teammate)
    url = draft.get_absolute_url()
    op1 = draft.paragraphs.get(pid="op1")
    made = proposed(op1, author, "European Union", kind="amend", text="Welcomes the report;")
    proposed(op1, author, "Arab Group", kind="retain")
    assert "Supported by" not in client.get(url).content.decode()
    workspace.record_stance(made, delegation="Mexico", position="support", user=author)
    assert "Supported by: Mexico." in client.get(url).content.decode()
    workspace.add_note(op1, note="Ask *capital*.", user=author)
    assert "<em>capital</em>" in client.get(url).content.decode()
    # One delegation's proposals alone, then all again: each view its own rows.
    only = client.get(url + "?delegation=Arab+Group").content.decode()
    assert "Arab Group</strong>" in only and "European Union</strong>" not in only
    assert "European Union</strong>" in client.get(url).content.decode()
    # A reader by link sees neither the authors' names nor the team's notes.
    workspace.set_sharing(draft, True)
    client.logout()
    shared = client.get(url + f"?key={draft.share_token}").content.decode()
    assert "Supported by: Mexico." in shared
    assert "capital" not in shared and "by amina" not in shared


def test_the_paragraph_page_costs_the_same_queries_with_many_proposals(
    client, make_resolution, team, author, django_assert_num_queries
):
    draft = workspace.start_from(make_resolution(2), team=team, label="Pinned", user=author)
    _fill(draft, author, 1)
    signed_in(client, author)
    url = f"/drafts/{draft.slug}/op1/"
    client.get(url)
    counted = _queries(client, url)
    _fill(draft, author, 12)
    with django_assert_num_queries(counted):
        client.get(url)
    with django_assert_num_queries(counted):
        client.get(url, headers={"HX-Request": "true"})
