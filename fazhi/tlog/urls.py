from django.urls import path

from fazhi.tlog import views

app_name = "tlog"
urlpatterns = [
    path("", views.index, name="index"),
    path("entries/<int:index>/", views.entry, name="entry"),
]
