"""The portal's demo data, built through its services (so every text is sanitised and every step
audited): the usual categories; about forty clearly fictional articles of the province and of two
communes across the categories, each with a cover generated here (a plain gradient with no
metadata), published over the last weeks; approved and pending feedback; and view counts spread
over the last three weeks so that "Xem nhiều nhất" has something to rank. Every title says it is
sample data."""

import datetime as dt
import io
import random
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from neuguong.core.actors import SYSTEM
from neuguong.orgs.models import Unit, UnitKind

from . import services
from .models import Article, ArticleViewDay, Category

LABEL = "(tin mẫu)"
ARTICLES = 40
SUBJECTS = [
    "Hội nghị sơ kết thực hiện Chỉ thị 05-CT/TW", "Tọa đàm nêu gương người tốt, việc tốt",
    "Học tập chuyên đề năm của tỉnh", "Đảng bộ xã ra quân xây dựng đường giao thông nông thôn",
    "Chi bộ thôn sinh hoạt chuyên đề về phong cách nêu gương", "Trao tặng huy hiệu Đảng cho đảng viên lão thành",
    "Đối thoại giữa bí thư cấp ủy với nhân dân", "Biểu dương tập thể, cá nhân điển hình",
    "Kết quả tiếp công dân quý này", "Tập huấn nghiệp vụ công tác tuyên giáo cơ sở",
]
PARAGRAPHS = [
    "Đây là bài viết mẫu của cổng thông tin, nội dung hoàn toàn hư cấu để minh hoạ.",
    "Hội nghị đánh giá những kết quả nổi bật, chỉ ra hạn chế và đề ra nhiệm vụ thời gian tới.",
    "Các đại biểu thảo luận sôi nổi, chia sẻ nhiều cách làm hay, mô hình hiệu quả ở cơ sở.",
    "Cấp ủy yêu cầu mỗi đảng viên đăng ký ít nhất một việc làm cụ thể để làm theo.",
]
COMMENTS = ["Bài viết thiết thực, cảm ơn ban biên tập.", "Mong có thêm tin về các thôn vùng xa.",
            "Mô hình rất hay, địa phương tôi nên học tập."]
COLOURS = [(165, 14, 14), (20, 90, 150), (30, 110, 60), (150, 95, 10), (90, 40, 120)]


def cover(rng: random.Random, number: int) -> SimpleUploadedFile:
    """A 1200 × 675 gradient with a few shapes: a generated picture, no photo of anybody."""
    base = COLOURS[number % len(COLOURS)]
    image = Image.new("RGB", (1200, 675), base)
    draw = ImageDraw.Draw(image)
    for row in range(0, 675, 15):
        shade = tuple(min(255, channel + row // 6) for channel in base)
        draw.rectangle((0, row, 1200, row + 15), fill=shade)
    for _ in range(4):
        x, y, r = rng.randint(0, 1200), rng.randint(0, 675), rng.randint(40, 160)
        draw.ellipse((x - r, y - r, x + r, y + r), outline=(242, 201, 76), width=6)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile(f"anh-mau-{number}.jpg", buffer.getvalue(), content_type="image/jpeg")


def _units(province: Unit) -> list[Unit]:
    communes = list(Unit.objects.filter(parent=province, kind=UnitKind.SUBORDINATE_COMMITTEE,
                                        name__startswith="Đảng bộ xã ").order_by("path")[:2])
    return [province, *communes]


def run(rng: random.Random, context: dict[str, Any]) -> None:
    users, province = context["users"], context["province"]
    writer = users.get("tuyengiao", SYSTEM)
    services.categories_load(acting_user=SYSTEM)
    categories = list(Category.objects.all())
    units = _units(province)
    now = timezone.now()
    articles: list[Article] = []
    for number in range(ARTICLES):
        subject = SUBJECTS[number % len(SUBJECTS)]
        unit = units[number % len(units)]
        body = "".join(f"<p>{rng.choice(PARAGRAPHS)}</p>" for _ in range(4))
        article = services.article_create(
            unit_id=unit.pk, category_id=categories[number % len(categories)].pk, acting_user=writer,
            title=f"{subject} {LABEL} số {number + 1}", summary=f"{PARAGRAPHS[0]} {unit.name}.",
            body=f"<p><strong>{unit.name}</strong></p>{body}", tags=rng.sample(["Chỉ thị 05", "Nêu gương",
                                                                                "Xây dựng Đảng", "Cơ sở"], 2),
            cover=cover(rng, number), cover_alt="Ảnh minh hoạ tạo tự động")
        services.article_submit(article_id=article.pk, acting_user=writer)
        article = services.article_publish(article_id=article.pk, acting_user=writer)
        published_at = now - dt.timedelta(days=ARTICLES - number, hours=rng.randint(0, 8))
        Article.objects.filter(pk=article.pk).update(published_at=published_at)
        articles.append(article)
    today = timezone.localdate()
    for article in articles:
        ArticleViewDay.objects.bulk_create([
            ArticleViewDay(article=article, day=today - dt.timedelta(days=back), views=rng.randint(0, 60))
            for back in range(21)])
    for index, article in enumerate(articles[-6:]):
        for name in ("Nguyễn Văn Dân", "Trần Thị Góp"):
            feedback = services.feedback_send(article_id=article.pk, name=f"{name} {LABEL}", contact="0900 000 000",
                                              body=rng.choice(COMMENTS), client=f"192.0.2.{index}")
        if index % 2 == 0:
            services.feedback_moderate(feedback_id=feedback.pk, approve=True, acting_user=writer)
    context["counts"]["articles"] = len(articles)
