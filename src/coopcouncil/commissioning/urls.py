from django.urls import include, path

from coopcouncil.commissioning import acquisition_views, delivery_views, needs_views, officer_views, views

app_name = "commissioning"
urlpatterns = [
    path("commissioning/", views.programme_list, name="programme_list"),
    path("commissioning/<slug:slug>/", views.programme_detail, name="programme_detail"),
    path("officer/commissioning/new/", officer_views.programme_new, name="programme_new"),
    path("officer/commissioning/<slug:slug>/", officer_views.programme_manage, name="programme_manage"),
    path("officer/commissioning/<slug:slug>/panel/", officer_views.panel, name="panel"),
    path(
        "officer/commissioning/<slug:slug>/panel/<int:member_pk>/step-down/",
        officer_views.panel_step_down,
        name="panel_step_down",
    ),
    path("", include(needs_views.urlpatterns)),
    path("", include(acquisition_views.urlpatterns)),
    path("", include(delivery_views.urlpatterns)),
]
