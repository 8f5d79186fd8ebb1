"""The background job behind a long list download: the owner's list rebuilt with the filters they
chose, written as XLSX or CSV while the job's page shows how far it has got."""

from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext as _

from neuguong.accounts.scoping import has_permission
from neuguong.core import exports
from neuguong.core.errors import ServiceError
from neuguong.jobs.models import Job
from neuguong.jobs.progress import Progress
from neuguong.jobs.registry import Result
from neuguong.orgs.models import Unit

from .lists import SORT_PARAM, list_source, sorted_rows, with_progress

CONTENT_TYPES = {"xlsx": exports.XLSX_TYPE, "csv": exports.CSV_TYPE}


def run_list_export(job: Job, progress: Progress) -> Result:
    source = list_source(job.params["list"])
    # The owner's grants when the job runs, not when it was asked for: a revoked role downloads nothing.
    if not has_permission(job.owner, source.permission):
        raise ServiceError("export_not_allowed", _("You no longer hold the role this list needs."))
    query = QueryDict(job.params["query"])
    _form, rows = source.build(job.owner, query, Unit.objects.filter(pk=job.params.get("unit")).first())
    rows = sorted_rows(rows, source.sorts, query.get(SORT_PARAM, ""))
    progress.start(rows.count())
    fmt = job.params["format"]
    with translation.override(job.params.get("language")):  # the headings in the language the user asked in
        data = exports.render(source.export, with_progress(rows, progress.advance), fmt)
        name = str(source.export.name)
    return Result(f"{name}.{fmt}", CONTENT_TYPES[fmt], data)
