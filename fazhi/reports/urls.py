from django.urls import path

from fazhi.reports import views

app_name = "reports"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("records/<str:key>/", views.records, name="records"),
    path("annual/", views.annual_index, name="annual_index"),
    path("annual/<int:year>/", views.annual, name="annual"),
    path("annual/<int:year>/settings/", views.annual_settings, name="annual_settings"),
    path("annual/<int:year>/paragraphs/new/", views.paragraph_new, name="paragraph_new"),
    path("annual/<int:year>/paragraphs/<int:paragraph_id>/", views.paragraph, name="paragraph"),
    path("annual/<int:year>/publish/", views.annual_publish, name="annual_publish"),
    path("annual/<int:year>/report.docx", views.annual_docx, name="annual_docx"),
    path("public/", views.public_list, name="public"),
    path("public/<int:report_id>/", views.public_report, name="public_report"),
    path("public/<int:report_id>/report.docx", views.public_docx, name="public_docx"),
]
