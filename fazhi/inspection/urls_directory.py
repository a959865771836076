"""URLs of the two directories (两库), included by fazhi/inspection/urls.py under /inspection/ (namespace
"inspection")."""

from django.urls import path

from fazhi.inspection import views_directory as views

urlpatterns = [
    path("entities/", views.entities, name="entities"),
    path("entities/import/", views.entity_import, name="entity_import"),
    path("entities/export/", views.entities_export, name="entities_export"),
    path("officers/", views.officers, name="officers"),
    path("officers/import/", views.officer_import, name="officer_import"),
    path("officers/export/", views.officers_export, name="officers_export"),
    path("imports/<int:batch_id>/", views.import_batch, name="import_batch"),
]
