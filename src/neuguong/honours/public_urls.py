"""The public honour roll, under /honour-roll/: no account needed."""

from django.urls import path

from .views import public

app_name = "honour_roll"

urlpatterns = [
    path("", public.roll, name="roll"),
    path("<int:pk>/", public.model, name="model"),
    path("<int:pk>/photo/", public.photo, name="photo"),
]
