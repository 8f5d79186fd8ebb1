"""How many of a period's reviews held at each unit stand at each level: what the unit summary adds up
by subtree, instead of counting every review of a province on each view.

Tables, constraints and indexes only: the counts are kept by ``services.counts`` in the transaction
that creates reviews or changes a review's level.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LevelCount(models.Model):
    """The reviews of ``period`` held at ``unit``, members or collectives, at ``level`` (classified,
    approved, notified or under appeal); ``level`` empty: not yet classified."""

    period = models.ForeignKey("evaluation.Period", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    collective = models.BooleanField(_("collective"))
    level = models.CharField(_("level"), max_length=20, blank=True)
    reviews = models.IntegerField(_("reviews"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "unit", "collective", "level"],
                                               name="evaluation_one_count_per_unit_and_level")]
        verbose_name = _("count of reviews by level")
        verbose_name_plural = _("counts of reviews by level")

    def __str__(self) -> str:
        return f"{self.period_id}/{self.unit_id}/{self.level or '-'}: {self.reviews}"
