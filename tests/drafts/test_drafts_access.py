"""Who may read and act on a draft: outsiders learn nothing, members propose, the owner and the
members the owner names facilitate, a read-only link reads."""

import uuid

import pytest
from django.http import Http404

from drafts.access import access
from drafts.models import Draft


@pytest.fixture
def draft(team, author, resolution):
    return Draft.objects.create(
        team=team, label="A/C.3/81/L.23, zero draft", slug="l23", base=resolution, created_by=author
    )


def test_an_outsider_may_not_even_read(draft, outsider):
    granted = access(draft, outsider)
    assert not (granted.read or granted.propose or granted.facilitate)


def test_a_signed_out_visitor_may_not_read(draft):
    from django.contrib.auth.models import AnonymousUser

    assert not access(draft, AnonymousUser()).read


def test_a_member_proposes_but_does_not_facilitate(draft, teammate):
    granted = access(draft, teammate)
    assert granted.read and granted.propose
    assert not granted.facilitate and not granted.own


def test_the_owner_facilitates_and_may_name_a_member_to(draft, author, teammate):
    assert access(draft, author).facilitate and access(draft, author).own
    draft.facilitators.add(teammate)
    assert access(draft, teammate).facilitate
    assert not access(draft, teammate).own


def test_a_named_facilitator_who_leaves_the_team_loses_everything(draft, team, teammate):
    draft.facilitators.add(teammate)
    team.remove_member(teammate)
    assert not access(draft, teammate).read


def test_the_read_only_link_reads_and_nothing_more(draft, outsider):
    assert not access(draft, outsider, str(uuid.uuid4())).read
    draft.share_token = uuid.uuid4()
    draft.save()
    granted = access(draft, outsider, str(draft.share_token))
    assert granted.read and granted.shared
    assert not (granted.propose or granted.facilitate)
    assert not access(draft, outsider, str(uuid.uuid4())).read


def test_draft_for_answers_404_to_an_outsider(draft, outsider, rf):
    from drafts.access import draft_for

    request = rf.get("/drafts/l23/")
    request.user = outsider
    with pytest.raises(Http404):
        draft_for(request, "l23")
