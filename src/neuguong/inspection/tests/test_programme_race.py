"""Two requests creating the same programme at once, on PostgreSQL, each in its own thread and
connection (SQLite serialises every writer): the table's unique constraint keeps one, the other is
refused with the title's message, and only the one created is in the audit trail."""

import pytest
from django.db import connection

from neuguong.audit.models import AuditEvent
from neuguong.core.errors import ServiceError
from neuguong.inspection import services
from neuguong.inspection.models import Programme
from neuguong.orgs.tests.races import run_together

from .test_case_services import TODAY

pytestmark = [pytest.mark.skipif(connection.vendor != "postgresql", reason="the race tests need PostgreSQL"),
              pytest.mark.django_db(transaction=True)]


def test_the_same_programme_created_twice_at_once_is_created_once(inspector, province):
    def create():
        return services.programme_create(unit_id=province.pk, year=TODAY.year, title="Chương trình năm",
                                         acting_user=inspector)

    results = run_together(create, create)
    refused = [result for result in results if isinstance(result, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], ServiceError), results
    assert "title" in refused[0].field_errors
    assert Programme.objects.filter(unit=province, year=TODAY.year).count() == 1
    assert AuditEvent.objects.filter(action="inspection_programme.created").count() == 1
