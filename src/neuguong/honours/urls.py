from django.urls import path

from .views import staff

app_name = "honours"

urlpatterns = [
    path("", staff.rounds, name="index"),
    path("rounds/", staff.rounds, name="rounds"),
    path("rounds/new/", staff.round_create, name="round_create"),
    path("rounds/<int:pk>/", staff.round_detail, name="round_detail"),
    path("rounds/<int:pk>/close/", staff.round_close, name="round_close"),
    path("rounds/<int:pk>/nominations/new/", staff.nomination_create, name="nomination_create"),
    path("rounds/<int:pk>/badges/", staff.badges, name="badges"),
    path("nominations/<int:pk>/", staff.nomination_detail, name="nomination_detail"),
    path("nominations/<int:pk>/evidence/new/", staff.evidence_create, name="evidence_create"),
    path("nominations/<int:pk>/vote/", staff.nomination_vote, name="nomination_vote"),
    path("nominations/<int:pk>/approve/", staff.nomination_approve, name="nomination_approve"),
    path("nominations/<int:pk>/refuse/", staff.nomination_refuse, name="nomination_refuse"),
    path("evidence/<int:pk>/download/", staff.evidence_download, name="evidence_download"),
    path("awards/<int:pk>/article/", staff.award_article, name="award_article"),
    path("counts/", staff.counts, name="counts"),
]
