from django.urls import path

from fazhi.inspection import views, views_planned
from fazhi.inspection.urls_directory import urlpatterns as directory_urls

app_name = "inspection"
urlpatterns = [
    path("tasks/", views.tasks, name="tasks"),
    path("tasks/new/", views.task_new, name="task_new"),
    path("tasks/<int:task_id>/", views.task_page, name="task"),
    path("tasks/<int:task_id>/<slug:action>/", views.task_act, name="task_act"),
    path("planned/new/", views_planned.planned_new, name="planned_new"),
    path("planned/<int:task_id>/", views_planned.planned_task_page, name="planned_task"),
    path("planned/<int:task_id>/<slug:action>/", views_planned.planned_act, name="planned_act"),
    path("inspections/<int:inspection_id>/", views.inspection_page, name="inspection"),
    path("public/items/", views.public_items, name="public_items"),
    path("public/planned/", views_planned.public_planned, name="public_planned"),
    path("public/planned/<int:task_id>/", views_planned.public_planned_task, name="public_planned_task"),
    path("public/<slug:tab>/", views.public_tasks, name="public_tasks"),
    path("public/tasks/<int:task_id>/", views.public_task, name="public_task"),
    path("verify/", views.verify, name="verify"),
    *directory_urls,
]
