"""Production settings pass Django's deployment checklist: HSTS on for a year by default, HTTPS
redirect, secure cookies. Settings are read once per process, so each environment gets a fresh
process, which reads every setting its cases ask about."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

MANAGE = Path(__file__).resolve().parents[4] / "manage.py"


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests' conftest when they run in the same session.
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("NEUGUONG_") and key not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update({
        "NEUGUONG_ENV": "production",
        "NEUGUONG_SECRET_KEY": secrets.token_urlsafe(50),
        "NEUGUONG_FIELD_KEY": secrets.token_urlsafe(50),
        "NEUGUONG_AUDIT_KEY": secrets.token_urlsafe(50),
        "NEUGUONG_ALLOWED_HOSTS": "neuguong.example.vn",
        "NEUGUONG_VAR_DIR": str(tmp_path),
        "NEUGUONG_STATIC_ROOT": str(tmp_path / "static"),
        **extra,
    })
    return env


def _manage(tmp_path: Path, *args: str, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(MANAGE), *args], env=_production_env(tmp_path, **extra),  # noqa: S603
                          capture_output=True, text=True, timeout=120, check=False)


def _settings(tmp_path: Path, *names: str, **extra: str) -> dict[str, str]:
    """The printed value of each named setting, read by one fresh production process."""
    code = ("import json; from django.conf import settings; "
            f"print(json.dumps({{name: str(getattr(settings, name)) for name in {names!r}}}))")
    done = _manage(tmp_path, "shell", "--no-imports", "-c", code, **extra)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


DEFAULTS = {
    "SECURE_HSTS_SECONDS": "31536000", "SECURE_HSTS_INCLUDE_SUBDOMAINS": "True", "SECURE_SSL_REDIRECT": "True",
    "SESSION_COOKIE_SECURE": "True", "CSRF_COOKIE_SECURE": "True", "SECURE_REDIRECT_EXEMPT": "['^api/']",
    "SECURE_HSTS_PRELOAD": "False",
}


@pytest.fixture(scope="module")
def production_defaults(tmp_path_factory) -> dict[str, str]:
    """The settings of a production process started with nothing but the required environment."""
    return _settings(tmp_path_factory.mktemp("production"), *DEFAULTS)


def test_the_deployment_checklist_passes_with_production_settings(tmp_path):
    done = _manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stderr + done.stdout


@pytest.mark.parametrize(("name", "expected"), [
    (name, expected) for name, expected in DEFAULTS.items() if name != "SECURE_HSTS_PRELOAD"])
def test_production_defaults_to_https_only(production_defaults, name, expected):
    assert production_defaults[name] == expected


def test_behind_a_proxy_that_redirects_the_redirect_and_hsts_can_be_lowered(tmp_path):
    lowered = _settings(tmp_path, "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
                        NEUGUONG_SSL_REDIRECT="0", NEUGUONG_HSTS_SECONDS="3600")
    assert lowered == {"SECURE_SSL_REDIRECT": "False", "SECURE_HSTS_SECONDS": "3600"}


def test_hsts_preload_is_the_domain_owners_choice(production_defaults, tmp_path):
    assert production_defaults["SECURE_HSTS_PRELOAD"] == "False"
    assert _settings(tmp_path, "SECURE_HSTS_PRELOAD", NEUGUONG_HSTS_PRELOAD="1") == {"SECURE_HSTS_PRELOAD": "True"}


@pytest.mark.django_db
def test_pages_redirect_to_https_but_the_api_answers_without_a_silent_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^api/"]
    page = client.get("/accounts/login/")
    assert page.status_code == 301 and page["Location"].startswith("https://")
    api = client.get("/api/v1/me")
    assert api.status_code == 401 and api["Content-Type"].startswith("application/json")
