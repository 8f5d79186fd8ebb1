"""Demo of the library of directives and of the events: about forty documents whose files are
generated here (DOCX written with python-docx) and say on their first line that they are sample
text. Central documents carry the number, date and issuer of real directives and regulations;
their bodies are sample text, never the documents' wording. Provincial documents are invented.
Three events: a workshop held, a review conference held and a talk planned."""

import datetime as dt
import io
import random
from typing import Any

import docx
from django.core.files.uploadedfile import SimpleUploadedFile

from . import services
from .models import Plan

LABEL = "Văn bản mẫu — nội dung minh hoạ"
# (number and symbol, date, issuer, kind, title) of real central documents; their files are samples.
CENTRAL = [
    ("06-CT/TW", dt.date(2006, 11, 7), "Bộ Chính trị", "directive",
     "Chỉ thị về tổ chức Cuộc vận động “Học tập và làm theo tấm gương đạo đức Hồ Chí Minh”"),
    ("03-CT/TW", dt.date(2011, 5, 14), "Bộ Chính trị", "directive",
     "Chỉ thị về tiếp tục đẩy mạnh việc học tập và làm theo tấm gương đạo đức Hồ Chí Minh"),
    ("12-NQ/TW", dt.date(2012, 1, 16), "Ban Chấp hành Trung ương", "resolution",
     "Nghị quyết Hội nghị Trung ương 4 khóa XI một số vấn đề cấp bách về xây dựng Đảng hiện nay"),
    ("101-QĐ/TW", dt.date(2012, 6, 7), "Ban Bí thư", "regulation",
     "Quy định trách nhiệm nêu gương của cán bộ, đảng viên, nhất là cán bộ lãnh đạo chủ chốt các cấp"),
    ("05-CT/TW", dt.date(2016, 5, 15), "Bộ Chính trị", "directive",
     "Chỉ thị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"),
    ("04-NQ/TW", dt.date(2016, 10, 30), "Ban Chấp hành Trung ương", "resolution",
     "Nghị quyết Hội nghị Trung ương 4 khóa XII về tăng cường xây dựng, chỉnh đốn Đảng; ngăn chặn, đẩy lùi "
     "sự suy thoái về tư tưởng chính trị, đạo đức, lối sống, những biểu hiện “tự diễn biến”, “tự chuyển hóa” "
     "trong nội bộ"),
    ("55-QĐ/TW", dt.date(2016, 12, 19), "Bộ Chính trị", "regulation",
     "Quy định về một số việc cần làm ngay để tăng cường vai trò nêu gương của cán bộ, đảng viên"),
    ("08-QĐi/TW", dt.date(2018, 10, 25), "Ban Chấp hành Trung ương", "regulation",
     "Quy định về trách nhiệm nêu gương của cán bộ, đảng viên, trước hết là Ủy viên Bộ Chính trị, Ủy viên Ban Bí thư, "
     "Ủy viên Ban Chấp hành Trung ương"),
    ("01-KL/TW", dt.date(2021, 5, 18), "Bộ Chính trị", "conclusion",
     "Kết luận về tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị"),
    ("21-KL/TW", dt.date(2021, 10, 25), "Ban Chấp hành Trung ương", "conclusion",
     "Kết luận Hội nghị Trung ương 4 khóa XIII về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị"),
    ("37-QĐ/TW", dt.date(2021, 10, 25), "Ban Chấp hành Trung ương", "regulation",
     "Quy định về những điều đảng viên không được làm"),
]
# Invented documents of the fictional province, one set per year: (symbol, kind, title pattern).
PROVINCIAL = [
    ("KH/TU", "plan", "Kế hoạch thực hiện chuyên đề học tập và làm theo năm {year}"),
    ("HD/BTGTU", "guide", "Hướng dẫn sinh hoạt chi bộ chuyên đề năm {year}"),
    ("HD/BTGTU", "guide", "Hướng dẫn đăng ký làm theo và cam kết nêu gương năm {year}"),
    ("CV/TU", "instruction", "Công văn về sơ kết 6 tháng thực hiện Chỉ thị 05 năm {year}"),
    ("TB/TU", "other", "Thông báo kết luận của Ban Thường vụ về thực hiện Chỉ thị 05 năm {year}"),
    ("KH/BTGTU", "plan", "Kế hoạch tổ chức tọa đàm nêu gương người tốt, việc tốt năm {year}"),
    ("CĐ/TU", "theme", "Tài liệu chuyên đề năm {year} dùng trong sinh hoạt chi bộ"),
]
BODY = [
    "Đây là văn bản mẫu dùng cho bản trình diễn, không phải nội dung của văn bản đã ban hành.",
    "Nội dung minh hoạ: các cấp ủy, tổ chức đảng tổ chức học tập, quán triệt; mỗi cán bộ, đảng viên đăng ký làm "
    "theo bằng những việc làm cụ thể, thiết thực gắn với chức trách, nhiệm vụ được giao.",
    "Người đứng đầu cấp ủy, cơ quan, đơn vị nêu gương về đạo đức, lối sống; cấp càng cao càng phải gương mẫu.",
    "Sinh hoạt chi bộ định kỳ có nội dung học tập chuyên đề, liên hệ 27 biểu hiện suy thoái về tư tưởng chính trị, "
    "đạo đức, lối sống, “tự diễn biến”, “tự chuyển hóa”.",
    "Định kỳ sơ kết, tổng kết; biểu dương, khen thưởng các tập thể, cá nhân điển hình; nhân rộng mô hình hay, "
    "cách làm sáng tạo trong học tập và làm theo.",
]


