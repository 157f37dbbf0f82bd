from django.urls import path

from coopcouncil.cooperatives import officer_views, views

app_name = "cooperatives"
urlpatterns = [
    path("cooperatives/", views.cooperative_list, name="cooperative_list"),
    path("cooperatives/<slug:slug>/", views.cooperative_detail, name="cooperative_detail"),
    path("cooperatives/<slug:slug>/join/", views.join, name="join"),
    path("cooperatives/<slug:slug>/leave/", views.resign, name="resign"),
    path("cooperatives/<slug:slug>/application/withdraw/", views.application_withdraw, name="application_withdraw"),
    path("officer/cooperatives/<slug:slug>/members/", officer_views.membership, name="membership"),
    path(
        "officer/cooperatives/<slug:slug>/applications/<int:pk>/",
        officer_views.application_decide,
        name="application_decide",
    ),
]
