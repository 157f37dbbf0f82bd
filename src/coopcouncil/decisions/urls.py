from django.urls import path

from coopcouncil.decisions import feeds, views

app_name = "decisions"
urlpatterns = [
    path("decisions/", views.decision_log, name="decision_log"),
    path("decisions/feed/", feeds.DecisionFeed(), name="decision_feed"),
    path("decisions/<uuid:reference>/", views.decision_detail, name="decision_detail"),
]
