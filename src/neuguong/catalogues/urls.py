from django.urls import path

from . import views

app_name = "catalogues"

urlpatterns = [
    path("", views.index, name="index"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/overrides/", views.override_add, name="override_add"),
    path("calendar/overrides/<int:pk>/remove/", views.override_remove, name="override_remove"),
    path("<slug:slug>/", views.catalogue, name="catalogue"),
    path("<slug:slug>/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
]
