"""Reception sessions: schedules on a day of the month, "3 trong 1" attendance, visitors received
or refused, and the register (Mẫu 03) with its ten columns from the catalogue."""

import datetime as dt
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from neuguong.audit.models import AuditEvent
from neuguong.core import crypto
from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.reception import register, services
from neuguong.reception.exports import register_workbook
from neuguong.reception.models import Petition, ReceptionSession, SessionStatus, Visit
from neuguong.reception.services.sessions import occurrences

from .conftest import days_ago

D = dt.date
VISITOR = {"full_name": "Lê Thị Khiếu", "address": "Thôn Đông, xã Thạch Hà", "citizen_id": "042190005555",
           "phone": "0903 000 111", "group_size": 1}
MATTER = {"subject": "Tranh chấp ranh giới đất", "content": "Nhà bên cạnh lấn sang 2 m đất vườn.",
          "previously_resolved_by": "UBND xã Thạch Hà (2024)"}


@pytest.fixture
def session(officer, commune):
    return services.session_create(unit_id=commune.pk, title="Tiếp dân định kỳ", held_on=days_ago(0),
                                   is_three_in_one=True, acting_user=officer)


def test_the_15th_of_every_month_moves_off_days_to_the_next_working_day(catalogues):
    found = occurrences(15, D(2026, 1, 1), 12)
    assert found[0] == (D(2026, 1, 15), D(2026, 1, 15))
    assert (D(2026, 2, 15), D(2026, 2, 23)) in found  # Sunday during Tết 2026
    assert (D(2026, 3, 15), D(2026, 3, 16)) in found  # a Sunday
    assert (D(2026, 8, 15), D(2026, 8, 17)) in found  # a Saturday
    assert len(found) == 12


def test_the_31st_is_the_last_day_of_shorter_months(catalogues):
    assert occurrences(31, D(2026, 2, 1), 1) == [(D(2026, 2, 28), D(2026, 3, 2))]


def test_a_schedule_generates_its_sessions_once(officer, commune):
    schedule = services.schedule_create(unit_id=commune.pk, title="Tiếp dân 3 trong 1", day_of_month=15,
                                        is_three_in_one=True, acting_user=officer)
    first = services.schedule_generate(schedule_id=schedule.pk, months=3, start=D(2026, 1, 1), acting_user=officer)
    assert [s.held_on for s in first] == [D(2026, 1, 15), D(2026, 2, 23), D(2026, 3, 16)]
    assert all(s.is_three_in_one and s.status == SessionStatus.SCHEDULED for s in first)
    again = services.schedule_generate(schedule_id=schedule.pk, months=4, start=D(2026, 1, 1), acting_user=officer)
    assert [s.held_on for s in again] == [D(2026, 4, 15)]
    assert ReceptionSession.objects.count() == 4


def test_a_paused_schedule_generates_nothing(officer, commune):
    schedule = services.schedule_create(unit_id=commune.pk, title="Định kỳ", day_of_month=10, acting_user=officer)
    services.schedule_set_active(schedule_id=schedule.pk, active=False, acting_user=officer)
    with pytest.raises(ServiceError, match="paused"):
        services.schedule_generate(schedule_id=schedule.pk, acting_user=officer)


@pytest.mark.parametrize("day", [0, 32])
def test_a_day_of_the_month_out_of_range_is_refused(officer, commune, day):
    with pytest.raises(ServiceError):
        services.schedule_create(unit_id=commune.pk, title="x", day_of_month=day, acting_user=officer)


def test_a_visitor_and_the_matter_raised_become_a_register_row_and_petitions(officer, session):
    visit, petitions = services.visit_record(session_id=session.pk, visitor=VISITOR,
                                             kinds=["complaint", "proposal"], matter=MATTER, acting_user=officer)
    assert visit.number == 1 and crypto.decrypt(visit.citizen_id_encrypted) == "042190005555"
    assert [p.kind.code for p in petitions] == ["complaint", "proposal"]
    assert all(p.session == session and p.visit == visit and p.channel == "session" for p in petitions)
    assert petitions[0].petitioner_name == "Lê Thị Khiếu" and petitions[0].received_on == session.held_on
    session.refresh_from_db()
    assert session.status == SessionStatus.HELD
    second, _more = services.visit_record(session_id=session.pk, visitor={**VISITOR, "full_name": "Bùi Văn Hai"},
                                          kinds=["feedback"], matter=MATTER, acting_user=officer)
    assert second.number == 2
    extra = services.visit_matter_add(visit_id=visit.pk, kinds=["feedback"], matter=MATTER, acting_user=officer)
    assert extra[0].visit == visit and extra[0].citizen_id_hash == crypto.keyed_hash("042190005555")


def test_a_visit_with_a_bad_matter_writes_nothing(officer, session):
    with pytest.raises(ServiceError):
        services.visit_record(session_id=session.pk, visitor=VISITOR, kinds=[], matter=MATTER, acting_user=officer)
    assert not Visit.objects.exists() and not Petition.objects.exists()


