from django.contrib import admin

from coopcouncil.accounts.models import Organisation, Person, RoleAssignment


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin[Person]):
    list_display = ["full_name", "postcode", "registered_via", "anonymised_at"]
    search_fields = ["full_name", "postcode"]
    list_filter = ["registered_via"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "kind", "org_id"]
    list_filter = ["kind"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin[RoleAssignment]):
    list_display = ["person", "role", "scope_type", "scope_id", "ends_at", "revoked_at"]
    list_filter = ["role"]
