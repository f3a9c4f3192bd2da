"""Who speaks in a negotiation: the Member States the voting records name, and the groups that
negotiate as one."""

from django.utils.translation import gettext_lazy

# Groups that table proposals in General Assembly negotiations.
GROUPS = [
    gettext_lazy("European Union"),
    gettext_lazy("Group of 77 and China"),
    gettext_lazy("African Group"),
    gettext_lazy("Arab Group"),
    gettext_lazy("Group of Latin American and Caribbean States"),
    gettext_lazy("Asia-Pacific Group"),
    gettext_lazy("Eastern European Group"),
    gettext_lazy("Western European and Other States Group"),
    gettext_lazy("Non-Aligned Movement"),
    gettext_lazy("Least Developed Countries"),
    gettext_lazy("Alliance of Small Island States"),
    gettext_lazy("CANZ (Canada, Australia, New Zealand)"),
    gettext_lazy("Organisation of Islamic Cooperation"),
    gettext_lazy("Nordic countries"),
    gettext_lazy("Holy See"),
    gettext_lazy("State of Palestine"),
]


def delegations() -> list[str]:
    """Groups first, then every Member State in the library's voting records, by name."""
    from resolutions.models import MemberState

    groups = [str(g) for g in GROUPS]
    states = [s for s in MemberState.objects.values_list("name", flat=True) if s not in groups]
    return groups + states


def is_delegation(name: str) -> bool:
    from resolutions.models import MemberState

    name = name.strip()
    return name in {str(g) for g in GROUPS} or MemberState.objects.filter(name=name).exists()
