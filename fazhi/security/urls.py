from django.urls import path

from fazhi.security import views

app_name = "security"
urlpatterns = [
    path("", views.account, name="account"),
    path("login/verify/", views.verify, name="verify"),
    path("login/password/", views.password_expired, name="password_expired"),
    path("totp/", views.enroll, name="enroll"),
    path("password/", views.password_change, name="password_change"),
    path("locked/", views.locked_accounts, name="locked"),
    path("devices/", views.devices, name="devices"),
]
