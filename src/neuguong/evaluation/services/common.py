"""Pieces every evaluation service uses: refusals, locked scoped reads, clean text."""

from typing import Any

from neuguong.accounts.models import User
from neuguong.core.errors import ServiceError
from neuguong.core.text import normalize_spaces

VIEW, MANAGE, REVIEW, APPROVE = "evaluation.view", "evaluation.manage", "evaluation.review", "evaluation.approve"


def invalid(field: str, message: Any) -> ServiceError:
    return ServiceError("invalid", message, field_errors={field: [str(message)]})


def refused(code: str, field: str, message: Any) -> ServiceError:
    return ServiceError(code, message, field_errors={field: [str(message)]})


def clean_text(value: Any, limit: int) -> str:
    return normalize_spaces(str(value or ""))[:limit]


def clean_long_text(value: Any) -> str:
    return str(value or "").strip()


def actor_of(user: Any) -> User | None:
    return user if isinstance(user, User) else None
