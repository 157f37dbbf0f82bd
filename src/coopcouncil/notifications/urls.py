from django.urls import path

from coopcouncil.notifications import views

app_name = "notifications"
urlpatterns = [
    path("follow/<slug:kind>/<slug:key>/", views.follow, name="follow"),
    path("unfollow/<slug:kind>/<slug:key>/", views.unfollow, name="unfollow"),
    path("account/updates/", views.preferences, name="preferences"),
]
