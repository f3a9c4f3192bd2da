"""Template helpers for notes: Markdown, grouping by paragraph, links that survive the reader."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import dateformat, timezone, translation
from django.utils.html import format_html

from annotations.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    return render_markdown(text)


@register.filter
def notes_for(index, paragraph):
    """The annotations of one paragraph, from the index the reader hook built."""
    if not index:
        return []
    return index.get(paragraph.pk, [])


@register.filter
def permalink(paragraph):
    """The paragraph in the reader; our own notes page if the reader does not offer it."""
    try:
        return paragraph.get_absolute_url()
    except NoReverseMatch:
        return reverse(
            "annotations:paragraph_notes",
            kwargs={"symbol": paragraph.resolution.symbol, "pid": paragraph.pid},
        )


@register.filter
def day(value):
    """A note's date as the reader shows it ("5 Dec 2026"), in the current time zone and
    language: formatted once per day, not once per note, on pages that list hundreds."""
    if not value:
        return ""
    return _format_day(timezone.localtime(value).date(), translation.get_language())


@lru_cache(maxsize=1024)
def _format_day(date, language) -> str:
    return dateformat.format(date, "j M Y")


@register.filter
def moment(value):
    """A note's date and time for a <time datetime> attribute (ISO 8601, current time zone)."""
    return timezone.localtime(value).isoformat() if value else ""


@register.filter
def with_quote(text, annotation):
    """The paragraph text with the annotation's quote marked."""
    span = annotation.quote_span(text)
    if span is None:
        return text
    start, end = span
    return format_html("{}<mark>{}</mark>{}", text[:start], text[start:end], text[end:])


@register.simple_tag
def signup_enabled():
    return settings.SIGNUP_ENABLED
