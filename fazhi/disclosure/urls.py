from django.urls import path

from fazhi.disclosure import views

app_name = "disclosure"
urlpatterns = [
    # staff
    path("statistics/", views.statistics, name="statistics"),
    path("statistics.xlsx", views.statistics_xlsx, name="statistics_xlsx"),
    path("consultations/<int:pk>/", views.consultation_file, name="consultation_file"),
    # 政府信息公开工作年度报告: staff
    path("reports/", views.report_index, name="report_index"),
    path("reports/<int:year>/", views.report_page, name="report"),
    path("reports/<int:year>/text/", views.report_text, name="report_text"),
    path("reports/<int:year>/litigation/", views.report_litigation, name="report_litigation"),
    path("reports/<int:year>/publish/", views.report_publish, name="report_publish"),
    path("reports/<int:year>/report.docx", views.report_docx, name="report_docx"),
    # ... and on the portal
    path("public/reports/", views.public_reports, name="public_reports"),
    path("public/reports/<int:report_id>/", views.public_report, name="public_report"),
    path("public/reports/<int:report_id>/report.docx", views.public_report_docx, name="public_report_docx"),
]
