"""Production answers carry HSTS and a Content Security Policy (issue 16, defect 11).

The production configuration is read in a separate process (settings come from the environment
once, at start-up), which then serves the sign-in page over HTTPS through Django's test client.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent(
    """
    import json, django
    django.setup()
    from django.conf import settings
    from django.test import Client
    response = Client().get("/login/", secure=True)
    print(json.dumps({
        "status": response.status_code,
        "headers": dict(response.headers),
        "body": response.content.decode(),
    }))
    """
)


def _serve_login(tmp_path, **env) -> dict:
    (tmp_path / "static").mkdir(exist_ok=True)
    environ = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "aftersales.settings",
        "AFTERSALES_DATA_DIR": str(tmp_path),
        "DEBUG": "false",
        "SECRET_KEY": "test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "testserver",
        **env,
    }
    environ.pop("DATABASE_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=environ,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    return _serve_login(tmp_path_factory.mktemp("prod"))


def test_production_sends_hsts(production):
    assert production["status"] == 200
    assert production["headers"]["Strict-Transport-Security"] == "max-age=31536000"


def test_production_sends_a_content_security_policy(production):
    policy = production["headers"]["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-inline'" not in directives["style-src-elem"]
    assert "http" not in policy  # nothing from another host: every file is vendored


def test_no_inline_script_on_the_page(production):
    body = production["body"]
    assert "<script>" not in body
    for tag in body.split("<script")[1:]:
        assert "src=" in tag.split(">", 1)[0]


def test_settings_are_overridable(tmp_path):
    answer = _serve_login(
        tmp_path,
        SECURE_HSTS_SECONDS="600",
        CSP_REPORT_ONLY="true",
        CSP_EXTRA_SOURCES=json.dumps({"img-src": ["https://files.example.com"]}),
    )
    assert answer["headers"]["Strict-Transport-Security"] == "max-age=600"
    assert "Content-Security-Policy" not in answer["headers"]
    report_only = answer["headers"]["Content-Security-Policy-Report-Only"]
    assert "img-src 'self' data: blob: https://files.example.com" in report_only


def test_csp_can_be_switched_off(tmp_path):
    answer = _serve_login(tmp_path, CSP_ENABLED="false", SECURE_HSTS_SECONDS="0")
    assert "Content-Security-Policy" not in answer["headers"]
    assert "Strict-Transport-Security" not in answer["headers"]


def test_development_sends_no_csp(client, db):
    assert "Content-Security-Policy" not in client.get("/login/").headers
