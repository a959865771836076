from django.urls import path

from fazhi.requests import views

app_name = "requests"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/<slug:kind>/", views.new, name="new"),
    path("staff/", views.staff, name="staff"),
    path("staff/new/<slug:kind>/", views.staff_new, name="staff_new"),
]
