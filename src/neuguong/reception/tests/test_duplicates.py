"""Duplicates linked for the officer to confirm, raised-again and over-level petitions."""

import pytest

from neuguong.audit.models import AuditEvent
from neuguong.core.errors import ServiceError
from neuguong.reception import selectors, services
from neuguong.reception.models import LinkReason, LinkStatus, PetitionLink
from neuguong.reception.services.duplicates import similarity

from .conftest import days_ago, receive

OTHER_PERSON = {"petitioner_name": "Phan Văn Khác", "petitioner_address": "Xóm Nam, xã Thạch Hà",
                "citizen_id": "", "petitioner_phone": ""}


def reasons(petition):
    return {(link.earlier_id, link.reason) for link in petition.links.all()}


def test_same_citizen_id_is_linked(officer, commune):
    first = receive(officer, commune)[0]
    second = receive(officer, commune, subject="Chuyện khác", content="Một việc hoàn toàn khác về điện.",
                     petitioner_name="Nguyễn T. Dân", petitioner_address="Hà Nội")[0]
    assert reasons(second) == {(first.pk, LinkReason.SAME_CITIZEN_ID)}


def test_same_name_and_address_without_diacritics_is_linked(officer, commune):
    first = receive(officer, commune, citizen_id="")[0]
    second = receive(officer, commune, citizen_id="", petitioner_name="NGUYEN THI  DAN",
                     petitioner_address="thon dong, xa thach ha", subject="Điện", content="Mất điện cả tuần.")[0]
    assert reasons(second) == {(first.pk, LinkReason.SAME_NAME_ADDRESS)}


def test_similar_content_without_diacritics_from_someone_else_is_linked(officer, commune):
    first = receive(officer, commune, subject="Thu hồi đất", content=(
        "Gia đình tôi bị thu hồi 200 m2 đất ở thôn Đông nhưng chưa được bồi thường thỏa đáng, "
        "đề nghị xã xem xét lại quyết định thu hồi đất."))[0]
    second = receive(officer, commune, **OTHER_PERSON, subject="Thu hoi dat", content=(
        "gia dinh toi bi thu hoi 200 m2 dat o thon Dong nhung chua duoc boi thuong thoa dang, "
        "de nghi xa xem xet lai quyet dinh."))[0]
    link = second.links.get()
    assert (link.earlier_id, link.reason) == (first.pk, LinkReason.SIMILAR_CONTENT)
    assert 0.6 <= link.score <= 1 and link.status == LinkStatus.SUGGESTED


def test_unrelated_petitions_are_not_linked(officer, commune):
    receive(officer, commune, citizen_id="")
    other = receive(officer, commune, **OTHER_PERSON, subject="Ô nhiễm",
                    content="Trại lợn xả thải ra kênh tưới của thôn Nam gây ô nhiễm nặng.")[0]
    assert not other.links.exists()


def test_similarity_compares_word_sequences():
    assert similarity("a b c d e", "a b c d e") == 1
    assert similarity("a b c d e", "v w x y z") == 0


def test_confirming_a_link_to_a_resolved_petition_marks_it_raised_again(officer, commune):
    first = receive(officer, commune, received_on=days_ago(30))[0]
    services.petition_decide(petition_id=first.pk, outcome="accept", acting_user=officer, decided_on=days_ago(25))
    services.petition_resolve(petition_id=first.pk, result="Đã giải quyết", acting_user=officer)
    again = receive(officer, commune)[0]
    link = again.links.get()
    services.link_confirm(link_id=link.pk, acting_user=officer)
    again.refresh_from_db()
    assert again.raised_again
    assert again in selectors.petitions_for(officer, flag="long_standing")
    assert AuditEvent.objects.filter(action="petition.duplicate_confirmed").exists()
    with pytest.raises(ServiceError, match="already been"):
        services.link_dismiss(link_id=link.pk, acting_user=officer)


def test_dismissing_a_link_changes_no_flag(officer, commune):
    receive(officer, commune)
    again = receive(officer, commune)[0]
    services.link_dismiss(link_id=again.links.get().pk, acting_user=officer)
    again.refresh_from_db()
    assert not again.raised_again and again.links.get().status == LinkStatus.DISMISSED


def test_a_leader_cannot_decide_on_a_link(officer, leader, commune):
    from neuguong.core.errors import PermissionDeniedError

    receive(officer, commune)
    link = receive(officer, commune)[0].links.get()
    with pytest.raises(PermissionDeniedError):
        services.link_confirm(link_id=link.pk, acting_user=leader)
    assert PetitionLink.objects.get(pk=link.pk).status == LinkStatus.SUGGESTED


def test_links_to_petitions_outside_the_users_subtrees_are_not_shown(officer, outsider_officer, commune, sibling):
    theirs = receive(outsider_officer, sibling)[0]
    ours = receive(officer, commune)[0]
    assert ours.links.get().earlier == theirs  # detected province-wide...
    assert selectors.petition_links(officer, ours) == []  # ...but not shown across subtrees


# --- Over-level ------------------------------------------------------------------------------


def test_a_petition_sent_above_the_competent_level_is_over_level(province_officer, province, commune):
    petition = receive(province_officer, province, competent_unit_id=commune.pk)[0]
    assert petition.over_level
    assert petition in selectors.petitions_for(province_officer, flag="over_level")


def test_not_over_level_when_received_at_the_competent_level_or_above_it(province_officer, officer, province,
                                                                         commune):
    assert not receive(officer, commune, competent_unit_id=commune.pk)[0].over_level
    assert not receive(officer, commune, competent_unit_id=province.pk)[0].over_level
    assert not receive(province_officer, province)[0].over_level


def test_not_over_level_once_the_lower_level_resolved_the_matter(officer, province_officer, province, commune):
    first = receive(officer, commune, received_on=days_ago(30))[0]
    services.petition_decide(petition_id=first.pk, outcome="accept", acting_user=officer, decided_on=days_ago(25))
    services.petition_resolve(petition_id=first.pk, result="Đã trả lời", acting_user=officer)
    above = receive(province_officer, province, competent_unit_id=commune.pk)[0]
    assert above.over_level
    services.link_confirm(link_id=above.links.get(earlier=first).pk, acting_user=province_officer)
    above.refresh_from_db()
    assert not above.over_level and above.raised_again


def test_naming_the_competent_unit_later_sets_over_level(province_officer, province, commune):
    petition = receive(province_officer, province)[0]
    petition = services.petition_set_competent_unit(petition_id=petition.pk, unit_id=commune.pk,
                                                    acting_user=province_officer)
    assert petition.over_level
    assert AuditEvent.objects.filter(action="petition.competent_unit_set").exists()


def test_a_link_by_person_to_a_denunciation_is_hidden_from_those_who_may_not_see_the_denouncer(officer, leader,
                                                                                            commune):
    complaint = receive(officer, commune)[0]
    denunciation = receive(officer, commune, kinds=["denunciation"], subject="Tố cáo",
                           content="Cán bộ xã nhận tiền làm sổ đỏ.")[0]
    assert denunciation.links.get().reason == LinkReason.SAME_CITIZEN_ID
    assert len(selectors.petition_links(officer, denunciation)) == 1
    assert len(selectors.petition_links(officer, complaint)) == 1
    assert selectors.petition_links(leader, denunciation) == []
    assert selectors.petition_links(leader, complaint) == []
