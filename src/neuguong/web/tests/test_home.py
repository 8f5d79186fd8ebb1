from django.test import Client

from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory, PostFactory
from neuguong.web.units import SESSION_KEY


def test_home_shows_live_counts_of_the_working_units_subtree(admin_client_a, commune, cell, sibling):
    MembershipFactory(person=PersonFactory(unit=cell), cell=cell)
    PersonFactory(unit=sibling)  # another commune: not counted
    PostFactory(person=PersonFactory(unit=commune), unit=commune)
    content = admin_client_a.get("/").content.decode()
    assert 'data-testid="count-units">2<' in content
    assert 'data-testid="count-people">3<' in content
    assert 'data-testid="count-members">1<' in content
    assert 'data-testid="count-posts">1<' in content


def test_home_counts_follow_the_unit_picker(admin_client_a, commune, cell):
    PersonFactory(unit=cell)
    admin_client_a.post("/unit/choose/", {"unit": cell.pk})
    assert admin_client_a.session[SESSION_KEY] == cell.pk
    content = admin_client_a.get("/").content.decode()
    assert 'data-testid="count-units">1<' in content and 'data-testid="count-people">1<' in content


def test_picking_a_unit_outside_scope_is_not_found_and_keeps_the_choice(outsider_client, commune):
    assert outsider_client.post("/unit/choose/", {"unit": commune.pk}).status_code == 404
    assert SESSION_KEY not in outsider_client.session


def test_large_figures_are_grouped_the_vietnamese_way(unit_admin, commune):
    PersonFactory.create_batch(1200, unit=commune)
    client = Client()  # Vietnamese, the default
    client.force_login(unit_admin)
    assert 'data-testid="count-people">1.201<' in client.get("/").content.decode()


def test_home_query_count_does_not_grow_with_records(admin_client_a, commune, cell, django_assert_max_num_queries):
    PersonFactory.create_batch(40, unit=cell)
    # One query per kind of work item or figure (jobs: the files of the last days; study: plan items,
    # reports due, the assessments open from 01/12, meetings coming and minutes overdue; inspection: the
    # user's own discipline; portal: the articles to review and the feedback waiting; evaluation: the
    # user's own reviews to fill in, the collective reviews to hold, those to comment on
    # as the unit's follower, the classification notified to the user and the periods closing soon; honours:
    # the nominations to decide on and those waiting for the council's vote) plus the page itself.
    with django_assert_max_num_queries(39):
        assert admin_client_a.get("/").status_code == 200


def test_member_sees_a_welcome_without_figures(member_client):
    content = member_client.get("/").content.decode()
    assert "count-people" not in content and "Welcome, Phạm Thị Hoa." in content


def test_visitor_lands_on_the_public_portal_with_the_login_in_reach(client, db):
    response = client.get("/")
    content = response.content.decode()
    assert response.status_code == 200 and 'data-testid="portal-home"' in content
    assert 'href="/accounts/login/"' in content
    assert 'href="/petitions/submit/"' in content and 'href="/petitions/track/"' in content
    assert 'href="/vote/"' in content
    assert "unit-picker" not in content and 'class="sidebar"' not in content


def test_navigation_shows_only_the_modules_a_role_may_open(cell, commune):
    from neuguong.accounts.permissions import Role
    from neuguong.orgs.tests.factories import UserFactory, grant

    teller = UserFactory(username="teller", person=PersonFactory(unit=cell))
    grant(teller, Role.TELLER, commune)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(teller)
    content = client.get("/").content.decode()
    assert 'href="/ballots/"' in content
    assert 'href="/people/"' not in content and 'href="/audit/"' not in content
    assert client.get("/ballots/").status_code == 200
