"""The portal's records for the authorization matrix (``web/tests/test_authorization_matrix.py``): in
commune A a published article with a revision and a feedback waiting for moderation, and the same in
its sibling B; and the tables a denied request must leave unchanged.

The public news pages are listed in ``PUBLIC_ROUTES``: what they show is public by decision."""

from typing import Any

from neuguong.core.actors import SYSTEM
from neuguong.portal import services
from neuguong.portal.models import Category

TABLES = ("portal",)
KIND_WORDS = {"articles": "article", "article": "article", "feedback": "feedback"}
MARKERS = ["Tin ma trận Thạch Hà", "Phản hồi ma trận Thạch Hà"]


def _records(unit: Any, place: str, category: Category) -> dict[str, list[Any]]:
    article = services.article_create(unit_id=unit.pk, title=f"Tin ma trận {place}", category_id=category.pk,
                                      body=f"<p>Nội dung tin ma trận {place}</p>", acting_user=SYSTEM)
    services.article_submit(article_id=article.pk, acting_user=SYSTEM)
    # Kept in review: a published article is public by decision, and its title would read as a leak.
    feedback_article = services.article_create(unit_id=unit.pk, title=f"Tin có phản hồi {place}",
                                               category_id=category.pk, body="<p>Nội dung</p>", acting_user=SYSTEM)
    services.article_submit(article_id=feedback_article.pk, acting_user=SYSTEM)
    services.article_publish(article_id=feedback_article.pk, acting_user=SYSTEM)
    feedback = services.feedback_send(article_id=feedback_article.pk, name="Bạn đọc",
                                      body=f"Phản hồi ma trận {place}", client=f"192.0.2.{len(place)}")
    return {"article": [article], "feedback": [feedback]}


def records(*, commune: Any, sibling: Any, **_world: Any) -> dict[str, list[Any]]:
    """A's records by kind; B gets the same kinds (never aimed at)."""
    services.categories_load(acting_user=SYSTEM)
    category = Category.objects.get(slug="tin-tuc")
    _records(sibling, "Xã Bên", category)
    return _records(commune, "Thạch Hà", category)
