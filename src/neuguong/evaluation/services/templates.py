"""Loading the review templates from ``data/evaluation_rules.yaml``: a template whose criteria differ
from its latest stored version is stored as a new version; an unchanged one is left alone, so a
period keeps the version it was opened with."""

from decimal import Decimal
from typing import Any

from django.db import transaction

from neuguong.audit import services as audit
from neuguong.core.errors import ServiceError

from .. import rules
from ..models import Criterion, CriterionGroup, SubjectGroup, Template

CRITERION_FIELDS = ("code", "group", "text", "text_en", "guidance", "guidance_en", "max_points", "weak_triggers",
                    "source", "status")


def _planned(entry: dict[str, Any]) -> list[dict[str, Any]]:
    items = [*entry.get("criteria", []), *entry.get("tasks", [])]
    scale = rules.data()["scale"]
    planned = []
    for position, item in enumerate(items):
        planned.append({"code": item["code"], "group": item["group"], "text": item["text"],
                        "text_en": item.get("text_en", ""), "guidance": item.get("guidance", ""),
                        "guidance_en": item.get("guidance_en", ""), "max_points": Decimal(str(item["max"])),
                        "weak_triggers": bool(item.get("weak_triggers", True)), "source": item.get("source", ""),
                        "status": item.get("status", "unverified"), "position": position})
    for group, total in ((CriterionGroup.GENERAL, scale["general_points"]), (CriterionGroup.TASKS,
                                                                              scale["task_points"])):
        found = sum((row["max_points"] for row in planned if row["group"] == group), Decimal(0))
        if found != Decimal(total):
            raise ServiceError("invalid", f"template {entry['code']}: {group} criteria add up to {found}, not {total}")
    return planned


def _same(template: Template, planned: list[dict[str, Any]]) -> bool:
    stored = [{name: getattr(criterion, name) for name in (*CRITERION_FIELDS, "position")}
              for criterion in template.criteria.order_by("position")]
    return stored == planned


@transaction.atomic
def templates_load(*, acting_user: Any) -> list[Template]:
    """Store every template of the data file whose criteria changed, as its next version."""
    created = []
    for entry in rules.data()["templates"]:
        if entry["code"] not in SubjectGroup.values:
            raise ServiceError("invalid", f"template {entry['code']}: not a subject group")
        planned = _planned(entry)
        latest = Template.objects.filter(code=entry["code"]).order_by("-version").first()
        if latest is not None and _same(latest, planned):
            continue
        template = Template.objects.create(
            code=entry["code"], version=(latest.version + 1) if latest else 1, subject_group=entry["code"],
            form=str(entry.get("form", "")), name=entry["name"], name_en=entry.get("name_en", ""),
            status=entry.get("status", "unverified"))
        Criterion.objects.bulk_create([Criterion(template=template, **row) for row in planned])
        audit.record(acting_user, "evaluation_template.loaded", template,
                     after={"code": template.code, "version": template.version})
        created.append(template)
    return created


def latest_templates() -> list[Template]:
    """The newest version of each template."""
    latest: dict[str, Template] = {}
    for template in Template.objects.order_by("code", "-version"):
        latest.setdefault(template.code, template)
    return list(latest.values())
