"""The shortcuts a page full of notes uses for its links and dates give what Django's own
reverse() and date filter give."""

import datetime
import uuid

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix

from annotations.links import link


def test_a_note_link_is_the_reversed_url_for_uuids_and_slugs():
    note = uuid.uuid4()
    assert link("annotations:detail", note) == reverse("annotations:detail", args=[note])
    assert link("annotations:edit", note) == reverse("annotations:edit", args=[note])
    assert link("annotations:tag", "follow-up") == reverse("annotations:tag", args=["follow-up"])


def test_a_note_link_follows_the_script_prefix_of_the_request():
    note = uuid.uuid4()
    try:
        set_script_prefix("/reader/")
        assert link("annotations:detail", note) == f"/reader/annotations/{note}/"
    finally:
        set_script_prefix("/")
    assert link("annotations:detail", note) == f"/annotations/{note}/"


def test_a_value_the_route_does_not_take_fails_as_reverse_does():
    with pytest.raises(NoReverseMatch):
        link("annotations:tag", "a b")


def test_a_note_s_date_is_the_day_in_the_current_time_zone():
    late = datetime.datetime(2026, 11, 29, 23, 30, tzinfo=datetime.UTC)
    template = Template("{% load annotation_tags %}{{ when|day }} {{ when|moment }}")
    assert template.render(Context({"when": late})) == "29 Nov 2026 2026-11-29T23:30:00+00:00"
    with override_settings(TIME_ZONE="Asia/Tokyo"):
        assert template.render(Context({"when": late})) == ("30 Nov 2026 2026-11-30T08:30:00+09:00")
    assert Template("{% load annotation_tags %}{{ when|day }}").render(Context({})) == ""
