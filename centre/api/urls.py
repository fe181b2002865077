from django.urls import path

from centre.api import views

app_name = "api"
urlpatterns = [
    path("batches", views.upload_batch, name="batches"),
    path("package", views.next_package, name="package"),
    path("time", views.signed_time, name="time"),
]
