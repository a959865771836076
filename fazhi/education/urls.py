from django.urls import path

from fazhi.education import views

app_name = "education"
urlpatterns = [
    path("", views.index, name="index"),
    path("events/<int:event_id>/", views.event, name="event"),
    path("contests/<int:contest_id>/", views.contest, name="contest"),
    path("activities/", views.activities, name="activities"),
    path("activities/<int:activity_id>/edit/", views.activity_edit, name="activity_edit"),
]
