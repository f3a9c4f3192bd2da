"""Links to notes and tags without a full URL reversal each time.

A reader page links hundreds of notes and their tags; reversing every one of those links was
a tenth of the time to build the page. Each URL name is reversed once (per script prefix and
URL configuration) around a placeholder, and later links put their value in its place.
"""

import re

from django.urls import get_script_prefix, get_urlconf, reverse

# Matches both the uuid and the slug converters, and occurs in no route.
PLACEHOLDER = "00000000-0000-4000-8000-000000000000"
URL_SAFE = re.compile(r"[-A-Za-z0-9_]+")
_patterns: dict[tuple, list[str]] = {}


def link(name: str, value) -> str:
    """``reverse(name, args=[value])`` for a uuid or a slug."""
    text = str(value)
    if not URL_SAFE.fullmatch(text):  # would need quoting or fail to match: the long way
        return reverse(name, args=[text])
    key = (name, get_script_prefix(), get_urlconf())
    pattern = _patterns.get(key)
    if pattern is None:
        pattern = _patterns[key] = reverse(name, args=[PLACEHOLDER]).split(PLACEHOLDER)
    return text.join(pattern)
