"""Units, people, memberships, posts, follow assignments and the demo data."""

from django.utils.translation import gettext_lazy as _

from neuguong.audit.registry import register_actions
from neuguong.core.codes import register_errors, register_module

register_module("orgs", _("Units and people"))
register_actions("orgs", {
    "unit.created": _("Unit created"),
    "unit.updated": _("Unit updated"),
    "unit.moved": _("Unit moved"),
    "unit.merged": _("Units merged"),
    "unit.dissolved": _("Unit dissolved"),
    "unit.deleted": _("Unit deleted"),
    "person.created": _("Person added"),
    "person.updated": _("Person updated"),
    "person.deleted": _("Person deleted"),
    "person.citizen_id_viewed": _("Citizen ID number viewed"),
    "membership.created": _("Party membership added"),
    "membership.updated": _("Party membership updated"),
    "membership.ended": _("Party membership ended"),
    "post.created": _("Post created"),
    "post.updated": _("Post updated"),
    "post.deleted": _("Post deleted"),
    "follow.assigned": _("Unit follow assignment made"),
    "follow.ended": _("Unit follow assignment ended"),
    "demo.loaded": _("Demo data loaded"),
})
register_errors("orgs", {
    "already_ended": _("Follow assignment already ended"),
    "citizen_id_lookups_throttled": _("Too many citizen ID lookups"),
    "dissolve_root": _("Top unit cannot be dissolved"),
    "membership_ended": _("Party membership already ended"),
    "merge_into_own_subtree": _("Merge into own sub-unit"),
    "move_into_own_subtree": _("Move into own sub-unit"),
    "move_root": _("Top unit cannot be moved"),
    "person_has_records": _("Person has records"),
    "unit_has_records": _("Unit has records"),
    "unit_inactive": _("Unit no longer active"),
    "unit_not_empty": _("Unit not empty"),
})
