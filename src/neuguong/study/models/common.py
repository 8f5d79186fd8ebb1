"""What every table of the study module shares."""

import uuid
from pathlib import PurePosixPath

from django.db import models
from django.utils import timezone


def upload_path(instance: models.Model, filename: str) -> str:
    """A random name under MEDIA_ROOT/study/: the uploaded name is kept only as data."""
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"study/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{suffix}"
