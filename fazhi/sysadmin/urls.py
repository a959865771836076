from django.urls import path

from fazhi.sysadmin import views

app_name = "sysadmin"
urlpatterns = [
    path("", views.index, name="index"),
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/new/", views.account_new, name="account_new"),
    path("accounts/<int:pk>/", views.account, name="account"),
    path("accounts/<int:pk>/active/", views.account_active, name="account_active"),
    path("roles/", views.roles, name="roles"),
    path("roles/<int:pk>/", views.roles_edit, name="roles_edit"),
    path("policy/", views.policy, name="policy"),
    path("audit/", views.audit, name="audit"),
    path("audit/export/", views.audit_export, name="audit_export"),
    path("audit/chains/", views.chains, name="chains"),
]
