from django.urls import path

from .views import plans, themes

app_name = "study"

urlpatterns = [
    path("", plans.plans, name="index"),
    path("plans/", plans.plans, name="plans"),
    path("plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/items/new/", plans.item_create, name="item_create"),
    path("plans/<int:pk>/items.xlsx", plans.plan_items_export, name="plan_items_export"),
    *(path(f"plans/<int:pk>/{step}/", plans.plan_step, {"step": step}, name=f"plan_{step}")
      for step in plans.PLAN_STEPS),
    path("plan-items/<int:pk>/edit/", plans.item_edit, name="item_edit"),
    path("plan-items/<int:pk>/reports/new/", plans.report_create, name="report_create"),
    *(path(f"plan-items/<int:pk>/{step}/", plans.item_step, {"step": step}, name=f"item_{step}")
      for step in plans.ITEM_STEPS),
    path("progress-reports/<int:pk>/file/", plans.report_file, name="report_file"),
    path("rollup/", plans.rollup, name="rollup"),
    path("themes/", themes.themes, name="themes"),
    path("themes/new/", themes.theme_create, name="theme_create"),
    path("themes/<int:pk>/", themes.theme_detail, name="theme_detail"),
    path("themes/<int:pk>/edit/", themes.theme_edit, name="theme_edit"),
    path("themes/<int:pk>/documents/new/", themes.document_create, name="document_create"),
    path("theme-documents/<int:pk>/", themes.document_download, name="document_download"),
]
