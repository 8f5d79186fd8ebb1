"""Background work of the portal: scheduled publication and expiry. Tasks take ids and call
services; services enqueue them inside their own transaction with ``run_after`` set to the moment,
so the queue's row commits or rolls back with the write it belongs to."""

from django_tasks import task

from neuguong.core.actors import SYSTEM


@task()
def publish_article(article_id: int) -> bool:
    from .services import articles

    return articles.article_publish_due(article_id=article_id, acting_user=SYSTEM) is not None


@task()
def expire_article(article_id: int) -> bool:
    from .services import articles

    return articles.article_expire_due(article_id=article_id, acting_user=SYSTEM) is not None


@task()
def forget_viewer_marks() -> int:
    from .services import reading

    return reading.viewer_marks_forget()
