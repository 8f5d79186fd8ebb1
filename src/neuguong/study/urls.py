from django.urls import path

from .views import member, plans, registrations, themes

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
    path("me/", member.me, name="me"),
    path("registrations/", registrations.registrations, name="registrations"),
    path("registrations/new/", registrations.registration_create, name="registration_create"),
    path("registrations/<int:pk>/", registrations.registration_detail, name="registration_detail"),
    path("registrations/<int:pk>/edit/", registrations.registration_edit, name="registration_edit"),
    path("registrations/<int:pk>/reports/new/", registrations.quarter_report_create, name="quarter_report_create"),
    *(path(f"registrations/<int:pk>/{step}/", registrations.registration_step, {"step": step},
           name=f"registration_{step}") for step in registrations.STEPS),
    path("quarter-reports/<int:pk>/file/", registrations.quarter_report_file, name="quarter_report_file"),
    path("pledges/", registrations.pledges, name="pledges"),
    path("pledges/missing/", registrations.not_pledged, name="not_pledged"),
    path("pledges/new/", registrations.pledge_create, name="pledge_create"),
    path("pledges/<int:pk>/", registrations.pledge_detail, name="pledge_detail"),
    path("pledges/<int:pk>/edit/", registrations.pledge_edit, name="pledge_edit"),
    path("pledges/<int:pk>/publish/", registrations.pledge_publish, name="pledge_publish"),
    path("pledges/<int:pk>/follow-up/", registrations.pledge_follow_up, name="pledge_follow_up"),
    *(path(f"pledges/<int:pk>/{step}/", registrations.pledge_step, {"step": step}, name=f"pledge_{step}")
      for step in registrations.PLEDGE_STEPS),
    path("units/<int:pk>/pledges/", registrations.unit_pledges, name="unit_pledges"),
    path("themes/", themes.themes, name="themes"),
    path("themes/new/", themes.theme_create, name="theme_create"),
    path("themes/<int:pk>/", themes.theme_detail, name="theme_detail"),
    path("themes/<int:pk>/edit/", themes.theme_edit, name="theme_edit"),
    path("themes/<int:pk>/documents/new/", themes.document_create, name="document_create"),
    path("theme-documents/<int:pk>/", themes.document_download, name="document_download"),
]
