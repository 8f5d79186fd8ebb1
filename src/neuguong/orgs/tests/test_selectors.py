import datetime as dt

import pytest

from neuguong.orgs import selectors
from neuguong.orgs.models import UnitKind
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory, PostFactory


def test_search_without_diacritics_finds_vietnamese_names(unit_admin, commune):
    wanted = PersonFactory(full_name="Nguyễn Văn An", unit=commune)
    PersonFactory(full_name="Trần Văn Bình", unit=commune)
    found = list(selectors.people_for(unit_admin, q="nguyen van"))
    assert found == [wanted]
    assert list(selectors.people_for(unit_admin, q="NGUYỄN văn an")) == [wanted]


def test_people_are_sorted_by_given_name_then_family_name(unit_admin, commune):
    for name in ["Trần Văn Bình", "Nguyễn Thị Ánh", "Lê Văn An", "Đỗ Văn Dũng", "Nguyễn Văn Ân", "Đinh Văn Đạt"]:
        PersonFactory(full_name=name, unit=commune)
    names = [p.full_name for p in selectors.people_for(unit_admin) if p.unit_id == commune.pk]
    # Given names a < ánh < ân < bình < dũng < đạt (ă/â follow a; đ follows d); admin "Lê Văn Quản" last.
    assert names[:6] == ["Lê Văn An", "Nguyễn Thị Ánh", "Nguyễn Văn Ân", "Trần Văn Bình", "Đỗ Văn Dũng", "Đinh Văn Đạt"]


def test_outsider_sees_no_people_of_another_commune(outsider, person):
    assert not selectors.people_for(outsider).filter(pk=person.pk).exists()


def test_member_sees_no_list_of_people(member, person):
    assert list(selectors.people_for(member)) == []


def test_subtree_counts_count_only_the_subtree(unit_admin, commune, cell, sibling):
    MembershipFactory(person=PersonFactory(unit=cell), cell=cell)
    PersonFactory(unit=sibling)
    PostFactory(person=PersonFactory(unit=commune), unit=commune)
    counts = selectors.subtree_counts(unit_admin, commune)
    # units: the commune and its cell; people: the admin's own record, the cell member, the post holder
    assert counts["units"] == 2
    assert counts["people"] == 3
    assert counts["members"] == 1 and counts["members_full"] == 1
    assert counts["posts"] == 1


def test_subtree_counts_for_a_unit_out_of_scope_are_not_found(outsider, commune):
    from neuguong.accounts.scoping import NotFound

    with pytest.raises(NotFound):
        selectors.subtree_counts(outsider, commune)


def test_filters_on_memberships_and_posts_list_each_person_once(unit_admin, commune, cell):
    from neuguong.orgs.models import ManagementLevel, MembershipStatus

    full = PersonFactory(full_name="Nguyễn Văn Chính", unit=cell)
    MembershipFactory(person=full, cell=cell)
    probationary = PersonFactory(full_name="Nguyễn Thị Dự", unit=cell)
    MembershipFactory(person=probationary, cell=cell, status=MembershipStatus.PROBATIONARY, full_member_on=None)
    cadre = PersonFactory(full_name="Nguyễn Văn Cán", unit=commune)
    for title in ["Bí thư", "Chủ tịch Hội đồng nhân dân"]:
        PostFactory(person=cadre, unit=commune, title=title, management_level=ManagementLevel.PROVINCE_STANDING)
    PostFactory(person=full, unit=commune, management_level=ManagementLevel.PROVINCE_STANDING,
                ended_on=dt.date(2021, 1, 1))

    def found(**filters):
        return [p.full_name for p in selectors.people_for(unit_admin, q="nguyen", **filters)]

    assert found(membership="member") == ["Nguyễn Văn Chính", "Nguyễn Thị Dự"]
    assert found(membership="full") == ["Nguyễn Văn Chính"]
    assert found(membership="probationary") == ["Nguyễn Thị Dự"]
    assert found(membership="none") == ["Nguyễn Văn Cán"]
    assert found(management_level=ManagementLevel.PROVINCE_STANDING) == ["Nguyễn Văn Cán"]


def test_subtree_counts_of_the_top_count_the_whole_tree_but_no_other_tree(system_admin, province, commune, cell):
    from neuguong.orgs.tests.factories import make_unit

    MembershipFactory(person=PersonFactory(unit=cell), cell=cell)
    whole = selectors.subtree_counts(system_admin, province)
    assert (whole["units"], whole["people"], whole["members"]) == (3, 2, 1)
    other = make_unit("Tỉnh ủy Khác", UnitKind.PROVINCE_COMMITTEE)
    PersonFactory(unit=other)
    assert selectors.subtree_counts(system_admin, province) == whole
