from django.urls import path

from fazhi.reconsideration import views

app_name = "reconsideration"
urlpatterns = [
    path("", views.register, name="register"),
    path("committee/", views.committee, name="committee"),
    path("respondent/new/", views.respondent_new, name="respondent_new"),
    path("manage/", views.manage, name="manage"),
    path("manage/members/", views.member_add, name="member_add"),
    path("manage/members/<int:member_id>/toggle/", views.member_toggle, name="member_toggle"),
    path("manage/competence/", views.competence_set, name="competence_set"),
]
