from django.urls import path

from fazhi.portal import views
from fazhi.security.views import StaffLoginView

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("guides/", views.guides, name="guides"),
    path("guides/<slug:code>/", views.guide, name="guide"),
    path("guides/<slug:code>/apply/", views.apply, name="apply"),
    path("my/", views.my_cases, name="my_cases"),
    path("track/", views.track, name="track"),
    path("track/<int:case_id>/documents/<int:doc_id>/", views.track_document, name="track_document"),
    path("publicity/", views.publicity, name="publicity"),
    path("register/", views.register, name="register"),
    path("login/", StaffLoginView.as_view(), name="login"),  # password, then the staff second factor
    path("logout/", views.logout, name="logout"),
    path("cases/<int:case_id>/", views.case_page, name="case"),
    path("cases/<int:case_id>/receipt/", views.receipt, name="receipt"),
    path("cases/<int:case_id>/documents/<int:doc_id>/", views.case_document, name="case_document"),
    path("cases/<int:case_id>/materials/<int:file_id>/", views.case_material, name="case_material"),
    path("staff/inbox/", views.inbox, name="inbox"),
    path("staff/intake/", views.counter_intake, name="counter_intake"),
    path("staff/statistics/", views.statistics, name="statistics"),
    path("healthz", views.healthz, name="healthz"),
]
