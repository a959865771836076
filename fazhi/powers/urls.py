from django.urls import path

from fazhi.powers import views

app_name = "powers"
urlpatterns = [
    path("", views.index, name="index"),
    path("p/<str:code>/", views.power, name="power"),
    path("manage/", views.manage, name="manage"),
    path("manage/v<int:number>/", views.manage_version, name="manage_version"),
    path("manage/v<int:number>/new/", views.manage_power, name="manage_power_new"),
    path("manage/v<int:number>/p/<int:power_id>/", views.manage_power, name="manage_power"),
    path("manage/v<int:number>/p/<int:power_id>/risks/", views.manage_risk, name="manage_risk"),
    path("manage/v<int:number>/p/<int:power_id>/preview/", views.manage_preview, name="manage_preview"),
]
