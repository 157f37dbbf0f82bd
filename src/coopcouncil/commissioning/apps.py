from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "coopcouncil.commissioning"
    label = "commissioning"
    verbose_name = "Community-led commissioning"

    def ready(self) -> None:
        from coopcouncil.commissioning.models import Programme
        from coopcouncil.commissioning.personal_data import COMMISSIONING_PERSONAL_DATA
        from coopcouncil.core.personal_data import personal_data_register
        from coopcouncil.notifications.followables import followable_register

        personal_data_register(COMMISSIONING_PERSONAL_DATA)
        # Each part of the cycle adds itself to the programme page and the officer's page.
        from coopcouncil.commissioning import acquisition_views, delivery_views, needs_views  # noqa: F401

        followable_register("programme", lambda slug: Programme.objects.get(slug=slug))
