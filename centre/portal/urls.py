"""The portal's addresses. Printed on paper, so they never change (DESIGN.md "Printed addresses are forever").

The receipt's own address comes last: "ket-qua" and "lay-y-kien" are not receipt codes.
A portal configured with a capital path ("…/R", the alphanumeric QR mode of kiosk.qr_code) is served too.
"""

from django.urls import path

from centre.portal import views

app_name = "portal"
urlpatterns = [
    path("r/", views.lookup, name="lookup"),
    path("r/lay-y-kien/<str:code>/to-moi.pdf", views.invitation, name="invitation"),
    path("r/lay-y-kien/<str:code>", views.take_part, name="take-part"),
    path("r/ket-qua/<str:code>.csv", views.results_csv, name="results-csv"),
    path("r/ket-qua/<str:code>.json", views.results_json, name="results-json"),
    path("r/ket-qua/<str:code>.docx", views.results_docx, name="results-docx"),
    path("r/ket-qua/<str:code>.pdf", views.results_pdf, name="results-pdf"),
    path("r/ket-qua/<str:code>", views.results, name="results"),
    path("r/<str:code>/khong-phai-toi", views.flag, name="flag"),
    path("r/<str:code>", views.receipt, name="receipt"),
    path("R/<str:code>", views.receipt),
    path("co-quan/<str:code>", views.agency, name="agency"),
]
