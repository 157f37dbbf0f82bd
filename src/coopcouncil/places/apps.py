from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "coopcouncil.places"
    label = "places"
    verbose_name = "Places and communities"

    def ready(self) -> None:
        from coopcouncil.notifications.followables import followable_register
        from coopcouncil.places.models import Community

        followable_register("community", lambda slug: Community.objects.get(slug=slug, is_active=True))
