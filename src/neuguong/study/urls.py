from django.urls import path

from .views import events, library, meetings, member, plans, registrations, themes

app_name = "study"

# Records that link to the library documents they implement: (kind, URL prefix of their pages).
LINKED = (("plan", "plans"), ("meeting", "meetings"), ("registration", "registrations"))

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
    *(path(f"{prefix}/<int:pk>/library/link/", library.target_link, {"kind": kind}, name=f"{kind}_link")
      for kind, prefix in LINKED),
    *(path(f"{prefix}/<int:pk>/library/<int:document_pk>/unlink/", library.target_unlink, {"kind": kind},
           name=f"{kind}_unlink") for kind, prefix in LINKED),
    path("library/", library.library, name="library"),
    path("library/new/", library.library_create, name="library_create"),
    path("library/<int:pk>/", library.library_detail, name="library_detail"),
    path("library/<int:pk>/edit/", library.library_edit, name="library_edit"),
    path("library/<int:pk>/versions/new/", library.version_create, name="version_create"),
    path("library/<int:pk>/read/", library.library_mark_read, name="library_mark_read"),
    path("library-versions/<int:pk>/", library.version_download, name="version_download"),
    path("study-events/", events.events, name="events"),
    path("study-events/new/", events.event_create, name="event_create"),
    path("study-events/<int:pk>/", events.event_detail, name="event_detail"),
    path("study-events/<int:pk>/edit/", events.event_edit, name="event_edit"),
    path("study-events/<int:pk>/documents/new/", events.event_document_create, name="event_document_create"),
    path("study-events/<int:pk>/links/new/", events.event_link_create, name="event_link_create"),
    path("study-events/<int:pk>/links/<int:link_pk>/delete/", events.event_link_delete, name="event_link_delete"),
    *(path(f"study-events/<int:pk>/{step}/", events.event_step, {"step": step}, name=f"event_{step}")
      for step in events.EVENT_STEPS),
    path("event-documents/<int:pk>/", events.event_document_download, name="event_document_download"),
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
