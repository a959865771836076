"""/officers/: 执法人员公示 (public) and the staff pages of officers and their certificates (fazhi/officers/views.py)."""

from django.urls import path

from fazhi.officers import views

app_name = "officers"
urlpatterns = [
    path("", views.officer_list, name="list"),
    path("public/", views.public, name="public"),
    path("<int:officer_id>/", views.detail, name="detail"),
    path("<int:officer_id>/certificate/", views.certificate, name="certificate"),
    path("<int:officer_id>/exams/", views.exams, name="exams"),
    path("<int:officer_id>/training/", views.training, name="training"),
]
