from django.urls import path

from . import choosers, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("unit/choose/", views.choose_unit_view, name="choose_unit"),
    path("choose/<slug:chooser>/", choosers.choose, name="choose"),
]
