"""Every main page at 1366 px and on a 390 px phone: nothing wider than the screen, no two cards
overlapping. Each page is screenshot into the test's temporary folder (look at them when a layout
changes). Also the unit chooser driven with the keyboard only."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from neuguong.accounts.permissions import Role
from neuguong.ballots import services as ballots
from neuguong.ballots.models import CampaignKind
from neuguong.ballots.tests.helpers import counted_campaign
from neuguong.catalogues import services as catalogue_services
from neuguong.core.actors import SYSTEM
from neuguong.evaluation import services as evaluation
from neuguong.evaluation.models import Review
from neuguong.honours import services as honours
from neuguong.inspection import services as inspection
from neuguong.jobs import services as jobs
from neuguong.orgs.tests.factories import MembershipFactory, PersonFactory, PostFactory, UserFactory, grant, make_unit
from neuguong.portal import services as portal
from neuguong.portal.tests.conftest import picture
from neuguong.reception import services as reception
from neuguong.study import services as study
from neuguong.study.demo_library import sample_docx
from neuguong.web.lists import LIST_EXPORT_JOB

pytestmark = pytest.mark.e2e

WIDTHS = (1366, 390)

# Pairs of cards whose rectangles intersect (by more than a pixel, borders may touch).
OVERLAPPING_CARDS = """() => {
  const boxes = [...document.querySelectorAll('.card')].filter((el) => el.offsetParent !== null)
    .map((el) => el.getBoundingClientRect());
  const pairs = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b, j) => {
    const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (x > 1 && y > 1) pairs.push([i, i + 1 + j]);
  }));
  return pairs;
}"""
# A card whose content is wider than the card (values clipped or running under the next card), and
# a figure whose label runs into it on the same line ("4Đã tiếp nhận"); cards that scroll on purpose
# (wide tables) are left out.
SPILLING_CARDS = """() => [...document.querySelectorAll('.card')]
  .filter((el) => el.offsetParent !== null && el.tagName !== 'TABLE'
          && !['auto', 'scroll'].includes(getComputedStyle(el).overflowX))
  .filter((el) => el.scrollWidth > el.clientWidth + 1)
  .map((el) => el.dataset.testid || el.className)"""
RUN_ON_FIGURES = """() => [...document.querySelectorAll('.card .figure + .label')]
  .filter((label) => label.getBoundingClientRect().top
          < label.previousElementSibling.getBoundingClientRect().bottom - 1)
  .map((label) => label.textContent.trim())"""


@pytest.fixture
def site(commune, cell, unit_admin, member, settings, tmp_path):
    """A commune with people, a petition, sessions, a campaign open for paper entry and one
    published, and accounts for the staff pages, the teller and the reception office."""
    catalogue_services.catalogues_load(acting_user=SYSTEM)
    make_unit("Ủy ban nhân dân xã Thạch Hà", "peoples_committee", commune)
    for name in ("Nguyễn Văn Bảo", "Trần Thị Cúc", "Lê Văn Dũng"):
        PostFactory(person=PersonFactory(full_name=name, unit=commune), unit=commune, title="Bí thư")
    officer = UserFactory(username="officer_l", person=PersonFactory(full_name="Hồ Thị Tiếp", unit=commune))
    grant(officer, Role.RECEPTION_STAFF, commune)
    petition = reception.petition_receive(
        unit_id=commune.pk, kinds=["complaint"], channel="post", received_on=timezone.localdate(),
        acting_user=officer, competent_unit_id=None,
        data={"subject": "Đề nghị xem xét việc cấp giấy chứng nhận quyền sử dụng đất",
              "content": "Gia đình tôi nộp hồ sơ từ lâu nhưng chưa được giải quyết.",
              "petitioner_name": "Nguyễn Thị Dân", "petitioner_address": "Thôn Đông, xã Thạch Hà",
              "petitioner_phone": "0912 345 678"})[0]
    session = reception.session_create(unit_id=commune.pk, title="Tiếp công dân định kỳ tháng 12",
                                       held_on=timezone.localdate() + dt.timedelta(days=7), acting_user=officer)
    published = ballots.campaign_publish(
        campaign_id=counted_campaign(commune, unit_admin, names=("Hồ Văn Lâm", "Đỗ Thị Ngân"), online=1,
                                     paper=12, title="Lấy phiếu tín nhiệm năm 2025").pk,
        acting_user=unit_admin)
    campaign = ballots.campaign_create(unit_id=commune.pk, title="Lấy phiếu tín nhiệm năm 2026",
                                       kind=CampaignKind.CONFIDENCE_BALLOT, period="2026", acting_user=unit_admin)
    for person in campaign.unit.people.filter(posts__title="Bí thư")[:3]:
        ballots.candidate_add(campaign_id=campaign.pk, person_id=person.pk, acting_user=unit_admin)
    box = ballots.box_create(campaign_id=campaign.pk, name="Hòm phiếu số 1", acting_user=unit_admin)
    ballots.campaign_open(campaign_id=campaign.pk, acting_user=unit_admin)
    _batch, codes = ballots.code_batch_issue(campaign_id=campaign.pk, size=1, acting_user=unit_admin)
    teller = UserFactory(username="teller_l", person=PersonFactory(unit=commune))
    grant(teller, Role.TELLER, commune)
    ballots.teller_assign(campaign_id=campaign.pk, user_id=teller.pk, acting_user=unit_admin)
    settings.MEDIA_ROOT = tmp_path / "media"
    people = jobs.job_start(kind=LIST_EXPORT_JOB, acting_user=unit_admin, unit=commune,
                            params={"list": "people", "query": "", "format": "xlsx", "unit": commune.pk,
                                    "language": "vi", "title": "Tải về danh sách “Nhân sự”"})
    jobs.job_run(job_id=people.pk)
    theme = study.theme_create(unit_id=commune.pk, year=timezone.localdate().year, level="provincial",
                               title="Chuyên đề năm của xã Thạch Hà", acting_user=unit_admin)
    plan = study.plan_create(unit_id=commune.pk, theme_id=theme.pk, title="Kế hoạch học tập và làm theo năm nay",
                             acting_user=unit_admin)
    study.item_add(plan_id=plan.pk, content="Tổ chức hội nghị học tập, quán triệt chuyên đề năm",
                   owner_name="Ban Tuyên giáo Đảng ủy", due_on=timezone.localdate(), acting_user=unit_admin)
    registration = study.registration_create(year=timezone.localdate().year, acting_user=member, items=[
        {"content": "Tham gia giữ gìn vệ sinh đường thôn mỗi tuần", "expected_result": "Đường thôn sạch, 40 buổi"},
        {"content": "Kèm cặp một đảng viên trẻ của chi bộ", "expected_result": "Hoàn thành tốt nhiệm vụ"}])
    study.registration_register(registration_id=registration.pk, acting_user=member)
    post = commune.posts.filter(title="Bí thư").order_by("pk").first()
    pledge = study.pledge_create(post_id=post.pk, year=timezone.localdate().year, acting_user=SYSTEM,
                                 items=["Gương mẫu tiếp công dân định kỳ mỗi tháng", "Giữ mối liên hệ nơi cư trú"])
    study.pledge_pledge(pledge_id=pledge.pk, acting_user=SYSTEM)
    directive = study.document_create(
        unit_id=commune.pk, number="05-CT/TW", issued_on=dt.date(2016, 5, 15), issuer="Bộ Chính trị",
        kind="directive", title="Chỉ thị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        subject="Văn bản mẫu — nội dung minh hoạ", acting_user=unit_admin,
        upload=SimpleUploadedFile("05-CT-TW.docx", sample_docx("05-CT/TW", "Chỉ thị mẫu")))
    study.version_add(document_id=directive.pk, upload=SimpleUploadedFile("05-CT-TW-v2.docx",
                      sample_docx("05-CT/TW", "Chỉ thị mẫu", "Bản cập nhật")), note="Bản cập nhật",
                      acting_user=unit_admin)
    study.document_mark_read(document_id=directive.pk, acting_user=unit_admin)
    study.library_link(document=directive, target=plan, acting_user=unit_admin)
    event = study.event_create(unit_id=commune.pk, kind="talk", title="Tọa đàm nêu gương người tốt, việc tốt",
                               held_on=timezone.localdate(), place="Nhà văn hóa thôn Đông", participant_count=60,
                               participants="Đảng viên, đoàn viên, hội viên các thôn", acting_user=unit_admin)
    study.event_hold(event_id=event.pk, outcomes="Biểu dương 5 gương người tốt, việc tốt.", acting_user=unit_admin)
    members = [PersonFactory(full_name=name, unit=cell) for name in ("Phan Văn Hùng", "Võ Thị Lan", "Đặng Minh Tú")]
    for person in members:
        MembershipFactory(person=person, cell=cell)
    starts_at = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(7, 30)))
    meeting = study.meeting_schedule(cell_id=cell.pk, kind="regular", starts_at=starts_at,
                                     place="Nhà văn hóa thôn Đông", agenda="1. Thông tin thời sự\n2. Học tập chuyên đề",
                                     acting_user=unit_admin)
    scheduled = study.meeting_schedule(cell_id=cell.pk, kind="thematic", starts_at=starts_at,
                                       place="Nhà văn hóa thôn Đông", title="Chuyên đề nêu gương",
                                       acting_user=unit_admin)
    study.meeting_hold(meeting_id=meeting.pk, acting_user=unit_admin, attendance=[
        {"person_id": members[0].pk, "status": "present"}, {"person_id": members[1].pk, "status": "present"},
        {"person_id": members[2].pk, "status": "excused", "reason": "Đi công tác theo phân công"}])
    study.meeting_minutes_record(meeting_id=meeting.pk, study_content="Học tập chuyên đề năm của tỉnh",
                                 resolutions="Mỗi đảng viên đăng ký một việc làm theo", acting_user=unit_admin)
    study.meeting_manifestations_record(meeting_id=meeting.pk, acting_user=unit_admin, entries=[
        {"manifestation": "G1.6", "conclusion": "Chi bộ chưa phát hiện biểu hiện này; tiếp tục nhắc nhở"}])
    inspector = UserFactory(username="inspector_l", person=PersonFactory(full_name="Lý Thị Soát", unit=commune))
    grant(inspector, Role.INSPECTION_STAFF, commune)
    offenders = [PersonFactory(full_name=name, unit=cell) for name in ("Phan Văn Kỷ", "Võ Thị Luật")]
    for offender in offenders:
        MembershipFactory(person=offender, cell=cell)
    decided = inspection.violation_record(
        unit_id=commune.pk, subject_person_id=offenders[0].pk, occurred_on=timezone.localdate() - dt.timedelta(days=90),
        description="Vi phạm quy định về kê khai tài sản, thu nhập", acting_user=inspector)
    decision = inspection.decision_make(violation_id=decided.pk, form="full_member.warning", number="12-QĐ/UBKT",
                                        decided_on=timezone.localdate() - dt.timedelta(days=10),
                                        grounds="Căn cứ kết luận kiểm tra của Ủy ban Kiểm tra Đảng ủy xã",
                                        acting_user=inspector)
    inspection.appeal_file(decision_id=decision.pk, filed_on=timezone.localdate(),
                           grounds="Đảng viên cho rằng hình thức kỷ luật quá nặng", acting_user=inspector)
    awaiting = inspection.violation_record(
        unit_id=commune.pk, subject_person_id=offenders[1].pk, occurred_on=timezone.localdate() - dt.timedelta(days=30),
        description="Vi phạm những điều đảng viên không được làm", acting_user=inspector)
    today = timezone.localdate()
    programme = inspection.programme_create(unit_id=commune.pk, year=today.year, acting_user=inspector,
                                            title="Chương trình kiểm tra, giám sát năm nay của Đảng ủy xã Thạch Hà")
    case = inspection.case_plan(unit_id=commune.pk, type="supervision.thematic", method="supervision_method.direct",
                                programme_id=programme.pk,
                                subject_unit_id=cell.pk, title="Giám sát việc thực hiện quy định về nêu gương",
                                planned_start=today - dt.timedelta(days=20), planned_end=today, acting_user=inspector)
    inspection.case_start(case_id=case.pk, decision_number="07-QĐ/UBKT", decision_date=today - dt.timedelta(days=20),
                          team="Đồng chí Lý Thị Soát, trưởng đoàn; hai ủy viên Ủy ban Kiểm tra",
                          starts_on=today - dt.timedelta(days=20), ends_on=today, acting_user=inspector)
    inspection.case_conclude(case_id=case.pk, violation_found=True, rules_breached="Quy định 08-QĐi/TW, điểm 3",
                             conclusion="Chi bộ chưa tổ chức sinh hoạt chuyên đề đúng định kỳ", acting_user=inspector)
    inspection.recommendation_add(case_id=case.pk, text="Tổ chức sinh hoạt chuyên đề quý IV và báo cáo kết quả",
                                  due_on=today + dt.timedelta(days=10), acting_user=inspector)
    portal.categories_load(acting_user=SYSTEM)
    news_category = portal.category_create(name="Tin tức xã", slug="tin-tuc-xa", acting_user=SYSTEM)
    articles = []
    for number, title in enumerate(("Đảng bộ xã Thạch Hà sơ kết 5 năm thực hiện Chỉ thị 05",
                                    "Nêu gương người tốt, việc tốt ở thôn Đông", "Hội nghị học tập chuyên đề năm")):
        article = portal.article_create(
            unit_id=commune.pk, category_id=news_category.pk, title=title, acting_user=unit_admin,
            summary="Bài mẫu của cổng thông tin: nội dung minh hoạ", tags="Chỉ thị 05, Nêu gương",
            body="<p>Đoạn mở đầu của bài viết mẫu.</p><h2>Kết quả</h2><ul><li>120 đảng viên tham dự</li></ul>",
            cover=picture(size=(1600, 900), name=f"anh-{number}.jpg"), cover_alt="Ảnh minh hoạ")
        portal.article_submit(article_id=article.pk, acting_user=unit_admin)
        articles.append(portal.article_publish(article_id=article.pk, acting_user=unit_admin))
    article = articles[0]
    portal.article_update(article_id=article.pk, title=article.title, category_id=news_category.pk,
                          summary=article.summary, acting_user=unit_admin,
                          body="<p>Đoạn mở đầu của bài viết mẫu, đã sửa.</p><p>Đoạn mới thêm vào.</p>")
    portal.article_view_count(article_id=article.pk, client="203.0.113.1", user_agent="Mozilla/5.0 Mobile")
    for name in ("Nguyễn Văn Dân", "Trần Thị Góp"):
        feedback = portal.feedback_send(article_id=article.pk, name=name, contact="0912 000 111",
                                        body="Bài viết thiết thực, mong có thêm tin ở các thôn.", client="203.0.113.2")
    portal.feedback_moderate(feedback_id=feedback.pk, approve=True, acting_user=unit_admin)
    evaluation.templates_load(acting_user=SYSTEM)
    period = evaluation.period_create(unit_id=commune.pk, kind="yearly", year=today.year,
                                      title="Kiểm điểm, đánh giá năm nay của Đảng bộ xã Thạch Hà", opens_on=today,
                                      closes_on=today + dt.timedelta(days=30), acting_user=unit_admin)
    evaluation.period_open(period_id=period.pk, acting_user=SYSTEM)
    own_review = Review.objects.get(period=period, person=member.person)
    cell_review = Review.objects.get(period=period, unit=cell, person__isnull=True)
    evaluation.tasks_save(review_id=cell_review.pk, acting_user=unit_admin, tasks=[
        {"title": f"Chỉ tiêu {index + 1} của chi bộ", "product": "Báo cáo kết quả", "weight": 1, "due_on": today,
         "done_on": today, "exceeded": index < 3} for index in range(10)])
    full = [{"criterion": c.code, "points": str(c.max_points - (2 if c.group == "tasks" and c.max_points > 20 else 0)),
             "comment": "Hoàn thành tốt"} for c in cell_review.template.criteria.all()]
    evaluation.self_assess(review_id=cell_review.pk, scores=full, strengths="Đoàn kết, hoàn thành chỉ tiêu",
                           shortcomings="Sinh hoạt chuyên đề còn ít", level="HTXSNV", acting_user=unit_admin)
    evaluation.collective_review(review_id=cell_review.pk, comments="Chi bộ nhất trí đề nghị mức xuất sắc",
                                 votes={"HTXSNV": 5, "HTTNV": 1}, members_present=6, acting_user=unit_admin)
    evaluation.superior_assess(review_id=cell_review.pk, scores=full, comments="Đồng ý với đề nghị của chi bộ",
                               level="HTXSNV", acting_user=unit_admin)
    evaluation.classify(review_id=cell_review.pk, acting_user=unit_admin)
    honours_round = honours.round_open(unit_id=commune.pk, kind="yearly", year=today.year,
                                       title="Bình xét thi đua, khen thưởng năm nay của Đảng bộ xã Thạch Hà",
                                       closes_on=today + dt.timedelta(days=20), acting_user=unit_admin)
    nominations = [honours.nomination_propose(
        round_id=honours_round.pk, award="title.grassroots_emulation_fighter", field="learning_ho_chi_minh",
        subject_person_id=member.person.pk, acting_user=unit_admin,
        achievements="Hoàn thành xuất sắc nhiệm vụ; gương mẫu học tập và làm theo Bác",
        story="Nhiều năm liền vận động bà con hiến đất làm đường giao thông nông thôn.",
        photo=picture(size=(400, 400), name="chan-dung.jpg"))]
    nominations.append(honours.nomination_propose(
        round_id=honours_round.pk, award="title.excellent_collective", subject_unit_id=cell.pk,
        achievements="Chi bộ trong sạch vững mạnh tiêu biểu", acting_user=unit_admin))
    honours.nomination_vote(nomination_id=nominations[0].pk, members=9, present=8, votes_for=7, votes_against=1,
                            votes_abstain=0, voted_on=today, acting_user=unit_admin)
    honour = honours.nomination_approve(nomination_id=nominations[0].pk, body="Chủ tịch UBND xã Thạch Hà",
                                        decision_number="25/QĐ-UBND", decided_on=today, acting_user=unit_admin)
    # The honour drafted as a portal article and published (the roll links to it); a second honour
    # approved without one (its page offers to draft it).
    honour_article = honours.award_article_create(award_id=honour.pk, acting_user=unit_admin)
    portal.article_submit(article_id=honour_article.pk, acting_user=unit_admin)
    portal.article_publish(article_id=honour_article.pk, acting_user=unit_admin)
    collective = honours.nomination_propose(
        round_id=honours_round.pk, award="title.advanced_collective", subject_unit_id=cell.pk,
        achievements="Hoàn thành tốt nhiệm vụ năm", story="Chi bộ giữ vững phong trào khu dân cư văn hóa.",
        acting_user=unit_admin)
    honours.nomination_vote(nomination_id=collective.pk, members=9, present=9, votes_for=9, votes_against=0,
                            votes_abstain=0, voted_on=today, acting_user=unit_admin)
    honours.nomination_approve(nomination_id=collective.pk, body="Chủ tịch UBND xã Thạch Hà",
                               decision_number="26/QĐ-UBND", decided_on=today, acting_user=unit_admin)
    badge_round = honours.round_open(unit_id=commune.pk, kind="party_badge", year=today.year,
                                     title="Xét tặng Huy hiệu Đảng", closes_on=today, acting_user=unit_admin)
    return {"admin": unit_admin, "officer": officer, "article": article, "teller": teller, "petition": petition,
            "session": session,
            "campaign": campaign, "box": box, "code": codes[0], "published": published, "plan": plan,
            "theme": theme, "member": member, "registration": registration, "pledge": pledge,
            "document": directive, "event": event,
            "meeting": meeting, "scheduled": scheduled, "cell": cell,
            "inspector": inspector, "decided": decided, "awaiting": awaiting, "case": case, "programme": programme,
            "period": period, "own_review": own_review, "cell_review": cell_review,
            "honours_round": honours_round, "nomination": nominations[0], "proposed": nominations[1],
            "honour": honour, "badge_round": badge_round, "approved_collective": collective}


def _staff_page(new_page, live_server, user, width: int):
    client = Client()
    client.force_login(user)
    page = new_page(width=width, height=900)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])
    return page


def _pages(site) -> list[tuple[str, str | None, str]]:
    """(name, who, path): who signs in (None for the public pages)."""
    return [
        ("home", "admin", "/"),
        ("people", "admin", "/people/"),
        ("unit-cell", "admin", f"/units/{site['cell'].pk}/"),
        ("petitions", "officer", "/reception/petitions/"),
        ("petition", "officer", f"/reception/petitions/{site['petition'].pk}/"),
        ("sessions", "officer", "/reception/sessions/"),
        ("report", "officer", "/reception/reports/"),
        ("campaigns", "admin", "/ballots/"),
        ("campaign", "admin", f"/ballots/{site['campaign'].pk}/"),
        ("teller-entry", "teller", f"/ballots/boxes/{site['box'].pk}/"),
        ("study-plans", "admin", "/study/plans/"),
        ("study-plan", "admin", f"/study/plans/{site['plan'].pk}/"),
        ("study-rollup", "admin", "/study/rollup/"),
        ("study-theme", "admin", f"/study/themes/{site['theme'].pk}/"),
        ("study-theme-edit", "admin", f"/study/themes/{site['theme'].pk}/edit/"),
        ("study-registrations", "admin", "/study/registrations/"),
        ("study-registration", "member", f"/study/registrations/{site['registration'].pk}/"),
        ("study-member", "member", "/study/me/"),
        ("study-pledges", "admin", "/study/pledges/"),
        ("study-pledge", "admin", f"/study/pledges/{site['pledge'].pk}/"),
        ("study-not-pledged", "admin", "/study/pledges/missing/"),
        ("study-library", "admin", "/study/library/?q=chi+thi+05"),
        ("study-library-document", "admin", f"/study/library/{site['document'].pk}/"),
        ("study-events", "admin", "/study/study-events/"),
        ("study-event", "admin", f"/study/study-events/{site['event'].pk}/"),
        ("study-meetings", "admin", "/study/meetings/"),
        ("study-meeting", "admin", f"/study/meetings/{site['meeting'].pk}/"),
        ("study-meeting-attendance", "admin", f"/study/meetings/{site['scheduled'].pk}/attendance/"),
        ("study-meeting-manifestations", "admin", f"/study/meetings/{site['meeting'].pk}/manifestations/"),
        ("study-meeting-stats", "admin", f"/study/meeting-attendance/?unit={site['cell'].pk}"),
        ("study-meetings-missing", "admin", "/study/meetings-missing/"),
        ("programmes", "inspector", "/inspection/programmes/"),
        ("inspection-statistics", "inspector", "/inspection/statistics/"),
        ("programme", "inspector", f"/inspection/programmes/{site['programme'].pk}/"),
        ("cases", "inspector", "/inspection/cases/"),
        ("case", "inspector", f"/inspection/cases/{site['case'].pk}/"),
        ("case-new", "inspector", "/inspection/cases/new/"),
        ("case-from-petition", "inspector", "/inspection/cases/from-petition/"),
        ("case-document-new", "inspector", f"/inspection/cases/{site['case'].pk}/documents/new/"),
        ("discipline", "inspector", "/inspection/discipline/"),
        ("discipline-file", "inspector", f"/inspection/violations/{site['decided'].pk}/"),
        ("discipline-awaiting", "inspector", f"/inspection/violations/{site['awaiting'].pk}/"),
        ("discipline-decide", "inspector", f"/inspection/violations/{site['awaiting'].pk}/decide/"),
        ("discipline-record", "inspector", "/inspection/violations/new/"),
        ("evaluation-periods", "admin", "/evaluation/"),
        ("evaluation-period", "admin", f"/evaluation/periods/{site['period'].pk}/"),
        ("evaluation-review", "admin", f"/evaluation/reviews/{site['cell_review'].pk}/"),
        ("evaluation-collective", "admin", f"/evaluation/reviews/{site['own_review'].pk}/collective-review/"),
        ("evaluation-mine", "member", "/evaluation/mine/"),
        ("evaluation-profile", "admin", f"/evaluation/people/{site['own_review'].person_id}/"),
        ("evaluation-self", "member", f"/evaluation/reviews/{site['own_review'].pk}/self-assessment/"),
        ("evaluation-tasks", "member", f"/evaluation/reviews/{site['own_review'].pk}/tasks/"),
        ("evaluation-period-new", "admin", "/evaluation/periods/new/"),
        ("evaluation-summary", "admin", f"/evaluation/periods/{site['period'].pk}/summary/"),
        ("evaluation-summary-people", "admin",
         f"/evaluation/periods/{site['period'].pk}/summary/?unit={site['cell'].pk}&level=HTXSNV"),
        ("evaluation-classify", "admin", f"/evaluation/periods/{site['period'].pk}/classify/"),
        ("audit", "admin", "/audit/"),
        ("jobs", "admin", "/jobs/"),
        ("portal-articles", "admin", "/portal/articles/"),
        ("portal-article", "admin", f"/portal/articles/{site['article'].pk}/"),
        ("portal-article-edit", "admin", f"/portal/articles/{site['article'].pk}/edit/"),
        ("portal-diff", "admin", f"/portal/articles/{site['article'].pk}/diff/"),
        ("portal-feedback", "admin", "/portal/feedback/"),
        ("news-home", None, "/"),
        ("news-article", None, f"/news/{site['article'].pk}/"),
        ("news-category", None, "/news/category/tin-tuc-xa/"),
        ("news-search", None, "/news/search/?q=chi+thi"),
        ("news-tag", None, "/news/tag/chi-thi-05/"),
        ("news-unit", None, f"/news/unit/{site['article'].unit_id}/"),
        ("portal-article-new", "admin", "/portal/articles/new/"),
        ("petition-form", None, "/petitions/submit/"),
        ("tracking", None, "/petitions/track/"),
        ("results", None, f"/vote/results/{site['published'].public_id}/"),
        ("honours-rounds", "admin", "/honours/rounds/"),
        ("honours-round", "admin", f"/honours/rounds/{site['honours_round'].pk}/"),
        ("honours-round-new", "admin", "/honours/rounds/new/"),
        ("honours-nomination", "admin", f"/honours/nominations/{site['nomination'].pk}/"),
        ("honours-proposed", "admin", f"/honours/nominations/{site['proposed'].pk}/"),
        ("honours-nominate", "admin", f"/honours/rounds/{site['honours_round'].pk}/nominations/new/"),
        ("honours-vote", "admin", f"/honours/nominations/{site['proposed'].pk}/vote/"),
        ("honours-badges", "admin", f"/honours/rounds/{site['badge_round'].pk}/badges/"),
        ("honours-approved", "admin", f"/honours/nominations/{site['approved_collective'].pk}/"),
        ("honours-counts", "admin", "/honours/counts/"),
        ("honour-roll", None, "/honour-roll/"),
        ("honour-roll-model", None, f"/honour-roll/{site['honour'].pk}/"),
        ("receipts", None, f"/vote/receipts/{site['published'].public_id}/"),
        ("vote-start", None, "/vote/"),
        ("news-language", None, "/news/language/?next=/vote/"),
    ]


def _defects(page, name: str, width: int, tmp_path) -> list[str]:
    page.screenshot(path=tmp_path / f"{name}-{width}.png", full_page=True)
    found = []
    wide = page.evaluate("document.documentElement.scrollWidth")
    if wide > width:
        found.append(f"{name} is {wide} px wide")
    if overlapping := page.evaluate(OVERLAPPING_CARDS):
        found.append(f"cards {overlapping} overlap on {name}")
    if spilling := page.evaluate(SPILLING_CARDS):
        found.append(f"content spills out of cards {spilling} on {name}")
    if run_on := page.evaluate(RUN_ON_FIGURES):
        found.append(f"figures run into their labels {run_on} on {name}")
    return found


@pytest.mark.parametrize("width", WIDTHS)
def test_main_pages_fit_the_screen_and_their_cards_do_not_overlap(new_page, live_server, site, width, tmp_path):
    signed_in = {who: _staff_page(new_page, live_server, site[who], width)
                 for who in ("admin", "officer", "teller", "member", "inspector")}
    public = new_page(width=width, height=900)
    defects = []
    for name, who, path in _pages(site):
        page = signed_in[who] if who else public
        response = page.goto(path)
        assert response is not None and response.status == 200, name
        defects += _defects(page, name, width, tmp_path)
    public.goto("/vote/")
    public.locator("input[name=code]").fill(site["code"])
    public.get_by_test_id("code-submit").click()
    expect(public.get_by_text("Hồ Văn Lâm").or_(public.get_by_text("Nguyễn Văn Bảo")).first).to_be_visible()
    defects += _defects(public, "ballot", width, tmp_path)
    assert not defects, "; ".join(defects)


def test_the_unit_chooser_works_with_the_keyboard_alone(new_page, live_server, site, commune, cell):
    page = _staff_page(new_page, live_server, site["admin"], 1366)
    page.goto("/people/new/")
    chooser = page.get_by_role("combobox", name="Đơn vị quản lý")
    chooser.fill("chi bo thon dong")
    listbox = page.get_by_role("listbox")
    expect(listbox.get_by_role("option")).to_have_text(["Chi bộ thôn Đông · Đảng bộ xã Thạch Hà"])
    chooser.press("ArrowDown")
    chooser.press("Enter")
    expect(chooser).to_have_value("Chi bộ thôn Đông · Đảng bộ xã Thạch Hà")
    expect(listbox).to_be_hidden()
    assert page.locator("#id_unit-value").input_value() == str(cell.pk)
    chooser.fill("thach")
    chooser.press("Escape")
    expect(chooser).to_have_value("Chi bộ thôn Đông · Đảng bộ xã Thạch Hà")
