from django.urls import path

from .views import staff

app_name = "portal"

urlpatterns = [
    path("", staff.articles, name="index"),
    path("articles/", staff.articles, name="articles"),
    path("articles/new/", staff.article_create, name="article_create"),
    path("articles/<int:pk>/", staff.article_detail, name="article_detail"),
    path("articles/<int:pk>/edit/", staff.article_edit, name="article_edit"),
    path("articles/<int:pk>/diff/", staff.revision_diff, name="revision_diff"),
    path("articles/<int:pk>/<slug:step>/", staff.article_step, name="article_step"),
    path("feedback/", staff.feedback_queue, name="feedback"),
    path("feedback/<int:pk>/moderate/", staff.feedback_moderate, name="feedback_moderate"),
]
