from django.apps import AppConfig


class DraftsConfig(AppConfig):
    name = "drafts"
    verbose_name = "Negotiation drafts"

    def ready(self):
        from resolutions.across.series import versions_linked

        versions_linked.connect(_adopted_arrived, dispatch_uid="drafts-adopted-arrived")


def _adopted_arrived(sender, **kwargs):
    """The library linked its versions: a draft whose base now has its next version links it."""
    from drafts.adopted import link_arrivals

    link_arrivals()
