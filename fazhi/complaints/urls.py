from django.urls import path

from fazhi.complaints import views

app_name = "complaints"
urlpatterns = [
    path("", views.index, name="index"),
    path("export/", views.export, name="export"),
]
