from django.contrib import admin

from coopcouncil.accounts.models import Organisation, Person, RoleAssignment
from coopcouncil.core.admin import ReadOnlyModelAdmin


# People and roles change only through accounts.services (role_assign, age_confirm, person_anonymise...),
# which check permission and write the audit entry; the admin site would do neither.
@admin.register(Person)
class PersonAdmin(ReadOnlyModelAdmin[Person]):
    list_display = ["full_name", "postcode", "registered_via", "anonymised_at"]
    search_fields = ["full_name", "postcode"]
    list_filter = ["registered_via"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "kind", "org_id"]
    list_filter = ["kind"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyModelAdmin[RoleAssignment]):
    list_display = ["person", "role", "scope_type", "scope_id", "ends_at", "revoked_at"]
    list_filter = ["role"]
