from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from coopcouncil.config.api import api

# Django's own admin sign-in checks a password and nothing else: no lock-out, no second factor. Send it
# to allauth's sign-in instead, so the admin site is reached the same way as the rest of the platform.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

handler400 = "coopcouncil.core.views.error_400"
handler403 = "coopcouncil.core.views.error_403"
handler404 = "coopcouncil.core.views.error_404"
handler500 = "coopcouncil.core.views.error_500"

urlpatterns = [
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("coopcouncil.core.urls")),
    path("", include("coopcouncil.accounts.urls")),
    path("", include("coopcouncil.places.urls")),
    path("", include("coopcouncil.notifications.urls")),
    path("", include("coopcouncil.budgeting.urls")),
    path("", include("coopcouncil.commissioning.urls")),
    path("", include("coopcouncil.decisions.urls")),
    path("", include("coopcouncil.cooperatives.urls")),
    path("", include("coopcouncil.meetings.urls")),
    path("", include("coopcouncil.frontend.urls")),
]
