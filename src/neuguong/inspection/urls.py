from django.urls import path

from .views import discipline

app_name = "inspection"

urlpatterns = [
    path("", discipline.discipline, name="index"),
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
