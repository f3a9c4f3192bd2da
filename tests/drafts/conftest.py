"""Fixtures of the drafts workspace: a draft of the Gender desk started from A/RES/79/154."""

import pytest

from drafts import workspace


@pytest.fixture
def draft(resolution, team, author):
    return workspace.start_from(
        resolution, team=team, label="A/C.3/81/L.23, zero draft", user=author
    )


@pytest.fixture
def facilitator(make_user, team, draft):
    user = make_user("efua")
    team.add_member(user)
    draft.facilitators.add(user)
    return user


@pytest.fixture
def states(db):
    """Two Member States as the voting records name them."""
    from resolutions.models import MemberState

    for name in ("Canada", "Mexico"):
        MemberState.objects.create(name=name, slug=name.lower())
