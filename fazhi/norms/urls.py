from django.urls import path

from fazhi.norms import views

app_name = "norms"
urlpatterns = [
    # public
    path("", views.index, name="index"),
    path("repealed/", views.repealed, name="repealed"),
    path("search/", views.search_page, name="search"),
    path("<int:pk>/", views.document, name="document"),
    path("<int:pk>/text/", views.document_file, name="document_file"),
    path("cleanups/", views.cleanups, name="cleanups"),
    path("cleanups/<int:pk>/", views.cleanup, name="cleanup"),
    path("laws/", views.laws, name="laws"),
    path("laws/<slug:code>/", views.law, name="law"),
    # staff
    path("staff/", views.staff, name="staff"),
    path("staff/register/", views.register, name="register"),
    path("staff/<int:pk>/details/", views.update_details, name="update_details"),
    path("staff/<int:pk>/text/", views.upload_text, name="upload_text"),
    path("staff/<int:pk>/texts/<int:text_id>/", views.text_version, name="text_version"),
    path("staff/<int:pk>/receipt/", views.upload_receipt, name="upload_receipt"),
    path("staff/receipts/<int:file_id>/", views.receipt_file, name="receipt_file"),
    path("staff/flags/", views.flags, name="flags"),
    path("staff/flags/<int:flag_id>/resolve/", views.flag_resolve, name="flag_resolve"),
    path("staff/cleanups/", views.staff_cleanups, name="staff_cleanups"),
    path("staff/cleanups/<int:pk>/", views.staff_cleanup, name="staff_cleanup"),
    path("staff/laws/<slug:code>/versions/", views.law_version_add, name="law_version_add"),
]
