from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "coopcouncil.places"
    label = "places"
    verbose_name = "Places and communities"

    def ready(self) -> None:
        from coopcouncil.accounts.permissions import PlaceLookup, place_lookup_register
        from coopcouncil.notifications.followables import followable_register
        from coopcouncil.places.models import Community
        from coopcouncil.places.selectors import postcodes_within, ward_for_postcode

        followable_register("community", lambda slug: Community.objects.get(slug=slug, is_active=True))
        # Accounts sits below places: this is how officers' scoped roles learn where people are.
        place_lookup_register(PlaceLookup(postcodes_within=postcodes_within, ward_for_postcode=ward_for_postcode))
