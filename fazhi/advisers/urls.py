from django.urls import path

from fazhi.advisers import views

app_name = "advisers"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:adviser_id>/", views.adviser, name="adviser"),
    path("<int:adviser_id>/contract/", views.adviser_contract, name="adviser_contract"),
    path("consultations/<int:consultation_id>/", views.consultation, name="consultation"),
    path("consultations/<int:consultation_id>/attachments/<int:attachment_id>/", views.attachment,
         name="attachment"),
]
