"""Roles and the permissions each one grants. ``docs/security.md`` shows the same table and a
test keeps the two in agreement."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    UNIT_ADMIN = "unit_admin", _("Unit administrator")
    ORGANISATION_STAFF = "organisation_staff", _("Organisation staff")
    INSPECTION_STAFF = "inspection_staff", _("Inspection staff")
    RECEPTION_STAFF = "reception_staff", _("Reception staff")
    PROPAGANDA_STAFF = "propaganda_staff", _("Propaganda staff")
    LEADER = "leader", _("Leader")
    PARTY_MEMBER = "party_member", _("Party member")
    TELLER = "teller", _("Teller")


PERMISSIONS: dict[str, str] = {
    "units.view": "See units of the subtree",
    "units.manage": "Create, rename, move, merge, dissolve and delete units",
    "people.view": "See people, memberships and posts of the subtree",
    "people.manage": "Create and edit people, memberships, posts and follow assignments",
    "people.view_sensitive": "See citizen ID numbers",
    "accounts.view": "See user accounts and role grants of the subtree",
    "accounts.manage": "Create accounts and grant or revoke roles in the subtree",
    "accounts.view_restricted": "See every grant of a restricted permission: who granted it, when and why",
    "audit.view": "Read the audit trail of the subtree",
    "catalogues.view": "Read the catalogues",
    "catalogues.manage": "Edit the catalogues and the working-day calendar",
    "reports.view": "Open dashboards and reports for the subtree",
    "self.view": "See one's own record, memberships and posts",
    "reception.view": "See reception sessions, dialogues and petitions of the subtree (never a denouncer's identity)",
    "reception.handle": "Hold reception sessions and dialogues; receive, route, decide, extend and resolve petitions",
    "reception.view_denouncer": "See the identity of denouncers and their attachments, as the handling office",
    "ballots.view": "See ballot campaigns of the subtree and their results",
    "ballots.manage": "Prepare, open, close, count and publish ballot campaigns; issue and revoke codes",
    "ballots.count": "Enter paper ballot sheets of the campaigns one is assigned to as a teller",
    "study.view": "See the study themes, the units' plans and their progress in the subtree",
    "study.manage": "Enter study themes and guidance documents; write plans, their items and progress reports",
    "study.approve": ("Approve the units' study plans, as a leader; run a party cell's meetings and approve their "
                      "minutes, as its secretary"),
    "study.view_sensitive": "See which of the 27 manifestations cell meetings discussed and their conclusions "
                            "(political views, Nghị định 13/2023) without managing the cell",
    "inspection.view": "See the discipline records (violations, decisions, appeals) of the subtree",
    "inspection.manage": "Record violations, discipline decisions and appeals and their outcomes",
    "portal.write": "Write the portal's articles of the subtree, submit them for review and see their revisions",
    "portal.publish": "Publish, schedule and withdraw the portal's articles of the subtree; moderate readers' feedback",
    "evaluation.view": "See the review periods, the reviews and the classifications of the subtree",
    "evaluation.manage": ("Open review periods; give suggestions, record residents' comments, classify and "
                          "notify the reviews of the subtree"),
    "evaluation.review": ("Hold the collective review at a cell or committee meeting, as its secretary; assess the "
                          "reviews of the units below, as their superior"),
    "evaluation.approve": "Approve the classifications of the periods one's level opened, and resolve appeals",
    "evaluation.view_sensitive": "See which of the 27 manifestations a self-assessment checked without holding "
                                 "the collective review (political views, Nghị định 13/2023)",
    "honours.view": "See the nomination rounds, the nominations, the council's votes and the awards of the subtree",
    "honours.manage": "Open nomination rounds; propose collectives and individuals with their evidence; record "
                      "the council's vote",
    "honours.approve": "Approve or refuse the nominations the council passed, as the competent body",
}

# Permissions a system administrator grants (with a reason, listed in the restricted access report)
# but never holds. Since nobody grants what they do not hold, system administrators are exempt from
# that rule for these permissions only.
RESTRICTED_PERMISSIONS = frozenset({"reception.view_denouncer"})

_STAFF_BASE = {"units.view", "people.view", "catalogues.view", "reports.view", "self.view"}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    # A denouncer's identity is for the office handling the denunciation only (Luật Tố cáo art. 47).
    Role.SYSTEM_ADMIN: frozenset(PERMISSIONS) - RESTRICTED_PERMISSIONS,
    Role.UNIT_ADMIN: frozenset(
        _STAFF_BASE
        | {"units.manage", "people.manage", "people.view_sensitive", "accounts.view", "accounts.manage", "audit.view"}
        # ballots.count lets a unit administrator appoint the commune's tellers (a grant carries
        # only permissions its granter holds); entering sheets still needs a teller assignment.
        | {"ballots.view", "ballots.manage", "ballots.count"}
        | {"reception.view"}
        # study.approve lets a unit administrator appoint the commune's leaders, who approve its
        # study plans (a grant carries only permissions its granter holds).
        | {"study.view", "study.manage", "study.approve", "study.view_sensitive"}
        # The portal's permissions let a unit administrator appoint the commune's propaganda staff.
        | {"portal.write", "portal.publish"}
        # As for study: a unit administrator appoints the commune's leaders and inspection staff.
        | {"evaluation.view", "evaluation.manage", "evaluation.review", "evaluation.approve",
           "evaluation.view_sensitive"}
        # As for study: a unit administrator appoints the commune's leaders, who approve the awards.
        | {"honours.view", "honours.manage", "honours.approve"}
    ),
    Role.ORGANISATION_STAFF: frozenset(
        _STAFF_BASE | {"people.manage", "people.view_sensitive"} | {"ballots.view", "ballots.manage"}
        | {"study.view"} | {"evaluation.view", "evaluation.manage"} | {"honours.view", "honours.manage"}
    ),
    # The inspection board follows the signs of degradation (Nghị quyết 04-NQ/TW) in the cells it oversees.
    # Discipline records are for the inspection roles only (not unit administrators nor leaders:
    # see docs/inspection.md); the member concerned reads their own decisions through self.view.
    Role.INSPECTION_STAFF: frozenset(_STAFF_BASE | {"study.view", "study.view_sensitive"}
                                     | {"inspection.view", "inspection.manage"} | {"evaluation.view_sensitive"}),
    Role.RECEPTION_STAFF: frozenset(
        _STAFF_BASE | {"reception.view", "reception.handle", "reception.view_denouncer"}
    ),
    Role.PROPAGANDA_STAFF: frozenset(_STAFF_BASE | {"study.view", "study.manage"} | {"portal.write", "portal.publish"}
                                     | {"honours.view"}),
    Role.LEADER: frozenset(
        _STAFF_BASE | {"audit.view", "ballots.view", "reception.view"} | {"study.view", "study.approve"}
        | {"evaluation.view", "evaluation.review", "evaluation.approve"} | {"honours.view", "honours.approve"}
    ),
    Role.PARTY_MEMBER: frozenset({"units.view", "self.view", "catalogues.view", "study.view"}),
    Role.TELLER: frozenset({"units.view", "self.view", "ballots.count"}),
}

# Roles whose holders work with other people's data: two-factor is required once enrolled.
STAFF_ROLES = frozenset(ROLE_PERMISSIONS) - {Role.PARTY_MEMBER, Role.TELLER}


def permissions_of(role: str) -> frozenset[str]:
    return ROLE_PERMISSIONS.get(role, frozenset())
