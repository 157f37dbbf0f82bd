from django.urls import path

from coopcouncil.accounts import views

app_name = "accounts"
urlpatterns = [
    path("account/", views.dashboard, name="dashboard"),
    path("account/data.json", views.data_download, name="data_download"),
    path("account/delete/", views.deletion_request, name="deletion_request"),
    path("account/consents/", views.consents, name="consents"),
    path("account/access-needs/", views.access_needs, name="access_needs"),
    path("account/places/", views.area_claims, name="area_claims"),
    path("account/claim/", views.claim_profile, name="claim_profile"),
    path("parental-consent/<str:token>/", views.parental_consent, name="parental_consent"),
    path("officer/people/", views.people_search, name="people_search"),
    path("officer/people/new/", views.assisted_register, name="assisted_register"),
    path("officer/people/<int:pk>/", views.person_detail, name="person_detail"),
    path("officer/area-claims/", views.area_claims_to_check, name="area_claims_to_check"),
    path("officer/acting-for/end/", views.acting_for_end, name="acting_for_end"),
    path("officer/data-requests/", views.data_requests, name="data_requests"),
    path("officer/data-requests/<int:pk>/", views.data_request_review, name="data_request_review"),
]
