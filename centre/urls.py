from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("centre.fleet.urls")),
    path("accounts/", include("centre.accounts.urls")),
    path("", include("centre.portal.urls")),
    path("api/v1/", include("centre.api.urls")),
    path("co-quan/", include("centre.review.urls")),
]
