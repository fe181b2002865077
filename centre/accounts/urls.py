from django.urls import path

from centre.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/code/", views.second_factor, name="second-factor"),
    path("sign-out/", views.sign_out, name="sign-out"),
]
