"""The public portal's petition pages: no login."""

from django.urls import path

from .views import public

app_name = "petitions_public"

urlpatterns = [
    path("submit/", public.submit, name="submit"),
    path("submit/done/", public.submitted, name="submitted"),
    path("track/", public.track, name="track"),
]
