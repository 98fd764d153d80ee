"""Production settings (DEBUG=0): HSTS, the HTTPS redirect (configurable behind a TLS proxy), a
Content-Security-Policy the pages satisfy, and ``manage.py check --deploy`` clean."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {"DEBUG": "0", "ALLOWED_HOSTS": "nec.example.org", "NEC_SKIP_STARTUP_CHECKS": "1"}

# Fetch the sign-in page as a browser would, and report status and headers as JSON.
PROBE = """
import json, django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
from django.conf import settings
settings.ALLOWED_HOSTS = ["nec.example.org"]
client = Client(HTTP_HOST="nec.example.org")
extra = json.loads({extra!r})
response = client.get("/accounts/login/", **extra)
print(json.dumps({{"status": response.status_code, "headers": dict(response.headers)}}))
"""


def run(code: str, tmp_path, **env) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY"}}
    environ.update(PRODUCTION, SECRET_KEY=secrets.token_urlsafe(50), SQLITE_PATH=str(tmp_path / "db.sqlite3"))
    environ.update(DJANGO_SETTINGS_MODULE="config.settings", **env)
    return subprocess.run(code, cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120)


def probe(tmp_path, extra=None, **env) -> dict:
    code = PROBE.format(extra=json.dumps(extra or {}))
    result = run([sys.executable, "-c", code], tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_with_the_production_settings(tmp_path):
    result = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_redirects_http_to_https(tmp_path):
    response = probe(tmp_path)
    assert response["status"] == 301
    assert response["headers"]["Location"] == "https://nec.example.org/accounts/login/"


def test_production_sends_hsts_over_https(tmp_path):
    response = probe(tmp_path, {"secure": True})
    assert response["status"] == 200
    assert response["headers"]["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_behind_a_tls_proxy_its_header_says_the_request_was_https(tmp_path):
    response = probe(tmp_path, {"HTTP_X_FORWARDED_PROTO": "https"}, BEHIND_TLS_PROXY="1")
    assert response["status"] == 200 and "Strict-Transport-Security" in response["headers"]
    assert probe(tmp_path, {"HTTP_X_FORWARDED_PROTO": "https"})["status"] == 301  # not trusted unless told


def test_the_redirect_and_hsts_are_configurable(tmp_path):
    response = probe(tmp_path, HTTPS_REDIRECT="0", HSTS_SECONDS="600", HSTS_INCLUDE_SUBDOMAINS="0", HSTS_PRELOAD="1")
    assert response["status"] == 200
    https = probe(tmp_path, {"secure": True}, HSTS_SECONDS="600", HSTS_INCLUDE_SUBDOMAINS="0", HSTS_PRELOAD="1")
    assert https["headers"]["Strict-Transport-Security"] == "max-age=600; preload"


def test_every_response_carries_the_content_security_policy(client_for, alice):
    for path in ("/", "/api/elections/", "/accounts/login/"):
        policy = client_for(alice).get(path)["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
        assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


TEMPLATES = [p for p in ROOT.glob("**/templates/**/*.html") if ".venv" not in p.parts]


@pytest.mark.parametrize(
    ("what", "pattern"),
    [
        ("an inline script", re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)),
        ("an inline event handler", re.compile(r"<[^>]+\s on[a-z]+\s*=", re.I | re.X)),
        ("a style attribute", re.compile(r"<[^>]+\sstyle\s*=", re.I)),
        ("a style element", re.compile(r"<style[\s>]", re.I)),
        ("a javascript: URL", re.compile(r"javascript:", re.I)),
    ],
)
def test_no_template_has_what_the_policy_forbids(what, pattern):
    assert len(TEMPLATES) > 40
    offenders = [p.relative_to(ROOT).as_posix() for p in TEMPLATES if pattern.search(p.read_text("utf-8"))]
    assert offenders == [], f"{what} in {offenders}"
