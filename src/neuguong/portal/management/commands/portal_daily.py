"""Daily upkeep of the portal, for cron or a systemd timer next to ``reception_daily``: queue the
deletion of past days' viewer marks, and queue again the publication or withdrawal of articles whose
time has come (should a task have been lost, e.g. with a restored database)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from neuguong.portal import tasks
from neuguong.portal.models import Article, ArticleStatus


class Command(BaseCommand):
    help = "Forget past days' viewer marks; publish and withdraw the articles whose time has come."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        tasks.forget_viewer_marks.enqueue()
        due = list(Article.objects.filter(status=ArticleStatus.SCHEDULED, publish_at__lte=now)
                   .values_list("pk", flat=True))
        expired = list(Article.objects.filter(status=ArticleStatus.PUBLISHED, expire_at__lte=now)
                       .values_list("pk", flat=True))
        for pk in due:
            tasks.publish_article.enqueue(article_id=pk)
        for pk in expired:
            tasks.expire_article.enqueue(article_id=pk)
        self.stdout.write(f"Queued: viewer marks, {len(due)} publications, {len(expired)} withdrawals.")
