from django.urls import path

from fazhi.archives import views

app_name = "archives"
urlpatterns = [
    path("services/", views.services_index, name="services"),
    path("services/<slug:code>/", views.service_detail, name="service"),
    path("services/<slug:code>/book/", views.book, name="book"),
    path("requests/", views.requests_list, name="requests"),
    path("requests/<int:case_id>/act/", views.act, name="act"),
    path("requests/<int:case_id>/serve/", views.serve, name="serve"),
    path("requests/<int:case_id>/files/<int:file_id>/", views.result_file, name="result_file"),
    path("reading-room/", views.reading_room, name="reading_room"),
    path("reading-room/slots/", views.slots_open, name="slots_open"),
    path("statistics/", views.statistics_page, name="statistics"),
]
