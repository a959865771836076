from django.urls import path

from fazhi.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:scheme_id>/", views.scheme, name="scheme"),
    path("<int:scheme_id>/rankings.xlsx", views.rankings_xlsx, name="rankings_xlsx"),
    path("<int:scheme_id>/units/<int:unit_id>/", views.unit, name="unit"),
    path("<int:scheme_id>/scores/<int:score_id>/evidence/", views.evidence, name="evidence"),
]
