"""What each actor reads: the unit administrator their commune's plans and the province's themes,
the member their cell's, the outsider nothing of commune A; and the home page's work items."""

import datetime as dt

from django.utils import timezone

from neuguong.study import selectors, services
from neuguong.study.modules import work_items

from .conftest import add_item, client_for, this_year


def test_the_provinces_theme_is_read_below_it_and_a_communes_theme_stays_in_the_commune(
        theme, unit_admin, member, outsider, commune):
    own = services.theme_create(unit_id=commune.pk, year=this_year(), level="provincial", title="Của xã A",
                                acting_user=unit_admin)
    assert set(selectors.themes_visible_to(unit_admin)) == {theme, own}
    assert set(selectors.themes_visible_to(member)) == {theme, own}
    assert set(selectors.themes_visible_to(outsider)) == {theme}
    assert list(selectors.themes_for_unit(outsider, outsider.grants.get().unit)) == [theme]


def test_plans_are_read_in_the_subtree_of_the_grant_only(plan, theme, unit_admin, member, outsider, cell,
                                                         propagandist):
    cell_plan = services.plan_create(unit_id=cell.pk, theme_id=theme.pk, title="Kế hoạch chi bộ",
                                     acting_user=unit_admin)
    assert set(selectors.plans_visible_to(unit_admin)) == {plan, cell_plan}
    assert list(selectors.plans_visible_to(member)) == [cell_plan]
    assert not selectors.plans_visible_to(outsider).exists()
    assert set(selectors.plans_visible_to(propagandist)) == {plan, cell_plan}


def test_the_plan_list_counts_done_and_live_items(approved, item, unit_admin):
    cancelled = add_item(approved, unit_admin, content="Bỏ")
    services.item_cancel(item_id=cancelled.pk, reason="Gộp", acting_user=unit_admin)
    services.item_complete(item_id=item.pk, acting_user=unit_admin)
    listed = selectors.plans_visible_to(unit_admin).get()
    assert (listed.item_count, listed.done_count) == (1, 1)


def test_work_items_list_overdue_and_soon_items_of_the_users_units_only(plan, unit_admin, outsider, member):
    today = timezone.localdate()
    soon = add_item(plan, unit_admin, due_on=min(today + dt.timedelta(days=5), dt.date(today.year, 12, 31)),
                    content="Sắp đến hạn")
    year_end = dt.date(today.year, 12, 31)
    if (year_end - today).days > 14:  # an item past the two weeks (none fits in late December)
        add_item(plan, unit_admin, due_on=year_end, content="Cuối năm")
    titles = [entry.title for entry in work_items(unit_admin)]
    assert any("Sắp đến hạn" in title for title in titles)
    assert not any("Cuối năm" in title for title in titles)
    assert work_items(outsider) == [] and work_items(member) == []
    assert soon.content in client_for(unit_admin).get("/").content.decode()


def test_done_items_leave_the_work_list(approved, item, unit_admin):
    assert work_items(unit_admin)
    services.item_complete(item_id=item.pk, acting_user=unit_admin)
    assert work_items(unit_admin) == []


def test_the_rollup_folds_cell_plans_into_their_commune(theme, plan, unit_admin, leader, commune, cell, province,
                                                        outsider):
    add_item(plan, unit_admin)
    cell_plan = services.plan_create(unit_id=cell.pk, theme_id=theme.pk, title="Chi bộ", acting_user=unit_admin)
    add_item(cell_plan, unit_admin)
    rows, total = selectors.rollup(leader, year=this_year(), unit=province)
    assert [(row.unit, row.plans, row.items) for row in rows] == [(commune, 2, 2)]
    assert (total.items, total.done) == (2, 0)
    rows, _total = selectors.rollup(unit_admin, year=this_year(), unit=commune)
    assert [(row.unit, row.items) for row in rows] == [(commune, 1), (cell, 1)]
    assert selectors.rollup(outsider, year=this_year(), unit=None)[0] == []
