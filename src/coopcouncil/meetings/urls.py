from django.urls import path

from coopcouncil.meetings import officer_views, views

app_name = "meetings"
urlpatterns = [
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/register/", views.register, name="register"),
    path("meetings/<int:pk>/register/cancel/", views.registration_cancel, name="registration_cancel"),
    path("meetings/<int:pk>/check-in/", views.check_in, name="check_in"),
    path("communities/<slug:slug>/meetings/", views.community_meetings, name="community_meetings"),
    path("communities/<slug:slug>/meetings.ics", views.community_meetings_ical, name="community_meetings_ical"),
    path("officer/meetings/new/", officer_views.meeting_new, name="meeting_new"),
    path("officer/meetings/<int:pk>/", officer_views.meeting_manage, name="meeting_manage"),
    path("officer/meetings/<int:pk>/attendance/", officer_views.attendance_add, name="attendance_add"),
    path(
        "officer/meetings/<int:pk>/attendance/<int:person_pk>/",
        officer_views.attendance_walk_in,
        name="attendance_walk_in",
    ),
    path("officer/meetings/<int:pk>/minutes/", officer_views.minutes_save, name="minutes_save"),
    path("officer/meetings/<int:pk>/actions/", officer_views.action_add, name="action_add"),
    path("officer/meetings/<int:pk>/actions/<int:action_pk>/done/", officer_views.action_done, name="action_done"),
    path("officer/meetings/<int:pk>/decisions/vote/", officer_views.decision_vote, name="decision_vote"),
    path("officer/meetings/<int:pk>/decisions/consent/", officer_views.decision_consent, name="decision_consent"),
]
