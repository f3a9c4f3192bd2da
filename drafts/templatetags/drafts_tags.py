"""Template filters for the negotiation pages."""

from django import template

from drafts import delegations

register = template.Library()


@register.filter
def delegation(name: str) -> str:
    """A delegation as the reader's interface language names it ("European Union" in Arabic)."""
    return delegations.shown(name)
