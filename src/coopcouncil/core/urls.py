from django.urls import path

from coopcouncil.core import views

app_name = "core"
urlpatterns = [
    path("files/<int:pk>/", views.private_file_download, name="private_file_download"),
]
