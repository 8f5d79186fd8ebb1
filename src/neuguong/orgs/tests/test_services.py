import datetime as dt

import pytest

from neuguong.accounts.scoping import NotFound
from neuguong.audit.models import AuditEvent
from neuguong.core import crypto
from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.orgs import services
from neuguong.orgs.models import Membership, Person, Unit, UnitChange, UnitKind, UnitStatus
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory, PostFactory, make_unit


def unit_snapshot():
    return sorted(Unit.objects.values_list("id", "path", "depth", "parent_id", "status", "name"))


def test_created_unit_has_materialized_path_below_its_parent(commune, cell):
    assert cell.path == f"{commune.path}{cell.pk}/"
    assert cell.depth == commune.depth + 1
    assert AuditEvent.objects.filter(action="unit.created", object_id=str(cell.pk)).exists()


def test_admin_renames_unit_and_history_keeps_old_name(unit_admin, cell):
    services.unit_update(unit_id=cell.pk, changes={"name": "Chi bộ thôn Đông Bắc"}, acting_user=unit_admin)
    change = UnitChange.objects.get(unit=cell, kind="renamed")
    assert (change.old_value, change.new_value) == ("Chi bộ thôn Đông", "Chi bộ thôn Đông Bắc")
    event = AuditEvent.objects.get(action="unit.updated")
    assert event.before["name"] == "Chi bộ thôn Đông" and event.after["name"] == "Chi bộ thôn Đông Bắc"


def test_moving_a_unit_moves_its_whole_subtree(system_admin, commune, sibling, cell):
    grandchild = make_unit("Tổ đảng 1", UnitKind.CELL, cell)
    services.unit_move(unit_id=cell.pk, new_parent_id=sibling.pk, acting_user=system_admin)
    cell.refresh_from_db()
    grandchild.refresh_from_db()
    assert cell.path == f"{sibling.path}{cell.pk}/"
    assert grandchild.path == f"{cell.path}{grandchild.pk}/"
    assert grandchild.depth == cell.depth + 1


def test_unit_cannot_be_moved_under_its_own_subtree(system_admin, commune, cell):
    before = unit_snapshot()
    with pytest.raises(ServiceError) as error:
        services.unit_move(unit_id=commune.pk, new_parent_id=cell.pk, acting_user=system_admin)
    assert error.value.code == "move_into_own_subtree"
    assert unit_snapshot() == before
    assert not AuditEvent.objects.filter(action="unit.moved").exists()


def test_outsider_cannot_see_or_move_a_unit_of_another_commune(outsider, cell, sibling):
    before = unit_snapshot()
    with pytest.raises(NotFound):
        services.unit_move(unit_id=cell.pk, new_parent_id=sibling.pk, acting_user=outsider)
    assert unit_snapshot() == before


def test_member_can_see_units_but_not_manage_them(member, cell):
    with pytest.raises(PermissionDeniedError):
        services.unit_update(unit_id=cell.pk, changes={"name": "X"}, acting_user=member)
    cell.refresh_from_db()
    assert cell.name == "Chi bộ thôn Đông"


def test_merge_moves_children_people_and_members_and_keeps_the_merged_unit(system_admin, commune, sibling, cell):
    person = PersonFactory(unit=sibling)
    sibling_cell = make_unit("Chi bộ thôn Tây", UnitKind.CELL, sibling)
    services.unit_merge(
        source_ids=[sibling.pk], target_id=commune.pk, acting_user=system_admin,
        effective_on=dt.date(2025, 7, 1), decision="Nghị quyết 1/2025",
    )
    sibling.refresh_from_db()
    sibling_cell.refresh_from_db()
    person.refresh_from_db()
    assert sibling.status == UnitStatus.MERGED and sibling.merged_into == commune
    assert sibling.ended_on == dt.date(2025, 7, 1)
    assert sibling_cell.path.startswith(commune.path)
    assert person.unit == commune
    assert AuditEvent.objects.filter(action="unit.merged", object_id=str(sibling.pk)).exists()


def test_deleting_a_unit_with_people_is_refused_with_the_reason(unit_admin, cell):
    PersonFactory(unit=cell)
    with pytest.raises(ServiceError) as error:
        services.unit_delete(unit_id=cell.pk, acting_user=unit_admin)
    assert "people are managed by it" in str(error.value.message)
    assert Unit.objects.filter(pk=cell.pk).exists()
    assert not AuditEvent.objects.filter(action="unit.deleted").exists()


def test_empty_unit_can_be_deleted(unit_admin, cell):
    services.unit_delete(unit_id=cell.pk, acting_user=unit_admin)
    assert not Unit.objects.filter(pk=cell.pk).exists()
    assert AuditEvent.objects.filter(action="unit.deleted", object_id=str(cell.pk)).exists()


