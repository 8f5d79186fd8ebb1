"""Public casting and published results, under /vote/: no account needed."""

from django.urls import path

from . import public_views

app_name = "vote"

urlpatterns = [
    path("", public_views.vote_start, name="start"),
    path("ballot/", public_views.vote_ballot, name="ballot"),
    path("receipts/<str:public_id>/", public_views.vote_receipts, name="receipts"),
    path("results/<str:public_id>/", public_views.vote_results, name="results"),
]
