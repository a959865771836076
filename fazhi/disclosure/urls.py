from django.urls import path

from fazhi.disclosure import views

app_name = "disclosure"
urlpatterns = [
    # staff
    path("statistics/", views.statistics, name="statistics"),
    path("statistics.xlsx", views.statistics_xlsx, name="statistics_xlsx"),
    path("consultations/<int:pk>/", views.consultation_file, name="consultation_file"),
]
