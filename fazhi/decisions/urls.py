from django.urls import path

from fazhi.decisions import views

app_name = "decisions"
urlpatterns = [
    path("", views.register, name="register"),
    path("<int:case_id>/draft/", views.draft, name="draft"),
    path("public/", views.public, name="public"),
    path("legislation/", views.projects, name="projects"),
    path("legislation/<int:project_id>/", views.project, name="project"),
]
