"""The console's addresses, under /co-quan/ (centre/urls.py): Vietnamese paths, as the agency reads them."""

from django.urls import path

from centre.review import views

app_name = "review"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.dashboard, name="dashboard"),
    path("<str:code>/hang-doi/", views.queue, name="queue"),
    path("<str:code>/hang-doi/thao-tac/", views.bulk, name="bulk"),
    path("<str:code>/hang-doi/hoan-tac/<int:bulk_id>/", views.undo, name="undo"),
    path("<str:code>/hang-doi/luu-bo-loc/", views.save_filter, name="save-filter"),
    path("<str:code>/y-kien/<int:pk>/", views.comment, name="comment"),
    path("<str:code>/nhom/", views.groups, name="groups"),
    path("<str:code>/nhom/goi-y/", views.suggest, name="suggest"),
    path("<str:code>/nhom/gop/", views.merge, name="merge"),
    path("<str:code>/nhom/<int:pk>/", views.group, name="group"),
    path("<str:code>/nhom/<int:pk>/van-ban-dai-dien/", views.representative, name="representative"),
    path("<str:code>/phan-cong/", views.assignees, name="assignees"),
    path("<str:code>/tra-loi/", views.answer_key, name="answer-key"),
    path("<str:code>/duyet/", views.approval, name="approval"),
    path("<str:code>/bao-cao.docx", views.report, name="report"),
    path("<str:code>/du-lieu.<str:fmt>", views.export, name="export"),
    path("<str:code>/nhap-tra-loi/", views.load_answers, name="load-answers"),
]
