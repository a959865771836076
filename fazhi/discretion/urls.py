from django.urls import path

from fazhi.discretion import views

app_name = "discretion"
urlpatterns = [
    path("", views.standards, name="standards"),
    path("evaluate/", views.evaluate_page, name="evaluate"),
]
