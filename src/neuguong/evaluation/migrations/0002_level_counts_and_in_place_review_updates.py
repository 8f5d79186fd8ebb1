from collections import Counter

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

LEVELLED = ("classified", "approved", "notified", "appealed")
LEVELS = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")


def count_existing_reviews(apps, schema_editor):
    """The counts of the reviews already there, as ``services.counts`` keeps them from now on."""
    Review = apps.get_model("evaluation", "Review")
    LevelCount = apps.get_model("evaluation", "LevelCount")
    counts: Counter = Counter()
    for period_id, unit_id, person_id, status, level in Review.objects.values_list(
            "period_id", "unit_id", "person_id", "status", "level").iterator(chunk_size=5000):
        bucket = level if status in LEVELLED and level in LEVELS else ""
        counts[(period_id, unit_id, person_id is None, bucket)] += 1
    LevelCount.objects.bulk_create([LevelCount(period_id=p, unit_id=u, collective=c, level=b, reviews=n)
                                    for (p, u, c, b), n in counts.items()], batch_size=1000)


def review_pages_keep_room(apps, schema_editor):
    """PostgreSQL: half of each page of the reviews kept free, so that a review's next version fits
    beside it and is written in place (HOT: no index written) — a review is updated at every step.
    Pages written from now on; a ``VACUUM FULL evaluation_review`` repacks the existing ones."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE evaluation_review SET (fillfactor = 50)")


def review_pages_full(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE evaluation_review RESET (fillfactor)")


class Migration(migrations.Migration):

    dependencies = [
        ('evaluation', '0001_periods_templates_reviews'),
        ('orgs', '0003_person_list_covering_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='LevelCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('collective', models.BooleanField(verbose_name='collective')),
                ('level', models.CharField(blank=True, max_length=20, verbose_name='level')),
                ('reviews', models.IntegerField(default=0, verbose_name='reviews')),
            ],
            options={
                'verbose_name': 'count of reviews by level',
                'verbose_name_plural': 'counts of reviews by level',
            },
        ),
        migrations.RemoveIndex(
            model_name='review',
            name='evaluation__period__e54086_idx',
        ),
        migrations.AlterField(
            model_name='review',
            name='period',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='reviews', to='evaluation.period'),
        ),
        migrations.AlterField(
            model_name='review',
            name='person',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.person', verbose_name='person'),
        ),
        migrations.AddIndex(
            model_name='review',
            index=models.Index(fields=['period', 'group_key'], name='evaluation_review_group_idx'),
        ),
        migrations.AddField(
            model_name='levelcount',
            name='period',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='evaluation.period'),
        ),
        migrations.AddField(
            model_name='levelcount',
            name='unit',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.unit'),
        ),
        migrations.AddConstraint(
            model_name='levelcount',
            constraint=models.UniqueConstraint(fields=('period', 'unit', 'collective', 'level'), name='evaluation_one_count_per_unit_and_level'),
        ),
        migrations.RunPython(count_existing_reviews, migrations.RunPython.noop),
        migrations.RunPython(review_pages_keep_room, review_pages_full),
    ]
