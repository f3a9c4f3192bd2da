"""Who speaks in a negotiation: the Member States the voting records name, and the groups that
negotiate as one."""

from django.utils.translation import gettext_lazy

# Groups that table proposals in General Assembly negotiations: the name kept with a proposal
# (the same for every reader, and the author of its tracked change in Word), and the name shown
# in the reader's interface language.
GROUPS = {
    "European Union": gettext_lazy("European Union"),
    "Group of 77 and China": gettext_lazy("Group of 77 and China"),
    "African Group": gettext_lazy("African Group"),
    "Arab Group": gettext_lazy("Arab Group"),
    "Group of Latin American and Caribbean States": gettext_lazy(
        "Group of Latin American and Caribbean States"
    ),
    "Asia-Pacific Group": gettext_lazy("Asia-Pacific Group"),
    "Eastern European Group": gettext_lazy("Eastern European Group"),
    "Western European and Other States Group": gettext_lazy(
        "Western European and Other States Group"
    ),
    "Non-Aligned Movement": gettext_lazy("Non-Aligned Movement"),
    "Least Developed Countries": gettext_lazy("Least Developed Countries"),
    "Alliance of Small Island States": gettext_lazy("Alliance of Small Island States"),
    "CANZ (Canada, Australia, New Zealand)": gettext_lazy("CANZ (Canada, Australia, New Zealand)"),
    "Organisation of Islamic Cooperation": gettext_lazy("Organisation of Islamic Cooperation"),
    "Nordic countries": gettext_lazy("Nordic countries"),
    "Holy See": gettext_lazy("Holy See"),
    "State of Palestine": gettext_lazy("State of Palestine"),
}


def delegations() -> list[str]:
    """Groups first, in the interface's language, then every Member State in the library's
    voting records, by name: what a member may type."""
    from resolutions.models import MemberState

    groups = [str(label) for label in GROUPS.values()]
    states = [s for s in MemberState.objects.values_list("name", flat=True) if s not in GROUPS]
    return groups + states


def canonical(name: str) -> str | None:
    """The name a delegation is kept under, whichever language it was typed in; None for a
    name that is neither a group nor a Member State."""
    from resolutions.models import MemberState

    name = name.strip()
    for key, label in GROUPS.items():
        if name.casefold() in (key.casefold(), str(label).casefold()):
            return key
    state = MemberState.objects.filter(name__iexact=name).values_list("name", flat=True).first()
    return state


def shown(name: str) -> str:
    """A kept delegation name as the reader's interface names it."""
    label = GROUPS.get(name)
    return str(label) if label is not None else name
