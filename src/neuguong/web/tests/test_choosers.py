from neuguong.orgs.forms import PersonForm
from neuguong.orgs.selectors import units_for
from neuguong.orgs.tests.factories import PersonFactory, make_unit


def _labels(client, source, **params):
    response = client.get(f"/choose/{source}/", params)
    assert response.status_code == 200
    return [option["label"] for option in response.json()["results"]]


def test_unit_search_ignores_diacritics_and_names_the_parent(admin_client_a, commune, cell):
    assert _labels(admin_client_a, "units", q="chi bo thon dong") == ["Chi bộ thôn Đông · Đảng bộ xã Thạch Hà"]
    assert _labels(admin_client_a, "units", q="THẠCH hà") == ["Đảng bộ xã Thạch Hà · Tỉnh ủy Hồng Lam"]


def test_units_of_another_commune_are_never_offered(admin_client_a, commune, cell, sibling, sibling_cell):
    assert _labels(admin_client_a, "units", q="chi bo") == ["Chi bộ thôn Đông · Đảng bộ xã Thạch Hà"]
    assert not any("Cẩm Xuyên" in label for label in _labels(admin_client_a, "units"))


def test_searching_under_a_unit_outside_scope_is_not_found(admin_client_a, commune, sibling):
    assert admin_client_a.get("/choose/units/", {"under": sibling.pk}).status_code == 404
    assert admin_client_a.get("/choose/nothing/").status_code == 404


def test_people_search_is_scoped_and_diacritic_insensitive(admin_client_a, person, sibling_person):
    assert _labels(admin_client_a, "people", q="nguyen van an") == ["Nguyễn Văn An"]
    assert _labels(admin_client_a, "people", q="tran thi binh") == []


def test_results_are_grouped_by_kind_tops_first(admin_client_a, commune, cell):
    results = admin_client_a.get("/choose/units/").json()["results"]
    assert [(r["label"].split(" · ")[0], r["group"]) for r in results] == [
        ("Đảng bộ xã Thạch Hà", "Subordinate party committee"), ("Chi bộ thôn Đông", "Party cell")]


def test_party_cell_chooser_offers_party_units_only(admin_client_a, commune, cell):
    make_unit("Ủy ban nhân dân xã Thạch Hà", "peoples_committee", commune)
    assert _labels(admin_client_a, "units", q="thach ha") == [
        "Đảng bộ xã Thạch Hà · Tỉnh ủy Hồng Lam", "Ủy ban nhân dân xã Thạch Hà · Đảng bộ xã Thạch Hà"]
    assert _labels(admin_client_a, "party_units", q="thach ha") == ["Đảng bộ xã Thạch Hà · Tỉnh ủy Hồng Lam"]


def test_visitor_gets_no_options(client, commune):
    response = client.get("/choose/units/", {"q": "thach"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_unit_outside_scope_is_refused_by_the_field_with_a_message(unit_admin, commune, sibling):
    form = PersonForm({"full_name": "Hồ Thị Mai", "gender": "female", "unit": sibling.pk},
                      units=units_for(unit_admin), near=commune)
    assert not form.is_valid()
    assert form.errors["unit"] == ["Choose a unit among the units you work with."]


def test_chooser_renders_only_the_chosen_person_not_the_whole_list(unit_admin, commune, person):
    from neuguong.ballots.forms import CandidateForm
    from neuguong.orgs.selectors import people_for

    PersonFactory.create_batch(30, unit=commune)
    form = CandidateForm(initial={"person": person.pk}, people=people_for(unit_admin), under=commune)
    html = str(form["person"])
    assert html.count("<option") == 2 and "Nguyễn Văn An" in html
    assert f'data-chooser="/choose/people/?under={commune.pk}"' in html


def test_forged_person_id_is_refused_with_a_message(unit_admin, commune, sibling_person):
    from neuguong.ballots.forms import CandidateForm
    from neuguong.orgs.selectors import people_for

    form = CandidateForm({"person": sibling_person.pk}, people=people_for(unit_admin), under=commune)
    assert not form.is_valid()
    assert form.errors["person"] == ["Choose a person among the people of the units you work with."]
