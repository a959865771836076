from django.urls import path

from fazhi.openinfo import views

app_name = "openinfo"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("items/<int:item_id>/", views.item, name="item"),
    path("items/<int:item_id>/file/", views.item_file, name="item_file"),
    path("staff/", views.staff, name="staff"),
    path("staff/new/", views.staff_new, name="staff_new"),
    path("staff/<int:item_id>/", views.staff_item, name="staff_item"),
]