def sample_docx(number: str, title: str, extra: str = "") -> bytes:
    document = docx.Document()
    document.add_paragraph(LABEL)
    document.add_heading(f"{number} — {title}", level=1)
    for paragraph in BODY:
        document.add_paragraph(paragraph)
    if extra:
        document.add_paragraph(extra)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _file(number: str, title: str, extra: str = "") -> SimpleUploadedFile:
    name = number.replace("/", "-").replace("Đ", "D").replace("đ", "d") + ".docx"
    return SimpleUploadedFile(name, sample_docx(number, title, extra))


def _events(context: dict[str, Any], staff: Any, commune_admin: Any, documents: list[Any]) -> int:
    province, commune, today = context["province"], context["commune"], context["today"]
    held_on = max(dt.date(today.year, 1, 1), today - dt.timedelta(days=30))
    workshop = services.event_create(
        unit_id=province.pk, kind="workshop", title="Hội thảo chuyên đề năm (dữ liệu mẫu)", held_on=held_on,
        place="Hội trường Tỉnh ủy", participants="Ủy viên Ban Thường vụ, trưởng các ban, bí thư các đảng bộ trực thuộc",
        participant_count=180, acting_user=staff)
    services.event_document_add(event_id=workshop.pk, title="Chương trình hội thảo (mẫu)",
                                upload=_file("CT-HT", "Chương trình hội thảo"), acting_user=staff)
    services.event_hold(event_id=workshop.pk, acting_user=staff, participant_count=176,
                        outcomes="Thống nhất năm nhóm giải pháp đưa chuyên đề vào sinh hoạt chi bộ (dữ liệu mẫu).")
    review = services.event_create(
        unit_id=commune.pk, kind="interim_review", title="Hội nghị sơ kết 6 tháng thực hiện Chỉ thị 05 (dữ liệu mẫu)",
        held_on=held_on, place="Hội trường Đảng ủy xã", participants="Bí thư chi bộ, trưởng các đoàn thể",
        participant_count=45, acting_user=commune_admin)
    services.event_hold(event_id=review.pk, acting_user=commune_admin,
                        outcomes="Biểu dương 3 tập thể, 7 cá nhân điển hình (dữ liệu mẫu).")
    services.event_create(
        unit_id=commune.pk, kind="talk", title="Tọa đàm nêu gương người tốt, việc tốt (dữ liệu mẫu)",
        held_on=today + dt.timedelta(days=12), place="Nhà văn hóa thôn", participants="Đảng viên, đoàn viên, hội viên",
        participant_count=60, acting_user=commune_admin)
    return 3


def run(rng: random.Random, context: dict[str, Any]) -> None:
    users, province, commune, today = context["users"], context["province"], context["commune"], context["today"]
    staff, commune_admin = users["tuyengiao"], users["quantri.xa"]
    documents = [services.document_create(unit_id=province.pk, number=number, issued_on=issued_on, issuer=issuer,
                                          kind=kind, title=title, subject=LABEL, upload=_file(number, title),
                                          acting_user=staff)
                 for number, issued_on, issuer, kind, title in CENTRAL]
    for year in range(today.year - 3, today.year + 1):
        for index, (symbol, kind, title) in enumerate(PROVINCIAL):
            issued_on = min(today, dt.date(year, 1 + index, 10 + index))
            number = f"{10 + index * 7 + rng.randint(0, 5)}-{symbol}"
            documents.append(services.document_create(
                unit_id=province.pk, number=number, issued_on=issued_on, issuer="Tỉnh ủy (tỉnh mẫu)", kind=kind,
                title=title.format(year=year), subject=LABEL, upload=_file(number, title.format(year=year)),
                acting_user=staff))
    # The 05 directive has a second version, and the commune's plan implements two documents.
    directive = documents[4]
    services.version_add(document_id=directive.pk, note="Bản cập nhật (mẫu)", acting_user=staff,
                         upload=_file(directive.number, directive.title, "Bổ sung phần hướng dẫn liên hệ bản thân."))
    plan = Plan.objects.filter(unit=commune).order_by("pk").first()
    if plan is not None:
        for document in (directive, documents[6]):
            services.library_link(document=document, target=plan, acting_user=commune_admin)
    if "dangvien" in users:
        services.document_mark_read(document_id=directive.pk, acting_user=users["dangvien"])
    events = _events(context, staff, commune_admin, documents)
    context["counts"].update({"study_library_documents": len(documents), "study_events": events})
