"""Every read of the evaluation module, limited to what the user may read. One module per sub-domain;
everything is importable from here."""

from .following import COMMENT_STATES, followed_reviews, follows
from .levels import level_names
from .meetings import MeetingItem, PeriodMeeting, ReviewMeeting, period_meetings, review_meeting
from .periods import Progress, period_get, period_progress, periods_closing, periods_visible_to
from .profile import CadreProfile, ProfileReview, ProfileYear, cadre_profile, decided
from .quota import QuotaGroup, over_quota, quota_group, quota_groups
from .reviews import (
    beside_scores,
    beside_scores_for,
    collective_reviews_to_hold,
    collective_reviews_waiting,
    follower_comments,
    manifestations_visible,
    own_reviews,
    readable,
    reads_beside,
    resident_comments_of,
    review_get,
    reviews_of_period,
    sees_sensitive,
    suggestions_of,
)
from .summary import Summary, SummaryRow, level_summary, summary_reviews, summary_unit

__all__ = [
    "COMMENT_STATES", "followed_reviews", "follower_comments", "follows",
    "MeetingItem", "PeriodMeeting", "ReviewMeeting", "period_meetings", "review_meeting",
    "level_names",
    "Progress", "period_get", "period_progress", "periods_closing", "periods_visible_to",
    "CadreProfile", "ProfileReview", "ProfileYear", "cadre_profile", "decided",
    "QuotaGroup", "over_quota", "quota_group", "quota_groups",
    "beside_scores", "collective_reviews_to_hold", "collective_reviews_waiting", "manifestations_visible",
    "own_reviews", "readable", "reads_beside", "beside_scores_for", "resident_comments_of", "suggestions_of",
    "review_get", "reviews_of_period", "sees_sensitive",
    "Summary", "SummaryRow", "level_summary", "summary_reviews", "summary_unit",
]
