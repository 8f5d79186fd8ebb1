from django.urls import path

from . import views

app_name = "ballots"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("<int:pk>/cancel/", views.campaign_cancel, name="cancel"),
    path("<int:pk>/electorate/", views.electorate, name="electorate"),
    path("<int:pk>/step/<str:step>/", views.campaign_step, name="step"),
    path("<int:pk>/count/", views.count_confirm, name="count_confirm"),
    path("<int:pk>/candidates/add/", views.candidate_add, name="candidate_add"),
    path("<int:pk>/candidates/<int:candidate_id>/remove/", views.candidate_remove, name="candidate_remove"),
    path("<int:pk>/questions/add/", views.question_add, name="question_add"),
    path("<int:pk>/questions/<int:question_id>/remove/", views.question_remove, name="question_remove"),
    path("<int:pk>/tellers/add/", views.teller_add, name="teller_add"),
    path("<int:pk>/tellers/<int:assignment_id>/remove/", views.teller_remove, name="teller_remove"),
    path("<int:pk>/codes/", views.codes_page, name="codes"),
    path("<int:pk>/codes/issue/", views.codes_issue, name="codes_issue"),
    path("<int:pk>/codes/batches/<int:batch_id>/reprint/", views.batch_reprint, name="batch_reprint"),
    path("<int:pk>/codes/revoke/", views.codes_revoke, name="codes_revoke"),
    path("<int:pk>/boxes/add/", views.box_add, name="box_add"),
    path("boxes/<int:pk>/", views.box_detail, name="box"),
    path("boxes/<int:pk>/resolve/", views.box_resolve, name="box_resolve"),
    path("<int:pk>/reconciliation/", views.reconciliation, name="reconciliation"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/minutes.docx", views.minutes_docx, name="minutes_docx"),
    path("<int:pk>/minutes.xlsx", views.minutes_xlsx, name="minutes_xlsx"),
]
