"""Background jobs: their audit actions and the errors they answer with."""

from django.utils.translation import gettext_lazy as _

from neuguong.audit.registry import register_actions
from neuguong.core.codes import register_errors, register_module

register_module("jobs", _("Background jobs"))
register_actions("jobs", {
    "job.started": _("Job started"),
    "job.downloaded": _("Job result downloaded"),
    "job.result_discarded": _("Job result discarded"),
    "jobs.purged": _("Expired job files purged"),
})
register_errors("jobs", {
    "job_failed": _("Job failed"),
    "job_discarded": _("Job stopped"),
    "unknown_job": _("Unknown job kind"),
    "job_owner": _("Signed-in owner required"),
    "export_not_allowed": _("Role for the list no longer held"),
})
