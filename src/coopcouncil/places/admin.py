from django.contrib import admin

from coopcouncil.places.models import Community, LocalAuthority, Ward

admin.site.register(LocalAuthority)


@admin.register(Ward)
class WardAdmin(admin.ModelAdmin[Ward]):
    list_display = ["name", "gss_code", "gss_code_inferred", "valid_from", "valid_to"]
    list_filter = ["valid_to"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin[Community]):
    list_display = ["name", "kind", "parent", "is_active"]
    list_filter = ["kind"]
