from django.urls import path

from centre.fleet import views

app_name = "fleet"
urlpatterns = [
    path("", views.overview, name="overview"),
]
