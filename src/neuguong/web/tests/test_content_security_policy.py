"""A Content-Security-Policy on every response: scripts and styles come only from the
application's own files, so an injected ``<script>``, ``onclick=`` or ``style=`` does nothing.
The templates are checked to need nothing more."""

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from neuguong.web.middleware import ContentSecurityPolicyMiddleware

SRC = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(path for path in SRC.rglob("templates/**/*.html"))


def _directives(header: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def _plain_routes(resolver: URLResolver, prefix: str = "") -> list[str]:
    """Every page URL without a parameter (the API, the admin and the language switch aside)."""
    urls = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if not route.startswith(("api/", "admin/", "i18n/")):
                urls += _plain_routes(pattern, route)
        elif isinstance(pattern, URLPattern) and "<" not in route and "^" not in route:
            urls.append("/" + route)
    return urls


EDITOR_PAGES = {"/portal/articles/new/"}


def assert_strict_policy(response, *, editor: bool = False) -> None:
    """The policy of every page; a page with the rich-text editor also allows the scripts of its
    own nonce and the editor's one style, nothing else."""
    policy = _directives(response["Content-Security-Policy"])
    if editor:
        nonce = re.search(r'<script type="importmap" nonce="([^"]+)"', response.content.decode())
        assert nonce, "the editor's import map carries the page's nonce"
        assert policy["script-src"] == ["'self'", f"'nonce-{nonce.group(1)}'"]
        assert policy["style-src"] == ["'self'", *settings.CONTENT_SECURITY_POLICY_EDITOR_STYLES]
    else:
        assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["default-src"] == ["'self'"] and policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]


@pytest.mark.parametrize("who", ["anonymous", "unit_admin", "system_admin"])
def test_every_page_answers_with_a_policy_without_inline_scripts_or_styles(who, request):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    else:
        request.getfixturevalue("province")
    urls = _plain_routes(get_resolver())
    assert "/" in urls and "/people/" in urls and "/vote/" in urls
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        assert_strict_policy(response, editor=url in EDITOR_PAGES and response.status_code == 200)


def test_the_api_and_error_pages_carry_the_policy_too(admin_client_a):
    for url in ("/api/v1/units", "/api/v1/docs", "/no-such-page/", "/people/999999/"):
        assert_strict_policy(admin_client_a.get(url))


def test_a_response_with_its_own_policy_keeps_it(rf):
    def view(request):
        response = HttpResponse()
        response["Content-Security-Policy"] = "default-src 'none'"
        return response

    response = ContentSecurityPolicyMiddleware(view)(rf.get("/"))
    assert response["Content-Security-Policy"] == "default-src 'none'"


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: str(path.relative_to(SRC)))
def test_templates_hold_no_inline_script_style_or_event_handler(path):
    text = path.read_text()
    assert not re.findall(r"<script\b(?![^>]*\bsrc=)[^>]*>", text), "inline <script>: move it to a static file"
    assert not re.findall(r"\son[a-z]+\s*=", text), "on...= handler: bind it from a static script"
    assert not re.findall(r"\shx-on", text), "hx-on evaluates code: bind it from a static script"
    assert not re.findall(r"<style\b|\sstyle\s*=", text), "inline style: use a class of the static CSS"


def test_htmx_injects_no_style_and_evaluates_nothing():
    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>",
                       (SRC / "web/templates/web/base.html").read_text())
    assert config and json.loads(config.group(1)) == {"includeIndicatorStyles": False, "allowEval": False,
                                                       "allowScriptTags": False}


def test_each_page_with_the_editor_gets_a_nonce_of_its_own(admin_client_a):
    first, second = (admin_client_a.get("/portal/articles/new/") for _ in range(2))
    assert_strict_policy(first, editor=True)
    assert_strict_policy(second, editor=True)
    assert first["Content-Security-Policy"] != second["Content-Security-Policy"]


def test_the_allowed_editor_style_is_the_css_the_installed_editor_inserts():
    """The hash in the settings is that of the base CSS in django-prose-editor's editor.js: after
    an upgrade that changes it, this fails (and the browser would refuse the style)."""
    import django_prose_editor

    script = (Path(django_prose_editor.__file__).parent / "static/django_prose_editor/editor.js").read_text()
    css = re.search(r"`(\.ProseMirror \{\n  position: relative;\n\}[^`]*)`", script)
    assert css, "the editor's base CSS is no longer where it was"
    digest = base64.b64encode(hashlib.sha256(css.group(1).encode()).digest()).decode()
    assert [f"'sha256-{digest}'"] == settings.CONTENT_SECURITY_POLICY_EDITOR_STYLES
