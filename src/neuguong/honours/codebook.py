"""Emulation and commendation: nomination rounds, nominations, the council's vote and awards."""

from django.utils.translation import gettext_lazy as _

from neuguong.audit.registry import register_actions
from neuguong.core.codes import register_errors, register_module

register_module("honours", _("Emulation and commendation"))
register_actions("honours", {
    "honours_round.opened": _("Nomination round opened"),
    "honours_round.closed": _("Nomination round closed"),
    "honours_nomination.proposed": _("Nomination proposed"),
    "honours_nomination.photo_set": _("Nomination photo set"),
    "honours_nomination.voted": _("Council vote recorded"),
    "honours_nomination.approved": _("Award approved"),
    "honours_nomination.refused": _("Nomination refused by the competent body"),
    "honours_evidence.added": _("Nomination evidence added"),
    "honours_evidence.downloaded": _("Nomination evidence downloaded"),
    "honours_award.article_created": _("Portal article drafted from an honour"),
})
register_errors("honours", {
    "nominee_outside_subtree": _("The nominee is outside the unit's subtree"),
    "award_not_for_nominee": _("The title or form does not fit the nominee"),
    "nomination_exists": _("The nominee is already proposed for this title in the round"),
    "award_exists": _("The nomination already has its award"),
    "quorum_not_met": _("The council did not have its quorum"),
    "award_has_article": _("The honour already has its article"),
})
