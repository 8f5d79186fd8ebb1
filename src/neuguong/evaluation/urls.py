from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("", views.periods, name="index"),
    path("periods/new/", views.period_create, name="period_create"),
    path("periods/<int:pk>/", views.period_detail, name="period_detail"),
    path("periods/<int:pk>/classify/", views.period_classify, name="period_classify"),
    path("periods/<int:pk>/summary/", views.period_summary, name="period_summary"),
    *(path(f"periods/<int:pk>/{step}/", views.period_step, {"step": step}, name=f"period_{step}")
      for step in views.PERIOD_STEPS),
    path("mine/", views.mine, name="mine"),
    path("to-hold/", views.to_hold, name="to_hold"),
    path("people/<int:person_id>/", views.cadre_profile, name="cadre_profile"),
    path("people/<int:person_id>/profile.docx", views.cadre_profile_document, name="cadre_profile_document"),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("reviews/<int:pk>/report.docx", views.review_document, name="review_document"),
    path("reviews/<int:pk>/minutes.docx", views.review_minutes, name="review_minutes"),
    path("reviews/<int:pk>/self-assessment/", views.self_assess, name="self_assess"),
    path("reviews/<int:pk>/tasks/", views.tasks, name="tasks"),
    path("reviews/<int:pk>/suggestion/", views.suggestion, name="suggestion"),
    path("reviews/<int:pk>/residents-comment/", views.resident_comment, name="resident_comment"),
    path("reviews/<int:pk>/follower-comment/", views.follower_comment, name="follower_comment"),
    path("reviews/<int:pk>/collective-review/", views.collective_review, name="collective_review"),
    path("reviews/<int:pk>/superior-assessment/", views.superior_assess, name="superior_assess"),
    *(path(f"reviews/<int:pk>/{step.replace('_', '-')}/", views.review_step, {"step": step},
           name=f"review_{step}") for step in views.SIMPLE_STEPS),
]
