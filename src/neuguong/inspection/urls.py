from django.urls import path

from .views import cases, discipline, evidence

app_name = "inspection"

urlpatterns = [
    path("", cases.cases, name="index"),
    path("cases/", cases.cases, name="cases"),
    path("programmes/", cases.programmes, name="programmes"),
    path("statistics/", cases.statistics, name="statistics"),
    path("programmes/new/", cases.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", cases.programme_detail, name="programme_detail"),
    path("cases/new/", cases.case_create, name="case_create"),
    path("cases/from-petition/", cases.case_from_petition, name="case_from_petition"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/documents/new/", evidence.document_create, name="document_create"),
    path("documents/<int:pk>/download/", evidence.document_download, name="document_download"),
    path("cases/<int:pk>/explanations/new/", evidence.explanation_create, name="explanation_create"),
    path("explanations/<int:pk>/download/", evidence.explanation_download, name="explanation_download"),
    *(path(f"cases/<int:pk>/{step}/", cases.case_step, {"step": step}, name=f"case_{step}")
      for step in cases.CASE_STEPS),
    path("cases/<int:pk>/recommendations/new/", cases.recommendation_create, name="recommendation_create"),
    path("recommendations/<int:pk>/complete/", cases.recommendation_complete, name="recommendation_complete"),
    path("discipline/", discipline.discipline, name="discipline"),
    path("violations/new/", discipline.violation_create, name="violation_create"),
    path("violations/<int:pk>/", discipline.violation_detail, name="violation_detail"),
    path("violations/<int:pk>/decide/", discipline.decision_create, name="decision_create"),
    path("decisions/<int:pk>/appeal/", discipline.appeal_create, name="appeal_create"),
    *(path(f"appeals/<int:pk>/{step}/", discipline.appeal_step, {"step": step}, name=f"appeal_{step}")
      for step in discipline.APPEAL_STEPS),
    path("mine/", discipline.mine, name="mine"),
    path("mine/<int:pk>/", discipline.mine_detail, name="mine_detail"),
]
