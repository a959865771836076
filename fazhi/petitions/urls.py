from django.urls import path

from fazhi.petitions import views

app_name = "petitions"
urlpatterns = [
    path("", views.register, name="register"),
    path("visits/", views.visits, name="visits"),
    path("cases/<int:case_id>/visits/", views.visit_add, name="visit_add"),
]
