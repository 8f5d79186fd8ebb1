from django.urls import path

from .views import events, library, plans, themes

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
    path("plans/<int:pk>/library/link/", library.plan_link, name="plan_link"),
    path("plans/<int:pk>/library/<int:document_pk>/unlink/", library.plan_unlink, name="plan_unlink"),
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
    *(path(f"study-events/<int:pk>/{step}/", events.event_step, {"step": step}, name=f"event_{step}")
      for step in events.EVENT_STEPS),
    path("event-documents/<int:pk>/", events.event_document_download, name="event_document_download"),
]
