from django.urls import path

from .views import meetings, plans, themes

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
    path("themes/<int:pk>/documents/new/", themes.document_create, name="document_create"),
    path("theme-documents/<int:pk>/", themes.document_download, name="document_download"),
    path("meetings/", meetings.meetings, name="meetings"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/attendance/", meetings.meeting_attendance, name="meeting_hold"),
    path("meetings/<int:pk>/minutes/", meetings.meeting_minutes, name="meeting_minutes"),
    path("meetings/<int:pk>/manifestations/", meetings.meeting_manifestations, name="meeting_manifestations"),
    path("meetings/<int:pk>/documents/new/", meetings.meeting_document_create, name="meeting_document_create"),
    path("meetings/<int:pk>/minutes.docx", meetings.meeting_minutes_docx, name="meeting_minutes_docx"),
    *(path(f"meetings/<int:pk>/{step}/", meetings.meeting_step, {"step": step}, name=f"meeting_{step}")
      for step in meetings.STEPS),
    path("meeting-documents/<int:pk>/", meetings.meeting_document_download, name="meeting_document_download"),
    path("meeting-attendance/", meetings.attendance_stats, name="meeting_attendance_stats"),
    path("meetings-missing/", meetings.meetings_missing, name="meetings_missing"),
]