def test_refusing_reception_needs_a_reason_from_the_catalogue(officer, session):
    with pytest.raises(ServiceError):
        services.visit_refuse(session_id=session.pk, visitor=VISITOR, reason="bad", acting_user=officer)
    visit = services.visit_refuse(session_id=session.pk, visitor=VISITOR, reason="threatening_or_disruptive",
                                  note="Say rượu, gây rối", acting_user=officer)
    assert visit.refused and visit.refusal_reason.code == "threatening_or_disruptive"
    with pytest.raises(ServiceError, match="cannot raise a petition"):
        services.visit_matter_add(visit_id=visit.pk, kinds=["complaint"], matter=MATTER, acting_user=officer)
    assert AuditEvent.objects.filter(action="reception_visit.refused").exists()


def test_three_in_one_attendance_is_recorded(officer, session):
    with pytest.raises(ServiceError):
        services.session_record(session_id=session.pk, acting_user=officer)
    session = services.session_record(session_id=session.pk, secretary_present=True, committee_chair_present=True,
                                      hosts="Bí thư, Chủ tịch UBND", acting_user=officer)
    assert (session.secretary_present, session.council_chair_present, session.committee_chair_present) == (
        True, False, True)
    assert session.status == SessionStatus.HELD
    event = AuditEvent.objects.get(action="reception_session.held")
    assert event.after["secretary_present"] is True


def test_future_sessions_take_no_visitors_and_cancelled_ones_none_at_all(officer, commune):
    future = services.session_create(unit_id=commune.pk, title="Sắp tới", held_on=days_ago(-3), acting_user=officer)
    with pytest.raises(ServiceError, match="on the day of the session"):
        services.visit_record(session_id=future.pk, visitor=VISITOR, kinds=["complaint"], matter=MATTER,
                              acting_user=officer)
    services.session_cancel(session_id=future.pk, reason="Trùng lịch họp", acting_user=officer)
    with pytest.raises(ServiceError, match="not possible while the status is “Cancelled”"):
        services.session_cancel(session_id=future.pk, reason="again", acting_user=officer)
    with pytest.raises(ServiceError, match="“Record as held” is not possible while the status is “Cancelled”"):
        services.session_record(session_id=future.pk, acting_user=officer)


def test_the_register_has_the_ten_columns_and_one_row_per_visitor(officer, session):
    services.visit_record(session_id=session.pk, visitor=VISITOR, kinds=["complaint"], matter=MATTER,
                          acting_user=officer)
    services.visit_refuse(session_id=session.pk, visitor={**VISITOR, "full_name": "Bùi Văn Say"},
                          reason="intoxicated_or_incapable", acting_user=officer)
    book = register.session_register(officer, session)
    assert book.codes == ["number", "reception_date", "name_address", "identity_document", "summary",
                          "classification", "resolved_by", "handling", "result_follow_up", "remarks"]
    assert book.headings[0] == "No." and len(book.headings) == 10
    first, refused = book.rows
    assert first[:4] == [1, session.held_on, "Lê Thị Khiếu, Thôn Đông, xã Thạch Hà", "042190005555"]
    assert "Tranh chấp ranh giới đất" in first[4] and "Complaint" in first[5] and "1" in first[5]
    assert first[6] == "UBND xã Thạch Hà (2024)" and first[7] == "Not yet decided"
    assert refused[0] == 2 and "intoxicated" in refused[9]
    with translation.override("vi"):
        vietnamese = register_workbook(register.session_register(officer, session))
    rows = list(load_workbook(io.BytesIO(vietnamese)).active.iter_rows(values_only=True))
    assert rows[3][:3] == ("STT", "Ngày tiếp", "Họ tên, địa chỉ")
    assert rows[4][1].date() == session.held_on and rows[4][3] == "042190005555"


def test_a_denouncers_row_is_masked_for_a_keeper_without_the_denouncer_permission(officer, system_admin, session):
    services.visit_record(session_id=session.pk, visitor=VISITOR, kinds=["denunciation"], matter=MATTER,
                          acting_user=officer)
    assert register.session_register(officer, session).rows[0][2].startswith("Lê Thị Khiếu")
    masked = register.session_register(system_admin, session).rows[0]
    assert "Lê Thị Khiếu" not in str(masked) and "042190005555" not in str(masked)


def test_only_the_keepers_open_the_register(leader, session):
    with pytest.raises(PermissionDeniedError):
        register.session_register(leader, session)


def test_a_session_held_today_is_no_longer_upcoming(officer, commune):
    from neuguong.reception import selectors

    today = services.session_create(unit_id=commune.pk, title="Tiếp công dân hôm nay", held_on=days_ago(0),
                                    acting_user=officer)
    later = services.session_create(unit_id=commune.pk, title="Tiếp công dân tuần sau", held_on=days_ago(-7),
                                    acting_user=officer)
    services.session_record(session_id=today.pk, acting_user=officer)
    assert list(selectors.sessions_for(officer, upcoming=True)) == [later]
    assert list(selectors.sessions_for(officer, upcoming=False)) == [today]
