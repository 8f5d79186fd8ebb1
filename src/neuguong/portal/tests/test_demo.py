"""The portal's demo: about forty published sample articles with covers, feedback approved and
pending, and views over the last weeks so that the most viewed lists rank something."""

import random

from neuguong.portal import demo, selectors
from neuguong.portal.models import Feedback, FeedbackStatus


def test_the_demo_publishes_sample_articles_with_covers_views_and_feedback(province, commune, editor):
    counts: dict = {}
    demo.run(random.Random(5), {"users": {"tuyengiao": editor}, "province": province, "counts": counts})
    articles = list(selectors.public_articles())
    assert counts["articles"] == len(articles) == demo.ARTICLES
    assert all(demo.LABEL in article.title and article.cover_small for article in articles)
    assert {article.unit for article in articles} == {province, commune}
    assert len(selectors.most_viewed(days=7)) == 5 and len(selectors.latest()) == 10
    assert Feedback.objects.filter(status=FeedbackStatus.APPROVED).exists()
    assert Feedback.objects.filter(status=FeedbackStatus.PENDING).exists()
