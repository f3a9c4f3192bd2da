"""Template helpers for notes: Markdown, grouping by paragraph, links that survive the reader."""

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
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
def count_for(counts, paragraph):
    """How many notes a paragraph has, from the counts the reader hook made."""
    return (counts or {}).get(paragraph.pk, 0)


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
def with_quote(text, annotation):
    """The paragraph text with the annotation's quote marked."""
    start = annotation.quote_start
    if not annotation.quote_exact or start is None or not annotation.quote_found:
        return text
    end = start + len(annotation.quote_exact)
    return format_html("{}<mark>{}</mark>{}", text[:start], text[start:end], text[end:])


@register.simple_tag
def signup_enabled():
    return settings.SIGNUP_ENABLED
