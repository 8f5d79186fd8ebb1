import pytest

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _jobs_run_at_once_into_a_scratch_folder(settings, tmp_path):
    """Jobs run as soon as they are queued, and their files go to a folder of the test's own."""
    settings.TASKS = IMMEDIATE
    settings.MEDIA_ROOT = tmp_path
