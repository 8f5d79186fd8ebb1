"""The catalogues' rows as a read that only names entries sees them: cached between transactions,
forgotten once a change is committed, never cached from inside a transaction."""

import pytest
from django.core.cache import cache
from django.db import transaction

from neuguong.catalogues import selectors, services
from neuguong.catalogues.models import DisciplineForm, OversightKind, OversightType


@pytest.fixture
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def loaded(transactional_db, empty_cache):
    """A few entries (committed: the cache is only used outside a transaction)."""
    OversightType.objects.create(code="supervision.thematic", kind=OversightKind.SUPERVISION, name="Giám sát "
                                 "chuyên đề", name_en="Thematic supervision", position=2)
    OversightType.objects.create(code="inspection.compliance", kind=OversightKind.INSPECTION, name="Kiểm tra "
                                 "chấp hành", name_en="Compliance inspection", position=1)
    DisciplineForm.objects.create(code="full_member.reprimand", subject="full_member", name="Khiển trách",
                                  name_en="Reprimand", position=1)


def _names(rows):
    return {row["code"]: row["name"] for row in rows}


def test_rows_are_the_entries_in_the_catalogue_s_order_with_their_columns(loaded):
    types, forms = selectors.entry_rows(OversightType, DisciplineForm)
    assert [row["code"] for row in types] == list(selectors.oversight_types().values_list("code", flat=True))
    assert [row["code"] for row in forms] == list(selectors.discipline_forms().values_list("code", flat=True))
    compliance = next(row for row in types if row["code"] == "inspection.compliance")
    assert compliance["kind"] == OversightKind.INSPECTION and compliance["name"] and "id" in compliance


def test_rows_are_read_once_then_cached(loaded, django_assert_num_queries):
    with django_assert_num_queries(2):
        selectors.entry_rows(OversightType, DisciplineForm)
    with django_assert_num_queries(0):
        types, _forms = selectors.entry_rows(OversightType, DisciplineForm)
    assert "inspection.compliance" in _names(types)


def test_an_administrator_s_correction_is_seen_at_once(loaded, system_admin):
    selectors.entry_rows(OversightType)
    entry = OversightType.objects.get(code="inspection.compliance")
    services.catalogue_entry_update(model_label="catalogues.oversighttype", entry_id=entry.pk,
                                    data={"name": "Kiểm tra chấp hành (sửa)"}, acting_user=system_admin)
    (types,) = selectors.entry_rows(OversightType)
    assert _names(types)["inspection.compliance"] == "Kiểm tra chấp hành (sửa)"


def test_a_change_saved_directly_is_forgotten_on_commit_not_before(loaded, django_assert_num_queries):
    selectors.entry_rows(OversightType)
    with transaction.atomic():
        OversightType.objects.create(
            code="inspection.extra", kind=OversightKind.INSPECTION, name="Kiểm tra thêm", name_en="Extra")
        # Inside the transaction: its own change, read from the database, and nothing cached.
        (inside,) = selectors.entry_rows(OversightType)
        assert "inspection.extra" in _names(inside)
        assert cache.get(selectors.ROWS_CACHE_KEY.format(label="catalogues.oversighttype")) is not None
    assert cache.get(selectors.ROWS_CACHE_KEY.format(label="catalogues.oversighttype")) is None
    (after,) = selectors.entry_rows(OversightType)
    assert "inspection.extra" in _names(after)


def test_a_rolled_back_change_is_never_cached(loaded):
    selectors.entry_rows(OversightType)
    with pytest.raises(RuntimeError), transaction.atomic():
        OversightType.objects.create(code="inspection.undone", kind=OversightKind.INSPECTION, name="Hủy", name_en="x")
        selectors.entry_rows(OversightType)
        raise RuntimeError
    (types,) = selectors.entry_rows(OversightType)
    assert "inspection.undone" not in _names(types)


def test_fresh_reads_the_database_and_caches_what_it_read(loaded, django_assert_num_queries):
    selectors.entry_rows(OversightType)
    OversightType.objects.filter(code="inspection.compliance").update(name="Đổi bằng update")  # no signal
    (stale,) = selectors.entry_rows(OversightType)
    assert _names(stale)["inspection.compliance"] != "Đổi bằng update"
    (fresh,) = selectors.entry_rows(OversightType, fresh=True)
    assert _names(fresh)["inspection.compliance"] == "Đổi bằng update"
    with django_assert_num_queries(0):
        (again,) = selectors.entry_rows(OversightType)
    assert _names(again)["inspection.compliance"] == "Đổi bằng update"
