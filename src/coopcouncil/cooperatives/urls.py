from django.urls import path

from coopcouncil.cooperatives import governance_views, officer_views, views

app_name = "cooperatives"
urlpatterns = [
    path("cooperatives/", views.cooperative_list, name="cooperative_list"),
    path("cooperatives/<slug:slug>/", views.cooperative_detail, name="cooperative_detail"),
    path("cooperatives/<slug:slug>/join/", views.join, name="join"),
    path("cooperatives/<slug:slug>/leave/", views.resign, name="resign"),
    path("cooperatives/<slug:slug>/application/withdraw/", views.application_withdraw, name="application_withdraw"),
    path(
        "cooperatives/<slug:slug>/meetings/<int:pk>/",
        governance_views.general_meeting_detail,
        name="general_meeting_detail",
    ),
    path(
        "cooperatives/<slug:slug>/resolutions/<int:pk>/", governance_views.resolution_detail, name="resolution_detail"
    ),
    path(
        "cooperatives/<slug:slug>/resolutions/<int:pk>/interest/",
        governance_views.interest_declare,
        name="interest_declare",
    ),
    path("cooperatives/<slug:slug>/elections/<int:pk>/", governance_views.election_detail, name="election_detail"),
    path("officer/cooperatives/<slug:slug>/members/", officer_views.membership, name="membership"),
    path("officer/cooperatives/<slug:slug>/income/", officer_views.income, name="income"),
    path("officer/cooperatives/<slug:slug>/settings/", officer_views.membership_settings, name="membership_settings"),
    path("officer/cooperatives/<slug:slug>/members/<int:pk>/", officer_views.member_manage, name="member_manage"),
    path(
        "officer/cooperatives/<slug:slug>/meetings/<int:pk>/directors/<int:director_pk>/retire/",
        governance_views.director_retire,
        name="director_retire",
    ),
    path(
        "officer/cooperatives/<slug:slug>/elections/<int:pk>/<str:step>/",
        governance_views.election_manage,
        name="election_manage",
    ),
    path(
        "officer/cooperatives/<slug:slug>/meetings/new/",
        governance_views.general_meeting_new,
        name="general_meeting_new",
    ),
    path(
        "officer/cooperatives/<slug:slug>/meetings/<int:pk>/",
        governance_views.general_meeting_manage,
        name="general_meeting_manage",
    ),
    path(
        "officer/cooperatives/<slug:slug>/resolutions/<int:pk>/<str:step>/",
        governance_views.resolution_step,
        name="resolution_step",
    ),
    path(
        "officer/cooperatives/<slug:slug>/applications/<int:pk>/",
        officer_views.application_decide,
        name="application_decide",
    ),
]
