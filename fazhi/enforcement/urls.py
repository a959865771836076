from django.urls import path

from fazhi.enforcement import views

app_name = "enforcement"
urlpatterns = [
    path("", views.cases, name="cases"),
    path("cases/<int:case_id>/evidence/", views.evidence_add, name="evidence_add"),
    path("cases/<int:case_id>/templates/<slug:kind>.docx", views.record_template, name="record_template"),
    path("evidence/<int:evidence_id>/file/", views.evidence_file, name="evidence_file"),
    path("evidence/<int:evidence_id>/record.docx", views.evidence_record, name="evidence_record"),
    path("public/decisions/", views.public_decisions, name="public_decisions"),
]