def test_dissolving_a_unit_with_members_is_refused(unit_admin, cell):
    MembershipFactory(person=PersonFactory(unit=cell), cell=cell)
    PersonFactory._meta.model.objects.filter(unit=cell).update(unit=cell.parent)
    with pytest.raises(ServiceError) as error:
        services.unit_dissolve(unit_id=cell.pk, acting_user=unit_admin)
    assert "party members are still in it" in str(error.value.message)
    cell.refresh_from_db()
    assert cell.status == UnitStatus.ACTIVE


def test_person_citizen_id_is_encrypted_and_found_by_keyed_hash(unit_admin, commune):
    person = services.person_create(
        acting_user=unit_admin, unit_id=commune.pk,
        data={"full_name": "  Nguyễn   Văn Ấn ", "gender": "male", "citizen_id": "042090001234"},
    )
    assert person.full_name == "Nguyễn Văn Ấn"
    assert person.search_name == "nguyen van an"
    assert "042090001234" not in person.citizen_id_encrypted
    assert crypto.decrypt(person.citizen_id_encrypted) == "042090001234"
    assert Person.objects.get(citizen_id_hash=crypto.keyed_hash("042090001234")) == person
    event = AuditEvent.objects.get(action="person.created")
    assert "042090001234" not in str(event.after)


def test_duplicate_citizen_id_is_refused_with_a_field_error(unit_admin, commune):
    data = {"full_name": "Lê Văn Một", "gender": "male", "citizen_id": "042090001234"}
    services.person_create(acting_user=unit_admin, unit_id=commune.pk, data=data)
    with pytest.raises(ServiceError) as error:
        services.person_create(acting_user=unit_admin, unit_id=commune.pk, data={**data, "full_name": "Lê Văn Hai"})
    assert "citizen_id" in error.value.field_errors
    assert Person.objects.filter(full_name="Lê Văn Hai").count() == 0


@pytest.mark.parametrize("bad", ["12345", "04209000123A", "0420900012345"])
def test_malformed_citizen_id_is_refused(unit_admin, commune, bad):
    with pytest.raises(ServiceError) as error:
        services.person_create(
            acting_user=unit_admin, unit_id=commune.pk, data={"full_name": "A B", "gender": "male", "citizen_id": bad}
        )
    assert "citizen_id" in error.value.field_errors
    assert not Person.objects.filter(full_name="A B").exists()


def test_membership_status_follows_the_full_member_date(unit_admin, person, cell):
    membership = services.membership_create(
        person_id=person.pk, acting_user=unit_admin,
        data={"cell_id": cell.pk, "joined_on": dt.date(2024, 5, 19), "card_number": "A123"},
    )
    assert membership.status == "probationary"
    membership = services.membership_update(
        membership_id=membership.pk, acting_user=unit_admin,
        changes={"joined_on": dt.date(2024, 5, 19), "full_member_on": dt.date(2025, 5, 19), "card_number": "A123"},
    )
    assert membership.status == "full"


def test_second_active_membership_is_refused(unit_admin, person, cell):
    data = {"cell_id": cell.pk, "joined_on": dt.date(2024, 5, 19)}
    services.membership_create(person_id=person.pk, acting_user=unit_admin, data=data)
    with pytest.raises(ServiceError) as error:
        services.membership_create(person_id=person.pk, acting_user=unit_admin, data=data)
    assert "person" in error.value.field_errors
    assert Membership.objects.filter(person=person).count() == 1


def test_membership_cannot_be_held_in_a_peoples_committee(unit_admin, person, commune):
    ubnd = make_unit("UBND xã Thạch Hà", UnitKind.PEOPLES_COMMITTEE, commune)
    with pytest.raises(ServiceError) as error:
        services.membership_create(
            person_id=person.pk, acting_user=unit_admin, data={"cell_id": ubnd.pk, "joined_on": dt.date(2024, 1, 1)}
        )
    assert "cell" in error.value.field_errors


def test_only_standing_committee_members_follow_units_below_their_committee(unit_admin, person, commune, cell):
    with pytest.raises(ServiceError):
        services.follow_assign(person_id=person.pk, unit_id=cell.pk, acting_user=unit_admin, started_on=dt.date.today())
    PostFactory(person=person, unit=commune, title="Phó Bí thư", is_standing_committee=True)
    assignment = services.follow_assign(
        person_id=person.pk, unit_id=cell.pk, acting_user=unit_admin, started_on=dt.date.today()
    )
    assert assignment.committee == commune


def test_post_ending_before_it_begins_is_refused(unit_admin, person, commune):
    with pytest.raises(ServiceError) as error:
        services.post_create(
            person_id=person.pk, acting_user=unit_admin,
            data={"unit_id": commune.pk, "title": "Bí thư", "started_on": dt.date(2024, 1, 1),
                  "ended_on": dt.date(2023, 1, 1)},
        )
    assert "ended_on" in error.value.field_errors
